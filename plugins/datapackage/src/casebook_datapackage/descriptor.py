"""Write ``datapackage.json``: what the package is, and a Table Schema for each CSV file.

Everything in it comes from the data and the code, never from the clock or the machine: the
created date and the version are those of the most recent review of any record, and each file's
size and SHA-256 hash are recorded, so identical data gives byte-identical output and a changed
file is detected by any reader that checks the hashes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from importlib import metadata
from typing import Any

from casebook_datapackage.cells import DIALECT
from casebook_datapackage.table import Table

NAME = "casebook"
TITLE = "casebook: cited case studies of NHS England's new care models vanguard sites"
DESCRIPTION = (
    "Structured, cited case studies of NHS England's new care models vanguard sites, and how "
    "they joined up mental health with physical health and social care, as related tables. "
    "Every factual item cites sources listed for its site (the citations table); where the "
    "sources are silent the cell is empty: empty means absent, never zero or false."
)


def licences() -> list[dict[str, str]]:
    """Return the licence of the data: the one casebook declares (its ``License-Expression``).

    The case studies are distributed under casebook's licence; the documents they cite keep
    their own terms. No licence is claimed when the installed casebook declares none.
    """
    try:
        expression = metadata.metadata("casebook").get("License-Expression")
    except metadata.PackageNotFoundError:  # pragma: no cover - casebook runs from a checkout
        expression = None
    if not expression:
        return []
    return [
        {
            "name": expression,
            "path": f"https://spdx.org/licenses/{expression}.html",
            "title": f"{expression} licence",
        }
    ]


def _resource(table: Table, data: bytes) -> dict[str, Any]:
    return {
        "name": table.name,
        "path": table.path,
        "profile": "tabular-data-resource",
        "title": table.title,
        "description": table.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(data),
        "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
        "dialect": {**DIALECT, "header": True},
        "schema": table.schema(),
    }


def render(book: Mapping[str, Any], tables: Iterable[Table], files: Mapping[str, bytes]) -> bytes:
    """Return ``datapackage.json`` for *tables*, whose CSV files are in *files*.

    ``created`` and ``version`` are left out for a casebook without case studies: there is no
    review date to take them from.
    """
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": NAME,
        "title": TITLE,
        "description": DESCRIPTION,
    }
    reviewed = max((case.last_reviewed for case in book.values()), default=None)
    if reviewed is not None:
        package["version"] = reviewed.replace("-", ".")
        package["created"] = f"{reviewed}T00:00:00Z"
    if found := licences():
        package["licenses"] = found
    package["resources"] = [_resource(table, files[table.path]) for table in tables]
    text = json.dumps(package, indent=2, ensure_ascii=False)
    return (text + "\n").encode("utf-8")
