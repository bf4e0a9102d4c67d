"""The format's enumerated values, and the checks that keep a filter typo from matching nothing.

Each enumeration comes from the type aliases in :mod:`casebook.model`, which the schema test
keeps in step with the JSON Schema, so there is one list of valid values. A filter given a
value outside its list raises :class:`~casebook.errors.UnknownValueError` naming the valid
values, instead of returning an empty answer that looks like a finding.
"""

from __future__ import annotations

from typing import TypeVar, get_args

from casebook.errors import UnknownValueError
from casebook.model import STATUS_ORDER, Basis, Origin, ProgrammeType, Setting, Status

PROGRAMME_TYPES: tuple[ProgrammeType, ...] = get_args(ProgrammeType)
SETTINGS: tuple[Setting, ...] = get_args(Setting)
STATUSES: tuple[Status, ...] = STATUS_ORDER
ORIGINS: tuple[Origin, ...] = get_args(Origin)
BASES: tuple[Basis, ...] = get_args(Basis)

T = TypeVar("T", bound=str)

#: What each origin means, in words a reader of a page needs.
ORIGIN_LABELS: dict[Origin, str] = {
    "vanguard": "vanguard work",
    "pre-vanguard": "began before the vanguard",
    "other-programme": "funded by another programme",
    "unattributed": "not attributed to the vanguard by the sources",
}
#: What each outcome basis means.
BASIS_LABELS: dict[Basis, str] = {
    "measured": "measured",
    "estimate": "estimate or projection",
    "reported": "reported without a method",
}

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
