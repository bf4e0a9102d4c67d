"""casebook.testing checks plugin data as casebook.load() would."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from casebook.testing import installed_areas, load_checked

DATA = Path(__file__).parent / "data"


def test_installed_areas_come_from_the_installed_frameworks():
    """The areas are those of the frameworks plugin."""
    assert "kings-fund-2017/urgent-care" in installed_areas()


def test_load_checked_fails_with_every_problem(tmp_path):
    """An invalid file fails the test with one line per problem."""
    data = tomllib.loads((DATA / "minimal.toml").read_text("utf-8"))
    data["name"] = 5
    path = tmp_path / "site.json"
    path.write_text(json.dumps(data))
    with pytest.raises(AssertionError) as info:
        load_checked(path)
    message = str(info.value)
    assert f"{path}: /name: expected a string, got a number" in message
    assert "unknown framework area 'test-framework/urgent'" in message
