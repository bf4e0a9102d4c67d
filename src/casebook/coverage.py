"""Evidence coverage: which parts of the format each record fills, and where evidence is thin.

Two views, both worked out here once for the command line, the ``sphinx`` export and the Sphinx
extension:

- for each site, each :data:`PARTS` entry: whether the record holds that kind of fact
  (a population, a lead organisation, outcomes measured, outcomes estimated, baselines, periods,
  evaluators, mental-health initiatives of each status), and how many of its items hold it;
- for each framework area, which sites in the framework's scope have any, implemented and
  evaluated evidence of the vanguard's own work there, counted as a comparison counts it (origin
  ``vanguard`` only; see ``casebook.comparison``).

A part the record does not hold is *absent*: shown as :data:`ABSENT`, "not in the sources
read", and in JSON as ``null``, never as a zero. casebook records only what its sources say, so
an empty field says nothing about the site, only about the sources read.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from casebook.comparison import Comparison, compare_all
from casebook.model import (
    MEASURED,
    STATUS_ORDER,
    VANGUARD,
    CaseStudy,
    Framework,
    FrameworkArea,
)

if TYPE_CHECKING:
    from casebook.book import Casebook

#: How an absent part or an empty count is shown.
ABSENT = "not in the sources read"
#: How a framework area's counts are counted, for every output.
COUNTED = "the vanguard's own work only (origin vanguard), of the sites in the framework's scope"
#: The parts of a record that coverage looks at: ``(key, label)``, in the order shown.
PARTS: tuple[tuple[str, str], ...] = (
    ("population", "Population"),
    ("lead-organisation", "Lead organisation"),
    ("outcomes-measured", "Outcomes measured"),
    ("outcomes-estimated", "Outcomes estimated or projected"),
    ("baselines", "Outcomes with a baseline"),
    ("periods", "Outcomes with a period"),
    ("evaluators", "Outcomes with an evaluator"),
    *((f"mental-health-{s}", f"Mental-health initiatives, {s}") for s in STATUS_ORDER),
)
#: The levels of a framework area's counts: at least planned, at least running, evaluated.
LEVELS: dict[str, str] = {
    "any": "any evidence (planned, implemented or evaluated)",
    "implemented": "implemented or evaluated (a source says it is running)",
    "evaluated": "evaluated (a source reports a measured outcome)",
}
_AT_LEAST = {"any": STATUS_ORDER, "implemented": STATUS_ORDER[1:], "evaluated": STATUS_ORDER[2:]}


@attrs.frozen
class Part:
    """One part of one site's record: whether it holds data, and how much.

    ``count`` is how many of the record's items hold the part (``None`` when absent), ``of``
    how many items could (the outcomes, or the mental-health initiatives), where that applies.
    """

    key: str
    label: str
    present: bool
    detail: str = ""
    count: int | None = None
    of: int | None = None

    @property
    def text(self) -> str:
        """Return what a reader sees: the detail, or :data:`ABSENT`."""
        return self.detail if self.present else ABSENT

    def to_data(self) -> dict[str, Any]:
        """Return the part as JSON data; an absent part's numbers are ``null``."""
        return {
            "present": self.present,
            "count": self.count if self.present else None,
            "of": self.of if self.present else None,
            "text": self.text,
        }


@attrs.frozen
class SiteCoverage:
    """The parts one site's record holds, in the order of :data:`PARTS`."""

    site: str
    name: str
    parts: tuple[Part, ...]

    def part(self, key: str) -> Part:
        """Return the part with *key*; raise :class:`KeyError` if there is none."""
        for part in self.parts:
            if part.key == key:
                return part
        raise KeyError(key)


@attrs.frozen
class AreaCoverage:
    """Which sites in scope have the vanguard's own evidence in one framework area."""

    area: FrameworkArea
    #: The sites the framework applies to.
    in_scope: tuple[str, ...]
    #: The sites at each of :data:`LEVELS`, by level.
    sites: dict[str, tuple[str, ...]]

    def text(self, level: str) -> str:
        """Return the count at *level* as ``N of M``, or :data:`ABSENT` if no site has it."""
        if not self.in_scope:
            return "no installed site in scope"
        found = len(self.sites[level])
        return f"{found} of {len(self.in_scope)}" if found else ABSENT

    def to_data(self) -> dict[str, Any]:
        """Return the area as JSON data: the sites (ids) in scope and at each level."""
        return {
            "id": self.area.id,
            "title": self.area.title,
            "in_scope": list(self.in_scope),
            **{level: list(self.sites[level]) for level in LEVELS},
        }


@attrs.frozen
class FrameworkCoverage:
    """One framework's areas, each with the sites that have evidence there."""

    framework: Framework
    areas: tuple[AreaCoverage, ...]


@attrs.frozen
class Coverage:
    """The coverage of a whole casebook: every site's parts and every framework's areas."""

    sites: tuple[SiteCoverage, ...]
    frameworks: tuple[FrameworkCoverage, ...]

    def to_data(self) -> dict[str, Any]:
        """Return the coverage as JSON data, for ``casebook coverage --format json``."""
        return {
            "absent": ABSENT,
            "parts": [{"key": key, "label": label} for key, label in PARTS],
            "sites": {
                site.site: {
                    "name": site.name,
                    "parts": {part.key: part.to_data() for part in site.parts},
                }
                for site in self.sites
            },
            "frameworks": {
                fw.framework.id: {
                    "title": fw.framework.title,
                    "counted": COUNTED,
                    "levels": dict(LEVELS),
                    "areas": [area.to_data() for area in fw.areas],
                }
                for fw in self.frameworks
            },
        }


def coverage(
    book: Casebook, compared: Callable[[Casebook, str], Comparison] | None = None
) -> Coverage:
    """Return the coverage of every case study and framework area in *book*.

    :param compared: returns the comparison of *book* against a framework, if the caller keeps
        them (any view: only the vanguard's own status of each cell is used).
    """
    areas = frozenset(ref for fw in book.frameworks.values() for ref in fw.mental_health_areas())
    sites = tuple(site_coverage(case, areas) for case in book.values())
    if compared is None:
        comparisons = list(compare_all(book).values())
    else:
        comparisons = [compared(book, fw_id) for fw_id in book.frameworks]
    return Coverage(sites, tuple(framework_coverage(result) for result in comparisons))


def site_coverage(case: CaseStudy, mental_health_areas: Collection[str]) -> SiteCoverage:
    """Return the parts of one record, given the areas that make work mental-health work."""
    parts = [_population(case), _leads(case)]
    outcomes = case.outcomes
    parts += [
        # Kept apart: only a measured outcome can make work "evaluated"; an estimate may give no
        # method at all (a pilot's figure scaled up, say).
        _share("outcomes-measured", outcomes, lambda o: o.basis == MEASURED),
        _share("outcomes-estimated", outcomes, lambda o: o.basis == "estimate"),
        _share("baselines", outcomes, lambda o: o.baseline is not None),
        _share("periods", outcomes, lambda o: o.period is not None),
        _share(
            "evaluators",
            outcomes,
            lambda o: o.evaluated_by is not None,
            lambda found: ", ".join(sorted({str(o.evaluated_by) for o in found})),
        ),
    ]
    work = [i for i in case.initiatives if i.is_mental_health_work(mental_health_areas)]
    for status in STATUS_ORDER:
        members = [i for i in work if i.status == status]
        own = sum(1 for i in members if i.origin == VANGUARD)
        detail = f"{len(members)} of {_counted_noun(len(work), 'mental-health initiative')}, "
        detail += f"{own or 'none'} of them the vanguard's own"
        parts.append(_counted(f"mental-health-{status}", len(members), len(work), detail))
    return SiteCoverage(case.id, case.name, tuple(parts))


def framework_coverage(result: Comparison) -> FrameworkCoverage:
    """Return, per area of a comparison's framework, the sites with the vanguard's own evidence."""
    framework = result.framework
    in_scope = tuple(site for site in result.sites if framework.applies_to(site))
    areas = []
    for area in framework.areas:
        levels = {site: result.cell(site, area.id).vanguard for site in in_scope}
        sites = {
            level: tuple(site for site in in_scope if levels[site] in _AT_LEAST[level])
            for level in LEVELS
        }
        areas.append(AreaCoverage(area, in_scope, sites))
    return FrameworkCoverage(framework, tuple(areas))


_LABELS = dict(PARTS)
T = TypeVar("T")


def _population(case: CaseStudy) -> Part:
    pop = case.population
    if pop is None:
        return Part("population", _LABELS["population"], present=False)
    as_of = f" (as of {pop.as_of})" if pop.as_of else ""
    return Part(
        "population", _LABELS["population"], present=True, detail=f"{pop.count:,}{as_of}", count=1
    )


def _leads(case: CaseStudy) -> Part:
    leads = [org.name for org in case.organisations if org.role == "lead"]
    return _counted("lead-organisation", len(leads), None, "; ".join(leads))


def _share(
    key: str,
    items: tuple[T, ...],
    holds: Callable[[T], bool],
    describe: Callable[[list[T]], str] | None = None,
) -> Part:
    """Return a part held by those *items* for which *holds* is true."""
    found = [item for item in items if holds(item)]
    detail = f"{len(found)} of {_counted_noun(len(items), 'outcome')}"
    if describe is not None and found:
        detail += f" ({describe(found)})"
    return _counted(key, len(found), len(items), detail)


def _counted_noun(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


def _counted(key: str, count: int, of: int | None, detail: str) -> Part:
    """Return a part present when *count* items hold it, absent when none does."""
    if not count:
        return Part(key, _LABELS[key], present=False)
    return Part(key, _LABELS[key], present=True, detail=detail, count=count, of=of)
