"""Plugins load one by one: from entry points and folders, disabled by name, failures reported."""

from __future__ import annotations

import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

import casebook
from casebook.cli import main
from casebook.format import convert
from casebook.plugins import entrypoints
from casebook.plugins import manager as plugins

DATA = Path(__file__).parent / "data"


def site_data(case_id: str = "example-site") -> dict:
    data = tomllib.loads((DATA / "minimal.toml").read_text("utf-8"))
    data["id"] = case_id
    data["initiatives"][0]["areas"] = []
    return data


def write_plugin(folder: Path, name: str, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.py"
    header = "import pluggy\nhookimpl = pluggy.HookimplMarker('casebook')\n"
    path.write_text(header + textwrap.dedent(body), "utf-8")
    return path


@pytest.fixture
def fake_entry_points(monkeypatch, tmp_path):
    """Install modules from a temporary folder as if published under the casebook group."""
    folder = tmp_path / "site-packages"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    installed: list[entrypoints.EntryPoint] = []

    def find(group: str):
        assert "casebook" == group
        return installed

    monkeypatch.setattr(plugins.entrypoints, "find", find)

    def install(name: str, body: str) -> None:
        module = f"cbtest_{name.replace('-', '_')}"
        write_plugin(folder, module, body)
        # Each test imports its own module of that name, not one an earlier test imported.
        monkeypatch.delitem(sys.modules, module, raising=False)
        installed.append(entrypoints.EntryPoint(name=name, value=module))

    return install


PLUGIN_WITH_DICT = """
@hookimpl
def casebook_case_studies():
    return [{data!r}]
"""


def test_entry_point_plugin_appears_in_load(fake_entry_points):
    """A case study from an installed entry point is in casebook.load()."""
    fake_entry_points("ep-site", PLUGIN_WITH_DICT.format(data=site_data("ep-site")))
    book = casebook.load()
    assert ["ep-site"] == list(book)
    report = next(p for p in book.plugins if p.name == "ep-site")
    assert ("entry point", ("casebook_case_studies",), ("case study ep-site",), "ok") == (
        report.origin,
        report.hooks,
        report.contributes,
        report.status,
    )


def test_plugins_folder_plugin_appears_in_load(tmp_path, fake_entry_points):
    """A .py file in a plugins folder contributes like an installed plugin."""
    write_plugin(
        tmp_path / "extra", "folder_site", PLUGIN_WITH_DICT.format(data=site_data("folder-site"))
    )
    assert ["folder-site"] == list(casebook.load(plugins_dir=tmp_path / "extra"))


def test_plugins_folder_from_environment(tmp_path, monkeypatch, fake_entry_points):
    """CASEBOOK_PLUGINS_DIR names a plugins folder too."""
    write_plugin(
        tmp_path / "extra", "env_site", PLUGIN_WITH_DICT.format(data=site_data("env-site"))
    )
    monkeypatch.setenv("CASEBOOK_PLUGINS_DIR", str(tmp_path / "extra"))
    assert ["env-site"] == list(casebook.load())


def test_hook_may_return_objects_dicts_and_paths(tmp_path, fake_entry_points):
    """A site plugin's hook may give model objects, plain dicts or data-file paths."""
    case = convert.from_data(site_data("as-object"), casebook.CaseStudy)
    path = tmp_path / "as-file.json"
    path.write_text(__import__("json").dumps(site_data("as-file")), "utf-8")
    write_plugin(
        tmp_path / "p",
        "mixed",
        f"""
        from casebook.format import convert
        from casebook import CaseStudy
        @hookimpl
        def casebook_case_studies():
            return [convert.from_data({site_data("as-object")!r}, CaseStudy),
                    {site_data("as-dict")!r}, {str(path)!r}]
        """,
    )
    book = casebook.load(plugins_dir=tmp_path / "p")
    assert ["as-dict", "as-file", "as-object"] == list(book)
    assert case == book["as-object"]


def test_plugin_that_fails_to_import_does_not_stop_others(fake_entry_points, capsys):
    """A broken plugin is reported with its cause; the others still load; the CLI exits 1."""
    fake_entry_points("broken", "raise RuntimeError('missing dependency')\n")
    fake_entry_points("good", PLUGIN_WITH_DICT.format(data=site_data("good-site")))
    book = casebook.load()
    assert ["good-site"] == list(book)
    (failure,) = book.failures
    assert "broken" == failure.name
    assert "failed to load: RuntimeError: missing dependency" == failure.error

    assert 1 == main(["list"])
    out, err = capsys.readouterr()
    assert "good-site" in out
    assert (
        "casebook: plugin 'broken' failed: failed to load: RuntimeError: missing dependency\n"
        == err
    )


def test_validate_reports_a_failed_plugin_and_fails(fake_entry_points, tmp_path, capsys):
    """validate says which plugin failed, as every command does, and exits 1 for it.

    The failure is said before the problems, which it may cause (a failed framework plugin
    leaves its areas unknown).
    """
    fake_entry_points("broken", "raise RuntimeError('boom')\n")
    valid = tmp_path / "site.json"
    valid.write_text(__import__("json").dumps(site_data("a-site")), "utf-8")
    failure = "casebook: plugin 'broken' failed: failed to load: RuntimeError: boom\n"
    assert 1 == main(["validate", "--quiet", str(valid)])
    out, err = capsys.readouterr()
    assert (out, err) == ("1 file valid (1 case study, 0 frameworks)\n", failure)
    invalid = tmp_path / "other.json"
    invalid.write_text("{", "utf-8")
    assert 1 == main(["validate", "--quiet", str(invalid)])
    err = capsys.readouterr().err
    assert err.startswith(failure)
    assert f"{invalid}: " in err.removeprefix(failure)


def test_plugin_whose_hook_raises_is_reported(fake_entry_points):
    """A hook that raises is reported by plugin name; other plugins' hooks still run."""
    fake_entry_points(
        "raises",
        """
        @hookimpl
        def casebook_case_studies():
            raise ValueError('no data today')
        """,
    )
    fake_entry_points("good", PLUGIN_WITH_DICT.format(data=site_data("good-site")))
    book = casebook.load()
    assert ["good-site"] == list(book)
    assert [("raises", "casebook_case_studies() raised ValueError: no data today")] == [
        (f.name, f.error) for f in book.failures
    ]


def test_strict_stops_at_first_failure(fake_entry_points, capsys):
    """--strict turns a plugin failure into an error instead of a report."""
    fake_entry_points("broken", "raise RuntimeError('boom')\n")
    with pytest.raises(casebook.PluginError, match="boom"):
        casebook.load(strict=True)
    assert 1 == main(["list", "--strict"])
    assert (
        "casebook: error: plugin 'broken': failed to load: RuntimeError: boom\n"
        == capsys.readouterr().err
    )


def test_plugin_with_invalid_data_is_reported_with_pointer(fake_entry_points):
    """Invalid data from a plugin is left out and reported against the plugin, with a pointer."""
    bad = site_data("bad-site")
    bad["id"] = "../escape"
    fake_entry_points("bad", PLUGIN_WITH_DICT.format(data=bad))
    book = casebook.load()
    assert [] == list(book)
    (failure,) = book.failures
    assert failure.error.startswith("invalid case study: <plugin bad>: /id: ")


def test_duplicate_case_study_id_names_both_plugins(fake_entry_points):
    """Two plugins that claim one id: an error naming both, in the report and in strict mode."""
    fake_entry_points("first", PLUGIN_WITH_DICT.format(data=site_data("same")))
    fake_entry_points("second", PLUGIN_WITH_DICT.format(data=site_data("same")))
    book = casebook.load()
    message = (
        "case study id 'same' is claimed by plugin 'first' and plugin 'second', so casebook "
        "serves none of them; disable all but one (--disable NAME)"
    )
    assert [("first", message), ("second", message)] == [(f.name, f.error) for f in book.failures]
    assert [] == list(book)
    with pytest.raises(casebook.DuplicateIdError) as info:
        casebook.load(strict=True)
    assert ("first", "second") == info.value.plugins


def test_disable_by_name_skips_import(fake_entry_points, monkeypatch):
    """A disabled plugin is never imported, by --disable or CASEBOOK_DISABLE_PLUGINS."""
    fake_entry_points("broken", "raise RuntimeError('should not be imported')\n")
    fake_entry_points("other", "raise RuntimeError('nor should this')\n")
    book = casebook.load(disable=["broken", "other"])
    assert [] == list(book.failures)
    assert ["disabled"] == [p.status for p in book.plugins if p.name == "broken"]
    monkeypatch.setenv("CASEBOOK_DISABLE_PLUGINS", "other, broken ,")
    assert [] == list(casebook.load().failures)


def test_plugins_command_lists_builtin_plugins(fake_entry_points, capsys):
    """`casebook plugins` shows each plugin with its origin, contributions and status."""
    assert 0 == main(["plugins"])
    out = capsys.readouterr().out.splitlines()
    assert ["NAME", "VERSION", "FROM", "CONTRIBUTES", "STATUS"] == out[0].split()
    assert ["casebook.json", "-", "builtin", "exporter", "json", "ok"] == out[1].split()


def test_plugins_command_json_reports_failures(fake_entry_points, capsys):
    """`casebook plugins --format json` gives scripts the status and error of each plugin."""
    fake_entry_points("broken", "raise ImportError('no module named spam')\n")
    assert 1 == main(["plugins", "--format", "json"])
    listing = __import__("json").loads(capsys.readouterr().out)
    broken = next(p for p in listing if p["name"] == "broken")
    assert ("failed", "failed to load: ImportError: no module named spam") == (
        broken["status"],
        broken["error"],
    )


def test_contributions_are_sorted_whatever_the_install_order(fake_entry_points):
    """What plugins contribute comes out sorted by id, not by installation order."""
    fake_entry_points("zeta", PLUGIN_WITH_DICT.format(data=site_data("aaa-site")))
    fake_entry_points("alpha", PLUGIN_WITH_DICT.format(data=site_data("zzz-site")))
    assert ["aaa-site", "zzz-site"] == list(casebook.load())


def test_missing_plugins_folder_is_reported(tmp_path, fake_entry_points):
    """A plugins folder that does not exist is a reported failure, not a crash."""
    book = casebook.load(plugins_dir=tmp_path / "nope")
    assert ["plugins folder not found"] == [f.error for f in book.failures]


def test_every_contribution_of_a_large_plugin_is_reported(tmp_path):
    """A plugin's report lists what it contributed, in order, however many items it gave."""
    write_plugin(
        tmp_path,
        "many",
        f"""
        import copy
        BASE = {site_data("site-0")!r}

        @hookimpl
        def casebook_case_studies():
            for number in range(300):
                data = copy.deepcopy(BASE)
                data["id"] = f"site-{{number:03d}}"
                yield data
        """,
    )
    book = casebook.load(plugins_dir=tmp_path, entry_points=False)
    report = next(r for r in book.plugins if r.name == "many")
    assert [f"case study site-{n:03d}" for n in range(300)] == list(report.contributes)
