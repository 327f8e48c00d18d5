"""The ``opstui`` command's entry point: hand a quick command to a warm opstui, else run it.

Starting Python costs ~25 ms; importing pydantic, the records and the store costs ~150 ms
more, on every command. A Taskwarrior user types ``add``, ``done`` and ``tasks`` many times
an hour, so the first such command starts a command server (``opstui.server``) in the
background, and every later one is sent to it over a Unix socket: this module imports only
the standard library's small parts, sends the arguments, the working folder, the
environment and the time now (the wall clock is read here, at the edge), and prints what
comes back. The server runs the very same ``opstui.cli.main``, one command at a time, under
the same file lock as any other process; it exits after ``IDLE_SECONDS`` without a command.

A command is run here, in this process, when:

- ``OPSTUI_SERVER=0`` (tests, scripts that want no background process);
- it is not in ``SERVED`` (the TUI, the demo, sync, import/export, restore, check, config),
  or reads standard input (an argument ``-``);
- no server answers (the first command; then one is started for the next).

A server is only ever reached through a socket in a folder of this user's only (mode 0700)
and is named after the exact code and Python it runs (``fingerprint``), so a changed
install never talks to a server running older code.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any

SERVED = frozenset({
    "add", "done", "note", "tasks", "plan", "report", "reopen", "status", "assign", "edit",
    "undo", "redo", "metric", "goal", "meeting", "incident", "review", "support", "recur",
    "highlight", "feedback", "finding", "retro", "log", "shutdown",
})
"""Commands a server may run: quick, no terminal interaction, no standard input."""

SERVER_ENV = "OPSTUI_SERVER"
"""``0`` runs every command in its own process and starts no server."""
DIR_ENV = "OPSTUI_SERVER_DIR"
"""Where the server's socket lives (default: ``$XDG_RUNTIME_DIR/opstui``, else
``/tmp/opstui-UID``)."""
IDLE_ENV = "OPSTUI_SERVER_IDLE"
IDLE_SECONDS = 600.0
"""A server with no command for this long exits."""
PROTOCOL = 1


def main() -> int:
    """Run ``opstui`` with the process's arguments; returns the exit code."""
    argv = sys.argv[1:]
    path = (socket_path() if os.environ.get(SERVER_ENV, "").strip() != "0"
            and servable(argv) else None)
    if path is None:  # not served, or no safe place for a socket: no server is started
        return _run_here(argv)
    answer = ask_server(argv, path)
    if answer is not None:
        return answer
    code = _run_here(argv)
    start_server()
    return code


def _run_here(argv: list[str]) -> int:
    from opstui.cli import main as cli_main

    return cli_main(argv)


def servable(argv: list[str]) -> bool:
    """True when the command of ``argv`` may be sent to a server."""
    from opstui.cli_words import command_word

    return "-" not in argv and command_word(argv) in SERVED  # "-": stdin is this process's


def server_dir() -> str | None:
    """The folder of this user's server sockets, made if need be; None if it is not safe
    (someone else's, or open to others) or cannot be made."""
    chosen = os.environ.get(DIR_ENV, "").strip()
    if not chosen:
        runtime = os.environ.get("XDG_RUNTIME_DIR", "").strip()
        chosen = (os.path.join(runtime, "opstui") if runtime
                  else os.path.join("/tmp", f"opstui-{os.getuid()}"))
    try:
        os.makedirs(chosen, mode=0o700, exist_ok=True)
        st = os.stat(chosen, follow_symlinks=False)
    except OSError:
        return None
    import stat

    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid() or st.st_mode & 0o077:
        return None
    return chosen


def fingerprint(package: str | None = None) -> str:
    """Names the code a server runs: this Python, and every module of this opstui (path,
    size and modification time) in ``package`` (default: the folder of this module)."""
    import zlib

    here = package or os.path.dirname(os.path.abspath(__file__))
    parts = [sys.version, sys.prefix, os.path.realpath(sys.executable), here, str(PROTOCOL)]
    stack = [here]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        stack.append(entry.path)
                elif entry.name.endswith((".py", ".json", ".tcss")):
                    st = entry.stat(follow_symlinks=False)
                    parts.append(f"{entry.path}:{st.st_size}:{st.st_mtime_ns}")
    parts.sort()
    return f"{zlib.crc32(chr(0).join(parts).encode('utf-8', 'surrogatepass')):08x}"


def socket_path() -> str | None:
    """The socket of the server running this code, or None when none may be used."""
    folder = server_dir()
    if folder is None:
        return None
    path = os.path.join(folder, f"server-{fingerprint()}.sock")
    return path if len(path.encode()) < 100 else None  # the limit of a Unix socket's name


def send_message(sock: object, payload: Any) -> None:
    """Send ``payload`` (plain data: str, int, list, dict) framed by its length."""
    import marshal

    body = marshal.dumps(payload)
    sock.sendall(len(body).to_bytes(8, "big") + body)  # type: ignore[attr-defined]


def receive_message(sock: object) -> object | None:
    """The next framed message, or None if the other side closed first."""
    import marshal

    head = _receive_exactly(sock, 8)
    if head is None:
        return None
    body = _receive_exactly(sock, int.from_bytes(head, "big"))
    return None if body is None else marshal.loads(body)


def _receive_exactly(sock: object, size: int) -> bytes | None:
    chunks, left = [], size
    while left:
        chunk = sock.recv(min(left, 1 << 20))  # type: ignore[attr-defined]
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def ask_server(argv: list[str], path: str) -> int | None:
    """Run ``argv`` on the server at socket ``path`` and print its output; the exit code, or
    None when no server answered (nothing was sent: the caller runs the command itself)."""
    import _socket  # the C module: ``socket`` imports ~3 ms of wrappers this does not use
    from datetime import datetime

    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        sock.connect(path)
    except OSError:
        sock.close()
        return None
    try:
        tty = sys.stdout.isatty()
        env = dict(os.environ)
        if tty:
            with contextlib.suppress(OSError):
                size = os.get_terminal_size(sys.stdout.fileno())
                env.setdefault("COLUMNS", str(size.columns))
                env.setdefault("LINES", str(size.lines))
        umask = os.umask(0o077)
        os.umask(umask)
        try:
            send_message(sock, {"protocol": PROTOCOL, "argv": argv, "cwd": os.getcwd(),
                                "env": env, "now": datetime.now().isoformat(),
                                "tty": tty, "umask": umask})
        except OSError:
            return None  # not all of it reached the server, which runs only a whole command
        try:
            answer = receive_message(sock)
        except OSError:
            answer = None
        except KeyboardInterrupt:
            sys.stderr.write("opstui: interrupted (the command may still finish)\n")
            return 130
    finally:
        sock.close()
    if not isinstance(answer, dict):
        # The command was sent and may have run: running it again could do it twice.
        sys.stderr.write("opstui: the command server stopped before it answered; the "
                         "command may or may not have been carried out (look with "
                         "'opstui tasks'; OPSTUI_SERVER=0 runs commands without it)\n")
        return 1
    return _print_answer(answer)


def _print_answer(answer: dict[str, object]) -> int:
    try:
        sys.stdout.write(str(answer.get("out", "")))
        sys.stdout.flush()
    except BrokenPipeError:  # ``opstui tasks | head``
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    sys.stderr.write(str(answer.get("err", "")))
    code = answer.get("code", 1)
    return code if isinstance(code, int) else 1


def start_server() -> None:
    """Start a server for the next command, in the background; never fails the command."""
    import subprocess

    with contextlib.suppress(OSError):
        subprocess.Popen(
            [sys.executable, "-m", "opstui.server"], stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
            close_fds=True)
