"""The git side of sync: a repository beside the data file whose files are the shared export.

``<data dir>/<stem>.sync/`` (``opstui.sync/`` for ``opstui.json``) is an ordinary git
repository on branch ``main`` with one remote, ``origin``. opstui runs the ``git`` program
(so the user's own credentials, SSH keys and proxies apply; opstui stores none) and never
uses git's line merge: it writes trees it merged itself and commits them with
``git commit-tree``. What stays local lives inside ``.git`` (never pushed): the replica's name
in ``.git/config`` (``opstui.replica``) and the conflicts decided in
``.git/opstui-conflicts.jsonl``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from opstui.store.disk import DataLock, atomic_write

BRANCH = "main"
REMOTE = "origin"
CONFLICTS_FILE = "opstui-conflicts.jsonl"
CONFLICTS_KEPT = 500
README = """# opstui shared plan

This repository is written by `opstui sync`: one file per table in `records/`, one record
per line. Do not edit it by hand; change the data in opstui and run `opstui sync`.
"""


class SyncError(Exception):
    """A sync step that failed; the message says what, in one line (git's reason included)."""


def sync_folder(data_file: Path) -> Path:
    """The sync repository of ``data_file`` (``opstui.sync`` beside ``opstui.json``)."""
    return data_file.with_name(f"{data_file.stem}.sync")


def _git_env() -> dict[str, str]:
    env = dict(os.environ)
    # Messages are parsed ("rejected"): keep them in English.
    env.update(LC_ALL="C", LANGUAGE="C", GIT_MERGE_AUTOEDIT="no")
    return env


class GitReplica:
    """One sync repository (it need not exist yet: see :meth:`create`)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.lock = DataLock(folder, check=False)
        """Held for a whole sync, so that two syncs of one replica never interleave."""

    # -- running git ------------------------------------------------------------------
    def git(self, *args: str, stdin: bytes | None = None, check: bool = True
            ) -> subprocess.CompletedProcess[bytes]:
        """Run ``git args`` in the repository.

        Raises:
            SyncError: git is missing, or it failed and ``check`` is set.
        """
        command = ["git", "-c", "core.quotepath=false", "-c", "commit.gpgsign=false", *args]
        try:
            done = subprocess.run(command, cwd=self.folder, input=stdin, capture_output=True,
                                  env=_git_env(), check=False)
        except FileNotFoundError:
            raise SyncError("git is not installed (sync runs the git program)") from None
        if check and done.returncode != 0:
            raise SyncError(f"git {args[0]} failed: {_last_line(done.stderr)}")
        return done

    def text(self, *args: str) -> str:
        """The output of ``git args``, stripped."""
        return self.git(*args).stdout.decode().strip()

    # -- setting up -------------------------------------------------------------------
    @property
    def exists(self) -> bool:
        """True when the repository was set up."""
        return (self.folder / ".git").is_dir()

    def create(self, url: str, name: str) -> None:
        """Make the repository, with ``url`` as its remote and ``name`` as this replica.

        The remote is contacted once (``git ls-remote``) so a wrong URL fails here, not at the
        first sync; on failure nothing is left behind.

        Raises:
            SyncError: The folder is already a sync repository, or the remote cannot be read.
        """
        if self.exists:
            raise SyncError(f"{self.folder} is already set up (remote "
                            f"{self.remote_url() or '?'}); remove it to start again")
        made = not self.folder.exists()
        self.folder.mkdir(parents=True, exist_ok=True)
        try:
            self.git("init", "-q", "-b", BRANCH)
            self.git("config", "opstui.replica", name)
            self.git("config", "user.name", name)
            if self.git("config", "user.email", check=False).returncode != 0:
                self.git("config", "user.email", "opstui@localhost")
            self.git("remote", "add", REMOTE, url)
            done = self.git("ls-remote", "-q", REMOTE, check=False)
            if done.returncode != 0:
                raise SyncError(f"cannot read the remote {url}: {_last_line(done.stderr)}")
        except BaseException:
            with contextlib.suppress(OSError):
                shutil.rmtree(self.folder / ".git")
                if made:
                    self.folder.rmdir()
            raise

    def name(self) -> str | None:
        """This replica's name (``--as`` at setup)."""
        done = self.git("config", "--get", "opstui.replica", check=False)
        return done.stdout.decode().strip() or None if done.returncode == 0 else None

    def remote_url(self) -> str | None:
        """Where ``origin`` points."""
        done = self.git("config", "--get", f"remote.{REMOTE}.url", check=False)
        return done.stdout.decode().strip() or None if done.returncode == 0 else None

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[None]:
        """Hold the sync lock; clear what a killed git left behind (under the lock, any git
        lock file is a dead process's)."""
        with self.lock.held():
            git_dir = self.folder / ".git"
            for leftover in [*git_dir.glob("*.lock"), *(git_dir / "refs").rglob("*.lock")]:
                with contextlib.suppress(OSError):
                    leftover.unlink()
            yield

    # -- the working tree ---------------------------------------------------------------
    def write_files(self, files: dict[str, bytes], *, whole: bool = False) -> None:
        """Write the export files that changed (an empty records file is removed).

        Args:
            files: Path -> bytes (the README is added).
            whole: ``files`` is the whole export: remove the tracked files it does not have.
        """
        files = {"README.md": README.encode(), **files}
        for path, payload in files.items():
            target = self.folder / path
            if not payload and path.endswith(".jsonl"):
                with contextlib.suppress(FileNotFoundError):
                    target.unlink()
                continue
            with contextlib.suppress(OSError):
                if target.read_bytes() == payload:
                    continue
            # No fsync: these files are made again from the data file before every commit
            # (a file a crash cut short differs from what it should hold, so it is rewritten).
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(payload)
        if whole:
            for folder, pattern in (("records", "*/*.jsonl"), ("replicas", "*.json")):
                for found in (self.folder / folder).glob(pattern):
                    if found.relative_to(self.folder).as_posix() not in files:
                        found.unlink()

    def commit(self, message: str) -> bool:
        """Commit the export files as they are; False when nothing changed."""
        self.git("add", "-A", ".")
        if self.git("diff", "--cached", "--quiet", check=False).returncode == 0 and \
                self.head() is not None:
            return False
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return True

    def commit_merge(self, theirs: str, message: str) -> str:
        """Commit the export files as the merge of HEAD and ``theirs``; the new commit."""
        self.git("add", "-A", ".")
        tree = self.text("write-tree")
        commit = self.text("commit-tree", tree, "-p", "HEAD", "-p", theirs, "-m", message)
        self.git("update-ref", "-m", "opstui sync: merge", "HEAD", commit)
        return commit

    # -- commits ------------------------------------------------------------------------
    def head(self) -> str | None:
        """The commit of ``main`` (None before the first commit)."""
        return self._rev("HEAD")

    def remote_head(self) -> str | None:
        """The remote's ``main`` as last fetched (None: the remote has none yet)."""
        return self._rev(f"refs/remotes/{REMOTE}/{BRANCH}")

    def _rev(self, name: str) -> str | None:
        done = self.git("rev-parse", "-q", "--verify", f"{name}^{{commit}}", check=False)
        return done.stdout.decode().strip() or None if done.returncode == 0 else None

    def merge_base(self, one: str, other: str) -> str | None:
        """The common ancestor of two commits (None for unrelated histories)."""
        done = self.git("merge-base", one, other, check=False)
        return done.stdout.decode().strip() or None if done.returncode == 0 else None

    def contains(self, commit: str, ancestor: str) -> bool:
        """True when ``ancestor`` is ``commit`` or one of its ancestors."""
        done = self.git("merge-base", "--is-ancestor", ancestor, commit, check=False)
        return done.returncode == 0

    def ahead_behind(self) -> tuple[int, int] | None:
        """Commits on ``main`` not on the remote's, and the other way round (last fetch)."""
        if self.head() is None or self.remote_head() is None:
            return None
        left, right = self.text("rev-list", "--left-right", "--count",
                                f"HEAD...{REMOTE}/{BRANCH}").split()
        return int(left), int(right)

    def tree(self, commit: str) -> dict[str, str]:
        """Every file of ``commit``: path -> blob hash (nothing is read)."""
        listing = self.git("ls-tree", "-r", "-z", commit).stdout.split(b"\0")
        entries: dict[str, str] = {}
        for item in listing:
            if not item:
                continue
            meta, _, name = item.partition(b"\t")
            _, kind, sha = meta.split()
            if kind == b"blob":
                entries[name.decode()] = sha.decode()
        return entries

    def blobs(self, shas: set[str]) -> dict[str, bytes]:
        """The contents of these blobs (one git process, whatever their number)."""
        wanted = sorted(shas)
        if not wanted:
            return {}
        out = self.git("cat-file", "--batch",
                       stdin="".join(f"{sha}\n" for sha in wanted).encode()).stdout
        found: dict[str, bytes] = {}
        pos = 0
        for sha in wanted:
            header_end = out.index(b"\n", pos)
            size = int(out[pos:header_end].split()[2])
            found[sha] = out[header_end + 1: header_end + 1 + size]
            pos = header_end + 1 + size + 1
        return found

    def read_tree(self, commit: str) -> dict[str, bytes]:
        """Every file of ``commit``: path -> bytes."""
        entries = self.tree(commit)
        contents = self.blobs(set(entries.values()))
        return {path: contents[sha] for path, sha in entries.items()}

    # -- the remote -------------------------------------------------------------------
    def fetch(self) -> None:
        """Fetch the remote's ``main``.

        Raises:
            SyncError: The remote cannot be reached (git's reason in the message).
        """
        done = self.git("fetch", "-q", REMOTE, check=False)
        if done.returncode != 0:
            raise SyncError(f"cannot fetch from {self.remote_url()}: "
                            f"{_last_line(done.stderr)}")

    def push(self) -> bool:
        """Push ``main``; False when the remote moved meanwhile (fetch and merge again).

        Raises:
            SyncError: The push failed for another reason.
        """
        done = self.git("push", "-q", "--porcelain", REMOTE, f"HEAD:refs/heads/{BRANCH}",
                        check=False)
        if done.returncode == 0:
            self.git("update-ref", f"refs/remotes/{REMOTE}/{BRANCH}", "HEAD")
            return True
        said = (done.stdout + done.stderr).decode(errors="replace")
        if any(word in said for word in ("rejected", "fetch first", "non-fast-forward")):
            return False
        raise SyncError(f"cannot push to {self.remote_url()}: {_last_line(done.stderr)}")

    # -- conflicts decided (local) ------------------------------------------------------
    def add_conflicts(self, found: list[dict[str, Any]]) -> None:
        """Keep conflicts decided (newest last), each once, the newest ``CONFLICTS_KEPT``."""
        if not found:
            return
        known = self.conflicts()
        seen = {_conflict_key(c) for c in known}
        fresh = [c for c in found if _conflict_key(c) not in seen]
        if not fresh:
            return
        kept = [*known, *fresh][-CONFLICTS_KEPT:]
        atomic_write(self.folder / ".git" / CONFLICTS_FILE,
                     b"".join(orjson.dumps(c) + b"\n" for c in kept))

    def conflicts(self) -> list[dict[str, Any]]:
        """The conflicts decided on this replica, oldest first."""
        try:
            raw = (self.folder / ".git" / CONFLICTS_FILE).read_bytes()
        except FileNotFoundError:
            return []
        found = []
        for text in raw.splitlines():
            with contextlib.suppress(orjson.JSONDecodeError):
                found.append(orjson.loads(text))
        return found


def _conflict_key(conflict: dict[str, Any]) -> bytes:
    return orjson.dumps([conflict.get(k) for k in ("table", "id", "field", "kept", "lost")])


def _last_line(stderr: bytes) -> str:
    """git's reason: its first ``fatal:``/``error:`` line (the lines after it are advice)."""
    lines = [line.strip() for line in stderr.decode(errors="replace").splitlines()
             if line.strip()]
    for line in lines:
        for prefix in ("fatal: ", "error: "):
            if line.startswith(prefix):
                return line.removeprefix(prefix)
    return lines[-1] if lines else "no reason given"
