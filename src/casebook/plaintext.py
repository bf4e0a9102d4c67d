"""The plain-text write-up of a case study that ``casebook show`` prints.

It shows every field the case study records, caveats included (an outcome's basis, who produced
it, its baseline, period and note; an initiative's description, origin and framework areas), so
a reader at a terminal sees everything the other outputs show. Each fact carries numbered
references to the sources listed at the end. Text is the data's own: white space is folded and
long lines are wrapped, nothing else changes.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from casebook.exporters.common import number
from casebook.model import Aim, CaseStudy, Discrepancy, Initiative, Organisation, Outcome, Source
from casebook.vocabulary import BASIS_LABELS, ORIGIN_LABELS

WIDTH = 100


def describe(case: CaseStudy) -> list[str]:
    """Return the write-up of *case* as lines, with numbered references to its sources."""
    refs = _References(case)
    lines = [*_profile(case, refs), "", "Summary:"]
    lines += _wrap(f"{case.summary.text} {refs(case.summary.cites)}", 2)
    sections = (
        ("Organisations", [line for o in case.organisations for line in _organisation(o, refs)]),
        ("Aims", [line for aim in case.aims for line in _aim(aim, refs)]),
        ("Initiatives", [line for i in case.initiatives for line in _initiative(i, refs)]),
        ("Outcomes", [line for o in case.outcomes for line in _outcome(case, o, refs)]),
        (
            "Challenges",
            [line for c in case.challenges for line in _wrap(f"- {c.text} {refs(c.cites)}", 2)],
        ),
        (
            "Where sources disagree",
            [line for d in case.discrepancies for line in _discrepancy(d, refs)],
        ),
        ("Sources", [line for n, s in enumerate(case.sources, 1) for line in _source(s, n)]),
    )
    for title, body in sections:
        if body:
            lines += ["", f"{title}:", *body]
    return lines


class _References:
    """Number a case study's sources in their order, for ``[1, 2]`` markers."""

    def __init__(self, case: CaseStudy) -> None:
        self._number = {source.id: n for n, source in enumerate(case.sources, 1)}

    def __call__(self, cites: Iterable[str]) -> str:
        return "[" + ", ".join(str(self._number[c]) for c in cites) + "]"


def _profile(case: CaseStudy, refs: _References) -> list[str]:
    lines = [_one_line(f"{case.name} ({case.id})")]
    if case.aliases:
        lines += _wrap("Also known as: " + "; ".join(case.aliases))
    programme = case.programme
    selected = f", selected {programme.selected}" if programme.selected else ""
    lines += _wrap(f"Programme: {programme.type}{selected} {refs(programme.cites)}")
    region = f", {case.place.region}" if case.place.region else ""
    lines += _wrap(f"Place: {case.place.name}{region} {refs(case.place.cites)}")
    if case.population:
        pop = case.population
        as_of = f" (as of {pop.as_of})" if pop.as_of else ""
        lines += _wrap(f"Population: {number(pop.count)}{as_of} {refs(pop.cites)}")
        if pop.description:
            lines += _wrap(pop.description, 2)
    lines.append(f"Last reviewed: {case.last_reviewed}")
    return lines


def _organisation(org: Organisation, refs: _References) -> list[str]:
    lines = _wrap(f"- {org.name} ({org.role}, {org.sector}) {refs(org.cites)}", 2)
    if org.other_names:
        lines += _wrap("Also known as: " + "; ".join(org.other_names), 4)
    if org.description:
        lines += _wrap(org.description, 4)
    return lines


def _aim(aim: Aim, refs: _References) -> list[str]:
    marker = " (mental health)" if aim.mental_health else ""
    return _wrap(f"- {aim.text}{marker} {refs(aim.cites)}", 2)


def _discrepancy(discrepancy: Discrepancy, refs: _References) -> list[str]:
    about = f" (initiative {discrepancy.initiative})" if discrepancy.initiative else ""
    lines = _wrap(f"- {discrepancy.subject}{about}:", 2)
    for claim in discrepancy.claims:
        lines += _wrap(f"{claim.value} {refs(claim.cites)}", 4)
    if discrepancy.note:
        lines += _wrap(f"Note: {discrepancy.note}", 4)
    return lines


def _initiative(initiative: Initiative, refs: _References) -> list[str]:
    settings = ", ".join(initiative.settings) or "setting not stated"
    status = f"[{initiative.status}; {settings}]"
    head = f"- {initiative.title} ({initiative.id}) {status} {refs(initiative.cites)}"
    lines = [*_wrap(head, 2), *_wrap(initiative.description, 4)]
    origin = f"Origin: {ORIGIN_LABELS[initiative.origin]}"
    lines += _wrap(f"{origin}. {initiative.origin_note}" if initiative.origin_note else origin, 4)
    if initiative.areas:
        lines += _wrap("Framework areas: " + ", ".join(initiative.areas), 4)
    if initiative.started:
        lines += _wrap(f"Started: {initiative.started}", 4)
    return lines


def _outcome(case: CaseStudy, outcome: Outcome, refs: _References) -> list[str]:
    details: list[str] = [outcome.direction] if outcome.direction else []
    details += [f"basis: {BASIS_LABELS[outcome.basis]}", f"confidence {outcome.confidence}"]
    value = f"{number(outcome.value)} {outcome.unit}"
    head = (
        f"- {outcome.measure} ({outcome.id}): {value} ({'; '.join(details)}) {refs(outcome.cites)}"
    )
    lines = _wrap(head, 2)
    if outcome.baseline is not None:
        lines += _wrap(f"Baseline: {number(outcome.baseline)} {outcome.unit}", 4)
    if outcome.period:
        lines += _wrap(f"Period: {outcome.period}", 4)
    produced = outcome.evaluated_by or "not stated in the sources"
    lines += _wrap(f"Produced by: {produced}", 4)
    if outcome.initiative:
        title = case.initiative(outcome.initiative).title
        lines += _wrap(f"Initiative: {title} ({outcome.initiative})", 4)
    if outcome.note:
        lines += _wrap(f"Note: {outcome.note}", 4)
    return lines


def _source(source: Source, index: int) -> list[str]:
    parts = [source.title]
    if source.authors:
        parts.append(", ".join(source.authors))
    parts += [p for p in (source.publisher, source.date, source.url) if p]
    lines = _wrap(f"[{index}] " + ". ".join(parts) + f" ({source.kind}; id {source.id})", 2)
    if source.note:
        lines += _wrap(f"Note: {source.note}", 6)
    return lines


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _wrap(text: str, indent: int = 0) -> list[str]:
    """Return *text* with white space folded, wrapped at :data:`WIDTH` under *indent* spaces.

    Long words (addresses) and hyphenated words are never broken, so each comes out whole.
    """
    pad = " " * indent
    return textwrap.wrap(
        _one_line(text),
        WIDTH,
        initial_indent=pad,
        subsequent_indent=pad + ("  " if text.startswith("- ") else ""),
        break_long_words=False,
        break_on_hyphens=False,
    ) or [pad]
