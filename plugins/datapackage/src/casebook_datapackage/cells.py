"""Write rows as CSV: RFC 4180 quoting, exact numbers, and no cell a spreadsheet runs as code.

The rules are those of the ``csv`` exporter, so the two formats read alike; they are restated
here because a plugin depends on casebook alone, never on another plugin.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

#: A cell: text, a number, a flag, or ``None`` for absent (written as an empty cell).
Cell = str | int | float | bool | None

# Where a spreadsheet may start a formula: at the start of a cell that begins with = + - @, a
# tab or a carriage return (the characters of the OWASP CSV-injection guidance), and at the
# start of any line within a cell that begins with = + - @ or a tab (a reader that splits a cell
# at its line breaks sees each line as a cell). A ' is put in each such place, and also where
# such a start follows ' characters that the text itself holds (''=x for '=x), so that removing
# one ' from each place gives back exactly the text as written.
_FORMULA_START = re.compile(r"\A(?='*[=+\-@\t\r])|(?<=[\r\n])(?='*[=+\-@\t])")


def as_text(value: str) -> str:
    """Return *value* with a ``'`` wherever a spreadsheet could start a formula in it.

    Line breaks are kept (the cell is quoted). Removing one ``'`` where a cell or a line within
    it starts with ``'`` characters and then ``=``, ``+``, ``-``, ``@`` or a tab (or, at the start
    of the cell, a carriage return) gives back the text as written.
    """
    return _FORMULA_START.sub("'", value)


def as_number(value: float) -> str:
    """Return *value* exactly, without a pointless ``.0`` and never in exponent form."""
    if isinstance(value, int) or (value.is_integer() and abs(value) < 1e16):
        return str(int(value))
    return format(Decimal(repr(value)), "f")


def as_cell(value: Cell) -> str:
    """Return the CSV text of one cell: empty for absent, ``true``/``false`` for a flag."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return as_text(value)
    return as_number(value)


#: How the CSV files are written, in the terms of a Frictionless CSV dialect.
DIALECT = {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "doubleQuote": True}


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """Return a header and rows as UTF-8 CSV, each row ending in CR LF (RFC 4180)."""
    buffer = io.StringIO()
    # The csv module quotes a cell holding a character of the line terminator; with a bare "\n"
    # a lone carriage return would stay unquoted, which many readers take for the end of a row.
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([as_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue().encode("utf-8")
