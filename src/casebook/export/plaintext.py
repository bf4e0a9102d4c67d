"""The plain-text write-up of a case study that ``casebook show`` prints.

It renders the same :func:`~casebook.export.pages.case_page` as every other output, so a reader at a
terminal sees every field the pages show, caveats included (an outcome's basis, who produced
it, its baseline, period and note; an initiative's description, origin and framework areas).
Each fact carries numbered references to the sources listed at the end. Text is the data's own:
white space is folded and long lines are wrapped, nothing else changes.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

from casebook.export.pages import Block, Bullets, Entry, Para, Section, Table, case_page
from casebook.model import CaseStudy

WIDTH = 100


def describe(case: CaseStudy, areas: Mapping[str, str] | None = None) -> list[str]:
    """Return the write-up of *case* as lines, with numbered references to its sources.

    :param areas: framework area titles by reference, as
        :func:`~casebook.export.pages.area_titles` gives them.
    """
    page = case_page(case, areas)
    lines = [_one_line(f"{page.title} ({page.case_id})")]
    for block in page.intro:
        lines += _block(block, 0)
    for section in page.sections:
        lines += _section(section, 0)
    return lines


def _section(section: Section, indent: int) -> list[str]:
    lines = ["", " " * indent + f"{section.title}:"]
    for block in section.blocks:
        lines += _block(block, indent + 2)
    for sub in section.subsections:
        lines += _section(sub, indent + 2)
    return lines


def _block(block: Block, indent: int) -> list[str]:
    if isinstance(block, Para):
        return _wrap(block.text(), indent)
    if isinstance(block, Bullets):
        return [line for item in block.items for line in _wrap(f"- {item.text()}", indent)]
    if isinstance(block, Table):
        return _table(block, indent)
    if isinstance(block, Entry):
        lines = _wrap(f"- {block.title}", indent)
        for inner in block.blocks:
            lines += _block(inner, indent + 2)
        return lines
    return [line for e in block.entries for line in _wrap(f"[{e.number}] {e.text.text()}", indent)]


def _table(table: Table, indent: int) -> list[str]:
    """Return a table as text: ``Field: value`` lines, or per row its first cell and the rest."""
    if table.headers == ("Field", "Value"):
        return [
            line
            for key, value in table.rows
            for line in _wrap(f"{key.text()}: {value.text()}", indent)
        ]
    lines = []
    for first, *rest in table.rows:
        lines += _wrap(f"- {first.text()}", indent)
        for header, cell in zip(table.headers[1:], rest, strict=True):
            if cell.text() != "-":
                lines += _wrap(f"{header}: {cell.text()}", indent + 2)
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
