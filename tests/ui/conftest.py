"""UI fixtures: the sample data set on disk and the app with today pinned."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from ui_data import TODAY, sample_records

from opstui.store.repository import Repository
from opstui.ui.app import OpsApp


@pytest.fixture
def sample_file(data_file: Path) -> Path:
    """The sample data set, written through the real repository."""
    Repository(data_file).save_many(sample_records())
    return data_file


@pytest.fixture
def make_app() -> Callable[[Path], OpsApp]:
    """Build the app on a data file with today pinned."""
    return lambda path: OpsApp(path, today=TODAY)
