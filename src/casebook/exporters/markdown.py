"""Built-in exporter ``markdown``: a readable page per site and an index with the comparisons.

CommonMark with GFM tables, so the pages render on GitHub and in MkDocs. Every piece of
case-study text goes through :func:`casebook.escaping.escape_text`, so it renders as the text
it is and cannot add markup, links, HTML or table cells of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar

from casebook.comparison import LEGEND, OTHER_ORIGINS_NOTE, compare
from casebook.escaping import escape_text, link_target
from casebook.exporters.common import (
    OUTCOME_HEADERS,
    OVERVIEW_HEADERS,
    References,
    by_status,
    initiative_facts,
    outcome_cells,
    overview_cells,
    profile_rows,
    scope_sentence,
    source_parts,
)
from casebook.hookspecs import hookimpl

if TYPE_CHECKING:
    from casebook.book import Casebook
    from casebook.model import CaseStudy

e = escape_text


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """Return a GFM table; headers and cells are plain text and are escaped here."""
    lines = ["| " + " | ".join(e(h) for h in headers) + " |"]
    lines.append("|" + "---|" * len(headers))
    lines += ["| " + " | ".join(e(c) if c else " " for c in row) + " |" for row in rows]
    return lines


def site_page(case: CaseStudy) -> str:
    """Return the Markdown page of one case study."""
    refs = References(case)

    def cited(text: str, cites: Iterable[str]) -> str:
        return f"{e(text)} {e(refs.marker(cites))}"

    lines = [f"# {e(case.name)}", ""]
    if case.aliases:
        lines += ["Also known as: " + "; ".join(e(a) for a in case.aliases), ""]
    lines += [*table(("Field", "Value"), profile_rows(case, refs)), ""]
    lines += ["## Summary", "", cited(case.summary.text, case.summary.cites), ""]
    if case.organisations:
        rows = [
            (o.name, o.role, o.sector, o.description or "", refs.marker(o.cites))
            for o in case.organisations
        ]
        headers = ("Organisation", "Role", "Sector", "What it does", "Sources")
        lines += ["## Organisations", "", *table(headers, rows), ""]
    if case.aims:
        lines += ["## Aims", "", *(f"- {cited(a.text, a.cites)}" for a in case.aims), ""]
    if case.initiatives:
        lines += ["## Initiatives", ""]
        for group, initiatives in by_status(case):
            lines += [f"### {e(group)}", ""]
            for i in initiatives:
                lines += [f"#### {e(i.title)}", "", cited(i.description, i.cites), ""]
                lines += [*(f"- {e(fact)}" for fact in initiative_facts(i)), ""]
    if case.outcomes:
        outcome_rows = [(*outcome_cells(o), refs.marker(o.cites)) for o in case.outcomes]
        lines += ["## Outcomes", "", *table((*OUTCOME_HEADERS, "Sources"), outcome_rows), ""]
        notes = [f"- {e(o.measure)}: {e(o.note)}" for o in case.outcomes if o.note]
        lines += [*notes, ""] if notes else []
    if case.challenges:
        lines += ["## Challenges", ""]
        lines += [*(f"- {cited(c.text, c.cites)}" for c in case.challenges), ""]
    if case.discrepancies:
        lines += ["## Where the sources disagree", ""]
        for d in case.discrepancies:
            claims = "; ".join(cited(c.value, c.cites) for c in d.claims)
            note = f" {e(d.note)}" if d.note else ""
            lines.append(f"- {e(d.subject)}: {claims}.{note}")
        lines.append("")
    lines += ["## References", "", *reference_lines(refs)]
    return "\n".join(lines) + "\n"


def reference_lines(refs: References) -> list[str]:
    """Return the numbered list of sources, each with its link."""
    lines = []
    for n, source in enumerate(refs.sources, 1):
        entry = ". ".join(e(p) for p in source_parts(source))
        if source.url:
            entry += f". [{e(source.url)}](<{link_target(source.url)}>)"
        if source.note:
            entry += f" ({e(source.note)})"
        lines.append(f"{n}. {entry}")
    return lines


def index_page(book: Casebook) -> str:
    """Return the index: a table of the sites and each framework's comparison matrix."""
    lines = ["# Case studies", ""]
    header = ("Site", *OVERVIEW_HEADERS)
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for c in book.values():
        row = (f"[{e(c.name)}](sites/{c.id}.md)", *(e(x) for x in overview_cells(c)))
        lines.append("| " + " | ".join(row) + " |")
    lines.append("")
    for framework_id in book.frameworks:
        result = compare(book, framework_id)
        lines += [f"## {e(result.framework.title)}", "", e(result.framework.description), ""]
        scope = scope_sentence(result.framework, book)
        lines += [e(scope), ""] if scope else []
        headers = ("Site", *(a.title for a in result.areas))
        cells = [(s, *(result.cell_text(s, a.id) for a in result.areas)) for s in result.sites]
        lines += [*table(headers, cells), ""]
        lines += ["Gaps, counted on the vanguard's own work:", ""]
        lines += [f"- {e(sentence)}" for sentence in result.gap_sentences()]
        lines += [*(f"  - {e(sentence)}" for sentence in result.flag_sentences(book)), ""]
    if book.frameworks:
        lines += ["## Legend", ""]
        lines += [f"- {e(value)}: {e(meaning)}" for value, meaning in LEGEND.items()]
        lines.append(f"- {e(OTHER_ORIGINS_NOTE)}")
    return "\n".join(lines).rstrip("\n") + "\n"


class MarkdownExporter:
    """Write a Markdown page per case study and an index with the comparison matrices."""

    name: ClassVar[str] = "markdown"
    description: ClassVar[str] = "CommonMark pages with GFM tables: one per site, and an index"

    def export(self, book: Casebook) -> Mapping[str, bytes]:
        """Return ``index.md`` and ``sites/ID.md`` for each case study."""
        files = {f"sites/{case_id}.md": site_page(case).encode() for case_id, case in book.items()}
        files["index.md"] = index_page(book).encode()
        return files


@hookimpl
def casebook_exporters() -> list[type[MarkdownExporter]]:
    """Contribute the ``markdown`` exporter."""
    return [MarkdownExporter]
