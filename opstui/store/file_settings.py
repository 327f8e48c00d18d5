"""The preferences kept in the data file itself, in its ``settings`` table.

The user's settings live in the settings file, read at the edge and given to the
repository. A data set used without one (an older opstui kept its preferences here; tests
and scripts still do) reads and writes this table instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import ValidationError

from opstui.store.datafile import DataFile, first_error
from opstui.store.disk import DataFileError, newest_backup

if TYPE_CHECKING:
    from opstui.domain.settings import Settings

SETTINGS_TABLE = "settings"


class FileSettings:
    """The ``settings`` table of one data file, validated once per version of the file.

    Args:
        hot: The data file.
        lenient: Invalid settings give the defaults (named among the file's skipped
            records) instead of refusing the file.
    """

    def __init__(self, hot: DataFile, lenient: bool) -> None:
        self._hot = hot
        self._lenient = lenient
        self._settings: Settings | None = None
        self._generation = -1

    def read(self) -> Settings:
        """The settings stored in the file (the defaults when it holds none).

        Raises:
            DataFileError: They are invalid (unless lenient).
        """
        from opstui.domain.settings import Settings

        self._hot.sync()
        generation = self._hot.storage.generation
        if self._settings is not None and self._generation == generation:
            return self._settings
        raw = self._hot.storage.read().get(SETTINGS_TABLE, {}).get("1", {})
        try:
            self._settings = Settings.model_validate(raw)
        except ValidationError as exc:
            if not self._lenient:
                raise DataFileError(self._hot.path, f"settings are invalid: {first_error(exc)}",
                                    newest_backup(self._hot.path)) from None
            self._hot.skipped[(SETTINGS_TABLE, "1")] = (
                f"settings are invalid: {first_error(exc)} (defaults used)")
            self._settings = Settings()
        self._generation = generation
        return self._settings

    def write(self, settings: Settings) -> None:
        """Store ``settings`` in the file (inside the repository's transaction)."""
        from tinydb.table import Document

        table = self._hot.db.table(SETTINGS_TABLE)
        table.upsert(Document(settings.model_dump(mode="json"), doc_id=1))

    def written(self, settings: Settings) -> None:
        """Note that ``settings`` are what the file now holds (after the transaction)."""
        self._settings, self._generation = settings, self._hot.storage.generation

    def forget(self) -> None:
        """Read the table again when next asked (another process may have changed it)."""
        self._settings = None
