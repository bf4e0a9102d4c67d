"""Copy what a plugin hands casebook into plain JSON data, or say exactly where it is not.

A plugin's hook may return mappings (or model objects) of its own making, and they may hold
anything Python can: keys that are not strings, sets, dates, ``MappingProxyType``, objects.
Validation and conversion expect JSON data, so each contribution is first copied into dicts,
lists, strings, numbers, booleans and ``None``. The copy walks the data with its own stack, not
by recursion, so no nesting can exhaust Python's; every value of a type JSON cannot hold
becomes a :class:`~casebook.errors.Problem` with its JSON Pointer, reported against the plugin.
Values of JSON's own types are copied as they are: the bounds on them (finite numbers, safe
integers, Unicode text, nesting depth) are checked once for every document, wherever it came
from, by :mod:`casebook.format.limits`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from casebook.errors import Problem, ValidationError, pointer
from casebook.wording import shorten

#: How many problems to list before saying that there are more.
MAX_PROBLEMS = 20
_SHOWN = 60


def plain_data(value: object, where: str) -> Any:
    """Return a copy of *value* made of JSON types only.

    :param where: how problems name the data, e.g. ``<plugin NAME>``.
    :raises ValidationError: naming each place that holds something JSON cannot.
    """
    problems: list[Problem] = []
    root: list[Any] = [None]
    stack: list[tuple[object, Any, Any, tuple[Any, ...]]] = [(value, root, 0, ())]
    while stack and len(problems) < MAX_PROBLEMS:
        item, parent, slot, path = stack.pop()
        if isinstance(item, Mapping):
            copy: dict[str, Any] = {}
            for key, child in item.items():
                if not isinstance(key, str):
                    problems.append(_problem(where, path, f"has a key {_show(key)}: {_KEY}"))
                    continue
                copy[key] = None
                stack.append((child, copy, key, (*path, key)))
            parent[slot] = copy
        elif isinstance(item, (list, tuple)):
            items: list[Any] = [None] * len(item)
            stack.extend((child, items, i, (*path, i)) for i, child in enumerate(item))
            parent[slot] = items
        else:
            scalar, message = _scalar(item)
            if message:
                problems.append(_problem(where, path, message))
            parent[slot] = scalar
    if stack:
        problems.append(_problem(where, (), "has more problems than these; fix these first"))
    if problems:
        raise ValidationError(problems)
    return root[0]


_KEY = "keys must be strings of text"


def _scalar(item: object) -> tuple[Any, str | None]:
    """Return a JSON scalar for *item*, or a message saying why there is none."""
    if item is None or isinstance(item, bool):
        return item, None
    if isinstance(item, int):
        return int(item), None
    if isinstance(item, float):
        return float(item), None
    if isinstance(item, str):
        return str(item), None
    kind = type(item).__name__
    if isinstance(item, (set, frozenset)):
        return None, f"is a {kind}, which JSON cannot hold: use a list"
    hint = " (write dates as 'YYYY-MM-DD' strings)" if hasattr(item, "isoformat") else ""
    return None, f"is a {kind} object, which is not JSON data{hint}"


def _show(value: object) -> str:
    """Return a short, printable excerpt of *value* for a message."""
    text = repr(value) if isinstance(value, str) else f"{type(value).__name__} {value!r}"
    return shorten(text, _SHOWN)


def _problem(where: str, path: tuple[Any, ...], message: str) -> Problem:
    return Problem(where, pointer(path), message)
