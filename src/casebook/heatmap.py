"""Draw a framework comparison as an SVG heatmap: sites by areas, coloured by evidence status.

A cell's colour is the status of the vanguard's own work. Where work of another origin is
stronger, the cell gets a dashed outline and a line per origin naming what that work adds, so
the picture never credits the vanguard with it. Every cell carries its status as text too, so the
picture reads without colour (and in greyscale print). Text from the data is XML-escaped, so
nothing in it can become markup, and characters XML cannot carry (NUL and other control
characters, lone surrogates, non-characters) are replaced by U+FFFD, so the picture always parses.
"""

from __future__ import annotations

from collections.abc import Mapping

from casebook.comparison import LEGEND, ORIGIN_WORDS, Cell, Comparison
from casebook.export.escaping import escape_xml, xml_attribute

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
    "dashed outline: work of another origin is stronger here; the lines starting with + name "
    "it, and it is not counted as the vanguard's"
)

CELL_W, LABEL_W, HEADER_H, CHAR_W, LINE_H = 170, 260, 60, 7, 13


def render(result: Comparison, names: Mapping[str, str] | None = None) -> str:
    """Return the SVG document of *result*'s matrix, with a legend.

    :param names: site names by id, for the row labels; ids are shown where a name is missing.
    """
    names = names or {}
    areas = result.areas
    extra = max((len(cell.others) for row in result.rows for cell in row), default=0)
    cell_h = 28 + LINE_H * extra
    legend_lines = len(LEGEND) + 1
    width = LABEL_W + CELL_W * len(areas) + 20
    height = HEADER_H + cell_h * len(result.sites) + 40 + 20 * legend_lines
    title = f"Evidence heatmap: {result.framework.title}"
    svg_open = (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label={xml_attribute(title)} font-family="sans-serif" font-size="12">'
    )
    out = [svg_open, f"<title>{escape_xml(title)}</title>"]
    for col, area in enumerate(areas):
        x = LABEL_W + col * CELL_W + CELL_W // 2
        out.append(
            f'<text x="{x}" y="{HEADER_H - 10}" text-anchor="middle" font-weight="bold">'
            f"{escape_xml(_fit(area.title, CELL_W))}<title>{escape_xml(area.title)}</title></text>"
        )
    for row, (site, cells) in enumerate(zip(result.sites, result.rows, strict=True)):
        y = HEADER_H + row * cell_h
        label = names.get(site, site)
        out.append(
            f'<text x="{LABEL_W - 8}" y="{y + 18}" text-anchor="end">'
            f"{escape_xml(_fit(label, LABEL_W))}<title>{escape_xml(label)}</title></text>"
        )
        for col, (area, cell) in enumerate(zip(areas, cells, strict=True)):
            out += _cell(cell, LABEL_W + col * CELL_W, y, cell_h, f"{label}, {area.title}")
    y = HEADER_H + cell_h * len(result.sites) + 24
    for n, (status, meaning) in enumerate(LEGEND.items()):
        top = y + n * 20
        out.append(
            f'<rect x="{LABEL_W}" y="{top - 11}" width="14" height="14" '
            f'fill="{COLOURS[status]}" stroke="#999999"/>'
        )
        out.append(f'<text x="{LABEL_W + 20}" y="{top}">{status}: {escape_xml(meaning)}</text>')
    top = y + len(LEGEND) * 20
    out.append(
        f'<rect x="{LABEL_W}" y="{top - 11}" width="14" height="14" fill="#ffffff" '
        f"{LIFTED_STROKE}/>"
    )
    out.append(f'<text x="{LABEL_W + 20}" y="{top}">{escape_xml(LIFTED_MEANING)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


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
    for n, (origin, other) in enumerate(cell.others, 1):
        out.append(
            f'<text x="{x + CELL_W // 2}" y="{y + 18 + n * LINE_H}" text-anchor="middle" '
            f'font-size="10" fill="{TEXT_COLOURS[status]}" class="cell-other">'
            f"+ {other} {escape_xml(ORIGIN_WORDS[origin])}</text>"
        )
    return out


def _fit(text: str, width: int) -> str:
    """Shorten *text* to fit about *width* pixels; the full text stays in a tooltip."""
    limit = max(4, width // CHAR_W - 1)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
