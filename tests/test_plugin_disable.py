"""--disable names a plugin that exists: a typo is a usage error, never a plugin left loaded."""

from __future__ import annotations

import json

import pytest

import casebook
from casebook.cli import main
from casebook.errors import UnknownValueError
from casebook.plugins import registry
from casebook.plugins.manager import disabled_names, load_plugins
from tests.test_plugins import PLUGIN_WITH_DICT, fake_entry_points, site_data, write_plugin

__all__ = ["fake_entry_points"]

BUILTINS = "casebook.json, casebook.markdown, casebook.sphinx"


@pytest.fixture
def salford(fake_entry_points):
    """Install one site plugin, 'salford-together', beside the built-in ones."""
    fake_entry_points(
        "salford-together", PLUGIN_WITH_DICT.format(data=site_data("salford-together"))
    )


def test_a_misspelled_disable_name_is_a_usage_error(salford, capsys):
    """One line naming it and the plugins there are, exit 2, and no phantom row."""
    assert 2 == main(["plugins", "--disable", "salford-togther"])
    out, err = capsys.readouterr()
    assert "" == out
    assert [
        f"casebook: error: unknown plugin 'salford-togther' (valid: {BUILTINS}, salford-together)"
    ] == err.splitlines()


@pytest.mark.parametrize("verb", ["list", "plugins", "validate"])
def test_every_verb_refuses_an_unknown_name(verb, salford, tmp_path, capsys):
    extra = [str(tmp_path)] if verb == "validate" else []
    assert 2 == main([verb, "--disable", "nobody", *extra])
    assert 1 == len(capsys.readouterr().err.splitlines())


def test_an_unknown_name_in_the_environment_says_where_it_came_from(salford, monkeypatch, capsys):
    monkeypatch.setenv("CASEBOOK_DISABLE_PLUGINS", "salford-together, frameworkz")
    assert 2 == main(["plugins"])
    assert [
        f"casebook: error: unknown plugin (from CASEBOOK_DISABLE_PLUGINS) 'frameworkz' (valid: {BUILTINS}, salford-together)"
    ] == capsys.readouterr().err.splitlines()


def test_load_raises_for_an_unknown_name_before_importing_anything(fake_entry_points, tmp_path):
    log = tmp_path / "imported"
    fake_entry_points("noisy", f"import pathlib\npathlib.Path({str(log)!r}).touch()\n")
    with pytest.raises(UnknownValueError) as info:
        casebook.load(disable=["noisy", "noisey"])
    assert ("noisey", ("casebook.json", "casebook.markdown", "casebook.sphinx", "noisy")) == (
        info.value.value,
        info.value.valid,
    )
    assert not log.exists()


@pytest.mark.parametrize(
    ("disable", "message"),
    [
        (
            "salford-together",
            "disable takes a list of plugin names, not a str: write disable=['salford-together']",
        ),
        (b"csv", "disable takes a list of plugin names, not a bytes: write disable=[b'csv']"),
        (["csv", 3], "disable takes plugin names as strings, not int 3"),
    ],
)
def test_disable_takes_a_list_of_names_not_a_string(salford, disable, message):
    """A string is an iterable of letters: refused, not split into one-letter names."""
    with pytest.raises(TypeError) as info:
        casebook.load(disable=disable)
    assert message == str(info.value)
    with pytest.raises(TypeError):
        disabled_names(disable)


def test_any_iterable_of_names_is_taken(salford):
    for disable in (["salford-together"], ("salford-together",), {"salford-together"}):
        assert "salford-together" not in casebook.load(disable=disable)
    book = casebook.load(disable=(name for name in [" salford-together ", ""]))
    assert ["disabled"] == [p.status for p in book.plugins if p.name == "salford-together"]


def test_builtin_and_plugins_folder_names_can_be_disabled(fake_entry_points, tmp_path):
    write_plugin(tmp_path / "extra", "folder-site", "raise RuntimeError('never imported')\n")
    book = casebook.load(plugins_dir=tmp_path / "extra", disable=["folder-site", "casebook.json"])
    assert [] == list(book.failures)
    disabled = sorted(p.name for p in book.plugins if p.status == "disabled")
    assert ["casebook.json", "folder-site"] == disabled
    assert "json" not in book.exporters


def test_a_name_blocked_on_the_manager_directly_is_no_plugin(fake_entry_points):
    """A blocked name has no plugin: it is not reported as one registered directly."""
    loaded = load_plugins()
    loaded.manager.set_blocked("ghost")
    book = registry.build(loaded)
    assert "ghost" not in [p.name for p in book.plugins]
    assert ["builtin"] * 3 == [p.origin for p in book.plugins]


def test_disabling_the_frameworks_a_site_cites_fails_the_site(capsys):
    """As before: the installed sites cite the installed frameworks, which are disabled."""
    assert 1 == main(["plugins", "--format", "json", "--disable", "frameworks"])
    listing = {p["name"]: p for p in json.loads(capsys.readouterr().out)}
    assert "disabled" == listing["frameworks"]["status"]
    site = listing["salford-together"]
    assert "failed" == site["status"]
    provides = "cites framework 'five-year-forward-view', but no installed plugin provides it"
    assert provides in site["error"]
