"""``opstui review``: review checks (审核: ``add``, ``list``) and the manager's scores of the
monthly assessment (考核: ``score``, handled in ``commands.people``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from opstui.commands import CommandError, open_repository, parse_day, run_action, subcommand_adder

WORDS = ("review",)


def register(command: Callable[..., argparse.ArgumentParser]) -> None:
    """Add ``opstui review`` and its subcommands."""
    review = command("review", "opstui.commands.reviews:no_subcommand",
                     "Check deliverables against a checklist before release (审核: add, "
                     "list); score team members for the monthly assessment (考核: score).")
    sub = review.add_subparsers(dest="review_command", metavar="SUBCOMMAND",
                                parser_class=type(review))
    subcommand = subcommand_adder(sub, "opstui.commands.reviews")

    add = subcommand("add", "add", "Record a review check; prints its short id.")
    add.add_argument("deliverable", nargs="+", metavar="DELIVERABLE", help="what was checked")
    add.add_argument("--kind", default="copy", help="copy, campaign plan, design… (default copy)")
    add.add_argument("--task", metavar="ID", help="the task that produced it")
    add.add_argument("--reviewer", metavar="NAME", help="who checked it")
    add.add_argument("-d", "--date", metavar="DATE", help="the day of the check (default today)")
    add.add_argument("--pass", dest="passed", action="append", default=[], metavar="ITEM",
                     help="a checklist item that passed (repeat); default checklist: accurate, "
                     "compliant, on brand, serves the goal")
    add.add_argument("--fail", dest="failed", action="append", default=[], metavar="ITEM",
                     help="a checklist item that failed (repeat)")
    add.add_argument("--outcome", choices=("pending", "approved", "rejected"),
                     default="pending", help="the verdict (rejected needs --reason)")
    add.add_argument("--reason", default="", help="why it was rejected")

    listing = subcommand("list", "list_reviews", "Review checks, newest first.")
    listing.add_argument("--json", action="store_true", help="print full records as JSON")

    score = subcommand("score", "score", "Enter a member's assessment scores and comment "
                       "for a month (月度考核), or a year's comment; scores not given are kept.")
    score.set_defaults(handler="opstui.commands.people:score")
    score.add_argument("member", metavar="MEMBER")
    score.add_argument("--month", metavar="MONTH",
                       help="2026-11 (default this month), or a year like 2026")
    score.add_argument("--ability", type=float, metavar="1-5", help="工作能力, 1 to 5")
    score.add_argument("--attitude", type=float, metavar="1-5", help="工作态度, 1 to 5")
    score.add_argument("--peer", type=float, metavar="0-100", help="同事评价, 0 to 100")
    score.add_argument("--self", dest="self_score", type=float, metavar="0-100",
                       help="自我评价, 0 to 100")
    score.add_argument("--comment", metavar="TEXT", help="the manager's comment (评语)")


def no_subcommand(args: argparse.Namespace) -> int:
    """``opstui review`` alone: say what to type."""
    raise CommandError("say what to do: opstui review add|list|score (see --help)")


def add(args: argparse.Namespace) -> int:
    """``opstui review add``."""
    from opstui.actions.tracking import save_review
    from opstui.domain.models import DEFAULT_CHECKLIST, CheckItem, ReviewCheck, Task

    labels = list(dict.fromkeys([*DEFAULT_CHECKLIST, *args.passed, *args.failed]))
    both = set(args.passed) & set(args.failed)
    if both:
        raise CommandError(f"--pass and --fail both name: {', '.join(sorted(both))}")
    items = [CheckItem(label=label, passed=True if label in args.passed
                       else False if label in args.failed else None) for label in labels]
    task_id = None
    if args.task:
        task_id = open_repository(args, read_only=True).resolve(Task, args.task).id
    review = ReviewCheck(day=parse_day("--date", args.date), deliverable=" ".join(args.deliverable),
                         kind=args.kind, task_id=task_id, reviewer=args.reviewer, items=items,
                         outcome=args.outcome, reason=args.reason)
    saved = run_action(save_review, args, review).record
    print(f"{saved.short_id}  {saved.outcome.value}  {saved.deliverable}")
    return 0


def list_reviews(args: argparse.Namespace) -> int:
    """``opstui review list``."""
    from opstui.domain.models import ReviewCheck

    reviews = sorted(open_repository(args, read_only=True).all(ReviewCheck),
                     key=lambda r: (r.day, r.created_at), reverse=True)
    if args.json:
        import orjson

        payload = [r.model_dump(mode="json") for r in reviews]
        sys.stdout.write(orjson.dumps(payload, option=orjson.OPT_INDENT_2).decode() + "\n")
        return 0
    if not reviews:
        print("no review checks")
        return 0
    from opstui.commands.table import render

    rows = [(r.short_id, r.day.isoformat(), r.outcome.value,
             f"{sum(i.passed is True for i in r.items)}/{len(r.items)}", r.deliverable)
            for r in reviews]
    print("\n".join(render(("ID", "DAY", "OUTCOME", "PASSED", "DELIVERABLE"), rows)))
    return 0
