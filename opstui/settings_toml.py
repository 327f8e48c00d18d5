"""Writing the settings as TOML: every key with its documentation as a comment.

Our own writer, not ``tomli-w``/``tomlkit`` (see ``opstui.settings_file``): the settings are a
fixed, small shape, and the round trip through ``tomllib`` is tested.
"""

from __future__ import annotations

import json
from functools import cache
from itertools import pairwise
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import BaseModel

    from opstui.domain.settings import Settings

HEADER = (
    "# opstui settings. Every key is optional: a missing or bad key uses its default.\n"
    "# opstui rewrites this file when a setting changes in the app or by 'opstui config\n"
    "# set' (your own comments are not kept). Keys are documented in the README.\n"
)


def toml_value(value: Any) -> str:
    """``value`` (str, bool, int, float or a list of them) as a TOML value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # JSON string escapes are valid TOML
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"no TOML form for {type(value).__name__}")


def toml_key(key: str) -> str:
    """A bare key when it may be one, else a quoted key (``"before.add"``)."""
    bare = key and all(c.isascii() and (c.isalnum() or c in "-_") for c in key)
    return key if bare else json.dumps(key, ensure_ascii=False)


@cache
def field_docs(model: type[BaseModel]) -> dict[str, str]:
    """The attribute docstrings of ``model``'s fields (read from its source, on demand)."""
    import ast
    import inspect
    import textwrap

    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(model)))
    except (OSError, TypeError):
        return {}
    body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
    docs: dict[str, str] = {}
    for field_node, next_node in pairwise(body):
        if (isinstance(field_node, ast.AnnAssign) and isinstance(field_node.target, ast.Name)
                and isinstance(next_node, ast.Expr)
                and isinstance(next_node.value, ast.Constant)
                and isinstance(next_node.value.value, str)):
            docs[field_node.target.id] = " ".join(next_node.value.value.split())
    return docs


def _doc(model: type[BaseModel], name: str) -> str:
    return field_docs(model).get(name, "")


def _table(lines: list[str], header: str, model: BaseModel, doc: str = "") -> None:
    """Write the scalar and list keys of ``model``, then its sub-tables."""
    from pydantic import BaseModel as Model

    data = model.model_dump(mode="json", by_alias=True)
    cls = type(model)
    nested: list[tuple[str, Any, str]] = []
    if header:
        lines.append("")
        if doc:
            lines.append(f"# {doc}")
        lines.append(f"[{header}]")
    for name, info in cls.model_fields.items():
        key = info.alias or name
        value = data[key]
        attr = getattr(model, name)
        if isinstance(attr, (Model, dict)) or (
                isinstance(attr, list) and attr and isinstance(attr[0], Model)):
            nested.append((key, attr, _doc(cls, name)))
            continue
        doc = _doc(cls, name)
        if doc:
            lines.append(f"# {doc}")
        lines.append(f"{toml_key(key)} = {toml_value(value)}")
    for key, attr, doc in nested:
        full = f"{header}.{toml_key(key)}" if header else toml_key(key)
        if isinstance(attr, list):
            for number, item in enumerate(attr):
                lines.append("")
                if doc and not number:
                    lines.append(f"# {doc}")
                lines.append(f"[[{full}]]")
                for k, v in item.model_dump(mode="json", by_alias=True).items():
                    lines.append(f"{toml_key(k)} = {toml_value(v)}")
        elif isinstance(attr, dict):
            lines.append("")
            if doc:
                lines.append(f"# {doc}")
            lines.append(f"[{full}]")
            for k, v in attr.items():
                lines.append(f"{toml_key(k)} = {toml_value(v)}")
        else:
            _table(lines, full, attr, doc)


def to_toml(settings: Settings) -> str:
    """The whole settings file for ``settings``: every key, documented."""
    lines: list[str] = []
    _table(lines, "", settings)
    return HEADER + "\n" + "\n".join(line for line in lines) + "\n"


# -- config set ---------------------------------------------------------------------------
