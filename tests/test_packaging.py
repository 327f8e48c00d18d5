"""The wheel carries everything ``opstui`` needs: installed outside the source tree, the
command starts, ``--help`` and ``--version`` work and ``opstui demo`` opens the demo.

The wheel is built from a copy of the files a release is made of (``pyproject.toml``,
``README.md``, ``opstui/``), so a file the package data forgets is missing from it, and
installed with ``--no-deps`` into a fresh venv outside the source tree. The dependencies
come from the running interpreter's site-packages through a ``.pth`` line (offline, fast):
a plain path line, so the editable install of the source tree there (its own ``.pth``
hook) is not loaded, and the test checks that ``opstui`` is imported from the venv. That
the wheel declares every dependency is checked against ``pyproject.toml`` separately.
"""

from __future__ import annotations

import html
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _can_build_here() -> bool:
    """True when this interpreter can build the wheel itself (offline, fast): setuptools
    with ``bdist_wheel`` (built in from 70.1, else the ``wheel`` package)."""
    if importlib.util.find_spec("setuptools") is None:
        return False
    if importlib.util.find_spec("wheel") is not None:
        return True
    from importlib.metadata import version

    major, minor = (int(part) for part in version("setuptools").split(".")[:2])
    return (major, minor) >= (70, 1)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel of this source tree, built from a clean copy of its release files."""
    work = tmp_path_factory.mktemp("build")
    source = work / "src"
    source.mkdir()
    shutil.copy(ROOT / "pyproject.toml", source)
    shutil.copy(ROOT / "README.md", source)
    shutil.copytree(ROOT / "opstui", source / "opstui",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    isolation = ["--no-build-isolation"] if _can_build_here() else []
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", *isolation,
         "-w", str(work / "dist"), "-q"],
        cwd=work, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr
    (found,) = (work / "dist").glob("opstui-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed; returns its ``bin`` folder."""
    home = tmp_path_factory.mktemp("venv") / "fresh"
    venv.EnvBuilder(with_pip=False).create(home)
    python = home / ("Scripts" if os.name == "nt" else "bin") / "python"
    done = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
         "--no-index", "-q", str(wheel)],
        capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()"
                           "['purelib'])"], capture_output=True, text=True, check=True)
    deps = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    (Path(site.stdout.strip()) / "zz_test_dependencies.pth").write_text(
        "".join(f"{path}\n" for path in deps))
    return python.parent


def _run(bin_dir: Path, *args: str, cwd: Path, env: dict[str, str] | None = None,
         program: str = "opstui") -> subprocess.CompletedProcess[str]:
    """Run ``program`` from the venv, without this tree on ``PYTHONPATH``."""
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "OPSTUI_DB")}
    return subprocess.run([str(bin_dir / program), *args], cwd=cwd, env=clean | (env or {}),
                          capture_output=True, text=True, timeout=120, check=False)


def test_the_wheel_declares_every_dependency_of_pyproject(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        metadata = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        text = archive.read(metadata).decode()
    declared = {_name(line.split(":", 1)[1]) for line in text.splitlines()
                if line.startswith("Requires-Dist:") and "extra ==" not in line}
    wanted = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert {_name(d) for d in wanted} == declared


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ (]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_the_wheel_carries_the_demo_data_and_the_stylesheet(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert "opstui/data/demo.json" in names
    assert "opstui/ui/app.tcss" in names


def test_installed_outside_the_source_tree_it_runs_and_opens_the_demo(
        installed: Path, tmp_path: Path) -> None:
    where = _run(installed, "-c", "import opstui; print(opstui.__file__)", cwd=tmp_path,
                 program="python")
    assert Path(where.stdout.strip()).is_relative_to(installed.parent), where.stdout

    version = _run(installed, "--version", cwd=tmp_path)
    assert version.returncode == 0 and version.stdout.startswith("opstui "), version.stderr
    helped = _run(installed, "--help", cwd=tmp_path)
    assert helped.returncode == 0 and "demo" in helped.stdout, helped.stderr

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    demo = _run(installed, "demo", cwd=tmp_path, env={
        "TMPDIR": str(scratch),
        "OPSTUI_TODAY": "2026-11-23",
        "TEXTUAL_DRIVER": "textual.drivers.headless_driver:HeadlessDriver",
        "TEXTUAL_SCREENSHOT": "2",
        "TEXTUAL_SCREENSHOT_LOCATION": str(tmp_path),
        "TEXTUAL_SCREENSHOT_FILENAME": "screen.svg",
    })
    assert demo.returncode == 0, demo.stderr
    screen = html.unescape((tmp_path / "screen.svg").read_text()).replace("\xa0", " ")
    assert "opstui (demo)" in screen
    assert "2026-11-23" in screen
    assert list(scratch.iterdir()) == []  # the demo's copy went away with the TUI
