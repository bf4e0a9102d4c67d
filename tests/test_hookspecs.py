"""Every hook is documented the same way and has tests, so the hook docs cannot fall behind."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from casebook.plugins import hookspecs

HOOKS = sorted(name for name in dir(hookspecs) if name.startswith("casebook_"))
TESTS = Path(__file__).parent


@pytest.mark.parametrize("name", HOOKS)
def test_hook_is_fully_documented(name):
    """Each hook has a summary, return value, firstresult note, version and a usage example."""
    doc = inspect.getdoc(getattr(hookspecs, name)) or ""
    for section in (":returns:", "firstresult", ".. versionadded::", "Use in "):
        assert section in doc, f"{name} docstring lacks {section!r}"


@pytest.mark.parametrize("name", HOOKS)
def test_hook_is_exercised_by_a_test(name):
    """Some test module other than this one implements the hook."""
    sources = [
        p.read_text("utf-8") for p in TESTS.glob("test_*.py") if p.name != Path(__file__).name
    ]
    assert any(f"def {name}(" in text for text in sources), name
