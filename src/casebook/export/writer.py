"""Decide what an export writes, replaces and removes, check every target, then commit.

The rules, for the files of one owner (an export format, or the Sphinx extension):

- a file the owner produces is written if it is missing or its bytes differ, and left alone
  (modification time kept) if they are the same;
- an existing file is replaced only if the manifest lists it as this owner's: a file casebook
  did not write, or that another owner wrote, is never replaced; the export fails naming it;
- a file the owner wrote before and no longer produces is removed only if its content still
  has the digest recorded when it was written; a file edited since is kept and reported, and
  no longer listed as casebook's;
- every target is checked before anything is written, so a failed export writes nothing.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Mapping
from pathlib import Path, PurePosixPath

import attrs

from casebook.errors import CasebookError
from casebook.export.journal import Removal, commit, folder_lock, recover
from casebook.export.manifest import Manifest, digest, file_digest, manifest_bytes, read_manifest
from casebook.export.paths import MANIFEST, Targets, check_files, refuse_link, safe_relative_path


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
    writes: list[tuple[PurePosixPath, bytes]]
    unchanged: list[str]
    removals: list[Removal]
    kept: list[str]
    manifest: Manifest

    def result(self) -> ExportResult:
        return ExportResult(
            tuple(str(p) for p, _ in self.writes),
            tuple(self.unchanged),
            tuple(str(p) for p, _ in self.removals),
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
    checked: dict[PurePosixPath, bytes],
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
                commit(root, plan.writes, plan.removals, new_manifest, progress)
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


def _plan(root: Path, checked: dict[PurePosixPath, bytes], manifest: Manifest, owner: str) -> _Plan:
    ours = manifest.get(owner, {})
    others = {
        name: other for other, listed in manifest.items() if other != owner for name in listed
    }
    targets = Targets(root)
    writes: list[tuple[PurePosixPath, bytes]] = []
    unchanged: list[str] = []
    for relative, content in sorted(checked.items()):
        name = str(relative)
        target = targets.path(relative)
        if name in others:
            msg = (
                f"{target}: refusing to replace a file that {others[name]!r} wrote "
                f"(see {MANIFEST}); write {owner!r} into another folder"
            )
            raise CasebookError(msg)
        current = _current(target, relative)
        if current is None:
            writes.append((relative, content))
        elif name not in ours:
            msg = (
                f"{target}: refusing to replace a file casebook did not write; "
                "move it away or export into another folder"
            )
            raise CasebookError(msg)
        elif current == content:
            unchanged.append(name)
        else:
            writes.append((relative, content))
    removals: list[Removal] = []
    kept: list[str] = []
    for name in sorted(set(ours).difference(map(str, checked))):
        try:
            relative = safe_relative_path(name)
            recorded = file_digest(targets.path(relative))
        except CasebookError:
            continue  # not a path casebook would write: nothing of casebook's to remove
        if recorded is None:
            continue
        if recorded == ours[name]:
            removals.append((relative, recorded))
        else:
            kept.append(name)
    _check_folders(root, [p for p, _ in writes], {p for p, _ in removals})
    new_manifest: Manifest = {**manifest, owner: {str(p): digest(c) for p, c in checked.items()}}
    return _Plan(writes, unchanged, removals, kept, new_manifest)


def _current(target: str, relative: PurePosixPath) -> bytes | None:
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


def _check_folders(root: Path, writes: list[PurePosixPath], removed: set[PurePosixPath]) -> None:
    """Check that the folder of every file to write is a folder, or can be made and written in."""
    seen: set[PurePosixPath] = set()
    for relative in writes:
        folder = relative.parent
        while folder not in seen:
            seen.add(folder)
            path = root.joinpath(*folder.parts)
            try:
                info = os.stat(path)
            except (FileNotFoundError, NotADirectoryError):
                folder = folder.parent  # made by the export; check the folder it goes in
                continue
            if stat.S_ISDIR(info.st_mode):
                if not os.access(path, os.W_OK | os.X_OK):
                    msg = f"{path}: cannot write: Permission denied"
                    raise CasebookError(msg)
            elif folder not in removed:
                msg = f"{path}: a file stands where the export needs a folder; move it away"
                raise CasebookError(msg)
            break


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
