"""Compare sites against a framework: each site x area cell, and the gaps the sources warn about.

A cell holds the strongest evidence status of the *vanguard's own* initiatives (origin
``vanguard``) that serve the area: ``none`` < ``planned`` < ``implemented`` < ``evaluated``.
Work of another origin (begun before the vanguard, funded by another programme, or attributed
to no programme) never counts as the vanguard's; where it is stronger, the cell says what it
adds beside the vanguard's own status, in the words of :mod:`casebook.vocabulary`, as in
``planned; evaluated (began before the vanguard)``. Where a
framework's scope leaves a site out, the site's cells are ``n/a``.

Below the matrix come the gaps, worked out on the vanguard's own work alone: areas where no
site's own work has evaluated evidence, and sites whose mental-health aims and plans have
nothing a source says is running (the "tokenism" risk the 2017 King's Fund study warned of).
An initiative is mental-health work when it works in the ``mental-health-services`` setting or
serves a framework area marked ``mental_health``; an aim is a mental-health aim when it is
marked ``mental_health``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import attrs

from casebook.errors import UnknownValueError
from casebook.model import (
    STATUS_ORDER,
    VANGUARD,
    Aim,
    CaseStudy,
    Framework,
    FrameworkArea,
    Initiative,
    Origin,
    Status,
)
from casebook.model import strongest as strongest_status
from casebook.vocabulary import ORIGIN_TERMS

if TYPE_CHECKING:
    from casebook.book import Casebook

Level: TypeAlias = Literal["n/a", "none", "planned", "implemented", "evaluated"]
#: How a comparison presents its cells: the vanguard's own status with what other work adds
#: (``split``, the default), the vanguard's own alone, or the strongest of any origin.
View: TypeAlias = Literal["split", "vanguard", "all"]
VIEWS: tuple[View, ...] = ("split", "vanguard", "all")

#: Cell values, weakest first, with what each means.
LEGEND: dict[Level, str] = {
    "n/a": "the framework does not apply to this site (outside its scope)",
    "none": "no initiative of the vanguard's own serves this area",
    "planned": "the vanguard's own work here is an aim or plan in a source",
    "implemented": "a source says the vanguard's own work here is running",
    "evaluated": "a source reports a measured outcome of the vanguard's own work here",
}
#: How a cell shows work of another origin, for the legend.
OTHER_ORIGINS_NOTE = (
    "After a semicolon: what work of another origin (begun before the vanguard, funded by "
    "another programme, or attributed to no programme) adds where it is stronger than the "
    "vanguard's own, e.g. 'planned; evaluated (began before the vanguard)'. It never counts "
    "as the vanguard's."
)
#: How a cell names each origin other than the vanguard's: its label, in brackets.
ORIGIN_WORDS: dict[Origin, str] = {
    origin: f"({term.label})" for origin, term in ORIGIN_TERMS.items() if origin != VANGUARD
}
_RANK: dict[str, int] = {"none": 0, **{s: n for n, s in enumerate(STATUS_ORDER, 1)}}


@attrs.frozen
class Cell:
    """One site's evidence in one area: its own status, and what other work adds."""

    #: The strongest status of the vanguard's own initiatives serving the area.
    vanguard: Level
    #: ``(origin, status)`` of other-origin work that is stronger than the vanguard's own.
    others: tuple[tuple[Origin, Status], ...] = ()

    @property
    def lifted(self) -> bool:
        """Tell whether work of another origin is stronger here than the vanguard's own."""
        return bool(self.others)

    @property
    def strongest(self) -> Level:
        """Return the strongest status of any origin."""
        return self.others[0][1] if self.lifted else self.vanguard

    def text(self, view: View = "split") -> str:
        """Return the cell as one short text, in *view*."""
        if view == "vanguard" or not self.lifted:
            return self.vanguard
        if view == "all":
            return self.strongest
        added = (f"{status} {ORIGIN_WORDS[origin]}" for origin, status in self.others)
        return "; ".join((self.vanguard, *added))

    def to_data(self, view: View = "split") -> dict[str, Any]:
        """Return the cell as JSON data."""
        return {
            "vanguard": self.vanguard,
            "other_origins": [{"origin": o, "status": s} for o, s in self.others],
            "text": self.text(view),
        }


NOT_APPLICABLE = Cell("n/a")


@attrs.frozen
class AimsOnlyFlag:
    """A site whose own mental-health aims and plans have nothing a source says is running."""

    site: str
    #: The site's mental-health aims.
    aims: tuple[Aim, ...]
    #: The vanguard's own mental-health initiatives, none of them running.
    initiatives: tuple[Initiative, ...]

    def sentence(self, case: CaseStudy) -> str:
        """Return the flag as one sentence: the site, its aims and plans, and their sources."""
        parts = [case.name]
        if self.aims:
            parts.append("mental-health aims: " + " ".join(a.text for a in self.aims))
        if self.initiatives:
            plans = (f"{i.title} ({i.status})" for i in self.initiatives)
            parts.append("own mental-health initiatives, none running: " + "; ".join(plans))
        items = (*self.aims, *self.initiatives)
        sources = dict.fromkeys(s.title for item in items for s in case.sources_for(item))
        parts.append("sources: " + "; ".join(sources))
        return " - ".join(parts)

    def to_data(self) -> dict[str, Any]:
        """Return the flag as JSON data, each aim and initiative with its sources' ids."""
        return {
            "site": self.site,
            "aims": [{"text": a.text, "sources": list(a.cites)} for a in self.aims],
            "initiatives": [
                {"id": i.id, "title": i.title, "status": i.status, "sources": list(i.cites)}
                for i in self.initiatives
            ],
        }


@attrs.frozen
class Comparison:
    """The site x area matrix of one framework, and the gaps below it."""

    framework: Framework
    sites: tuple[str, ...]
    #: One row per site, one cell per area, in the orders of ``sites`` and the areas.
    rows: tuple[tuple[Cell, ...], ...]
    #: Areas (ids) where no site's own vanguard work has evaluated evidence.
    unevaluated_areas: tuple[str, ...]
    #: Sites whose own mental-health aims and plans have nothing running.
    aims_only: tuple[AimsOnlyFlag, ...]
    view: View = "split"
    #: Each site's row and each area's column: a cell is found without a key per cell.
    _rows_by_site: Mapping[str, tuple[Cell, ...]] = attrs.field(
        init=False, eq=False, hash=False, repr=False
    )
    _columns: Mapping[str, int] = attrs.field(init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        rows_by_site = dict(zip(self.sites, self.rows, strict=True))
        columns = {area.id: column for column, area in enumerate(self.framework.areas)}
        if any(len(row) != len(columns) for row in self.rows):
            msg = "each row must have a cell for each of the framework's areas"
            raise ValueError(msg)
        object.__setattr__(self, "_rows_by_site", rows_by_site)
        object.__setattr__(self, "_columns", columns)

    @property
    def areas(self) -> tuple[FrameworkArea, ...]:
        """Return the framework's areas, in the framework's order."""
        return self.framework.areas

    @property
    def aims_only_sites(self) -> tuple[str, ...]:
        """Return the ids of the sites flagged in :attr:`aims_only`."""
        return tuple(flag.site for flag in self.aims_only)

    def cell(self, site: str, area: str) -> Cell:
        """Return the cell of *site* in *area* (an area id).

        :raises KeyError: if the comparison has no such site or area.
        """
        return self._rows_by_site[site][self._columns[area]]

    def cell_text(self, site: str, area: str) -> str:
        """Return the cell of *site* in *area* as text, in this comparison's view."""
        return self.cell(site, area).text(self.view)

    def row_texts(self, site: str) -> tuple[str, ...]:
        """Return each cell of *site* as text, in the order of :attr:`areas` (a matrix's row).

        :raises KeyError: if the comparison has no such site.
        """
        view = self.view
        return tuple(cell.text(view) for cell in self._rows_by_site[site])

    def gap_sentences(
        self,
        area_name: Callable[[str], str] = str,
        site_name: Callable[[str], str] = str,
    ) -> tuple[str, str]:
        """Return the two gaps as plain sentences, naming areas and sites as the caller likes."""
        areas = ", ".join(area_name(a) for a in self.unevaluated_areas) or "none"
        sites = ", ".join(site_name(s) for s in self.aims_only_sites) or "none"
        return (
            f"Areas where no site's own vanguard work has evaluated evidence: {areas}",
            (
                "Sites whose own mental-health aims and plans have nothing a source says is "
                f"running: {sites}"
            ),
        )

    def flag_sentences(self, book: Mapping[str, CaseStudy]) -> list[str]:
        """Return one sentence per flagged site, naming the aims and initiatives behind it."""
        return [flag.sentence(book[flag.site]) for flag in self.aims_only]

    def to_data(self) -> dict[str, Any]:
        """Return the comparison as JSON data, for ``casebook compare --format json``."""
        return {
            "framework": {"id": self.framework.id, "title": self.framework.title},
            "view": self.view,
            "areas": [{"id": a.id, "title": a.title} for a in self.areas],
            "legend": dict(LEGEND),
            "other_origins": OTHER_ORIGINS_NOTE,
            "matrix": {
                site: {
                    a.id: cell.to_data(self.view) for a, cell in zip(self.areas, row, strict=True)
                }
                for site, row in zip(self.sites, self.rows, strict=True)
            },
            "gaps": {
                "counted": "the vanguard's own work only",
                "areas_without_evaluated_evidence": list(self.unevaluated_areas),
                "sites_with_aims_only": [flag.to_data() for flag in self.aims_only],
            },
        }


def compare(book: Casebook, framework_id: str, origin: View | None = None) -> Comparison:
    """Return the comparison of every case study in *book* against one framework.

    :param origin: the view: ``None`` or ``"split"`` (the vanguard's own status, with what
        other work adds), ``"vanguard"`` (its own alone) or ``"all"`` (any origin).
    :raises UnknownIdError: if no framework has *framework_id*.
    :raises UnknownValueError: for an unknown view.
    """
    view = _view(origin)
    return _compare(book, book.framework(framework_id), view, aims_only(book))


def compare_all(book: Casebook, origin: View | None = None) -> dict[str, Comparison]:
    """Return :func:`~casebook.compare` for every framework of *book*, by framework id.

    The sites flagged for aims alone do not depend on the framework: they are found once.
    """
    view, flags = _view(origin), aims_only(book)
    return {fw_id: _compare(book, fw, view, flags) for fw_id, fw in book.frameworks.items()}


def _view(origin: View | None) -> View:
    view: View = origin or "split"
    if view not in VIEWS:
        raise UnknownValueError("origin view", view, VIEWS)
    return view


def _compare(
    book: Casebook, framework: Framework, view: View, flags: tuple[AimsOnlyFlag, ...]
) -> Comparison:
    columns = {f"{framework.id}/{area.id}": n for n, area in enumerate(framework.areas)}
    cells = _Cells()
    rows = tuple(
        _row(case, columns, cells)
        if framework.applies_to(case.id)
        else (NOT_APPLICABLE,) * len(framework.areas)
        for case in book.values()
    )
    sites = tuple(book)
    unevaluated = tuple(
        area.id
        for column, area in enumerate(framework.areas)
        if all(row[column].vanguard != "evaluated" for row in rows)
    )
    return Comparison(framework, sites, rows, unevaluated, flags, view)


def _row(case: CaseStudy, columns: Mapping[str, int], cells: _Cells) -> tuple[Cell, ...]:
    """Return a site's cells: per area, the strongest status of each origin, then the cell.

    :param columns: the framework's ``FRAMEWORK/AREA`` references, each with its column.
    :param cells: the cells made so far in this comparison, to share.
    """
    strongest: list[dict[Origin, Status]] = [{} for _ in columns]
    for initiative in case.initiatives:
        for area in initiative.areas:
            column = columns.get(area)
            if column is None:
                continue
            best = strongest[column]
            known = best.get(initiative.origin)
            if known is None or _RANK[initiative.status] > _RANK[known]:
                best[initiative.origin] = initiative.status
    return tuple(cells.of(best) for best in strongest)


class _Cells:
    """The cells of one comparison, each made once for the statuses it stands for.

    A comparison has a cell per site and area, but only a few distinct ones (a status for each
    of a few origins): equal cells are shared, as immutable values may be. Kept for one
    comparison only, so nothing outlives the data it was made from.
    """

    def __init__(self) -> None:
        self._made: dict[frozenset[tuple[Origin, Status]], Cell] = {_NO_STATUS: _NONE}

    def of(self, best: Mapping[Origin, Status]) -> Cell:
        """Return the cell of *best*, the strongest status of each origin in an area."""
        key = frozenset(best.items())
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = _cell(best)
        return made


def _cell(best: Mapping[Origin, Status]) -> Cell:
    own: Level = best.get(VANGUARD, "none")
    others = sorted(
        ((origin, status) for origin, status in best.items() if _RANK[status] > _RANK[own]),
        key=lambda pair: (-_RANK[pair[1]], pair[0]),
    )
    return Cell(own, tuple(others))


_NO_STATUS: frozenset[tuple[Origin, Status]] = frozenset()
_NONE = _cell({})


def aims_only(book: Casebook) -> tuple[AimsOnlyFlag, ...]:
    """Return the sites whose own mental-health aims and plans have nothing running.

    A site is flagged when it has mental-health aims or mental-health initiatives of its own
    (origin ``vanguard``), and none of those initiatives is ``implemented`` or ``evaluated``.
    Work of other origins neither triggers the flag nor clears it.
    """
    areas = frozenset(ref for fw in book.frameworks.values() for ref in fw.mental_health_areas())
    flags = []
    for case in book.values():
        aims = tuple(aim for aim in case.aims if aim.mental_health)
        own = tuple(
            i for i in case.initiatives if i.origin == VANGUARD and i.is_mental_health_work(areas)
        )
        if (aims or own) and all(i.status == "planned" for i in own):
            flags.append(AimsOnlyFlag(case.id, aims, own))
    return tuple(flags)


def strongest(statuses: Iterable[Status]) -> Level:
    """Return the strongest of *statuses*, or ``none`` for none."""
    return strongest_status(statuses) or "none"
