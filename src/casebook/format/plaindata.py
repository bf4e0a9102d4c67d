"""Copy what a plugin hands casebook into plain JSON data, or say exactly where it is not.

A plugin's hook may return mappings (or model objects) of its own making, and they may hold
anything Python can: keys that are not strings, sets, dates, ``MappingProxyType``, objects,
containers that hold themselves. Validation and conversion expect JSON data, so each
contribution is first copied into dicts, lists, strings, numbers, booleans and ``None``. The copy
walks the data with its own stack, not by recursion, so no nesting can exhaust Python's; every
value of a type JSON cannot hold becomes a :class:`~casebook.errors.Problem` with its JSON
Pointer, reported against the plugin.

The walk keeps the containers it is inside, so that a container holding itself (a cycle, which
no copy could end) is a problem where the data refers back, and it goes no deeper than
:data:`~casebook.format.limits.MAX_DEPTH` levels: deeper data is the one problem that a file
nested too deep gives, found without copying what lies below that level. A path is made only
for a problem. A value that appears twice without holding itself (one list in two places) is
not a cycle and is copied at each place.

Values of JSON's own types are copied as they are: the other bounds on them (finite numbers,
safe integers, Unicode text) are checked once for every document, wherever it came from, by
:mod:`casebook.format.limits`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from casebook.errors import Problem, ValidationError, pointer
from casebook.format.limits import MAX_DEPTH, TOO_DEEP
from casebook.wording import shorten

#: How many problems to list before saying that there are more.
MAX_PROBLEMS = 20
_SHOWN = 60


def plain_data(value: object, where: str) -> Any:
    """Return a copy of *value* made of JSON types only.

    :param where: how problems name the data, e.g. ``<plugin NAME>``.
    :raises ValidationError: naming each place that holds something JSON cannot, or the one
        place where the data nests deeper than :data:`~casebook.format.limits.MAX_DEPTH`.
    """
    problems: list[Problem] = []
    root: list[Any] = [None]
    # What is left to copy: each value, where its copy goes (container and slot), its depth.
    stack: list[tuple[object, Any, Any, int]] = [(value, root, 0, 0)]
    # The containers that the value being copied is inside, outermost first, each with its slot
    # in its own container; and the depth of each by its id, to find a cycle at once. Each is
    # held here, so that its id is not reused while the walk is inside it.
    inside: list[tuple[object, Any]] = []
    depths: dict[int, int] = {}
    while stack and len(problems) < MAX_PROBLEMS:
        item, parent, slot, depth = stack.pop()
        kind = type(item)
        if kind is str or kind is int or kind is float or kind is bool or item is None:
            parent[slot] = item  # the common case, first: JSON's own, as it is
            continue
        while len(inside) > depth:  # the walk has left these containers
            del depths[id(inside.pop()[0])]
        if not isinstance(item, (Mapping, list, tuple)):
            scalar, message = _scalar(item)
            if message:
                problems.append(Problem(where, _pointer(inside, slot), message))
            parent[slot] = scalar
            continue
        if id(item) in depths:
            message = _cycle(item, inside[: depths[id(item)] + 1])
            problems.append(Problem(where, _pointer(inside, slot), message))
            continue
        if depth >= MAX_DEPTH:
            raise ValidationError([Problem(where, _pointer(inside, slot), TOO_DEEP)])
        depths[id(item)] = depth
        inside.append((item, slot))
        parent[slot] = _copy_container(item, stack, depth + 1, problems, where, inside)
    if stack:
        problems.append(Problem(where, "", "has more problems than these; fix these first"))
    if problems:
        raise ValidationError(problems)
    return root[0]


def _copy_container(
    item: Mapping[Any, Any] | list[Any] | tuple[Any, ...],
    stack: list[tuple[object, Any, Any, int]],
    depth: int,
    problems: list[Problem],
    where: str,
    inside: list[tuple[object, Any]],
) -> dict[str, Any] | list[Any]:
    """Return an empty copy of *item*, and put each of its values on *stack* to copy into it."""
    if not isinstance(item, Mapping):
        items: list[Any] = [None] * len(item)
        stack.extend((child, items, i, depth) for i, child in enumerate(item))
        return items
    copy: dict[str, Any] = {}
    for key, child in item.items():
        if not isinstance(key, str):
            message = f"has a key {_show(key)}: {_KEY}"
            problems.append(Problem(where, _at(inside), message))
            continue
        copy[key] = None
        stack.append((child, copy, key, depth))
    return copy


def _at(inside: list[tuple[object, Any]]) -> str:
    """Return the JSON Pointer of the innermost container of *inside*.

    The outermost container is the data itself: its slot is no part of any path.
    """
    return pointer([key for _, key in inside[1:]])


def _pointer(inside: list[tuple[object, Any]], slot: Any) -> str:
    """Return the JSON Pointer of the value in *slot* of the innermost container of *inside*."""
    return pointer([*(key for _, key in inside[1:]), slot]) if inside else ""


def _cycle(item: object, holders: list[tuple[object, Any]]) -> str:
    """Say that *item* is the container at the end of *holders*, which it is inside."""
    kind = "object" if isinstance(item, Mapping) else "array"
    at = _at(holders) or "/"
    return f"refers back to the {kind} at {at} that holds it: JSON data cannot contain itself"


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
