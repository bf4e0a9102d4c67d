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

Every target is checked first, but a move or removal can still be refused (a sticky folder, a
file made immutable, a folder on another file system). So until the switch is complete, what it
replaces or removes is kept in the staging folder (a replaced file as a hard link to it, a
removed one moved there): a switch that cannot be completed is undone, the old files put back,
whether it failed in this export or was left by a killed one. Only if neither can be done does
the export stop, with one line saying so, and the journal stays until the cause is fixed.

Exports into one folder are serialised by an exclusive ``flock`` on the folder itself; a second
export that finds the folder locked fails at once instead of waiting.
"""

from __future__ import annotations

import contextlib
import errno
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
    :raises OSError: if a step of the switch is refused; it is undone first, so the folder is
        as it was.
    :raises ~casebook.errors.CasebookError: if the switch can be neither completed nor undone.
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
        failed = _settle(root, journal)
    except BaseException:
        if journal_in_place and (root / JOURNAL).exists():
            # Stopped part way (Ctrl-C): finish switching, or switch back (only renames,
            # quick); if neither can be done, the journal stays for the next export.
            with contextlib.suppress(Exception):
                _settle(root, journal)
        raise
    finally:
        if not journal_in_place:
            shutil.rmtree(staging, ignore_errors=True)
    if failed is not None:
        raise failed  # the old files are back: the folder is as it was


def _make_folders(staging: str, folder: str, made: set[str]) -> None:
    """Make *folder* and the folders above it within *staging*, each once."""
    if folder in made:
        return
    if "/" in folder:
        _make_folders(staging, posixpath.dirname(folder), made)
    os.mkdir(os.path.join(staging, folder))
    made.add(folder)


def recover(root: Path) -> None:
    """Complete an interrupted export's journal (or undo it), then remove leftover staging folders.

    The caller holds the folder's lock, so no staging folder removed here is in use.

    :raises ~casebook.errors.CasebookError: if the journal is not one casebook wrote, or can be
        neither completed nor undone.
    """
    try:
        raw = (root / JOURNAL).read_bytes()
    except FileNotFoundError:
        pass
    else:
        _settle(root, _checked_journal(root, raw))
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


def _settle(root: Path, journal: dict[str, Any]) -> OSError | None:
    """Complete *journal*, or undo it if it cannot be completed and return why.

    :raises ~casebook.errors.CasebookError: if it can be neither completed nor undone.
    """
    try:
        _complete(root, journal)
    except OSError as failed:
        try:
            _undo(root, journal)
        except OSError:
            msg = (
                f"{root}: an export into this folder stopped part way and can be neither "
                f"completed nor undone: {failed.filename or root}: {failed.strerror or failed}; "
                "fix that and export again"
            )
            raise CasebookError(msg) from None
        return failed
    return None


def _complete(root: Path, journal: dict[str, Any]) -> None:
    """Do what *journal* lists; each step is skipped if already done, so this can be repeated.

    What a step replaces or removes stays in the staging folder until the journal is removed,
    so that :func:`_undo` can put it back.
    """
    staging = root / journal["staging"]
    for n, (name, recorded) in enumerate(journal["remove"]):
        target = root / name
        if file_digest(target) == recorded:
            _set_aside(target, staging / f"removed-{n}")
    made: set[Path] = set()
    for staged, name in journal["move"]:
        source = staging / staged
        if os.path.lexists(source):
            target = root / name
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            _keep(target, staging / f"old-{staged}")
            os.replace(source, target)
    os.remove(root / JOURNAL)
    shutil.rmtree(staging, ignore_errors=True)


def _set_aside(target: Path, kept: Path) -> None:
    """Move the file at *target* to *kept*, in the staging folder, until the switch is done.

    A file in a folder mounted from another file system cannot be renamed into the staging
    folder: it is copied there, then removed.
    """
    try:
        os.replace(target, kept)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        shutil.copy2(target, kept, follow_symlinks=False)
        os.remove(target)


def _keep(target: Path, old: Path) -> None:
    """Keep the file at *target*, if there is one, as *old* while the switch may be undone.

    A hard link copies nothing and leaves *target* in place until it is replaced, so readers
    never miss it; a file system without hard links gets a copy.
    """
    try:
        os.link(target, old, follow_symlinks=False)
    except (FileNotFoundError, FileExistsError):
        pass  # nothing stands there, or an earlier attempt kept it already
    except OSError:
        shutil.copy2(target, old, follow_symlinks=False)


def _undo(root: Path, journal: dict[str, Any]) -> None:
    """Put back what :func:`_complete` replaced or removed, then remove *journal* and staging.

    Each step is skipped if already done, so this can be repeated, or completed after all.
    """
    staging = root / journal["staging"]
    for staged, name in reversed(journal["move"]):
        source, target, old = staging / staged, root / name, staging / f"old-{staged}"
        if not os.path.lexists(source) and os.path.lexists(target):
            os.replace(target, source)  # moved in: take it back out
        if os.path.lexists(old) and not os.path.lexists(target):
            os.replace(old, target)  # the file it replaced (one not yet replaced is still there)
    for n, (name, _) in enumerate(journal["remove"]):
        kept, target = staging / f"removed-{n}", root / name
        if os.path.lexists(kept):
            try:
                os.replace(kept, target)
            except IsADirectoryError:  # a folder was made for new files where the file stood
                for folder, _, _ in os.walk(target, topdown=False):
                    os.rmdir(folder)  # emptied above; anything else in it stops the undo
                os.replace(kept, target)
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
