"""Helpers for the tests of a site plugin: the rules every case study keeps, checked on its data.

A site plugin's tests call them on the plugin's own data file, found through the installed
plugin module (not through the layout of a checkout)::

    import pytest
    from casebook import testing

    import casebook_wirral_partners as plugin


    @pytest.fixture(scope="module")
    def case():
        return testing.load_checked(plugin.DATA_FILE)


    def test_case_study_keeps_the_rules(case):
        testing.assert_sources_cited(case)
        testing.assert_origins_explained(case)


    def test_every_figure_is_pinned(case):
        testing.assert_figures(case, {"2015-03": "programme.selected, from nhs-2015"})

:func:`load_checked` runs the checks :func:`casebook.load` will, against the frameworks
installed beside the plugin, so a test passes only if the plugin's data would load; that
includes the rules validation enforces (every cited source is listed, an ``evaluated``
initiative has a ``measured`` outcome, framework areas exist and are in scope). The other
helpers check what validation leaves to the author, and each fails with one line per offending
place, named by its JSON Pointer.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Iterator
from decimal import Decimal
from typing import Any

from casebook.api import load
from casebook.errors import ValidationError, pointer
from casebook.format import convert
from casebook.format.areas import scope_problems
from casebook.format.loading import read_case_study
from casebook.model import VANGUARD, CaseStudy, Framework

#: A figure as written: an optional currency sign, digits with inner separators (``6,343``,
#: ``12.7``, ``2016-07-01``, ``2017/18``, ``24/7``, a range with an en dash), then an optional
#: ``%`` or magnitude (``£6bn``, ``£27m``).
FIGURE = re.compile(r"[£$€]?\d+(?:[.,/:\u2013-]\d+)*(?:%|(?:bn|m|k)\b)?")
#: Fields whose values are identifiers, names ("5 Boroughs Partnership"), references,
#: addresses or record metadata: what they hold is no figure of the record.
NOT_FIGURES = frozenset(
    {"id", "name", "aliases", "other_names", "cites", "initiative", "areas", "url"}
    | {"schema_version", "last_reviewed"}
)
_ADDRESS = re.compile(r"https?://\S+")


def installed_frameworks() -> tuple[Framework, ...]:
    """Return the frameworks that ``casebook.load()`` serves in this environment."""
    return tuple(load().frameworks.values())


def installed_areas() -> frozenset[str]:
    """Return every ``FRAMEWORK/AREA`` reference that the installed frameworks define."""
    return frozenset(ref for fw in installed_frameworks() for ref in fw.area_refs())


def load_checked(path: str | os.PathLike[str]) -> CaseStudy:
    """Read a case-study file and run every check ``casebook.load()`` runs on it.

    That is the schema, the semantic checks, the framework areas against the installed
    frameworks, and each scoped framework's scope (an area of the London plan named by a site
    outside London is refused).

    :param path: the ``.toml`` or ``.json`` data file.
    :raises AssertionError: listing each problem as ``FILE: /pointer: message``.
    """
    frameworks = installed_frameworks()
    areas = frozenset(ref for fw in frameworks for ref in fw.area_refs())
    try:
        case = read_case_study(path, known_areas=areas)
    except ValidationError as exc:
        raise _error("invalid case study", [str(p) for p in exc.problems]) from None
    _fail("invalid case study", [str(p) for p in scope_problems(case, frameworks, str(path))])
    return case


def assert_sources_cited(case: CaseStudy) -> None:
    """Check that every listed source is cited by at least one item of the case study.

    Validation already refuses a citation of a source that is not listed; this is the other
    direction: a source nothing cites backs no fact, so it is a slip (a fact deleted, a cite
    mistyped as another listed id).

    :raises AssertionError: naming each uncited source by its pointer and id.
    """
    cited = {c for _, item in case.cited_items() for c in getattr(item, "cites", ())}
    _fail(
        "sources that nothing cites",
        [
            f"/sources/{index}: {source.id!r} is listed but nothing cites it"
            for index, source in enumerate(case.sources)
            if source.id not in cited
        ],
    )


def assert_origins_explained(case: CaseStudy) -> None:
    """Check that every initiative whose origin is not ``vanguard`` says why in ``origin_note``.

    Comparisons set such work apart from the vanguard's own; the note is where a reader learns
    which programme it belongs to, or why no source attributes it.

    :raises AssertionError: naming each initiative without a note.
    """
    _fail(
        "origins not explained",
        [
            f"/initiatives/{index}: {initiative.id!r} has origin {initiative.origin!r} "
            "but no origin_note saying why"
            for index, initiative in enumerate(case.initiatives)
            if initiative.origin != VANGUARD and initiative.origin_note is None
        ],
    )


def figures(case: CaseStudy) -> dict[str, tuple[str, ...]]:
    """Return every figure in the case study, each with the pointers of the fields it is in.

    A figure is a match of :data:`FIGURE` in any text (web addresses removed), or a number
    field's value (``287000``, ``12.7``). Fields in :data:`NOT_FIGURES` (ids, names,
    citations, addresses, the schema version and review date) are skipped. Figures are kept
    as written, so ``4,000`` in a note and ``4000`` in a value are two figures.
    """
    found: dict[str, list[str]] = {}
    for path, value in _leaves(convert.to_data(case), ()):
        if isinstance(value, bool):
            continue
        if isinstance(value, (int, float)):
            tokens = [_number_text(value)]
        elif isinstance(value, str):
            tokens = FIGURE.findall(_ADDRESS.sub(" ", value))
        else:
            continue
        where = pointer(path)
        for token in tokens:
            places = found.setdefault(token, [])
            if where not in places:
                places.append(where)
    return {token: tuple(places) for token, places in sorted(found.items())}


def assert_figures(case: CaseStudy, expected: Collection[str]) -> None:
    """Check that the figures in the case study are exactly *expected*.

    Pass every figure the site's tests have checked against a source (a mapping from figure
    to the source it comes from reads best): a figure added or changed in the data, or one
    that is no longer there, fails the test until the list is reviewed.

    :param expected: the figures, written as :func:`figures` returns them.
    :raises AssertionError: naming each unexpected figure with its places, and each stale one.
    """
    found = figures(case)
    problems = [
        f"{token!r} is not pinned (at {', '.join(found[token])})"
        for token in sorted(set(found) - set(expected))
    ]
    problems += [
        f"{token!r} is pinned but not in the data" for token in sorted(set(expected) - set(found))
    ]
    _fail("figures not accounted for", problems)


def _number_text(value: float) -> str:
    """Write a number field as a reader would: ``33`` for ``33.0``, never in exponent form."""
    if isinstance(value, int) or value.is_integer():
        return str(int(value))
    return format(Decimal(repr(value)), "f")


def _leaves(node: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """Yield ``(path, value)`` for every scalar of JSON data, skipping :data:`NOT_FIGURES`."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in NOT_FIGURES:
                yield from _leaves(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _leaves(value, (*path, index))
    else:
        yield path, node


def _fail(title: str, lines: list[str]) -> None:
    """Raise an :class:`AssertionError` listing *lines*, if there are any."""
    if lines:
        raise _error(title, lines)


def _error(title: str, lines: list[str]) -> AssertionError:
    """Return an :class:`AssertionError` that lists *lines* under *title*, one a line."""
    body = "\n".join(lines)
    return AssertionError(f"{title}:\n{body}")
