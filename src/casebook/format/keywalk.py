"""Find where given keys occur in a document: everywhere in any data, or along the schema.

The semantic checks look at every ``cites`` list and every date, wherever it is. In data that
may be anything, :func:`walk_keys` looks at every value. In data that passed the schema, where
each key can be is known beforehand: :func:`key_plan` works that out once from the schema, and
:func:`walk_plan` visits only the objects that can hold such a key. Both find the same keys in
schema-valid data (a property test draws case studies to check it); the plan takes a fraction
of the time.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Callable, Collection, Mapping
from typing import Any

from casebook.format import limits

Found = list[tuple[tuple[Any, ...], Any]]
#: What to look at in one object: the keys it may hold, and for each property that can lead to
#: more, the plan of its value.
ObjectPlan = tuple[tuple[str, ...], tuple[tuple[str, "ValuePlan"], ...]]
#: ``("object", plan)`` for an object, ``("array", plan of each item)`` for an array.
ValuePlan = tuple[str, Any]

_SCALARS = frozenset({str, int, float, bool, type(None)})


def walk_keys(data: Any, keys: Collection[str]) -> Found:
    """Return ``(path, value)`` for every key in *keys* anywhere in *data*, in document order.

    A path is built only for a container or a key found, and scalars are passed over by their
    exact type (JSON data is dicts, lists, text and numbers; other mappings take the slower
    branch). It recurses no deeper than data may nest (:data:`~casebook.format.limits.
    MAX_DEPTH`), which is reported anyway.
    """
    found: Found = []

    def visit(node: Any, path: tuple[Any, ...]) -> None:
        if len(path) >= limits.MAX_DEPTH:
            return
        kind = type(node)
        if kind is dict or (kind is not list and isinstance(node, Mapping)):
            for key, value in node.items():
                if key in keys:
                    found.append(((*path, key), value))
                elif type(value) not in _SCALARS:
                    visit(value, (*path, key))
        elif kind is list:
            for index, value in enumerate(node):
                if type(value) not in _SCALARS:
                    visit(value, (*path, index))

    visit(data, ())
    return found


def key_plan(node: Mapping[str, Any], defs: Mapping[str, Any], keys: Collection[str]) -> ValuePlan:
    """Return where *keys* can occur in a document valid by the schema *node*.

    :param defs: the schema's ``$defs``, which its ``$ref`` name.
    :raises ValueError: if the schema has an object open to other keys, or nests a definition
        in itself: then no plan can say where keys are.
    """
    plan = _value_plan(node, defs, frozenset(keys), ())
    return plan if plan is not None else ("object", ((), ()))


def walk_plan(data: Any, plan: ValuePlan) -> Found:
    """Return what :func:`walk_keys` returns for schema-valid *data*, following *plan*.

    The order may differ (objects first by the plan's keys); the checks do not depend on it.
    """
    found: Found = []

    def visit(node: Any, value_plan: ValuePlan, path: tuple[Any, ...]) -> None:
        kind, inner = value_plan
        if kind == "array":
            for index, item in enumerate(node):
                visit(item, inner, (*path, index))
            return
        keys, children = inner
        for key in keys:
            if key in node:
                found.append(((*path, key), node[key]))
        for key, child in children:
            if key in node:
                visit(node[key], child, (*path, key))

    visit(data, plan, ())
    return found


def _value_plan(
    node: Mapping[str, Any],
    defs: Mapping[str, Any],
    keys: frozenset[str],
    seen: tuple[str, ...],
) -> ValuePlan | None:
    """Return the plan of a value valid by *node*, or ``None`` if it cannot hold any of *keys*."""
    while "$ref" in node:
        name = node["$ref"].removeprefix("#/$defs/")
        if name in seen:  # a schema that nests a definition in itself has no finite plan
            msg = f"the schema nests {name!r} in itself"
            raise ValueError(msg)
        seen = (*seen, name)
        node = defs[name]
    if node.get("type") == "array":
        items = _value_plan(node.get("items", {}), defs, keys, seen)
        return None if items is None else ("array", items)
    if node.get("type") != "object":
        return None
    if node.get("additionalProperties") is not False:
        msg = "the schema has an open object, which may hold any key"
        raise ValueError(msg)
    found = tuple(name for name in node.get("properties", {}) if name in keys)
    children = tuple(
        (name, child)
        for name, value in node.get("properties", {}).items()
        if name not in keys and (child := _value_plan(value, defs, keys, seen)) is not None
    )
    if not found and not children:
        return None
    plan: ObjectPlan = (found, children)
    return ("object", plan)


#: How to reach some of the keys in schema-valid data: the properties to follow from the top,
#: ``None`` for each item of an array, and the keys to take from the objects reached.
Route = tuple[tuple[str | None, ...], tuple[str, ...]]


def plan_routes(plan: ValuePlan) -> tuple[Route, ...]:
    """Return *plan* as routes, one for each kind of object that can hold the keys."""
    routes: list[Route] = []

    def visit(value_plan: ValuePlan, steps: tuple[str | None, ...]) -> None:
        kind, inner = value_plan
        if kind == "array":
            visit(inner, (*steps, None))
            return
        keys, children = inner
        if keys:
            routes.append((steps, keys))
        for key, child in children:
            visit(child, (*steps, key))

    visit(plan, ())
    return tuple(routes)


def values_on_routes(data: Any, routes: tuple[Route, ...]) -> dict[str, list[Any]]:
    """Return, for each key the routes name, the values that :func:`walk_plan` finds for it.

    A check that passes needs no path, only the values, and takes them a key at a time: the
    cited ids of every ``cites`` list at once, say. The values of a key come in no set order.
    """
    return _route_reader(routes)(data)


@functools.cache
def _route_reader(routes: tuple[Route, ...]) -> Callable[[Any], dict[str, list[Any]]]:
    """Return the function that :func:`values_on_routes` calls for *routes*.

    It is written as Python source, nested ``if`` and ``for`` statements along each route, and
    compiled, as :mod:`casebook.format.convert` compiles its encoders: a list comprehension for
    each step of each route cost most of the time of clearing a valid case study.
    """
    keys = list(dict.fromkeys(key for _, route_keys in routes for key in route_keys))
    lines = ["def read(node0):", *(f"    found{i} = []" for i in range(len(keys)))]
    for steps, route_keys in routes:
        depth, indent = 0, "    "
        for step in steps:
            if step is None:
                lines.append(f"{indent}for node{depth + 1} in node{depth}:")
            else:
                lines.append(f"{indent}if {step!r} in node{depth}:")
                lines.append(f"{indent}    node{depth + 1} = node{depth}[{step!r}]")
            depth, indent = depth + 1, indent + "    "
        for key in route_keys:
            found = f"found{keys.index(key)}"
            lines.append(f"{indent}if {key!r} in node{depth}: {found}.append(node{depth}[{key!r}])")
    lines.append("    return {" + ", ".join(f"{k!r}: found{i}" for i, k in enumerate(keys)) + "}")
    namespace: dict[str, Any] = {}
    code = compile("\n".join(lines), "<casebook.format.keywalk: routes>", "exec")
    exec(code, namespace)  # noqa: S102 - the source is built above from the schema's routes
    return typing.cast("Callable[[Any], dict[str, list[Any]]]", namespace["read"])
