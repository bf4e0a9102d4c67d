"""The attrs classes and the JSON Schema describe the same format and cannot drift apart."""

from __future__ import annotations

import json
import typing
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from casebook import model
from casebook.format import convert, validation
from tests import strategies

# Which $defs entry of the schema each class mirrors ("" is the top-level case study).
SCHEMA_OF = {
    model.CaseStudy: "",
    model.Source: "source",
    model.Statement: "statement",
    model.Programme: "programme",
    model.Place: "place",
    model.Population: "population",
    model.Organisation: "organisation",
    model.Initiative: "initiative",
    model.Outcome: "outcome",
    model.Claim: "claim",
    model.Discrepancy: "discrepancy",
    model.Framework: "framework",
    model.FrameworkArea: "framework_area",
    model.Aim: "aim",
    model.Scope: "framework_scope",
}


def schema_of(cls: type) -> dict[str, Any]:
    root = validation.schema()
    name = SCHEMA_OF[cls]
    return root if not name else root["$defs"][name]


def resolve(node: dict[str, Any]) -> dict[str, Any]:
    """Follow a local ``$ref`` (one level is all the schema uses)."""
    ref = node.get("$ref")
    if ref:
        return {**validation.schema()["$defs"][ref.rsplit("/", 1)[1]], **node}
    return node


def test_every_model_class_has_a_schema_definition():
    """Each attrs class in the model is mirrored in the schema, and the reverse."""
    classes = {c for c in vars(model).values() if isinstance(c, type) and attrs.has(c)}
    assert classes == set(SCHEMA_OF)
    objects = {
        name for name, node in validation.schema()["$defs"].items() if node.get("type") == "object"
    }
    assert objects | {""} == set(SCHEMA_OF.values())


@pytest.mark.parametrize("cls", list(SCHEMA_OF), ids=lambda c: c.__name__)
def test_property_names_and_required_fields_match(cls):
    """A class's fields are the schema's properties; fields without default are required."""
    node = schema_of(cls)
    fields = attrs.fields(cls)
    assert {f.name for f in fields} == set(node["properties"])
    required = {f.name for f in fields if f.default is attrs.NOTHING}
    # schema_version has a default in Python (so callers need not pass it) but is required.
    required |= {"schema_version"} & set(node["properties"])
    assert required == set(node["required"])
    assert node["additionalProperties"] is False


@pytest.mark.parametrize("cls", list(SCHEMA_OF), ids=lambda c: c.__name__)
def test_enumerations_match_literal_types(cls):
    """Every Literal-typed field allows exactly the schema's enum values."""
    hints = typing.get_type_hints(cls, vars(model))
    node = schema_of(cls)
    for name, hint in hints.items():
        inner = hint
        for _ in range(2):  # unwrap X | None and tuple[X, ...]
            args = [a for a in typing.get_args(inner) if a is not type(None)]
            if typing.get_origin(inner) is not typing.Literal and args:
                inner = args[0]
        if typing.get_origin(inner) is not typing.Literal:
            continue
        prop = resolve(node["properties"][name])
        enum = prop.get("enum") or resolve(prop["items"])["enum"]
        assert set(typing.get_args(inner)) == set(enum), name


def test_status_order_covers_every_status():
    """The ranking of evidence statuses names each status once, weakest first."""
    assert set(model.STATUS_ORDER) == set(typing.get_args(model.Status))
    assert model.STATUS_ORDER[0] == "planned"
    assert model.STATUS_ORDER[-1] == "evaluated"


@given(strategies.case_studies)
def test_case_study_round_trips_through_valid_json(case):
    """Any case study, as JSON, passes the schema and converts back to an equal object."""
    data = json.loads(json.dumps(convert.to_data(case)))
    errors = list(validation._validator("case study").iter_errors(data))  # noqa: SLF001
    assert [] == [e.message for e in errors]
    assert case == convert.from_data(data, model.CaseStudy)


@given(strategies.frameworks)
def test_framework_round_trips_through_valid_json(framework):
    """Any framework, as JSON, passes its schema and converts back to an equal object."""
    data = json.loads(json.dumps(convert.to_data(framework)))
    errors = list(validation._validator("framework").iter_errors(data))  # noqa: SLF001
    assert [] == [e.message for e in errors]
    assert framework == convert.from_data(data, model.Framework)


@given(strategies.case_studies)
def test_absent_fields_are_omitted_not_null(case):
    """Optional fields the sources are silent on are left out of the JSON, never null."""

    def nulls(value: Any) -> int:
        if isinstance(value, dict):
            return sum(v is None or nulls(v) for v in value.values())
        if isinstance(value, list):
            return sum(nulls(v) for v in value)
        return 0

    assert nulls(convert.to_data(case)) == 0


def test_a_field_at_its_default_is_left_out_and_any_other_value_written():
    """The data holds what the sources say: a flag or list at its default is not written."""
    plain = model.Aim(text="An aim.", cites=("a",))
    marked = model.Aim(text="An aim.", cites=("a",), mental_health=True)
    assert {"text": "An aim.", "cites": ["a"]} == convert.to_data(plain)
    assert {"text": "An aim.", "cites": ["a"], "mental_health": True} == convert.to_data(marked)
    source = model.Source(id="a", title="T", kind="report")
    assert {"id": "a", "title": "T", "kind": "report"} == convert.to_data(source)


def test_model_objects_are_frozen_and_slotted():
    """Case studies cannot be changed after loading, and carry no per-instance dict."""
    source = model.Source(id="a", title="T", kind="report")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        source.title = "other"  # type: ignore[misc]
    assert not hasattr(source, "__dict__")


def test_sources_for_returns_the_cited_sources_in_order():
    """The sources behind a claim are the ones its cites name, in that order."""
    a = model.Source(id="a", title="A", kind="report")
    b = model.Source(id="b", title="B", kind="news")
    claim = model.Statement(text="x", cites=("b", "a"))
    case = model.CaseStudy(
        id="x",
        name="X",
        programme=model.Programme(type="pacs", cites=("a",)),
        place=model.Place(name="P", cites=("a",)),
        summary=claim,
        last_reviewed="2026-01-01",
        sources=(a, b),
        discrepancies=(
            model.Discrepancy(
                subject="s",
                claims=(
                    model.Claim(value="1", cites=("a",)),
                    model.Claim(value="2", cites=("b", "a")),
                ),
            ),
        ),
    )
    assert (b, a) == case.sources_for(claim)
    assert (a, b) == case.sources_for(case.discrepancies[0])
    with pytest.raises(TypeError, match="carries no citations"):
        case.sources_for(a)


def _mutations() -> st.SearchStrategy[Any]:
    """Documents near the valid ones: a field removed, added, or given a wrong value."""
    wrong = st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=5),
        st.lists(st.integers(), max_size=2), st.just({}), st.just("../x"), st.just("2017-13"),
    )  # fmt: skip

    @st.composite
    def mutated(draw: st.DrawFn) -> Any:
        data = convert.to_data(draw(strategies.case_studies))
        node: Any = data
        for _ in range(draw(st.integers(0, 3))):
            children = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
            containers = [(k, v) for k, v in children if isinstance(v, (dict, list)) and v]
            if not containers:
                break
            _, node = draw(st.sampled_from(containers))
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        action = draw(st.sampled_from(["remove", "replace", "add"]))
        if action == "add" and isinstance(node, dict):
            node[draw(st.sampled_from(["extra", "id", "cites"]))] = draw(wrong)
        elif action == "remove" and keys:
            del node[draw(st.sampled_from(keys))]
        elif keys:
            node[draw(st.sampled_from(keys))] = draw(wrong)
        return data

    return mutated()


@given(st.one_of(strategies.case_studies.map(convert.to_data), _mutations()))
def test_fast_and_detailed_validators_agree(data):
    """The compiled validator and jsonschema give the same verdict on any document."""
    fast = validation._fast_validator("case study")  # noqa: SLF001
    detailed = validation._validator("case study")  # noqa: SLF001
    assert fast is not None
    assert detailed.is_valid(data) == fast(data)
