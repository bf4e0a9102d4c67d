"""Every table of the package, in the order of ``datapackage.json``."""

from __future__ import annotations

from casebook_datapackage import reference_tables, site_tables, work_tables
from casebook_datapackage.table import Table

TABLES: tuple[Table, ...] = (
    *site_tables.TABLES,
    *work_tables.TABLES,
    *reference_tables.TABLES,
)
