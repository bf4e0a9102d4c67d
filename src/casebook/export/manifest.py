"""Read and write the manifest: which files each owner (export format) wrote, and their digests.

The manifest lets an export tell its own files from anyone else's. It is not trusted blindly: a
file is casebook's to delete only while its content still has the digest recorded when casebook
wrote it. Manifests of earlier versions recorded sizes instead of digests; their files are still
casebook's to replace, but never to delete (their content cannot be checked).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from casebook.errors import CasebookError
from casebook.export.paths import MANIFEST, quote

#: ``{owner: {relative path: digest, or None where an old manifest recorded only a size}}``.
Manifest = dict[str, dict[str, str | None]]


def digest(content: bytes) -> str:
    """Return the digest recorded for a file holding *content*."""
    return "sha256:" + hashlib.sha256(content).hexdigest()


def file_digest(path: str | os.PathLike[str]) -> str | None:
    """Return the digest of the regular file *path*, or ``None`` if there is no such file."""
    try:
        with open(path, "rb") as handle:
            return digest(handle.read())
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None


def _pointer(*parts: str) -> str:
    return "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in parts)


def _problem(root: Path, pointer: str, message: str) -> CasebookError:
    return CasebookError(
        f"{root / MANIFEST}: {pointer or '/'}: {message}; not a casebook manifest, "
        "move it away to export here"
    )


def read_manifest(root: Path) -> Manifest:
    """Return the manifest of the output folder *root* (empty if it has none).

    :raises ~casebook.errors.CasebookError: naming the place in the file, if it is not a
        casebook manifest.
    """
    try:
        raw = (root / MANIFEST).read_bytes()
    except FileNotFoundError:
        return {}
    try:
        data = json.loads(raw)
    except ValueError:
        raise _problem(root, "", "not JSON") from None
    if not isinstance(data, dict):
        raise _problem(root, "", "expected an object")
    manifest: Manifest = {}
    for owner, entry in data.items():
        files = entry.get("files") if isinstance(entry, dict) else None
        if not isinstance(files, dict):
            raise _problem(root, _pointer(owner), "expected an object with 'files'")
        manifest[owner] = {}
        for name, recorded in files.items():
            if isinstance(recorded, str) and recorded.startswith("sha256:"):
                manifest[owner][name] = recorded
            elif isinstance(recorded, int) and not isinstance(recorded, bool):
                manifest[owner][name] = None
            else:
                where = _pointer(owner, "files", name)
                raise _problem(root, where, f"expected a digest, got {quote(repr(recorded))}")
    return manifest


def manifest_bytes(manifest: Manifest) -> bytes:
    """Return *manifest* as the bytes of its file; owners with no files are left out."""
    data = {
        owner: {"files": {name: recorded or 0 for name, recorded in sorted(files.items())}}
        for owner, files in sorted(manifest.items())
        if files
    }
    return (json.dumps(data, indent=2, sort_keys=True) + "\n").encode()
