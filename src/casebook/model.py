"""The case-study model: frozen, typed, slotted attrs classes that mirror the JSON Schema.

These classes are the Python face of ``schemas/case-study.schema.json``. Field names are the
schema's property names, a field without a default is a required property, and ``None`` (or an
empty tuple) means the property is absent. The classes hold data only: reading and writing JSON
lives in ``casebook.format.convert``, checking in ``casebook.format.validation``, so this module
stays a leaf that imports nothing but attrs.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from typing import Literal, TypeAlias

import attrs

SCHEMA_VERSION = "1.0"

ProgrammeType: TypeAlias = Literal[
    "pacs",
    "mcp",
    "urgent-emergency-care",
    "enhanced-health-in-care-homes",
    "acute-care-collaboration",
]
Role: TypeAlias = Literal["lead", "partner"]
Sector: TypeAlias = Literal[
    "nhs-commissioner", "nhs-provider", "primary-care", "local-authority", "voluntary", "other"
]
Setting: TypeAlias = Literal[
    "primary-care",
    "community-health",
    "acute-hospital",
    "emergency-care",
    "mental-health-services",
    "social-care",
    "care-homes",
    "voluntary-sector",
    "home",
    "schools",
    "digital",
    "population-wide",
]
Status: TypeAlias = Literal["planned", "implemented", "evaluated"]
Origin: TypeAlias = Literal["vanguard", "pre-vanguard", "other-programme", "unattributed"]
Basis: TypeAlias = Literal["measured", "estimate", "reported"]
Direction: TypeAlias = Literal["increase", "decrease", "no-change"]
Evaluator: TypeAlias = Literal["independent-evaluation", "commissioner", "provider", "press"]
Confidence: TypeAlias = Literal["high", "medium", "low"]
SourceKind: TypeAlias = Literal[
    "report",
    "report-summary",
    "news",
    "blog",
    "press-release",
    "web-page",
    "newsletter",
    "journal-article",
    "policy",
    "video",
    "other",
]

#: Evidence statuses from weakest to strongest; comparisons rank by this order.
STATUS_ORDER: tuple[Status, ...] = ("planned", "implemented", "evaluated")


def strongest(statuses: Iterable[Status]) -> Status | None:
    """Return the strongest of *statuses* by :data:`STATUS_ORDER`, or ``None`` for none."""
    return max(statuses, key=STATUS_ORDER.index, default=None)


#: The one origin whose work counts as the vanguard's own in every comparison.
VANGUARD: Origin = "vanguard"
#: The one outcome basis that can make an initiative ``evaluated``.
MEASURED: Basis = "measured"

_frozen = attrs.frozen(kw_only=True)


@_frozen
class Source:
    """A document that a case study cites."""

    id: str
    title: str
    kind: SourceKind
    publisher: str | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None
    url: str | None = None
    note: str | None = None


@_frozen
class Statement:
    """A factual statement with the ids of the sources that support it."""

    text: str
    cites: tuple[str, ...]


@_frozen
class Aim:
    """Something a site set out to do, as a source states it; aims are not outcomes.

    ``mental_health`` marks an aim about mental health, which the comparison's check for aims
    with nothing running (the "tokenism" risk) looks at.
    """

    text: str
    cites: tuple[str, ...]
    mental_health: bool = False


@_frozen
class Programme:
    """The vanguard programme a site belonged to."""

    type: ProgrammeType
    cites: tuple[str, ...]
    selected: str | None = None


@_frozen
class Place:
    """Where a site is."""

    name: str
    cites: tuple[str, ...]
    region: str | None = None


@_frozen
class Population:
    """How many people a site served, and when that count applied."""

    count: int
    cites: tuple[str, ...]
    as_of: str | None = None
    description: str | None = None


@_frozen
class Organisation:
    """A lead or partner organisation of a site."""

    name: str
    role: Role
    sector: Sector
    cites: tuple[str, ...]
    description: str | None = None
    other_names: tuple[str, ...] = ()


@_frozen
class Initiative:
    """Something a site did or planned, with its evidence status and origin."""

    id: str
    title: str
    description: str
    status: Status
    origin: Origin
    cites: tuple[str, ...]
    settings: tuple[Setting, ...] = ()
    areas: tuple[str, ...] = ()
    origin_note: str | None = None
    started: str | None = None

    def is_mental_health_work(self, mental_health_areas: Collection[str]) -> bool:
        """Tell whether this initiative is mental-health work.

        It is when it works in the ``mental-health-services`` setting or serves one of
        *mental_health_areas*: ``FRAMEWORK/AREA`` references of areas marked ``mental_health``
        (see :meth:`Framework.mental_health_areas`).
        """
        return "mental-health-services" in self.settings or any(
            area in mental_health_areas for area in self.areas
        )


@_frozen
class Outcome:
    """A reported outcome or metric, with who produced it and how far to trust it."""

    id: str
    measure: str
    value: float
    unit: str
    basis: Basis
    confidence: Confidence
    cites: tuple[str, ...]
    direction: Direction | None = None
    period: str | None = None
    baseline: float | None = None
    initiative: str | None = None
    evaluated_by: Evaluator | None = None
    note: str | None = None


@_frozen
class Claim:
    """One version of a disputed fact, with the sources that give it."""

    value: str
    cites: tuple[str, ...]


@_frozen
class Discrepancy:
    """A fact on which sources disagree, each version kept beside the others."""

    subject: str
    claims: tuple[Claim, ...]
    initiative: str | None = None
    note: str | None = None


@_frozen
class CaseStudy:
    """One vanguard site: who, where, what was done, what came of it, and the sources."""

    id: str
    name: str
    programme: Programme
    place: Place
    summary: Statement
    last_reviewed: str
    sources: tuple[Source, ...]
    schema_version: str = SCHEMA_VERSION
    aliases: tuple[str, ...] = ()
    population: Population | None = None
    organisations: tuple[Organisation, ...] = ()
    aims: tuple[Aim, ...] = ()
    initiatives: tuple[Initiative, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    challenges: tuple[Statement, ...] = ()
    discrepancies: tuple[Discrepancy, ...] = ()

    def source(self, source_id: str) -> Source:
        """Return the source with id *source_id*; raise :class:`KeyError` if it is not listed."""
        for source in self.sources:
            if source.id == source_id:
                return source
        raise KeyError(source_id)

    def sources_for(self, item: object) -> tuple[Source, ...]:
        """Return the sources behind *item*, any model object with a ``cites`` field.

        A :class:`Discrepancy` gives the sources of all its claims.
        """
        ids: tuple[str, ...]
        if isinstance(item, Discrepancy):
            ids = tuple(dict.fromkeys(c for claim in item.claims for c in claim.cites))
        else:
            cites = getattr(item, "cites", None)
            if cites is None:
                msg = f"{type(item).__name__} carries no citations"
                raise TypeError(msg)
            ids = tuple(cites)
        return tuple(self.source(source_id) for source_id in ids)

    def initiative(self, initiative_id: str) -> Initiative:
        """Return the initiative with id *initiative_id*; raise :class:`KeyError` if absent."""
        for initiative in self.initiatives:
            if initiative.id == initiative_id:
                return initiative
        raise KeyError(initiative_id)

    def outcomes_of(self, initiative_id: str) -> tuple[Outcome, ...]:
        """Return the outcomes reported for one initiative."""
        return tuple(o for o in self.outcomes if o.initiative == initiative_id)

    def settings(self) -> frozenset[Setting]:
        """Return every care setting that any initiative works in."""
        return frozenset(s for i in self.initiatives for s in i.settings)

    def areas(self) -> frozenset[str]:
        """Return every framework area (``FRAMEWORK/AREA``) that any initiative serves."""
        return frozenset(a for i in self.initiatives for a in i.areas)

    def statuses(self) -> frozenset[Status]:
        """Return the evidence statuses of the site's initiatives."""
        return frozenset(i.status for i in self.initiatives)

    def cited_items(self) -> Iterator[tuple[str, object]]:
        """Yield ``(json_pointer, item)`` for every item that carries citations.

        Validation uses it to check that each cited id is listed; exporters can use it to number
        references.
        """
        yield "/programme", self.programme
        yield "/place", self.place
        if self.population is not None:
            yield "/population", self.population
        yield "/summary", self.summary
        for name in ("organisations", "aims", "initiatives", "outcomes", "challenges"):
            for index, item in enumerate(getattr(self, name)):
                yield f"/{name}/{index}", item
        for index, discrepancy in enumerate(self.discrepancies):
            for claim_index, claim in enumerate(discrepancy.claims):
                yield f"/discrepancies/{index}/claims/{claim_index}", claim


@_frozen
class FrameworkArea:
    """One area or criterion of an assessment framework.

    ``mental_health`` marks an area about mental health: an initiative serving it counts as
    mental-health work.
    """

    id: str
    title: str
    description: str
    mental_health: bool = False


@_frozen
class Scope:
    """The sites a framework applies to; the cells of every other site are ``n/a``."""

    sites: tuple[str, ...]
    note: str


@_frozen
class Framework:
    """An assessment framework that initiatives are mapped to, area by area."""

    id: str
    title: str
    description: str
    source: Source
    areas: tuple[FrameworkArea, ...]
    schema_version: str = SCHEMA_VERSION
    scope: Scope | None = None

    def applies_to(self, case_id: str) -> bool:
        """Tell whether the framework applies to the case study *case_id* (its scope)."""
        return self.scope is None or case_id in self.scope.sites

    def mental_health_areas(self) -> frozenset[str]:
        """Return the ``FRAMEWORK/AREA`` references of the areas marked ``mental_health``."""
        return frozenset(f"{self.id}/{area.id}" for area in self.areas if area.mental_health)

    def area(self, area_id: str) -> FrameworkArea:
        """Return the area with id *area_id*; raise :class:`KeyError` if absent."""
        for area in self.areas:
            if area.id == area_id:
                return area
        raise KeyError(area_id)

    def area_refs(self) -> tuple[str, ...]:
        """Return this framework's areas as ``FRAMEWORK/AREA`` references, in order."""
        return tuple(f"{self.id}/{area.id}" for area in self.areas)
