"""Check the paths and bytes an exporter returns before anything is written.

Every path must stay inside the output folder: relative, without ``..``, not through a symbolic
link leading out, and short enough for the file system. The names casebook keeps for itself
(everything starting with ``.casebook-``) are refused.
"""

from __future__ import annotations

import os
import posixpath
import re
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


def safe_relative_name(name: str) -> str:
    """Return *name* as :func:`safe_relative_path` gives it, as a string; raise as it does.

    Most names are plain (letters, digits, ``-``, ``_`` and ``.``, no name starting with ``.``,
    short): they are already what the path gives, which one match shows.
    """
    if len(name) < MAX_PATH_BYTES and _PLAIN_NAME.fullmatch(name):
        return name
    return str(safe_relative_path(name))


# A relative path that needs no normalising and passes every check of safe_relative_path: no
# part is empty, "." or "..", reserved, or over MAX_PART_BYTES bytes (each is ASCII).
_PLAIN_NAME = re.compile(
    r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,254}(?:/[A-Za-z0-9_-][A-Za-z0-9._-]{0,254})*", re.ASCII
)


def check_files(files: Mapping[str, bytes]) -> dict[str, bytes]:
    """Return *files* keyed by checked paths; raise :class:`CasebookError` for anything unsafe.

    Each path is written as :func:`safe_relative_path` gives it (``a//b`` becomes ``a/b``). A
    path that is also the folder of another (``a`` and ``a/b``) cannot be written either.
    """
    checked: dict[str, bytes] = {}
    for name, content in files.items():
        if not isinstance(name, str):
            msg = (
                f"returned the path {quote(repr(name))} of type {type(name).__name__}, expected str"
            )
            raise CasebookError(msg)
        if not isinstance(content, bytes):
            msg = f"returned {type(content).__name__} for {quote(name)}, expected bytes"
            raise CasebookError(msg)
        relative = safe_relative_name(name)
        if relative.startswith(RESERVED_PREFIX):
            msg = (
                f"refusing to write {quote(name)}: "
                f"names starting with {RESERVED_PREFIX!r} are casebook's own"
            )
            raise CasebookError(msg)
        checked[relative] = bytes(content)
    folders: set[str] = set()
    for relative in checked:
        folder = posixpath.dirname(relative)
        while folder and folder not in folders:  # a folder's own folders are in already
            folders.add(folder)
            folder = posixpath.dirname(folder)
    clash = sorted(folders.intersection(checked), key=path_order)
    if clash:
        msg = f"returned {clash[0]!r} both as a file and as the folder of other files"
        raise CasebookError(msg)
    return checked


def path_order(name: str) -> list[str]:
    """Return the key that sorts relative paths as :class:`~pathlib.PurePosixPath` sorts them."""
    return name.split("/")


def refuse_link(relative: str) -> CasebookError:
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
        self.checked_folders: set[str] = set()

    def path(self, relative: str) -> str:
        """Return the target of the checked path *relative*; raise if its folder leads out."""
        folder = posixpath.dirname(relative)
        if folder not in self.checked_folders:
            if not (self.root / folder).resolve().is_relative_to(self.resolved_root):
                raise refuse_link(relative)
            self.checked_folders.add(folder)
        return os.path.join(self.root, relative)
