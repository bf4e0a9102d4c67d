"""Draw a framework comparison as an SVG heatmap: sites by areas, coloured by evidence status.

A cell's colour is the status of the vanguard's own work. Where work of another origin is
stronger, the cell gets a dashed outline and a line per origin naming what that work adds, so
the picture never credits the vanguard with it. Every cell carries its status as text too, so the
picture reads without colour (and in greyscale print). Site names and area titles are wrapped
onto as many lines as they need, never cut. The picture has a ``viewBox`` and no fixed size, so
it scales with whatever holds it; it has a title and a description for screen readers.

Text from the data is XML-escaped, so nothing in it can become markup, and characters XML cannot
carry (NUL and other control characters, lone surrogates, non-characters) are replaced by
U+FFFD, so the picture always parses.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping

from casebook.comparison import LEGEND, ORIGIN_WORDS, Cell, Comparison
from casebook.export.xmltext import escape_xml, xml_attribute

#: Fill colours by the vanguard's own status, from a colour-blind-safe sequential palette.
COLOURS = {
    "n/a": "#ffffff",
    "none": "#f2f2f2",
    "planned": "#c6dbef",
    "implemented": "#6baed6",
    "evaluated": "#08519c",
}
TEXT_COLOURS = {
    "n/a": "#777777",
    "none": "#444444",
    "planned": "#111111",
    "implemented": "#111111",
    "evaluated": "#ffffff",
}
#: The outline of a cell where work of another origin is stronger than the vanguard's own.
LIFTED_STROKE = 'stroke="#b35806" stroke-width="2.5" stroke-dasharray="5 3"'
LIFTED_MEANING = (
    "dashed outline: work of another origin (begun before the vanguard, funded by another "
    "programme, or attributed to no programme) is stronger here than the vanguard's own; the "
    "lines starting with + name it, and it is not counted as the vanguard's"
)

#: Font sizes, in the picture's own units: shown at scale 1, the smallest text is 10 px.
FONT_SIZE, SMALL_FONT_SIZE = 12, 10
#: Layout, in the picture's units: widths of a cell and of the row labels, the average width
#: of a character, the height of a line of text, and the padding around text.
CELL_W, LABEL_W, CHAR_W, LINE_H, PAD = 170, 260, 7, 15, 8
#: The fewest units the picture is wide, so that the legend has room beside a small matrix.
MIN_WIDTH = 640


def width(result: Comparison) -> int:
    """Return the width of *result*'s picture in its own units (its size at scale 1)."""
    return max(MIN_WIDTH, LABEL_W + CELL_W * len(result.areas) + 20)


def render(result: Comparison, names: Mapping[str, str]) -> str:
    """Return the SVG document of *result*'s matrix, with a legend.

    :param names: site names by id, for the row labels; ids are shown where a name is missing.
    """
    areas = result.areas
    total_w = width(result)
    headers = [_lines(area.title, CELL_W) for area in areas]
    header_h = PAD * 2 + LINE_H * max((len(lines) for lines in headers), default=1)
    title = f"Evidence heatmap: {result.framework.title}"
    out = [
        f"<title>{escape_xml(title)}</title>",
        f"<desc>{escape_xml(_description(result))}</desc>",
    ]
    for col, (area, lines) in enumerate(zip(areas, headers, strict=True)):
        x = LABEL_W + col * CELL_W + CELL_W // 2
        first = header_h - PAD - LINE_H * (len(lines) - 1) - 4
        bold = 'text-anchor="middle" font-weight="bold" class="area-title"'
        out.append(_text(x, first, lines, bold, area.title))
    y = header_h
    for site, cells in zip(result.sites, result.rows, strict=True):
        label = names.get(site, site)
        lines = _lines(label, LABEL_W - PAD * 2)
        extra = max((len(_other_lines(cell)) for cell in cells), default=0)
        row_h = max(28 + LINE_H * extra, PAD * 2 + LINE_H * len(lines))
        out.append(
            _text(LABEL_W - PAD, y + 18, lines, 'text-anchor="end" class="site-name"', label)
        )
        for col, (area, cell) in enumerate(zip(areas, cells, strict=True)):
            out += _cell(cell, LABEL_W + col * CELL_W, y, row_h, f"{label}, {area.title}")
        y += row_h
    legend, y = _legend(y + 24)
    out += legend
    svg_open = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {total_w} {y}" role="img" '
        f'aria-label={xml_attribute(title)} font-family="sans-serif" font-size="{FONT_SIZE}">'
    )
    return "\n".join([svg_open, *out, "</svg>"]) + "\n"


def _description(result: Comparison) -> str:
    """Return what the picture shows, in words, for its ``<desc>``."""
    return (
        f"{len(result.sites)} sites (rows) by the {len(result.areas)} areas (columns) of "
        f"{result.framework.title}. Each cell names and colours the strongest evidence status "
        "of the vanguard's own work in that area: "
        + "; ".join(f"{status}: {meaning}" for status, meaning in LEGEND.items())
        + ". A "
        + LIFTED_MEANING
        + "."
    )


def _lines(text: str, room: int) -> list[str]:
    """Return *text* wrapped onto lines that fit about *room* units; nothing is cut."""
    return textwrap.wrap(" ".join(text.split()), max(4, room // CHAR_W)) or [""]


def _text(x: int, y: int, lines: Iterable[str], attributes: str, full: str | None = None) -> str:
    """Return a text element of *lines* from baseline *y*, with *full* (if any) as its tooltip."""
    tooltip = f"<title>{escape_xml(full)}</title>" if full is not None else ""
    spans = "".join(
        f'<tspan x="{x}" y="{y + n * LINE_H}">{escape_xml(line)}</tspan>'
        for n, line in enumerate(lines)
    )
    return f'<text x="{x}" y="{y}" {attributes}>{tooltip}{spans}</text>'


def _cell(cell: Cell, x: int, y: int, height: int, where: str) -> list[str]:
    """Return the rectangle and text lines of one cell."""
    stroke = LIFTED_STROKE if cell.lifted else 'stroke="#999999"'
    status = cell.vanguard
    rect = (
        f'<rect x="{x}" y="{y}" width="{CELL_W - 2}" height="{height - 2}" '
        f'fill="{COLOURS[status]}" {stroke}>'
        f"<title>{escape_xml(f'{where}: {cell.text()}')}</title></rect>"
    )
    label = (
        f'<text x="{x + CELL_W // 2}" y="{y + 18}" text-anchor="middle" '
        f'fill="{TEXT_COLOURS[status]}" class="cell-label">{status}</text>'
    )
    out = [rect, label]
    if cell.others:
        attributes = (
            f'text-anchor="middle" font-size="{SMALL_FONT_SIZE}" '
            f'fill="{TEXT_COLOURS[status]}" class="cell-other"'
        )
        out.append(_text(x + CELL_W // 2, y + 18 + LINE_H, _other_lines(cell), attributes))
    return out


def _other_lines(cell: Cell) -> list[str]:
    """Return the lines naming the stronger work of other origins, wrapped to the cell."""
    return [
        line
        for origin, other in cell.others
        for line in _lines(f"+ {other} {ORIGIN_WORDS[origin]}", CELL_W - PAD * 2)
    ]


def _legend(top: int) -> tuple[list[str], int]:
    """Return the legend's elements from *top*, and where it ends.

    A swatch per status, then the dashed outline that marks work of another origin; each
    meaning is wrapped to :data:`MIN_WIDTH`, so the legend reads without scrolling a wide picture.
    """
    out = [f'<text x="{PAD}" y="{top}" font-weight="bold" class="legend-title">Legend</text>']
    y = top + LINE_H
    items = [(f'fill="{COLOURS[s]}" stroke="#999999"', f"{s}: {m}") for s, m in LEGEND.items()]
    items.append((f'fill="#ffffff" {LIFTED_STROKE}', LIFTED_MEANING))
    for swatch, meaning in items:
        lines = _lines(meaning, MIN_WIDTH - PAD * 2 - 30)
        out.append(f'<rect x="{PAD}" y="{y - 11}" width="14" height="14" {swatch}/>')
        out.append(_text(PAD + 22, y, lines, 'class="legend"'))
        y += LINE_H * len(lines) + 6
    return out, y + PAD
