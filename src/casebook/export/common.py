"""What the document exporters share: numbered references and the rows of their tables.

The Markdown and reStructuredText exporters present the same facts in the same order; only the
markup differs. Keeping the selection and wording here means the two cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from casebook.model import STATUS_ORDER, CaseStudy, Framework, Initiative, Outcome, Source
from casebook.vocabulary import BASIS_LABELS, ORIGIN_LABELS

#: Headings for initiatives grouped by evidence status, strongest first.
STATUS_HEADINGS = {
    "evaluated": "Evaluated (a source reports a measured outcome)",
    "implemented": "Implemented (a source says it is running)",
    "planned": "Planned (an aim or plan in a source)",
}
EVALUATOR_LABELS = {
    "independent-evaluation": "independent evaluation",
    "commissioner": "commissioner's account",
    "provider": "provider's own report",
    "press": "press coverage",
}
OUTCOME_HEADERS = (
    "Measure",
    "Value",
    "Unit",
    "Direction",
    "Period",
    "Baseline",
    "Basis",
    "Produced by",
    "Confidence",
)


class References:
    """Number a case study's sources in the order they are listed, for ``[1, 2]`` markers."""

    def __init__(self, case: CaseStudy) -> None:
        self.sources: tuple[Source, ...] = case.sources
        self._number = {source.id: n for n, source in enumerate(case.sources, 1)}

    def numbers(self, cites: Iterable[str]) -> list[int]:
        """Return the reference numbers of *cites*, in citation order."""
        return [self._number[c] for c in cites]

    def marker(self, cites: Iterable[str]) -> str:
        """Return ``[1, 3]`` for *cites* (plain text; the caller escapes it)."""
        return "[" + ", ".join(map(str, self.numbers(cites))) + "]"


def by_status(case: CaseStudy) -> list[tuple[str, list[Initiative]]]:
    """Return ``(heading, initiatives)`` groups, strongest evidence first, empty groups left out."""
    groups = []
    for status in reversed(STATUS_ORDER):
        members = [i for i in case.initiatives if i.status == status]
        if members:
            groups.append((STATUS_HEADINGS[status], members))
    return groups


def number(value: float) -> str:
    """Return *value* as written for a reader: ``12.7``, ``450``, ``27,500,000``.

    Exactly the recorded value, with thousands separators, without a pointless ``.0`` and
    never in exponent form (``2.75e+07``), which readers of a page misread.
    """
    if isinstance(value, int) or (value.is_integer() and abs(value) < 1e16):
        return f"{int(value):,}"
    return format(Decimal(repr(value)), ",f")


#: Headers of the table of all sites, after the site's own cell.
OVERVIEW_HEADERS = ("Programme", "Place", "Initiatives")


def overview_cells(case: CaseStudy) -> tuple[str, str, str]:
    """Return a site's cells in the table of all sites, matching :data:`OVERVIEW_HEADERS`."""
    return (case.programme.type, case.place.name, str(len(case.initiatives)))


def outcome_cells(outcome: Outcome) -> tuple[str, ...]:
    """Return the cells of one outcome's table row, matching :data:`OUTCOME_HEADERS`."""
    return (
        outcome.measure,
        number(outcome.value),
        outcome.unit,
        outcome.direction or "-",
        outcome.period or "-",
        number(outcome.baseline) if outcome.baseline is not None else "-",
        BASIS_LABELS[outcome.basis],
        EVALUATOR_LABELS[outcome.evaluated_by] if outcome.evaluated_by else "not stated",
        outcome.confidence,
    )


def scope_sentence(framework: Framework, book: Mapping[str, CaseStudy]) -> str | None:
    """Return which sites a framework applies to and why, or ``None`` if it applies to all."""
    if framework.scope is None:
        return None
    names = (book[s].name if s in book else s for s in framework.scope.sites)
    return f"Applies only to: {', '.join(names)}. {framework.scope.note}"


def source_parts(source: Source) -> list[str]:
    """Return the parts of a reference entry: title, authors, publisher, date (plain text)."""
    parts = [source.title]
    if source.authors:
        parts.append(", ".join(source.authors))
    parts += [p for p in (source.publisher, source.date) if p]
    return parts


def profile_rows(case: CaseStudy, refs: References) -> list[tuple[str, str]]:
    """Return the ``(field, value)`` rows of a site's profile table (plain text)."""
    rows = [("Programme", f"{case.programme.type} {refs.marker(case.programme.cites)}")]
    if case.programme.selected:
        rows.append(("Became a vanguard", case.programme.selected))
    place = case.place.name + (f", {case.place.region}" if case.place.region else "")
    rows.append(("Place", f"{place} {refs.marker(case.place.cites)}"))
    if case.population:
        pop = case.population
        as_of = f" (as of {pop.as_of})" if pop.as_of else ""
        what = f", {pop.description}" if pop.description else ""
        rows.append(("Population", f"{pop.count:,}{what}{as_of} {refs.marker(pop.cites)}"))
    rows.append(("Last reviewed", case.last_reviewed))
    return rows


def initiative_facts(initiative: Initiative) -> list[str]:
    """Return the facts listed under an initiative: origin, settings, areas, start (plain text)."""
    facts = [f"Origin: {ORIGIN_LABELS[initiative.origin]}"]
    if initiative.origin_note:
        facts.append(initiative.origin_note)
    facts.append("Settings: " + (", ".join(initiative.settings) or "not stated"))
    if initiative.areas:
        facts.append("Framework areas: " + ", ".join(initiative.areas))
    if initiative.started:
        facts.append(f"Started: {initiative.started}")
    return facts


#: Above this many sites, indexes list groups of this many sites instead of every site.
GROUP_SIZE = 50


def site_groups(case_ids: list[str], size: int) -> list[tuple[str, list[str]]]:
    """Return ``(group page name, site ids)`` per group, or no groups for a short list.

    Sphinx's navigation lists a page's siblings on every page: in groups, that stays *size*
    entries however many sites there are, instead of growing with all of them.
    """
    if len(case_ids) <= size:
        return []
    return [
        (f"groups/{start // size + 1:04d}", case_ids[start : start + size])
        for start in range(0, len(case_ids), size)
    ]
