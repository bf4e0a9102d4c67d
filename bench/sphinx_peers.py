"""The Sphinx projects the extension is measured against: sphinx-needs, and plain pages.

Both hold the same records as the extension's project, one page per case study, with the
same toctree above them. The floor's page is the record's text in plain paragraphs and
tables, written here without casebook; the sphinx-needs page is the same page with its
summary, initiatives and outcomes as the content of one need per case study.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

#: What the peer table and the figures call each project.
FLOOR = "plain Sphinx pages (the floor)"
NEEDS = "sphinx-needs"
NEEDS_CONF = 'project = "bench"\nextensions = ["sphinx_needs"]\n'
SITES_INDEX = "Sites\n=====\n\n.. toctree::\n   :glob:\n\n   *\n"


def heading(text: str, underline: str) -> list[str]:
    """Return a reST heading."""
    return [text, underline * len(text), ""]


def table(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> list[str]:
    """Return a ``list-table`` of *rows* under *header*, each cell on one line."""
    lines = [".. list-table::", "   :header-rows: 1", ""]
    for row in [list(header), *map(list, rows)]:
        cells = [str(cell) if cell not in (None, "") else "-" for cell in row]
        lines += [f"   * - {cells[0]}", *(f"     - {cell}" for cell in cells[1:])]
    return [*lines, ""]


def core(data: dict[str, Any]) -> list[str]:
    """Return the summary, initiatives and outcomes of a record: a need's content."""
    return [
        data["summary"]["text"],
        "",
        *table(
            ["Initiative", "Status", "Description"],
            ([i["title"], i["status"], i["description"]] for i in data["initiatives"]),
        ),
        *table(
            ["Outcome", "Value", "Unit", "Period", "Initiative"],
            (
                [o["measure"], o.get("value"), o.get("unit"), o.get("period"), o.get("initiative")]
                for o in data["outcomes"]
            ),
        ),
    ]


def rest(data: dict[str, Any]) -> list[str]:
    """Return the rest of the record's text: aims, organisations, challenges and sources."""
    return [
        *heading("Aims", "-"),
        *(line for aim in data.get("aims", []) for line in (aim["text"], "")),
        *heading("Organisations", "-"),
        *table(
            ["Name", "Role", "Sector", "Description"],
            (
                [o["name"], o["role"], o["sector"], o.get("description")]
                for o in data["organisations"]
            ),
        ),
        *heading("Challenges", "-"),
        *(line for challenge in data.get("challenges", []) for line in (challenge["text"], "")),
        *heading("Sources", "-"),
        *table(
            ["Id", "Title", "Publisher", "Date", "Address"],
            (
                [s["id"], s["title"], s.get("publisher"), s.get("date"), s.get("url")]
                for s in data["sources"]
            ),
        ),
    ]


def page(data: dict[str, Any], *, need: bool) -> str:
    """Return one record's page: plain, or with its core text as the content of a need."""
    lines = heading(data["name"], "=")
    if need:
        need_id = "CS_" + data["id"].upper().replace("-", "_")
        lines += [f".. req:: {data['name']}", f"   :id: {need_id}", "   :status: open", ""]
        lines += [f"   {line}".rstrip() for line in core(data)]
    else:
        lines += core(data)
    return "\n".join([*lines, *rest(data)]) + "\n"


def write_peer_project(src: Path, corpus: Path, *, need: bool) -> None:
    """Write a Sphinx project in *src* with a page per record of *corpus*: plain or needs."""
    pages = src / "casebook"
    pages.mkdir(parents=True)
    for path in sorted(corpus.glob("*.json")):
        data = json.loads(path.read_bytes())
        (pages / f"{data['id']}.rst").write_text(page(data, need=need), "utf-8")
    (pages / "index.rst").write_text(SITES_INDEX, "utf-8")
    (src / "conf.py").write_text(NEEDS_CONF if need else 'project = "bench"\n', "utf-8")
