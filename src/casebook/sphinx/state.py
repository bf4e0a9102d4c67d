"""The casebook of a build, loaded once, and what each generated page shows of it.

One casebook per build environment, loaded when the build starts and shared by the directives
(and, by fork, by parallel readers). :func:`data_hashes` digests what each kind of page shows of
each site, so that a data change re-reads only the pages whose content it alters.
"""

from __future__ import annotations

import hashlib
import json
import weakref
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from casebook.api import load
from casebook.book import Casebook
from casebook.comparison import Comparison, compare, compare_all
from casebook.export.common import GROUP_SIZE as COMMON_GROUP_SIZE

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment


logger = logging.getLogger("casebook.sphinx")


#: Prefixes of the dependency keys of pages that show every site. Each stands for what one kind
#: of page shows of a site (see :func:`data_hashes`); such a page records ``PREFIX*`` and is
#: re-read when that part of any site changes, not on every edit of every site.
TABLE = "table:"
INITIATIVES = "initiatives:"
#: A framework's comparison (matrix, gaps and heatmap): ``matrix:FRAMEWORK:``.
MATRIX = "matrix:{}:"
ANY_SITE = "*"
#: Above this many sites, the index lists groups of this many sites instead of every site.
GROUP_SIZE = COMMON_GROUP_SIZE
# One casebook per build environment: loaded when the build starts, shared by the directives
# (and, by fork, by parallel readers).
_BOOKS: weakref.WeakKeyDictionary[BuildEnvironment, Casebook] = weakref.WeakKeyDictionary()


def forget_book(env: BuildEnvironment) -> None:
    """Forget the casebook of *env*, so that the next build reads the installed data afresh."""
    _BOOKS.pop(env, None)


def book_for(env: BuildEnvironment) -> Casebook:
    """Return the casebook of this build, loaded once and filtered by ``casebook_sites``."""
    if env not in _BOOKS:
        _BOOKS[env] = _load_book(env.config.casebook_disable_plugins, env.config.casebook_sites)
    return _BOOKS[env]


_comparisons: dict[str, Comparison] = {}
_compared_book: list[Casebook] = []


def comparison(book: Casebook, framework_id: str) -> Comparison:
    """Return ``compare(book, framework_id)``, worked out once per loaded casebook.

    A build needs each comparison three times (for the pages' data hashes, the heatmap and the
    matrix); at a thousand sites each costs a noticeable part of a rebuild.
    """
    if not _compared_book or _compared_book[0] is not book:
        _comparisons.clear()
        _compared_book[:] = [book]
    if not _comparisons:
        _comparisons.update(compare_all(book))  # the work they share is done once
    if framework_id not in _comparisons:
        return compare(book, framework_id)  # raises: the book has no such framework
    return _comparisons[framework_id]


def _load_book(disable: Iterable[str], wanted: Iterable[str]) -> Casebook:
    book = load(disable=disable)
    for failure in book.failures:
        logger.warning("casebook plugin %r failed: %s", failure.name, failure.error)
    wanted = list(wanted)
    if not wanted:
        return book
    for site in wanted:
        if site not in book:
            logger.warning("casebook_sites names %r, which is not installed", site)
    return book.subset(site for site in wanted if site in book)


def data_hashes(book: Casebook) -> dict[str, str]:
    """Return a digest of everything the generated pages show, by dependency key.

    - ``ID`` and ``framework:ID``: a case study's or a framework's data (its own page);
    - ``table:ID``: what the table of sites shows of a site;
    - ``initiatives:ID``: its initiatives' statuses and areas, which a filtered table selects by;
    - ``matrix:FRAMEWORK:ID``: what a framework's comparison shows of it: its name, its cells
      (the vanguard's own status and what other work adds), and the aims and plans it is
      flagged for, if any;
    - ``coverage:ID``: what the coverage page shows of it (see
      :func:`casebook.sphinx.coverage.coverage_hashes`).

    A change that a page does not show (a summary, a source's title, a status that leaves every
    cell as it was) leaves that page's keys as they were, so Sphinx does not read it again.
    """
    keys = [*book, *(f"framework:{fw_id}" for fw_id in book.frameworks)]
    hashes = {key: book.digest(key) for key in keys}
    for case_id, case in book.items():
        table = (case.name, case.programme.type, case.place.name)
        hashes[TABLE + case_id] = _digest([*table, sorted(case.settings()), len(case.initiatives)])
        statuses = sorted((i.status, sorted(i.areas)) for i in case.initiatives)
        hashes[INITIATIVES + case_id] = _digest(statuses)
    for fw_id, framework in book.frameworks.items():
        result = comparison(book, fw_id)
        flags = {flag.site: flag.sentence(book[flag.site]) for flag in result.aims_only}
        for case_id, case in book.items():
            cells = [result.cell(case_id, area.id).to_data() for area in framework.areas]
            shown = [case.name, cells, flags.get(case_id)]
            hashes[MATRIX.format(fw_id) + case_id] = _digest(shown)
    from casebook.sphinx.coverage import coverage_hashes  # noqa: PLC0415 - it imports this

    hashes.update((key, _digest(shown)) for key, shown in coverage_hashes(book).items())
    return hashes


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False).encode()).hexdigest()
