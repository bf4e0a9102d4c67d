"""Check the paths and bytes an exporter returns before anything is written.

Every path must stay inside the output folder: relative, without ``..``, not through a symbolic
link leading out, and short enough for the file system. The names casebook keeps for itself
(everything starting with ``.casebook-``) are refused.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from casebook.errors import CasebookError

#: The file in an output folder that lists what each format wrote there.
MANIFEST = ".casebook-manifest.json"
#: Prefix of the staging folder that an export writes into before moving files into place.
STAGING_PREFIX = ".casebook-staging-"
#: The journal of an export switching the folder to its new files; see :mod:`.journal`.
JOURNAL = ".casebook-journal.json"
#: Every name starting with this, at the top of the output folder, is casebook's own.
RESERVED_PREFIX = ".casebook-"
#: Longest name of one file or folder, in bytes (the limit of common Linux file systems).
MAX_PART_BYTES = 255
#: Longest relative path an exporter may return, in bytes.
MAX_PATH_BYTES = 1024


def quote(text: str, limit: int = 60) -> str:
    """Return ``repr(text)``, shortened to about *limit* characters, for a one-line message."""
    shown = repr(text)
    return shown if len(shown) <= limit else shown[: limit - 3] + "..."


def safe_relative_path(name: str) -> PurePosixPath:
    """Return *name* as a path inside the output folder, or raise if it would leave it.

    :raises ~casebook.errors.CasebookError: for a path that is not a safe relative path.
    """
    path = PurePosixPath(name) if isinstance(name, str) and "\x00" not in name else None
    if (
        path is None
        or not name
        or "\\" in name
        or path.is_absolute()
        or not path.parts
        or any(part in ("..", "") for part in path.parts)
        or path.parts[0].endswith(":")
    ):
        msg = (
            f"refusing to write {quote(str(name))}: exporters may only write relative paths "
            "inside the output folder"
        )
        raise CasebookError(msg)
    try:
        encoded = [os.fsencode(part) for part in path.parts]
    except UnicodeError:
        msg = f"refusing to write {quote(name)}: the name cannot be a file name"
        raise CasebookError(msg) from None
    if sum(map(len, encoded)) + len(encoded) > MAX_PATH_BYTES or any(
        len(part) > MAX_PART_BYTES for part in encoded
    ):
        msg = (
            f"refusing to write {quote(name)}: paths are limited to {MAX_PATH_BYTES} bytes, "
            f"and each name in them to {MAX_PART_BYTES}"
        )
        raise CasebookError(msg)
    return path


def check_files(files: Mapping[str, bytes]) -> dict[PurePosixPath, bytes]:
    """Return *files* keyed by checked paths; raise :class:`CasebookError` for anything unsafe.

    A path that is also the folder of another (``a`` and ``a/b``) cannot be written either.
    """
    checked: dict[PurePosixPath, bytes] = {}
    for name, content in files.items():
        if not isinstance(name, str):
            msg = (
                f"returned the path {quote(repr(name))} of type {type(name).__name__}, expected str"
            )
            raise CasebookError(msg)
        if not isinstance(content, bytes):
            msg = f"returned {type(content).__name__} for {quote(name)}, expected bytes"
            raise CasebookError(msg)
        path = safe_relative_path(name)
        if path.parts[0].startswith(RESERVED_PREFIX):
            msg = (
                f"refusing to write {quote(name)}: "
                f"names starting with {RESERVED_PREFIX!r} are casebook's own"
            )
            raise CasebookError(msg)
        checked[path] = bytes(content)
    folders = {parent for path in checked for parent in path.parents}
    clash = sorted(folders.intersection(checked))
    if clash:
        msg = f"returned {str(clash[0])!r} both as a file and as the folder of other files"
        raise CasebookError(msg)
    return checked


def refuse_link(relative: PurePosixPath) -> CasebookError:
    """Return the error for a path that leads out of the output folder through a link."""
    msg = f"refusing to write {relative}: it leads outside the output folder through a link"
    return CasebookError(msg)


class Targets:
    """Where each relative path goes under the output folder, refusing folders that lead out.

    A folder is resolved once, however many files go into it: an export of thousands of pages
    writes into a handful of folders.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.resolved_root = root.resolve()
        self.checked_folders: set[PurePosixPath] = set()

    def path(self, relative: PurePosixPath) -> str:
        """Return the target of *relative*; raise if its folder is reached through a link."""
        folder = relative.parent
        if folder not in self.checked_folders:
            if not (self.root / folder).resolve().is_relative_to(self.resolved_root):
                raise refuse_link(relative)
            self.checked_folders.add(folder)
        return os.path.join(self.root, *relative.parts)
