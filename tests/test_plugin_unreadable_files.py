"""A plugin's data file that cannot be read or parsed is invalid data, reported as any other.

It once failed the plugin with the exception's class name and its text, escaped and cut short
(``gave a case study casebook cannot read: ValidationError: 1 problem found:\\x0a...``), and no
refusal was recorded; now it reads ``invalid case study: FILE: /pointer: message`` like a file
that fails the schema.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import casebook
from casebook.cli import main
from casebook.errors import Problem, ValidationError
from casebook.format import limits
from casebook.report import Refusal
from tests.test_plugins import DATA, PLUGIN_WITH_DICT, fake_entry_points, site_data, write_plugin

__all__ = ["fake_entry_points"]

# (file name, what to write there: bytes, a folder, or None for nothing, the problem's message)
UNREADABLE = {
    "duplicate TOML key": (
        "dup.toml",
        b'id = "x"\nid = "y"\n',
        "invalid TOML at line 2, column 9: ",
    ),
    "invalid JSON": ("bad.json", b'{"id": }', "invalid JSON at line 1, column 8: Expecting value"),
    "not UTF-8": ("latin.toml", b"\xff\xfe", "not UTF-8 text: invalid byte 0xff on line 1"),
    "empty": ("empty.json", b"", "the file is empty: expected a JSON object"),
    "not an object": ("list.json", b"[1]", "the top level must be an object, not an array"),
    "too deep": ("deep.json", b'{"a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", limits.TOO_DEEP),
    "missing": ("missing.toml", None, "file not found"),
    "a folder": ("folder.json", "folder", "is a directory, not a data file"),
    "unknown type": ("site.txt", b"id = 'x'", "unknown file type '.txt': use one of .json, .toml"),
}


def _make(folder: Path, name: str, content: bytes | str | None) -> Path:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content == "folder":
        path.mkdir()
    return path


def _files_plugin(folder: Path, hook: str, paths: list[Path]) -> None:
    listed = ", ".join(f"Path({str(p)!r})" for p in paths)
    body = f"from pathlib import Path\n@hookimpl\ndef {hook}():\n    return [{listed}]\n"
    write_plugin(folder, "files", body)


@pytest.mark.parametrize("case", sorted(UNREADABLE))
def test_an_unreadable_file_is_invalid_with_its_file_and_pointer(
    case, tmp_path, capsys, fake_entry_points
):
    """The plugin fails on one line, `invalid case study: FILE: /: message`; a refusal kept."""
    name, content, message = UNREADABLE[case]
    plugins = tmp_path / "plugins"
    path = _make(tmp_path, name, content)
    _files_plugin(plugins, "casebook_case_studies", [path])
    write_plugin(plugins, "good", PLUGIN_WITH_DICT.format(data=site_data("good-site")))
    book = casebook.load(plugins_dir=plugins)
    assert ["good-site"] == list(book)
    (report,) = book.failures
    (refusal,) = report.refused
    assert ("files", "case study", None, str(path)) == (
        report.name,
        refusal.kind,
        refusal.id,
        refusal.where,
    )
    assert refusal.reason == report.error
    assert report.error.startswith(f"invalid case study: {path}: /: {message}")
    assert 1 == main(["list", "--plugins-dir", str(plugins)])
    out, err = capsys.readouterr()
    assert "good-site" in out
    assert [f"casebook: plugin 'files' failed: {report.error}"] == err.splitlines()
    assert "ValidationError" not in err
    assert "\\x0a" not in err


def test_every_problem_of_every_file_is_listed(tmp_path, capsys, fake_entry_points):
    """Two unreadable files and one that fails the schema: three refusals, each with its file."""
    plugins = tmp_path / "plugins"
    dup = _make(tmp_path, "dup.toml", b'id = "x"\nid = "y"\n')
    missing = tmp_path / "missing.toml"
    invalid = tmp_path / "invalid.json"
    data = site_data("invalid-site")
    data["extra"] = 1
    invalid.write_text(json.dumps(data), "utf-8")
    _files_plugin(plugins, "casebook_case_studies", [dup, missing, invalid])
    (report,) = casebook.load(plugins_dir=plugins).failures
    assert [
        (None, str(dup)),
        (None, str(missing)),
        ("invalid-site", str(invalid)),
    ] == [(r.id, r.where) for r in report.refused]
    starts = [
        f"invalid case study: {dup}: /: invalid TOML at line 2, column 9: ",
        f"invalid case study: {missing}: /: file not found",
        f"invalid case study: {invalid}: /extra: unknown field 'extra'",
    ]
    reasons = [r.reason for r in report.refused]
    assert all(map(str.startswith, reasons, starts)), reasons
    assert "; ".join(r.reason for r in report.refused) == report.error
    assert 1 == main(["plugins", "--plugins-dir", str(plugins), "--format", "json"])
    (shown,) = [p for p in json.loads(capsys.readouterr().out) if p["name"] == "files"]
    assert ("failed", report.error) == (shown["status"], shown["error"])


def test_an_unreadable_framework_file_is_invalid_too(tmp_path):
    """The frameworks hook's files are read the same way."""
    plugins = tmp_path / "plugins"
    missing = tmp_path / "missing-framework.toml"
    _files_plugin(plugins, "casebook_frameworks", [missing])
    (report,) = casebook.load(plugins_dir=plugins, entry_points=False).failures
    reason = f"invalid framework: {missing}: /: file not found"
    assert (reason, (Refusal("framework", None, str(missing), reason),)) == (
        report.error,
        report.refused,
    )


def test_strict_raises_the_files_problems(tmp_path):
    """--strict stops at the unreadable file with its problem, as for a file failing the schema."""
    plugins = tmp_path / "plugins"
    missing = tmp_path / "missing.toml"
    _files_plugin(plugins, "casebook_case_studies", [missing, DATA / "minimal.toml"])
    with pytest.raises(ValidationError) as info:
        casebook.load(plugins_dir=plugins, entry_points=False, strict=True)
    assert (Problem(str(missing), "", "file not found"),) == info.value.problems


def test_a_plugins_own_empty_validation_error_is_its_failure(tmp_path):
    """A path object raising a ValidationError of no problems is the plugin's failure, no crash."""
    plugins = tmp_path / "plugins"
    body = """
        from casebook.errors import ValidationError
        class Odd:
            def __fspath__(self):
                raise ValidationError([])
            def __str__(self):
                return "odd.toml"
        @hookimpl
        def casebook_case_studies():
            return [Odd()]
        """
    write_plugin(plugins, "odd", body)
    (report,) = casebook.load(plugins_dir=plugins, entry_points=False).failures
    assert "gave a case study casebook cannot read: ValidationError: 0 problems found:" in (
        report.error
    )
    assert () == report.refused
