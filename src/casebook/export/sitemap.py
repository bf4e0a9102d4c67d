"""The pages of a Sphinx site of case studies: which there are, their titles and their toctrees.

Both Sphinx outputs build their pages from this one plan, so they share one set of page names,
one set of anchors and one paging rule and cannot drift apart. The ``sphinx`` exporter fills
each page with reStructuredText rendered from the data; the Sphinx extension fills it with a
directive that renders the data when the project is built. Past :data:`GROUP_SIZE` sites the
overviews are paged by group (``groups/NNNN`` with the sites' table, ``frameworks/ID/NNNN``
with their comparison), so that no page grows with the number of sites.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from typing import Literal, TypeAlias

import attrs

from casebook.book import Casebook
from casebook.export.common import GROUP_SIZE, site_groups
from casebook.export.escaping import escape_rst

Kind: TypeAlias = Literal["index", "group", "site", "framework", "framework-group", "coverage"]


@attrs.frozen
class PlannedPage:
    """One page of the site: where it goes, what it shows, and the pages it lists."""

    #: The page's name within the output folder, without ``.rst``: ``sites/salford-together``.
    name: str
    kind: Kind
    title: str
    #: The case study or framework the page is about, if any.
    subject: str | None = None
    #: The sites a group page (or a framework's group page) shows; empty for all.
    sites: tuple[str, ...] = ()
    #: Whether the overviews are paged by group.
    grouped: bool = False
    #: ``(caption, entries)`` of each toctree, entries relative to the page.
    toctrees: tuple[tuple[str, tuple[str, ...]], ...] = ()


def case_anchor(case_id: str) -> str:
    """Return the anchor (and reference label) of a case study's page."""
    return f"casebook-case-{case_id}"


def framework_anchor(framework_id: str) -> str:
    """Return the anchor of a framework's description."""
    return f"casebook-framework-{framework_id}"


def area_anchor(area_ref: str) -> str:
    """Return the anchor of a framework area, from ``FRAMEWORK/AREA``."""
    return "casebook-area-" + area_ref.replace("/", "--")


def source_anchor(case_id: str, source_id: str) -> str:
    """Return the anchor of one source in a case study's references."""
    return f"casebook-source-{case_id}--{source_id}"


def plan(book: Casebook, group_size: int = GROUP_SIZE) -> list[PlannedPage]:
    """Return every page of the site for *book*, the index first."""
    groups = site_groups(list(book), group_size)
    grouped = bool(groups)
    site_entries = tuple(name for name, _ in groups) or tuple(f"sites/{c}" for c in book)
    toctrees = [("Sites", site_entries)]
    if book.frameworks:
        toctrees.append(("Comparisons", tuple(f"frameworks/{f}" for f in book.frameworks)))
    toctrees.append(("Evidence", ("coverage",)))
    pages = [
        PlannedPage("index", "index", "Case studies", grouped=grouped, toctrees=tuple(toctrees)),
        PlannedPage("coverage", "coverage", "Evidence coverage"),
    ]
    for name, members in groups:
        entries = tuple(f"../sites/{case_id}" for case_id in members)
        title = f"Sites {_span(book, members)}"
        pages.append(
            PlannedPage(name, "group", title, sites=tuple(members), toctrees=(("", entries),))
        )
    pages += [PlannedPage(f"sites/{c}", "site", case.name, subject=c) for c, case in book.items()]
    for fw_id, framework in book.frameworks.items():
        numbers = [name.rpartition("/")[2] for name, _ in groups]
        by_group = (("Comparison by group", tuple(f"{fw_id}/{n}" for n in numbers)),)
        pages.append(
            PlannedPage(
                f"frameworks/{fw_id}",
                "framework",
                framework.title,
                subject=fw_id,
                grouped=grouped,
                toctrees=by_group if grouped else (),
            )
        )
        for number, (_, members) in zip(numbers, groups, strict=True):
            title = f"{framework.title}: sites {_span(book, members)}"
            pages.append(
                PlannedPage(
                    f"frameworks/{fw_id}/{number}",
                    "framework-group",
                    title,
                    subject=fw_id,
                    sites=tuple(members),
                )
            )
    return pages


def render(
    pages: Iterable[PlannedPage],
    body: Callable[[PlannedPage], list[str]],
    label: Callable[[PlannedPage], str | None] = lambda _page: None,
) -> dict[str, bytes]:
    """Return ``{name.rst: bytes}``: each page's title, its *body* lines, then its toctrees.

    :param label: the reference label to put before a page's title, if any (the exporter's
        pages have them; the extension's directives make their own targets).
    """
    files = {}
    for page in pages:
        lines = heading(page.title, "=", label(page))
        lines += body(page)
        for caption, entries in page.toctrees:
            lines += [".. toctree::", "   :maxdepth: 1"]
            lines += [f"   :caption: {escape_rst(caption)}"] if caption else []
            lines += ["", *(f"   {entry}" for entry in entries), ""]
        files[f"{page.name}.rst"] = ("\n".join(lines).rstrip("\n") + "\n").encode()
    return files


def heading(text: str, mark: str, label: str | None = None) -> list[str]:
    """Return a section title (escaped), preceded by a label if given.

    The underline is as long as the title's widest possible display width (wide East Asian
    characters take two columns), since a short underline is an error in reStructuredText.
    """
    title = escape_rst(text)
    width = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in title)
    lines = [f".. _{label}:", ""] if label else []
    return [*lines, title, mark * max(width, 4), ""]


def _span(book: Casebook, members: Iterable[str]) -> str:
    members = list(members)
    return f"{book[members[0]].name} to {book[members[-1]].name}"
