"""Remember data files that passed validation, by a hash of their content.

Reading a TOML file and validating it costs milliseconds each time a command starts; a file
whose bytes have not changed since it last passed need not be checked again. The cache maps
``sha256(casebook version, schema, known framework areas, file bytes)`` to the parsed data, so
any change to the file, to casebook or to the installed frameworks misses it. Only data that
passed is stored: problems are always found afresh.

The cache lives in ``$CASEBOOK_CACHE_DIR``, else ``$XDG_CACHE_HOME/casebook``, else
``~/.cache/casebook``. Set ``CASEBOOK_CACHE_DIR`` to an empty string to turn it off. Anything
wrong with the cache (unreadable, corrupt, read-only) is treated as a miss, never an error.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from casebook._version import __version__


def cache_dir() -> Path | None:
    """Return the cache folder, or ``None`` if caching is turned off."""
    configured = os.environ.get("CASEBOOK_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "casebook"


@functools.cache
def _schema_digest() -> bytes:
    from importlib import resources  # noqa: PLC0415

    from casebook.validation import SCHEMA_FILE  # noqa: PLC0415

    text = resources.files("casebook").joinpath("schemas", SCHEMA_FILE).read_bytes()
    return hashlib.sha256(text).digest()


def key(kind: str, raw: bytes, known_areas: Iterable[str] | None) -> str:
    """Return the cache key of a file's bytes, as validated against *known_areas*."""
    digest = hashlib.sha256()
    digest.update(f"{__version__}\0{kind}\0".encode())
    digest.update(_schema_digest())
    areas = "\0".join(sorted(known_areas)) if known_areas is not None else "\1"
    digest.update(areas.encode())
    digest.update(raw)
    return digest.hexdigest()


def get(cache_key: str) -> Any | None:
    """Return the data stored under *cache_key*, or ``None``."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        return json.loads((folder / cache_key[:2] / f"{cache_key}.json").read_bytes())
    except (OSError, ValueError):
        return None


def put(cache_key: str, data: Any) -> None:
    """Store *data* under *cache_key*, atomically; failures are ignored."""
    folder = cache_dir()
    if folder is None:
        return
    target = folder / cache_key[:2] / f"{cache_key}.json"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, allow_nan=False)
        Path(temp).replace(target)
    except (OSError, ValueError, TypeError):
        return
