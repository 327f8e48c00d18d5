"""Export and import subcommands: every record as versioned JSON, and merging it back."""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import sys
from pathlib import Path

from opstui.commands import CommandError, now, open_repository


def write_new_file(path: Path, payload: bytes, *, force: bool) -> None:
    """Write ``payload`` to ``path`` atomically, private to the user (0600), never through a
    symbolic link; without ``force`` never replace a file. Used for exports and reports.

    Raises:
        CommandError: ``path`` exists and ``force`` is off, is a link or a folder, or its
            folder does not exist.
    """
    if path.is_symlink():
        raise CommandError(f"{path} is a symbolic link; opstui does not write through links "
                           "(name the file itself)")
    if path.is_dir():
        raise CommandError(f"{path} is a folder; name a file")
    if not force and path.exists():
        raise CommandError(f"{path} already exists; use --force to overwrite it")
    if not path.parent.is_dir():
        raise CommandError(f"{path.parent} is not a folder")
    from opstui.store.disk import atomic_write

    if force:
        atomic_write(path, payload)
        return
    # Written whole under a temporary name, then hard-linked into place: a link fails if the
    # name was taken meanwhile, so nothing is clobbered, even racing.
    staged = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        atomic_write(staged, payload)
        try:
            os.link(staged, path)
        except FileExistsError:
            raise CommandError(f"{path} already exists; use --force to overwrite it") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(staged)


def export(args: argparse.Namespace) -> int:
    """``opstui export``: every record, archives and settings to stdout or ``--out``."""
    from opstui.paths import user_path
    from opstui.store.transfer import dump_export, export_data

    if args.force and not args.out:
        raise CommandError("--force only applies with --out")
    out = user_path(args.out) if args.out else None
    if out is not None and not args.force and out.exists():
        raise CommandError(f"{out} already exists; use --force to overwrite it")
    repo = open_repository(args)
    payload = export_data(repo, now=now())
    data = dump_export(payload)
    if out is None:
        sys.stdout.flush()
        sys.stdout.write(data.decode())
        return 0
    write_new_file(out, data, force=args.force)
    counts = {name: len(items) for name, items in payload["records"].items() if items}
    summary = ", ".join(f"{n} {name}" for name, n in counts.items()) or "no records"
    print(f"exported {summary} to {out}", file=sys.stderr)
    return 0


def import_(args: argparse.Namespace) -> int:
    """``opstui import``: merge an export file; nothing is written unless all of it is valid."""
    from opstui.paths import user_path
    from opstui.store.transfer import TransferError, import_data, load_export

    if args.file == "-":
        source, raw = "stdin", sys.stdin.buffer.read()
    else:
        path = user_path(args.file)
        source = str(path)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise CommandError(f"{path}: no such file") from None
        except IsADirectoryError:
            raise CommandError(f"{path} is a folder, not an export file") from None
    repo = open_repository(args)
    try:
        result = import_data(repo, load_export(raw), keep_settings=args.keep_settings)
    except TransferError as exc:
        raise CommandError(f"{source}: {exc}; nothing was imported") from None
    settings = "; settings updated" if result.settings_changed else ""
    print(f"imported {source}: {result.added} added, {result.updated} updated, "
          f"{result.unchanged} unchanged{settings}")
    return 0
