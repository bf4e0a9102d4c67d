"""casebook exporter plugin ``csv``: one tidy table of every outcome.

It needs nothing from casebook but the objects the hook receives: the exporter class returns
``{"outcomes.csv": bytes}`` and casebook writes it, like any other format. Importing the plugin
(which every casebook command does) loads only this module; the table is built by
:mod:`casebook_csv.table` when an export runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import pluggy

hookimpl = pluggy.HookimplMarker("casebook")


class CsvExporter:
    """Write every outcome of every case study as one row of ``outcomes.csv``."""

    name: ClassVar[str] = "csv"
    description: ClassVar[str] = "One tidy CSV table of all outcomes, for pandas or a spreadsheet"

    def export(self, book: Mapping[str, Any]) -> Mapping[str, bytes]:
        """Return ``{"outcomes.csv": bytes}``, rows sorted by site and outcome id."""
        from casebook_csv.table import outcomes_csv  # noqa: PLC0415 - loaded when exporting

        return {"outcomes.csv": outcomes_csv(book)}


@hookimpl
def casebook_exporters() -> list[type[CsvExporter]]:
    """Contribute the ``csv`` exporter."""
    return [CsvExporter]
