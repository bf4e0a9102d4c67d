"""How one table of the package is declared: its columns, keys and rows, and its Table Schema.

Each column says where its description comes from: a property of the case-study schema (so the
wording is the schema's own) or, for the keys that tie tables together, a sentence here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from casebook_datapackage import schemadoc
from casebook_datapackage.cells import Cell

#: One row: a cell per column name.
Row = Mapping[str, Cell]


@dataclass(frozen=True)
class Column:
    """One column: its Table Schema type, what it holds, and the constraints on its cells."""

    name: str
    type: str
    description: str
    required: bool = False
    constraints: Mapping[str, Any] = field(default_factory=dict)

    def schema(self) -> dict[str, Any]:
        """Return the column as a Table Schema field descriptor."""
        found: dict[str, Any] = {
            "name": self.name,
            "type": self.type,
            "description": self.description,
        }
        constraints = dict(self.constraints)
        if self.required:
            constraints["required"] = True
        if constraints:
            found["constraints"] = constraints
        return found


def column(
    name: str,
    type_: str = "string",
    *,
    of: str,
    prop: str | None = None,
    required: bool | None = None,
    also: str = "",
) -> Column:
    """Return a column holding property *prop* (default: *name*) of the schema object *of*.

    Its description (followed by *also*, if given), its enumeration or pattern and (unless
    *required* says otherwise) whether it is required are the schema's.
    """
    prop = prop or name
    constraints = schemadoc.constraints(of, prop)
    if type_ != "string":
        constraints.pop("pattern", None)  # a pattern constrains text only
    return Column(
        name,
        type_,
        f"{schemadoc.description(of, prop)} {also}".rstrip(),
        required=schemadoc.required(of, prop) if required is None else required,
        constraints=constraints,
    )


def key(name: str, description: str, type_: str = "string") -> Column:
    """Return a key column: one that names a row of this or another table, always present."""
    if type_ == "string":
        return Column(name, type_, description, constraints=schemadoc.constraints("source", "id"))
    return Column(name, type_, description, constraints={"minimum": 0})


def position(name: str, what: str, where: str = "its list") -> Column:
    """Return a key column numbering items of a list that have no id of their own."""
    about = f"Position of the {what} in {where}, from 0 (as in a JSON Pointer)."
    return key(name, about, "integer")


#: The case study a row belongs to.
SITE = key("site", "Id of the case study the row belongs to (`site` in the `sites` table).")


@dataclass(frozen=True)
class ForeignKey:
    """Columns of a table that name a row of another (or the same) table.

    A reference that may be partly empty (an outcome's ``initiative`` beside its ``site``) is
    not *declared* in the Table Schema: readers such as frictionless take a composite key with
    one empty part for a broken reference. The exporter checks it all the same.
    """

    columns: tuple[str, ...]
    table: str
    to: tuple[str, ...]
    declared: bool = True

    def schema(self) -> dict[str, Any]:
        """Return the foreign key as a Table Schema descriptor."""
        return {
            "fields": list(self.columns),
            "reference": {"resource": self.table, "fields": list(self.to)},
        }


#: Rows of one table for a whole casebook (the mapping of case studies and its ``frameworks``).
Rows = Callable[[Any], Iterable[Row]]


@dataclass(frozen=True)
class Table:
    """One CSV resource of the package."""

    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    rows: Rows
    foreign_keys: tuple[ForeignKey, ...] = ()

    @property
    def path(self) -> str:
        """Return the name of the table's CSV file in the package."""
        return f"{self.name}.csv"

    def schema(self) -> dict[str, Any]:
        """Return the table's Table Schema: fields, primary key, foreign keys, missing values."""
        found: dict[str, Any] = {
            "fields": [c.schema() for c in self.columns],
            "missingValues": [""],
            "primaryKey": list(self.primary_key),
        }
        if declared := [fk.schema() for fk in self.foreign_keys if fk.declared]:
            found["foreignKeys"] = declared
        return found

    def cells(self, book: Any) -> Iterator[tuple[Cell, ...]]:
        """Yield each row's cells in column order; raise if a row has other columns."""
        names = [c.name for c in self.columns]
        for row in self.rows(book):
            if list(row) != names:
                msg = f"table {self.name}: a row has columns {list(row)}, expected {names}"
                raise ValueError(msg)
            yield tuple(row.values())


#: The foreign key from a table's ``site`` column to the ``sites`` table.
SITE_KEY = ForeignKey(("site",), "sites", ("site",))
