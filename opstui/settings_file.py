"""The settings file: one TOML file of the user's preferences, read and written at the edge.

Where: ``--config PATH``, else ``$OPSTUI_CONFIG``, else ``settings.toml`` in the platform's
user config folder. Reading uses the standard library's ``tomllib``. A key with a bad value
is reported in one line naming the key and the file, and that key keeps its default; the
rest of the file still counts. Writing (``config set``, a capacity made the weekday's
default in the TUI, a theme chosen) rewrites the whole file from the settings, each key with
its documentation as a comment, atomically.

Why our own writer and not ``tomli-w``/``tomlkit``: the settings are a fixed, small shape
(scalars, string/number lists, tables, one array of tables), the writer is ~60 lines tested
by a round trip through ``tomllib``, and it writes every key's documentation beside it, which
neither library does; it costs nothing at start-up. A hand-written comment is not kept on a
write (tomlkit would keep it); the file says so at its top.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from opstui.settings_toml import to_toml, toml_key, toml_value  # noqa: F401 - re-exported

if TYPE_CHECKING:

    from opstui.domain.settings import Settings

CONFIG_ENV = "OPSTUI_CONFIG"
CONFIG_NAME = "settings.toml"


class SettingsError(ValueError):
    """A setting cannot be set as asked; the message names the key (one line)."""


def default_config_file() -> Path:
    """``settings.toml`` in the platform's user config folder."""
    from platformdirs import user_config_path

    return user_config_path("opstui", appauthor=False) / CONFIG_NAME


def resolve_config_file(cli_value: str | None) -> Path:
    """The settings file to use: ``--config``, else ``$OPSTUI_CONFIG``, else the default."""
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env).expanduser()
    return default_config_file()


@dataclass
class Loaded:
    """The settings read from a file, and what was wrong in it."""

    path: Path
    given: Settings | None
    """The settings read; None for no file (the defaults, built when first asked for)."""
    exists: bool
    problems: list[str] = field(default_factory=list)
    """One line per bad key (or an unreadable file), each naming the key and the file."""
    bad_keys: list[str] = field(default_factory=list)
    """The keys that kept their default because their value was bad (``*``: the file)."""

    @property
    def settings(self) -> Settings:
        """The settings in use: those read, else the defaults."""
        if self.given is None:
            from opstui.domain.settings import Settings

            self.given = Settings()
        return self.given

    @settings.setter
    def settings(self, value: Settings) -> None:
        self.given = value

    def writer(self) -> Any:
        """A function that writes settings to this file (for ``Repository``)."""
        return self.write

    def write(self, settings: Settings, *, fixing: str = "") -> Settings:
        """Write the keys that differ from those read onto the file as it is now.

        Another process may have changed the file since it was read (``opstui config set``
        while the TUI is open): only the keys changed here are written over it, so both
        changes stay. A file with a bad value is not overwritten (that would throw the value
        away): the user fixes it first, by hand or with ``config set`` of that very key.

        Returns:
            The settings now in the file.

        Raises:
            SettingsError: The file has a bad value (named) that this write would lose, or
                the merged settings do not hold together (``me`` left the roster).
        """
        from pydantic import ValidationError

        from opstui.domain.settings import Settings

        changes = _changes(self.settings, settings)
        fresh = load_settings(self.path)
        kept = [key for key in fresh.bad_keys
                if not (fixing and (key == fixing or key.startswith(f"{fixing}.")))]
        if kept:
            what = "is not valid TOML" if "*" in kept else f"has a bad value at {kept[0]}"
            raise SettingsError(f"{self.path} {what}; fix it first (nothing was written)")
        raw = fresh.settings.model_dump(mode="json", by_alias=True)
        for path, value in changes:
            node = raw
            for part in path[:-1]:
                node = node.setdefault(part, {})
            if value is _GONE:
                node.pop(path[-1], None)
            else:
                node[path[-1]] = value
        try:
            merged = Settings.model_validate(raw)
        except ValidationError as exc:
            message = str(exc.errors()[0]["msg"]).removeprefix("Value error, ")
            raise SettingsError(f"{self.path} changed meanwhile: {message}; nothing was "
                                "written") from None
        save_settings(self.path, merged)
        self.settings, self.bad_keys, self.problems = merged, [], []
        self.exists = True
        return merged


_GONE = object()
"""A key removed (from the ``keys`` table)."""


def _flat(data: dict[str, Any], prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    out: dict[tuple[str, ...], Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            out.update(_flat(value, (*prefix, key)))
        else:
            out[(*prefix, key)] = value
    return out


def _changes(old: Settings, new: Settings) -> list[tuple[tuple[str, ...], Any]]:
    """(path, new value or ``_GONE``) of every key that differs between ``old`` and ``new``."""
    before = _flat(old.model_dump(mode="json", by_alias=True))
    after = _flat(new.model_dump(mode="json", by_alias=True))
    return [(path, after.get(path, _GONE)) for path in dict.fromkeys([*before, *after])
            if before.get(path, _GONE) != after.get(path, _GONE)]


def load_settings(path: Path) -> Loaded:
    """Read the settings at ``path``; a bad key keeps its default and is reported.

    A missing file gives the defaults with no problem; a file that is not TOML gives the
    defaults and one problem.
    """
    import tomllib

    from opstui.domain.settings import Settings

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Loaded(path, None, exists=False)
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return Loaded(path, Settings(), True, [f"{path}: cannot read the settings: {reason}; "
                                               "using the defaults"], ["*"])
    try:
        raw: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return Loaded(path, Settings(), True,
                      [f"{path}: not valid TOML ({exc}); using the defaults"], ["*"])
    settings, problems, bad_keys = validate_leniently(raw, str(path))
    return Loaded(path, settings, True, problems, bad_keys)


def validate_leniently(raw: dict[str, Any], where: str
                       ) -> tuple[Settings, list[str], list[str]]:
    """Settings from ``raw``, dropping each key that does not validate (it keeps its default).

    Returns:
        The settings, one line per dropped key (``KEY: why (WHERE); using the default``),
        and the dropped keys.
    """
    from pydantic import ValidationError

    from opstui.domain.settings import Settings

    raw = json.loads(json.dumps(raw, default=str))  # a deep copy we may cut into
    problems: list[str] = []
    bad_keys: list[str] = []
    for _ in range(100):
        try:
            return Settings.model_validate(raw), problems, bad_keys
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = [part for part in err["loc"] if not str(part).startswith("function-")]
            message = str(err["msg"]).removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                message = "not a setting opstui knows"
            if not loc:
                # A rule across keys: drop the key the rule is about.
                loc = ["me"] if "roster" in message and "twice" not in message else ["team"]
            key = _drop(raw, loc)
            problems.append(f"{key or 'settings'}: {message} ({where}); using the default")
            bad_keys.append(key or "*")
            if not key:
                break
    return Settings(), problems, bad_keys


def _drop(raw: dict[str, Any], loc: list[Any]) -> str:
    """Remove the smallest named part of ``raw`` at ``loc``; the dotted key removed."""
    node: Any = raw
    path: list[str] = []
    for depth, part in enumerate(loc):
        last = depth == len(loc) - 1
        if isinstance(node, dict) and part in node:
            if last or not isinstance(node[part], (dict, list)):
                del node[part]
                return ".".join([*path, str(part)])
            if isinstance(node[part], list):
                # a list element at fault: drop the element (``team.2``)
                index = loc[depth + 1] if depth + 1 < len(loc) else None
                if isinstance(index, int) and index < len(node[part]):
                    del node[part][index]
                    return ".".join([*path, str(part), str(index)])
                del node[part]
                return ".".join([*path, str(part)])
            path.append(str(part))
            node = node[part]
        else:
            break
    # the fault is in a table as a whole (its weights do not add up): drop that table
    parent: Any = raw
    for part in path[:-1]:
        parent = parent[part]
    if path:
        del parent[path[-1]]
    return ".".join(path)


def save_settings(path: Path, settings: Settings) -> None:
    """Write ``settings`` to ``path`` atomically (temp file, fsync, rename)."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    text = to_toml(settings)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


# -- the TOML writer ----------------------------------------------------------------------
def set_value(settings: Settings, key: str, text: str) -> Settings:
    """``settings`` with ``key`` (dotted: ``capacity.mon``, ``keys.before.add``) set.

    ``text`` is read as the key's type: numbers and true/false as such, lists from commas
    (``working_days mon,tue,wed``; ``team "Marco:运营经理, Lin:运营专员"``).

    Raises:
        SettingsError: No such key, or the value is not valid for it (one line).
    """
    from pydantic import ValidationError

    from opstui.domain.settings import Settings

    raw = settings.model_dump(mode="json", by_alias=True)
    parts = key.split(".")
    if parts[0] == "keys" and len(parts) > 1:
        parts = ["keys", ".".join(parts[1:])]
        if len(parts[1].split(".")) != 2 or not text.strip():
            raise SettingsError(f"{key}: a key binding id looks like before.task_add, and "
                                "needs a key (ids and keys: see the README)")
    node: Any = raw
    for part in parts[:-1]:
        if not isinstance(node, dict) or not isinstance(node.get(part), dict):
            raise SettingsError(f"no setting {key!r} (see 'opstui config show')")
        node = node[part]
    last = parts[-1]
    if not isinstance(node, dict) or (last not in node and parts[0] != "keys"):
        raise SettingsError(f"no setting {key!r} (see 'opstui config show')")
    current = node.get(last)
    if isinstance(current, dict):
        raise SettingsError(f"{key} is a table: set one of its keys, e.g. "
                            f"{key}.{next(iter(current), 'x')}")
    node[last] = _typed(key, text, current)
    try:
        return Settings.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        message = str(err["msg"]).removeprefix("Value error, ")
        raise SettingsError(f"{key}: {message}") from None


def _typed(key: str, text: str, current: Any) -> Any:
    text = text.strip()
    if isinstance(current, list):
        items = [item.strip() for item in text.split(",") if item.strip()]
        if key == "team":
            team = []
            for item in items:
                name, _, role = item.partition(":")
                team.append({"name": name.strip(), **({"role": role.strip()} if role else {})})
            return team
        return items
    if isinstance(current, bool):
        if text.lower() not in ("true", "false"):
            raise SettingsError(f"{key}: use true or false, not {text!r}")
        return text.lower() == "true"
    if isinstance(current, int):
        try:
            return int(text)
        except ValueError:
            raise SettingsError(f"{key}: not a whole number: {text!r}") from None
    if isinstance(current, float):
        try:
            return float(text)
        except ValueError:
            raise SettingsError(f"{key}: not a number: {text!r}") from None
    return text
