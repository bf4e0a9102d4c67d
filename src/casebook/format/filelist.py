"""Find the data files in a folder, in order, and hold their paths compactly.

``casebook validate`` may be given a folder of a hundred thousand files, and keeps every path
until the end (its problems are sorted by file, and a few files are read again). A path held
as its own string costs about a hundred bytes, more than everything else validate keeps for a
file; a :class:`FileList` holds each run of files of one folder as the folder and the names
joined in one string, which is about the length of the names.
"""

from __future__ import annotations

import array
import bisect
import heapq
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Self, overload

#: Between the names of a run: no file name holds it, on any system.
_SEPARATOR = "\0"


#: The most names of a folder held as a list at once: a larger folder is listed in sorted
#: batches of this size, merged, and given as runs no longer than this.
BATCH = 1024


def data_file_runs(
    folder: str | os.PathLike[str],
    is_data_name: Callable[[str], bool],
    is_skipped_folder: Callable[[str], bool],
    batch: int = BATCH,
    unreadable: Callable[[str, OSError], object] | None = None,
) -> Iterator[tuple[str, list[str]]]:
    """Yield the data files at any depth of *folder* as runs: ``(folder, names)``.

    The files come in the order of their paths' parts (as :class:`pathlib.PurePath` objects
    sort): a folder's entries by name, each folder's files where its name falls. A run holds
    at most *batch* names. A folder's names are held only while it is walked, as text, never
    as paths, and no more than *batch* of them as a list: listing a folder of a hundred
    thousand files whole held, at its peak, three times what the file list keeps of them.
    Folders passed over by *is_skipped_folder* and symbolic links to folders are left out, as
    :func:`os.walk` leaves them. A folder that cannot be listed is told to *unreadable*, with
    the error, and its files are left out.

    The folders being walked are held on a stack, not by recursion, so that no depth of
    folders reaches Python's recursion limit.
    """

    def opened(top: str) -> _Walk | None:
        try:
            files, folders = _list_folder(top, is_data_name, batch)
        except OSError as exc:
            if unreadable is not None:
                unreadable(top, exc)
            return None
        below = iter(sorted(name for name in folders if not is_skipped_folder(name)))
        return _Walk(top, files, below, next(files, None), next(below, None))

    first = opened(str(Path(folder)))  # as Path writes it: "./x/" is "x"
    walks = [first] if first is not None else []
    while walks:
        walk = walks[-1]
        run: list[str] = []
        # A folder's files up to its next folder (a name is a file's or a folder's, not both).
        while walk.file is not None and (walk.folder is None or walk.file < walk.folder):
            run.append(walk.file)
            walk.file = next(walk.files, None)
            if len(run) == batch:
                yield walk.top, run
                run = []
        if run:
            yield walk.top, run
        if walk.folder is None:
            walks.pop()  # no file is left either
            continue
        inner = opened(os.path.join(walk.top, walk.folder))  # noqa: PTH118
        walk.folder = next(walk.below, None)
        if inner is not None:
            walks.append(inner)


class _Walk:
    """A folder being walked: its files and folders not yet reached, and the next of each."""

    __slots__ = ("below", "file", "files", "folder", "top")

    def __init__(
        self, top: str, files: Iterator[str], below: Iterator[str], file: str | None,
        folder: str | None,
    ) -> None:  # fmt: skip
        self.top, self.files, self.below, self.file, self.folder = top, files, below, file, folder


def _list_folder(
    top: str, is_data_name: Callable[[str], bool], batch: int
) -> tuple[Iterator[str], list[str]]:
    """Return the data files of *top* in order of name, and its folders.

    The files are sorted a batch at a time, each sorted batch kept as one string, and the
    batches merged as they are read: a folder's names are never all held as separate strings.
    """
    batches: list[str] = []
    files: list[str] = []
    folders: list[str] = []
    with os.scandir(top) as listing:
        for entry in listing:
            kind = _is_folder(entry)
            if kind:
                folders.append(entry.name)
            elif kind is False and is_data_name(entry.name):
                files.append(entry.name)
                if len(files) == batch:
                    files.sort()
                    batches.append(_SEPARATOR.join(files))
                    files = []
    files.sort()
    if not batches:
        return iter(files), folders
    if files:
        batches.append(_SEPARATOR.join(files))
    return heapq.merge(*map(_split, batches)), folders


def _split(joined: str) -> Iterator[str]:
    """Yield the names joined in *joined*, one at a time."""
    start = 0
    while (end := joined.find(_SEPARATOR, start)) >= 0:
        yield joined[start:end]
        start = end + 1
    yield joined[start:]


def _is_folder(entry: os.DirEntry[str]) -> bool | None:
    """Tell whether *entry* is a folder to walk into, a file (``False``) or neither (``None``).

    A symbolic link to a folder is neither, as :func:`os.walk` does not follow it.
    """
    try:
        if entry.is_dir():
            return None if entry.is_symlink() else True
    except OSError:
        return False  # os.walk counts an entry it cannot tell as a file
    return False


class FileList(Sequence[str]):
    """The paths of many files, in order, held as runs of names in one folder.

    ``file_list[order]`` is the path of the file of *order*, written as
    :func:`os.path.join` writes the folder and the name.
    """

    def __init__(self) -> None:
        """Start an empty list."""
        self._starts = array.array("Q")  # the order of each run's first file
        self._folders: list[str] = []
        self._names: list[str] = []  # each run's names, joined by _SEPARATOR
        self._offsets: list[array.array[int]] = []  # where each name of a run starts
        self._count = 0

    def add_run(self, folder: str, names: Sequence[str]) -> None:
        """Add the files *names* of *folder*, after those already listed."""
        if not names:
            return
        offsets = array.array("I", [0])  # a run is short: see BATCH
        for name in names[:-1]:
            offsets.append(offsets[-1] + len(name) + 1)
        self._append_run(self._count, folder, _SEPARATOR.join(names), offsets)
        self._count += len(names)

    def add(self, path: str) -> None:
        """Add one file, named by its whole *path*: a run of its own, with no folder."""
        self.add_run("", [path])

    def __iadd__(self, other: FileList) -> Self:
        """Add the files of *other*, after those already listed."""
        for start, folder, names, offsets in zip(
            other._starts, other._folders, other._names, other._offsets, strict=True
        ):
            self._append_run(self._count + start, folder, names, offsets)
        self._count += other._count
        return self

    def _append_run(self, start: int, folder: str, names: str, offsets: array.array[int]) -> None:
        self._starts.append(start)
        self._folders.append(folder)
        self._names.append(names)
        self._offsets.append(offsets)

    def __len__(self) -> int:
        """Return the number of files."""
        return self._count

    @overload
    def __getitem__(self, order: int) -> str: ...

    @overload
    def __getitem__(self, order: slice) -> list[str]: ...

    def __getitem__(self, order: int | slice) -> str | list[str]:
        """Return the path of the file of *order* (or the paths of a slice)."""
        if isinstance(order, slice):
            return [self[at] for at in range(*order.indices(self._count))]
        if order < 0:
            order += self._count
        if not 0 <= order < self._count:
            msg = "file list index out of range"
            raise IndexError(msg)
        run = bisect.bisect_right(self._starts, order) - 1
        at = order - self._starts[run]
        offsets, names = self._offsets[run], self._names[run]
        end = offsets[at + 1] - 1 if at + 1 < len(offsets) else len(names)
        name = names[offsets[at] : end]
        folder = self._folders[run]
        return os.path.join(folder, name) if folder else name  # noqa: PTH118
