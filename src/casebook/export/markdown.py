"""The files of the ``markdown`` export: a page per site, and an index with the comparisons.

CommonMark with GFM tables, so the pages render on GitHub and in MkDocs. Every piece of
case-study text goes through :func:`casebook.export.escaping.escape_text`, so it renders as the text
it is and cannot add markup, links, HTML or table cells of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from casebook.comparison import LEGEND, OTHER_ORIGINS_NOTE, compare
from casebook.export.common import OVERVIEW_HEADERS, named_gaps, overview_cells, scope_sentence
from casebook.export.escaping import escape_part, escape_text, link_target
from casebook.export.pages import (
    AreaRef,
    Block,
    Bullets,
    Cite,
    Entry,
    Para,
    Section,
    Table,
    area_titles,
    case_page,
)

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


def site_page(case: CaseStudy, areas: Mapping[str, str] | None = None) -> str:
    """Return the Markdown page of one case study: its :func:`~casebook.export.pages.case_page`.

    :param areas: framework area titles by reference, as :func:`~casebook.export.pages.area_titles`
        gives them.
    """
    page = case_page(case, areas)
    lines = [f"# {e(page.title)}", ""]
    for block in page.intro:
        lines += _block(block)
    for section in page.sections:
        lines += _section(section, 2)
    return "\n".join(lines).rstrip("\n") + "\n"


def _section(section: Section, level: int) -> list[str]:
    lines = [f"{'#' * level} {e(section.title)}", ""]
    for block in section.blocks:
        lines += _block(block, level + 1)
    for sub in section.subsections:
        lines += _section(sub, level + 1)
    return lines


def _block(block: Block, level: int = 2) -> list[str]:
    if isinstance(block, Para):
        return [_inline(block), ""]
    if isinstance(block, Bullets):
        return [*(f"- {_inline(item)}" for item in block.items), ""]
    if isinstance(block, Table):
        lines = ["| " + " | ".join(e(h) for h in block.headers) + " |"]
        lines.append("|" + "---|" * len(block.headers))
        lines += ["| " + " | ".join(_inline(c) or " " for c in row) + " |" for row in block.rows]
        return [*lines, ""]
    if isinstance(block, Entry):
        lines = [f"{'#' * min(level, 6)} {e(block.title)}", ""]
        for inner in block.blocks:
            lines += _block(inner, level + 1)
        return lines
    return [f"{entry.number}. {_inline(entry.text)}" for entry in block.entries]


def _inline(para: Para) -> str:
    out = []
    for part in para.spaced:
        if isinstance(part, str):
            out.append(escape_part(part, e))
        elif isinstance(part, Cite):
            out.append(e(part.text()))
        elif isinstance(part, AreaRef):
            out.append(e(part.title))
        else:
            out.append(f"[{e(part.url)}](<{link_target(part.url)}>)")
    # A line must not start with white space: four spaces would make it code.
    return "".join(out).lstrip()


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
        cells = [
            (book[s].name, *(result.cell_text(s, a.id) for a in result.areas)) for s in result.sites
        ]
        lines += [*table(headers, cells), ""]
        lines += ["Gaps, counted on the vanguard's own work:", ""]
        lines += [f"- {e(sentence)}" for sentence in named_gaps(result, book)]
        lines += [*(f"  - {e(sentence)}" for sentence in result.flag_sentences(book)), ""]
    if book.frameworks:
        lines += ["## Legend", ""]
        lines += [f"- {e(value)}: {e(meaning)}" for value, meaning in LEGEND.items()]
        lines.append(f"- {e(OTHER_ORIGINS_NOTE)}")
    return "\n".join(lines).rstrip("\n") + "\n"


def files(book: Casebook) -> dict[str, bytes]:
    """Return ``index.md`` and ``sites/ID.md`` for each case study."""
    areas = area_titles(book.frameworks.values())
    found = {
        f"sites/{case_id}.md": site_page(case, areas).encode() for case_id, case in book.items()
    }
    found["index.md"] = index_page(book).encode()
    return found
