"""Make the files the data page offers for download, from the casebook this build shows.

When the build starts, the installed ``json``, ``csv`` and ``datapackage`` exporters render the
casebook of the build (the one the casebook extension loaded), and the results are written to
``_data/`` beside the pages: the JSON files and the data package as zip files, the CSV as it is.
``data.rst`` offers them with Sphinx's ``:download:`` role, so the site's files always match its
pages. Zip entries carry a fixed date, and unchanged files are not rewritten, so a rebuild with
the same data changes nothing.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sphinx.errors import ExtensionError

from casebook.exporting import write_files
from casebook.sphinx.state import book_for

#: Where the files are written, relative to the documentation's source folder.
FOLDER = "_data"
# The earliest date a zip file can record: the files' dates then say nothing about the machine.
_EPOCH = (1980, 1, 1, 0, 0, 0)


def zip_bytes(files: Mapping[str, bytes]) -> bytes:
    """Return *files* as a deterministic zip file: sorted names, fixed dates and permissions."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return buffer.getvalue()


def _render(book: Any, format_name: str) -> Mapping[str, bytes]:
    """Return what the exporter *format_name* makes of *book*, or stop the build saying why."""
    if format_name not in book.exporters:
        msg = f"data page: no {format_name!r} exporter is installed (scripts/setup.sh installs it)"
        raise ExtensionError(msg)
    try:
        return book.exporters[format_name]().export(book)
    except Exception as exc:
        msg = f"data page: the {format_name!r} exporter failed: {type(exc).__name__}: {exc}"
        raise ExtensionError(msg) from exc


def downloads(book: Any) -> dict[str, bytes]:
    """Return the files of the data page, by name."""
    return {
        "casebook-json.zip": zip_bytes(_render(book, "json")),
        "outcomes.csv": _render(book, "csv")["outcomes.csv"],
        "casebook-datapackage.zip": zip_bytes(_render(book, "datapackage")),
    }


def on_builder_inited(app: Any) -> None:
    """Write the data page's files, leaving those whose bytes did not change alone."""
    write_files(downloads(book_for(app.env)), Path(app.srcdir) / FOLDER, owner="data page")


def setup(app: Any) -> dict[str, Any]:
    """Make the data page's files when the build starts."""
    app.connect("builder-inited", on_builder_inited)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
