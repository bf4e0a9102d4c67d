"""casebook: structured, cited case studies of NHS England's new care models vanguard sites.

Load everything the installed plugins contribute and query it::

    import casebook

    book = casebook.load()
    salford = book["salford-together"]
    for initiative in salford.initiatives:
        print(initiative.title, initiative.status, salford.sources_for(initiative))

Importing casebook is light: plugins load on :func:`load`, and jsonschema only when data is
validated.
"""

from __future__ import annotations

from typing import Any

from casebook.api import load
from casebook.book import Casebook
from casebook.compare import Comparison, compare
from casebook.errors import (
    CasebookError,
    DuplicateIdError,
    PluginError,
    Problem,
    UnknownIdError,
    ValidationError,
)
from casebook.hookspecs import hookimpl
from casebook.loading import read_case_study, read_framework, validate_files
from casebook.model import (
    CaseStudy,
    Claim,
    Discrepancy,
    Framework,
    FrameworkArea,
    Initiative,
    Organisation,
    Outcome,
    Place,
    Population,
    Programme,
    Source,
    Statement,
)

__all__ = [
    "CaseStudy",
    "Casebook",
    "CasebookError",
    "Claim",
    "Comparison",
    "Discrepancy",
    "DuplicateIdError",
    "Framework",
    "FrameworkArea",
    "Initiative",
    "Organisation",
    "Outcome",
    "Place",
    "PluginError",
    "Population",
    "Problem",
    "Programme",
    "Source",
    "Statement",
    "UnknownIdError",
    "ValidationError",
    "__version__",
    "compare",
    "hookimpl",
    "load",
    "read_case_study",
    "read_framework",
    "validate_files",
]


def __getattr__(name: str) -> Any:
    # The version is read from the installed metadata on first use, not at import.
    if name == "__version__":
        from importlib.metadata import version  # noqa: PLC0415

        return version("casebook")
    msg = f"module 'casebook' has no attribute {name!r}"
    raise AttributeError(msg)
