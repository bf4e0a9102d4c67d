"""casebook: structured, cited case studies of NHS England's new care models vanguard sites.

Load everything the installed plugins contribute and query it::

    import casebook

    book = casebook.load()
    salford = book["salford-together"]
    for initiative in salford.initiatives:
        print(initiative.title, initiative.status, salford.sources_for(initiative))

Importing casebook is light: every name below is imported from its module on first use, so
``import casebook`` (and ``casebook --version``) loads no plugin, no validator and no Sphinx.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from casebook._version import __version__

if TYPE_CHECKING:
    from casebook.api import load
    from casebook.book import Casebook
    from casebook.comparison import Cell, Comparison, compare
    from casebook.errors import (
        CasebookError,
        DuplicateIdError,
        PluginError,
        Problem,
        UnknownIdError,
        UnknownValueError,
        ValidationError,
    )
    from casebook.format.files import validate_files
    from casebook.format.loading import read_case_study, read_framework
    from casebook.model import (
        Aim,
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
        Scope,
        Source,
        Statement,
    )
    from casebook.plugins.hookspecs import hookimpl

# Where each public name lives; imported on first access by __getattr__.
_LAZY = {
    "load": "casebook.api",
    "Casebook": "casebook.book",
    "Cell": "casebook.comparison",
    "Comparison": "casebook.comparison",
    "compare": "casebook.comparison",
    "read_case_study": "casebook.format.loading",
    "read_framework": "casebook.format.loading",
    "validate_files": "casebook.format.files",
    "hookimpl": "casebook.plugins.hookspecs",
    **dict.fromkeys(
        ("CasebookError", "DuplicateIdError", "PluginError", "Problem", "UnknownIdError",
         "UnknownValueError", "ValidationError"),
        "casebook.errors",
    ),
    **dict.fromkeys(
        ("Aim", "CaseStudy", "Claim", "Discrepancy", "Framework", "FrameworkArea", "Initiative",
         "Organisation", "Outcome", "Place", "Population", "Programme", "Scope", "Source",
         "Statement"),
        "casebook.model",
    ),
}  # fmt: skip

__all__ = [
    "Aim",
    "CaseStudy",
    "Casebook",
    "CasebookError",
    "Cell",
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
    "Scope",
    "Source",
    "Statement",
    "UnknownIdError",
    "UnknownValueError",
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
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'casebook' has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
