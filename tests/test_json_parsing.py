"""A data file's JSON reads the same whichever parser reads it: orjson's fast path or json's."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casebook.errors import ValidationError
from casebook.format import datafile


def careful(text: str) -> Any:
    """Parse *text* as casebook's careful parser does: no repeated key, no NaN or infinity."""

    def one_of_each(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        data = dict(pairs)
        if len(data) != len(pairs):
            msg = "a key came twice"
            raise ValueError(msg)
        return data

    def no_constant(name: str) -> Any:
        raise ValueError(name)

    return json.loads(text, object_pairs_hook=one_of_each, parse_constant=no_constant)


def written(data: Any) -> str:
    """Write *data* so that equal text means equal data: types, key order and floats exact."""
    return json.dumps(data, ensure_ascii=True)


def string_texts() -> st.SearchStrategy[str]:
    """Strings as JSON spells them: plain, with escapes, and with colons escaped or not."""
    return st.builds(
        lambda text, ascii_only, escape_colons: (
            json.dumps(text, ensure_ascii=ascii_only).replace(":", "\\u003a")
            if escape_colons
            else json.dumps(text, ensure_ascii=ascii_only)
        ),
        st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(':"\\{}[],')),
        st.booleans(),
        st.booleans(),
    )


def number_texts() -> st.SearchStrategy[str]:
    """Numbers of every size and spelling, beyond 64 bits and beyond a float's range too."""
    return st.one_of(
        st.integers().map(str),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.floats(allow_nan=False, allow_infinity=False).map(repr),
        st.sampled_from(["1e400", "-1e400", "-0", "0.0", "1E+2", "2.5e-324", "NaN", "Infinity"]),
        st.builds(lambda d, e: f"{d}e{e}", st.integers(-999, 999), st.integers(-400, 400)),
    )


def json_texts() -> st.SearchStrategy[str]:
    """JSON texts (some invalid) whose objects often repeat a key, with varied spacing."""
    keys = st.sampled_from(["a", "b", "id", "a:b", "é"]).map(json.dumps) | string_texts()
    scalars = string_texts() | number_texts() | st.sampled_from(["true", "false", "null"])
    colon = st.sampled_from([":", " : ", ":\n"])

    def containers(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        members = st.lists(st.tuples(keys, colon, children), max_size=5)
        objects = members.map(lambda m: "{" + ", ".join(k + c + v for k, c, v in m) + "}")
        arrays = st.lists(children, max_size=5).map(lambda items: "[" + ",".join(items) + "]")
        return objects | arrays

    return st.recursive(scalars, containers, max_leaves=30).map(lambda t: '{"top": ' + t + "}")


@settings(max_examples=400)
@given(text=json_texts())
def test_a_file_reads_as_the_careful_parser_reads_it(text):
    """The same data, types and key order included, or a rejection where json rejects it."""
    try:
        expected = careful(text)
    except (ValueError, RecursionError):
        with pytest.raises(ValidationError):
            datafile.parse_data(text.encode("utf-8", "surrogatepass"), "site.json")
        return
    got = datafile.parse_data(text.encode("utf-8", "surrogatepass"), "site.json")
    assert written(expected) == written(got)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('{"a": 1, "a": 2}', "a"),
        ('{"a": {"b": ":", "b": 2}}', "b"),
        ('{"x": "a:b", "x" : "c"}', "x"),
        ('{"k\\u003a": 1, "k:": 2}', "k:"),
        # An escaped colon in a string kept makes up for the colon of the member dropped.
        ('{"x": "\\u003a", "a": 1, "a": 2}', "a"),
    ],
)
def test_a_key_that_comes_twice_is_named(text, key):
    """orjson keeps the last of two equal keys; casebook never does."""
    with pytest.raises(ValidationError, match=f"duplicate key '{key}'"):
        datafile.parse_data(text.encode(), "site.json")


def test_an_integer_beyond_64_bits_stays_exact():
    """orjson reads such an integer as a float; the careful parser keeps it, for the bounds."""
    data = datafile.parse_data(b'{"count": 123456789012345678901234567890}', "site.json")
    assert 123456789012345678901234567890 == data["count"]


@settings(max_examples=200)
@given(text=json_texts())
def test_a_parse_noted_short_has_no_long_number(text):
    """The checks skip the walk for the bounds only on data whose text has no 16-digit run."""
    raw = text.encode("utf-8", "surrogatepass")
    try:
        data, short_numbers = datafile.parse_data_noting(raw, "site.json")
    except ValidationError:
        return
    assert data == datafile.parse_data(raw, "site.json")
    if short_numbers:
        assert re.search(r"[0-9]{16}", text) is None


@pytest.mark.parametrize(
    ("raw", "short_numbers"),
    [
        (b'{"count": 123456789012345}', True),
        (b'{"count": 1234567890123456}', False),
        (b'{"id": "a-1234567890123456"}', False),
        (b'\xef\xbb\xbf{"count": 1}', False),  # a byte-order mark: read by the careful parser
        (b'{"count": 1}', True),
        (b'{"text": "' + b"x" * 1000 + b'"}', True),  # long, but with few brackets
        (b'{"items": [' + b"[1]," * 499 + b"[1]]}", False),  # 501 brackets: may nest too deep
    ],
)
def test_which_parses_are_noted_short(raw, short_numbers):
    """A run of 16 digits anywhere, or text orjson does not take, is never noted short."""
    assert datafile.parse_data_noting(raw, "site.json")[1] is short_numbers


def test_text_that_may_nest_too_deep_is_measured_before_parsing():
    """Past a bound on its brackets, text goes to the careful parser, which names the depth."""
    deep = b'{"a": ' + b"[" * 600 + b"]" * 600 + b"}"
    with pytest.raises(ValidationError, match="nested"):
        datafile.parse_data(deep, "site.json")


def test_toml_is_never_noted_short():
    """Only JSON text is parsed by orjson."""
    assert datafile.parse_data_noting(b"count = 1\n", "site.toml") == ({"count": 1}, False)
