"""The Sphinx projects the extension is measured against: sphinx-needs, and plain pages.

Both hold the same records as the extension's project, one page per case study, under the
toctree the extension writes: past :data:`GROUP_SIZE` sites the index lists pages of 50 sites,
each with a table of its sites and a toctree of their pages (a flat toctree of every site would
make each page's navigation list every site, and the build's cost grow with their square).
The floor's page holds the text the extension's site page shows, in plain paragraphs and
grid tables as one would write them by hand (source markers as plain text, no links);
the sphinx-needs page is the same page with the summary, initiatives and outcomes as the
content of one need per case study.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from textwrap import wrap as wrap_text
from typing import Any

#: What the peer table and the figures call each project.
FLOOR = "plain Sphinx pages (the floor)"
NEEDS = "sphinx-needs"
#: Both projects show the text as recorded, as the extension does: it keeps Sphinx's smart
#: quotes out of case-study text (which also spares the build their pass over every text node).
CONF = 'project = "bench"\nsmartquotes = False\n'
NEEDS_CONF = CONF + 'extensions = ["sphinx_needs"]\n'
#: Sites per group page, as the extension pages its overviews.
GROUP_SIZE = 50
#: The widest a table's column gets, in characters: longer cell text wraps onto more lines.
CELL_WIDTH = 40
#: An outcome's fields, in the order of the extension's table (the last two are worked out).
OUTCOME_COLUMNS = (
    *("measure", "value", "unit", "direction", "period", "baseline", "basis", "confidence"),
    *("initiative", "sources"),
)
wrap = partial(wrap_text, break_long_words=False, break_on_hyphens=False)


def heading(text: str, underline: str) -> list[str]:
    """Return a reST heading."""
    return [text, underline * len(text), ""]


def table(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> list[str]:
    """Return a grid table of *rows* under *header*, long cell text wrapped at 40 columns.

    A grid table is how one draws a table by hand in reST; docutils parses it in about two
    thirds of the time of a ``list-table`` of the same cells, which parses each cell as an item
    of a nested bullet list, with a state machine of its own.
    """
    text = [list(header)] + [[str(c) if c not in (None, "") else "-" for c in r] for r in rows]
    cells = [[wrap(cell, CELL_WIDTH) or ["-"] for cell in row] for row in text]
    widths = [max(len(line) for row in cells for line in row[n]) for n in range(len(header))]
    lines = [rule(widths, "-")]
    for number, row in enumerate(cells):
        for height in range(max(map(len, row))):
            parts = (
                f" {(c[height] if height < len(c) else ''):<{w}} "
                for c, w in zip(row, widths, strict=True)
            )
            lines.append("|" + "|".join(parts) + "|")
        lines.append(rule(widths, "=" if number == 0 else "-"))
    return [*lines, ""]


def rule(widths: Iterable[int], mark: str) -> str:
    """Return a grid table's border line: ``+-----+---+``."""
    return "+" + "+".join(mark * (width + 2) for width in widths) + "+"


def toctree(entries: Iterable[str], caption: str = "") -> list[str]:
    """Return a toctree of *entries*, as the extension writes them (``maxdepth`` 1)."""
    lines = [".. toctree::", "   :maxdepth: 1", *([f"   :caption: {caption}"] if caption else [])]
    return [*lines, "", *(f"   {entry}" for entry in entries), ""]


class Markers:
    """The source markers of one record, as plain text: ``[1] [4]``, numbered as listed."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.numbers = {source["id"]: n for n, source in enumerate(data["sources"], 1)}

    def __call__(self, text: object, item: dict[str, Any]) -> str:
        """Return *text* followed by the markers of the sources *item* cites."""
        marks = " ".join(f"[{self.numbers[ref]}]" for ref in item.get("cites", ()))
        return f"{text} {marks}".strip()


def profile(data: dict[str, Any], cite: Markers) -> list[str]:
    """Return the record's profile: programme, place, population, review date."""
    place, population = data["place"], data.get("population")
    rows = [
        ["Programme", cite(data["programme"]["type"], data["programme"])],
        ["Became a vanguard", data["programme"].get("selected")],
        ["Place", cite(f"{place['name']}, {place.get('region', '')}", place)],
    ]
    if population:
        counted = f"{population['count']:,} (as of {population.get('as_of', '-')})"
        rows.append(["Population", cite(counted, population)])
    rows.append(["Last reviewed", data.get("last_reviewed")])
    return table(["Field", "Value"], rows)


def initiative(item: dict[str, Any], cite: Markers) -> list[str]:
    """Return an initiative as the extension shows it: its title, description and details."""
    details = [
        f"Status: {item['status']}",
        f"Origin: {item.get('origin', '-')}",
        f"Settings: {', '.join(item.get('settings', ())) or '-'}",
        f"Framework areas: {', '.join(item.get('areas', ())) or '-'}",
    ]
    return [item["title"], "", cite(item["description"], item), "", ". ".join(details) + ".", ""]


def core(data: dict[str, Any], cite: Markers) -> list[str]:
    """Return the summary, initiatives and outcomes of a record: a need's content."""
    titles = {i["id"]: i["title"] for i in data["initiatives"]}
    return [
        cite(data["summary"]["text"], data["summary"]),
        "",
        *(line for i in data["initiatives"] for line in initiative(i, cite)),
        *table(
            [column.capitalize() for column in OUTCOME_COLUMNS],
            (
                [
                    *(o.get(key) for key in OUTCOME_COLUMNS[:-2]),
                    titles.get(o.get("initiative", "")),
                    cite("", o),
                ]
                for o in data["outcomes"]
            ),
        ),
    ]


def rest(data: dict[str, Any], cite: Markers) -> list[str]:
    """Return the rest of the record's text: organisations, aims, challenges and sources."""
    disagreements = (
        f"- {d['subject']}: " + "; ".join(cite(c["value"], c) for c in d["claims"])
        for d in data.get("discrepancies", [])
    )
    return [
        *heading("Organisations", "-"),
        *table(
            ["Organisation", "Role", "Sector", "What it does", "Other names", "Sources"],
            (
                [
                    *(o.get(key) for key in ("name", "role", "sector", "description")),
                    ", ".join(o.get("aliases", ())),
                    cite("", o),
                ]
                for o in data["organisations"]
            ),
        ),
        *heading("Aims", "-"),
        *(line for aim in data.get("aims", []) for line in (cite(aim["text"], aim), "")),
        *heading("Challenges", "-"),
        *(line for item in data.get("challenges", []) for line in (cite(item["text"], item), "")),
        *heading("Where the sources disagree", "-"),
        *disagreements,
        "",
        *heading("References", "-"),
        *(
            f"#. {s['title']}. {s.get('publisher', '')}. {s.get('date', '')} "
            f"({s.get('kind', '')}). {s.get('url', '')}"
            for s in data["sources"]
        ),
    ]


def page(data: dict[str, Any], *, need: bool) -> str:
    """Return one record's page: plain, or with its core text as the content of a need."""
    cite = Markers(data)
    lines = [*heading(data["name"], "="), *profile(data, cite), *heading("Summary", "-")]
    if need:
        need_id = "CS_" + data["id"].upper().replace("-", "_")
        lines += [f".. req:: {data['name']}", f"   :id: {need_id}", "   :status: open", ""]
        lines += [f"   {line}".rstrip() for line in core(data, cite)]
    else:
        lines += core(data, cite)
    return "\n".join([*lines, *rest(data, cite)]) + "\n"


def group_page(records: list[dict[str, Any]]) -> str:
    """Return a group's page: the table of its sites and the toctree of their pages."""
    lines = heading(f"Sites {records[0]['name']} to {records[-1]['name']}", "=")
    lines += table(
        ["Site", "Programme", "Place", "Settings", "Initiatives"],
        (
            [
                data["name"],
                data["programme"]["type"],
                data["place"]["name"],
                ", ".join(sorted({s for i in data["initiatives"] for s in i.get("settings", ())})),
                len(data["initiatives"]),
            ]
            for data in records
        ),
    )
    return "\n".join(lines + toctree(f"../sites/{data['id']}" for data in records))


def write_peer_project(src: Path, corpus: Path, *, need: bool) -> None:
    """Write a Sphinx project in *src* with a page per record of *corpus*: plain or needs."""
    pages = src / "casebook"
    (pages / "sites").mkdir(parents=True)
    records = [json.loads(path.read_bytes()) for path in sorted(corpus.glob("*.json"))]
    for data in records:
        (pages / f"sites/{data['id']}.rst").write_text(page(data, need=need), "utf-8")
    entries = [f"sites/{data['id']}" for data in records]
    if len(records) > GROUP_SIZE:
        (pages / "groups").mkdir()
        entries = []
        for start in range(0, len(records), GROUP_SIZE):
            entries.append(f"groups/{start // GROUP_SIZE + 1:04d}")
            group = group_page(records[start : start + GROUP_SIZE])
            (pages / f"{entries[-1]}.rst").write_text(group, "utf-8")
    index = "\n".join(heading("Case studies", "=") + toctree(entries, "Sites"))
    (pages / "index.rst").write_text(index, "utf-8")
    (src / "conf.py").write_text(NEEDS_CONF if need else CONF, "utf-8")
