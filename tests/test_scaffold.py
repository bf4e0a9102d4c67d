"""`casebook new-site` writes a plugin that installs, loads, validates and exports as it is."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casebook.cli import main
from casebook.errors import CasebookError
from casebook.scaffold import new_site, slugify


def test_new_site_writes_a_complete_plugin(tmp_path, capsys):
    """The folder has a pyproject with the entry point, a package, data, README and a test."""
    assert 0 == main(["new-site", "Wirral Partners", "--output", str(tmp_path)])
    folder = tmp_path / "wirral-partners"
    assert f"Created {folder}" in capsys.readouterr().out
    project = tomllib.loads((folder / "pyproject.toml").read_text("utf-8"))
    assert {"wirral-partners": "casebook_wirral_partners"} == project["project"]["entry-points"][
        "casebook"
    ]
    assert (folder / "src/casebook_wirral_partners/wirral-partners.toml").is_file()
    assert (folder / "tests/test_casebook_wirral_partners.py").is_file()


def test_new_site_data_validates_as_written(tmp_path, capsys):
    """The generated data file passes `casebook validate` before anyone edits it."""
    folder = new_site('Odd "Name" \\ Trust', tmp_path)
    data = next(folder.glob("src/*/*.toml"))
    assert 0 == main(["validate", str(data)])
    assert 'Odd "Name" \\ Trust' == tomllib.loads(data.read_text("utf-8"))["name"]


def test_new_site_never_overwrites(tmp_path, capsys):
    """An existing folder is an error, and nothing in it changes."""
    (tmp_path / "wirral-partners").mkdir()
    assert 1 == main(["new-site", "Wirral Partners", "--output", str(tmp_path)])
    assert "already exists" in capsys.readouterr().err
    assert [] == list((tmp_path / "wirral-partners").iterdir())


def test_name_without_letters_needs_an_id(tmp_path):
    """A name that gives no slug asks for --id."""
    with pytest.raises(CasebookError, match="give one with --id"):
        new_site("+++", tmp_path)
    assert "custom" == new_site("+++", tmp_path, site_id="custom").name


@given(st.text(max_size=40))
def test_slugify_gives_a_slug_or_nothing(name):
    """Any name becomes a valid lower-case slug (or an empty string)."""
    slug = slugify(name)
    assert slug == "" or (slugify(slug) == slug and len(slug) <= 64 and "--" not in slug)


def test_generated_plugin_passes_its_own_tests(tmp_path):
    """Installed like any plugin, the new plugin's own tests pass."""
    folder = new_site("Wirral Partners", tmp_path)
    target = tmp_path / "installed"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(folder),
        ],
        check=True,
        capture_output=True,
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(folder / "tests")],
        capture_output=True,
        text=True,
        env=env,
        cwd=folder,
        check=False,
    )
    assert 0 == result.returncode, result.stdout + result.stderr
    assert "3 passed" in result.stdout
