"""The page model: what a case-study page shows, section by section, defined once.

Markdown, reStructuredText, the Sphinx extension and ``casebook show`` all render the
:class:`Page` that :func:`case_page` builds, so they cannot drift apart: a field shown on pages
is added here once, and each output needs at most a small rendering function for new markup.
The model holds plain text only; each renderer escapes it for its own format. Four kinds of
inline content need more than text: :class:`Cite` (reference markers, numbered in the order
the sources are listed), :class:`AreaRef` (a framework area, a link where the output can make
one), :class:`Url` (an address) and plain strings. Codes never reach a reader: each enumerated
value is shown by its label from :mod:`casebook.vocabulary`, each area by its title. The inline
content and :class:`Para` are defined in :mod:`casebook.export.inline`, and importable from here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TypeAlias

import attrs

from casebook import vocabulary
from casebook.export.common import (
    EVALUATOR_LABELS,
    STATUS_HEADINGS,
    number,
)
from casebook.export.inline import AreaRef, Cite, Inline, Para, Url
from casebook.model import (
    STATUS_ORDER,
    CaseStudy,
    Discrepancy,
    Framework,
    Initiative,
    Outcome,
    Source,
)

__all__ = [
    "OUTCOME_HEADERS",
    "AreaRef",
    "Block",
    "Bullets",
    "Cite",
    "Entry",
    "Inline",
    "Page",
    "Para",
    "Section",
    "SourceEntry",
    "SourceList",
    "Table",
    "Url",
    "area_titles",
    "case_page",
    "page_text",
]


@attrs.frozen
class Bullets:
    """A list of paragraphs."""

    items: tuple[Para, ...]


@attrs.frozen
class Table:
    """A table of paragraphs under text headers; every row has a cell per header."""

    headers: tuple[str, ...]
    rows: tuple[tuple[Para, ...], ...]


@attrs.frozen
class Entry:
    """A titled item within a section (an initiative), not itself a section."""

    title: str
    blocks: tuple[Block, ...]


@attrs.frozen
class SourceEntry:
    """One numbered entry of the references: the anchor of the markers that cite it."""

    number: int
    source_id: str
    text: Para


@attrs.frozen
class SourceList:
    """The numbered list of a page's sources."""

    entries: tuple[SourceEntry, ...]


Block: TypeAlias = Para | Bullets | Table | Entry | SourceList


@attrs.frozen
class Section:
    """A titled part of a page; *key* is unique within the page (for anchors)."""

    title: str
    key: str
    blocks: tuple[Block, ...] = ()
    subsections: tuple[Section, ...] = ()


@attrs.frozen
class Page:
    """A case study's page: a title, an introduction, then its sections in order."""

    title: str
    case_id: str
    intro: tuple[Block, ...]
    sections: tuple[Section, ...]


#: Headers of the outcomes table, with the sources' markers last.
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
    "Initiative",
    "Sources",
)


def area_titles(frameworks: Iterable[Framework]) -> dict[str, str]:
    """Return the title of every area of *frameworks*, by its ``FRAMEWORK/AREA`` reference."""
    return {f"{fw.id}/{area.id}": area.title for fw in frameworks for area in fw.areas}


def case_page(case: CaseStudy, areas: Mapping[str, str] | None = None) -> Page:
    """Return the page of *case*: every field it records, in the order readers expect.

    :param areas: framework area titles by reference (:func:`area_titles`); an area missing
        from it is shown by its reference.
    """
    cite = _Citer(case)
    intro: list[Block] = []
    if case.aliases:
        intro.append(Para(("Also known as: " + "; ".join(case.aliases),)))
    intro.append(Table(("Field", "Value"), tuple(_profile(case, cite))))
    summary = Para((case.summary.text, cite(case.summary.cites)))
    sections = [Section("Summary", "summary", (summary,))]
    if case.organisations:
        rows = tuple(
            _cells(
                o.name,
                vocabulary.ROLE_TERMS[o.role].label,
                vocabulary.SECTOR_TERMS[o.sector].label,
                o.description or "-",
                "; ".join(o.other_names) or "-",
                cite(o.cites),
            )
            for o in case.organisations
        )
        headers = ("Organisation", "Role", "Sector", "What it does", "Other names", "Sources")
        sections.append(Section("Organisations", "organisations", (Table(headers, rows),)))
    if case.aims:
        aims = tuple(
            Para((a.text, " (mental health aim)" if a.mental_health else "", cite(a.cites)))
            for a in case.aims
        )
        sections.append(Section("Aims", "aims", (Bullets(aims),)))
    if case.initiatives:
        initiatives = _initiatives(case, cite, areas or {})
        sections.append(Section("Initiatives", "initiatives", subsections=initiatives))
    if case.outcomes:
        sections.append(Section("Outcomes", "outcomes", tuple(_outcomes(case, cite))))
    if case.challenges:
        items = tuple(Para((c.text, cite(c.cites))) for c in case.challenges)
        sections.append(Section("Challenges", "challenges", (Bullets(items),)))
    if case.discrepancies:
        items = tuple(_discrepancy(d, case, cite) for d in case.discrepancies)
        sections.append(Section("Where the sources disagree", "discrepancies", (Bullets(items),)))
    references = SourceList(
        tuple(SourceEntry(n, s.id, _source(s)) for n, s in enumerate(case.sources, 1))
    )
    sections.append(Section("References", "references", (references,)))
    return Page(case.name, case.id, tuple(intro), tuple(sections))


#: The tuple's constructor, which makes the inline records without a call of their own
#: ``__new__``: a page makes dozens.
_new_tuple = tuple.__new__


class _Citer:
    """Make the :class:`Cite` of a list of source ids, numbered in the order sources are listed."""

    def __init__(self, case: CaseStudy) -> None:
        self._number = {source.id: n for n, source in enumerate(case.sources, 1)}

    def __call__(self, cites: Iterable[str]) -> Cite:
        ids = tuple(cites)
        return _new_tuple(Cite, (ids, tuple(map(self._number.__getitem__, ids))))


def _cells(*cells: Inline) -> tuple[Para, ...]:
    return tuple([Para((cell,)) for cell in cells])


def _profile(case: CaseStudy, cite: _Citer) -> Iterable[tuple[Para, ...]]:
    programme = case.programme
    label = vocabulary.PROGRAMME_TERMS[programme.type].label
    yield (Para(("Programme",)), Para((label, cite(programme.cites))))
    if programme.selected:
        yield _cells("Became a vanguard", programme.selected)
    place = case.place.name + (f", {case.place.region}" if case.place.region else "")
    yield (Para(("Place",)), Para((place, cite(case.place.cites))))
    if case.population:
        pop = case.population
        what = f", {pop.description}" if pop.description else ""
        as_of = f" (as of {pop.as_of})" if pop.as_of else ""
        value = Para((f"{number(pop.count)}{what}{as_of}", cite(pop.cites)))
        yield (Para(("Population",)), value)
    yield _cells("Last reviewed", case.last_reviewed)


def _initiatives(case: CaseStudy, cite: _Citer, areas: Mapping[str, str]) -> tuple[Section, ...]:
    groups = []
    for status in reversed(STATUS_ORDER):
        members = [i for i in case.initiatives if i.status == status]
        if members:
            entries = tuple(_initiative(i, cite, areas) for i in members)
            groups.append(Section(STATUS_HEADINGS[status], f"status-{status}", entries))
    return tuple(groups)


def _initiative(initiative: Initiative, cite: _Citer, titles: Mapping[str, str]) -> Entry:
    origin = f"Origin: {vocabulary.ORIGIN_LABELS[initiative.origin]}"
    if initiative.origin_note:
        origin += f". {initiative.origin_note}"
    facts = [Para((origin,))]
    settings = vocabulary.labels(vocabulary.SETTING_TERMS, initiative.settings) or "not stated"
    facts.append(Para((f"Settings: {settings}",)))
    if initiative.areas:
        areas: list[Inline] = ["Framework areas: "]
        for n, area in enumerate(initiative.areas):
            areas += [", "] if n else []
            areas.append(_new_tuple(AreaRef, (area, titles.get(area, area))))
        facts.append(Para(tuple(areas)))
    if initiative.started:
        facts.append(Para((f"Started: {initiative.started}",)))
    description = Para((initiative.description, cite(initiative.cites)))
    return Entry(initiative.title, (description, Bullets(tuple(facts))))


def _outcomes(case: CaseStudy, cite: _Citer) -> Iterable[Block]:
    yield Table(OUTCOME_HEADERS, tuple(_outcome_row(case, o, cite) for o in case.outcomes))
    notes = tuple(Para((f"{o.measure}: {o.note}",)) for o in case.outcomes if o.note)
    if notes:
        yield Bullets(notes)


def _outcome_row(case: CaseStudy, outcome: Outcome, cite: _Citer) -> tuple[Para, ...]:
    baseline = number(outcome.baseline) if outcome.baseline is not None else "-"
    produced = EVALUATOR_LABELS[outcome.evaluated_by] if outcome.evaluated_by else "not stated"
    work = case.initiative(outcome.initiative).title if outcome.initiative else "-"
    return _cells(
        outcome.measure,
        number(outcome.value),
        outcome.unit,
        vocabulary.DIRECTION_TERMS[outcome.direction].label if outcome.direction else "-",
        outcome.period or "-",
        baseline,
        vocabulary.BASIS_LABELS[outcome.basis],
        produced,
        vocabulary.CONFIDENCE_TERMS[outcome.confidence].label,
        work,
        cite(outcome.cites),
    )


def _discrepancy(discrepancy: Discrepancy, case: CaseStudy, cite: _Citer) -> Para:
    subject = discrepancy.subject
    if discrepancy.initiative:
        subject += f" ({case.initiative(discrepancy.initiative).title})"
    parts: list[Inline] = [f"{subject}: "]
    for n, claim in enumerate(discrepancy.claims):
        parts += ["; " if n else "", claim.value, cite(claim.cites)]
    if discrepancy.note:
        parts.append(f". {discrepancy.note}")
    return Para(tuple(parts))


def _source(source: Source) -> Para:
    words = [source.title]
    if source.authors:
        words.append(", ".join(source.authors))
    words += [w for w in (source.publisher, source.date) if w]
    parts: list[Inline] = [
        ". ".join(words) + f" ({vocabulary.SOURCE_KIND_TERMS[source.kind].label})"
    ]
    if source.url:
        parts += [". ", _new_tuple(Url, (source.url,))]
    if source.note:
        parts.append(f". {source.note}")
    return Para(tuple(parts))


def page_text(page: Page) -> Iterable[str]:
    """Yield every text of *page* in order, markers as ``[1]``: what each output must show."""
    return _texts(page.title, page.intro, page.sections)


def _texts(title: str, blocks: Iterable[Block], sections: Iterable[Section]) -> Iterator[str]:
    yield title
    for block in blocks:
        yield from _block_text(block)
    for section in sections:
        yield from _texts(section.title, section.blocks, section.subsections)


def _block_text(block: Block) -> Iterable[str]:
    if isinstance(block, Para):
        yield block.text()
    elif isinstance(block, Bullets):
        yield from (item.text() for item in block.items)
    elif isinstance(block, Table):
        yield from block.headers
        yield from (cell.text() for row in block.rows for cell in row)
    elif isinstance(block, Entry):
        yield block.title
        for inner in block.blocks:
            yield from _block_text(inner)
    else:
        yield from (entry.text.text() for entry in block.entries)
