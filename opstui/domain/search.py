"""Search as the lists do it: every word typed must appear in the record's text.

Matching is case-insensitive and by substring, so Chinese (which has no spaces between
words) matches any part of a title: ``留存`` finds ``D7 留存事故复盘``. A word starting with
``#`` matches a tag, one starting with ``@`` an owner.
"""

from __future__ import annotations

from collections.abc import Iterable

from opstui.domain.models import Task


def query_words(query: str) -> list[str]:
    """The words of ``query``, case-folded (empty for a blank query)."""
    return [word.casefold() for word in query.split()]


def text_matches(query: str, texts: Iterable[str | None]) -> bool:
    """Whether every word of ``query`` is in one of ``texts`` (a blank query matches)."""
    haystack = "\n".join(t for t in texts if t).casefold()
    return all(word in haystack for word in query_words(query))


def task_matches(task: Task, query: str) -> bool:
    """Whether ``task`` matches ``query`` on its title, owner, tags or short id.

    ``#tag`` words match tags (by prefix), ``@name`` words match the owner (by prefix);
    other words match anywhere in the title, owner, tags or id.
    """
    tags = [tag.casefold() for tag in task.tags]
    owner = (task.owner or "").casefold()
    plain = "\n".join([task.title, task.owner or "", *task.tags, task.short_id]).casefold()
    for word in query_words(query):
        if word.startswith("#") and len(word) > 1:
            if not any(tag.startswith(word[1:]) for tag in tags):
                return False
        elif word.startswith("@") and len(word) > 1:
            if not owner.startswith(word[1:]):
                return False
        elif word not in plain:
            return False
    return True
