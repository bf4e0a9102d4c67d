"""Run an exporter and write what it returns, safely, for every format alike.

An exporter only renders: it returns ``{relative path: bytes}``. Writing is done here, once:

- every path is checked to stay inside the output folder (no absolute paths, no ``..``, no
  symbolic link leading out);
- nothing is written until the exporter has finished, and then every changed file is written
  to a staging folder first; only when all are written are they moved into place with
  ``os.replace``, so a failed or interrupted export leaves the folder as it was, and a reader
  never sees half a file;
- a file whose bytes did not change is not rewritten, so its modification time stays and tools
  that rebuild on change (Sphinx, make) have nothing to do;
- a manifest records what each format wrote, so a file that an earlier export wrote and this one
  no longer produces is removed; files that casebook did not write are never touched.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import tempfile
import typing
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

import attrs

from casebook._gc import cyclic_gc_paused
from casebook.book import Exporter  # noqa: F401 - the exporter contract, by its old name
from casebook.errors import CasebookError, PluginError

if TYPE_CHECKING:
    from casebook.book import Casebook


#: The file in an output folder that lists what each format wrote there.
MANIFEST = ".casebook-manifest.json"
#: Prefix of the staging folder that an export writes into before moving files into place.
STAGING_PREFIX = ".casebook-staging-"


@attrs.frozen
class ExportResult:
    """What an export did: files written, files left alone because unchanged, files removed."""

    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...] = ()


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
    contribution = f"exporter {format_name}"
    owner = next((p for p in book.plugins if contribution in p.contributes), None)
    key = _render_key(book, exporter_cls, owner.version if owner else None)
    cached = _cached_result(Path(output), format_name, key)
    if cached is not None:
        return cached
    try:
        with cyclic_gc_paused():
            files = dict(exporter_cls().export(book))
    except Exception as exc:
        msg = f"exporter {format_name!r} failed: {type(exc).__name__}: {exc}"
        raise PluginError(owner.name if owner else format_name, msg) from exc
    return write_files(files, output, owner=format_name, key=key)


def _render_key(book: Casebook, exporter_cls: type, plugin_version: str | None) -> str:
    """Return a digest of everything an export depends on: the data and the exporter's version."""
    from casebook._version import __version__  # noqa: PLC0415

    digest = hashlib.sha256()
    identity = (__version__, exporter_cls.__module__, exporter_cls.__qualname__)
    digest.update(repr((identity, plugin_version)).encode())
    for case_id in book:
        digest.update(f"{case_id}\0{book.digest(case_id)}\0".encode())
    for framework_id in book.frameworks:
        digest.update(f"{framework_id}\0{book.digest('framework:' + framework_id)}\0".encode())
    return digest.hexdigest()


def _cached_result(root: Path, owner: str, key: str) -> ExportResult | None:
    """Return the result of an export that would change nothing, or ``None`` if it might.

    Nothing changes when the manifest records the same render key for this format and every
    file it lists is still there with the size it was written with.
    """
    try:
        entry = _read_manifest(root).get(owner)
    except (OSError, CasebookError):
        return None
    if not entry or entry.get("key") != key:
        return None
    files: dict[str, int] = entry["files"]
    for name, size in files.items():
        try:
            if (root / name).stat().st_size != size:
                return None
        except OSError:
            return None
    return ExportResult((), tuple(sorted(files)), ())


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


def write_files(
    files: Mapping[str, bytes],
    output: str | os.PathLike[str],
    owner: str = "export",
    key: str | None = None,
) -> ExportResult:
    """Write *files* under *output*, all or nothing, leaving unchanged files alone.

    Every changed file is first written to a staging folder inside *output*; only when all of
    them are written are they moved into place with ``os.replace``. An error or interruption
    before that leaves *output* as it was. A manifest (``.casebook-manifest.json``) records
    which files each *owner* (export format) wrote, so files that an earlier export wrote and
    this one no longer produces are removed, and no other file is ever touched.
    """
    root = Path(output)
    checked = _check_files(files)
    if root.exists() and not root.is_dir():
        msg = f"{root}: output exists and is not a folder"
        raise CasebookError(msg)
    try:
        root.mkdir(parents=True, exist_ok=True)
        targets = _Targets(root)
        manifest = _read_manifest(root)
        previous = {safe_relative_path(n) for n in manifest.get(owner, {}).get("files", {})}
        changed: dict[PurePosixPath, tuple[str, bytes]] = {}
        unchanged = []
        for relative, content in sorted(checked.items()):
            target = targets.path(relative)
            if _holds(target, relative, content):
                unchanged.append(str(relative))
            else:
                changed[relative] = (target, content)
        stale = sorted(p for p in previous - set(checked) if Path(targets.path(p)).is_file())
        manifest[owner] = {
            "key": key,
            "files": {str(p): len(content) for p, content in sorted(checked.items())},
        }
        manifest_bytes = (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode()
        if changed or stale or _read_bytes(root / MANIFEST) != manifest_bytes:
            stale_targets = [targets.path(p) for p in stale]
            _commit(root, list(changed.values()), stale_targets, manifest_bytes)
    except OSError as exc:
        msg = f"{exc.filename or root}: cannot write: {exc.strerror or exc}"
        raise CasebookError(msg) from None
    return ExportResult(
        tuple(str(p) for p in sorted(changed)), tuple(unchanged), tuple(str(p) for p in stale)
    )


def _check_files(files: Mapping[str, bytes]) -> dict[PurePosixPath, bytes]:
    checked: dict[PurePosixPath, bytes] = {}
    for name, content in files.items():
        if not isinstance(content, bytes):
            msg = f"exporter returned {type(content).__name__} for {name!r}, expected bytes"
            raise PluginError("exporter", msg)
        path = safe_relative_path(name)
        if path.parts[0] in (MANIFEST, STAGING_PREFIX) or path.parts[0].startswith(STAGING_PREFIX):
            msg = f"refusing to write {name!r}: that name is casebook's own"
            raise CasebookError(msg)
        checked[path] = content
    return checked


def _refuse_link(relative: PurePosixPath) -> CasebookError:
    msg = f"refusing to write {relative}: it leads outside the output folder through a link"
    return CasebookError(msg)


class _Targets:
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
                raise _refuse_link(relative)
            self.checked_folders.add(folder)
        return os.path.join(self.root, *relative.parts)


def _holds(target: str, relative: PurePosixPath, content: bytes) -> bool:
    """Tell whether *target* is a file holding exactly *content*; refuse a symbolic link."""
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return False
    if stat.S_ISLNK(info.st_mode):
        raise _refuse_link(relative)
    if not stat.S_ISREG(info.st_mode) or info.st_size != len(content):
        return False
    with open(target, "rb") as handle:
        return handle.read() == content


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _read_manifest(root: Path) -> dict[str, dict[str, Any]]:
    raw = _read_bytes(root / MANIFEST)
    if raw is None:
        return {}
    try:
        data = json.loads(raw)
    except ValueError:
        data = None
    valid = isinstance(data, dict) and all(
        isinstance(v, dict)
        and isinstance(v.get("files"), dict)
        and all(isinstance(n, str) and isinstance(s, int) for n, s in v["files"].items())
        for v in data.values()
    )
    if not valid:
        msg = f"{root / MANIFEST}: not a casebook manifest; move it away to export here"
        raise CasebookError(msg)
    return typing.cast("dict[str, dict[str, Any]]", data)


def _commit(
    root: Path, changed: list[tuple[str, bytes]], stale: list[str], manifest: bytes
) -> None:
    staging = tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=root)
    try:
        staged = [
            (_stage_file(os.path.join(staging, str(n)), content), target)
            for n, (target, content) in enumerate(changed)
        ]
        staged.append(
            (_stage_file(os.path.join(staging, "manifest"), manifest), str(root / MANIFEST))
        )
        # Everything is written; from here on only renames, which are quick and atomic each.
        made: set[str] = set()
        for source, target in staged:
            folder = os.path.dirname(target)
            if folder not in made:
                os.makedirs(folder, exist_ok=True)
                made.add(folder)
            os.replace(source, target)
        for target in stale:
            Path(target).unlink(missing_ok=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _stage_file(path: str, content: bytes) -> str:
    """Write *content* to the new file *path*, with the mode a normal write gives; return *path*.

    No ``fsync``: the staging and renaming protect the folder against a failed or interrupted
    export, which is the promise; flushing every file to disk would make exports several times
    slower to guard against power loss, which the output (regenerated from the data) can afford.
    """
    with open(path, "xb") as handle:
        handle.write(content)
    return path
