"""Preference actions: the language reports are written in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from opstui.actions.errors import ActionError, Outcome
from opstui.actions.unit import work
from opstui.domain.clock import Clock

if TYPE_CHECKING:
    from opstui.store.repository import Repository


def set_language(repo: Repository, clock: Clock, lang: str, *, source: str = "cli"
                 ) -> Outcome:
    """Remember ``en`` or ``zh`` as the language of reports (the After previews keep the
    last one chosen). A preference, not a record: not journalled.

    Raises:
        ActionError: Not ``en`` or ``zh``.
    """
    from opstui.domain.models import Settings

    if lang not in ("en", "zh"):
        raise ActionError(f"language must be en or zh, not {lang!r}", "lang")
    with work(repo, clock, "language", source=source) as w:
        w.journal = False
        settings = repo.settings()
        if settings.lang != lang:
            repo.save_settings(Settings.model_validate({**settings.model_dump(), "lang": lang}))
        w.say(f"Reports are written in {'Chinese' if lang == 'zh' else 'English'}")
    return w.outcome
