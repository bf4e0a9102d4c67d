"""The plugins folder: only regular files are read, and a folder that cannot be read says so."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any

import pytest

import casebook
from casebook.cli import main
from casebook.errors import PluginError
from casebook.format import datafile
from tests.test_plugins import PLUGIN_WITH_DICT, fake_entry_points, site_data, write_plugin

__all__ = ["fake_entry_points"]


@pytest.fixture(autouse=True)
def _deadline():
    """Stop a test that blocks on a named pipe or reads a device without end, not hang."""

    def expire(_signum: int, _frame: Any) -> None:
        raise TimeoutError("the test ran past its deadline")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, 5)
    yield
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def folder(tmp_path, fake_entry_points) -> Path:
    """A plugins folder holding one good plugin, 'good', and no installed plugin but casebook's."""
    path = tmp_path / "plugins"
    write_plugin(path, "good", PLUGIN_WITH_DICT.format(data=site_data("good-site")))
    return path


def failures(book: casebook.Casebook) -> list[tuple[str, str | None]]:
    return [(f.name, f.error) for f in book.failures]


def test_a_named_pipe_fails_its_plugin_at_once(folder, capsys):
    """Not a read that waits for a writer; the folder's other plugins still load."""
    os.mkfifo(folder / "p.py")
    assert 1 == main(["list", "--plugins-dir", str(folder)])
    out, err = capsys.readouterr()
    assert [
        f"casebook: plugin 'p' failed: failed to load: {folder}/p.py: is a named pipe (FIFO), not a regular file"
    ] == err.splitlines()
    assert "good-site" in out


def test_a_link_to_a_device_fails_its_plugin(folder):
    """/dev/zero never ends: it is refused before anything is read."""
    (folder / "z.py").symlink_to("/dev/zero")
    book = casebook.load(plugins_dir=folder)
    assert [("z", f"failed to load: {folder}/z.py: is a device, not a regular file")] == failures(
        book
    )
    assert ["good-site"] == list(book)
    with pytest.raises(PluginError, match="is a device, not a regular file"):
        casebook.load(plugins_dir=folder, strict=True)


def test_a_folder_named_like_a_plugin_fails_its_plugin(folder):
    (folder / "d.py").mkdir()
    book = casebook.load(plugins_dir=folder)
    expected = f"failed to load: {folder}/d.py: is a directory, not a plugin's Python file"
    assert [("d", expected)] == failures(book)


def test_a_broken_link_fails_its_plugin(folder):
    (folder / "gone.py").symlink_to(folder / "nowhere.py")
    book = casebook.load(plugins_dir=folder)
    assert [("gone", f"failed to load: {folder}/gone.py: file not found")] == failures(book)


def test_a_plugin_file_larger_than_the_data_file_cap_is_not_read(folder, monkeypatch):
    """Read as a data file is, up to its cap: a file at the cap loads, one byte more does not."""
    cap = (folder / "good.py").stat().st_size
    monkeypatch.setattr(datafile, "MAX_FILE_SIZE", cap)
    big = folder / "big.py"
    big.write_text("x = 1\n" + "#" * (cap - 6) + "\n", "utf-8")
    book = casebook.load(plugins_dir=folder)
    expected = f"failed to load: {big}: is larger than {cap:,} bytes, the most casebook reads"
    assert [("big", expected)] == failures(book)
    assert ["good-site"] == list(book)


def test_a_disabled_special_file_is_never_opened(folder):
    os.mkfifo(folder / "p.py")
    book = casebook.load(plugins_dir=folder, disable=["p"])
    assert ([], "disabled") == (
        failures(book),
        next(p.status for p in book.plugins if p.name == "p"),
    )


def _unlistable(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Make listing *folder* fail as a folder without read permission does (tests run as root)."""
    listed = os.scandir

    def scandir(path: Any = ".") -> Any:
        if Path(path) == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return listed(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_an_unreadable_plugins_folder_fails_as_a_missing_one_does(folder, monkeypatch, capsys):
    """Not an empty folder: its plugins were not loaded, and the command says so, exit 1."""
    _unlistable(monkeypatch, folder)
    assert 1 == main(["list", "--plugins-dir", str(folder)])
    assert [
        f"casebook: plugin '{folder}' failed: cannot read this plugins folder: Permission denied"
    ] == capsys.readouterr().err.splitlines()
    assert 1 == main(["list", "--plugins-dir", str(folder / "missing")])
    assert [
        f"casebook: plugin '{folder}/missing' failed: plugins folder not found"
    ] == capsys.readouterr().err.splitlines()


def test_load_reports_a_plugins_folder_that_cannot_be_read(folder, monkeypatch):
    _unlistable(monkeypatch, folder)
    monkeypatch.setenv("CASEBOOK_PLUGINS_DIR", str(folder))
    book = casebook.load()
    assert [(str(folder), "cannot read this plugins folder: Permission denied")] == failures(book)
    assert [] == list(book)
    with pytest.raises(PluginError, match="cannot read this plugins folder: Permission denied"):
        casebook.load(strict=True)


def test_a_file_given_as_the_plugins_folder_says_so(folder):
    book = casebook.load(plugins_dir=folder / "good.py")
    assert [(f"{folder}/good.py", "cannot read this plugins folder: Not a directory")] == failures(
        book
    )
