"""The format's enumerated values: the codes, what readers see for them, and filter checks.

Each enumeration comes from the type aliases in :mod:`casebook.model`, which the schema test
keeps in step with the JSON Schema, so there is one list of valid values. Each code has a
:class:`Term` here, and only here: a short label that every output people read shows in place
of the code, and a one-line meaning, both saying what the schema says the code means and no
more. Machine outputs (JSON, CSV) keep the codes. A filter given a value outside its list
raises :class:`~casebook.errors.UnknownValueError` naming the valid values, instead of
returning an empty answer that looks like a finding.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Generic, NamedTuple, TypeVar, get_args

from casebook.errors import UnknownValueError
from casebook.model import (
    STATUS_ORDER,
    Basis,
    Confidence,
    Direction,
    Evaluator,
    Origin,
    ProgrammeType,
    Role,
    Sector,
    Setting,
    SourceKind,
    Status,
)

PROGRAMME_TYPES: tuple[ProgrammeType, ...] = get_args(ProgrammeType)
SETTINGS: tuple[Setting, ...] = get_args(Setting)
STATUSES: tuple[Status, ...] = STATUS_ORDER
ORIGINS: tuple[Origin, ...] = get_args(Origin)
BASES: tuple[Basis, ...] = get_args(Basis)

T = TypeVar("T", bound=str)


class Term(NamedTuple):
    """How a reader sees one code: a short *label* for tables and text, and its *meaning*."""

    #: What outputs people read show in place of the code.
    label: str
    #: One line on what the code means, as the format defines it.
    meaning: str


class Vocabulary(NamedTuple, Generic[T]):
    """The codes of one enumerated field, in the schema's order, each with its :class:`Term`."""

    #: What the field is, as a heading: ``Programme type``.
    title: str
    #: The JSON pointer of the field in the schema, for the data-format page and its test.
    pointer: str
    #: The field's codes, each with its label and meaning.
    terms: Mapping[T, Term]


PROGRAMME_TERMS: dict[ProgrammeType, Term] = {
    "pacs": Term(
        "integrated primary and acute care system",
        "the new care model that joins up primary and acute (hospital) care in one system",
    ),
    "mcp": Term(
        "multispecialty community provider",
        "the new care model in which one provider brings several specialties to the community",
    ),
    "urgent-emergency-care": Term(
        "urgent and emergency care", "the new care model for urgent and emergency care"
    ),
    "enhanced-health-in-care-homes": Term(
        "enhanced health in care homes", "the new care model for better health in care homes"
    ),
    "acute-care-collaboration": Term(
        "acute care collaboration", "the new care model in which acute providers work together"
    ),
}
ROLE_TERMS: dict[Role, Term] = {
    "lead": Term("lead", "the organisation that led the vanguard"),
    "partner": Term("partner", "any other member of the vanguard"),
}
SECTOR_TERMS: dict[Sector, Term] = {
    "nhs-commissioner": Term("NHS commissioner", "an NHS body that commissions care"),
    "nhs-provider": Term("NHS provider", "an NHS body that provides care"),
    "primary-care": Term("primary care", "general practice and other primary care"),
    "local-authority": Term("local authority", "a council"),
    "voluntary": Term("voluntary sector", "a voluntary or community organisation"),
    "other": Term("other", "any other kind of organisation"),
}
SETTING_TERMS: dict[Setting, Term] = {
    "primary-care": Term("primary care", "general practice and other primary care"),
    "community-health": Term("community health", "community health services"),
    "acute-hospital": Term("acute hospital", "acute hospitals"),
    "emergency-care": Term("emergency care", "emergency care services"),
    "mental-health-services": Term(
        "mental health services",
        "mental health services; work here counts as mental-health work in comparisons",
    ),
    "social-care": Term("social care", "social care services"),
    "care-homes": Term("care homes", "care homes"),
    "voluntary-sector": Term("voluntary sector", "voluntary and community sector services"),
    "home": Term("home", "people's own homes"),
    "schools": Term("schools", "schools"),
    "digital": Term("digital", "online and other digital services"),
    "population-wide": Term("population-wide", "the whole population of the area"),
}
STATUS_TERMS: dict[Status, Term] = {
    "planned": Term("planned", "an aim or plan in a source"),
    "implemented": Term("implemented", "a source says it runs"),
    "evaluated": Term("evaluated", "a source reports a measured outcome of it"),
}
ORIGIN_TERMS: dict[Origin, Term] = {
    "vanguard": Term("vanguard work", "work a source presents as the vanguard's"),
    "pre-vanguard": Term(
        "began before the vanguard", "work that began before the site became a vanguard"
    ),
    "other-programme": Term(
        "funded by another programme", "work a source says another programme funded"
    ),
    "unattributed": Term(
        "attributed to no programme",
        "work that no source attributes to the vanguard or to another programme",
    ),
}
DIRECTION_TERMS: dict[Direction, Term] = {
    "increase": Term("increase", "the measure went up"),
    "decrease": Term("decrease", "the measure went down"),
    "no-change": Term("no change", "the measure did not change"),
}
BASIS_TERMS: dict[Basis, Term] = {
    "measured": Term("measured", "observed: a before-and-after change, a count or a survey result"),
    "estimate": Term(
        "estimate or projection",
        "what the work could achieve: a projection, a forecast or a pilot's figure scaled up",
    ),
    "reported": Term(
        "reported without a method",
        "a figure a source reports without saying how it was obtained",
    ),
}
EVALUATOR_TERMS: dict[Evaluator, Term] = {
    "independent-evaluation": Term("independent evaluation", "an independent evaluation"),
    "commissioner": Term("commissioner's account", "a commissioner's account"),
    "provider": Term("provider's own report", "the provider's own report"),
    "press": Term("press coverage", "press coverage"),
}
CONFIDENCE_TERMS: dict[Confidence, Term] = {
    "high": Term("high", "a primary source, or independent sources agree"),
    "medium": Term("medium", "one secondary source"),
    "low": Term("low", "an ambiguous or undated source"),
}
SOURCE_KIND_TERMS: dict[SourceKind, Term] = {
    "report": Term("report", "a report"),
    "report-summary": Term("report summary", "a summary of a report"),
    "news": Term("news", "a news item"),
    "blog": Term("blog", "a blog post"),
    "press-release": Term("press release", "a press release"),
    "web-page": Term("web page", "a web page"),
    "newsletter": Term("newsletter", "a newsletter"),
    "journal-article": Term("journal article", "an article in a journal"),
    "policy": Term("policy", "a policy document"),
    "video": Term("video", "a video"),
    "other": Term("other", "any other kind of document"),
}

#: Every enumerated field of the format, in the schema's order: the data-format page lists
#: them, and a test keeps them in step with the schema's enums.
VOCABULARIES: tuple[Vocabulary[Any], ...] = (
    Vocabulary("Programme type", "/$defs/programme/properties/type", PROGRAMME_TERMS),
    Vocabulary("Organisation role", "/$defs/organisation/properties/role", ROLE_TERMS),
    Vocabulary("Organisation sector", "/$defs/organisation/properties/sector", SECTOR_TERMS),
    Vocabulary("Care setting", "/$defs/initiative/properties/settings/items", SETTING_TERMS),
    Vocabulary("Evidence status", "/$defs/initiative/properties/status", STATUS_TERMS),
    Vocabulary("Origin", "/$defs/initiative/properties/origin", ORIGIN_TERMS),
    Vocabulary("Outcome direction", "/$defs/outcome/properties/direction", DIRECTION_TERMS),
    Vocabulary("Outcome basis", "/$defs/outcome/properties/basis", BASIS_TERMS),
    Vocabulary("Produced by", "/$defs/outcome/properties/evaluated_by", EVALUATOR_TERMS),
    Vocabulary("Confidence", "/$defs/outcome/properties/confidence", CONFIDENCE_TERMS),
    Vocabulary("Source kind", "/$defs/source/properties/kind", SOURCE_KIND_TERMS),
)

#: The label of each origin.
ORIGIN_LABELS: dict[Origin, str] = {code: term.label for code, term in ORIGIN_TERMS.items()}
#: The label of each outcome basis.
BASIS_LABELS: dict[Basis, str] = {code: term.label for code, term in BASIS_TERMS.items()}


def labels(terms: Mapping[T, Term], codes: Iterable[T]) -> str:
    """Return the labels of *codes* joined by commas, in the given order."""
    return ", ".join(terms[code].label for code in codes)


#: Other spellings of the programme types, as sources and people write them.
_PROGRAMME_SPELLINGS: dict[str, ProgrammeType] = {
    "integrated-primary-and-acute-care-system": "pacs",
    "primary-and-acute-care-system": "pacs",
    "multispecialty-community-provider": "mcp",
    "uec": "urgent-emergency-care",
    "urgent-and-emergency-care": "urgent-emergency-care",
    "care-homes": "enhanced-health-in-care-homes",
    "acute-care-collaborations": "acute-care-collaboration",
}


def programme_type(value: str) -> ProgrammeType:
    """Return the programme type *value* names, accepting common spellings (``PACS``, ``pacs``).

    :raises UnknownValueError: if *value* names no programme type.
    """
    spelling = "-".join(value.lower().replace("_", " ").replace("-", " ").split())
    for code in PROGRAMME_TYPES:
        if spelling == code:
            return code
    found = _PROGRAMME_SPELLINGS.get(spelling)
    if found is None:
        raise UnknownValueError("programme type", value, PROGRAMME_TYPES)
    return found


def check(what: str, value: str, valid: tuple[T, ...]) -> T:
    """Return *value* if it is one of *valid*.

    :raises UnknownValueError: naming the valid values, if it is not.
    """
    for known in valid:
        if value == known:
            return known
    raise UnknownValueError(what, value, valid)
