"""Helpers for the tests of plugins: check data the way casebook will when the plugin loads.

Use them in a site plugin's own tests::

    from casebook.testing import load_checked

    def test_data_is_valid():
        case = load_checked(DATA_FILE)
        assert "wirral-partners" == case.id

They check against the frameworks installed beside the plugin, as ``casebook.load()`` will, so
a test passes only if the plugin's data would load.
"""

from __future__ import annotations

import os

from casebook.api import load
from casebook.errors import ValidationError
from casebook.loading import read_case_study
from casebook.model import CaseStudy


def installed_areas() -> frozenset[str]:
    """Return every ``FRAMEWORK/AREA`` reference that the installed frameworks define."""
    book = load()
    return frozenset(ref for fw in book.frameworks.values() for ref in fw.area_refs())


def load_checked(path: str | os.PathLike[str]) -> CaseStudy:
    """Read and fully validate a case-study file; fail with every problem, one per line.

    :raises AssertionError: listing each problem as ``FILE: /pointer: message``.
    """
    try:
        return read_case_study(path, known_areas=installed_areas())
    except ValidationError as exc:
        lines = "\n".join(str(p) for p in exc.problems)
        raise AssertionError(f"invalid case study:\n{lines}") from None
