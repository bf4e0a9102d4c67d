"""An export that cannot change a folder, removals included, leaves the output folder as it was.

The tests run as root, which the file system's permissions do not stop, so a folder that may not
be changed (as a folder of mode 555 is for any other user) is simulated: the os functions that
make, rename or remove a name in it raise ``PermissionError``, and ``os.access`` says so too
unless the failure is one that no check could foresee.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import casebook
from casebook import exporting
from casebook.book import Casebook
from casebook.errors import CasebookError
from tests.test_export_kill import NEW, contents, old_folder, run_child, staging_folders

JOURNAL = ".casebook-journal.json"


@contextlib.contextmanager
def unwritable(*folders: Path, foreseen: bool = True) -> Iterator[None]:
    """Let no name in *folders* be made, renamed or removed; tell ``os.access`` if *foreseen*."""
    blocked = {str(f) for f in folders}

    def guarded(real: Callable[..., Any], changed: Callable[..., list[Any]]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            for path in changed(*args):
                if str(Path(path).absolute().parent) in blocked:
                    raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
            return real(*args, **kwargs)

        return call

    def access(path: Any, mode: int, **kwargs: Any) -> bool:
        if foreseen and mode & os.W_OK and str(Path(path).absolute()) in blocked:
            return False
        return real_access(path, mode, **kwargs)

    real_access = os.access
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "access", access)
        for name in ("remove", "unlink", "rmdir"):
            patch.setattr(os, name, guarded(getattr(os, name), lambda path: [path]))
        for name in ("rename", "replace"):
            patch.setattr(os, name, guarded(getattr(os, name), lambda src, dst: [src, dst]))
        patch.setattr(os, "link", guarded(os.link, lambda _src, dst: [dst]))
        # Making a folder that exists fails as it would anyway, whatever the permissions.
        made = guarded(os.mkdir, lambda path, *_: [] if os.path.lexists(path) else [path])
        patch.setattr(os, "mkdir", made)
        yield


def files_under(folder: Path) -> dict[str, bytes | None]:
    """Every file and folder under *folder*, casebook's own included; a folder as ``None``."""
    return {
        str(p.relative_to(folder)): None if p.is_dir() else p.read_bytes()
        for p in sorted(folder.rglob("*"))
    }


@pytest.fixture(scope="module")
def books() -> tuple[Casebook, Casebook]:
    """The installed case studies, and none: exporting none removes all the json files but one.

    It writes only ``index.json``, as ``casebook export --format json --disable frameworks``
    did where the defect was found (no case study is valid without the frameworks).
    """
    book = casebook.load()
    return book, Casebook({}, frameworks={}, exporters=book.exporters, plugins=book.plugins)


@pytest.fixture
def exported(tmp_path: Path, books: tuple[Casebook, Casebook]) -> Path:
    """A folder holding a json export: case studies, frameworks and an index listing them."""
    out = tmp_path / "out"
    exporting.export(books[0], "json", out)
    return out


def remove_all_but_the_index(out: Path, books: tuple[Casebook, Casebook]) -> None:
    """Export none into *out* where nothing is refused: the eight files the index listed go."""
    assert 8 == len(exporting.export(books[1], "json", out).removed)
    assert [] == [*(out / "case-studies").iterdir(), *(out / "frameworks").iterdir()]
    assert [] == staging_folders(out)
    assert not (out / JOURNAL).exists()


def test_a_folder_files_cannot_be_removed_from_stops_the_export_first(exported, books):
    """The frameworks' files cannot be removed: the export fails naming the folder, first."""
    before = files_under(exported)
    with unwritable(exported / "frameworks"):
        with pytest.raises(CasebookError) as failed:
            exporting.export(books[1], "json", exported)
        assert f"{exported / 'frameworks'}: cannot write: Permission denied" == str(failed.value)
        assert before == files_under(exported)
        # The folder is not left blocked: another export into it works at once.
        assert exporting.export(books[0], "markdown", exported).written
    remove_all_but_the_index(exported, books)


def test_an_export_failing_part_way_through_its_switch_puts_the_old_files_back(exported, books):
    """A removal that fails when no check foresaw it undoes the removals done before it."""
    before = files_under(exported)
    framework = exported / "frameworks" / "five-year-forward-view.json"
    with unwritable(exported / "frameworks", foreseen=False):
        with pytest.raises(CasebookError) as failed:
            exporting.export(books[1], "json", exported)
        assert f"{framework}: cannot write: Permission denied" == str(failed.value)
        assert before == files_under(exported)
        assert exporting.export(books[0], "markdown", exported).written
    remove_all_but_the_index(exported, books)


def test_a_removal_from_a_folder_on_another_file_system_is_set_aside_by_a_copy(
    exported, books, monkeypatch
):
    """A file that cannot be renamed into the staging folder (EXDEV) is copied there, then
    removed: the removal works, and the switch can still be undone until it is complete."""
    real_replace = os.replace
    staged_from_frameworks: list[str] = []

    def replace(src: Any, dst: Any) -> None:
        if Path(src).parent == exported / "frameworks" and ".casebook-staging" in str(dst):
            staged_from_frameworks.append(str(src))
            raise OSError(errno.EXDEV, "Invalid cross-device link", os.fspath(src))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    remove_all_but_the_index(exported, books)
    assert 3 == len(staged_from_frameworks)


@pytest.fixture(scope="module")
def killed(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Folders where an export was killed after its journal was in place, one for each step."""
    tmp = tmp_path_factory.mktemp("killed")
    folders = []
    for k in itertools.count(1):
        folder = old_folder(tmp / f"k{k}")
        if 0 == run_child(folder, "export", k, tmp).returncode:
            return folders  # the export ran to its end: there are no more steps
        if (folder / JOURNAL).exists():
            folders.append(folder)
    raise AssertionError  # not reached


def copied(folder: Path, to: Path) -> Path:
    return Path(shutil.copytree(folder, to, symlinks=True))


def new_contents(tmp_path: Path) -> dict[str, bytes]:
    """The contents of the killed export's folder, had it not been killed."""
    exporting.write_files(NEW, old_folder(tmp_path / "new"), owner="t")
    return contents(tmp_path / "new")


def test_a_journal_that_cannot_be_completed_is_undone_by_the_next_export(tmp_path, killed):
    """Killed at any step after its journal was in place, an export is completed or undone.

    With a folder the rest of the switch needs refused, it cannot be completed: it is undone.
    """
    old, new = contents(old_folder(tmp_path / "old")), new_contents(tmp_path)
    outcomes = []
    for left in killed:
        folder = copied(left, tmp_path / left.name)
        with unwritable(folder / "sub"):
            exporting.recover(folder)
        after = contents(folder)
        assert after in (old, new), f"the recovery of {left.name} left a mix"
        assert [] == staging_folders(folder)
        outcomes.append("old" if after == old else "new")
        exporting.write_files(NEW, folder, owner="t")
        assert new == contents(folder)
    # Undone until the file in sub/ was moved, completed once nothing in sub/ is left to do.
    assert "old" == outcomes[0]
    switch = outcomes.index("new")
    assert ["new"] * (len(outcomes) - switch) == outcomes[switch:]


UNDO_CHILD = """
import os, sys
from pathlib import Path

sys.path.insert(0, sys.argv[3])
from casebook import exporting
from tests.test_export_removals import unwritable

folder, kill_at = Path(sys.argv[1]), int(sys.argv[2])
CHANGES = {"os.rename", "os.remove", "os.rmdir", "os.mkdir", "os.link", "shutil.rmtree"}
count = 0

def hook(event, args):
    global count
    if event in CHANGES:
        count += 1
        if count == kill_at:
            os._exit(9)

with unwritable(folder / "sub"):
    sys.addaudithook(hook)
    exporting.recover(folder)
"""


def test_an_undo_killed_at_any_step_is_completed_or_undone_by_the_next_run(tmp_path, killed):
    """An undo, too, can be killed before any of its steps and be finished either way after."""
    old, new = contents(old_folder(tmp_path / "old")), new_contents(tmp_path)
    # Killed just before the file in sub/ was moved: the most there is to undo.
    left = [f for f in killed if (f / "sub" / "deep.txt").read_bytes() == b"old deep"][-1]
    root = str(Path(__file__).parent.parent)
    for k in itertools.count(1):
        folder = copied(left, tmp_path / f"undo-{k}")
        undo = [sys.executable, "-c", UNDO_CHILD, str(folder), str(k), root]
        ran = subprocess.run(undo, capture_output=True, text=True, check=False)
        assert ran.returncode in (0, 9), ran.stderr
        for refused in (True, False):
            again = copied(folder, tmp_path / f"undo-{k}-{refused}")
            with unwritable(again / "sub") if refused else contextlib.nullcontext():
                exporting.recover(again)
            assert contents(again) in (old, new), f"a kill before step {k} of the undo left a mix"
            assert [] == staging_folders(again)
        if ran.returncode == 0:
            break
    assert k >= 10  # the undo's steps were each killed before


def test_a_journal_that_can_be_neither_completed_nor_undone_says_so(tmp_path, killed):
    """When neither can be done, the export fails in one line; once it can, it completes."""
    new = new_contents(tmp_path)
    left = next(f for f in killed if (f / "sub" / "deep.txt").read_bytes() == b"new deep")
    folder = copied(left, tmp_path / left.name)
    with unwritable(folder, folder / "sub"), pytest.raises(CasebookError) as failed:
        exporting.write_files(NEW, folder, owner="t")
    assert str(failed.value).startswith(
        f"{folder}: an export into this folder stopped part way and can be neither completed "
        "nor undone: "
    )
    assert str(failed.value).endswith(": Permission denied; fix that and export again")
    assert "\n" not in str(failed.value)
    assert (folder / JOURNAL).exists()
    exporting.recover(folder)
    assert new == contents(folder)
