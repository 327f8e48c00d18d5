"""The user's keys: the ``[keys]`` table of the settings, checked, then given to Textual.

Every binding in ``opstui.ui`` has an id (``before.add``, ``during.note``, ``app.help``).
``[keys]`` maps ids to keys (``"before.add" = "ctrl+n"``; several keys with commas). Before
Textual's keymap (``App.set_keymap``) gets them, each remap is checked: an unknown id, or a
key that would give two actions in one scope (one pane, screen or widget, or the app's keys
that work everywhere), is refused with a one-line message naming both, and that binding keeps
its default key. The key bar and ``?`` show the keys in use; the theme chosen is remembered.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from textual.binding import Binding
from textual.dom import DOMNode

if TYPE_CHECKING:
    from textual.app import App

    from opstui.domain.settings import Settings
    from opstui.settings_file import Loaded

APP_SCOPE = "OpsApp"


@dataclass(frozen=True)
class Scope:
    """The bindings that are active together: one class's, its parents' included."""

    name: str
    bindings: tuple[Binding, ...]


def _normalize(keys: str) -> str:
    from textual.keys import _normalize_key_list

    return str(_normalize_key_list(keys))


@cache
def binding_scopes() -> tuple[Scope, ...]:
    """Every class of ``opstui.ui`` with key bindings, and its bindings (imports them all)."""
    import opstui.ui

    scopes: dict[str, Scope] = {}
    for info in pkgutil.walk_packages(opstui.ui.__path__, "opstui.ui."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if (not issubclass(cls, DOMNode) or not cls.__module__.startswith("opstui.")
                    or "BINDINGS" not in cls.__dict__ or cls.__name__ in scopes):
                continue
            found: dict[int, Binding] = {}
            for klass in reversed(cls.__mro__):
                for binding in klass.__dict__.get("BINDINGS", ()):
                    if isinstance(binding, Binding) and klass.__module__.startswith("opstui."):
                        found[id(binding)] = binding
            scopes[cls.__name__] = Scope(cls.__name__, tuple(found.values()))
    return tuple(scopes.values())


def check_keymap(keymap: Mapping[str, str], scopes: Iterable[Scope]
                 ) -> tuple[dict[str, str], list[str]]:
    """The remaps of ``keymap`` that may be used, and one line for each refused one.

    A remap is refused when no binding has its id, or when its key is another action's in
    the same scope (or in the app's scope, whose keys work everywhere). Remaps are taken in
    order; a refused one leaves its binding on its default key.
    """
    scopes = list(scopes)
    app_bindings = next((s.bindings for s in scopes if s.name == APP_SCOPE), ())
    known = {b.id for s in scopes for b in s.bindings if b.id}
    accepted: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in keymap.items():
        if binding_id not in known:
            problems.append(f"keys: no key binding has the id {binding_id!r}; see the "
                            "README for the ids")
            continue
        keys = _normalize(keys)
        trial = {**accepted, binding_id: keys}
        clash = _first_clash(binding_id, trial, scopes, app_bindings)
        if clash is None:
            accepted[binding_id] = keys
        else:
            other, scope = clash
            problems.append(
                f"keys: {binding_id} on {keys!r} would clash with {other} in {scope}; "
                f"{binding_id} keeps its default key")
    return accepted, problems


def _keys_of(binding: Binding, keymap: Mapping[str, str]) -> set[str]:
    keys = keymap.get(binding.id or "", binding.key)
    return {key.strip() for key in _normalize(keys).split(",") if key.strip()}


def _first_clash(binding_id: str, keymap: Mapping[str, str], scopes: list[Scope],
                 app_bindings: tuple[Binding, ...]) -> tuple[str, str] | None:
    """(the other binding's id, the scope) of a key ``binding_id`` would share, or None."""
    for scope in scopes:
        together = scope.bindings if scope.name == APP_SCOPE else (*scope.bindings,
                                                                   *app_bindings)
        mine = [b for b in together if b.id == binding_id]
        if not mine:
            continue
        taken = _keys_of(mine[0], keymap)
        for other in together:
            if other.id == binding_id or other.action == mine[0].action:
                continue
            if taken & _keys_of(other, keymap):
                where = "the keys that work everywhere" if scope.name == APP_SCOPE else (
                    scope.name)
                return other.id or other.action, where
    return None


def remap(binding: Binding, keymap: Mapping[str, str]) -> Binding:
    """``binding`` on the key the keymap gives it (its own display dropped), else as is."""
    keys = keymap.get(binding.id or "")
    return binding if keys is None else binding.with_key(keys, key_display=None)


def keymap_in_use(app: App[Any]) -> Mapping[str, str]:
    """The keymap Textual applies for ``app`` (empty when the user remapped nothing)."""
    return getattr(app, "_keymap", {})


def install_settings(app: App[Any], settings: Settings) -> list[str]:
    """Give ``app`` the user's keys and theme; one line for each thing refused.

    Called before the app's first frame, or as soon as its opening picture is shown.
    """
    problems: list[str] = []
    if settings.keys:
        accepted, problems = check_keymap(settings.keys, binding_scopes())
        app.set_keymap(accepted)
    if settings.theme in app.available_themes:
        app.theme = settings.theme
    else:
        problems.append(f"theme: no theme called {settings.theme!r}; ctrl+p Theme lists "
                        "them")
    return problems


class SettingsHook:
    """What the app does with the user's settings: keys and theme now, problems shown on
    mount, a theme chosen later written back. The app keeps one and calls it at two points.

    Args:
        app: The app.
        loaded: The settings file as read at the edge, or what reads it (None: defaults,
            nothing written).
        later: Read them when ``read`` or ``mounted`` is called, not now (the app shows
            an opening picture first).
    """

    def __init__(self, app: App[Any], loaded: Loaded | Callable[[], Loaded] | None, *,
                 later: bool = False) -> None:
        self.app = app
        self._source = loaded
        self.loaded: Loaded | None = None
        self.settings: Settings
        self.problems: list[str] = []
        self._read = False
        if not later:
            self.read()

    def read(self) -> None:
        """Read the settings (if not yet) and give the app its keys and theme.

        Called from ``__init__``, or, when the app shows an opening picture, once the
        picture is on screen (the keys and theme then come before the data does).
        """
        if self._read:
            return
        from opstui.domain.settings import Settings

        self._read = True
        loaded = self._source() if callable(self._source) else self._source
        self.loaded = loaded
        self.settings = loaded.settings if loaded is not None else Settings()
        self.problems = list(loaded.problems) if loaded is not None else []
        self.problems += install_settings(self.app, self.settings)

    def mounted(self) -> None:
        """Say what was wrong in the settings; start remembering the theme."""
        self.read()
        for problem in self.problems:
            self.app.notify(problem, title="Settings", severity="warning", timeout=10,
                            markup=False)
        self.app.theme_changed_signal.subscribe(self.app, self._theme_changed)

    def _theme_changed(self, theme: Any) -> None:
        current = self.current()
        if theme.name != current.theme:
            self.save(current.model_copy(update={"theme": theme.name}))

    def current(self) -> Settings:
        """The settings in use (the repository's, once the data is open)."""
        repo = getattr(self.app, "repo", None)
        return repo.settings() if repo is not None else self.settings

    def save(self, settings: Settings) -> None:
        """Use ``settings`` from now on and write them back to the settings file."""
        repo = getattr(self.app, "repo", None)
        if repo is not None:
            repo.save_settings(settings)  # which calls ``write``
        else:
            self.write(settings)

    def write(self, settings: Settings) -> Settings:
        """Write ``settings`` to the settings file; a failure is shown, never raised.

        The repository's ``write_settings``: every change of a setting in the TUI (a
        theme, a weekday's capacity, the report language) comes through here.

        Returns:
            The settings now in use (as merged with outside changes of the file).
        """
        from opstui.settings_file import SettingsError

        self.settings = settings
        if self.loaded is None:
            return settings
        try:
            self.settings = self.loaded.write(settings)
        except SettingsError as exc:
            self.app.notify(f"Setting not saved: {exc}", severity="warning", markup=False)
        except OSError as exc:
            self.app.notify(f"Could not write {self.loaded.path}: {exc.strerror or exc}",
                            severity="error", markup=False)
        return self.settings
