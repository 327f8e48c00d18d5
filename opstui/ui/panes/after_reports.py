"""The After pane's report previews: the weekly report, the monthly review and the day's
work log, each drawn as Markdown in the preview screen."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from opstui.ui.panes.base import short_day

if TYPE_CHECKING:
    from opstui.store.repository import Repository
    from opstui.ui.screens.report_preview import PageMaker, ReportPage


def month_label(day: date, offset: int) -> str:
    """``2026-11`` moved by ``offset`` months."""
    index = day.year * 12 + day.month - 1 + offset
    return f"{index // 12}-{index % 12 + 1:02d}"


class AfterReports:
    """Mixed into ``AfterPane`` (which provides ``app``, ``_repo``, ``_day`` and ``_today``)."""

    app: Any

    if TYPE_CHECKING:
        def _repo(self) -> Repository | None: ...
        @property
        def _day(self) -> date: ...
        @property
        def _today(self) -> date: ...

    def _keep_lang(self, repo: Repository, lang: str | None) -> None:
        """Remember the language last chosen in a preview as the report setting."""
        from opstui.actions.settings import set_language

        if lang is not None and lang != repo.settings().lang and not repo.read_only:
            self.app.act(set_language, lang, quiet=True)

    def _preview(self, repo: Repository, make: PageMaker, *, movable: bool = True) -> None:
        from opstui.ui.screens.report_preview import ReportScreen

        screen = ReportScreen(make, repo.settings().lang, movable=movable)
        self.app.push_screen(screen, lambda lang: self._keep_lang(repo, lang))

    # -- reports ---------------------------------------------------------------------------
    def action_weekly_report(self) -> None:
        """Preview the weekly report of the viewed week (``[``/``]`` move, ``l``, ``e``)."""
        from opstui.domain.dates import week_period
        from opstui.domain.report import addressed, weekly_report
        from opstui.domain.report_markdown import weekly_markdown
        from opstui.store.report_data import records_for
        from opstui.ui.screens.report_preview import ReportPage

        repo = self._repo()
        if repo is None:
            return
        first, today = self._day, self._today

        def make(offset: int, lang: str) -> ReportPage:
            week = week_period(first + timedelta(weeks=offset))
            report = addressed(weekly_report(records_for(repo, week.start, week.end, today),
                                             week, today), repo.settings())
            name = "周报" if lang == "zh" else "Weekly report"
            return ReportPage(f"{name} {week.label}",
                              weekly_markdown(report, lang),
                              f"weekly-report-{week.label}-{lang}.md")

        self._preview(repo, make)

    def action_monthly_review(self) -> None:
        """The monthly assessment (月度考核) per team member, for the viewed day's month."""
        from opstui.domain.assessment import assess_month
        from opstui.domain.assessment_markdown import assessment_markdown
        from opstui.domain.dates import parse_period
        from opstui.store.report_data import people_for, records_for
        from opstui.ui.screens.report_preview import ReportPage

        repo = self._repo()
        if repo is None:
            return
        first, today = self._day, self._today
        weights = repo.settings().assessment.assessors.by_assessor()

        def make(offset: int, lang: str) -> ReportPage:
            month = parse_period(month_label(first, offset))
            team = assess_month(records_for(repo, month.start, month.end, today),
                                people_for(repo), month, today, weights)
            name = "月度考核" if lang == "zh" else "Monthly assessment"
            return ReportPage(f"{name} {month.label}",
                              assessment_markdown(team, lang, custom=bool(weights)),
                              f"monthly-review-{month.label}-{lang}.md")

        self._preview(repo, make)

    def action_score_member(self) -> None:
        """Enter a member's scores for the viewed month (``opstui review score`` in a form)."""
        from opstui.domain.models import Task
        from opstui.domain.people import Assessment
        from opstui.ui.screens.score_form import ScoreEntry, score_form

        repo = self._repo()
        if repo is None or repo.read_only:
            return
        members = sorted({t.owner for t in repo.all(Task) if t.owner}
                         | {a.member for a in repo.all(Assessment)})

        def save(entry: ScoreEntry | None) -> None:
            from opstui.actions.reporting import score_member

            if entry is not None:
                self.app.act(score_member, entry.member, entry.period, entry.scores)

        self.app.push_screen(score_form(members, self._day.strftime("%Y-%m")), save)

    def action_highlight(self) -> None:
        """Mark the highlighted finished task (else the day's work log) for 本周亮点."""
        from opstui.actions.reporting import mark_highlight
        from opstui.domain.models import LogEntry
        from opstui.ui.widgets.task_table import TaskTable

        repo, table = self._repo(), self.app.screen.query_one("#done-table", TaskTable)
        if repo is None or repo.read_only:
            return
        task = table.highlighted_task
        if task is not None:
            self.app.act(mark_highlight, task.id, on=not task.highlight)
            return
        log = next((e for e in repo.all(LogEntry) if e.day == self._day), None)
        self.app.act(mark_highlight, day=self._day, on=not (log is not None and log.highlight))

    def action_new_finding(self) -> None:
        """Note a finding of the ongoing work (竞品, 用户调研, 团队建设, 流程优化)."""
        from opstui.ui.screens.people_forms import finding_form

        repo = self._repo()
        if repo is None or repo.read_only:
            return

        def save(values: dict[str, Any] | None) -> None:
            from opstui.actions.reporting import add_finding

            if values is not None:
                self.app.act(add_finding, values["stream"], values["text"],
                             tags=values["tags"], day=self._day)

        self.app.push_screen(finding_form(self._day), save)

    def action_day_report(self) -> None:
        """Preview the viewed day's work log and what it recorded, as Markdown."""
        from opstui.domain.report_markdown import day_markdown
        from opstui.domain.worklog import day_report
        from opstui.store.report_data import ALERT_DAYS, records_for
        from opstui.ui.screens.report_preview import ReportPage

        repo = self._repo()
        if repo is None:
            return
        first, today = self._day, self._today

        def make(offset: int, lang: str) -> ReportPage:
            day = first + timedelta(days=offset)
            records = records_for(repo, day, day, today, reading_days=ALERT_DAYS)
            text = day_markdown(day_report(records, day), lang, repo.settings().report)
            name = "工作日志" if lang == "zh" else "Work log"
            return ReportPage(f"{name} {short_day(day)}", text, f"work-log-{day}-{lang}.md")

        self._preview(repo, make)
