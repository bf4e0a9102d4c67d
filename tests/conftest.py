"""Shared test setup: hypothesis profiles and fixtures for plugins and data files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# CI runs more examples than a local run; choose with HYPOTHESIS_PROFILE=ci.
settings.register_profile(
    "ci", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "dev", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _clean_plugin_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the user's plugin environment variables out of the tests."""
    monkeypatch.delenv("CASEBOOK_PLUGINS_DIR", raising=False)
    monkeypatch.delenv("CASEBOOK_DISABLE_PLUGINS", raising=False)
    # No test reads or fills the user's cache of validated files.
    monkeypatch.setenv("CASEBOOK_CACHE_DIR", "")


@pytest.fixture
def data_dir() -> Path:
    """Return the folder of test data files."""
    return DATA
