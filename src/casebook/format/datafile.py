"""Read case-study and framework data files (JSON or TOML) into plain data.

Authors write TOML (comments, multi-line strings); scripts write JSON. Either way the result is
the same JSON-like data, and anything wrong with the file itself (missing, not a regular file,
larger than :data:`MAX_FILE_SIZE`, not UTF-8, empty, nested deeper than
:data:`~casebook.format.limits.MAX_DEPTH` levels, a syntax error with its line and column, a
duplicate key) becomes a :class:`~casebook.errors.Problem` naming the file instead of a traceback.

Only regular files are read (after following symbolic links): a named pipe would block the
command, and a device such as ``/dev/zero`` never ends. The nesting is measured on the text
before a parser sees it, because both parsers recurse once per level.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from casebook.errors import Problem, ValidationError
from casebook.format.limits import MAX_DEPTH, TOO_DEEP
from casebook.wording import json_type, quote

#: File suffixes casebook reads, and the format each one holds.
SUFFIXES = {".json": "JSON", ".toml": "TOML"}
#: The largest data file casebook reads: 16 MiB, hundreds of times the largest case study.
MAX_FILE_SIZE = 16 * 1024 * 1024

_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
# Non-blocking, so that opening a named pipe returns at once (and it is then refused).
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def is_json(path: str | os.PathLike[str]) -> bool:
    """Tell whether the data file at *path* holds JSON (else TOML), by its suffix."""
    return os.fspath(path).lower().endswith(".json")


def read_data(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Return the top-level object of the data file at *path*.

    :raises ValidationError: with one problem naming the file, if it cannot be read as data.
    """
    return parse_data(read_bytes(path), path)


def suffix(path: str | os.PathLike[str]) -> str:
    """Return the suffix of *path* in lower case, as :attr:`pathlib.PurePath.suffix` finds it.

    Without making a path object: this runs for every data file.
    """
    name = os.path.basename(path)  # noqa: PTH119
    dot = name.rfind(".")
    return name[dot:].lower() if 0 < dot < len(name) - 1 else ""


def _failure(path: str | os.PathLike[str], message: str) -> ValidationError:
    return ValidationError([Problem(str(path), "", message)])


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """Return the bytes of the data file at *path*, checking that casebook reads its type.

    :raises ValidationError: with one problem naming the file, if it cannot be read, is not a
        regular file, or is larger than :data:`MAX_FILE_SIZE`.
    """
    if suffix(path) not in SUFFIXES:
        # Checked before reading, so a large file of another kind is never read; a data file
        # goes straight to the read, which reports a missing file itself.
        path = Path(path)
        if not path.exists():
            raise _failure(path, "file not found")
        if not path.is_dir():
            known = ", ".join(sorted(SUFFIXES))
            message = f"unknown file type {quote(path.suffix or '(none)')}: use one of {known}"
            raise _failure(path, message)
    return read_regular_file(os.fspath(path))


def read_regular_file(path: str, what: str = "a data file") -> bytes:
    """Return the bytes of the regular file at *path*, *what* the caller expects it to be.

    Only a regular file (after following symbolic links) is read, opened without blocking: a
    named pipe would block the command, and a device such as ``/dev/zero`` never ends.

    :raises ValidationError: with one problem naming the file, if it cannot be read, is not a
        regular file, or is larger than :data:`MAX_FILE_SIZE`.
    """
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        raise _failure(path, "file not found") from None
    except IsADirectoryError:
        raise _failure(path, f"is a directory, not {what}") from None
    except OSError as exc:
        raise _failure(path, f"cannot read: {exc.strerror or exc}") from None
    try:
        status = os.fstat(fd)
        if stat.S_ISDIR(status.st_mode):
            raise _failure(path, f"is a directory, not {what}")
        if not stat.S_ISREG(status.st_mode):
            raise _failure(path, f"is {_file_kind(status.st_mode)}, not a regular file")
        try:
            raw = _read_to_end(fd, status.st_size)
        except OSError as exc:
            raise _failure(path, f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if len(raw) > MAX_FILE_SIZE:
        message = f"is larger than {MAX_FILE_SIZE:,} bytes, the most casebook reads"
        raise _failure(path, message)
    return raw


def _read_to_end(fd: int, size: int) -> bytes:
    """Read the open file *fd* to its end, or to one byte past :data:`MAX_FILE_SIZE`.

    The first read asks for the size the file had (plus one byte), not for the most it may
    have: a buffer of 16 MiB for every small file costs more than the read itself. A file that
    grows meanwhile is read on in further reads.
    """
    chunks: list[bytes] = []
    total = 0
    wanted = min(size, MAX_FILE_SIZE) + 1
    while total <= MAX_FILE_SIZE:
        chunk = os.read(fd, min(wanted, MAX_FILE_SIZE + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        wanted = _READ_SIZE
    return b"".join(chunks)


#: What each read after the first asks for.
_READ_SIZE = 1 << 16


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def parse_data(raw: bytes, path: str | os.PathLike[str]) -> dict[str, Any]:
    """Return the top-level object of *raw*, the bytes of the file *path* (JSON or TOML).

    :raises ValidationError: with one problem naming the file, if it is not a data object.
    """
    return parse_data_noting(raw, path)[0]


def parse_data_noting(raw: bytes, path: str | os.PathLike[str]) -> tuple[dict[str, Any], bool]:
    """Return :func:`parse_data`'s object, and whether orjson parsed it.

    orjson parses only JSON text with no run of 16 digits, so when it did, no integer of the
    data is beyond :data:`~casebook.format.limits.MAX_SAFE_INTEGER`: the checks use that to
    skip a walk (``short_numbers`` of :func:`~casebook.format.validation.check_case_study`).
    """
    if is_json(path):
        data = _parse_plain_json(raw)
        if type(data) is dict:
            return data, True
    return _parse_carefully(raw, path), False


def _parse_carefully(raw: bytes, path: str | os.PathLike[str]) -> dict[str, Any]:
    """Return the top-level object of *raw* as :func:`parse_data` does, wording each problem."""
    kind = SUFFIXES.get(suffix(path), "")

    def fail(message: str) -> ValidationError:
        return _failure(path, message)

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise fail(f"not UTF-8 text: invalid byte 0x{raw[exc.start]:02x} on line {line}") from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise fail(f"the file is empty: expected a {kind} object")
    json_text = is_json(path)
    if _nested_too_deep(text, json_text):
        raise fail(TOO_DEEP)
    data = _parse_json(text, fail) if json_text else _parse_toml(text, fail)
    if not isinstance(data, dict):
        raise fail(f"the top level must be an object, not {json_type(data)}")
    return data


# What the nesting check skips: strings (which may hold brackets) and, in TOML, comments.
_JSON_SKIPPED = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_TOML_SKIPPED = re.compile(
    r'"""(?:[^\\]|\\[\s\S])*?"""'
    r"|'''[\s\S]*?'''"
    r'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
    r"|'[^'\n]*'"
    r"|#[^\n]*"
)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
# JSON text with at most this many brackets in all (strings included) is parsed without the
# check: it cannot nest deeper, Python's JSON parser raises RecursionError well past it, and the
# bounds check after parsing names the level too deep. Most case studies have fewer.
_JSON_PARSED_UNCHECKED = 500
_BRACKET_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
# A TOML dotted key or table name of more than MAX_DEPTH parts: each part is a level, and the
# parser's work grows with the square of the number of parts.
_LONG_DOTTED_KEY = re.compile(rf"(?<![\w-])[\w-]++(?:[ \t]*\.[ \t]*[\w-]++){{{MAX_DEPTH},}}")


def _nested_too_deep(text: str, json_text: bool) -> bool:
    """Tell whether *text* nests arrays and objects deeper than data may, before parsing it.

    Every level of the data is an opening bracket in JSON, and a bracket or a part of a dotted
    key in TOML, so counting them bounds the depth the parser will reach.
    """
    brackets_in_text = text.count("[") + text.count("{")
    if brackets_in_text <= MAX_DEPTH and (json_text or "." not in text):
        return False
    if json_text and brackets_in_text <= _JSON_PARSED_UNCHECKED:
        return False  # the parser may meet them: it stops at the recursion limit on its own
    # Each string becomes a plain token, so that quoted TOML key parts still count as parts.
    if json_text:
        skeleton = _JSON_SKIPPED.sub("0", text)  # a plain replacement: no call per string
    else:
        skeleton = _TOML_SKIPPED.sub(lambda m: "" if m[0].startswith("#") else "0", text)
    if not json_text and _LONG_DOTTED_KEY.search(skeleton):
        return True
    brackets = _NOT_BRACKET.sub("", skeleton)
    if len(brackets) <= MAX_DEPTH:
        return False
    return max(itertools.accumulate(map(_BRACKET_STEP.__getitem__, brackets))) > MAX_DEPTH


def _parse_plain_json(raw: bytes) -> Any:
    """Return the data of the JSON bytes *raw* parsed by orjson, or ``None`` to parse carefully.

    orjson parses in a third of the time, but it keeps the last of two equal keys and reads an
    integer of more than 64 bits as a float. So its result is taken only when neither can
    have happened: *raw* has no run of 16 digits, and as many colons as orjson's own writing
    of the data. Each member of an object is one colon outside strings, and orjson writes the
    colons inside strings as they are, so a dropped member shows as a missing colon (an
    escaped colon, ``\u003a``, is left to the careful parser). Whatever orjson rejects (bytes
    that are not UTF-8, a byte-order mark, nothing at all, nesting past its limit) is left to
    the careful parser as well, which words the problem. So is text with so many brackets
    that it may nest too deep: the careful parser measures that before parsing.
    """
    marks = raw.translate(_GUARD_MARKS)
    if _LONG_DIGITS in marks:
        return None
    marks = marks.translate(None, b" 0")  # left: a mark for each colon, bracket and backslash
    if b"\\" in marks and b"\\u003" in raw:
        return None
    colons = marks.count(b":")
    if len(marks) - colons - marks.count(b"\\") > _JSON_PARSED_UNCHECKED:
        return None
    import orjson  # noqa: PLC0415 - a start whose files all passed before parses none

    try:
        data = orjson.loads(raw)
        written = orjson.dumps(data)
    except (orjson.JSONDecodeError, TypeError):  # TypeError: nested deeper than orjson writes
        return None
    if written.count(b":") != colons:
        return None  # a key came twice
    return data


# What the guards of the orjson parse look for, each byte as one mark: a digit as "0", a colon
# as ":", an opening bracket as "[", a backslash as itself, anything else as a space. One pass
# over the text in C then serves them all: a run of 16 zeros is a run of 16 digits, and once
# the spaces and zeros are deleted the colons and brackets are counted in what little is left,
# and the text is searched for an escaped colon only if a backslash is left. (A regular
# expression for the digits took ten times as long: it tries a match at every digit.)
_MARKS = {
    **dict.fromkeys(b"0123456789", ord("0")),
    **dict.fromkeys(b"[{", ord("[")),
    ord(":"): ord(":"),
    ord("\\"): ord("\\"),
}
_GUARD_MARKS = bytes(_MARKS.get(byte, ord(" ")) for byte in range(256))
_LONG_DIGITS = b"0" * 16


def _parse_json(text: str, fail: Any) -> Any:
    try:
        return json.loads(
            text, object_pairs_hook=_reject_duplicate_keys, parse_constant=_reject_constant
        )
    except json.JSONDecodeError as exc:
        raise fail(f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise fail(TOO_DEEP) from None
    except ValueError as exc:
        raise fail(f"invalid JSON: {_value_error(exc)}") from None


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
    except ValueError as exc:  # an integer too long for Python to read, say
        raise fail(f"invalid TOML: {_value_error(exc)}") from None
    import datetime  # noqa: PLC0415 - TOML's dates are datetime objects, so tomllib has it

    return _dates_to_text(data, (datetime.date, datetime.time))


def _value_error(exc: ValueError) -> str:
    """Word a parser's ValueError for the author of the file, not for a Python programmer."""
    if "integer string conversion" in str(exc):
        return "a number has more digits than casebook reads (4300)"
    return str(exc)


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)  # built in C: the parser calls this for every object of every file
    if len(result) != len(pairs):
        msg = f"duplicate key {quote(_first_repeated(key for key, _ in pairs))}"
        raise ValueError(msg)
    return result


def _first_repeated(keys: Iterable[str]) -> str:
    """Return the first of *keys* met a second time (there is one)."""
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            return key
        seen.add(key)
    return ""  # pragma: no cover - called only when a key repeats


def _reject_constant(name: str) -> Any:
    msg = f"{name} is not a JSON number"
    raise ValueError(msg)


def _dates_to_text(value: Any, date_types: tuple[type, ...]) -> Any:
    """Turn TOML's date values (instances of *date_types*) into the format's ISO strings.

    It recurses, which is safe: the text was checked for nesting before it was parsed.
    """
    if isinstance(value, Mapping):
        return {k: _dates_to_text(v, date_types) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_to_text(v, date_types) for v in value]
    if isinstance(value, date_types):
        return value.isoformat()  # type: ignore[attr-defined]
    return value
