"""Check the package's keys before anything is written, so a broken package is never exported.

The Table Schemas declare primary and foreign keys; a reader (frictionless, a database) trusts
them. casebook's validation already guarantees them for loaded data, but a casebook can be built
by hand, so the exporter checks again and fails with the first broken key instead of writing a
package whose schemas lie.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from casebook_datapackage.cells import Cell
from casebook_datapackage.table import Table


def _values(
    table: Table, rows: Sequence[tuple[Cell, ...]], names: Sequence[str]
) -> list[tuple[Cell, ...]]:
    """Return the cells of columns *names* of each row."""
    indexes = [[c.name for c in table.columns].index(name) for name in names]
    return [tuple(row[i] for i in indexes) for row in rows]


def check_keys(tables: Iterable[Table], rows: Mapping[str, Sequence[tuple[Cell, ...]]]) -> None:
    """Raise :class:`ValueError` naming the first duplicate primary key or dangling reference.

    A reference with an empty cell (an outcome of no initiative) refers to nothing and is fine.
    """
    by_name = {table.name: table for table in tables}
    for table in by_name.values():
        seen: set[tuple[Cell, ...]] = set()
        for value in _values(table, rows[table.name], table.primary_key):
            if value in seen:
                msg = f"table {table.name}: two rows have the key {_show(table.primary_key, value)}"
                raise ValueError(msg)
            seen.add(value)
    for table in by_name.values():
        for fk in table.foreign_keys:
            target = by_name[fk.table]
            known = set(_values(target, rows[target.name], fk.to))
            for value in _values(table, rows[table.name], fk.columns):
                if None not in value and value not in known:
                    msg = (
                        f"table {table.name}: {_show(fk.columns, value)} names no row of "
                        f"table {fk.table}"
                    )
                    raise ValueError(msg)


def _show(names: Sequence[str], value: Sequence[Cell]) -> str:
    """Return ``site='x', initiative='y'`` for an error message."""
    return ", ".join(f"{name}={cell!r}" for name, cell in zip(names, value, strict=True))
