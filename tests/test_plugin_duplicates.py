"""An id claimed twice is served for no claimant: each is reported, by plugin and file."""

from __future__ import annotations

import json
import shutil

import pytest

import casebook
from casebook.cli import main
from tests.test_plugins import DATA, PLUGIN_WITH_DICT, fake_entry_points, site_data

__all__ = ["fake_entry_points"]

PLUGIN_WITH_FILES = """
@hookimpl
def casebook_case_studies():
    return {cases!r}

@hookimpl
def casebook_frameworks():
    return {frameworks!r}
"""


def files_plugin(cases: list[str] = (), frameworks: list[str] = ()) -> str:
    return PLUGIN_WITH_FILES.format(cases=list(cases), frameworks=list(frameworks))


@pytest.fixture
def disputed_site(fake_entry_points):
    """'first' gives example-site from a file, 'second' as a dict; 'good' gives another site."""
    minimal = str(DATA / "minimal.toml")
    fake_entry_points("first", files_plugin([minimal], [str(DATA / "framework.toml")]))
    impostor = site_data("example-site")
    impostor["name"] = "Impostor"
    fake_entry_points("second", PLUGIN_WITH_DICT.format(data=impostor))
    fake_entry_points("good", PLUGIN_WITH_DICT.format(data=site_data("good-site")))
    return minimal


def test_a_disputed_case_study_is_served_for_neither_claimant(disputed_site):
    """casebook.load() leaves the id out and reports both claimants, the file named."""
    book = casebook.load()
    assert ["good-site"] == list(book)
    message = (
        f"case study id 'example-site' is claimed by plugin 'first' ({disputed_site}) and "
        "plugin 'second', so casebook serves none of them; disable all but one (--disable NAME)"
    )
    assert [("first", message), ("second", message)] == [(f.name, f.error) for f in book.failures]
    refused = {f.name: [(r.kind, r.id, r.where) for r in f.refused] for f in book.failures}
    assert {
        "first": [("case study", "example-site", disputed_site)],
        "second": [("case study", "example-site", "<plugin second>")],
    } == refused


def test_list_and_compare_leave_a_disputed_case_study_out(disputed_site, capsys):
    """`casebook list` and `compare` show no disputed row, name both claimants and exit 1."""
    assert 1 == main(["list", "--format", "json"])
    out, err = capsys.readouterr()
    assert ["good-site"] == [row["id"] for row in json.loads(out)]
    assert "Impostor" not in out
    assert 2 == err.count("is claimed by plugin 'first'")
    assert 1 == main(["compare", "--framework", "test-framework", "--format", "json"])
    assert "example-site" not in capsys.readouterr().out


def test_strict_stops_at_a_disputed_id(disputed_site, capsys):
    """--strict stops with the one line that names both claimants."""
    with pytest.raises(casebook.DuplicateIdError) as info:
        casebook.load(strict=True)
    assert ("first", "second") == info.value.plugins
    assert 1 == main(["list", "--strict"])
    assert (
        f"casebook: error: case study id 'example-site' is claimed by plugin 'first' "
        f"({disputed_site}) and plugin 'second', so casebook serves none of them; disable all "
        "but one (--disable NAME)\n"
    ) == capsys.readouterr().err


def test_disabling_one_claimant_serves_the_other(disputed_site):
    """The fix the message names works: disable one plugin and the other's data is served."""
    book = casebook.load(disable=["second"])
    assert ("Example Site", ()) == (book["example-site"].name, book.failures)


def test_one_plugin_giving_an_id_twice_is_a_dispute_too(fake_entry_points):
    """A plugin that returns one id twice has it served neither way, and is failed once."""
    fake_entry_points(
        "twice",
        f"""
@hookimpl
def casebook_case_studies():
    return [{site_data("dup")!r}, {dict(site_data("dup"), name="Other")!r}]
""",
    )
    book = casebook.load()
    assert [] == list(book)
    (failure,) = book.failures
    assert failure.error.startswith("case study id 'dup' is claimed by plugin 'twice' and plugin")
    assert 2 == len(failure.refused)


def test_a_disputed_framework_is_not_served_and_its_sites_say_why(fake_entry_points, tmp_path):
    """Two frameworks with one id: neither is served; a site citing it names the dispute."""
    framework = str(DATA / "framework.toml")
    fake_entry_points("frameworks", files_plugin(frameworks=[framework]))
    fake_entry_points("site", files_plugin([str(DATA / "minimal.toml")]))
    fake_entry_points("other", PLUGIN_WITH_DICT.format(data=site_data("unaffected")))
    folder = tmp_path / "extra"
    folder.mkdir()
    copy = folder / "framework.toml"
    shutil.copy(framework, copy)
    (folder / "rival.py").write_text(
        "import pluggy\nhookimpl = pluggy.HookimplMarker('casebook')\n"
        f"@hookimpl\ndef casebook_frameworks():\n    return [{str(copy)!r}]\n"
    )
    book = casebook.load(plugins_dir=folder)
    assert ([], ["unaffected"]) == (list(book.frameworks), list(book))
    failures = {f.name: f.error for f in book.failures}
    assert ["frameworks", "rival", "site"] == sorted(failures)
    dispute = (
        f"framework id 'test-framework' is claimed by plugin 'frameworks' ({framework}) and "
        f"plugin 'rival' ({copy}), so casebook serves none of them; disable all but one "
        "(--disable NAME)"
    )
    assert dispute == failures["rival"]
    assert (
        f"invalid case study: {DATA / 'minimal.toml'}: cites framework 'test-framework', but "
        f"it is not served: {dispute}"
    ) == failures["site"]


@pytest.fixture
def installed_example(fake_entry_points):
    fake_entry_points(
        "example",
        files_plugin([str(DATA / "minimal.toml")], [str(DATA / "framework.toml")]),
    )


def test_validate_warns_of_an_id_already_installed(installed_example, tmp_path, capsys):
    """A valid file whose id an installed plugin serves from elsewhere is valid, with a warning."""
    copy = tmp_path / "my-site.toml"
    shutil.copy(DATA / "minimal.toml", copy)
    assert 0 == main(["validate", str(copy)])
    out, err = capsys.readouterr()
    assert "1 file valid (1 case study, 0 frameworks)\n" == out
    assert (
        "casebook: warning: case study id 'example-site' is already installed by plugin "
        f"'example' ({DATA / 'minimal.toml'}); installed beside it, casebook would serve "
        "neither\n"
    ) == err


def test_validate_of_the_installed_file_itself_does_not_warn(installed_example, capsys):
    """Checking the data file of an installed plugin again is not a clash with itself."""
    assert 0 == main(["validate", str(DATA / "minimal.toml"), str(DATA / "framework.toml")])
    assert "" == capsys.readouterr().err
