"""Draw a framework comparison as an SVG heatmap: sites by areas, coloured by evidence status.

Every cell carries its status as a text label too, so the picture reads without colour (and in
greyscale print). Text from the data is XML-escaped, so nothing in it can become markup.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from casebook.comparison import LEGEND, Comparison

#: Fill colours by evidence status, from a colour-blind-safe sequential palette.
COLOURS = {
    "none": "#f2f2f2",
    "planned": "#c6dbef",
    "implemented": "#6baed6",
    "evaluated": "#08519c",
}
TEXT_COLOURS = {
    "none": "#444444",
    "planned": "#111111",
    "implemented": "#111111",
    "evaluated": "#ffffff",
}

CELL_W, CELL_H, LABEL_W, HEADER_H, CHAR_W = 120, 28, 260, 60, 7


def render(result: Comparison) -> str:
    """Return the SVG document of *result*'s matrix, with a legend."""
    areas = result.areas
    width = LABEL_W + CELL_W * len(areas) + 20
    height = HEADER_H + CELL_H * len(result.sites) + 40 + 20 * len(LEGEND)
    title = f"Evidence heatmap: {result.framework.title}"
    svg_open = (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label={quoteattr(title)} font-family="sans-serif" font-size="12">'
    )
    out = [svg_open, f"<title>{escape(title)}</title>"]
    for col, area in enumerate(areas):
        x = LABEL_W + col * CELL_W + CELL_W // 2
        out.append(
            f'<text x="{x}" y="{HEADER_H - 10}" text-anchor="middle" font-weight="bold">'
            f"{escape(_fit(area.title, CELL_W))}<title>{escape(area.title)}</title></text>"
        )
    for row, site in enumerate(result.sites):
        y = HEADER_H + row * CELL_H
        out.append(
            f'<text x="{LABEL_W - 8}" y="{y + CELL_H // 2 + 4}" text-anchor="end">'
            f"{escape(_fit(site, LABEL_W))}</text>"
        )
        for col, area in enumerate(areas):
            status = result.cell(site, area.id)
            x = LABEL_W + col * CELL_W
            out.append(
                f'<rect x="{x}" y="{y}" width="{CELL_W - 2}" height="{CELL_H - 2}" '
                f'fill="{COLOURS[status]}" stroke="#999999">'
                f"<title>{escape(f'{site}, {area.title}: {status}')}</title></rect>"
            )
            out.append(
                f'<text x="{x + CELL_W // 2}" y="{y + CELL_H // 2 + 3}" text-anchor="middle" '
                f'fill="{TEXT_COLOURS[status]}" class="cell-label">{status}</text>'
            )
    y = HEADER_H + CELL_H * len(result.sites) + 24
    for n, (status, meaning) in enumerate(LEGEND.items()):
        top = y + n * 20
        out.append(
            f'<rect x="{LABEL_W}" y="{top - 11}" width="14" height="14" '
            f'fill="{COLOURS[status]}" stroke="#999999"/>'
        )
        out.append(f'<text x="{LABEL_W + 20}" y="{top}">{status}: {escape(meaning)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _fit(text: str, width: int) -> str:
    """Shorten *text* to fit about *width* pixels; the full text stays in a tooltip."""
    limit = max(4, width // CHAR_W - 1)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
