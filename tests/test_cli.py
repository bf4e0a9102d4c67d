"""The casebook command: every verb has --help, output for people and scripts, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import casebook
from casebook.cli import build_parser, main

DATA = Path(__file__).parent / "data"
VERBS = ["list", "show", "validate", "plugins", "export", "coverage"]


@pytest.fixture
def test_plugins(monkeypatch, tmp_path):
    """Load only the test data through a plugins folder; no installed site plugins."""
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "testdata.py").write_text(
        "import pluggy, pathlib\n"
        "hookimpl = pluggy.HookimplMarker('casebook')\n"
        f"DATA = pathlib.Path({str(DATA)!r})\n"
        "@hookimpl\n"
        "def casebook_case_studies():\n"
        "    return [DATA / 'minimal.toml']\n"
        "@hookimpl\n"
        "def casebook_frameworks():\n"
        "    return [DATA / 'framework.toml']\n",
        "utf-8",
    )
    monkeypatch.setattr("casebook.plugins.entrypoints.find", lambda _group: [])
    monkeypatch.setenv("CASEBOOK_PLUGINS_DIR", str(folder))


@pytest.mark.parametrize("verb", VERBS)
def test_every_verb_has_help(verb, capsys):
    """`casebook VERB --help` explains the verb and exits 0."""
    with pytest.raises(SystemExit) as info:
        main([verb, "--help"])
    assert 0 == info.value.code
    out = capsys.readouterr().out
    assert out.startswith(f"usage: casebook {verb}")
    assert "--disable NAME" in out


def test_help_lists_every_verb(capsys):
    """The top-level help names each command."""
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert all(verb in out for verb in VERBS)


@pytest.mark.parametrize("columns", [50, 100])
@pytest.mark.parametrize("verb", ["list", "export"])
def test_help_wraps_to_the_terminal_width(verb, columns, capsys, monkeypatch):
    """Help is wrapped to ``$COLUMNS``, the width a terminal reports, as argparse's own is."""
    monkeypatch.setenv("COLUMNS", str(columns))
    with pytest.raises(SystemExit):
        main([verb, "--help"])
    # A list of choices, {a,b,c}, is one word to argparse: it never breaks it.
    widths = [len(line) for line in capsys.readouterr().out.splitlines() if "{" not in line]
    assert max(widths) <= columns
    assert max(widths) > columns - 15  # the lines use the width they are given


@pytest.mark.parametrize("columns", ["0", "-5", "wide"])
def test_help_without_a_usable_width_wraps_as_a_terminal_would(columns, capsys, monkeypatch):
    """A ``$COLUMNS`` of zero, below zero or not a number is passed over, as shutil does."""
    monkeypatch.setenv("COLUMNS", columns)
    with pytest.raises(SystemExit):
        main(["list", "--help"])
    widths = [len(line) for line in capsys.readouterr().out.splitlines() if "{" not in line]
    assert 60 < max(widths) <= 80  # standard output is not a terminal here: 80 columns


def test_version(capsys):
    """--version prints the version, alone or before a command."""
    assert 0 == main(["--version"])
    assert f"casebook {casebook.__version__}\n" == capsys.readouterr().out
    with pytest.raises(SystemExit) as info:
        main(["--version", "list"])
    assert (0, f"casebook {casebook.__version__}\n") == (info.value.code, capsys.readouterr().out)


def test_no_command_is_usage_error(capsys):
    """Running casebook with no command prints help and exits 2."""
    assert 2 == main([])
    assert "usage: casebook" in capsys.readouterr().err


def test_unknown_option_is_usage_error(capsys):
    """A wrong option exits 2 with argparse's one-line message."""
    with pytest.raises(SystemExit) as info:
        main(["list", "--bogus"])
    assert 2 == info.value.code
    assert "unrecognized arguments: --bogus" in capsys.readouterr().err


def test_list_table_and_json(test_plugins, capsys):
    """`casebook list` prints a table, and --format json the same rows as data.

    The table names the programme type by its label; the JSON keeps the code.
    """
    assert 0 == main(["list"])
    lines = capsys.readouterr().out.splitlines()
    programme = ["multispecialty", "community", "provider"]
    assert "REVIEWED" == lines[0].split()[-1]
    expected = ["example-site", "Example", "Site", *programme, "Exampleton", "1", "evaluated"]
    assert [*expected, "2026-11-23"] == lines[1].split()
    assert 0 == main(["list", "--format", "json"])
    rows = json.loads(capsys.readouterr().out)
    assert [
        {
            "id": "example-site",
            "name": "Example Site",
            "programme": "mcp",
            "place": "Exampleton",
            "initiatives": 1,
            "own_evidence": "evaluated",
            "last_reviewed": "2026-11-23",
        }
    ] == rows


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--programme", "mcp"], ["example-site"]),
        (["--programme", "pacs"], []),
        (["--setting", "community-health", "--status", "evaluated"], ["example-site"]),
        (["--setting", "primary-care"], []),
        (["--area", "test-framework"], ["example-site"]),
        (["--area", "test-framework/population"], []),
    ],
)
def test_list_filters(test_plugins, capsys, args, expected):
    """Filters select sites by programme, setting, framework area and evidence status."""
    assert 0 == main(["list", "--format", "json", *args])
    assert expected == [row["id"] for row in json.loads(capsys.readouterr().out)]


def test_show_text_has_numbered_sources(test_plugins, capsys):
    """`casebook show ID` writes the case up with numbered references to its sources."""
    assert 0 == main(["show", "example-site"])
    out = capsys.readouterr().out
    assert "Outcomes:\n  - Admissions\n    Value: 12.5\n    Unit: %\n" in out
    assert "    Basis: measured\n" in out
    assert "    Sources: [1, 2]\n" in out
    assert "  [1] A report. 2017-05 (report). https://example.org/report\n" in out


def test_show_json_round_trips(test_plugins, capsys):
    """`casebook show ID --format json` gives the case study's data, schema-valid."""
    assert 0 == main(["show", "example-site", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert casebook.load()["example-site"] == casebook.format.convert.from_data(
        data, casebook.CaseStudy
    )


def test_show_unknown_id(test_plugins, capsys):
    """An unknown id is a usage error naming what is installed."""
    assert 2 == main(["show", "nope"])
    assert (
        "casebook: error: no case study with id 'nope': it is either misspelled or not "
        "installed (known: example-site)\n"
    ) == capsys.readouterr().err


def test_export_rejects_an_unknown_format_as_usage(test_plugins, capsys, tmp_path):
    """An unknown format is a usage error: one line listing the installed formats, exit 2."""
    assert 2 == main(["export", "--format", "nope", "--output", str(tmp_path / "out")])
    assert (
        "casebook: error: no export format with id 'nope': it is either misspelled or not "
        "installed (known: json, markdown, sphinx)\n"
    ) == capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_export_json_writes_files_that_validate(test_plugins, capsys, tmp_path):
    """The json export writes files `casebook validate` accepts and that load back equal."""
    out = tmp_path / "out"
    assert 0 == main(["export", "--format", "json", "--output", str(out)])
    assert "json: 3 files written, 0 unchanged" in capsys.readouterr().out
    case_file = out / "case-studies" / "example-site.json"
    assert 0 == main(["validate", str(case_file), str(out / "frameworks")])
    assert casebook.load()["example-site"] == casebook.read_case_study(
        case_file, known_areas=["test-framework/urgent"]
    )
    # Exporting again rewrites nothing.
    before = case_file.stat().st_mtime_ns
    assert 0 == main(["export", "--format", "json", "--output", str(out)])
    assert "json: 0 files written, 3 unchanged" in capsys.readouterr().out
    assert before == case_file.stat().st_mtime_ns


def test_python_dash_m(tmp_path):
    """`python -m casebook` runs the same command."""
    result = subprocess.run(
        [sys.executable, "-m", "casebook", "--version"], capture_output=True, text=True, check=False
    )
    assert (0, f"casebook {casebook.__version__}\n") == (result.returncode, result.stdout)


def test_parser_is_buildable_without_loading_plugins(monkeypatch):
    """Building the parser (for --help and the docs) does not load plugins."""
    monkeypatch.setattr(sys, "argv", ["casebook", "list"])
    monkeypatch.setattr("casebook.api.load", lambda **_: pytest.fail("plugins loaded"))
    build_parser()


@pytest.mark.parametrize(
    "args",
    [
        ["export", "--format", "json", "--output", ""],
        ["new-site", "A Site", "--output", ""],
        ["validate", ""],
        ["list", "--plugins-dir", ""],
    ],
    ids=["export", "new-site", "validate", "plugins-dir"],
)
def test_an_empty_path_is_a_usage_error_not_the_current_folder(tmp_path, monkeypatch, capsys, args):
    """An unset variable (``--output "$OUT"``) must not export into the current folder."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as stopped:
        main(args)
    assert 2 == stopped.value.code
    assert "an empty path: give a file or folder" in capsys.readouterr().err
    assert [] == list(tmp_path.iterdir())


def test_new_site_offers_no_plugin_option_it_would_ignore(tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["new-site", "A Site", "--output", str(tmp_path), "--disable", "frameworks"])
    assert 2 == stopped.value.code
    assert "unrecognized arguments: --disable frameworks" in capsys.readouterr().err
    assert [] == list(tmp_path.iterdir())
