"""The command server: a warm opstui that runs the quick commands ``opstui.client`` sends.

    python -m opstui.server            start one (if none runs this code), in the foreground
    python -m opstui.server --wait 5   wait up to 5 s until one answers (for scripts)
    python -m opstui.server --stop     stop the one running this code, if any

It runs ``opstui.cli.main`` for each command, one at a time, exactly as a process of its
own would: with the client's arguments, working folder, environment and wall clock, and
with its output captured and sent back. What it keeps warm is the code (Python, pydantic
and the record models, imported once) and the data files it opened: as the TUI does, it
re-reads a file another process changed before a command uses it (``Repository.refresh``),
and every change is a unit of work under the same lock as any other process's.

Once no command came for a moment after one that left an opening picture of the TUI
untrue, it has the picture drawn again in the background (``opstui.ui.picture_painter``).

One server per user and code (see ``opstui.client.fingerprint``): a second one started for
the same code finds the first one's lock taken and exits. It exits after
``IDLE_SECONDS`` (``$OPSTUI_SERVER_IDLE``) without a command, and removes its socket.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import io
import math
import os
import socket
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from opstui import client

if TYPE_CHECKING:
    from opstui.ui.picture_painter import Repaints


class _Captured(io.StringIO):
    """A command's stdout or stderr, as the client's terminal would take it."""

    def __init__(self, tty: bool) -> None:
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


@contextlib.contextmanager
def _as_sent(request: dict[str, Any]) -> Iterator[tuple[_Captured, _Captured]]:
    """Run the block with the client's folder, environment, clock and captured output."""
    from opstui import commands

    saved_env, saved_umask = dict(os.environ), os.umask(0o077)
    os.umask(saved_umask)
    saved_out, saved_err = sys.stdout, sys.stderr
    out, err = _Captured(bool(request.get("tty"))), _Captured(False)
    try:
        os.environ.clear()
        os.environ.update(request["env"])
        time.tzset()
        os.umask(int(request.get("umask", saved_umask)))  # new files as the client makes them
        os.chdir(request["cwd"])
        commands.served_now = datetime.fromisoformat(request["now"])
        sys.stdout, sys.stderr = out, err
        yield out, err
    finally:
        sys.stdout, sys.stderr = saved_out, saved_err
        commands.served_now = None
        os.environ.clear()
        os.environ.update(saved_env)
        time.tzset()
        os.umask(saved_umask)
        os.chdir("/")


def run_request(request: object, repaints: Repaints | None = None) -> dict[str, object]:
    """Run one command as the client asked; its output and exit code.

    ``repaints`` is told, in the client's environment, where its opening pictures are and
    which data files the command had open (see ``opstui.ui.picture_painter``).
    """
    from opstui.cli import main as cli_main

    if (not isinstance(request, dict) or request.get("protocol") != client.PROTOCOL
            or not client.servable(request.get("argv", []))):
        return {"out": "", "err": "opstui: the command server cannot run that command\n",
                "code": 1}
    try:
        with _as_sent(request) as (out, err):
            code = cli_main(list(request["argv"]))
            if repaints is not None:
                repaints.note(_pictures_folder(), _open_data_files())
            return {"out": out.getvalue(), "err": err.getvalue(), "code": code}
    except OSError as exc:  # the client's folder is gone
        return {"out": "", "err": f"opstui: cannot run there: {exc.strerror}\n", "code": 1}
    except Exception as exc:  # a malformed request, or OPSTUI_DEBUG's traceback: keep serving
        import traceback

        shown = traceback.format_exc() if request.get("env", {}).get("OPSTUI_DEBUG") else ""
        return {"out": "", "err": f"{shown}opstui: the command server could not run it: "
                f"{exc}\n", "code": 1}


def _pictures_folder() -> Path | None:
    from opstui.ui.picture_shelf import default_folder

    try:
        return default_folder()
    except (OSError, KeyError, RuntimeError):
        return None


def _open_data_files() -> list[Path]:
    from opstui import commands

    return [Path(data) for data, _ in commands.kept_repositories or {}]


def _warm_up() -> None:
    """Import what the served commands use, so the first command is quick too, and keep
    the data files open between commands."""
    import opstui.cli
    import opstui.commands.tasks
    import opstui.store.repository  # noqa: F401
    from opstui import commands
    from opstui.domain.models import Task

    Task(title="warm up")  # builds the task model's validator
    commands.kept_repositories = {}


def serve(idle_seconds: float) -> int:
    """Serve until idle for ``idle_seconds``; 0, or 1 if no socket could be set up."""
    path = client.socket_path()
    if path is None:
        return 1
    lock = open(path[: -len(".sock")] + ".lock", "a")  # noqa: SIM115 - held while serving
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return 0  # one runs already
    _warm_up()
    os.chdir("/")  # never in a folder that may be removed; each command runs in its own
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)  # a crashed server's leftover (we hold the lock)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        try:
            listener.bind(path)
            os.chmod(path, 0o600)
            listener.listen(16)
        except OSError:
            return 1  # the folder went away, or is full: the commands run without a server
        from opstui.ui.picture_painter import Repaints

        repaints = Repaints()
        last_command = time.monotonic()
        while True:
            now = time.monotonic()
            idle_left = idle_seconds - (now - last_command)
            due = repaints.wait(now)
            if idle_left <= 0:
                repaints.start_due(math.inf)
                return 0
            listener.settimeout(idle_left if due is None else min(idle_left, due))
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                repaints.start_due(time.monotonic())
                continue
            with conn:
                conn.settimeout(None)
                if not _handle(conn, repaints):
                    return 0
            last_command = time.monotonic()
            # What the data files hold now lives until they change: keep it out of the
            # cyclic collector's scans, which otherwise walk every record on some commands.
            gc.freeze()
    finally:
        listener.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        lock.close()


def _handle(conn: socket.socket, repaints: Repaints) -> bool:
    """Answer one connection; False when it asked the server to stop."""
    try:
        request = client.receive_message(conn)
    except (OSError, ValueError, EOFError, TypeError):
        return True
    if request == "stop":
        return False
    answer = run_request(request, repaints)
    with contextlib.suppress(OSError):  # the client went away (Ctrl-C)
        client.send_message(conn, answer)
    repaints.check(time.monotonic())
    return True


def _wait(seconds: float) -> int:
    deadline = time.monotonic() + seconds
    path = client.socket_path()
    while path is not None and time.monotonic() < deadline:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            try:
                probe.connect(path)
                return 0
            except OSError:
                pass
        time.sleep(0.02)
    print("opstui: no command server answered", file=sys.stderr)
    return 1


def _stop() -> int:
    path = client.socket_path()
    if path is None:
        return 0
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        try:
            conn.connect(path)
        except OSError:
            return 0  # none runs
        client.send_message(conn, "stop")
        conn.recv(1)  # returns when the server closes the connection
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m opstui.server [--wait SECONDS | --stop]``."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m opstui.server",
                                     description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--wait", type=float, metavar="SECONDS",
                        help="wait until a server answers, then exit 0 (1 if none did)")
    parser.add_argument("--stop", action="store_true", help="stop the running server")
    args = parser.parse_args(argv)
    if args.stop:
        return _stop()
    if args.wait is not None:
        return _wait(args.wait)
    try:
        idle = float(os.environ.get(client.IDLE_ENV, "") or client.IDLE_SECONDS)
    except ValueError:
        idle = client.IDLE_SECONDS
    return serve(idle)


if __name__ == "__main__":
    raise SystemExit(main())
