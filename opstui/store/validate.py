"""The one validator of stored records: what ``check``, the CLI and the TUI all accept.

A stored record is valid when it has an ``id``, passes its model's validation, has every
date within the years opstui accepts (``opstui.domain.dates.check_year_range``) and is the
only record of its table with that id in its file. ``DataFile`` refuses a file with the
first problem found; ``opstui check`` lists them all; both ask this module.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from functools import cache
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from opstui.domain.dates import MAX_YEAR, MIN_YEAR, year_in_range
from opstui.domain.models import TABLES, Record


class RecordProblem(ValueError):
    """A stored record that is not valid; the message names its table and id."""


def first_error(exc: ValidationError) -> str:
    """``field: message`` of the first error pydantic found."""
    err = exc.errors()[0]
    where = ".".join(str(part) for part in err["loc"]) or "record"
    return f"{where}: {err['msg']}"


def _leaves(annotation: Any) -> Iterator[Any]:
    """The plain types an annotation is made of (``list[date] | None``: date, NoneType)."""
    args = get_args(annotation)
    if not args:
        yield annotation
        return
    for arg in args:
        yield from _leaves(arg)


@cache
def _date_plan(cls: type[BaseModel]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The fields of ``cls`` that can hold dates, and those holding models (to look into).

    Worked out once per class, so checking 10k records costs a few attribute reads each.
    """
    dates, models = [], []
    for name, info in cls.model_fields.items():
        leaves = [t for t in _leaves(info.annotation) if isinstance(t, type)]
        if any(issubclass(t, date) for t in leaves):
            dates.append(name)
        if any(issubclass(t, BaseModel) for t in leaves):
            models.append(name)
    return tuple(dates), tuple(models)


_FIELDS_SETS: dict[frozenset[str], set[str]] = {}
_MOST_FIELDS_SETS = 4096


def _settle(model: BaseModel, where: str = "", depth: int = 0) -> str | None:
    """Check the dates inside a just-validated stored record and share its sets of fields.

    Returns the first date inside ``model`` whose year opstui does not accept, as
    ``field: ...``, or None. On the way (one walk for both), ``model`` and the models inside
    it get one shared copy of their set of fields given: pydantic keeps that set on every
    instance, and a set of a dozen names is 728 bytes (at 10 years of tasks, 6 MiB of copies
    of a few hundred distinct sets). Stored records are never changed in place (a change is
    a new record: ``evolve``, or ``model_copy``, which copies the set before adding to it),
    and nothing in opstui reads the set of a stored record; only pydantic's in-place
    assignment, which opstui never uses on them, would add to it.
    """
    fields = frozenset(model.__pydantic_fields_set__)
    shared = _FIELDS_SETS.get(fields)
    if shared is None and len(_FIELDS_SETS) < _MOST_FIELDS_SETS:
        shared = _FIELDS_SETS[fields] = set(fields)
    if shared is not None:
        object.__setattr__(model, "__pydantic_fields_set__", shared)
    dates, models = _date_plan(type(model))
    for name in dates:
        value = getattr(model, name)
        for item in value if isinstance(value, (list, tuple, set, frozenset)) else (value,):
            if isinstance(item, date) and not year_in_range(item.year):
                return (f"{where}{name}: {item.isoformat()} is outside the years opstui "
                        f"accepts ({MIN_YEAR} to {MAX_YEAR})")
    if depth < 3:
        for name in models:
            value = getattr(model, name)
            items = value if isinstance(value, (list, tuple)) else (value,)
            for index, item in enumerate(items):
                if isinstance(item, BaseModel):
                    label = f"{where}{name}." if items is not value else f"{where}{name}.{index}."
                    found = _settle(item, label, depth + 1)
                    if found:
                        return found
    return None


def validate_doc(name: str, doc_id: str, doc: Mapping[str, Any]) -> Record:
    """The record stored as ``doc`` under ``doc_id`` in table ``name``.

    Raises:
        RecordProblem: No id (every load would invent a new one), an invalid field, or a
            date outside the accepted years.
    """
    if not isinstance(doc.get("id"), str) or not doc.get("id"):
        raise RecordProblem(f"{name} record #{doc_id} has no id")
    try:
        record = TABLES[name].model_validate(doc)
    except ValidationError as exc:
        raise RecordProblem(
            f"{name} record {doc['id']!r} is invalid: {first_error(exc)}") from None
    bad = _settle(record)
    if bad:
        raise RecordProblem(f"{name} record {doc['id']!r} is invalid: {bad}")
    return record


def validate_table(name: str, docs: Mapping[str, Mapping[str, Any]],
                   previous: tuple[Mapping[str, Mapping[str, Any]], Mapping[str, Record]]
                   | None = None) -> Iterator[tuple[str, Record | None, str | None]]:
    """Validate every record of one table of one file.

    Args:
        name: The table.
        docs: Its stored documents by document id.
        previous: An earlier version of the same table of the same file (its documents by
            document id, and the records validated from them by record id): a document
            stored exactly as before gives the record validated then, not validated again.

    Yields:
        (doc_id, record, None) for a valid record, (doc_id, None, problem) for one that is
        not (a second record with an id already seen is a problem).
    """
    seen: set[str] = set()
    old_docs, old_records = previous or ({}, {})
    for doc_id, doc in docs.items():
        record_id = doc.get("id")
        record = (old_records.get(record_id) if isinstance(record_id, str)
                  and old_docs.get(doc_id) == doc else None)
        try:
            record = record or validate_doc(name, doc_id, doc)
        except RecordProblem as exc:
            yield doc_id, None, str(exc)
            continue
        if record.id in seen:
            yield doc_id, None, f"{name} has two records with id {record.id!r}"
            continue
        seen.add(record.id)
        yield doc_id, record, None
