"""Draw evidence coverage as an SVG grid: sites by parts of the format, held or absent.

Each cell says in words what it shows (a count such as ``2 of 3``, or "not in the sources
read"), so the picture reads without colour; the full detail is in each cell's tooltip. Text
from the data is escaped as in :mod:`casebook.heatmap`, so nothing in it can become markup and
the picture always parses.
"""

from __future__ import annotations

import functools

from casebook.coverage import ABSENT, PARTS, Coverage, Part
from casebook.export.xmltext import escape_xml, xml_attribute

PRESENT_FILL, ABSENT_FILL = "#6baed6", "#ffffff"
PRESENT_TEXT, ABSENT_TEXT = "#111111", "#555555"
ABSENT_STROKE = 'stroke="#999999" stroke-dasharray="4 3"'
CELL_W, CELL_H, LABEL_W, HEADER_H, CHAR_W = 170, 28, 260, 60, 7
LEGEND = (
    (PRESENT_FILL, 'stroke="#999999"', "the record holds this part (how many of its items do)"),
    (ABSENT_FILL, ABSENT_STROKE, f"{ABSENT}: the record holds nothing here"),
)


def render(result: Coverage) -> str:
    """Return the SVG document of *result*'s site-by-part grid, with a legend."""
    width = LABEL_W + CELL_W * len(PARTS) + 20
    height = HEADER_H + CELL_H * len(result.sites) + 30 + 20 * len(LEGEND)
    title = "Evidence coverage: what each site's record holds"
    svg_open = (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label={xml_attribute(title)} font-family="sans-serif" font-size="12">'
    )
    out = [svg_open, f"<title>{escape_xml(title)}</title>"]
    for col, (_key, label) in enumerate(PARTS):
        x = LABEL_W + col * CELL_W + CELL_W // 2
        # "Mental-health initiatives, planned": the words that tell columns apart go below.
        lines = label.split(", ")
        for n, line in enumerate(lines):
            y = HEADER_H - 10 - 14 * (len(lines) - 1 - n)
            out.append(
                f'<text x="{x}" y="{y}" text-anchor="middle" font-weight="bold" font-size="11">'
                f"{escape_xml(_fit(line, CELL_W, 6))}<title>{escape_xml(label)}</title></text>"
            )
    for row, site in enumerate(result.sites):
        y = HEADER_H + row * CELL_H
        out.append(
            f'<text x="{LABEL_W - 8}" y="{y + 18}" text-anchor="end">'
            f"{escape_xml(_fit(site.name, LABEL_W))}<title>{escape_xml(site.name)}</title></text>"
        )
        name = escape_xml(site.name)
        for col, part in enumerate(site.parts):
            out += _cell(part, LABEL_W + col * CELL_W, y, name)
    top = HEADER_H + CELL_H * len(result.sites) + 24
    for n, (fill, stroke, meaning) in enumerate(LEGEND):
        y = top + n * 20
        out.append(
            f'<rect x="{LABEL_W}" y="{y - 11}" width="14" height="14" fill="{fill}" {stroke}/>'
        )
        out.append(f'<text x="{LABEL_W + 20}" y="{y}">{escape_xml(meaning)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _cell(part: Part, x: int, y: int, site_name: str) -> list[str]:
    """Return the rectangle and the label of one cell; *site_name* is escaped already.

    Escaping is character by character, so escaped parts join into the escaped whole; most
    cells' texts repeat ("not in the sources read", "1 of 2"), and are escaped once.
    """
    fill, stroke, colour = (
        (PRESENT_FILL, 'stroke="#999999"', PRESENT_TEXT)
        if part.present
        else (ABSENT_FILL, ABSENT_STROKE, ABSENT_TEXT)
    )
    tooltip = f"{site_name}{_escaped(f', {part.label}: {part.text}')}"
    rect = (
        f'<rect x="{x}" y="{y}" width="{CELL_W - 2}" height="{CELL_H - 2}" fill="{fill}" '
        f"{stroke}><title>{tooltip}</title></rect>"
    )
    label = (
        f'<text x="{x + CELL_W // 2}" y="{y + 18}" text-anchor="middle" fill="{colour}" '
        f'class="cell-label">{_escaped(_fit(_short(part)))}</text>'
    )
    return [rect, label]


@functools.lru_cache(maxsize=4096)
def _escaped(text: str) -> str:
    return escape_xml(text)


def _short(part: Part) -> str:
    """Return a cell's label: ``N of M`` where the part counts items, else its text."""
    if part.present and part.of is not None:
        return f"{part.count} of {part.of}"
    return part.text


def _fit(text: str, width: int = CELL_W, char_width: int = CHAR_W) -> str:
    """Shorten *text* to fit about *width* pixels; the full text stays in a tooltip."""
    limit = max(4, width // char_width - 1)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
