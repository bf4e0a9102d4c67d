"""Find the installed distributions' entry points, remembering them between runs.

Finding entry points through :mod:`importlib.metadata` means importing it (with the ``email``
package it parses metadata with) and reading every installed distribution's files: more time
than the rest of a short command such as ``casebook list``. What it finds changes only when a
distribution is installed or removed, and that changes the modification time of the folder it
goes into. So the list is cached under the modification times of every folder on
:data:`sys.path`, the signal Python's own import system uses to notice new modules; a warm start
imports nothing to find plugins.

A distribution edited in place without reinstalling (its ``entry_points.txt`` changed by hand)
is not noticed; reinstalling it, or ``CASEBOOK_CACHE_DIR=""``, is.
"""

from __future__ import annotations

import hashlib
import importlib
import re
import sys
from pathlib import Path
from typing import Any

import attrs

from casebook._version import __version__
from casebook.format import cache


@attrs.frozen
class EntryPoint:
    """One entry point: enough to load it and to say where it came from.

    :param name: the entry point's name, used as the plugin's name.
    :param value: what to import, as ``module`` or ``module:attribute.path``.
    :param distribution: the name of the distribution that declares it.
    :param version: that distribution's version.
    """

    name: str
    value: str
    distribution: str | None = None
    version: str | None = None

    def load(self) -> Any:
        """Import the module and return the object the entry point names."""
        # ``module:attribute [extra]``: extras name optional dependencies, not what to load.
        module_name, _, attribute = self.value.split("[", 1)[0].partition(":")
        target: Any = importlib.import_module(module_name.strip())
        for part in attribute.strip().split(".") if attribute.strip() else ():
            target = getattr(target, part)
        return target


def find(group: str) -> list[EntryPoint]:
    """Return the entry points in *group*, sorted by name and value."""
    cache_key = _installation_key(group)
    cached = cache.get(cache_key)
    if isinstance(cached, list):
        try:
            return [EntryPoint(**fields) for fields in cached]
        except TypeError:
            pass  # written by an older casebook: found afresh below
    found = _scan(group)
    cache.put(cache_key, [attrs.asdict(entry_point) for entry_point in found])
    return found


def _scan(group: str) -> list[EntryPoint]:
    from importlib import metadata  # noqa: PLC0415 - only when the cache misses

    found = [
        EntryPoint(
            name=entry_point.name,
            value=entry_point.value,
            distribution=entry_point.dist.metadata["Name"] if entry_point.dist else None,
            version=entry_point.dist.version if entry_point.dist else None,
        )
        for entry_point in metadata.entry_points(group=group)
    ]
    return sorted(found, key=lambda e: (e.name, e.value))


def _installation_key(group: str) -> str:
    """Return a key that changes when a distribution is installed on or removed from the path."""
    digest = hashlib.sha256(f"entry points\0{__version__}\0{group}\0{sys.version}\0".encode())
    for entry in sys.path:
        try:
            mtime = Path(entry or ".").stat().st_mtime_ns
        except OSError:
            mtime = -1
        digest.update(f"{entry}\0{mtime}\0".encode())
    return digest.hexdigest()


def missing_requirements(distribution: str) -> list[str]:
    """Return the names of what *distribution* requires that is not installed, sorted.

    Used only to explain a failure (a site plugin installed without the frameworks plugin it
    cites), so it may afford :mod:`importlib.metadata`. Requirements with an environment marker
    (extras among them) are left out: only what is always required is named.
    """
    from importlib import metadata  # noqa: PLC0415 - only when explaining a failure

    try:
        requirements = metadata.requires(distribution) or []
    except metadata.PackageNotFoundError:
        return []
    missing = set()
    for requirement in requirements:
        spec, _, marker = requirement.partition(";")
        if marker.strip():
            continue
        name = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", spec)
        if name is None:
            continue
        try:
            metadata.distribution(name.group(1))
        except metadata.PackageNotFoundError:
            missing.add(name.group(1))
    return sorted(missing)
