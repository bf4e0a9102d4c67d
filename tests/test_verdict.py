"""The fast verdict on a schema-valid case study agrees with the checks that explain problems.

A valid file is cleared by :func:`casebook.format.verdict.is_clean` and never walked for its
problems, so a rule the verdict missed would pass a broken file in silence. Drawn case studies,
consistent or not (citations of sources that are not listed, duplicate ids, dangling
initiatives, "evaluated" without a measured outcome), with impossible dates and unknown areas
planted, must get the same verdict both ways.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from casebook.format import convert, validation, verdict
from tests import strategies

# What the checks use, as they use it.
ROUTES = validation._routes()  # noqa: SLF001
DATE_KEYS = validation._DATE_KEYS  # noqa: SLF001
CHECKED_KEYS = validation._CHECKED_KEYS  # noqa: SLF001


def explained(data: dict[str, Any], known_areas: set[str] | None) -> list[object]:
    """Return the problems the explaining checks find in schema-valid *data*."""
    found = validation._found_keys("case study", data, CHECKED_KEYS, schema_valid=True)  # noqa: SLF001
    return list(validation._case_study_problems(data, "f.json", known_areas, found))  # noqa: SLF001


def plant_impossible_date(data: dict[str, Any], pick: st.DataObject) -> None:
    places = [data, *data["sources"], *data.get("initiatives", [])]
    place = pick.draw(st.sampled_from(places))
    key = "last_reviewed" if place is data else ("date" if "kind" in place else "started")
    dates = ["2017-02-30", "2019-13-01", "2016-02-29", "0000-01-01", "0000-12-28"]
    place[key] = pick.draw(st.sampled_from(dates))


def plant_reused_id(data: dict[str, Any], pick: st.DataObject) -> None:
    items = pick.draw(st.sampled_from(["sources", "initiatives", "outcomes"]))
    if len(data.get(items, [])) >= 2:
        data[items][-1]["id"] = data[items][0]["id"]


def plant_unlisted_citation(data: dict[str, Any], pick: st.DataObject) -> None:
    claims = [c for d in data.get("discrepancies", []) for c in d["claims"]]
    lists = [data["summary"], data["place"], data["programme"], *claims]
    lists += [i for key in ("organisations", "aims", "initiatives", "outcomes", "challenges")
              for i in data.get(key, [])]  # fmt: skip
    pick.draw(st.sampled_from(lists))["cites"].append("no-such-source")


def plant_dangling_initiative(data: dict[str, Any], pick: st.DataObject) -> None:
    items = [*data.get("outcomes", []), *data.get("discrepancies", [])]
    if items:
        pick.draw(st.sampled_from(items))["initiative"] = "no-such-work"


def plant_evaluated(data: dict[str, Any], pick: st.DataObject) -> None:
    if data.get("initiatives"):
        pick.draw(st.sampled_from(data["initiatives"]))["status"] = "evaluated"


def plant_unmeasured_basis(data: dict[str, Any], pick: st.DataObject) -> None:
    named = [o for o in data.get("outcomes", []) if "initiative" in o]
    if named:
        outcome = pick.draw(st.sampled_from(named))
        outcome["basis"] = pick.draw(st.sampled_from(["estimate", "reported"]))


PLANTS = [
    plant_impossible_date,
    plant_reused_id,
    plant_unlisted_citation,
    plant_dangling_initiative,
    plant_evaluated,
    plant_unmeasured_basis,
]


def known_areas(data: dict[str, Any], which: str, pick: st.DataObject) -> set[str] | None:
    """Return no areas to check against (``None``), all the areas *data* names, or some."""
    named = sorted({a for i in data.get("initiatives", []) for a in i.get("areas", [])})
    if which == "none":
        return None
    if which == "all" or not named:
        return set(named)
    return set(pick.draw(st.lists(st.sampled_from(named))))


def same_verdict(data: dict[str, Any], which_areas: str, pick: st.DataObject) -> None:
    assume(not validation._schema_problems("case study", data, "f.json", None))  # noqa: SLF001
    known = known_areas(data, which_areas, pick)
    assert (explained(data, known) == []) == verdict.is_clean(data, ROUTES, DATE_KEYS, known)


@pytest.mark.parametrize("plant", PLANTS)
@settings(max_examples=40)
@given(
    case=strategies.valid_case_studies,
    areas=st.sampled_from(["none", "all", "some"]),
    pick=st.data(),
)
def test_one_rule_broken_in_a_consistent_case_study(plant, case, areas, pick):
    """A consistent case study with one rule broken: the other rules cannot hide it."""
    data = convert.to_data(case)
    plant(data, pick)
    same_verdict(data, areas, pick)


@settings(max_examples=60)
@given(
    case=st.one_of(strategies.valid_case_studies, strategies.case_studies),
    plant=st.lists(st.sampled_from(PLANTS), max_size=2),
    areas=st.sampled_from(["none", "all", "some"]),
    pick=st.data(),
)
def test_any_rules_broken_in_any_case_study(case, plant, areas, pick):
    """Case studies consistent or not (citing unlisted sources, say), with rules broken."""
    data = convert.to_data(case)
    for planted in plant:
        planted(data, pick)
    same_verdict(data, areas, pick)


@settings(max_examples=30)
@given(case=strategies.valid_case_studies)
def test_a_valid_case_study_is_cleared(case):
    """The verdict is not merely cautious: a consistent case study is cleared."""
    data = convert.to_data(case)
    named = {a for i in data.get("initiatives", []) for a in i.get("areas", [])}
    assert verdict.is_clean(data, ROUTES, DATE_KEYS, named)
