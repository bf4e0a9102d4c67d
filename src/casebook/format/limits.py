"""The bounds every document must keep, whatever it came from: depth, numbers and text.

A validated case study must always export as JSON, and checking it must never hit Python's
recursion limit. So, before any schema check, every document (a parsed file or a plugin's
mapping) is walked once, without recursion, for what JSON Schema cannot say:

- nesting no deeper than :data:`MAX_DEPTH` levels of arrays and objects;
- numbers that JSON carries faithfully: finite floats (no NaN or infinity) and integers whose
  size is at most :data:`MAX_SAFE_INTEGER` (2**53 - 1, the largest that every JSON reader,
  JavaScript's included, holds exactly);
- text that is Unicode (no lone surrogates, which UTF-8 cannot encode).

Each value that breaks a bound is a :class:`~casebook.errors.Problem` with its JSON Pointer.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from casebook.errors import Problem, pointer
from casebook.wording import excerpt, quote

#: Arrays and objects nest at most this deep (the format itself needs six levels).
MAX_DEPTH = 32
#: The largest integer size kept: 2**53 - 1, exact in every JSON reader.
MAX_SAFE_INTEGER = 2**53 - 1

_SURROGATE = re.compile("[\ud800-\udfff]")
#: The message of data nested too deep.
TOO_DEEP = f"nested deeper than {MAX_DEPTH} levels of arrays and objects"


def document_problems(data: Any, file: str) -> list[Problem]:
    """Return a problem for each value of *data* that breaks a bound; empty if none does.

    When the nesting is too deep, that is the only problem returned: nothing else may walk
    such data.
    """
    problems: list[Problem] = []
    stack: list[tuple[tuple[Any, ...], Any]] = [((), data)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, Mapping):
            items: Any = node.items()
        elif isinstance(node, list):
            items = enumerate(node)
        else:
            continue
        if len(path) >= MAX_DEPTH:
            return [Problem(file, pointer(path), TOO_DEEP)]
        for key, value in items:
            kind = type(value)
            if kind is dict or kind is list or (kind is not str and isinstance(value, Mapping)):
                stack.append(((*path, key), value))
            elif kind is str:
                if not value.isascii() and _SURROGATE.search(value):
                    problems.append(_text_problem(file, (*path, key), value))
            elif kind is float or kind is int:
                message = _number_problem(value)
                if message:
                    problems.append(Problem(file, pointer((*path, key)), message))
            if type(key) is str and not key.isascii() and _SURROGATE.search(key):
                problems.append(_text_problem(file, (*path, key), key))
    return problems


def too_deep(problems: list[Problem]) -> bool:
    """Tell whether *problems*, from :func:`document_problems`, say the data is nested too deep."""
    return bool(problems) and problems[0].message == TOO_DEEP


def _number_problem(value: float) -> str | None:
    if isinstance(value, float):
        if math.isfinite(value):
            return None
        return (
            f"{value!r} is not a finite number (beyond about 1.8e308 a number becomes infinity): "
            "JSON cannot hold it"
        )
    if -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
        return None
    return (
        f"{excerpt(value)} is too large: integers are kept exactly only up to "
        f"{MAX_SAFE_INTEGER:,} (2**53 - 1) in size"
    )


def _text_problem(file: str, path: tuple[Any, ...], text: str) -> Problem:
    return Problem(
        file,
        pointer(path),
        f"{quote(text)} holds a lone surrogate, which is not Unicode text",
    )
