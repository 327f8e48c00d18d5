"""The record table map and the lazily created record classes of ``opstui.domain.models``."""

from __future__ import annotations

import subprocess
import sys

from opstui.domain import journal, models, people, records
from opstui.domain.base import Record


def _record_classes() -> set[type[Record]]:
    """Every record class with a table, from the modules that define them."""
    found: set[type[Record]] = set()
    for module in (models, records, people, journal):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Record) and value.table:
                found.add(value)
    return found


def test_every_table_maps_to_the_class_that_names_it() -> None:
    assert {cls.table for cls in _record_classes()} == set(models.TABLES)
    for table, cls in models.TABLES.items():
        assert cls.table == table
    assert set(models.RECORD_TABLES) == set(models.TABLES) - {journal.JournalEntry.table}
    assert tuple(models.RECORD_TABLES.values()) == models.RECORD_TYPES
    assert models.Meeting is records.Meeting and models.Settings.__name__ == "Settings"


def test_validating_a_task_creates_no_meeting_or_settings_class() -> None:
    """A fresh process that validates a task never imports the other record modules."""
    code = (
        "import sys\n"
        "from opstui.domain.models import TABLES, Task\n"
        "Task.model_validate({'title': 'x'})\n"
        "assert list(TABLES)[0] == 'tasks' and TABLES['tasks'] is Task\n"
        "print(sorted(m for m in ('opstui.domain.records', 'opstui.domain.people',\n"
        "                         'opstui.domain.settings') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
