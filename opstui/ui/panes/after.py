"""After 事后: the day's work log and shutdown, the weekly report, the monthly review, retros."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from opstui.ui.panes.after_reports import AfterReports
from opstui.ui.panes.base import PhasePane, count_of, section_title, short_day
from opstui.ui.widgets.scrolling import QuietOptionList
from opstui.ui.widgets.task_table import TaskTable

if TYPE_CHECKING:
    from opstui.domain.models import LogEntry, Retrospective, Task
    from opstui.store.repository import Repository
    from opstui.ui.screens.report_preview import ReportPage
    from opstui.ui.screens.retro_form import ActionsFor, NewRetro
    from opstui.ui.screens.worklog_form import Shutdown

NO_LOG = "No work log for this day yet."
LOG_HINT = "w: shut down the day (write the work log)  ·  r: weekly report  ·  m: monthly review"


def work_log_text(entry: LogEntry | None) -> Text:
    """The work log as plain text with headings (user text never read as markup)."""
    if entry is None:
        text = Text(NO_LOG, style="italic")
        text.append(f"\n{LOG_HINT}", style="dim")
        return text
    text = Text()
    sections = (
        ("Summary 总结", entry.summary),
        ("Highlights 亮点", entry.highlights),
        ("Problems 问题", entry.problems),
        ("Solutions 解决", entry.solutions),
        ("Tomorrow 明日重点", "\n".join(f"{i}. {item}" for i, item in
                                         enumerate(entry.tomorrow, start=1))),
    )
    for heading, body in sections:
        if body.strip():
            if text:
                text.append("\n\n")
            text.append(heading, style="bold")
            text.append("\n" + body.strip())
    return text if text else Text("The work log of this day is empty.", style="italic")


class AfterPane(AfterReports, PhasePane):
    """Tasks finished on the viewed day, its work log (工作日志), and the retrospectives."""

    DEFAULT_CSS = """
    AfterPane #retro-list { height: auto; max-height: 30%; min-height: 3; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("w", "shutdown", "Shutdown", tooltip="Shut down the day: write the work log, "
                "roll or unplan unfinished tasks", id="after.shutdown"),
        Binding("r", "weekly_report", "Weekly report", tooltip="Preview the weekly report "
                "(周报) of the viewed week; export it", id="after.weekly"),
        Binding("m", "monthly_review", "Monthly", tooltip="The monthly assessment (月度考核) "
                "per team member", id="after.monthly"),
        Binding("M", "score_member", "Score", tooltip="Enter a member's scores for the "
                "month (月度考核)", id="after.score"),
        Binding("h", "highlight", "Highlight", tooltip="Mark the finished task (else the "
                "day's work log) as a highlight of the 周报", id="after.highlight"),
        Binding("f", "new_finding", "Finding", tooltip="Note a finding: competitors, user "
                "research, team, process (持续性工作)", id="after.finding"),
        Binding("n", "new_retro", "New retro", tooltip="Start a retrospective (复盘): GRAI, "
                "KPT or Start/Stop/Continue", id="after.retro_new"),
        Binding("d", "day_report", "Day report", tooltip="Preview the viewed day's work log "
                "as Markdown", id="after.day_report"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        """Create the pane (filled by ``load``)."""
        super().__init__(id=id)
        self._retros: list[Retrospective] = []

    def compose(self) -> ComposeResult:
        """Finished tasks, the work log, and the retrospectives."""
        yield Static(section_title("Finished 已完成"), id="done-title", name="Finished 已完成",
                     classes="section-title")
        yield TaskTable(id="done-table", empty_text="Loading…")
        yield Static(section_title("Work log 工作日志"), id="log-title", name="Work log 工作日志",
                     classes="section-title")
        with VerticalScroll(id="log-scroll"):
            yield Static(id="work-log")
        yield Static(section_title("Retrospectives 复盘"), id="retro-title",
                     name="Retrospectives 复盘", classes="section-title")
        yield QuietOptionList(id="retro-list")

    # -- filling ---------------------------------------------------------------------------
    def load(self, repo: Repository, day: date, today: date) -> None:
        """Show the tasks finished on ``day`` (archived ones too), its log and the retros."""
        from opstui.domain import views
        from opstui.domain.models import LogEntry, Retrospective, SourceKind, Task

        tasks: list[Task] = repo.tasks()
        if (today - day).days > repo.settings().archive_after_days:
            tasks = tasks + repo.archived(Task, years=[day.year])
        done = views.finished_on(tasks, day)
        self.query_one("#done-title", Static).update(section_title(
            "Finished 已完成", f"{short_day(day)} · {count_of(len(done), 'task')}"))
        table = self.query_one("#done-table", TaskTable)
        table.empty_text = "No tasks finished on this day"
        table.set_tasks(done, today=today)
        entry = views.log_for(repo.all(LogEntry), day)
        self.query_one("#log-title", Static).update(section_title(
            "Work log 工作日志", short_day(day) if entry
            else f"{short_day(day)} · not written (w to write)"))
        self.query_one("#work-log", Static).update(work_log_text(entry))
        open_actions: dict[str, int] = {}
        for task in repo.tasks():
            if task.is_open and task.source.kind is SourceKind.RETRO and task.source.ref:
                open_actions[task.source.ref] = open_actions.get(task.source.ref, 0) + 1
        self._retros = sorted(repo.all(Retrospective), key=lambda r: (r.day, r.created_at),
                              reverse=True)
        self._show_retros(open_actions)

    def _show_retros(self, open_actions: dict[str, int]) -> None:
        from opstui.domain.retro import FORMAT_NAMES

        listing = self.query_one("#retro-list", OptionList)
        highlighted = listing.highlighted
        listing.clear_options()
        for retro in self._retros:
            line = Text(f"{retro.day:%Y-%m-%d}  ", style="dim", no_wrap=True,
                        overflow="ellipsis")
            line.append(f"{FORMAT_NAMES[retro.format]:<4} ", style="bold")
            line.append(retro.title)
            line.append(f"  {retro.project}", style="dim")
            waiting = open_actions.get(retro.id, 0)
            if waiting:
                line.append(f"  {waiting} open action{'s' * (waiting != 1)}", style="yellow")
            listing.add_option(Option(line, id=retro.id))
        if self._retros:
            listing.highlighted = min(highlighted or 0, len(self._retros) - 1)
        else:
            listing.add_option(Option(Text("No retrospectives yet: press n to start one (复盘)",
                                           style="italic dim"), disabled=True))
        self.query_one("#retro-title", Static).update(section_title(
            "Retrospectives 复盘", f"{count_of(len(self._retros), 'retro')} · enter to open, "
            "n for a new one"))

    def show_unavailable(self, day: date, reason: str) -> None:
        """Empty the lists and the log."""
        super().show_unavailable(day, reason)
        self.query_one("#work-log", Static).update("")
        self.query_one("#retro-list", OptionList).clear_options()

    # -- helpers ---------------------------------------------------------------------------
    def _repo(self) -> Repository | None:
        repo = getattr(self.app, "repo", None)
        if repo is None:
            self.notify("No data file is open.", severity="error")
        return repo

    @property
    def _day(self) -> date:
        return self.app.day  # type: ignore[attr-defined,no-any-return]

    @property
    def _today(self) -> date:
        return self.app.today  # type: ignore[attr-defined,no-any-return]

    def _writable(self, repo: Repository) -> bool:
        if repo.read_only:
            self.notify("The data file is open read-only; nothing can be saved.",
                        severity="error")
            return False
        return True

    # -- the shutdown ----------------------------------------------------------------------
    def action_shutdown(self) -> None:
        """Open the shutdown: the drafted work log and the unfinished planned tasks."""
        from opstui.domain.worklog import day_report, draft_log
        from opstui.store.report_data import ALERT_DAYS, records_for
        from opstui.ui.screens.worklog_form import WorklogScreen

        repo = self._repo()
        if repo is None or not self._writable(repo):
            return
        day = self._day
        records = records_for(repo, day, day, self._today, reading_days=ALERT_DAYS)
        report = day_report(records, day)
        earlier = {t.id: (s.action, s.reason) for t in records.tasks for s in t.slips
                   if s.day == day}
        draft = draft_log(report, repo.settings().lang)
        title = f"Shutdown 收工 · {short_day(day)}"
        self.app.push_screen(WorklogScreen(report, draft, title, earlier),
                             lambda result: self._shut_down(day, result))

    def _shut_down(self, day: date, result: Shutdown | None) -> None:
        from opstui.actions.worklog import shut_down

        if result is not None:
            self.app.act(shut_down, day, result.draft, result.carries)

    # -- retrospectives ----------------------------------------------------------------------
    def _actions_for(self, repo: Repository) -> ActionsFor:
        """A function giving a retro's actions, archived ones included (read when needed)."""
        from opstui.domain.models import Task
        from opstui.domain.retro import actions_of

        cache: dict[str, list[Task]] = {}

        def actions(retro: Retrospective) -> list[Task]:
            found = cache.get(retro.id)
            if found is None:
                tasks = repo.tasks()
                # An action finished more than archive_after_days ago is in the archive.
                if (self._today - retro.day).days > repo.settings().archive_after_days:
                    years = range(retro.day.year, self._today.year + 1)
                    tasks = tasks + repo.archived(Task, years=years)
                found = cache[retro.id] = actions_of(retro, tasks)
            return found

        return actions

    def action_new_retro(self) -> None:
        """Start a retrospective held on the viewed day."""
        from opstui.domain.models import Goal, Metric, Reading, Retrospective
        from opstui.ui.screens.retro_form import RetroContext, RetroForm

        repo = self._repo()
        if repo is None or not self._writable(repo):
            return
        context = RetroContext(goals=repo.all(Goal), metrics=repo.all(Metric),
                               readings=repo.all(Reading), tasks=repo.tasks(),
                               retros=repo.all(Retrospective),
                               actions_for=self._actions_for(repo))
        self.app.push_screen(RetroForm(context, self._day, repo.settings().lang),
                             self._save_retro)

    def _save_retro(self, result: NewRetro | None) -> None:
        from opstui.actions.retros import add_retro

        if result is not None:
            fields = result.retro.model_dump(exclude={"id", "created_at", "updated_at"})
            self.app.act(add_retro, fields, result.actions)

    @on(OptionList.OptionSelected, "#retro-list")
    def _retro_chosen(self, event: OptionList.OptionSelected) -> None:
        self.show_retro(event.option_id or "")

    def show_retro(self, retro_id: str) -> None:
        """Open one retro as Markdown, with the previous retro's actions and if they are done."""
        from opstui.domain.models import Retrospective
        from opstui.domain.retro import previous_retro, retro_markdown
        from opstui.ui.screens.report_preview import ReportPage

        repo = self._repo()
        if repo is None:
            return
        found = repo.get(Retrospective, retro_id)
        if found is None:
            return
        retro = found
        actions = self._actions_for(repo)
        previous = previous_retro(repo.all(Retrospective), retro.project, retro.day,
                                  exclude=retro.id)

        def make(offset: int, lang: str) -> ReportPage:
            text = retro_markdown(retro, actions(retro), previous,
                                  actions(previous) if previous else (), lang=lang)
            return ReportPage(f"{retro.title}", text, f"retro-{retro.short_id}-{lang}.md")

        self._preview(repo, make, movable=False)

