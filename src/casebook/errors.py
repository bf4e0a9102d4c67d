"""Exceptions and the problem record, kept in a leaf module to avoid import loops.

Every error a user can cause is a :class:`CasebookError`; the command line turns it into one
line per problem, with no traceback, and exit code 1, or 2 for a wrong use of the command (an
:class:`UnknownIdError` or :class:`UnknownValueError`: an id or a value no plugin gives).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from typing import Any

import attrs

from casebook.wording import EXCERPT_LENGTH, printable, shorten


@attrs.frozen(order=True)
class Problem:
    """One thing wrong with a data file: which file, where in it, and what.

    :param file: the file (or the plugin that gave the data, in angle brackets).
    :param pointer: a JSON Pointer (RFC 6901) into the data; ``""`` means the whole document.
    :param message: what is wrong, and where it helps, what to do.
    """

    file: str
    pointer: str
    message: str

    def __str__(self) -> str:
        # Shown escaped and short, whatever the data held: see casebook.wording.
        pointer = "/".join(_short_part(part) for part in self.pointer.split("/")) or "/"
        return f"{printable(self.file)}: {printable(pointer)}: {shorten(self.message)}"


def _short_part(part: str) -> str:
    if len(part) <= EXCERPT_LENGTH:
        return part
    return f"{part[:EXCERPT_LENGTH]}...({len(part):,} characters)"


def pointer(parts: Iterator[Any] | Collection[Any]) -> str:
    """Return the JSON Pointer (RFC 6901) for a path of keys and indexes."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


class CasebookError(Exception):
    """Base class of every error that casebook raises on purpose.

    Its text is shown escaped and cut to a readable length (see ``casebook.wording``): it
    may quote names and values from data or plugins, which must not reach the terminal raw.
    """

    def __str__(self) -> str:
        return shorten(super().__str__())


class ValidationError(CasebookError):
    """Case-study or framework data is invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(sorted(problems))
        count = len(self.problems)
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} found:\n{lines}")

    def __str__(self) -> str:
        # One line per problem, each already escaped and short.
        return Exception.__str__(self)


class PluginError(CasebookError):
    """A plugin failed to import or raised in a hook."""

    def __init__(self, plugin: str, message: str) -> None:
        self.plugin = plugin
        super().__init__(f"plugin {plugin!r}: {message}")


class DuplicateIdError(CasebookError):
    """Plugins contributed case studies, frameworks or exporters with the same id.

    :param plugins: the claimants, in the order their claims arrived.
    :param places: where each claim came from (a file), ``""`` or ``<plugin NAME>`` if none.
    """

    def __init__(
        self, kind: str, item_id: str, plugins: tuple[str, ...], places: tuple[str, ...] = ()
    ) -> None:
        self.kind = kind
        self.item_id = item_id
        self.plugins = plugins
        places = places or ("",) * len(plugins)
        claims = [
            f"plugin {plugin!r}" + ("" if not place or place.startswith("<") else f" ({place})")
            for plugin, place in zip(plugins, places, strict=True)
        ]
        claimants = ", ".join(claims[:-1]) + " and " + claims[-1]
        super().__init__(
            f"{kind} id {item_id!r} is claimed by {claimants}, so casebook serves none of "
            f"them; disable all but one (--disable NAME)"
        )


class UnknownIdError(CasebookError, KeyError):
    """No installed case study, framework or exporter has the id asked for."""

    def __init__(self, kind: str, item_id: str, known: Iterable[str]) -> None:
        self.kind = kind
        self.item_id = item_id
        choices = ", ".join(sorted(known)) or "none installed"
        super().__init__(
            f"no {kind} with id {item_id!r}: it is either misspelled or not installed "
            f"(known: {choices})"
        )

    def __str__(self) -> str:
        # KeyError.__str__ would quote the message; keep it a plain sentence.
        return shorten(str(self.args[0]))


class UnknownValueError(CasebookError, ValueError):
    """A filter or option names a value that does not exist; ``valid`` lists those that do.

    A typo in a filter must not quietly select nothing, so every filter value is checked.
    """

    def __init__(self, what: str, value: object, valid: Iterable[str]) -> None:
        self.what = what
        self.value = value
        self.valid: tuple[str, ...] = tuple(valid)
        choices = ", ".join(self.valid) or "none installed"
        super().__init__(f"unknown {what} {value!r} (valid: {choices})")
