"""Where opstui keeps its data; nothing is created at import time."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "opstui"
DB_ENV = "OPSTUI_DB"


def user_path(text: str) -> Path:
    """``text`` as a path, with a leading ``~`` expanded when it names a home folder.

    ``~2h`` (no such user) stays as typed instead of failing.
    """
    try:
        return Path(text).expanduser()
    except RuntimeError:
        return Path(text)


def default_data_file() -> Path:
    """``opstui.json`` in the platform's user data folder (created on first save)."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "opstui.json"


def resolve_data_file(cli_value: str | None) -> Path:
    """The data file to use: ``--db``, else ``$OPSTUI_DB``, else the default."""
    if cli_value:
        return user_path(cli_value)
    env = os.environ.get(DB_ENV)
    if env:
        return user_path(env)
    return default_data_file()


def sample_data_dir() -> Path:
    """The ``sample_data`` folder of the source tree (the script that builds the demo)."""
    return Path(__file__).resolve().parent.parent / "sample_data"
