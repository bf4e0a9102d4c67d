"""Exports write only inside the output folder, atomically, and leave unchanged files alone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casebook import exporting
from casebook.book import Casebook
from casebook.errors import CasebookError, PluginError
from casebook.export import journal
from casebook.plugins.hookspecs import hookimpl
from casebook.plugins.manager import load_plugins
from casebook.plugins.registry import build


class Upper:
    """A test exporter: one text file per case study with its name in capitals."""

    name = "upper"
    description = "Names in capitals"

    def export(self, book):
        return {f"{case_id}.txt": case.name.upper().encode() for case_id, case in book.items()}


class Broken:
    name = "broken"
    description = "Always fails"

    def export(self, book):
        raise RuntimeError("renderer crashed")


class ExporterPlugin:
    @hookimpl
    def casebook_exporters(self):
        return [Upper, Broken]


def book_with_exporters() -> Casebook:
    loaded = load_plugins(entry_points=False)
    loaded.manager.register(ExporterPlugin(), name="test-exporters")
    return build(loaded)


def test_exporter_from_a_plugin_is_listed_under_its_name():
    """Exporters registered through the hook are available by name, sorted."""
    assert ["broken", "json", "markdown", "sphinx", "upper"] == list(
        book_with_exporters().exporters
    )


def test_failing_exporter_leaves_output_untouched(tmp_path):
    """An exporter that raises names itself and writes nothing."""
    (tmp_path / "keep.txt").write_text("mine")
    with pytest.raises(
        PluginError,
        match="plugin 'test-exporters': exporter 'broken' failed: RuntimeError: renderer crashed",
    ):
        exporting.export(book_with_exporters(), "broken", tmp_path)
    assert ["keep.txt"] == sorted(p.name for p in tmp_path.iterdir())


@pytest.mark.parametrize(
    "name",
    ["../outside.txt", "/etc/passwd", "a/../../b", "", "C:/x", "a\\b", "./a/./b/.."],
)
def test_paths_leaving_the_output_folder_are_refused(tmp_path, name):
    """Absolute paths, '..' and other tricks are refused before anything is written."""
    with pytest.raises(CasebookError, match="refusing to write"):
        exporting.write_files({"fine.txt": b"x", name: b"y"}, tmp_path / "out")
    assert not (tmp_path / "out").exists()


@given(st.text(max_size=30))
def test_any_accepted_path_stays_inside(name):
    """Whatever name an exporter gives, an accepted path resolves inside the folder."""
    root = Path("/srv/out")
    try:
        relative = exporting.safe_relative_path(name)
    except CasebookError:
        return
    target = Path(os.path.normpath(root.joinpath(*relative.parts)))
    assert target.is_relative_to(root)
    assert target != root


def test_unchanged_files_are_not_rewritten(tmp_path):
    """A second export with the same bytes leaves files and their mtimes alone."""
    first = exporting.write_files({"a.txt": b"1", "sub/b.txt": b"2"}, tmp_path)
    assert (("a.txt", "sub/b.txt"), ()) == (first.written, first.unchanged)
    mtime = (tmp_path / "a.txt").stat().st_mtime_ns
    second = exporting.write_files({"a.txt": b"1", "sub/b.txt": b"3"}, tmp_path)
    assert (("sub/b.txt",), ("a.txt",)) == (second.written, second.unchanged)
    assert mtime == (tmp_path / "a.txt").stat().st_mtime_ns
    assert b"3" == (tmp_path / "sub" / "b.txt").read_bytes()


def test_files_casebook_did_not_write_are_kept(tmp_path):
    """Other files in the output folder survive an export."""
    (tmp_path / "notes.md").write_text("mine")
    exporting.write_files({"a.txt": b"1"}, tmp_path)
    assert "mine" == (tmp_path / "notes.md").read_text()


def test_written_files_have_normal_permissions(tmp_path):
    """Atomic writes do not leave the private 0600 mode of temporary files."""
    old = os.umask(0o022)
    try:
        exporting.write_files({"a.txt": b"1"}, tmp_path)
    finally:
        os.umask(old)
    assert 0o644 == (tmp_path / "a.txt").stat().st_mode & 0o777
    assert [".casebook-manifest.json", "a.txt"] == sorted(p.name for p in tmp_path.iterdir())


def test_export_of_unknown_format_names_installed_ones(tmp_path):
    """Asking for a format nobody installed is an error listing those that are."""
    with pytest.raises(
        CasebookError,
        match=r"unknown export format 'pdf' \(installed formats: broken, json, markdown, sphinx, upper\)",
    ):
        exporting.export(book_with_exporters(), "pdf", tmp_path)


def test_exporter_without_name_is_reported():
    """An exporter class without a name is a reported plugin failure."""

    class Nameless:
        def export(self, book):
            return {}

    class Plugin:
        @hookimpl
        def casebook_exporters(self):
            return [Nameless]

    loaded = load_plugins(entry_points=False)
    loaded.manager.register(Plugin(), name="nameless")
    book = build(loaded)
    assert ["nameless"] == [f.name for f in book.failures]


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under *folder* with its bytes and modification time."""
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_interrupted_export_leaves_the_folder_as_it_was(tmp_path, monkeypatch):
    """An export stopped half-way (Ctrl-C while writing) changes nothing in the folder."""
    exporting.write_files({"a.txt": b"old a", "b.txt": b"old b"}, tmp_path, owner="t")
    (tmp_path / "mine.txt").write_text("mine")
    before = snapshot(tmp_path)
    real_stage = journal._stage  # noqa: SLF001
    calls = []

    def stage_then_interrupt(staging, name, content):
        calls.append(name)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real_stage(staging, name, content)

    monkeypatch.setattr(journal, "_stage", stage_then_interrupt)
    new = {"a.txt": b"new a", "b.txt": b"new b", "c.txt": b"new c"}
    with pytest.raises(KeyboardInterrupt):
        exporting.write_files(new, tmp_path, owner="t")
    assert before == snapshot(tmp_path)
    assert 2 == len(calls)


def test_files_an_earlier_export_wrote_are_removed_when_no_longer_produced(tmp_path):
    """A site that left the data takes its page with it; other formats' files stay."""
    exporting.write_files({"a.txt": b"1", "gone.txt": b"2"}, tmp_path, owner="one")
    exporting.write_files({"other.txt": b"3"}, tmp_path, owner="two")
    result = exporting.write_files({"a.txt": b"1"}, tmp_path, owner="one")
    assert ((), ("a.txt",), ("gone.txt",)) == (result.written, result.unchanged, result.removed)
    assert ["a.txt", "other.txt"] == sorted(
        p.name for p in tmp_path.iterdir() if not p.name.startswith(".")
    )


def test_no_write_through_a_symbolic_link_out_of_the_folder(tmp_path):
    """A link inside the output folder cannot carry a write outside it."""
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "sites").symlink_to(outside)
    with pytest.raises(CasebookError, match="leads outside the output folder"):
        exporting.write_files({"sites/x.md": b"x"}, out)
    assert [] == list(outside.iterdir())


def test_exporter_may_not_write_casebooks_own_files(tmp_path):
    """The manifest and staging names are reserved."""
    with pytest.raises(CasebookError, match="casebook's own"):
        exporting.write_files({".casebook-manifest.json": b"{}"}, tmp_path)


@pytest.mark.parametrize("fmt", ["json", "markdown", "sphinx"])
def test_each_builtin_format_exports_all_sites_and_twice_gives_identical_bytes(tmp_path, fmt):
    """Exporting the installed sites twice gives the same bytes and rewrites nothing."""
    import casebook

    book = casebook.load()
    first = exporting.export(book, fmt, tmp_path)
    assert first.written
    assert all(any(case_id in name for name in first.written) for case_id in book)
    before = snapshot(tmp_path)
    second = exporting.export(book, fmt, tmp_path)
    assert ((), first.written) == (second.written, second.unchanged)
    assert before == snapshot(tmp_path)


def test_reexport_of_unchanged_data_skips_rendering(tmp_path, monkeypatch):
    """With the same data and exporter, a re-export renders nothing and rewrites nothing."""
    book = book_with_exporters()
    exporting.export(book, "upper", tmp_path)
    monkeypatch.setattr(Upper, "export", lambda *_: pytest.fail("rendered again"))
    result = exporting.export(book, "upper", tmp_path)
    assert () == result.written


def test_reexport_restores_a_file_removed_by_hand(tmp_path):
    """If an output file is missing, the export renders and writes it again."""
    import casebook

    book = casebook.load()
    first = exporting.export(book, "json", tmp_path)
    (tmp_path / first.written[0]).unlink()
    again = exporting.export(book, "json", tmp_path)
    assert (first.written[0],) == again.written


def test_changed_data_is_rendered_again(tmp_path):
    """A changed case study changes the render key, so the export renders and writes again."""
    import attrs

    import casebook

    book = casebook.load()
    exporting.export(book, "csv", tmp_path)
    case = book["tower-hamlets-together"]
    outcome = attrs.evolve(case.outcomes[0], value=13.0)
    changed = Casebook(
        {**book, case.id: attrs.evolve(case, outcomes=(outcome,))},
        frameworks=book.frameworks,
        exporters=book.exporters,
        plugins=book.plugins,
    )
    assert book.digest(case.id) != changed.digest(case.id)
    assert ("outcomes.csv",) == exporting.export(changed, "csv", tmp_path).written
    assert ",13," in (tmp_path / "outcomes.csv").read_text()
