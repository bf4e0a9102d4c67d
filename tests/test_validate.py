"""Bad input gets one clear line per problem (FILE: /pointer: message) and exit code 1."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

import casebook
from casebook.cli import main

DATA = Path(__file__).parent / "data"
FRAMEWORK = DATA / "framework.toml"


def minimal() -> dict[str, Any]:
    return tomllib.loads((DATA / "minimal.toml").read_text("utf-8"))


def run_validate(capsys: pytest.CaptureFixture[str], *paths: Path) -> tuple[int, list[str]]:
    code = main(["validate", str(FRAMEWORK), *map(str, paths)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.err.splitlines()


def write_json(tmp_path: Path, data: Any, name: str = "site.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), "utf-8")
    return path


def test_valid_files_pass(capsys):
    """The test data is valid: exit 0 and a count of what was checked."""
    code = main(["validate", str(DATA)])
    assert (0, "2 files valid (1 case study, 1 framework)\n") == (code, capsys.readouterr().out)


def mutate(data: dict[str, Any], pointer: str, value: Any) -> None:
    *parents, last = pointer.strip("/").split("/")
    target: Any = data
    for part in parents:
        target = target[int(part)] if isinstance(target, list) else target[part]
    key: Any = last
    if isinstance(target, list):
        key = len(target) if last == "-" else int(last)
        if key == len(target):
            target.append(None)
    if value is DELETE:
        del target[key]
    else:
        target[key] = value


DELETE = object()

# (description, pointer to change, new value, expected line after "FILE: ")
DATA_PROBLEMS = [
    ("wrong type", "/name", 5, "/name: expected a string, got a number"),
    ("missing field", "/summary", DELETE, "/: missing required field 'summary'"),
    ("unknown field", "/colour", "red", "/colour: unknown field 'colour' (allowed here: "),
    (
        "id not a slug",
        "/id",
        "../x",
        (
            '/id: "../x" is not valid: expected a lower-case slug: letters a-z, digits and single '
            "hyphens, at most 64 characters."
        ),
    ),
    (
        "dangling citation",
        "/outcomes/0/cites/1",
        "nowhere",
        "/outcomes/0/cites/1: cites source 'nowhere', which is not listed in /sources",
    ),
    (
        "unknown framework area",
        "/initiatives/0/areas/0",
        "test-framework/nonsense",
        (
            "/initiatives/0/areas/0: unknown framework area 'test-framework/nonsense': framework "
            "'test-framework' has test-framework/population, test-framework/urgent"
        ),
    ),
    (
        "impossible date",
        "/last_reviewed",
        "2017-02-30",
        "/last_reviewed: '2017-02-30' is not a real calendar date",
    ),
    (
        "a date of the year 0, which no calendar has",
        "/last_reviewed",
        "0000-01-01",
        "/last_reviewed: '0000-01-01' is not a real calendar date",
    ),
    (
        "date that does not match the format",
        "/programme/selected",
        "March 2015",
        (
            '/programme/selected: "March 2015" is not valid: expected a date as precise as the '
            "source gives it: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`."
        ),
    ),
    (
        "duplicate source id",
        "/sources/-",
        {"id": "report", "title": "Copy", "kind": "web-page"},
        "/sources/2/id: duplicate source id 'report' (first used at /sources/0)",
    ),
    (
        "evaluated without outcome",
        "/outcomes/0/initiative",
        DELETE,
        "/initiatives/0/status: is 'evaluated' but no outcome with basis 'measured' names this initiative",
    ),
    (
        "evaluated on an estimate only",
        "/outcomes/0/basis",
        "estimate",
        "/initiatives/0/status: is 'evaluated' but no outcome with basis 'measured' names this initiative",
    ),
    (
        "unknown outcome basis",
        "/outcomes/0/basis",
        "guessed",
        "/outcomes/0/basis: \"guessed\" is not one of 'measured', 'estimate', 'reported'",
    ),
    (
        "outcome without a basis",
        "/outcomes/0/basis",
        DELETE,
        "/outcomes/0: missing required field 'basis'",
    ),
    (
        "unknown enumeration value",
        "/programme/type",
        "vanguard",
        (
            "/programme/type: \"vanguard\" is not one of 'pacs', 'mcp', 'urgent-emergency-care', "
            "'enhanced-health-in-care-homes', 'acute-care-collaboration'"
        ),
    ),
    (
        "javascript url",
        "/sources/0/url",
        "javascript:alert(1)",
        (
            '/sources/0/url: "javascript:alert(1)" is not valid: expected where it can be read: an '
            "`http` or `https` address."
        ),
    ),
    ("blank text", "/summary/text", "   ", "/summary/text: must not be empty or blank"),
    ("no citation", "/place/cites", [], "/place/cites: must not be empty"),
]


@pytest.mark.parametrize(
    ("pointer", "value", "expected"),
    [case[1:] for case in DATA_PROBLEMS],
    ids=[case[0] for case in DATA_PROBLEMS],
)
def test_each_data_problem_is_one_clear_line(tmp_path, capsys, pointer, value, expected):
    """A single fault in a file gives exactly one line naming file, pointer and problem."""
    data = minimal()
    mutate(data, pointer, value)
    path = write_json(tmp_path, data)
    code, lines = run_validate(capsys, path)
    assert 1 == code
    assert 1 == len(lines), lines
    assert lines[0].startswith(f"{path}: {expected}")


FILE_PROBLEMS = [
    (
        "invalid JSON",
        "site.json",
        b'{"id": "x",\n  "name": }',
        "/: invalid JSON at line 2, column 11: Expecting value",
    ),
    (
        "invalid TOML",
        "site.toml",
        b'id = "x"\nname = \n',
        "/: invalid TOML at line 2, column 8: Invalid value",
    ),
    (
        "not UTF-8",
        "site.json",
        b'{"name": "caf\xe9"}',
        "/: not UTF-8 text: invalid byte 0xe9 on line 1",
    ),
    ("empty file", "site.toml", b"", "/: the file is empty: expected a TOML object"),
    ("blank file", "site.json", b"  \n", "/: the file is empty: expected a JSON object"),
    (
        "top level not an object",
        "site.json",
        b"[1, 2]",
        "/: the top level must be an object, not an array",
    ),
    (
        "duplicate JSON key",
        "site.json",
        b'{"id": "a", "id": "b"}',
        "/: invalid JSON: duplicate key 'id'",
    ),
    (
        "the first key to come twice",
        "site.json",
        b'{"a": 1, "b": {"c": 2, "d": 3, "d": 4}, "b": 5, "a": 6}',
        "/: invalid JSON: duplicate key 'd'",
    ),
    ("NaN", "site.json", b'{"id": NaN}', "/: invalid JSON: NaN is not a JSON number"),
    (
        "unknown suffix",
        "site.yaml",
        b"id: x",
        "/: unknown file type '.yaml': use one of .json, .toml",
    ),
]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [case[1:] for case in FILE_PROBLEMS],
    ids=[case[0] for case in FILE_PROBLEMS],
)
def test_each_file_problem_is_one_clear_line(tmp_path, capsys, name, content, expected):
    """A file that cannot be read as data gives one line naming it, and exit 1."""
    path = tmp_path / name
    path.write_bytes(content)
    code, lines = run_validate(capsys, path)
    assert (1, [f"{path}: {expected}"]) == (code, lines)


def test_missing_file(tmp_path, capsys):
    """A file that is not there is named, with exit 1."""
    path = tmp_path / "nothere.toml"
    assert (1, [f"{path}: /: file not found"]) == run_validate(capsys, path)


def test_duplicate_ids_across_files(tmp_path, capsys):
    """Two files with the same case-study id: the second names the first."""
    first = write_json(tmp_path, minimal(), "a.json")
    second = write_json(tmp_path, minimal(), "b.json")
    code, lines = run_validate(capsys, first, second)
    assert (1, [f"{second}: /id: duplicate case study id 'example-site': {first} uses it too"]) == (
        code,
        lines,
    )


def test_every_problem_is_reported_at_once(tmp_path, capsys):
    """Several faults in one file are all reported, sorted by pointer."""
    data = minimal()
    data["name"] = 5
    data["colour"] = "red"
    data["outcomes"][0]["cites"] = ["nowhere"]
    path = write_json(tmp_path, data)
    code, lines = run_validate(capsys, path)
    assert 1 == code
    assert [f"{path}: /colour", f"{path}: /name", f"{path}: /outcomes/0/cites/0"] == [
        line.split(":", 2)[0] + ":" + line.split(":", 2)[1] for line in lines
    ]


def test_api_raises_validation_error_with_problems(tmp_path):
    """The library raises casebook.ValidationError carrying each problem as data."""
    data = minimal()
    data["id"] = "Not A Slug"
    path = write_json(tmp_path, data)
    with pytest.raises(casebook.ValidationError) as info:
        casebook.read_case_study(path, known_areas=["test-framework/urgent"])
    (problem,) = info.value.problems
    assert (str(path), "/id") == (problem.file, problem.pointer)


def test_read_case_study_returns_the_model(tmp_path):
    """A valid TOML file reads into a CaseStudy with its values."""
    case = casebook.read_case_study(DATA / "minimal.toml", known_areas=["test-framework/urgent"])
    assert ("example-site", 12.5, "%") == (case.id, case.outcomes[0].value, case.outcomes[0].unit)
    assert ("report", "news") == tuple(s.id for s in case.sources_for(case.outcomes[0]))


def _write_data(path: Path, data: dict[str, Any]) -> None:
    """Write *data* (the minimal case study, perhaps with another name) as JSON or TOML."""
    if path.suffix == ".json":
        path.write_text(json.dumps(data), "utf-8")
    else:
        text = (DATA / "minimal.toml").read_text("utf-8")
        path.write_text(text.replace('name = "Example Site"', f"name = {data['name']!r}"), "utf-8")


@pytest.mark.parametrize("suffix", [".json", ".toml"])
@pytest.mark.parametrize("new_process", [False, True])
def test_validated_files_are_cached_by_content(tmp_path, monkeypatch, suffix, new_process):
    """A file that passed is not checked again until its bytes change; problems never cache.

    With ``new_process``, what this process remembers is forgotten first, so the second read
    relies on what the cache folder holds, as the next command would.
    """
    from casebook.format import cache, validation

    monkeypatch.setenv("CASEBOOK_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / f"site{suffix}"
    data = minimal()
    _write_data(path, data)
    areas = ["test-framework/urgent"]
    first = casebook.read_case_study(path, known_areas=areas)
    if new_process:
        monkeypatch.setattr(cache, "_passed_sets", {})
    calls = []
    real = validation.check_case_study
    monkeypatch.setattr(
        validation, "check_case_study", lambda *a, **k: calls.append(a) or real(*a, **k)
    )
    assert first == casebook.read_case_study(path, known_areas=areas)
    assert [] == calls
    data["name"] = 5
    _write_data(path, data)
    with pytest.raises(casebook.ValidationError):
        casebook.read_case_study(path, known_areas=areas)
    assert 1 == len(calls)


def test_passed_log_starts_afresh_beyond_its_limit(tmp_path, monkeypatch):
    """The log of files that passed does not grow without end; dropping it only costs checks."""
    from casebook.format import cache

    monkeypatch.setenv("CASEBOOK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "PASSED_LOG_LIMIT", 3 * 65)
    for number in range(5):
        cache.record_passed(f"{number:064x}")
    log = tmp_path / "cache" / "passed.log"
    assert 5 == len(log.read_text().split())
    monkeypatch.setattr(cache, "_passed_sets", {})  # the next process
    assert not cache.passed(f"{0:064x}")
    cache.record_passed("f" * 64)
    assert ["f" * 64] == log.read_text().split()


def test_a_corrupt_cache_is_a_miss(tmp_path, monkeypatch):
    """Garbage in the cache folder is ignored, not an error."""
    from casebook.format import cache

    monkeypatch.setenv("CASEBOOK_CACHE_DIR", str(tmp_path / "cache"))
    json_path = tmp_path / "site.json"
    _write_data(json_path, minimal())
    for path in (DATA / "minimal.toml", json_path):
        casebook.read_case_study(path, known_areas=["test-framework/urgent"])
    for entry in (tmp_path / "cache").rglob("*.json"):
        entry.write_text("{not json")
    (tmp_path / "cache" / "passed.log").write_bytes(b"\xff\x00 not a key\n")
    monkeypatch.setattr(cache, "_passed_sets", {})
    for path in (DATA / "minimal.toml", json_path):
        case = casebook.read_case_study(path, known_areas=["test-framework/urgent"])
        assert "example-site" == case.id


def test_missing_path_without_suffix_is_not_found(tmp_path, capsys):
    """A path that does not exist is reported as not found, whatever its name."""
    path = tmp_path / "nothere"
    assert (1, [f"{path}: /: file not found"]) == run_validate(capsys, path)


def test_folder_without_data_files_is_an_error(tmp_path, capsys):
    """Validating a folder with nothing to check says so instead of passing."""
    folder = tmp_path / "empty"
    folder.mkdir()
    code, lines = run_validate(capsys, folder)
    assert (1, [f"{folder}: /: no data files (.json, .toml) in this folder"]) == (code, lines)


def _unlistable(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Make listing *folder* fail as a folder without read permission does (tests run as root)."""
    import os

    listed = os.scandir

    def scandir(path: Any) -> Any:
        if Path(path) == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return listed(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_a_folder_that_cannot_be_read_fails_validation(tmp_path, monkeypatch, capsys):
    """Its files are not checked, so the folder cannot pass as valid: it was passed over."""
    write_json(tmp_path, minimal(), "site.json")
    hidden = tmp_path / "more"
    hidden.mkdir()
    write_json(hidden, {"id": "broken"}, "broken.json")
    _unlistable(monkeypatch, hidden)
    code, lines = run_validate(capsys, tmp_path)
    assert (1, [f"{hidden}: /: cannot read this folder: Permission denied"]) == (code, lines)


def test_a_given_folder_that_cannot_be_read_says_so(tmp_path, monkeypatch, capsys):
    """Not that it holds no data files: that is not known."""
    folder = tmp_path / "locked"
    folder.mkdir()
    _unlistable(monkeypatch, folder)
    code, lines = run_validate(capsys, folder)
    assert (1, [f"{folder}: /: cannot read this folder: Permission denied"]) == (code, lines)
