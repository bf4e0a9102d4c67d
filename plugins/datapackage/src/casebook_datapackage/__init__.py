"""casebook exporter plugin ``datapackage``: the whole casebook as a Frictionless data package.

``casebook export --format datapackage`` writes ``datapackage.json`` and one CSV file per table
(sites, organisations, initiatives and their areas and settings, outcomes, challenges,
discrepancies, sources, citations, frameworks and their areas, and the lists these hold). Like
the ``csv`` plugin, it needs nothing from casebook but the casebook the hook receives and the
case-study schema casebook ships, whose descriptions document the columns.

Importing the plugin (which every casebook command does) loads only this module: the tables,
and the schema their descriptions come from, are read when an export runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import pluggy

hookimpl = pluggy.HookimplMarker("casebook")


class DataPackageExporter:
    """Write every case study and framework as related CSV tables with a ``datapackage.json``."""

    name: ClassVar[str] = "datapackage"
    description: ClassVar[str] = (
        "A Frictionless data package: related CSV tables of every case study and framework"
    )

    def export(self, book: Mapping[str, Any]) -> Mapping[str, bytes]:
        """Return ``datapackage.json`` and a CSV file per table.

        :raises ValueError: if the data would break a key of the package (a duplicate id, or a
            reference to an initiative, source or framework area that is not there): the package
            would then not be what its schemas promise.
        """
        from casebook_datapackage import descriptor  # noqa: PLC0415 - loaded when exporting
        from casebook_datapackage.cells import csv_bytes  # noqa: PLC0415
        from casebook_datapackage.integrity import check_keys  # noqa: PLC0415
        from casebook_datapackage.tables import TABLES  # noqa: PLC0415

        rows = {table.name: list(table.cells(book)) for table in TABLES}
        check_keys(TABLES, rows)
        files = {
            table.path: csv_bytes([c.name for c in table.columns], rows[table.name])
            for table in TABLES
        }
        files["datapackage.json"] = descriptor.render(book, TABLES, files)
        return files


@hookimpl
def casebook_exporters() -> list[type[DataPackageExporter]]:
    """Contribute the ``datapackage`` exporter."""
    return [DataPackageExporter]
