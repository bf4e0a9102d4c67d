"""The files of the ``markdown`` export: a page per site, and an index with the comparisons.

CommonMark with GFM tables, so the pages render on GitHub and in MkDocs. Every piece of
case-study text goes through :func:`casebook.export.escaping.escape_text`, told where it goes
(the start of a line, a heading, a table cell, or within a line), so it renders as the text it
is and cannot add markup, links, HTML or table cells of its own, while ordinary prose keeps no
backslashes. Reference markers ``[1, 3]`` link to their entries in the page's references, each
of which starts with an anchor of the exporter's own, ``<a id="Source-1"></a>``: no heading id
is ever capitalised (GitHub, MkDocs and pandoc make them lower case), and escaped text can
write no HTML, so nothing on the page can take an anchor's name.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from casebook.comparison import LEGEND, OTHER_ORIGINS_NOTE, compare_all
from casebook.export.common import OVERVIEW_HEADERS, named_gaps, overview_cells, scope_sentence
from casebook.export.escaping import (
    escape_part,
    markdown_escaper,
    markdown_link_target,
    plain_texts,
)
from casebook.export.pages import (
    AreaRef,
    Block,
    Bullets,
    Cite,
    Entry,
    Inline,
    Para,
    Section,
    SourceEntry,
    Table,
    Url,
    area_titles,
    case_page,
)

if TYPE_CHECKING:
    from casebook.book import Casebook
    from casebook.model import CaseStudy

#: Text placed within a line: after other content, never in a table or a heading.
e = markdown_escaper(line_start=False, table_cell=False, heading=False)
#: Text that starts a line or a list item.
line = markdown_escaper(line_start=True, table_cell=False, heading=False)
#: Text in a table cell.
cell = markdown_escaper(line_start=False, table_cell=True, heading=False)
#: The title of a heading.
heading = markdown_escaper(line_start=False, table_cell=False, heading=True)
#: The text of a link, which may be in a table cell.
link = markdown_escaper(line_start=False, table_cell=True, heading=False, link_text=True)


def source_anchor(number: int) -> str:
    """Return the anchor of the references entry *number*, which its markers link to."""
    return f"Source-{number}"


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """Return a GFM table; headers and cells are plain text and are escaped here.

    When no cell needs an escape (a comparison's matrix of site names and levels), the cells
    are written as they are, after one check of them all.
    """
    lines = ["| " + " | ".join(cell(h) for h in headers) + " |"]
    lines.append("|" + "---|" * len(headers))
    rows = list(rows)
    if plain_texts([text for row in rows for text in row], line_start=False):
        return lines + ["| " + " | ".join(row) + " |" for row in rows]
    lines += ["| " + " | ".join(cell(c) if c else " " for c in row) + " |" for row in rows]
    return lines


def site_page(case: CaseStudy, areas: Mapping[str, str] | None = None) -> str:
    """Return the Markdown page of one case study: its :func:`~casebook.export.pages.case_page`.

    :param areas: framework area titles by reference, as :func:`~casebook.export.pages.area_titles`
        gives them.
    """
    page = case_page(case, areas)
    lines = [f"# {heading(page.title)}", ""]
    for block in page.intro:
        lines += _block(block)
    for section in page.sections:
        lines += _section(section, 2)
    return "\n".join(lines).rstrip("\n") + "\n"


def _section(section: Section, level: int) -> list[str]:
    lines = [f"{'#' * level} {heading(section.title)}", ""]
    for block in section.blocks:
        lines += _block(block, level + 1)
    for sub in section.subsections:
        lines += _section(sub, level + 1)
    return lines


def _block(block: Block, level: int = 2) -> list[str]:
    if isinstance(block, Para):
        return [_inline(block), ""]
    if isinstance(block, Bullets):
        return [*("- " + item for item in _written(block.items, _inline, line_start=True)), ""]
    if isinstance(block, Table):
        lines = ["| " + " | ".join(cell(h) for h in block.headers) + " |"]
        lines.append("|" + "---|" * len(block.headers))
        return [*lines, *_rows(block), ""]
    if isinstance(block, Entry):
        lines = [f"{'#' * min(level, 6)} {heading(block.title)}", ""]
        for inner in block.blocks:
            lines += _block(inner, level + 1)
        return lines
    return _references(block.entries)


def _written(paras: Sequence[Para], full: Callable[[Para], str], *, line_start: bool) -> list[str]:
    """Return each of *paras* as *full* writes it: :func:`_inline` or :func:`_cell`.

    Most paragraphs are text (with area titles) and perhaps markers after it. When
    :func:`~casebook.export.escaping.plain_texts` finds that all those texts are written as
    they are (in a cell, and at the start of a line with *line_start*), they are, with no call
    for each; anything else is written by *full*.
    """
    texts = []
    written = []
    for para in paras:
        if len(para) == 1 and isinstance(text := para[0], str):
            texts.append(text)
            written.append(text)
            continue
        if (
            len(para) == 2
            and isinstance(text := para[0], str)
            and isinstance(cite := para[1], Cite)
        ):
            texts.append(text)
            written.append(text + " " + _markers(cite))
            continue
        quick = _quick_parts(para)
        if quick is None:
            written.append(full(para))
        elif quick[0] is None:
            written.append(quick[1])
        else:
            texts.append(quick[0])
            written.append(quick[0] + quick[1])
    if plain_texts(texts, line_start=line_start):
        return written
    return list(map(full, paras))


def _quick_parts(para: Para) -> tuple[str | None, str] | None:
    """Return the text of *para* and what follows it (its markers), if that is all it holds.

    The text is the paragraph's text and area titles, joined (``None`` if there are none); what
    follows is ``" "`` and the markers of a :class:`Cite` at the end, if there is one, after
    text. ``None`` for a paragraph of anything else.
    """
    body: tuple[Inline, ...] = para
    after = ""
    if para and isinstance(last := para[-1], Cite):
        body = para[:-1]
        if not body:
            return None, _markers(last)
        after = " " + _markers(last)
    words = []
    for part in body:
        if isinstance(part, str):
            words.append(part)
        elif isinstance(part, AreaRef):
            words.append(part.title)
        else:
            return None
    return "".join(words), after


def _rows(table: Table) -> list[str]:
    """Return the rows of *table*, each cell as :func:`_cell` writes it."""
    width = len(table.headers)
    cells = _written([para for row in table.rows for para in row], _cell, line_start=False)
    return ["| " + " | ".join(cells[at : at + width]) + " |" for at in range(0, len(cells), width)]


def _cell(para: Para) -> str:
    """Return *para* as a table cell: :func:`_inline` in a cell, and a space if it is empty."""
    # The short way of _inline, repeated here for the cells, a page's most frequent paragraphs.
    if para and isinstance(text := para[0], str) and text.strip():
        if len(para) == 1:
            return cell(text) + " " if text[-1].isspace() else cell(text)
        if len(para) == 2 and isinstance(cite := para[1], Cite):
            return cell(text) + " " + _markers(cite)
    elif len(para) == 1 and isinstance(cite := para[0], Cite):
        return _markers(cite)  # never empty, nor starting with white space
    return _inline_parts(para, line_start=False, table_cell=True) or " "


def _references(entries: Sequence[SourceEntry]) -> list[str]:
    """Return the entries of the references, each starting with the anchor its markers link to.

    An entry is text around an address, mostly: when every text of every entry needs no
    escape, the entries are written directly, in one check.
    """
    found = []
    texts = []
    for entry in entries:
        around = _around_link(entry.text)
        if around is None:
            return list(map(_reference, entries))
        head, _, tail = around
        found.append(around)
        texts.append(head[:-1] if head[-1:] == " " else head)
        if tail:
            texts.append(tail[1:] if tail[:1] == " " else tail)
    if not plain_texts(texts, line_start=False):
        return list(map(_reference, entries))
    return [
        f'{entry.number}. <a id="{source_anchor(entry.number)}"></a>'
        f"{head}[{link(url)}](<{markdown_link_target(url)}>){tail}"
        for entry, (head, url, tail) in zip(entries, found, strict=True)
    ]


def _around_link(para: Para) -> tuple[str, str, str] | None:
    """Return the text before *para*'s one address, the address and the text after it.

    :func:`_inline_parts` writes the text before the address keeping one space at its end and
    the text after it keeping one space at its start: without those, each text is written as
    it is if it needs no escape. ``None`` for a paragraph of anything else.
    """
    before: list[str] = []
    after: list[str] = []
    url = None
    for part in para:
        if isinstance(part, Url) and url is None:
            url = part.url
        elif isinstance(part, str):
            (before if url is None else after).append(part)
        else:
            return None
    return None if url is None else ("".join(before), url, "".join(after))


def _reference(entry: SourceEntry) -> str:
    """Return an entry of the references the full way: :func:`_inline` after its anchor."""
    anchor = f'<a id="{source_anchor(entry.number)}"></a>'
    # The anchor starts the item, so the text after it is within a line.
    return f"{entry.number}. {anchor}{_inline(entry.text, line_start=False)}"


def _inline(para: Para, *, line_start: bool = True, table_cell: bool = False) -> str:
    """Return *para* as one line of Markdown, at the start of a line or item or in a table cell.

    Only text before anything else can start a block; text after a link is within the line.
    Text and area references are joined into runs first, so that no markup can be made of
    characters from two parts.

    Most paragraphs are one text, or a text and its markers: those take a short way to the
    line :func:`_inline_parts` writes. (Escaping folds white space, so the text's own spaces
    at either end count only as one space after it.)
    """
    if para and isinstance(text := para[0], str) and text.strip():
        if len(para) == 1:
            escaped = _TEXT_ESCAPES[line_start, table_cell](text)
            return escaped + " " if text[-1].isspace() else escaped
        if len(para) == 2 and isinstance(cite := para[1], Cite):
            return _TEXT_ESCAPES[line_start, table_cell](text) + " " + _markers(cite)
    return _inline_parts(para, line_start=line_start, table_cell=table_cell)


def _inline_parts(para: Para, *, line_start: bool, table_cell: bool) -> str:
    """Return any *para* as :func:`_inline` does, part by part: :attr:`Para.spaced`, in runs."""
    out: list[str] = []
    run: list[str] = []  # text and area titles, escaped together when anything else comes
    # Whether the line holds nothing but white space so far, where text could start a block.
    blank = line_start
    started = False  # whether any part came before: a marker after one gets a space
    for part in para:
        if isinstance(part, str):
            if not part:
                continue
            run.append(part)
        elif isinstance(part, AreaRef):
            run.append(part.title)
        else:
            if started and isinstance(part, Cite):
                run.append(" ")
            if run:
                out.append(escape_part("".join(run), _TEXT_ESCAPES[blank, table_cell]))
                blank = blank and not out[-1].strip()
                run = []
            if isinstance(part, Cite):
                out.append(_markers(part))
                blank = blank and not out[-1].strip()
            else:
                out.append(f"[{link(part.url)}](<{markdown_link_target(part.url)}>)")
                blank = False
        started = True
    if run:
        out.append(escape_part("".join(run), _TEXT_ESCAPES[blank, table_cell]))
    # A line must not start with white space: four spaces would make it code.
    return "".join(out).lstrip()


#: The escaping of a run of text, by whether it may start a line and whether it is in a cell.
_TEXT_ESCAPES = {
    (starts, in_cell): markdown_escaper(line_start=starts, table_cell=in_cell, heading=False)
    for starts in (False, True)
    for in_cell in (False, True)
}


def _markers(cite: Cite) -> str:
    """Return the markers ``[1, 3]`` with each number a link to its entry in the references."""
    return _marker_links(cite.numbers)


@functools.lru_cache(maxsize=1024)
def _marker_links(numbers: tuple[int, ...]) -> str:
    """Return the markers of *numbers*: the same few sets recur on page after page."""
    if not numbers:
        return e("[]")
    links = (f"[{n}](#{source_anchor(n)})" for n in numbers)
    return "[" + ", ".join(links) + "]"


def index_page(book: Casebook) -> str:
    """Return the index: a table of the sites and each framework's comparison matrix."""
    lines = ["# Case studies", ""]
    header = ("Site", *OVERVIEW_HEADERS)
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for c in book.values():
        row = (f"[{link(c.name)}](sites/{c.id}.md)", *(cell(x) for x in overview_cells(c)))
        lines.append("| " + " | ".join(row) + " |")
    lines.append("")
    for result in compare_all(book).values():
        lines += [
            f"## {heading(result.framework.title)}",
            "",
            line(result.framework.description),
            "",
        ]
        scope = scope_sentence(result.framework, book)
        lines += [line(scope), ""] if scope else []
        headers = ("Site", *(a.title for a in result.areas))
        cells = [(book[s].name, *result.row_texts(s)) for s in result.sites]
        lines += [*table(headers, cells), ""]
        lines += ["Gaps, counted on the vanguard's own work:", ""]
        lines += [f"- {line(sentence)}" for sentence in named_gaps(result, book)]
        lines += [*(f"  - {line(sentence)}" for sentence in result.flag_sentences(book)), ""]
    if book.frameworks:
        lines += ["## Legend", ""]
        lines += [f"- {line(value)}: {e(meaning)}" for value, meaning in LEGEND.items()]
        lines.append(f"- {line(OTHER_ORIGINS_NOTE)}")
    return "\n".join(lines).rstrip("\n") + "\n"


def files(book: Casebook) -> dict[str, bytes]:
    """Return ``index.md`` and ``sites/ID.md`` for each case study."""
    areas = area_titles(book.frameworks.values())
    found = {
        f"sites/{case_id}.md": site_page(case, areas).encode() for case_id, case in book.items()
    }
    found["index.md"] = index_page(book).encode()
    return found
