"""The schema's plan finds every cited list and date that a walk of all the data finds."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casebook.format import convert, keywalk, validation
from tests import strategies

KEYS = {
    "case study": validation._CHECKED_KEYS,  # noqa: SLF001 - the keys the checks look for
    "framework": validation._DATE_KEYS,  # noqa: SLF001
}


def plan(kind: str) -> keywalk.ValuePlan:
    document = validation.schema() if kind == "case study" else validation.framework_schema()
    return keywalk.key_plan(document, validation.schema()["$defs"], KEYS[kind])


#: A kind of document and a valid one of that kind.
documents = st.one_of(
    st.tuples(st.just("case study"), strategies.valid_case_studies),
    st.tuples(st.just("framework"), strategies.frameworks),
)


def in_order(found: keywalk.Found) -> list[tuple[str, object]]:
    return sorted((repr(path), value) for path, value in found)


@settings(max_examples=60)
@given(drawn=documents)
def test_the_plan_finds_what_the_walk_finds(drawn):
    kind, item = drawn
    data = convert.to_data(item)
    found = keywalk.walk_plan(data, plan(kind))
    assert in_order(keywalk.walk_keys(data, KEYS[kind])) == in_order(found)


def test_an_open_object_has_no_plan():
    """Where a schema lets an object hold any key, no plan can say where keys are."""
    schema = {"type": "object", "properties": {"a": {"type": "object", "properties": {}}}}
    with pytest.raises(ValueError, match="open object"):
        keywalk.key_plan(schema, {}, {"cites"})


@settings(max_examples=40)
@given(drawn=documents)
def test_the_routes_find_the_values_the_plan_finds(drawn):
    """The routes, which a valid file is cleared by, reach every key the plan's walk reaches."""
    kind, item = drawn
    data = convert.to_data(item)
    walked = sorted(
        (repr(path[-1]), repr(value)) for path, value in keywalk.walk_plan(data, plan(kind))
    )
    routed = keywalk.values_on_routes(data, keywalk.plan_routes(plan(kind)))
    assert walked == sorted((repr(key), repr(v)) for key, values in routed.items() for v in values)
