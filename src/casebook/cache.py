"""Remember data files that passed validation, by a hash of their content.

Reading a TOML file and validating it costs milliseconds each time a command starts; a file
whose bytes have not changed since it last passed need not be checked again. Files are known by
``sha256(casebook version, schema, known framework areas, file bytes)``, so any change to the
file, to casebook or to the installed frameworks misses the cache. Only data that passed is
remembered: problems are always found afresh. Two stores share the folder:

- the *passed log*, one line per key that passed, read once per process into a set: for JSON,
  whose parsing is as fast as reading a cached copy, knowing that the bytes passed is enough;
- the parsed data of each TOML file under its key, because parsing TOML costs ten times more.

The cache lives in ``$CASEBOOK_CACHE_DIR``, else ``$XDG_CACHE_HOME/casebook``, else
``~/.cache/casebook``. Set ``CASEBOOK_CACHE_DIR`` to an empty string to turn it off. Anything
wrong with the cache (unreadable, corrupt, read-only) is treated as a miss, never an error.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
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
    from casebook.validation import SCHEMA_PATH  # noqa: PLC0415

    return hashlib.sha256(SCHEMA_PATH.read_bytes()).digest()


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
    import tempfile  # noqa: PLC0415 - only when something new is stored

    target = folder / cache_key[:2] / f"{cache_key}.json"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, allow_nan=False)
        Path(temp).replace(target)
    except (OSError, ValueError, TypeError):
        return


#: The passed log is started afresh beyond this size, so that keys of long-gone file versions do
#: not pile up: about 13 MB, or 200,000 keys.
PASSED_LOG_LIMIT = 200_000 * 65
_PASSED_LOG = "passed.log"
_passed_sets: dict[Path, set[str]] = {}


def passed(cache_key: str) -> bool:
    """Tell whether bytes with *cache_key* passed validation before (in any process)."""
    folder = cache_dir()
    return folder is not None and cache_key in _passed_set(folder)


def record_passed(cache_key: str) -> None:
    """Remember that bytes with *cache_key* passed validation; failures are ignored.

    Each key is appended as one short line in append mode, which the operating system writes
    whole even when several processes (a parallel Sphinx build) append at once; a line that is
    damaged anyway only fails to match, which is a miss.
    """
    folder = cache_dir()
    if folder is None:
        return
    known = _passed_set(folder)
    if cache_key in known:
        return
    known.add(cache_key)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / _PASSED_LOG).open("a", encoding="ascii") as log:
            log.write(cache_key + "\n")
    except OSError:
        return


def _passed_set(folder: Path) -> set[str]:
    known = _passed_sets.get(folder)
    if known is None:
        log = folder / _PASSED_LOG
        try:
            if log.stat().st_size > PASSED_LOG_LIMIT:
                log.unlink()
            known = set(log.read_text("ascii", errors="replace").split())
        except OSError:
            known = set()
        _passed_sets[folder] = known
    return known
