"""The layers hold: domain and store import without the TUI, and the domain without TinyDB."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
import textwrap

import pytest

import opstui.domain
import opstui.store


def modules_of(package: object) -> list[str]:
    """Every module in ``package``, found on disk so new modules are checked too."""
    prefix = package.__name__ + "."  # type: ignore[attr-defined]
    found = pkgutil.walk_packages(package.__path__, prefix)  # type: ignore[attr-defined]
    return sorted(info.name for info in found)


DOMAIN = modules_of(opstui.domain)
STORE = modules_of(opstui.store)


def loaded_after_importing(modules: list[str]) -> set[str]:
    """Top-level package names in ``sys.modules`` after a fresh interpreter imports ``modules``."""
    script = textwrap.dedent(
        """
        import importlib, json, sys
        for name in sys.argv[1:]:
            importlib.import_module(name)
        print(json.dumps(sorted({m.split(".")[0] for m in sys.modules})))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *modules], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout))


def test_the_layers_were_found() -> None:
    assert {"opstui.domain.models", "opstui.domain.dates"} <= set(DOMAIN)
    assert {"opstui.store.storage", "opstui.store.repository"} <= set(STORE)


@pytest.mark.parametrize("modules", [DOMAIN, STORE], ids=["domain", "store"])
def test_domain_and_store_do_not_load_the_tui(modules: list[str]) -> None:
    loaded = loaded_after_importing(modules)
    assert "opstui" in loaded
    assert loaded.isdisjoint({"textual", "rich"})


def test_domain_does_not_load_tinydb() -> None:
    loaded = loaded_after_importing(DOMAIN)
    assert "pydantic" in loaded
    assert "tinydb" not in loaded


def test_importing_opstui_loads_nothing_heavy() -> None:
    loaded = loaded_after_importing(["opstui"])
    assert loaded.isdisjoint({"textual", "rich", "tinydb", "pydantic", "orjson"})
