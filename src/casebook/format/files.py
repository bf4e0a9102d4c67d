"""Validate data files together, as if installed side by side, one document at a time.

:func:`check_files` is what ``casebook validate`` runs: it reads each file, checks it on its own
and hands it over, then drops it. What it keeps for the checks across files (unique ids, areas
that exist, a framework's scope) is each file's name (in a
:class:`~casebook.format.filelist.FileList`) and the hash of its id, and for each framework the
numbers of the files that name its areas: a few dozen bytes a file, never its document.
:func:`validate_files` is the same check for a caller that wants the model objects back.
"""

from __future__ import annotations

import array
import itertools
import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from casebook.errors import Problem, ValidationError
from casebook.format import areas, convert, datafile
from casebook.format.filelist import FileList
from casebook.format.loading import check_data, folder_file_list, is_framework_data, is_index_data
from casebook.model import CaseStudy, Framework
from casebook.wording import excerpt, quote

#: The hash kept of each ``(is a framework, id)``: any will do, as ids sharing one are compared.
id_hash: Callable[[tuple[bool, str]], int] = hash


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
    files = _FilesCheck(FileList(), set(known_areas), list(installed_frameworks))
    found = files.paths

    def unreadable(folder: str, error: OSError) -> None:
        message = f"cannot read this folder: {error.strerror or error}"
        files.problems.append((-1, Problem(folder, "", message)))

    for path in paths:
        before = len(files.problems)
        in_path = folder_file_list(path, unreadable)
        if not in_path and len(files.problems) == before:
            message = f"no data files ({', '.join(sorted(datafile.SUFFIXES))}) in this folder"
            files.problems.append((-1, Problem(str(path), "", message)))
        found += in_path
    for order in range(len(found)):
        valid = files.check(order)
        if valid is not None and on_valid is not None:
            on_valid(valid)
        del valid
        if progress is not None:
            progress("checking", order + 1, len(found))
    files.check_across()
    files.check_ids()
    if files.problems:
        files.problems.sort(key=lambda found: found[0])  # by file; each file's as found
        # Each problem once: a file that changed while it was checked, and no longer parses,
        # says so each time it is read again (for a later framework, and for a shared id).
        raise ValidationError(list(dict.fromkeys(problem for _, problem in files.problems)))


@attrs.define
class _FilesCheck:
    """What :func:`check_files` keeps while it reads the files one by one.

    A case study's framework areas are checked as soon as it is read, against the frameworks
    known then, and nothing of them is kept. Only a framework that comes later can change that
    verdict (it defines areas an earlier file named, or changes the scope of a framework an
    earlier file named); so for each framework id, the files that name one of its areas are
    noted by number, and the few that such a framework follows are read again at the end.

    :param paths: every file, in order; a file's order is its index here.
    :param areas: the framework areas known so far.
    :param scoped: the frameworks whose scope the case studies are checked against.
    :param naming: per framework id, the orders of the case studies naming one of its areas.
    :param again: the orders of the case studies to check again at the end: one named an area
        unknown when it was read, or a framework among the files came after it.
    :param own_invalid: the orders of the case studies whose own checks failed (their scope is
        not checked).
    :param id_hashes: the hash of each ``(kind, id)`` a file gives, in the order of the files;
        a hash met twice sends those files to :meth:`check_ids`, which compares their ids.
    :param id_orders: the order of the file of each of *id_hashes*. Orders, here and in
        *naming*, are held as 4-byte numbers, which count to four billion files.
    :param problems: ``(order of the file, problem)`` for every problem but the areas'.
    :param area_problems: per order, the problems with the areas that file names.
    """

    paths: FileList
    areas: set[str]
    scoped: list[Framework]
    naming: dict[str, array.array[int]] = attrs.Factory(dict)
    again: set[int] = attrs.Factory(set)
    own_invalid: set[int] = attrs.Factory(set)
    id_hashes: array.array[int] = attrs.Factory(lambda: array.array("q"))
    id_orders: array.array[int] = attrs.Factory(lambda: array.array("I"))
    problems: list[tuple[int, Problem]] = attrs.Factory(list)
    area_problems: dict[int, list[Problem]] = attrs.Factory(dict)

    def check(self, order: int) -> ValidFile | None:
        """Check the file of *order* on its own; return it if that passes."""
        where = self.paths[order]
        try:
            data, short_numbers = datafile.parse_data_noting(datafile.read_bytes(where), where)
        except ValidationError as exc:
            self.problems += [(order, problem) for problem in exc.problems]
            return None
        if is_index_data(data):
            self.problems += [(order, problem) for problem in _index_problems(Path(where), data)]
            return None
        cls = Framework if is_framework_data(data) else CaseStudy
        if isinstance(item_id := data.get("id"), str):
            self.id_hashes.append(id_hash((cls is Framework, item_id)))
            self.id_orders.append(order)
        try:
            check_data(data, cls, where, None, short_numbers=short_numbers)
        except ValidationError as exc:
            self.problems += [(order, problem) for problem in exc.problems]
            if cls is CaseStudy:
                self.own_invalid.add(order)
                self._check_areas(order, data, where)
            return None
        if cls is CaseStudy:
            self._check_areas(order, data, where)
        else:
            framework = convert.from_data(data, Framework)
            self.areas.update(framework.area_refs())
            self.scoped.append(framework)
            # The case studies before it that name its areas were checked without it.
            self.again.update(self.naming.get(framework.id, ()))
        return ValidFile(where, cls, data)

    def _check_areas(self, order: int, data: Mapping[str, Any], where: str) -> None:
        """Check where case study *data*, of the file *where*, names framework areas."""
        refs = areas.data_area_refs(data)
        if not refs:
            return
        named = {area for _, _, area in refs}
        framework_ids = areas.framework_ids(named)
        found = []
        if not self.areas.issuperset(named):
            found = areas.unknown_area_problems(refs, self.areas, where)
            self.again.add(order)  # a framework among the later files may define them
        case_id = data.get("id")
        if order not in self.own_invalid and isinstance(case_id, str):
            found += areas.scope_problems_of(case_id, refs, self.scoped, where, framework_ids)
        if found:
            self.area_problems[order] = found
        for framework_id in framework_ids:
            self.naming.setdefault(sys.intern(framework_id), array.array("I")).append(order)

    def check_across(self) -> None:
        """Check again the case studies a later framework may judge otherwise, then collect."""
        for order in sorted(self.again):
            where = self.paths[order]
            try:
                data = datafile.parse_data(datafile.read_bytes(where), where)
            except ValidationError as exc:  # changed since it was read: say what it is now
                self.area_problems[order] = list(exc.problems)
                continue
            self.area_problems.pop(order, None)
            if isinstance(data, Mapping):
                self._check_areas(order, data, where)
        for order, found in self.area_problems.items():
            self.problems += [(order, problem) for problem in found]

    def check_ids(self) -> None:
        """Report each file reusing an id an earlier file of its kind gives.

        Only the ids' hashes were kept: the files whose hash another file shares are read
        again, and their ids compared (two ids may share a hash).
        """
        shared = shared_hashes(self.id_hashes)
        first_files: dict[tuple[str, str], str] = {}
        duplicates = []
        for hashed, order in zip(self.id_hashes, self.id_orders, strict=True):
            if hashed not in shared:
                continue
            where = self.paths[order]
            try:
                data = datafile.parse_data(datafile.read_bytes(where), where)
            except ValidationError as exc:  # changed since it was read: say what it is now
                duplicates += [(order, problem) for problem in exc.problems]
                continue
            item_id = data.get("id")
            if not isinstance(item_id, str):
                continue  # changed since it was read, and its own checks name it now
            kind = "framework" if is_framework_data(data) else "case study"
            earlier = first_files.setdefault((kind, item_id), where)
            if earlier != where:
                message = f"duplicate {kind} id {quote(item_id)}: {earlier} uses it too"
                duplicates.append((order, Problem(where, "/id", message)))
        self.problems += duplicates


def shared_hashes(hashes: Sequence[int], parts: int = 16) -> set[int]:
    """Return the hashes that occur more than once in *hashes*, read once per part.

    They are sorted a part at a time (by their remainder on division by *parts*), so that no
    more than about a part of them is held as Python numbers at once: sorting a copy of all of
    them held about 40 bytes a file, as much as everything else validate keeps.
    """
    shared: set[int] = set()
    for part in range(parts):
        ordered = sorted(hashed for hashed in hashes if hashed % parts == part)
        shared.update(first for first, second in itertools.pairwise(ordered) if first == second)
    return shared


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
