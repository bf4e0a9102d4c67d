"""Remember data files that passed validation, by a hash of their content.

Reading a TOML file and validating it costs milliseconds each time a command starts; a file
whose bytes have not changed since it last passed need not be checked again. Files are known by
``sha256(casebook version, casebook's code, schema, known framework areas, file bytes)``, so any
change to the file, to casebook (its version, or any of its modules, as when working on
casebook itself) or to the installed frameworks misses the cache. Only data that
passed is remembered: problems are always found afresh. Two stores share the folder:

- the *passed log*, one line per key that passed, read once per process into a set: for JSON,
  whose parsing is as fast as reading a cached copy, knowing that the bytes passed is enough;
- the parsed data of each TOML file under its key, because parsing TOML costs ten times more.
  Each entry holds its key and a SHA-256 of its data, checked on every read: an entry that is
  damaged or is not what was stored is a miss, and is stored afresh.

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

#: The folder of casebook's own modules, whose source is part of every key.
PACKAGE = Path(__file__).parent.parent


def cache_dir() -> Path | None:
    """Return the cache folder, or ``None`` if caching is turned off.

    Worked out once for each value of the environment variables it depends on, so that reading
    thousands of files does not look up the home folder for each one.
    """
    env = os.environ
    return _cache_dir(env.get("CASEBOOK_CACHE_DIR"), env.get("XDG_CACHE_HOME"), env.get("HOME"))


@functools.cache
def _cache_dir(configured: str | None, xdg_cache: str | None, home: str | None) -> Path | None:
    del home  # part of the memo key only: Path.home() reads it
    if configured is not None:
        return Path(configured) if configured.strip() else None
    base = xdg_cache or Path.home() / ".cache"
    return Path(base) / "casebook"


@functools.cache
def _schema_digest() -> bytes:
    from casebook.format import SCHEMA_PATH  # noqa: PLC0415 - read when called: tests change it

    return hashlib.sha256(SCHEMA_PATH.read_bytes()).digest()


@functools.cache
def _code_digest(package: Path) -> bytes:
    """Return a digest of where, how large and how recent each module of casebook is.

    Validation, parsing and conversion decide what a cached entry holds; covering the whole
    package is simpler than naming those modules and cannot miss one. A module is known by its
    path in the package, size and modification time, the signal Python's own bytecode cache
    trusts: a change that would make Python compile the module afresh misses this cache too.
    Looking at the files' metadata costs a twentieth of reading and hashing their source, which
    every command that reads a data file used to pay at start-up.
    """
    digest = hashlib.sha256()
    top = os.path.join(package, "")  # noqa: PTH118 - os.walk gives strings, and so does this
    for folder, subfolders, names in os.walk(package):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        for name in sorted(n for n in names if n.endswith(".py")):
            path = os.path.join(folder, name)  # noqa: PTH118
            stat = os.stat(path)  # noqa: PTH116
            where = path.removeprefix(top).replace(os.sep, "/")
            digest.update(f"{where}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.digest()


def key(kind: str, raw: bytes, known_areas: Iterable[str] | None) -> str:
    """Return the cache key of a file's bytes, as validated against *known_areas*."""
    digest = hashlib.sha256()
    digest.update(f"{__version__}\0{kind}\0".encode())
    digest.update(_code_digest(PACKAGE))
    digest.update(_schema_digest())
    areas = "\0".join(sorted(known_areas)) if known_areas is not None else "\1"
    digest.update(areas.encode())
    digest.update(raw)
    return digest.hexdigest()


def get(cache_key: str) -> Any | None:
    """Return the data stored under *cache_key*, or ``None`` if there is none intact.

    An entry is trusted only if it names *cache_key* and its data matches its checksum; anything
    else (truncated, edited, ``{}``, another key's entry) is a miss.
    """
    folder = cache_dir()
    if folder is None:
        return None
    try:
        entry = (folder / cache_key[:2] / f"{cache_key}.json").read_bytes()
    except OSError:
        return None
    stored_key, _, rest = entry.partition(b"\n")
    checksum, _, body = rest.partition(b"\n")
    if stored_key != cache_key.encode() or checksum != hashlib.sha256(body).hexdigest().encode():
        return None
    try:
        return json.loads(body)
    except ValueError:
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
        body = json.dumps(data, ensure_ascii=False, allow_nan=False).encode()
        checksum = hashlib.sha256(body).hexdigest()
        fd, temp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(b"%s\n%s\n%s" % (cache_key.encode(), checksum.encode(), body))
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
