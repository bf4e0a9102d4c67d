"""Messages that quote the input stay short and never send it raw to the terminal."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import casebook
from casebook.cli import main
from casebook.wording import MESSAGE_LENGTH

DATA = Path(__file__).parent / "data"
FRAMEWORK = DATA / "framework.toml"
#: A line may hold a long file name and pointer besides the message; none comes near this.
LONGEST_LINE = 2 * MESSAGE_LENGTH
HUGE = 10_000_000


def minimal() -> dict[str, Any]:
    return tomllib.loads((DATA / "minimal.toml").read_text("utf-8"))


def validate_lines(capsys: pytest.CaptureFixture[str], path: Path) -> list[str]:
    code = main(["validate", str(FRAMEWORK), str(path)])
    captured = capsys.readouterr()
    assert 1 == code
    assert "Traceback" not in captured.err
    return captured.err.splitlines()


def _assert_safe(lines: list[str]) -> None:
    assert lines
    for line in lines:
        assert len(line) <= LONGEST_LINE, len(line)
        assert line.isprintable(), repr(line[:200])


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda d: d.__setitem__("id", "X" * HUGE), id="10 MB id"),
        pytest.param(lambda d: d.__setitem__("k" * HUGE, 1), id="10 MB field name"),
        pytest.param(lambda d: d["programme"].__setitem__("type", "p" * HUGE), id="10 MB enum"),
        pytest.param(lambda d: d["place"].__setitem__("cites", ["c" * HUGE]), id="10 MB citation"),
        pytest.param(lambda d: d.__setitem__("sources", {"s": ["x" * 2500]}), id="wrong type"),
        pytest.param(lambda d: d["place"].__setitem__("name", "n" * HUGE), id="10 MB text ok"),
    ],
)
def test_quoted_input_is_a_short_excerpt(tmp_path, capsys, change):
    """Whatever the size of what is quoted, each line stays short and says how long it was."""
    data = minimal()
    change(data)
    data["colour"] = "also wrong, so that every case has a problem to report"
    path = tmp_path / "site.json"
    path.write_text(json.dumps(data), "utf-8")
    lines = validate_lines(capsys, path)
    _assert_safe(lines)


def test_a_huge_id_is_shown_cut_with_its_length(tmp_path, capsys):
    data = minimal()
    data["id"] = "X" * HUGE
    path = tmp_path / "site.json"
    path.write_text(json.dumps(data), "utf-8")
    pattern, length = validate_lines(capsys, path)
    assert pattern.startswith(f'{path}: /id: "{"X" * 60}"... (10,000,000 characters in all) is not')
    assert f"{path}: /id: is 10,000,000 characters long: at most 64 allowed" == length


ESCAPES = ["\x1b[2J\x1b[31m", "\x07", "\r", "\n", "\u202e", "\x9b31m", "\u2028", "\x00"]


@pytest.mark.parametrize("escape", ESCAPES)
def test_control_characters_are_shown_escaped(tmp_path, capsys, escape):
    """Terminal escapes in a value, a field name or a duplicated id never reach the terminal."""
    data = minimal()
    data["id"] = f"bad{escape}id"
    data[f"field{escape}"] = 1
    data["sources"].append({"id": "report", "title": f"t{escape}", "kind": "news"})
    path = tmp_path / "site.json"
    path.write_text(json.dumps(data), "utf-8")
    lines = validate_lines(capsys, path)
    _assert_safe(lines)
    assert 3 == len(lines), lines
    assert escape not in "".join(lines)


def test_a_file_name_with_control_characters_is_shown_escaped(tmp_path, capsys):
    path = tmp_path / "site\x1b[2J.json"
    path.write_text("{", "utf-8")
    (line,) = validate_lines(capsys, path)
    expected = (
        "/: invalid JSON at line 1, column 2: Expecting property name enclosed in double quotes"
    )
    assert f"{tmp_path}/site\\x1b[2J.json: {expected}" == line


def test_an_unknown_id_with_escapes_is_shown_escaped(capsys):
    """Errors that are not data problems (here an unknown id) are escaped and short as well."""
    code = main(["show", "--disable", "frameworks", "\x1b]0;title\x07" + "x" * HUGE])
    err = capsys.readouterr().err
    assert 2 == code
    _assert_safe(err.splitlines())
    assert 1 == len(err.splitlines())


# Any text at all, put where messages quote it: as a value of the wrong kind, a field name, an id.
hostile = st.text(max_size=200) | st.builds(
    "".join, st.lists(st.sampled_from(ESCAPES) | st.characters(), max_size=30)
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=hostile,
    place=st.sampled_from(["id", "field", "enum", "date", "cites", "duplicate", "area"]),
)
def test_any_text_gives_short_printable_lines(tmp_path, capsys, text, place):
    data = minimal()
    data["name"] = 5  # always at least one problem
    if place == "id":
        data["id"] = text
    elif place == "field":
        data["summary"][text or "x"] = text
    elif place == "enum":
        data["programme"]["type"] = text
    elif place == "date":
        data["last_reviewed"] = text
    elif place == "cites":
        data["place"]["cites"] = [text]
    elif place == "duplicate":
        data["sources"][1]["id"] = "report"
        data["sources"][1]["title"] = text or "x"
    else:
        data["initiatives"][0]["areas"] = [text]
    path = tmp_path / "site.json"
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(casebook.ValidationError) as info:
        casebook.read_case_study(path)
    for problem in info.value.problems:
        line = str(problem)
        assert len(line) <= LONGEST_LINE
        assert line.isprintable()
