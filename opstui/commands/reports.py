"""Report subcommands: ``report day``, ``week``, ``month`` and ``year``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from opstui.commands import CommandError, open_repository, parse_day, today


def register(command: Any) -> None:
    """Add ``opstui report day|week|month``."""
    report = command("report", "opstui.commands.reports:missing",
                     "Write the work log of a day, the weekly report (周报) or the monthly "
                     "review as Markdown (or JSON).")
    sub = report.add_subparsers(dest="report", metavar="KIND", parser_class=type(report))
    lang_help = "headings in English or Chinese (default: the data file's setting)"

    def common(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--out", metavar="FILE", help="write to FILE instead of stdout")
        parser.add_argument("-f", "--force", action="store_true",
                            help="let --out replace an existing file")
        parser.add_argument("--lang", choices=("en", "zh"), help=lang_help)
        parser.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                            help="the data file")

    day = sub.add_parser("day", help="the work log of a day (工作日志) and what it recorded",
                         description="The work log of a day and what was recorded that day.")
    day.set_defaults(handler="opstui.commands.reports:day")
    day.add_argument("--date", metavar="DATE", help="the day (default today): yesterday, "
                                                    "fri, 2026-11-20…")
    common(day)
    week = sub.add_parser("week", help="the weekly report (周报) of an ISO week",
                          description="The weekly report (周报) of an ISO week, Monday to "
                                      "Sunday.")
    week.set_defaults(handler="opstui.commands.reports:week")
    when = week.add_mutually_exclusive_group()
    when.add_argument("--week", metavar="WEEK",
                      help="last, this or a week like 2026-W47 (default: last week on a "
                           "Monday before noon, else this week)")
    when.add_argument("--date", metavar="DATE", help="any day of the week")
    week.add_argument("--format", choices=("md", "text", "html"), default="md",
                      help="md (Markdown, default), text (plain, for IM) or html (one "
                           "self-contained page for email)")
    week.add_argument("--brief", action="store_true",
                      help="the one-screen version: summary, highlights, risks, next week")
    common(week)
    month = sub.add_parser("month", help="the monthly assessment (月度考核) per team member",
                           description="The monthly assessment per team member: 完成率, 及时率, "
                                       "质量, 效率, the four weighted assessors, total, grade "
                                       "and comment; then tasks done, overdue, rolled over "
                                       "and goals owned.")
    month.set_defaults(handler="opstui.commands.reports:month")
    month.add_argument("--month", metavar="MONTH", help="e.g. 2026-11 (default this month)")
    month.add_argument("--json", action="store_true", help="print the review as JSON")
    common(month)
    year = sub.add_parser("year", help="the annual assessment (年度考核) per team member",
                          description="The annual assessment per team member, built from the "
                                      "twelve monthly results.")
    year.set_defaults(handler="opstui.commands.reports:year")
    year.add_argument("--year", metavar="YEAR", help="e.g. 2026 (default this year)")
    year.add_argument("--json", action="store_true", help="print the assessment as JSON")
    common(year)


def missing(args: argparse.Namespace) -> int:
    """``opstui report`` without a kind."""
    raise CommandError("say which report: opstui report day, week, month or year")


def emit(text: str, args: argparse.Namespace) -> int:
    """Print ``text``, or write it to ``--out`` (never over an existing file without
    ``--force``)."""
    from opstui.commands.transfer import write_new_file
    from opstui.domain.text import strip_controls
    from opstui.paths import user_path

    text = strip_controls(text)  # user text may hold escape sequences
    if not args.out:
        sys.stdout.write(text)
        return 0
    target = user_path(args.out)
    write_new_file(target, text.encode("utf-8"), force=args.force)  # atomic, 0600, no links
    print(f"wrote {target}", file=sys.stderr)
    return 0


def _lang(args: argparse.Namespace, repo: Any) -> str:
    return str(args.lang or repo.settings().lang)


def day(args: argparse.Namespace) -> int:
    """``opstui report day``: the day's work log and what was recorded that day."""
    on = parse_day("--date", args.date)
    from opstui.domain.report_markdown import day_markdown
    from opstui.domain.worklog import day_report
    from opstui.store.report_data import ALERT_DAYS, records_for

    repo = open_repository(args, read_only=True)
    records = records_for(repo, on, on, today(), reading_days=ALERT_DAYS)
    return emit(day_markdown(day_report(records, on), _lang(args, repo),
                             repo.settings().report), args)


def week(args: argparse.Namespace) -> int:
    """``opstui report week``: the weekly report (周报) as Markdown, text or HTML."""
    from opstui.commands import clock
    from opstui.domain.dates import DateParseError
    from opstui.domain.report import addressed, default_week, week_of, weekly_report
    from opstui.domain.report_formats import render
    from opstui.domain.report_week import weekly_brief, weekly_markdown
    from opstui.store.report_data import records_for

    moment = clock().now
    which = ""
    if args.date is not None:
        period = week_of(None, parse_day("--date", args.date))
    elif args.week is None:
        period, which = default_week(moment)
    else:
        try:
            period = week_of(args.week, moment.date())
        except DateParseError as exc:
            raise CommandError(f"--week: {exc}") from None
        word = args.week.strip().lower()
        which = word if word in ("last", "this") else ""
    repo = open_repository(args, read_only=True)
    now = moment.date()
    report = weekly_report(records_for(repo, period.start, period.end, now), period, now)
    addressed(report, repo.settings(), which)
    lang = _lang(args, repo)
    text = (weekly_brief if args.brief else weekly_markdown)(report, lang)
    return emit(render(text, args.format, lang), args)


def _period(text: str, option: str, *, parts: int) -> Any:
    """The month (``parts=1``: 2026-11) or year (``parts=0``: 2026) named by ``text``."""
    from opstui.domain.dates import DateParseError, parse_period

    try:
        period = parse_period(text)
    except DateParseError as exc:
        raise CommandError(f"{option}: {exc}") from None
    if period.label.count("-") != parts or "-Q" in period.label or "-W" in period.label:
        kind = "a month" if parts else "a year"
        example = "2026-11" if parts else "2026"
        raise CommandError(f"{option}: not {kind}: {text!r} (try {example})")
    return period


def month(args: argparse.Namespace) -> int:
    """``opstui report month``: the monthly assessment (月度考核) per team member."""
    import json

    from opstui.domain.assessment import assess_month
    from opstui.domain.assessment_markdown import assessment_json, assessment_markdown
    from opstui.domain.monthly import review_json
    from opstui.store.report_data import people_for, records_for

    now = today()
    period = _period(args.month or now.strftime("%Y-%m"), "--month", parts=1)
    repo = open_repository(args, read_only=True)
    found = records_for(repo, period.start, period.end, now)
    weights = repo.settings().assessment.assessors.by_assessor()
    team = assess_month(found, people_for(repo), period, now, weights)
    if args.json:
        assert team.review is not None
        payload = json.loads(review_json(team.review))
        payload["assessment"] = json.loads(assessment_json(team))
        return emit(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", args)
    return emit(assessment_markdown(team, _lang(args, repo), custom=bool(weights)), args)


def year(args: argparse.Namespace) -> int:
    """``opstui report year``: the annual assessment (年度考核) from the monthly results."""
    from opstui.domain.assessment import assess_year
    from opstui.domain.assessment_markdown import assessment_json, assessment_markdown
    from opstui.store.report_data import people_for, records_for

    now = today()
    period = _period(args.year or str(now.year), "--year", parts=0)
    repo = open_repository(args, read_only=True)
    found = records_for(repo, period.start, period.end, now)
    weights = repo.settings().assessment.assessors.by_assessor()
    team = assess_year(found, people_for(repo), period.start.year, now, weights)
    if args.json:
        return emit(assessment_json(team), args)
    return emit(assessment_markdown(team, _lang(args, repo), custom=bool(weights)), args)
