"""Read field descriptions, enumerations and patterns from the case-study schema casebook ships.

The Table Schemas of the package say what each column means in the words of
``case-study.schema.json``, the file casebook validates every record against, so the two cannot
drift apart. The file is read from inside the installed casebook package (``schemas/`` next to
its modules), where casebook itself reads it.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

#: Where the schema lies inside the casebook package.
SCHEMA_RESOURCE = ("schemas", "case-study.schema.json")
# Every anchored pattern of the schema ends in this look-ahead (an end that "$" would not give:
# "$" also matches before a final line feed); a Table Schema pattern is anchored at both ends.
_END = "(?![\\s\\S])"


@functools.cache
def schema() -> dict[str, Any]:
    """Return the case-study JSON Schema shipped inside the installed casebook package."""
    text = resources.files("casebook").joinpath(*SCHEMA_RESOURCE).read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def definition(of: str) -> dict[str, Any]:
    """Return the schema object *of*: ``""`` for the case study itself, else a ``$defs`` name."""
    root = schema()
    return root if of == "" else root["$defs"][of]  # type: ignore[no-any-return]


def _target(node: dict[str, Any]) -> dict[str, Any]:
    """Return the definition *node* refers to, or *node* itself if it has no ``$ref``."""
    ref = node.get("$ref")
    return definition(ref.rsplit("/", 1)[-1]) if ref else node


def prop(of: str, name: str) -> dict[str, Any]:
    """Return the schema of property *name* of object *of*; raise :class:`KeyError` if absent."""
    return definition(of)["properties"][name]  # type: ignore[no-any-return]


def description(of: str, name: str) -> str:
    """Return the description of property *name* of *of*, or of the definition it refers to."""
    node = prop(of, name)
    return str(node.get("description") or _target(node)["description"])


def required(of: str, name: str) -> bool:
    """Tell whether a cell of property *name* of *of* is always present.

    It is when the schema requires the property, and for a list: each item is a row of its own
    table, which exists only with a value.
    """
    return name in definition(of).get("required", ()) or is_list(of, name)


def is_list(of: str, name: str) -> bool:
    """Tell whether property *name* of *of* is a list."""
    return _target(prop(of, name)).get("type") == "array"


def constraints(of: str, name: str) -> dict[str, Any]:
    """Return the Table Schema constraints the schema gives one value of property *name*.

    An enumeration becomes ``enum``; an anchored pattern (ids, partial dates, URLs) becomes
    ``pattern``. For a list, the constraints of one item: each item is a row of its own table.
    """
    node = _target(prop(of, name))
    if node.get("type") == "array":
        node = _target(node["items"])
    found: dict[str, Any] = {}
    if "enum" in node:
        found["enum"] = list(node["enum"])
    pattern = node.get("pattern", "")
    if pattern.startswith("^") and pattern.endswith(_END):
        found["pattern"] = pattern[1 : -len(_END)]
    return found
