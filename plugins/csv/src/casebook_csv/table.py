"""The ``csv`` exporter's table: a row per outcome, each cell safe to open in a spreadsheet.

Apart from the plugin's module, which every casebook command imports, so that only an export
loads the csv module and what the cells need.
"""

from __future__ import annotations

import csv
import io
import operator
import re
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

COLUMNS = (
    "site",
    "site_name",
    "outcome",
    "measure",
    "value",
    "unit",
    "direction",
    "period",
    "baseline",
    "initiative",
    "origin",
    "basis",
    "evaluated_by",
    "confidence",
    "note",
    "source_ids",
    "sources",
)

# Where a spreadsheet may start a formula: at the start of a cell that begins with = + - @, a
# tab or a carriage return (the characters of the OWASP CSV-injection guidance), and at the
# start of any line within a cell that begins with = + - @ or a tab (a reader that splits a cell
# at its line breaks sees each line as a cell). A ' is put in each such place, and also where
# such a start follows ' characters that the text itself holds (''=x for '=x), so that removing
# one ' from each place gives back exactly the text as written. The rule of the data package's
# cells, so that the two formats read alike.
_FORMULA_START = re.compile(r"\A(?='*[=+\-@\t\r])|(?<=[\r\n])(?='*[=+\-@\t])")
# Most text starts with none of those characters (nor with a ') and has no line break: it needs
# no search.
_FORMULA_FIRST = frozenset("'=+-@\t\r")


def as_text(value: str | None) -> str:
    """Return *value* for a text cell: empty if absent, with a ' where a formula could start.

    Line breaks are kept (the cell is quoted). Removing one ``'`` where the cell or a line within
    it starts with ``'`` characters and then ``=``, ``+``, ``-``, ``@`` or a tab (or, at the start
    of the cell, a carriage return) gives back the text as written.
    """
    if value is None:
        return ""
    if value[:1] not in _FORMULA_FIRST and "\n" not in value and "\r" not in value:
        return value
    return _FORMULA_START.sub("'", value)


def as_number(value: float | None) -> str:
    """Return *value* exactly, without a pointless ``.0`` and never in exponent form."""
    if value is None:
        return ""
    if isinstance(value, int) or (value.is_integer() and abs(value) < 1e16):
        return str(int(value))
    text = repr(value)
    # Without an exponent (and not nan or inf) the shortest repr is already written in full.
    return text if "e" not in text and "n" not in text else format(Decimal(text), "f")


def row_text(cells: Sequence[str], writer: Any) -> str | None:
    """Return the CSV line of *cells* if no cell needs quoting, else write it with *writer*.

    A cell needs quoting only if it holds a comma, a quote or a line break; most rows hold none,
    which a few searches of the joined line (in C) show, and joining is several times faster
    than the csv module's writer. Any other row is written by *writer*, a ``csv.writer`` with
    CR LF line ends, and ``None`` returned.
    """
    text = ",".join(cells)
    if (
        text
        and text.count(",") == len(cells) - 1
        and '"' not in text
        and "\r" not in text
        and "\n" not in text
    ):
        return text + "\r\n"
    writer.writerow(cells)
    return None


def outcomes_csv(book: Mapping[str, Any]) -> bytes:
    """Return the table of every outcome of *book* as CSV, rows sorted by site and outcome id."""
    buffer = io.StringIO()
    # Rows end in CR LF (RFC 4180). The csv module quotes a cell holding a character of the
    # line terminator: with a bare "\n" it left a lone carriage return unquoted, which many
    # readers take for the end of a row.
    writer = csv.writer(buffer, lineterminator="\r\n")
    write = buffer.write
    for cells in _rows(book):
        line = row_text(cells, writer)
        if line is not None:
            write(line)
    return buffer.getvalue().encode("utf-8")


def _rows(book: Mapping[str, Any]) -> Iterator[tuple[str, ...]]:
    """Yield the header, then each outcome's cells, sorted by site and outcome id."""
    yield COLUMNS
    for case_id, case in sorted(book.items()):
        # The first source or initiative with an id, as CaseStudy.source and .initiative find
        # it, looked up once per case study instead of by a walk for each outcome.
        sources = {s.id: s for s in reversed(case.sources)}
        work_by_id = {i.id: i for i in reversed(case.initiatives)}
        name = as_text(case.name)
        for outcome in sorted(case.outcomes, key=_by_id):
            cited = [sources[c] for c in outcome.cites]
            work = work_by_id[outcome.initiative] if outcome.initiative else None
            yield (
                case_id,
                name,
                outcome.id,
                as_text(outcome.measure),
                as_number(outcome.value),
                as_text(outcome.unit),
                outcome.direction or "",
                as_text(outcome.period),
                as_number(outcome.baseline),
                outcome.initiative or "",
                work.origin if work else "",
                outcome.basis,
                outcome.evaluated_by or "",
                outcome.confidence,
                as_text(outcome.note),
                ";".join([s.id for s in cited]),
                as_text("; ".join([s.title for s in cited])),
            )


_by_id = operator.attrgetter("id")
