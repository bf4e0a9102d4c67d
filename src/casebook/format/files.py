"""Validate data files together, as if installed side by side, one document at a time.

:func:`check_files` is what ``casebook validate`` runs: it reads each file, checks it on its own
and hands it over, then drops it; what it keeps for the checks across files (unique ids, areas
that exist, a framework's scope) is each id and where each case study names an area. So memory
grows only with the number of files, never with their documents. :func:`validate_files` is the
same check for a caller that wants the model objects back.
"""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from casebook.errors import Problem, ValidationError
from casebook.format import areas, convert, datafile
from casebook.format.loading import check_data, folder_file_names, is_framework_data, is_index_data
from casebook.model import CaseStudy, Framework
from casebook.wording import excerpt, quote


@attrs.frozen
class ValidFile:
    """A data file that passed its own checks, as :func:`check_files` hands it over.

    It holds the parsed document only while the callback runs. Building the model object is
    most of the cost of a valid file, so it is built only when asked for (:meth:`item`): a
    caller that needs the id and the review date never pays for it.

    :param file: the file's path, as problems name it.
    :param kind: :class:`~casebook.model.CaseStudy` or :class:`~casebook.model.Framework`.
    :param data: the document, valid by every check of its own.
    """

    file: str
    kind: type[CaseStudy | Framework]
    data: Mapping[str, Any] = attrs.field(repr=False)

    @property
    def id(self) -> str:
        """Return the id the document gives."""
        return str(self.data["id"])

    @property
    def last_reviewed(self) -> str | None:
        """Return the date the case study was last reviewed (``None`` for a framework)."""
        value = self.data.get("last_reviewed")
        return value if isinstance(value, str) else None

    def item(self) -> CaseStudy | Framework:
        """Build and return the model object of the document."""
        return convert.from_data(self.data, self.kind)


def validate_files(
    paths: Iterable[str | os.PathLike[str]],
    known_areas: Iterable[str] = (),
    installed_frameworks: Iterable[Framework] = (),
) -> tuple[list[CaseStudy], list[Framework]]:
    """Validate data files together, as they would be if installed side by side.

    Frameworks among the files add to *known_areas*; case-study and framework ids must be
    unique across the files. Case studies are checked against the scope of the
    *installed_frameworks* and of the frameworks among the files.

    :returns: the case studies and frameworks, in the order of the files.
    :raises ValidationError: listing every problem in every file.
    """
    case_studies: list[CaseStudy] = []
    frameworks: list[Framework] = []

    def take(valid: ValidFile) -> None:
        item = valid.item()
        if isinstance(item, CaseStudy):
            case_studies.append(item)
        else:
            frameworks.append(item)

    check_files(paths, known_areas, installed_frameworks, take)
    return case_studies, frameworks


def check_files(
    paths: Iterable[str | os.PathLike[str]],
    known_areas: Iterable[str] = (),
    installed_frameworks: Iterable[Framework] = (),
    on_valid: Callable[[ValidFile], object] | None = None,
    progress: Callable[[str, int, int], object] | None = None,
) -> None:
    """Validate data files as :func:`validate_files` does, holding one document at a time.

    Each file that passes its own checks is handed to *on_valid* as soon as it does (to check
    its review age, say: :mod:`casebook.format.review`), and then dropped.

    :param progress: told ``("checking", done, total)`` after each file.
    :raises ValidationError: listing every problem in every file, after every file is read; a
        file handed over is valid only if nothing is raised.
    """
    files = _FilesCheck(set(known_areas), list(installed_frameworks))
    found: list[str] = []
    for path in paths:
        in_path = folder_file_names(path)
        if not in_path:
            message = f"no data files ({', '.join(sorted(datafile.SUFFIXES))}) in this folder"
            files.problems.append((-1, Problem(str(path), "", message)))
        found += in_path
    for order, path in enumerate(found):
        valid = files.check(order, path)
        if valid is not None and on_valid is not None:
            on_valid(valid)
        del valid
        if progress is not None:
            progress("checking", order + 1, len(found))
    files.check_across()
    if files.problems:
        files.problems.sort(key=lambda found: found[0])  # by file; each file's as found
        raise ValidationError([problem for _, problem in files.problems])


@attrs.define
class _FilesCheck:
    """What :func:`check_files` keeps while it reads the files one by one.

    :param areas: the framework areas known so far.
    :param scoped: the frameworks whose scope the case studies are checked against.
    :param named: per case study, ``(order, id, file, where it names areas)``; the id is
        ``None`` for a case study whose own checks failed (its scope is not checked).
    :param first_ids: the file that first used each ``(kind, id)``.
    :param problems: ``(order of the file, problem)`` for every problem found.
    """

    areas: set[str]
    scoped: list[Framework]
    named: list[tuple[int, str | None, str, tuple[int | str, ...]]] = attrs.Factory(list)
    first_ids: dict[tuple[str, str], str] = attrs.Factory(dict)
    problems: list[tuple[int, Problem]] = attrs.Factory(list)

    def check(self, order: int, where: str) -> ValidFile | None:
        """Check the file *where* on its own; return it if that passes."""
        try:
            raw = datafile.read_bytes(where)
            data = datafile.parse_data(raw, where)
        except ValidationError as exc:
            self.problems += [(order, problem) for problem in exc.problems]
            return None
        if is_index_data(data):
            self.problems += [(order, problem) for problem in _index_problems(Path(where), data)]
            return None
        cls = Framework if is_framework_data(data) else CaseStudy
        found = _duplicate_id(data, cls, where, self.first_ids)
        self.problems += [(order, found)] if found else []
        # What the checks across files need of a case study: the areas it names.
        refs = _packed([] if cls is Framework else areas.data_area_refs(data))
        try:
            check_data(data, cls, where, None, raw if datafile.is_json(where) else None)
        except ValidationError as exc:
            self.problems += [(order, problem) for problem in exc.problems]
            self.named.append((order, None, where, refs))
            return None
        if cls is CaseStudy:
            self.named.append((order, data["id"], where, refs))
        else:
            framework = convert.from_data(data, Framework)
            self.areas.update(framework.area_refs())
            self.scoped.append(framework)
        return ValidFile(where, cls, data)

    def check_across(self) -> None:
        """Check each case study's areas against every framework, among the files or not."""
        for order, case_id, where, packed in self.named:
            refs = _unpacked(packed)
            found = areas.unknown_area_problems(refs, self.areas, where)
            if case_id is not None:
                found += areas.scope_problems_of(case_id, refs, self.scoped, where)
            self.problems += [(order, problem) for problem in found]


def _packed(refs: list[areas.AreaRef]) -> tuple[int | str, ...]:
    """Pack area references into one flat tuple, ``(index, area index, area, ...)``.

    Ten thousand case studies of a dozen references each, held as lists of tuples, were most
    of what ``casebook validate`` kept. Flat, with each area text interned (held once for all
    the case studies that name it) and small indices shared by Python, they take a third.
    """
    return tuple(itertools.chain.from_iterable((i, j, sys.intern(area)) for i, j, area in refs))


def _unpacked(packed: tuple[int | str, ...]) -> list[areas.AreaRef]:
    """Return the area references :func:`_packed` packed."""
    return list(zip(packed[0::3], packed[1::3], packed[2::3], strict=True))  # type: ignore[arg-type]


def _index_problems(path: Path, data: Mapping[str, Any]) -> list[Problem]:
    """Check that every file an export index lists is there beside it."""
    problems = []
    for key in ("case_studies", "frameworks"):
        entries = data.get(key, [])
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            name = entry.get("file") if isinstance(entry, Mapping) else None
            if not isinstance(name, str) or not (path.parent / name).is_file():
                shown = quote(name) if isinstance(name, str) else excerpt(name)
                message = f"lists {shown}, which is not there"
                problems.append(Problem(str(path), f"/{key}/{index}/file", message))
    return problems


def _duplicate_id(
    data: Mapping[str, Any], cls: type, where: str, first: dict[tuple[str, str], str]
) -> Problem | None:
    """Return the problem of a document reusing an id an earlier one has, and note its id."""
    kind = "framework" if cls is Framework else "case study"
    item_id = data.get("id")
    if not isinstance(item_id, str):
        return None
    earlier = first.setdefault((kind, sys.intern(item_id)), where)
    if earlier == where:
        return None
    return Problem(where, "/id", f"duplicate {kind} id {quote(item_id)}: {earlier} uses it too")
