"""Run an exporter as a plugin: whatever it does wrong is that plugin's failure, in one line.

Within one process, exporting the same data with the same exporter class into a folder that
nothing touched since the last export there is not rendered again: the folder already holds
the output. "Nothing touched" is checked on every file the export wrote (its size, modification
and change times and inode, so even a same-size edit is seen), and a new process always
renders. An exporter whose output depends on anything but the casebook and its own code (the
clock, other files) should not be used twice in one process expecting new output.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from casebook.errors import CasebookError, PluginError
from casebook.export.paths import JOURNAL, MANIFEST, check_files
from casebook.export.writer import ExportResult, recover_folder, write_checked
from casebook.wording import shorten

if TYPE_CHECKING:
    from casebook.book import Casebook

_Signature = tuple[tuple[str, int, int, int, int] | None, ...]


@attrs.frozen
class _Rendered:
    """The last export into a folder in this process, and how to tell nothing changed since."""

    exporter: type
    data_key: str
    names: tuple[str, ...]
    signature: _Signature


#: ``{(real path of the output folder, format name): the last export there}``.
_RENDERED: dict[tuple[str, str], _Rendered] = {}


def export(
    book: Casebook,
    format_name: str,
    output: str | os.PathLike[str],
    progress: Callable[[str, int, int], object] | None = None,
) -> ExportResult:
    """Render *book* with the exporter *format_name* and write the files under *output*.

    :param progress: told ``(phase, done, total)`` as the export goes: ``rendering`` (the case
        studies, done all at once) and ``writing`` (each file staged); the command line shows
        it as a progress bar.

    :raises ~casebook.errors.CasebookError: for an unknown format, or output that cannot be
        written.
    :raises ~casebook.errors.PluginError: naming the exporter's plugin, if the exporter fails or
        returns anything but safe relative paths mapped to bytes; nothing is written then.
    """
    try:
        exporter_cls = book.exporters[format_name]
    except KeyError:
        known = ", ".join(book.exporters) or "none installed"
        msg = f"unknown export format {format_name!r} (installed formats: {known})"
        raise CasebookError(msg) from None
    contribution = f"exporter {format_name}"
    owner = next((p for p in book.plugins if contribution in p.contributes), None)
    plugin = owner.name if owner else format_name
    slot = (os.path.realpath(output), format_name)
    data_key = _data_key(book)
    last = _RENDERED.pop(slot, None)
    if last is not None:
        recover_folder(output)  # an export killed since, in another process, is completed first
    if (
        last is not None
        and last.exporter is exporter_cls
        and last.data_key == data_key
        and last.signature == _signature(Path(output), last.names)
    ):
        _RENDERED[slot] = last
        return ExportResult((), last.names)
    if progress is not None:
        progress("rendering", 0, len(book))
    files = _render(book, exporter_cls, format_name, plugin)
    if progress is not None:
        progress("rendering", len(book), len(book))
    try:
        checked = check_files(files)
    except CasebookError as exc:
        raise PluginError(plugin, f"exporter {format_name!r} {exc}") from None
    result = write_checked(checked, output, format_name, progress)
    names = tuple(sorted(result.written + result.unchanged))
    _RENDERED[slot] = _Rendered(exporter_cls, data_key, names, _signature(Path(output), names))
    return result


def _render(
    book: Casebook, exporter_cls: type, format_name: str, plugin: str
) -> Mapping[str, bytes]:
    """Return what the exporter returns, or raise :class:`PluginError` for anything it does."""
    try:
        returned = exporter_cls().export(book)
        files: dict[str, bytes] | None = dict(returned) if isinstance(returned, Mapping) else None
    except KeyboardInterrupt:
        raise  # Ctrl-C cannot be told apart from an exporter raising it: it stops casebook
    except SystemExit as exc:
        msg = f"exporter {format_name!r} called sys.exit({shorten(repr(exc.code), 200)})"
        raise PluginError(plugin, msg) from None
    except BaseException as exc:  # any failure of plugin code is the plugin's
        msg = f"exporter {format_name!r} failed: {type(exc).__name__}: {shorten(_text(exc), 200)}"
        raise PluginError(plugin, msg) from exc
    if files is None:
        msg = (
            f"exporter {format_name!r} returned {type(returned).__name__}, "
            "expected a mapping of relative paths to bytes"
        )
        raise PluginError(plugin, msg)
    return files


def _text(exc: BaseException) -> str:
    """Return ``str(exc)``, or a placeholder if the exception cannot even say what it is."""
    try:
        return str(exc)
    except Exception:  # noqa: BLE001 - a broken __str__ must not hide the failure itself
        return "(no message: its __str__ failed)"


def _data_key(book: Casebook) -> str:
    """Return a digest of the data an export renders: every case study and framework."""
    digest = hashlib.sha256()
    for case_id in book:
        digest.update(f"{case_id}\0{book.digest(case_id)}\0".encode())
    for framework_id in book.frameworks:
        digest.update(f"{framework_id}\0{book.digest('framework:' + framework_id)}\0".encode())
    return digest.hexdigest()


def _signature(root: Path, names: tuple[str, ...]) -> _Signature:
    """Return what identifies the current state of *names*, the manifest and the journal."""
    found: list[tuple[str, int, int, int, int] | None] = []
    folder = os.fspath(root)
    for name in (*names, MANIFEST, JOURNAL):
        try:
            info = os.lstat(os.path.join(folder, name))
        except OSError:
            found.append(None)
        else:
            found.append((name, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns))
    return tuple(found)
