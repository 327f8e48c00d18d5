"""OpsApp: the three phase panes of the day, the keys to move around, and the repository."""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable, Iterable
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.widgets import Static

from opstui.ui.acting import Acting
from opstui.ui.app_data import PANES, DataLifecycle
from opstui.ui.commands import OpsCommands
from opstui.ui.focus import focus_at_once
from opstui.ui.keymap import SettingsHook, keymap_in_use, remap
from opstui.ui.opening_picture import OpeningPictureScreen
from opstui.ui.screens.form_shelf import FormShelf
from opstui.ui.syncing import Syncing
from opstui.ui.widgets.day_bar import DayBar
from opstui.ui.widgets.key_bar import KeyBar
from opstui.ui.widgets.pane_stack import PaneStack
from opstui.ui.widgets.phase_tabs import PhaseTabs

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.screen import Screen

    from opstui.settings_file import Loaded
    from opstui.store.repository import Repository
    from opstui.ui.panes.base import PhasePane
    from opstui.ui.picture_shelf import Picture, PictureShelf

PANE_LABELS = {"before": "Before 事前", "during": "During 事中", "after": "After 事后"}
PANE_KEYS = Binding.Group("Pane")
DAY_KEYS = Binding.Group("Day")


def _bindings_of(node: DOMNode) -> list[Binding]:
    """The ``Binding`` objects declared in ``node``'s class BINDINGS (not inherited ones)."""
    return _class_bindings(type(node))


def _class_bindings(cls: type[DOMNode]) -> list[Binding]:
    return [b for b in cls.BINDINGS if isinstance(b, Binding)]


def pane_class(name: str) -> type[PhasePane]:
    """The pane class of phase ``name`` (``before`` -> ``BeforePane``), imported on first use."""
    module = importlib.import_module(f"opstui.ui.panes.{name}")
    return getattr(module, f"{name.capitalize()}Pane")  # type: ignore[no-any-return]


class OpsApp(Acting, Syncing, DataLifecycle, App[None]):
    """The operations manager's day: Before 事前, During 事中 and After 事后."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    AUTO_FOCUS = None
    """Nothing is focused for the first frame (focus re-renders the footer); the first list
    gets focus once the data is loaded."""
    TITLE = "opstui"
    COMMANDS: ClassVar = App.COMMANDS | {OpsCommands}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "show_pane('before')", "Before", tooltip="Show the Before 事前 pane",
                group=PANE_KEYS, id="pane.before"),
        Binding("2", "show_pane('during')", "During", tooltip="Show the During 事中 pane",
                group=PANE_KEYS, id="pane.during"),
        Binding("3", "show_pane('after')", "After", tooltip="Show the After 事后 pane",
                group=PANE_KEYS, id="pane.after"),
        Binding("left_square_bracket", "previous_day", "Prev day", key_display="[",
                tooltip="View the previous day", group=DAY_KEYS, id="day.previous"),
        Binding("right_square_bracket", "next_day", "Next day", key_display="]",
                tooltip="View the next day", group=DAY_KEYS, id="day.next"),
        Binding("t", "today", "Today", tooltip="View today", id="day.today"),
        Binding("u", "undo", "Undo", tooltip="Take back the last change (also from the CLI)",
                id="app.undo"),
        Binding("ctrl+r", "redo", "Redo", tooltip="Take back the last undo", id="app.redo"),
        Binding("ctrl+y", "sync", "Sync", tooltip="Sync with the team (git: commit, fetch, "
                "merge by field, push)", id="app.sync"),
        Binding("question_mark", "help", "Help", key_display="?",
                tooltip="Show every key (help)", id="app.help"),
        Binding("ctrl+q", "quit", "Quit", tooltip="Quit opstui", priority=True,
                id="app.quit"),
        Binding("ctrl+t", "change_theme", "Theme", show=False,
                tooltip="Choose the colour theme (remembered in the settings)", id="app.theme"),
    ]

    day: reactive[date] = reactive(date(2000, 1, 1), init=False)
    """The day being viewed."""

    def __init__(
        self, data_file: Path, *, today: date | None = None, title_suffix: str = "",
        settings: Loaded | Callable[[], Loaded] | None = None,
        pictures: PictureShelf | None = None,
    ) -> None:
        """Create the app; the data file is opened after the first frame is drawn.

        Args:
            data_file: The opstui data file (created on the first save if missing).
            today: Pin "today" (tests, demos); by default the real date, read when needed.
            title_suffix: Shown after the app name (for instance `` (demo)``).
            settings: The settings file as read at the edge (keys, theme, preferences), or
                what reads it (called after the first frame when an opening picture is
                shown); None uses the defaults and writes nothing back.
            pictures: The opening pictures of this data file (see ``opening_picture``):
                one of today still true is the first frame. None: no picture.
        """
        super().__init__()
        self._pinned_today = today
        self.pictures = pictures
        self.picture: Picture | None = pictures.find(self.today) if pictures else None
        """The opening picture shown until the data is on screen (None: none)."""
        self._held_keys: list[events.Key] = []
        self.settings_hook = SettingsHook(self, settings, later=self.picture is not None)
        if self.picture is not None and self.picture.theme in self.available_themes:
            self.theme = self.picture.theme
        self.data_file = Path(data_file)
        self.title_suffix = title_suffix
        self.title = f"{self.TITLE}{title_suffix}"
        self.repo: Repository | None = None
        """The open repository; None until loaded, or when the file could not be read."""
        self.problem = ""
        """Why the data is read-only or missing ("" when all is well)."""
        self.loaded = False
        """True once the data file has been opened (or failed to open)."""
        self._stale: set[str] = set(PANES)
        self._forms = FormShelf(self)
        self._unfrozen: set[str] = set(PANES)
        self._bad_stamp: object = None
        self.set_reactive(OpsApp.day, self.today)

    @property
    def today(self) -> date:
        """Today: the pinned date, or the real one."""
        return self._pinned_today or date.today()

    # -- layout --------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        """Day bar, problem banner, the three panes in tabs, footer."""
        bar = DayBar(self.title, id="day-bar")
        bar.day, bar.today, bar.data_file = self.day, self.today, str(self.data_file)
        bar.lang = (self.picture.date_lang if self.picture is not None
                    else self.settings_hook.settings.date_lang)
        yield bar
        yield Static(id="banner")
        yield PhaseTabs([(name, str(n), PANE_LABELS[name]) for n, name in enumerate(PANES, 1)],
                        active="before", id="phase-tabs")
        with PaneStack(initial="opening", id="phases"):
            # The panes are built when first shown; the first frame only says what opens.
            yield Static(f"Opening {self.data_file}…", id="opening", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        """Open the data once the first frame is on screen (the opening picture, if any)."""
        if self.picture is not None and tuple(self.size) == self.picture.size:
            self.push_screen(OpeningPictureScreen(self.picture))
        else:
            self.picture = None
            self.settings_hook.mounted()
        self.call_after_refresh(self._start_loading)

    async def on_event(self, event: events.Event) -> None:
        """Hold the keys pressed while the opening picture is shown (quit works at once)."""
        if (self.picture is not None and isinstance(event, events.Key)
                and not event.is_forwarded and not self._quits(event.key)):
            self._held_keys.append(events.Key(event.key, event.character))
            return
        await super().on_event(event)

    def _quits(self, key: str) -> bool:
        active = self.screen.active_bindings.get(key)
        return active is not None and active.binding.action == "quit"

    def drop_picture(self) -> None:
        """Take the opening picture away and give the app the keys held meanwhile."""
        if self.picture is None:
            return
        self.picture = None
        if isinstance(self.screen, OpeningPictureScreen):
            self.pop_screen()
        held, self._held_keys = self._held_keys, []
        for key in held:
            self.post_message(key)

    async def _start_loading(self) -> None:
        if not self.is_running:
            return  # quit before the data was asked for
        if self.picture is not None:  # the settings, read now that the picture is shown
            self.settings_hook.mounted()
            self.query_one(DayBar).lang = self.settings_hook.settings.date_lang
        if self.query_one("#phases", PaneStack).current not in PANES:
            await self.show_pane(PANES[0])
        self.run_worker(self._open_in_thread, name="open data", group="data", thread=True,
                        exit_on_error=False)

    def show_sync_line(self) -> None:
        """Put the team sync's state in the day bar."""
        self.query_one(DayBar).sync = self.sync_line

    def _show_problem(self) -> None:
        banner = self.query_one("#banner", Static)
        banner.update(self.problem)
        banner.display = bool(self.problem)
        bar = self.query_one(DayBar)
        bar.read_only = bool(self.problem)

    def reload_panes(self) -> None:
        """Refill the visible pane now and the others when they are next shown."""
        self._stale = set(PANES)
        self._reload_active()

    @property
    def active_pane(self) -> str:
        """The name of the phase pane on screen: ``before``, ``during`` or ``after``."""
        current = self.query_one("#phases", PaneStack).current
        return current if current in PANES else PANES[0]

    def _reload_active(self) -> None:
        if not self.loaded:
            return
        active = self.active_pane
        if active in self._stale:
            self._stale.discard(active)
            pane: PhasePane = self.query_one(f"#{active}")  # type: ignore[assignment]
            pane.show_day(self.repo, self.day, self.today)
            self._freeze_read_data(active)

    async def show_pane(self, name: str) -> None:
        """Show the phase pane ``name`` (built on first show), filled for the viewed day."""
        switcher = self.query_one("#phases", PaneStack)
        if not switcher.is_attached:
            return  # the app is closing
        if not switcher.query_children(f"#{name}"):
            await switcher.mount(pane_class(name)(id=name))
        if opening := switcher.query_children("#opening"):
            await opening.remove()
        # From here on nothing awaits, so the switch, the refill and the focus move are
        # all on the one frame that follows.
        switcher.current = name
        self.query_one(PhaseTabs).active = name
        self._reload_active()
        self._focus_first_list()

    def _focus_first_list(self) -> None:
        """Focus the first task list of the shown pane, unless one of its lists has focus."""
        from opstui.ui.widgets.task_table import TaskTable

        pane = self.query_one("#phases", PaneStack).visible_content
        tables = list(pane.query(TaskTable)) if pane is not None else []
        if tables and self.screen.focused not in tables:
            focus_at_once(self.screen, tables[0])

    def watch_day(self, day: date) -> None:
        """Show the new day in the bar and the panes."""
        bar = self.query_one(DayBar)
        bar.day, bar.today = day, self.today
        self.reload_panes()

    async def on_phase_tabs_activated(self, event: PhaseTabs.Activated) -> None:
        """A click on a tab shows its pane."""
        await self.show_pane(event.name)

    # -- actions -------------------------------------------------------------------------
    async def action_show_pane(self, pane: str) -> None:
        """Show one of the phase panes."""
        if pane in PANES:
            await self.show_pane(pane)

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        """Push ``screen``; a form reuses the kept screen of its kind (see FormShelf)."""
        from opstui.ui.screens.field_form import FieldForm

        if isinstance(screen, FieldForm):
            screen = self._forms.form_to_show(screen)
        return super().push_screen(screen, *args, **kwargs)

    def action_focus_next(self) -> None:
        """Tab: the next list of the shown pane (the panes out of view keep their focus)."""
        self.screen.focus_next(self._focus_selector())

    def action_focus_previous(self) -> None:
        """Shift+Tab: the previous list of the shown pane."""
        self.screen.focus_previous(self._focus_selector())

    def _focus_selector(self) -> str:
        if self.screen is not self.screen_stack[0]:
            return "*"
        return self.query_one("#phases", PaneStack).focus_selector

    def action_previous_day(self) -> None:
        """View the day before."""
        self.day -= timedelta(days=1)

    def action_next_day(self) -> None:
        """View the day after."""
        self.day += timedelta(days=1)

    def action_today(self) -> None:
        """View today."""
        self.day = self.today

    def action_help(self) -> None:
        """Open the list of every key."""
        from opstui.ui.screens.help import HelpScreen
        from opstui.ui.widgets.task_table import TaskTable

        if isinstance(self.screen, HelpScreen):
            return
        palette = Binding(self.COMMAND_PALETTE_BINDING, "command_palette", "Command palette",
                          key_display=self.COMMAND_PALETTE_DISPLAY,
                          tooltip="Command palette: find any command by name")
        moving = [
            Binding("tab", "focus_next", "Next task list"),
            Binding("shift+tab", "focus_previous", "Previous task list"),
            Binding("click", "", "Switch tabs; highlight a task, click again to open it",
                    key_display="mouse"),
        ]
        pane = self._visible_pane()
        pane_section: list[tuple[str, list[Binding]]] = []
        if pane is not None:
            label = PANE_LABELS.get(pane.id or "", "this pane")
            by_section = getattr(pane, "help_sections", None)
            keymap = keymap_in_use(self)
            found = (by_section() if by_section is not None
                     else [(f"In {label}", _bindings_of(pane))])
            pane_section = [(title, [remap(b, keymap) for b in bindings])
                            for title, bindings in found]
        self.push_screen(HelpScreen([
            ("Everywhere", [*self._app_bindings(), palette]),
            *pane_section,
            ("In a task list", [remap(b, keymap_in_use(self)) for b in TaskTable.BINDINGS
                                if isinstance(b, Binding)]),
            ("Moving around", moving),
        ]))

    def _app_bindings(self) -> list[Binding]:
        return [remap(b, keymap_in_use(self)) for b in _bindings_of(self)]

    def _visible_pane(self) -> PhasePane | None:
        from opstui.ui.panes.base import PhasePane

        pane = self.query_one("#phases", PaneStack).visible_content
        return pane if isinstance(pane, PhasePane) else None

    def palette_commands(self) -> list[tuple[str, str, Callable[[], Awaitable[Any]]]]:
        """(name, help, run) for every app binding and every binding of every pane.

        A pane's command run from another pane first shows that pane, then runs there.
        """
        commands: list[tuple[str, str, Callable[[], Awaitable[Any]]]] = [
            (b.tooltip or b.description, f"key {self.get_key_display(b)}",
             partial(self.run_action, b.action))
            for b in self._app_bindings()
        ]
        visible = self._visible_pane()
        for name in PANES:
            label = PANE_LABELS[name].split()[0]
            for b in _class_bindings(pane_class(name)):
                b = remap(b, keymap_in_use(self))
                if not (b.show or b.tooltip):
                    continue
                where = "" if visible is not None and visible.id == name else f" · {label}"
                commands.append((b.tooltip or b.description,
                                 f"key {self.get_key_display(b)}{where}",
                                 partial(self._run_in_pane, name, b.action)))
        return commands

    async def _run_in_pane(self, name: str, action: str) -> None:
        """Show pane ``name`` (if it is not shown) and run ``action`` on it."""
        if not self.loaded:
            return
        await self.show_pane(name)
        pane = self._visible_pane()
        if pane is not None and pane.id == name:
            prepare = getattr(pane, "prepare_action", None)
            if prepare is not None:  # e.g. During shows the section the action works in
                prepare(action)
            await self.run_action(action, pane)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own commands, minus Quit (ours is listed with its key)."""
        for command in super().get_system_commands(screen):
            if command.title != "Quit":
                yield command
