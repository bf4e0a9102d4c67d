"""A fast verdict on a case study the schema passed: whether it breaks a rule across fields.

Most data that casebook checks is valid, and a valid document needs no problem explained. The
checks in :mod:`casebook.format.validation` walk a document to name each problem with its place;
this module only says whether there is one, leaning on what the schema already guarantees (ids
are text, each outcome has a basis, each initiative a status), so that a valid document is
cleared without building a single path. A document it does not clear is checked the explaining
way. A property test holds the two to the same verdict on drawn case studies, valid or not.
"""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Collection, Mapping
from typing import Any

from casebook.format import keywalk
from casebook.model import MEASURED

_FULL_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def is_clean(
    data: Mapping[str, Any],
    routes: tuple[keywalk.Route, ...],
    date_keys: Collection[str],
    known_areas: Collection[str] | None,
) -> bool:
    """Tell whether schema-valid case-study *data* breaks none of the rules across its fields.

    The rules are those the explaining checks find: unique ids of sources, initiatives and
    outcomes; every citation of a listed source; every full date a real one; every reference
    to an initiative resolved; "evaluated" only with a measured outcome of the initiative; and,
    if *known_areas* is given, every framework area among them.

    :param routes: where the ``cites`` lists and dates are, from the schema
        (:func:`~casebook.format.keywalk.plan_routes`).
    :param date_keys: which of the keys the routes reach hold dates.
    """
    source_ids = _unique_ids(data.get("sources", ()))
    initiatives = data.get("initiatives", ())
    work_ids = _unique_ids(initiatives)
    outcomes = data.get("outcomes", ())
    if source_ids is None or work_ids is None or _unique_ids(outcomes) is None:
        return False
    for key, values in keywalk.values_on_routes(data, routes).items():
        if key not in date_keys:
            if not source_ids.issuperset(itertools.chain.from_iterable(values)):
                return False
            continue
        # The schema's patterns allow days 01 to 31, months 01 to 12 and years from 0000: only
        # a full date (ten characters) of a day past the 28th, or of the year 0, may be one
        # that no calendar has.
        for value in values:
            if (
                len(value) == 10
                and (value[8:] > "28" or value.startswith("0000"))
                and not is_real_date(value)
            ):
                return False
    discrepancies = data.get("discrepancies", ())
    referred = [item["initiative"] for item in (*outcomes, *discrepancies) if "initiative" in item]
    if not work_ids.issuperset(referred):
        return False
    backed = {o.get("initiative") for o in outcomes if o["basis"] == MEASURED}
    if any(i["status"] == "evaluated" and i["id"] not in backed for i in initiatives):
        return False
    if known_areas is not None:
        named = (area for initiative in initiatives for area in initiative.get("areas", ()))
        return all(area in known_areas for area in named)
    return True


def _unique_ids(items: Any) -> set[str] | None:
    """Return the ids of *items*, or ``None`` if two share one."""
    ids = {item["id"] for item in items}
    return ids if len(ids) == len(items) else None


def is_real_date(value: str) -> bool:
    """Tell whether *value* is not a full date, or is one that exists (not 2017-02-30).

    The schema's pattern lets through days that no calendar has; this is the check of them.
    """
    if not _FULL_DATE.fullmatch(value):
        return True
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True
