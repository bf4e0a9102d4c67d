"""Run an exporter and write what it returns, safely, for every format alike.

An exporter only renders: it returns ``{relative path: bytes}``. Writing is done here, once:

- every path is checked to stay inside the output folder (no absolute paths, no ``..``);
- nothing is written until the exporter has finished, so a failing exporter leaves the folder
  as it was;
- each file is written to a temporary file beside it and moved into place with ``os.replace``,
  so a reader never sees half a file;
- a file whose bytes did not change is not rewritten, so its modification time stays and tools
  that rebuild on change (Sphinx, make) have nothing to do;
- files in the folder that casebook did not write are never touched.
"""

from __future__ import annotations

import functools
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, ClassVar, Protocol

import attrs

from casebook.errors import CasebookError, PluginError

if TYPE_CHECKING:
    from casebook.book import Casebook


class Exporter(Protocol):
    """What an exporter class provides; see :func:`casebook.hookspecs.casebook_exporters`."""

    #: The ``--format`` value.
    name: ClassVar[str]
    #: One line for ``casebook export --help``.
    description: ClassVar[str]

    def export(self, book: Casebook) -> Mapping[str, bytes]:
        """Return the files to write, as ``{relative POSIX path: bytes}``."""
        ...


@attrs.frozen
class ExportResult:
    """What an export did: the files it wrote and the files it left alone because unchanged."""

    written: tuple[str, ...]
    unchanged: tuple[str, ...]


def export(book: Casebook, format_name: str, output: str | os.PathLike[str]) -> ExportResult:
    """Render *book* with the exporter *format_name* and write the files under *output*.

    :raises CasebookError: for an unknown format or an unsafe path.
    :raises PluginError: if the exporter raises or returns something other than files.
    """
    try:
        exporter_cls = book.exporters[format_name]
    except KeyError:
        known = ", ".join(book.exporters) or "none installed"
        msg = f"unknown export format {format_name!r} (installed formats: {known})"
        raise CasebookError(msg) from None
    try:
        files = dict(exporter_cls().export(book))
    except Exception as exc:
        msg = f"exporter {format_name!r} failed: {type(exc).__name__}: {exc}"
        raise PluginError(format_name, msg) from exc
    return write_files(files, output)


def safe_relative_path(name: str) -> PurePosixPath:
    """Return *name* as a path inside the output folder; raise :class:`CasebookError` if not."""
    path = PurePosixPath(name)
    if (
        not name
        or "\\" in name
        or "\x00" in name
        or path.is_absolute()
        or any(part in ("..", "") for part in path.parts)
        or path.parts[0].endswith(":")
    ):
        msg = (
            f"refusing to write {name!r}: exporters may only write relative paths "
            "inside the output folder"
        )
        raise CasebookError(msg)
    return path


def write_files(files: Mapping[str, bytes], output: str | os.PathLike[str]) -> ExportResult:
    """Write *files* under *output*: checked paths, atomic replace, unchanged files left alone."""
    root = Path(output)
    checked: dict[PurePosixPath, bytes] = {}
    for name, content in files.items():
        if not isinstance(content, bytes):
            msg = f"exporter returned {type(content).__name__} for {name!r}, expected bytes"
            raise PluginError("exporter", msg)
        checked[safe_relative_path(name)] = content
    if root.exists() and not root.is_dir():
        msg = f"{root}: output exists and is not a folder"
        raise CasebookError(msg)

    written: list[str] = []
    unchanged: list[str] = []
    for relative, content in sorted(checked.items()):
        target = root.joinpath(*relative.parts)
        try:
            if target.is_file() and target.read_bytes() == content:
                unchanged.append(str(relative))
                continue
            _atomic_write(target, content)
        except OSError as exc:
            msg = f"{target}: cannot write: {exc.strerror or exc}"
            raise CasebookError(msg) from None
        written.append(str(relative))
    return ExportResult(tuple(written), tuple(unchanged))


@functools.cache
def _umask() -> int:
    """Return the process umask (read once: reading it means setting it for a moment)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _atomic_write(target: Path, content: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp creates 0600 files; give the result the permissions a normal write would.
        temp = Path(temp_name)
        temp.chmod(0o666 & ~_umask())
        temp.replace(target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
