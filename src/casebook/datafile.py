"""Read case-study and framework data files (JSON or TOML) into plain data.

Authors write TOML (comments, multi-line strings); scripts write JSON. Either way the result is
the same JSON-like data, and anything wrong with the file itself (missing, not UTF-8, empty, a
syntax error with its line and column, a duplicate key) becomes a :class:`~casebook.errors.Problem`
naming the file instead of a traceback.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from casebook.errors import Problem, ValidationError

#: File suffixes casebook reads, and the format each one holds.
SUFFIXES = {".json": "JSON", ".toml": "TOML"}

_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def is_json(path: str | os.PathLike[str]) -> bool:
    """Tell whether the data file at *path* holds JSON (else TOML), by its suffix."""
    return os.fspath(path).lower().endswith(".json")


def read_data(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Return the top-level object of the data file at *path*.

    :raises ValidationError: with one problem naming the file, if it cannot be read as data.
    """
    return parse_data(read_bytes(path), path)


def _failure(path: str | os.PathLike[str], message: str) -> ValidationError:
    return ValidationError([Problem(str(path), "", message)])


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """Return the bytes of the data file at *path*, checking that casebook reads its type.

    :raises ValidationError: with one problem naming the file, if it cannot be read.
    """
    path = Path(path)
    if path.suffix.lower() not in SUFFIXES:
        # Checked before reading, so a large file of another kind is never read; a data file
        # goes straight to the read, which reports a missing file itself.
        if not path.exists():
            raise _failure(path, "file not found")
        if not path.is_dir():
            known = ", ".join(sorted(SUFFIXES))
            message = f"unknown file type {path.suffix or '(none)'!r}: use one of {known}"
            raise _failure(path, message)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise _failure(path, "file not found") from None
    except IsADirectoryError:
        raise _failure(path, "is a directory, not a data file") from None
    except OSError as exc:
        raise _failure(path, f"cannot read: {exc.strerror or exc}") from None


def parse_data(raw: bytes, path: str | os.PathLike[str]) -> dict[str, Any]:
    """Return the top-level object of *raw*, the bytes of the file *path* (JSON or TOML).

    :raises ValidationError: with one problem naming the file, if it is not a data object.
    """
    suffix = Path(path).suffix.lower()

    def fail(message: str) -> ValidationError:
        return _failure(path, message)

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise fail(f"not UTF-8 text: invalid byte 0x{raw[exc.start]:02x} on line {line}") from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise fail(f"the file is empty: expected a {SUFFIXES[suffix]} object")
    data = _parse_json(text, fail) if is_json(path) else _parse_toml(text, fail)
    if not isinstance(data, dict):
        raise fail(f"the top level must be an object, not {_json_type(data)}")
    return data


def _parse_json(text: str, fail: Any) -> Any:
    try:
        return json.loads(
            text, object_pairs_hook=_reject_duplicate_keys, parse_constant=_reject_constant
        )
    except json.JSONDecodeError as exc:
        raise fail(f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except ValueError as exc:
        raise fail(f"invalid JSON: {exc}") from None


def _parse_toml(text: str, fail: Any) -> Any:
    import tomllib  # noqa: PLC0415 - only needed when a file is not in the cache

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_POSITION.search(message)
        if match:
            message = message[: match.start()]
            raise fail(f"invalid TOML at line {match[1]}, column {match[2]}: {message}") from None
        raise fail(f"invalid TOML: {message}") from None
    import datetime  # noqa: PLC0415 - TOML's dates are datetime objects, so tomllib has it

    return _dates_to_text(data, (datetime.date, datetime.time))


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            msg = f"duplicate key {key!r}"
            raise ValueError(msg)
        result[key] = value
    return result


def _reject_constant(name: str) -> Any:
    msg = f"{name} is not a JSON number"
    raise ValueError(msg)


def _dates_to_text(value: Any, date_types: tuple[type, ...]) -> Any:
    """Turn TOML's date values (instances of *date_types*) into the format's ISO strings."""
    if isinstance(value, Mapping):
        return {k: _dates_to_text(v, date_types) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_to_text(v, date_types) for v in value]
    if isinstance(value, date_types):
        return value.isoformat()  # type: ignore[attr-defined]
    return value


def _json_type(value: Any) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    return "a number" if isinstance(value, (int, float)) else type(value).__name__
