"""Start a TUI headless, note when its first frame is painted, then exit; print JSON.

    python bench/probe_tui.py opstui PATH/opstui.json [PICTURES_FOLDER]
    python bench/probe_tui.py bare

The time is counted from the start of this process (before any import), so imports are in.
With a folder of opening pictures (drawn by ``opstui.ui.picture_painter``), a start that
finds one still true paints it first: its first frame shows the day's data.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from datetime import date  # noqa: E402
from pathlib import Path  # noqa: E402

BENCH_TODAY = date(2026, 11, 20)


def _peak_rss_kb() -> int:
    """This process's peak resident memory in KiB.

    Linux's ``ru_maxrss`` starts from the parent's size at fork and survives exec, so a
    probe started by a benchmark that has grown would report the benchmark's size; the
    ``VmHWM`` line of /proc/self/status is this program's own peak.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _report(app_name: str, first_frame: float, data_frame: float | None = None,
            read_frame: float | None = None, pictured: bool = False) -> None:
    """``data_frame``: the first frame showing the day's data (the picture's, if one was
    shown); ``read_frame``: the first frame drawn from the data read."""
    rss_kb = _peak_rss_kb()
    print(json.dumps({"app": app_name, "first_frame_ms": first_frame * 1000,
                      "data_frame_ms": (data_frame or first_frame) * 1000,
                      "read_frame_ms": (read_frame or data_frame or first_frame) * 1000,
                      "pictured": pictured, "rss_kb": rss_kb}))


def run_bare() -> None:
    """The reference: a bare Textual app with a Header, a Static and a Footer."""
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static(content="bare")
            yield Footer()

        def on_mount(self) -> None:
            self.call_after_refresh(self._painted)

        def _painted(self) -> None:
            _report("bare", time.perf_counter() - STARTED)
            self.exit()

    Bare().run(headless=True, size=(120, 36))


def run_opstui(path: Path, pictures: Path | None = None) -> None:
    """opstui on the data file ``path``, with today pinned to the benchmark's day."""
    from opstui.ui.app import OpsApp
    from opstui.ui.picture_shelf import PictureShelf

    class Probe(OpsApp):
        """Notes the first frame, then the first frame showing the day's data."""

        first_frame = 0.0
        pictured = False

        def on_mount(self) -> None:
            self.call_after_refresh(self._painted)

        def _painted(self) -> None:
            self.first_frame = time.perf_counter() - STARTED
            self.pictured = self.picture is not None
            self.set_interval(0.002, self._poll_loaded)

        def _poll_loaded(self) -> None:
            if self.loaded:
                self.call_after_refresh(self._data_painted)

        def _data_painted(self) -> None:
            if self.is_running and self.return_code is None:
                read = time.perf_counter() - STARTED
                _report("opstui", self.first_frame,
                        self.first_frame if self.pictured else read, read, self.pictured)
                self.exit()

    shelf = PictureShelf(pictures, path, None) if pictures is not None else None
    Probe(path, today=BENCH_TODAY, pictures=shelf).run(headless=True, size=(120, 36))


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        run_bare()
    else:
        run_opstui(Path(sys.argv[2]), Path(sys.argv[3]) if len(sys.argv) > 3 else None)
