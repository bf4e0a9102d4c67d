"""The command line and plugins: help runs no plugin code, --disable blocks imports, show says why."""

from __future__ import annotations

import sys

import pytest

from casebook.cli import build_parser, main
from tests.test_plugins import PLUGIN_WITH_DICT, fake_entry_points, site_data

__all__ = ["fake_entry_points"]


@pytest.fixture
def import_log(tmp_path, fake_entry_points):
    """Install a plugin 'noisy' that logs each import of it (i) and each call of its hook (h)."""
    log = tmp_path / "imports.log"
    fake_entry_points(
        "noisy",
        f"""
import pathlib
LOG = pathlib.Path({str(log)!r})
with LOG.open('a') as f:
    f.write('i')

@hookimpl
def casebook_case_studies():
    with LOG.open('a') as f:
        f.write('h')
    return [{site_data("noisy-site")!r}]
""",
    )
    return log


def imports(log) -> str:
    return log.read_text() if log.exists() else ""


def run(monkeypatch, args: list[str]) -> int:
    """Run the command as the console script does: with *args* in sys.argv too."""
    monkeypatch.setattr(sys, "argv", ["casebook", *args])
    return main(args)


def test_export_imports_each_plugin_once(import_log, tmp_path, capsys, monkeypatch):
    """`casebook export` loads the plugins once, not again to build its parser."""
    assert 0 == run(monkeypatch, ["export", "--format", "json", "--output", str(tmp_path / "out")])
    assert "ih" == imports(import_log)


@pytest.mark.parametrize("verb", ["list", "plugins", "export"])
def test_a_disabled_plugin_is_never_imported(verb, import_log, tmp_path, capsys, monkeypatch):
    """--disable blocks the plugin in pluggy before anything is imported, for every verb."""
    extra = ["--format", "json", "--output", str(tmp_path / "out")] if verb == "export" else []
    assert 0 == run(monkeypatch, [verb, "--disable", "noisy", *extra])
    assert "" == imports(import_log)
    assert "noisy-site" not in capsys.readouterr().out


def test_export_help_runs_no_plugin_code(tmp_path, fake_entry_points, capsys, monkeypatch):
    """`casebook export --help` prints its help even if a plugin would exit on import."""
    log = tmp_path / "ran"
    fake_entry_points(
        "quitter", f"import pathlib, sys\npathlib.Path({str(log)!r}).touch()\nsys.exit(0)\n"
    )
    with pytest.raises(SystemExit) as info:
        run(monkeypatch, ["export", "--help"])
    assert 0 == info.value.code
    assert capsys.readouterr().out.startswith("usage: casebook export")
    assert not log.exists()


def test_the_parser_neither_loads_plugins_nor_reads_argv(monkeypatch):
    """Building the parser loads no plugins, whatever sys.argv holds."""
    monkeypatch.setattr(sys, "argv", ["casebook", "export", "--format", "json"])
    monkeypatch.setattr("casebook.api.load", lambda **_: pytest.fail("plugins loaded"))
    monkeypatch.setattr("casebook.plugins.manager.load_plugins", lambda **_: pytest.fail("loaded"))
    build_parser()


def test_show_of_an_invalid_case_study_says_why(fake_entry_points, capsys):
    """An installed but invalid case study: 'invalid' and its problems, exit 1."""
    bad = site_data("bad-site")
    bad["summary"]["cites"] = ["nowhere"]
    fake_entry_points("bad", PLUGIN_WITH_DICT.format(data=bad))
    assert 1 == main(["show", "bad-site"])
    err = capsys.readouterr().err.splitlines()
    assert (
        "casebook: error: case study 'bad-site' is installed but not served: invalid case "
        "study: <plugin bad>: /summary/cites/0: cites source 'nowhere', which is not listed "
        "in /sources"
    ) == err[0]


def test_show_of_a_disputed_case_study_names_the_dispute(fake_entry_points, capsys):
    """A case study two plugins claim: show says so once, exit 1."""
    fake_entry_points("one", PLUGIN_WITH_DICT.format(data=site_data("same")))
    fake_entry_points("two", PLUGIN_WITH_DICT.format(data=site_data("same")))
    assert 1 == main(["show", "same"])
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (
        "casebook: error: case study 'same' is installed but not served: case study id 'same' "
        "is claimed by plugin 'one' and plugin 'two', so casebook serves none of them; "
        "disable all but one (--disable NAME)"
    )
    assert 1 == sum("is installed but not served" in line for line in err)


def test_show_of_an_id_nobody_gave_is_still_usage(fake_entry_points, capsys):
    """The control case: an id no plugin gave is a usage error, exit 2."""
    assert 2 == main(["show", "nobody"])
    assert "no case study with id 'nobody'" in capsys.readouterr().err
