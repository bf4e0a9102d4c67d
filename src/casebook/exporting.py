"""Run an exporter and write what it returns, safely, for every format alike.

An exporter only renders: it returns ``{relative path: bytes}``. Writing is done here, once,
by :func:`write_files` (which the Sphinx extension uses too):

- every path is checked to stay inside the output folder (no absolute paths, no ``..``, no
  symbolic link leading out), and every target is checked before anything is written;
- the folder ends up wholly old or wholly new, even if the export is killed: new files are
  staged beside the old ones and a journal, once in place, lets the next export (or
  :func:`recover`) complete the switch; exports into one folder are serialised by a lock;
- a file whose bytes did not change is not rewritten, so its modification time stays and tools
  that rebuild on change (Sphinx, make) have nothing to do;
- a manifest records the digest of every file each format wrote: a file casebook did not write,
  or that another format wrote, is never replaced, and a file an earlier export wrote and this
  one no longer produces is removed only while it is as casebook wrote it.

The parts live in the package ``casebook.export``; this module keeps their public names.
"""

from __future__ import annotations

import os

from casebook.book import Exporter
from casebook.export.paths import MANIFEST, STAGING_PREFIX, safe_relative_path
from casebook.export.running import export
from casebook.export.writer import ExportResult, recover_folder, write_files

__all__ = [
    "MANIFEST",
    "STAGING_PREFIX",
    "ExportResult",
    "Exporter",
    "export",
    "recover",
    "safe_relative_path",
    "write_files",
]


def recover(output: str | os.PathLike[str]) -> None:
    """Complete an export into *output* that was killed after it began switching files.

    Every export into a folder does this first; call it to make a folder that a killed export
    left consistent without exporting again. Leftover staging folders are removed too.

    :raises ~casebook.errors.CasebookError: if the folder cannot be written, or another export
        holds it.
    """
    recover_folder(output)
