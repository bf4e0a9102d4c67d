"""casebook exporter plugin ``csv``: one tidy table of every outcome.

It needs nothing from casebook but the objects the hook receives: the exporter class returns
``{"outcomes.csv": bytes}`` and casebook writes it, like any other format.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, ClassVar

import pluggy

hookimpl = pluggy.HookimplMarker("casebook")

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

# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def as_text(value: str | None) -> str:
    """Return *value* for a text cell: empty if absent; a formula-like value gets a leading '."""
    if value is None:
        return ""
    return "'" + value if value.startswith(_FORMULA_START) else value


def as_number(value: float | None) -> str:
    """Return *value* exactly, without a pointless ``.0`` and never in exponent form."""
    if value is None:
        return ""
    if isinstance(value, int) or (value.is_integer() and abs(value) < 1e16):
        return str(int(value))
    return format(Decimal(repr(value)), "f")


class CsvExporter:
    """Write every outcome of every case study as one row of ``outcomes.csv``."""

    name: ClassVar[str] = "csv"
    description: ClassVar[str] = "One tidy CSV table of all outcomes, for pandas or a spreadsheet"

    def export(self, book: Mapping[str, Any]) -> Mapping[str, bytes]:
        """Return ``{"outcomes.csv": bytes}``, rows sorted by site and outcome id."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(COLUMNS)
        for case_id, case in sorted(book.items()):
            for outcome in sorted(case.outcomes, key=lambda o: o.id):
                sources = case.sources_for(outcome)
                work = case.initiative(outcome.initiative) if outcome.initiative else None
                writer.writerow(
                    (
                        case_id,
                        as_text(case.name),
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
                        ";".join(s.id for s in sources),
                        as_text("; ".join(s.title for s in sources)),
                    )
                )
        return {"outcomes.csv": buffer.getvalue().encode("utf-8")}


@hookimpl
def casebook_exporters() -> list[type[CsvExporter]]:
    """Contribute the ``csv`` exporter."""
    return [CsvExporter]
