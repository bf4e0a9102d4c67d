"""Shared test setup: hypothesis profiles and fixtures for plugins and data files."""

from __future__ import annotations

import os
import subprocess
import sys
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


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the documentation site as CI does (-W --keep-going -n, in parallel), once.

    Every test file about the site uses this one build: it is the slowest step of the tests.
    """
    out = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-j", "auto", "-q",
         "-b", "html", "-d", str(out / "doctrees"), str(DATA.parent.parent / "docs"),
         str(out / "html")],
        # A narrow terminal: the CLI reference must not wrap its usage lines to it.
        capture_output=True, text=True, check=False, env={**os.environ, "COLUMNS": "40"},
    )  # fmt: skip
    assert 0 == result.returncode, result.stderr
    return out / "html"
