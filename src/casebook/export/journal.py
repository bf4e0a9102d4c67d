"""Switch an output folder from its old files to its new ones, so that no kill leaves a mix.

An export first writes every new file into a staging folder inside the output folder (a folder
that does not exist yet is staged whole, its files in it, and moved by one rename). Then it
writes a journal, ``.casebook-journal.json``, listing each move from the staging folder into
place and each file to remove; putting the journal in place (one rename) is the moment the new
files win. Only then are files removed and moved. If the process is killed before the journal
is in place, the folder is as it was and the staging folder is removed by the next export; if it
is killed after, the next export first completes what the journal lists, which only moves and
removes, so it can be repeated after another kill. Until then, a reader of the folder may see a
mix: run :func:`casebook.exporting.recover` (or any export into the folder) to complete it.

Exports into one folder are serialised by an exclusive ``flock`` on the folder itself; a second
export that finds the folder locked fails at once instead of waiting.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import posixpath
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from casebook.errors import CasebookError
from casebook.export.manifest import file_digest
from casebook.export.paths import (
    JOURNAL,
    MANIFEST,
    STAGING_PREFIX,
    Targets,
    safe_relative_name,
)

#: ``(relative path, digest its content must still have)`` of a file to remove.
Removal = tuple[str, str]


@contextlib.contextmanager
def folder_lock(root: Path) -> Iterator[None]:
    """Hold an exclusive lock on the folder *root*; raise if another export holds it."""
    descriptor = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            msg = (
                f"{root}: another export is writing into this folder; "
                "export again when it has finished"
            )
            raise CasebookError(msg) from None
        yield
    finally:
        os.close(descriptor)  # closing the only descriptor releases the lock


def commit(
    root: Path,
    writes: list[tuple[str, bytes]],
    removals: list[Removal],
    manifest: bytes,
    progress: Callable[[str, int, int], object] | None = None,
    new_folders: Mapping[str, str] | None = None,
) -> None:
    """Replace *writes*, remove *removals* and put *manifest* in place, all or nothing.

    The caller holds the folder's lock and has checked every target.

    :param progress: told ``("writing", done, total)`` as each file is staged.
    :param new_folders: for each path written into a folder that does not exist, the highest
        such folder: it is staged whole, with the files in it, and moved into place by one
        rename.
    """
    staging = tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=root)
    journal: dict[str, Any] = {"staging": os.path.basename(staging)}
    journal_in_place = False
    new_folders = new_folders or {}
    try:
        moves = []
        staged_folders: dict[str, str] = {}  # {new folder: its name in the staging folder}
        made: set[str] = set()  # the folders made within the staging folder
        for n, (path, content) in enumerate(writes):
            top = new_folders.get(path)
            if top is None:
                moves.append([_stage(staging, str(n), content), path])
            else:
                if top not in staged_folders:
                    staged_folders[top] = f"folder-{len(staged_folders)}"
                    moves.append([staged_folders[top], top])
                inside = posixpath.join(staged_folders[top], path[len(top) + 1 :])
                _make_folders(staging, posixpath.dirname(inside), made)
                _stage(staging, inside, content)
            if progress is not None:
                progress("writing", n + 1, len(writes))
        moves.append([_stage(staging, "manifest", manifest), MANIFEST])
        journal["move"] = moves
        journal["remove"] = [[p, recorded] for p, recorded in removals]
        _stage(staging, "journal", json.dumps(journal, indent=1).encode())
        os.replace(os.path.join(staging, "journal"), root / JOURNAL)
        journal_in_place = True
        _complete(root, journal)
    except BaseException:
        if journal_in_place:
            # The new files have won: finish switching to them (only renames and removals,
            # quick); if even that fails, the journal stays for the next export to complete.
            with contextlib.suppress(Exception):
                _complete(root, journal)
        raise
    finally:
        if not journal_in_place:
            shutil.rmtree(staging, ignore_errors=True)


def _make_folders(staging: str, folder: str, made: set[str]) -> None:
    """Make *folder* and the folders above it within *staging*, each once."""
    if folder in made:
        return
    if "/" in folder:
        _make_folders(staging, posixpath.dirname(folder), made)
    os.mkdir(os.path.join(staging, folder))
    made.add(folder)


def recover(root: Path) -> None:
    """Complete an interrupted export's journal, then remove leftover staging folders.

    The caller holds the folder's lock, so no staging folder removed here is in use.

    :raises ~casebook.errors.CasebookError: if the journal is not one casebook wrote.
    """
    try:
        raw = (root / JOURNAL).read_bytes()
    except FileNotFoundError:
        pass
    else:
        _complete(root, _checked_journal(root, raw))
    with os.scandir(root) as entries:
        leftovers = [
            e.path
            for e in entries
            if e.name.startswith(STAGING_PREFIX) and e.is_dir(follow_symlinks=False)
        ]
    for leftover in leftovers:
        shutil.rmtree(leftover)


def _stage(staging: str, name: str, content: bytes) -> str:
    """Write *content* to the new file *name* in *staging*, with a normal file's mode.

    No ``fsync``: the staging and the journal protect the folder against a failed, interrupted
    or killed export, which is the promise; flushing every file to disk would make exports
    several times slower to guard against power loss, which the output (regenerated from the
    data) can afford.
    """
    with open(os.path.join(staging, name), "xb") as handle:
        handle.write(content)
    return name


def _complete(root: Path, journal: dict[str, Any]) -> None:
    """Do what *journal* lists; each step is skipped if already done, so this can be repeated."""
    staging = root / journal["staging"]
    for name, recorded in journal["remove"]:
        target = root / name
        if file_digest(target) == recorded:
            os.remove(target)
    made: set[Path] = set()
    for staged, name in journal["move"]:
        source = staging / staged
        if os.path.lexists(source):
            target = root / name
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            os.replace(source, target)
    os.remove(root / JOURNAL)
    shutil.rmtree(staging, ignore_errors=True)


def _checked_journal(root: Path, raw: bytes) -> dict[str, Any]:
    """Return the journal *raw* if casebook wrote it and it stays inside *root*; raise if not."""

    def problem(where: str) -> CasebookError:
        return CasebookError(
            f"{root / JOURNAL}: {where}: not a journal casebook wrote; move it away to export here"
        )

    try:
        journal = json.loads(raw)
    except ValueError:
        raise problem("/") from None
    if not isinstance(journal, dict):
        raise problem("/")
    staging = journal.get("staging")
    if not (isinstance(staging, str) and staging.startswith(STAGING_PREFIX) and "/" not in staging):
        raise problem("/staging")
    targets = Targets(root)
    for key in ("move", "remove"):
        entries = journal.get(key)
        if not isinstance(entries, list):
            raise problem(f"/{key}")
        for n, entry in enumerate(entries):
            if not (
                isinstance(entry, list)
                and len(entry) == 2
                and all(isinstance(x, str) for x in entry)
            ):
                raise problem(f"/{key}/{n}")
            staged, target = entry if key == "move" else ("0", entry[0])
            if not staged or "/" in staged or staged in (".", ".."):
                raise problem(f"/{key}/{n}/0")
            try:
                targets.path(safe_relative_name(target))
            except CasebookError:
                raise problem(f"/{key}/{n}") from None
    return journal
