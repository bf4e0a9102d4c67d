"""Decide what an export writes, replaces and removes, check every target, then commit.

The rules, for the files of one owner (an export format, or the Sphinx extension):

- a file the owner produces is written if it is missing or its bytes differ, and left alone
  (modification time kept) if they are the same;
- an existing file is replaced only if the manifest lists it as this owner's: a file casebook
  did not write, or that another owner wrote, is never replaced; the export fails naming it;
- a file the owner wrote before and no longer produces is removed only if its content still
  has the digest recorded when it was written; a file edited since is kept and reported, and
  no longer listed as casebook's;
- every target is checked before anything is written, the folders files are removed from
  included, so a failed export writes nothing.
"""

from __future__ import annotations

import os
import posixpath
import stat
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import attrs

from casebook.errors import CasebookError
from casebook.export.journal import Removal, commit, folder_lock, recover
from casebook.export.manifest import Manifest, digest, file_digest, manifest_bytes, read_manifest
from casebook.export.paths import (
    MANIFEST,
    Targets,
    check_files,
    path_order,
    refuse_link,
    safe_relative_name,
)


@attrs.frozen
class ExportResult:
    """What an export did, by relative path.

    :param written: files written (new, changed, or restored after a hand edit).
    :param unchanged: files left alone because they already held the same bytes.
    :param removed: files an earlier export wrote that this one no longer produces.
    :param kept: files an earlier export wrote and this one no longer produces, kept because
        they were edited since; casebook no longer lists them as its own.
    """

    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()


@attrs.frozen
class _Plan:
    writes: list[tuple[str, bytes]]
    unchanged: list[str]
    removals: list[Removal]
    kept: list[str]
    manifest: Manifest
    #: ``{path written: the new folder it goes in, the highest made by the export}``.
    new_folders: dict[str, str]

    def result(self) -> ExportResult:
        return ExportResult(
            tuple(p for p, _ in self.writes),
            tuple(self.unchanged),
            tuple(p for p, _ in self.removals),
            tuple(self.kept),
        )


def write_files(
    files: Mapping[str, bytes],
    output: str | os.PathLike[str],
    owner: str = "export",
    progress: Callable[[str, int, int], object] | None = None,
) -> ExportResult:
    """Write *files* under *output* for *owner*, all or nothing, leaving unchanged files alone.

    Which files are written, replaced and removed, and how the folder is switched to them, is
    described in the docs' guide ("Exporting").

    :raises ~casebook.errors.CasebookError: for an unsafe path, a file that is not *owner*'s to
        replace, a locked folder, or a file-system error; the folder is then as it was.
    """
    return write_checked(check_files(files), output, owner, progress)


def write_checked(
    checked: dict[str, bytes],
    output: str | os.PathLike[str],
    owner: str,
    progress: Callable[[str, int, int], object] | None = None,
) -> ExportResult:
    """Write *checked* (the result of :func:`~casebook.export.paths.check_files`); see above."""
    root = Path(output)
    if root.exists() and not root.is_dir():
        msg = f"{root}: output exists and is not a folder"
        raise CasebookError(msg)
    try:
        root.mkdir(parents=True, exist_ok=True)
        with folder_lock(root):
            recover(root)
            plan = _plan(root, checked, read_manifest(root), owner)
            new_manifest = manifest_bytes(plan.manifest)
            if plan.writes or plan.removals or _read_bytes(root / MANIFEST) != new_manifest:
                commit(root, plan.writes, plan.removals, new_manifest, progress, plan.new_folders)
    except OSError as exc:
        msg = f"{exc.filename or root}: cannot write: {exc.strerror or exc}"
        raise CasebookError(msg) from None
    return plan.result()


def recover_folder(output: str | os.PathLike[str]) -> None:
    """Complete or clean up after an export into *output* that was killed or interrupted."""
    root = Path(output)
    if not root.is_dir():
        return
    try:
        with folder_lock(root):
            recover(root)
    except OSError as exc:
        msg = f"{exc.filename or root}: cannot write: {exc.strerror or exc}"
        raise CasebookError(msg) from None


def _plan(root: Path, checked: dict[str, bytes], manifest: Manifest, owner: str) -> _Plan:
    ours = manifest.get(owner, {})
    others = {
        name: other for other, listed in manifest.items() if other != owner for name in listed
    }
    targets = Targets(root)
    folders = _folder_states(root, checked)
    writes: list[tuple[str, bytes]] = []
    unchanged: list[str] = []
    for name, content in sorted(checked.items(), key=lambda item: path_order(item[0])):
        target = targets.path(name)
        if name in others:
            msg = (
                f"{target}: refusing to replace a file that {others[name]!r} wrote "
                f"(see {MANIFEST}); write {owner!r} into another folder"
            )
            raise CasebookError(msg)
        # In a folder that does not exist there is no file to look at.
        current = None if folders[posixpath.dirname(name)] is None else _current(target, name)
        if current is None:
            writes.append((name, content))
        elif name not in ours:
            msg = (
                f"{target}: refusing to replace a file casebook did not write; "
                "move it away or export into another folder"
            )
            raise CasebookError(msg)
        elif current == content:
            unchanged.append(name)
        else:
            writes.append((name, content))
    removals: list[Removal] = []
    kept: list[str] = []
    for name in sorted(set(ours).difference(checked), key=path_order):
        try:
            relative = safe_relative_name(name)
            recorded = file_digest(targets.path(relative))
        except CasebookError:
            continue  # not a path casebook would write: nothing of casebook's to remove
        if recorded is None:
            continue
        if recorded == ours[name]:
            removals.append((relative, recorded))
        else:
            kept.append(name)
    removed = {p for p, _ in removals}
    # Removing a file changes its folder as writing one does: check those folders too, or a
    # removal refused there would stop the switch after others were done.
    _check_folders(root, {**folders, **_folder_states(root, removed)}, removed)
    new_manifest: Manifest = {**manifest, owner: {p: digest(c) for p, c in checked.items()}}
    new_folders = _new_folders(folders, [p for p, _ in writes])
    return _Plan(writes, unchanged, removals, kept, new_manifest, new_folders)


def _current(target: str, relative: str) -> bytes | None:
    """Return the bytes of the file at *target*, ``None`` if there is none; refuse anything else."""
    try:
        info = os.lstat(target)
    except (FileNotFoundError, NotADirectoryError):
        return None
    if stat.S_ISLNK(info.st_mode):
        raise refuse_link(relative)
    if stat.S_ISDIR(info.st_mode):
        msg = f"{target}: a folder stands where the export must write a file; move it away"
        raise CasebookError(msg)
    if not stat.S_ISREG(info.st_mode):
        msg = f"{target}: not a regular file, where the export must write one; move it away"
        raise CasebookError(msg)
    with open(target, "rb") as handle:
        return handle.read()


#: ``{folder of a file to write or remove ("" for the output folder): what stands there, None
#: if none}``, with the folders above a missing one, up to the first that exists.
_Folders = dict[str, os.stat_result | None]


def _folder_states(root: Path, names: Iterable[str]) -> _Folders:
    """Return what stands at the folder of each of *names*, looked at once per folder."""
    found: _Folders = {}
    for name in names:
        folder = posixpath.dirname(name)
        while folder not in found:
            try:
                found[folder] = os.stat(os.path.join(root, folder))
            except (FileNotFoundError, NotADirectoryError):
                found[folder] = None
                folder = posixpath.dirname(folder)  # made by the export; look at the one above
                continue
            break
    return found


def _check_folders(root: Path, folders: _Folders, removed: set[str]) -> None:
    """Check that the folder of every file to write or remove is a folder that can be written in.

    A folder that does not exist yet is made by the export, in one that is checked here.
    """
    for folder, info in folders.items():
        if info is None:
            continue
        path = os.path.join(root, folder) if folder else str(root)
        if stat.S_ISDIR(info.st_mode):
            if not os.access(path, os.W_OK | os.X_OK):
                msg = f"{path}: cannot write: Permission denied"
                raise CasebookError(msg)
        elif folder not in removed:
            msg = f"{path}: a file stands where the export needs a folder; move it away"
            raise CasebookError(msg)


def _new_folders(folders: _Folders, writes: list[str]) -> dict[str, str]:
    """Return, for each of *writes* in a folder the export makes, the highest such folder.

    Such a folder is staged whole and moved into place by one rename, instead of a rename per
    file: it is new, so no reader saw it half made. A folder made where a file stands now (one
    the export removes) is made file by file instead.
    """
    highest: dict[str, str | None] = {}
    found: dict[str, str] = {}
    for name in writes:
        folder = posixpath.dirname(name)
        if folder not in highest:
            highest[folder] = _highest_new(folders, folder)
        top = highest[folder]
        if top is not None:
            found[name] = top
    return found


def _highest_new(folders: _Folders, folder: str) -> str | None:
    """Return the highest missing folder at or above *folder*, if it is made in a folder."""
    if folders[folder] is not None:
        return None
    top = folder
    while top and folders[posixpath.dirname(top)] is None:
        top = posixpath.dirname(top)
    info = folders.get(posixpath.dirname(top)) if top else None
    return top if info is not None and stat.S_ISDIR(info.st_mode) else None


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
