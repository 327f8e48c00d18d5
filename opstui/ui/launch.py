"""The TUI as the command line runs it: the user's settings read by the app, and the next
start's opening picture drawn when it closes (``opening_picture``)."""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path


def run_app(data_file: Path, *, today: date, title_suffix: str, config: str | None,
            pictures: bool = True) -> int:
    """Run the TUI on ``data_file`` until it closes; its exit code.

    The settings file (``--config``, else ``$OPSTUI_CONFIG``, else the default) is read by
    the app: after the first frame when that frame is an opening picture. ``pictures``
    False keeps none (the demo's data is thrown away when it closes).
    """
    from opstui.settings_file import load_settings, resolve_config_file
    from opstui.ui.app import OpsApp
    from opstui.ui.picture_shelf import PictureShelf, default_folder

    settings_file = resolve_config_file(config)
    folder = default_folder() if pictures else None
    shelf = PictureShelf(folder, data_file, settings_file) if folder is not None else None
    app = OpsApp(data_file, today=today, title_suffix=title_suffix,
                 settings=partial(load_settings, settings_file), pictures=shelf)
    app.run()
    if shelf is not None and app.loaded and not app.problem:
        from opstui.ui.picture_painter import start_painter

        start_painter(shelf, (app.size.width, app.size.height), today)
    return app.return_code or 0
