"""An export replaces or removes only files casebook wrote for that format, as it wrote them."""

from __future__ import annotations

import fcntl
import json
import os

import pytest

from casebook import cli, exporting
from casebook.errors import CasebookError
from tests.test_sphinx_extension import build, project  # noqa: F401 (a fixture)

SITES = [
    "harrogate-rural-district",
    "leicestershire-rutland",
    "north-east-hampshire-farnham",
    "salford-together",
    "tower-hamlets-together",
]

NOTES_EXPORTER = """
from casebook.plugins.hookspecs import hookimpl

class Notes:
    name = "notes"
    description = "An index of its own"

    def export(self, book):
        return {"index.md": b"# notes\\n", "notes.txt": b"notes\\n"}

@hookimpl
def casebook_exporters():
    return [Notes]
"""


def files_under(folder):
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def export(capsys, *args):
    code = cli.main(["export", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_users_own_file_is_never_replaced(tmp_path, capsys):
    """A user's index.md in the folder before the first export stops it, naming the file."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.md").write_text("my own notes")
    code, _, err = export(capsys, "--format", "markdown", "--output", str(out))
    assert 1 == code
    assert [
        f"casebook: error: {out / 'index.md'}: refusing to replace a file casebook did not write; move it away or export into another folder"
    ] == err.splitlines()
    assert {"index.md": b"my own notes"} == files_under(out)


def test_every_target_is_checked_before_any_is_replaced(tmp_path):
    """A folder where a file must go fails the export before other files are replaced."""
    exporting.write_files({"a.txt": b"1", "z.txt": b"1"}, tmp_path, owner="t")
    (tmp_path / "z.txt").unlink()
    (tmp_path / "z.txt").mkdir()
    with pytest.raises(CasebookError, match="a folder stands where the export must write a file"):
        exporting.write_files({"a.txt": b"2", "z.txt": b"2"}, tmp_path, owner="t")
    assert b"1" == (tmp_path / "a.txt").read_bytes()


def test_a_same_size_hand_edit_is_restored_and_reported_written(tmp_path, capsys):
    """An output file edited by hand, even to the same size, is written again."""
    out = tmp_path / "out"
    export(capsys, "--format", "json", "--output", str(out))
    page = out / "case-studies" / "salford-together.json"
    original = page.read_bytes()
    page.write_bytes(original.replace(b"Salford", b"Slaford"))
    code, summary, _ = export(capsys, "--format", "json", "--output", str(out))
    assert 0 == code
    assert original == page.read_bytes()
    assert summary.startswith("json: 1 files written, ")


def test_a_manifest_listing_a_users_file_does_not_delete_it(tmp_path, capsys):
    """The manifest is not trusted: a file whose content casebook did not write stays."""
    out = tmp_path / "out"
    export(capsys, "--format", "json", "--output", str(out))
    (out / "notes.md").write_text("mine, not casebook's")
    manifest = json.loads((out / exporting.MANIFEST).read_text())
    manifest["json"]["files"]["notes.md"] = 20  # an old manifest recorded sizes only
    manifest["json"]["files"]["more.md"] = "sha256:" + "0" * 64
    (out / "more.md").write_text("mine too")
    (out / exporting.MANIFEST).write_text(json.dumps(manifest))
    code, summary, err = export(capsys, "--format", "json", "--output", str(out))
    assert 0 == code
    assert "mine, not casebook's" == (out / "notes.md").read_text()
    assert "mine too" == (out / "more.md").read_text()
    assert ", 0 removed, " in summary
    assert 2 == err.count("casebook: kept ")
    listed = json.loads((out / exporting.MANIFEST).read_text())["json"]["files"]
    assert "notes.md" not in listed
    assert "more.md" not in listed


def test_a_partial_export_says_what_it_removed_and_keeps_edited_pages(tmp_path, capsys):
    """--site into a full export removes the other sites' pages, names each, keeps edited ones."""
    out = tmp_path / "out"
    export(capsys, "--format", "markdown", "--output", str(out))
    edited = out / "sites" / "leicestershire-rutland.md"
    edited.write_text(edited.read_text() + "\nMy note.\n")
    code, summary, err = export(
        capsys, "--format", "markdown", "--site", "salford-together", "--output", str(out)
    )
    assert 0 == code
    lines = summary.splitlines()
    assert lines[0] == f"markdown: 1 files written, 1 unchanged, 3 removed, in {out}"
    removed = [
        f"sites/{s}.md" for s in SITES if s not in ("salford-together", "leicestershire-rutland")
    ]
    assert [
        f"removed {name} (an earlier export wrote it; this one does not)" for name in removed
    ] == lines[1:]
    assert "casebook: kept sites/leicestershire-rutland.md: " in err
    assert edited.read_text().endswith("My note.\n")
    assert ["index.md", "sites"] == sorted(
        p.name for p in out.iterdir() if not p.name.startswith(".")
    )


def test_two_formats_never_replace_each_others_files(tmp_path, capsys):
    """A format whose file another format wrote refuses to replace it, naming that format."""
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "notes.py").write_text(NOTES_EXPORTER)
    out = tmp_path / "out"
    export(capsys, "--format", "markdown", "--output", str(out))
    before = files_under(out)
    code, _, err = export(
        capsys, "--plugins-dir", str(plugins), "--format", "notes", "--output", str(out)
    )
    assert 1 == code
    assert [
        f"casebook: error: {out / 'index.md'}: refusing to replace a file that 'markdown' wrote (see .casebook-manifest.json); write 'notes' into another folder"
    ] == err.splitlines()
    assert before == files_under(out)


def test_the_sphinx_export_does_not_replace_the_extensions_pages(project, capsys):  # noqa: F811
    """The sphinx export into the folder the Sphinx extension writes is refused."""
    build(project)
    folder = project / "casebook"
    before = files_under(folder)
    code, _, err = export(capsys, "--format", "sphinx", "--output", str(folder))
    assert 1 == code
    assert "refusing to replace a file that 'casebook.sphinx' wrote" in err
    assert 1 == len(err.splitlines())
    assert before == files_under(folder)


def test_a_second_export_into_a_folder_being_written_fails_in_one_line(tmp_path, capsys):
    """While one export holds the folder, another fails at once and writes nothing."""
    out = tmp_path / "out"
    out.mkdir()
    held = os.open(out, os.O_RDONLY)
    try:
        fcntl.flock(held, fcntl.LOCK_EX)
        code, _, err = export(capsys, "--format", "json", "--output", str(out))
    finally:
        os.close(held)
    assert 1 == code
    assert [
        f"casebook: error: {out}: another export is writing into this folder; export again when it has finished"
    ] == err.splitlines()
    assert {} == files_under(out)
    assert 0 == export(capsys, "--format", "json", "--output", str(out))[0]
