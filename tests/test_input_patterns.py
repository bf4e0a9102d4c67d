"""The schema's patterns mean the whole string, and both validators read them alike.

jsonschema (Python's ``re.search``, where ``$`` matches before a final newline) and jsonschema-rs
(ECMA-262 semantics) once disagreed on a trailing newline, so ``site\\n`` passed as an id. Here
every patterned field is given strings with trailing newlines, control characters and Unicode
line separators, and the two validators must give one verdict; what they reject is reported
at its pointer.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import casebook
from casebook.cli import main
from casebook.format import validation
from tests import strategies

DATA = Path(__file__).parent / "data"

#: Strings where the two regular-expression dialects used to differ, or could.
AWKWARD = [
    "\n", "\r", "\r\n", "\u2028", "\u2029", "\x85", "\x00", "\x1b", "\x1c", "\x1f", "\t", "\v",
    " ", "\xa0", "\ufeff", "\u200b", "\u180e", "\x7f", "\x9f", "\u3000",
]  # fmt: skip

#: A pointer into the minimal case study for each pattern, with values valid there.
FIELDS: dict[str, st.SearchStrategy[str]] = {
    "/id": strategies.slugs,
    "/place/cites/0": strategies.slugs,
    "/initiatives/0/areas/0": st.builds("{}/{}".format, strategies.slugs, strategies.slugs),
    "/name": strategies.texts,
    "/programme/selected": strategies.partial_dates,
    "/last_reviewed": strategies.full_dates,
    "/sources/0/url": strategies.urls,
}


def minimal() -> dict[str, Any]:
    return tomllib.loads((DATA / "minimal.toml").read_text("utf-8"))


def _set(data: dict[str, Any], pointer: str, value: str) -> None:
    *parents, last = pointer.strip("/").split("/")
    target: Any = data
    for part in parents:
        target = target[int(part)] if isinstance(target, list) else target[part]
    target[int(last) if isinstance(target, list) else last] = value


def _schema_patterns(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["pattern"]} if isinstance(node.get("pattern"), str) else set()
        return found.union(*(_schema_patterns(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_schema_patterns(v) for v in node))
    return set()


def _pattern_at(pointer: str) -> str:
    """Return the pattern the detailed validator applies at *pointer* of the minimal case."""
    data = minimal()
    _set(data, pointer, "\n")
    errors = validation._validator("case study").iter_errors(data)  # noqa: SLF001
    (pattern,) = {e.validator_value for e in errors if e.validator == "pattern"}
    return str(pattern)


def test_every_pattern_of_the_schema_is_tried():
    """The fields below cover each distinct pattern in the schema."""
    assert _schema_patterns(validation.schema()) == {_pattern_at(p) for p in FIELDS}


awkward = st.lists(st.sampled_from(AWKWARD), max_size=2).map("".join)


@st.composite
def field_values(draw: st.DrawFn) -> tuple[str, str]:
    pointer = draw(st.sampled_from(sorted(FIELDS)))
    valid = FIELDS[pointer]
    value = draw(
        st.one_of(
            valid,
            st.tuples(valid, st.sampled_from(AWKWARD)).map("".join),
            st.tuples(awkward, valid, awkward).map("".join),
            st.tuples(valid, st.sampled_from(AWKWARD), valid).map("".join),
            st.lists(st.sampled_from(AWKWARD) | st.characters(codec="utf-8"), max_size=8).map(
                "".join
            ),
        )
    )
    return pointer, value


@settings(max_examples=200)
@given(field_values())
def test_validators_agree_on_awkward_strings(tmp_path_factory, field):
    """One verdict from both validators; a rejected value is reported at its own pointer."""
    pointer, value = field
    data = minimal()
    _set(data, pointer, value)
    fast = validation._fast_validator("case study")  # noqa: SLF001
    detailed = validation._validator("case study")  # noqa: SLF001
    assert fast is not None
    verdict = detailed.is_valid(data)
    assert verdict == fast(data)
    path = tmp_path_factory.mktemp("case") / "site.json"
    path.write_text(json.dumps(data), "utf-8")
    problems: tuple[casebook.Problem, ...] = ()
    try:
        casebook.read_case_study(path)
    except casebook.ValidationError as exc:
        problems = exc.problems
    # Only the value put in is wrong; a valid slug may still cite nothing, a valid date may not
    # exist on the calendar: casebook's own rules, at the same pointer.
    assert {pointer} >= {p.pointer for p in problems}
    assert verdict or problems


@pytest.mark.parametrize(
    ("pointer", "value"),
    [
        ("/id", "example-site\n"),
        ("/last_reviewed", "2017-02-01\n"),
        ("/programme/selected", "2015\n"),
        ("/sources/0/url", "https://example.org/report\n"),
        ("/sources/0/url", "https://example.org/\x1b[2Jreport"),
        ("/initiatives/0/areas/0", "test-framework/urgent\n"),
        ("/name", "\ufeff"),
        ("/name", "\x1c\x1d"),
    ],
)
def test_trailing_newline_and_blank_text_are_invalid(tmp_path, capsys, pointer, value):
    """``validate`` rejects each at its pointer, with the value shown escaped."""
    data = minimal()
    _set(data, pointer, value)
    path = tmp_path / "site.json"
    path.write_text(json.dumps(data), "utf-8")
    framework = DATA / "framework.toml"
    code = main(["validate", str(framework), str(path)])
    lines = capsys.readouterr().err.splitlines()
    assert 1 == code
    assert lines
    for line in lines:
        assert line.startswith(f"{path}: {pointer}: ")
        assert line.isprintable()


DATE_FIELDS = {
    "/last_reviewed": None,
    "/programme/selected": None,
    "/sources/0/date": None,
    "/initiatives/0/started": None,
    "/population/as_of": {"count": 1000, "cites": ["report"]},
}


@pytest.mark.parametrize("pointer", DATE_FIELDS)
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2017-02-30", "'2017-02-30' is not a real calendar date"),
        ("2017-02-30\n", '"2017-02-30\\n" is not valid: expected '),
        ("2017-02-28\n", '"2017-02-28\\n" is not valid: expected '),
        ("2017-02-28\u2028", '"2017-02-28\\u2028" is not valid: expected '),
        ("2017-02-28 trailing", '"2017-02-28 trailing" is not valid: expected '),
    ],
)
def test_every_date_field_has_whole_string_and_calendar_checks(
    tmp_path, capsys, pointer, value, expected
):
    """A date with trailing text is refused at every date field, once; an impossible one too."""
    data = minimal()
    parent = DATE_FIELDS[pointer]
    if parent is not None:
        data[pointer.split("/")[1]] = dict(parent)
    _set(data, pointer, value)
    path = tmp_path / "site.json"
    path.write_text(json.dumps(data), "utf-8")
    code = main(["validate", str(DATA / "framework.toml"), str(path)])
    lines = capsys.readouterr().err.splitlines()
    assert (1, 1) == (code, len(lines)), lines
    assert lines[0].startswith(f"{path}: {pointer}: {expected}")


def test_the_compiled_validator_reads_each_pattern_without_a_lookaround():
    """Its engine backtracks on a lookaround; the agreement tests above hold it to the meaning.

    The compiled form differs from the published schema only in the ends of its patterns.
    """
    schema = validation.schema()
    compiled = validation.compiled_form(schema)
    patterns = _schema_patterns(compiled)
    assert patterns
    assert not [p for p in patterns if "(?" in p]
    restored = json.dumps(compiled).replace('$"', '(?![\\\\s\\\\S])"')
    assert json.loads(restored) == schema
