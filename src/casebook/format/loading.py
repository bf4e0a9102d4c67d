"""Turn contributed items and data files into validated model objects.

Plugins and users hand casebook case studies and frameworks in three forms: model objects,
JSON-like mappings and data files. All three go through :func:`parse_item`, so they meet the same
checks and their problems read the same way.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from casebook.errors import Problem, ValidationError
from casebook.format import areas, cache, convert, datafile
from casebook.format.plaindata import plain_data
from casebook.model import CaseStudy, Framework

if TYPE_CHECKING:
    from casebook.format.filelist import FileList

T = TypeVar("T")


class InvalidItemError(ValidationError):
    """A contributed item is invalid; says which id it claimed and which frameworks it lacks.

    :param item_id: the id the data gives, if it gives a string one.
    :param missing_frameworks: framework ids its area references name that are not known.
    """

    def __init__(
        self,
        problems: Iterable[Problem],
        item_id: str | None = None,
        missing_frameworks: Mapping[str, frozenset[str]] | None = None,
    ) -> None:
        super().__init__(problems)
        self.item_id = item_id
        #: For each missing framework id, the pointers of the references to it.
        self.missing_frameworks: Mapping[str, frozenset[str]] = missing_frameworks or {}

    def other_problems(self) -> tuple[Problem, ...]:
        """Return the problems that are not references to a missing framework."""
        pointers = frozenset().union(*self.missing_frameworks.values())
        return tuple(p for p in self.problems if p.pointer not in pointers)


def parse_item(
    item: object, cls: type[T], where: str, known_areas: frozenset[str] | None = None
) -> T:
    """Validate one contributed item (object, mapping or path) and return it as a model object.

    :param where: how problems name the item when it is not a file, e.g. ``<plugin NAME>``.
    :raises InvalidItemError: listing every problem found.
    """
    return parse_item_with_digest(item, cls, where, known_areas)[0]


def parse_item_with_digest(
    item: object, cls: type[T], where: str, known_areas: frozenset[str] | None = None
) -> tuple[T, str]:
    """Like :func:`parse_item`, and also return a digest of the item's content.

    Equal digests mean equal data, so exports and documentation builds can tell what changed
    without comparing the objects again. For a file it is the hash already taken for the cache.
    A mapping or object is first copied into plain JSON data (:func:`~casebook.format.plaindata.
    plain_data`), so whatever a plugin's object holds, it is reported, never a traceback.
    """
    if isinstance(item, (str, os.PathLike)):
        return _parse_file(item, cls, known_areas)
    if not isinstance(item, (cls, Mapping)):
        kind = "a case study" if cls is CaseStudy else "a framework"
        message = f"expected {kind} object, a mapping or a file path, got {type(item).__name__}"
        raise InvalidItemError([Problem(where, "", message)])
    try:
        data = plain_data(convert.to_data(item) if isinstance(item, cls) else item, where)
    except ValidationError as exc:
        item_id = item.get("id") if isinstance(item, Mapping) else None
        raise InvalidItemError(
            exc.problems, item_id if isinstance(item_id, str) else None
        ) from None
    check_data(data, cls, where, known_areas)
    text = json.dumps(data, sort_keys=True, ensure_ascii=False)
    digest = hashlib.sha256(text.encode()).hexdigest()
    if isinstance(item, cls):
        return item, digest
    return convert.from_data(data, cls), digest


def check_data(
    data: Any,
    cls: type,
    where: str,
    known_areas: frozenset[str] | None,
    *,
    short_numbers: bool = False,
) -> None:
    """Raise :class:`InvalidItemError` with every problem of *data*, if it has any.

    :param short_numbers: as for :func:`~casebook.format.validation.check_case_study` (it
        speeds the checks).
    """
    # Imported here: a start whose files all passed before (the cache) checks nothing.
    from casebook.format import validation  # noqa: PLC0415

    if cls is CaseStudy:
        problems = validation.check_case_study(
            data, where, known_areas, short_numbers=short_numbers
        )
    else:
        problems = validation.check_framework(data, where, short_numbers=short_numbers)
    if problems:
        is_mapping = isinstance(data, Mapping)
        item_id = data.get("id") if is_mapping else None
        missing = _missing_frameworks(data, known_areas) if is_mapping else {}
        raise InvalidItemError(problems, item_id if isinstance(item_id, str) else None, missing)


def _missing_frameworks(
    data: Mapping[str, Any], known_areas: frozenset[str] | None
) -> dict[str, frozenset[str]]:
    """Return each framework id that area references name but no known area belongs to."""
    if known_areas is None:
        return {}
    known = areas.framework_ids(known_areas)
    found: dict[str, set[str]] = {}
    for index, area_index, area in areas.data_area_refs(data):
        framework = area.split("/", 1)[0]
        if framework not in known:
            found.setdefault(framework, set()).add(f"/initiatives/{index}/areas/{area_index}")
    return {framework: frozenset(pointers) for framework, pointers in found.items()}


def _parse_file(
    path: str | os.PathLike[str], cls: type[T], known_areas: frozenset[str] | None
) -> tuple[T, str]:
    """Read, check and convert one data file, skipping the checks for bytes that passed before."""
    raw = datafile.read_bytes(path)
    kind = "case study" if cls is CaseStudy else "framework"
    cache_key = cache.key(kind, raw, known_areas)
    json_file = datafile.is_json(path)
    try:
        # For JSON, these exact bytes passed every check, duplicate keys included: a plain
        # parse gives the same data. For TOML, the cache checked its entry's checksum.
        if json_file:
            cached = json.loads(raw) if cache.passed(cache_key) else None
        else:
            cached = cache.get(cache_key)
        if cached is not None:
            return convert.from_data(cached, cls), cache_key
    except (ValueError, TypeError, KeyError, AttributeError):
        pass  # not what passed after all: the cache is never trusted over the checks
    data, short_numbers = datafile.parse_data_noting(raw, path)
    check_data(data, cls, str(path), known_areas, short_numbers=short_numbers)
    if json_file:
        cache.record_passed(cache_key)
    else:
        cache.put(cache_key, data)
    return convert.from_data(data, cls), cache_key


def read_case_study(
    path: str | os.PathLike[str], known_areas: Iterable[str] | None = None
) -> CaseStudy:
    """Read and validate one case-study data file (``.json`` or ``.toml``).

    :param known_areas: ``FRAMEWORK/AREA`` references to accept; ``None`` skips that check.
    :raises ValidationError: listing every problem, each naming the file and a JSON Pointer.
    """
    areas = None if known_areas is None else frozenset(known_areas)
    return parse_item(Path(path), CaseStudy, str(path), areas)


def read_framework(path: str | os.PathLike[str]) -> Framework:
    """Read and validate one framework data file (``.json`` or ``.toml``)."""
    return parse_item(Path(path), Framework, str(path))


def is_index_data(data: Mapping[str, Any]) -> bool:
    """Tell the ``index.json`` of a json export: it lists case studies and has no id."""
    return isinstance(data.get("case_studies"), list) and "id" not in data


def is_framework_data(data: Mapping[str, Any]) -> bool:
    """Tell a framework document from a case study: it has ``areas`` and no ``programme``."""
    return "areas" in data and "programme" not in data


#: Folders that a search for data files passes over, besides hidden ones and those whose name
#: starts with ``_``: a package's tests, build output and installed tools are not case studies.
SKIPPED_FOLDERS = frozenset({"tests", "test", "build", "dist", "node_modules", "venv"})
#: Tool files with a data suffix that a search for data files passes over.
SKIPPED_FILES = frozenset({"pyproject.toml", "package.json", "package-lock.json"})


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Return the files named by *paths*, with each folder replaced by its data files (sorted).

    In a folder, the data files are the ``.json`` and ``.toml`` files at any depth, except
    hidden ones, those named in :data:`SKIPPED_FILES`, and those under a hidden folder, a
    folder whose name starts with ``_`` or one named in :data:`SKIPPED_FOLDERS`. Symbolic links
    to folders are not followed. A file named in *paths* is always returned, whatever its name.
    """
    return [file for path in paths for file in folder_files(path)]


def folder_files(path: str | os.PathLike[str]) -> list[Path]:
    """Return the data files in the folder *path*, as :func:`expand_paths` finds them.

    A *path* that is not a folder is returned alone, whatever its name.
    """
    return [Path(file) for file in folder_file_names(path)]


def folder_file_names(path: str | os.PathLike[str]) -> list[str]:
    """Return :func:`folder_files` as text, which takes a third of the memory of a path."""
    return list(folder_file_list(path))


def folder_file_list(
    path: str | os.PathLike[str], unreadable: Callable[[str, OSError], object] | None = None
) -> FileList:
    """Return :func:`folder_files` as a :class:`~casebook.format.filelist.FileList`.

    A folder of many files costs little more than their names: ``casebook validate`` holds
    every path until its problems are sorted.

    :param unreadable: told each folder that cannot be listed, with the error; its files are
        left out, as :func:`folder_files` leaves them.
    """
    # Imported here: only validating folders needs it, not every start of the command.
    from casebook.format.filelist import FileList, data_file_runs  # noqa: PLC0415

    found = FileList()
    if not os.path.isdir(path):  # noqa: PTH112 - no Path object for each file
        found.add(str(Path(path)))
        return found
    for folder, names in data_file_runs(
        path, _is_data_name, _skipped_folder, unreadable=unreadable
    ):
        found.add_run(folder, names)
    return found


def _is_data_name(name: str) -> bool:
    return (
        os.path.splitext(name)[1].lower() in datafile.SUFFIXES  # noqa: PTH122 - a name, not a path
        and not name.startswith(".")
        and name not in SKIPPED_FILES
    )


def _skipped_folder(name: str) -> bool:
    return name.startswith((".", "_")) or name in SKIPPED_FOLDERS
