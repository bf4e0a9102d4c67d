"""Numbers JSON cannot carry, nesting too deep, and files that are not data: one line each."""

from __future__ import annotations

import importlib.metadata
import json
import math
import os
import sys
import tomllib
import types
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import casebook
from casebook.cli import main
from casebook.exporting import export
from casebook.format import datafile, limits

DATA = Path(__file__).parent / "data"
FRAMEWORK = DATA / "framework.toml"
MINIMAL_TOML = (DATA / "minimal.toml").read_text("utf-8")


def minimal() -> dict[str, Any]:
    return tomllib.loads(MINIMAL_TOML)


def validate(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[int, list[str]]:
    code = main(["validate", str(FRAMEWORK), str(path)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.err.splitlines()


def _with_population(count: object) -> str:
    data = minimal()
    data["population"] = {"count": count, "cites": ["report"]}
    return json.dumps(data)


# (name, file name, content, expected line after "FILE: ")
NUMBERS = [
    (
        "JSON overflow to infinity",
        "site.json",
        json.dumps(minimal()).replace("12.5", "1e400"),
        "/outcomes/0/value: inf is not a finite number",
    ),
    (
        "JSON overflow to minus infinity",
        "site.json",
        json.dumps(minimal()).replace("12.5", "-1e400"),
        "/outcomes/0/value: -inf is not a finite number",
    ),
    ("TOML nan", "site.toml", MINIMAL_TOML.replace("12.5", "nan"), "/outcomes/0/value: nan is not"),
    (
        "TOML inf",
        "site.toml",
        MINIMAL_TOML.replace("12.5", "+inf"),
        "/outcomes/0/value: inf is not",
    ),
    (
        "a population of 10^30",
        "site.json",
        _with_population(10**30),
        (
            "/population/count: 1000000000000000000000000000000 is too large: integers are kept "
            "exactly only up to 9,007,199,254,740,991 (2**53 - 1) in size"
        ),
    ),
    (
        "a 401-digit integer",
        "site.json",
        json.dumps(minimal()).replace("12.5", "9" * 401),
        "/outcomes/0/value: an integer of more than 400 digits is too large",
    ),
    (
        "an integer one past the bound",
        "site.json",
        _with_population(2**53),
        "/population/count: 9007199254740992 is too large",
    ),
    (
        "a TOML integer too long to read",
        "site.toml",
        MINIMAL_TOML.replace("12.5", "9" * 5000),
        "/: invalid TOML: a number has more digits than casebook reads (4300)",
    ),
    (
        "a JSON integer too long to read",
        "site.json",
        json.dumps(minimal()).replace("12.5", "9" * 5000),
        "/: invalid JSON: a number has more digits than casebook reads (4300)",
    ),
]


@pytest.mark.parametrize(
    ("name", "content", "expected"), [c[1:] for c in NUMBERS], ids=[c[0] for c in NUMBERS]
)
def test_numbers_json_cannot_carry_are_invalid(tmp_path, capsys, name, content, expected):
    """Each is one line with its pointer and exit 1, never a traceback or a valid file."""
    path = tmp_path / name
    path.write_text(content, "utf-8")
    code, lines = validate(capsys, path)
    assert 1 == code
    assert 1 == len(lines), lines
    assert lines[0].startswith(f"{path}: {expected}")


@pytest.mark.parametrize(
    ("count", "value"),
    [(limits.MAX_SAFE_INTEGER, sys.float_info.max), (1, -sys.float_info.max), (1, 5e-324)],
)
def test_numbers_at_the_bounds_validate_and_export(tmp_path, count, value):
    """A validated case study always exports as JSON, even with its numbers at the bounds."""
    data = minimal()
    data["population"] = {"count": count, "cites": ["report"]}
    data["outcomes"][0]["value"] = value
    data["outcomes"][0]["baseline"] = -value
    path = tmp_path / "site.json"
    path.write_text(json.dumps(data), "utf-8")
    case = casebook.read_case_study(path, known_areas=["test-framework/urgent"])
    book = casebook.Casebook({case.id: case}, exporters=casebook.load().exporters)
    export(book, "json", tmp_path / "out")
    exported = json.loads(
        (tmp_path / "out" / "case-studies" / f"{case.id}.json").read_text("utf-8")
    )
    assert (count, value) == (exported["population"]["count"], exported["outcomes"][0]["value"])


def _plugin(folder: Path, data_repr: str) -> Path:
    folder.mkdir()
    (folder / "numbers.py").write_text(
        "import pluggy\n"
        "from pathlib import Path\n"
        "hookimpl = pluggy.HookimplMarker('casebook')\n"
        "@hookimpl\n"
        f"def casebook_frameworks():\n    return [Path({str(FRAMEWORK)!r})]\n"
        "@hookimpl\n"
        f"def casebook_case_studies():\n    return [{data_repr}]\n",
        "utf-8",
    )
    return folder


@pytest.mark.parametrize(
    ("pointer", "value", "expected"),
    [
        ("value", "float('nan')", "nan is not a finite number"),
        ("value", "float('-inf')", "-inf is not a finite number"),
        ("baseline", "10**30", "is too large"),
    ],
)
def test_plugin_numbers_are_invalid_data_with_their_pointer(tmp_path, pointer, value, expected):
    """A plugin's dict holding NaN, infinity or a huge integer is invalid data, not exported."""
    data = minimal()
    data["outcomes"][0][pointer] = "NUMBER"
    text = repr(data).replace("'NUMBER'", value)
    folder = _plugin(tmp_path / "plugins", text)
    with pytest.raises(casebook.ValidationError) as info:
        casebook.load(plugins_dir=folder, entry_points=False, strict=True)
    (problem,) = info.value.problems
    assert f"/outcomes/0/{pointer}" == problem.pointer
    assert expected in problem.message


DEEP = 100_000
DEPTHS = [
    ("JSON arrays", "site.json", "[" * DEEP + "]" * DEEP),
    ("JSON objects", "site.json", '{"a": ' * DEEP + "1" + "}" * DEEP),
    ("TOML arrays", "site.toml", "a = " + "[" * DEEP + "]" * DEEP),
    ("TOML inline tables", "site.toml", "a = " + "{b = " * DEEP + "1" + "}" * DEEP),
    ("TOML dotted key", "site.toml", ".".join(["a"] * DEEP) + " = 1"),
    ("TOML quoted dotted key", "site.toml", ".".join(['"a"'] * DEEP) + " = 1"),
    ("TOML table name", "site.toml", "[" + ".".join(["a"] * DEEP) + "]"),
    (
        "JSON just too deep",
        "site.json",
        '{"a": ' + "[" * limits.MAX_DEPTH + "]" * limits.MAX_DEPTH + "}",
    ),
    ("TOML just too deep", "site.toml", "a = " + "[" * limits.MAX_DEPTH + "]" * limits.MAX_DEPTH),
    ("JSON parsed unchecked, too deep", "site.json", '{"a": ' + "[" * 400 + "]" * 400 + "}"),
]


@pytest.mark.parametrize(("name", "content"), [c[1:] for c in DEPTHS], ids=[c[0] for c in DEPTHS])
def test_deep_nesting_is_one_line(tmp_path, capsys, name, content):
    """No RecursionError, no endless parse: one line saying how deep data may nest."""
    path = tmp_path / name
    path.write_text(content, "utf-8")
    code, lines = validate(capsys, path)
    assert 1 == code
    assert 1 == len(lines), lines
    # Deep brackets are refused before parsing (pointer "/"); a level over the bound that
    # parses is named by its pointer.
    assert lines[0].startswith(f"{path}: /")
    assert lines[0].endswith(": nested deeper than 32 levels of arrays and objects")


def test_brackets_in_strings_and_comments_do_not_count(tmp_path, capsys):
    """Only the structure counts: text full of brackets is just text."""
    data = minimal()
    data["summary"]["text"] = "[" * 1000 + "{" * 1000
    path = tmp_path / "site.json"
    path.write_text(json.dumps(data), "utf-8")
    assert (0, []) == validate(capsys, path)
    toml = MINIMAL_TOML.replace(
        'text = "An example used by the tests."',
        "# " + "[" * 100 + "\ntext = '''" + "[" * 100 + ".a" * 100 + "'''",
    )
    path = tmp_path / "site.toml"
    path.write_text(toml, "utf-8")
    assert (0, []) == validate(capsys, path)


def test_plugin_data_nested_too_deep_is_invalid(tmp_path):
    """A plugin's deeply nested dict is invalid data, named by the plugin, not a traceback."""
    data = minimal()
    data["extra"] = "DEEP"
    deep = f"__import__('functools').reduce(lambda x, _: [x], range({DEEP}), [])"
    folder = _plugin(tmp_path / "plugins", repr(data).replace("'DEEP'", deep))
    with pytest.raises(casebook.ValidationError) as info:
        casebook.load(plugins_dir=folder, entry_points=False, strict=True)
    (problem,) = info.value.problems
    assert ("<plugin numbers>", limits.TOO_DEEP) == (problem.file, problem.message)


def test_data_nested_to_the_limit_is_checked_as_usual(tmp_path, capsys):
    """Nesting within the bound reaches the schema checks, which name the unknown field."""
    depth = limits.MAX_DEPTH - 1  # the top-level object is one level
    path = tmp_path / "site.json"
    data = minimal()
    data["extra"] = json.loads("[" * depth + "]" * depth)
    path.write_text(json.dumps(data), "utf-8")
    code, lines = validate(capsys, path)
    assert 1 == code
    assert [f"{path}: /extra: unknown field 'extra'"] == [line.split(" (")[0] for line in lines]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_named_pipe_is_refused_without_waiting(tmp_path, capsys):
    """A FIFO would block the read for ever: it is refused at once."""
    path = tmp_path / "site.json"
    os.mkfifo(path)
    assert (1, [f"{path}: /: is a named pipe (FIFO), not a regular file"]) == validate(capsys, path)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_link_to_a_device_is_refused(tmp_path, capsys):
    """A symbolic link is followed, and what it names must be a regular file."""
    path = tmp_path / "site.json"
    path.symlink_to("/dev/zero")
    assert (1, [f"{path}: /: is a device, not a regular file"]) == validate(capsys, path)


def test_file_over_the_size_cap_is_refused(tmp_path, capsys, monkeypatch):
    """Beyond the cap a file is not read into memory, whatever its content."""
    cap = FRAMEWORK.stat().st_size
    monkeypatch.setattr(datafile, "MAX_FILE_SIZE", cap)
    # The installed plugins' data files are larger than this cap: none is loaded.
    installed = [entry.name for entry in importlib.metadata.entry_points(group="casebook")]
    monkeypatch.setenv("CASEBOOK_DISABLE_PLUGINS", ",".join(installed))
    path = tmp_path / "site.json"
    path.write_text(json.dumps(minimal()) + " " * cap, "utf-8")
    assert (1, [f"{path}: /: is larger than {cap:,} bytes, the most casebook reads"]) == validate(
        capsys, path
    )


def test_size_cap_is_sixteen_mebibytes(tmp_path, capsys):
    """The documented cap: 16 MiB is read; one byte more is not."""
    path = tmp_path / "site.json"
    data = json.dumps(minimal())
    path.write_text(data + " " * (datafile.MAX_FILE_SIZE - len(data)), "utf-8")
    assert (0, []) == validate(capsys, path)
    with path.open("a") as handle:
        handle.write(" ")
    code, lines = validate(capsys, path)
    assert (1, [f"{path}: /: is larger than 16,777,216 bytes, the most casebook reads"]) == (
        code,
        lines,
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"true", "a boolean"),
        (b"false", "a boolean"),
        (b"null", "null"),
        (b"3", "a number"),
        (b'"x"', "a string"),
        (b"[]", "an array"),
    ],
)
def test_top_level_value_is_named_by_its_json_type(tmp_path, capsys, content, expected):
    """A file whose top level is ``true`` is "a boolean", as the schema messages say."""
    path = tmp_path / "site.json"
    path.write_bytes(content)
    assert (1, [f"{path}: /: the top level must be an object, not {expected}"]) == validate(
        capsys, path
    )


def test_validate_of_a_plugin_folder_checks_only_its_data(tmp_path, capsys):
    """pyproject.toml, tests, build output and hidden folders are not case studies."""
    plugin = tmp_path / "plugin"
    data = plugin / "src" / "casebook_site" / "site.toml"
    data.parent.mkdir(parents=True)
    data.write_text(MINIMAL_TOML, "utf-8")
    (plugin / "pyproject.toml").write_text('[project]\nname = "casebook-site"\n', "utf-8")
    for skipped in ("tests/fixture.json", "build/lib/site.toml", ".tox/x.json", "_build/y.toml"):
        (plugin / skipped).parent.mkdir(parents=True, exist_ok=True)
        (plugin / skipped).write_text("{not data", "utf-8")
    (plugin / "src" / "loop").symlink_to(plugin)  # a link to a folder is not followed
    code = main(["validate", str(FRAMEWORK), str(plugin)])
    captured = capsys.readouterr()
    assert (0, "", "2 files valid (1 case study, 1 framework)\n") == (
        code,
        captured.err,
        captured.out,
    )


def test_a_file_named_on_the_command_line_is_always_checked(tmp_path, capsys):
    """The folder rule only chooses files in folders: a named pyproject.toml is checked."""
    path = tmp_path / "pyproject.toml"
    path.write_text('[project]\nname = "x"\n', "utf-8")
    code, lines = validate(capsys, path)
    assert 1 == code
    assert f"{path}: /: missing required field 'schema_version'" in lines


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_in_a_folder_is_reported_not_read(tmp_path, capsys):
    folder = tmp_path / "data"
    folder.mkdir()
    os.mkfifo(folder / "site.json")
    code, lines = validate(capsys, folder)
    assert (1, [f"{folder / 'site.json'}: /: is a named pipe (FIFO), not a regular file"]) == (
        code,
        lines,
    )


numbers = st.one_of(
    st.floats(),
    st.integers(),
    st.integers(min_value=2**53 - 3, max_value=2**53 + 3).map(lambda n: n * (-1) ** (n % 2)),
    st.integers(min_value=2**60, max_value=10**400),
)


@settings(max_examples=100)
@given(value=numbers, field=st.sampled_from(["value", "baseline"]))
def test_a_number_is_valid_only_if_it_exports(value, field):
    """Any number in an outcome: valid exactly when JSON carries it, and a valid one exports."""
    from casebook.export.builtin import JsonExporter
    from casebook.format import loading
    from casebook.model import CaseStudy

    data = minimal()
    data["outcomes"][0][field] = value
    carried = (
        math.isfinite(value) if isinstance(value, float) else abs(value) <= limits.MAX_SAFE_INTEGER
    )
    areas = frozenset(["test-framework/urgent"])
    if not carried:
        with pytest.raises(casebook.ValidationError) as info:
            loading.parse_item(data, CaseStudy, "<test>", areas)
        assert [f"/outcomes/0/{field}"] == [p.pointer for p in info.value.problems]
        return
    case = loading.parse_item(data, CaseStudy, "<test>", areas)
    files = JsonExporter().export(casebook.Casebook({case.id: case}))
    exported = json.loads(files[f"case-studies/{case.id}.json"])
    assert value == exported["outcomes"][0][field]


def _deepest(node: dict[str, Any], defs: dict[str, Any], seen: tuple[str, ...] = ()) -> int:
    """Return how deep the arrays and objects a schema node admits can nest (0 for a scalar)."""
    if "$ref" in node:
        name = node["$ref"].removeprefix("#/$defs/")
        assert name not in seen, f"the schema nests {name} in itself: no bound"
        return _deepest(defs[name], defs, (*seen, name))
    kind = node.get("type")
    if kind == "object":
        assert node.get("additionalProperties") is False, f"an open object: {node}"
        inner = [_deepest(value, defs, seen) for value in node.get("properties", {}).values()]
        return 1 + max(inner, default=0)
    if kind == "array":
        assert "items" in node, f"an array of anything: {node}"
        return 1 + _deepest(node["items"], defs, seen)
    assert kind in {"string", "integer", "number", "boolean"} or "enum" in node or "const" in node
    return 0


def test_what_the_schema_passes_nests_within_the_bound():
    """A document the compiled validator passes skips the walk for the bounds: depth is one.

    That holds because the schema closes every object and types every array, so the deepest
    document it passes is a few levels deep, well within MAX_DEPTH.
    """
    schema = json.loads(Path(casebook.format.validation.SCHEMA_PATH).read_text("utf-8"))
    assert _deepest(schema, schema["$defs"]) < limits.MAX_DEPTH
    framework = casebook.format.validation.framework_schema()
    assert _deepest(framework, schema["$defs"]) < limits.MAX_DEPTH


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("value", "/name: 'Example \\ud800 Site'"),
        ("key", "/\\udfff"),
    ],
)
def test_a_lone_surrogate_escaped_in_a_json_file_is_invalid(tmp_path, capsys, where, expected):
    """JSON text can spell a lone surrogate only as an escape; each is reported with its place."""
    data = minimal()
    if where == "value":
        text = json.dumps(data).replace('"Example Site"', '"Example \\ud800 Site"', 1)
    else:
        text = json.dumps(data)[:-1] + ', "\\udfff": "x"}'
    path = tmp_path / "site.json"
    path.write_text(text, "utf-8")
    code, lines = validate(capsys, path)
    assert 1 == code
    assert any(line.startswith(f"{path}: {expected}") for line in lines), lines
    assert any("lone surrogate" in line for line in lines), lines


@settings(max_examples=100)
@given(value=numbers, field=st.sampled_from(["value", "baseline"]))
def test_a_number_in_a_json_file_is_valid_only_if_it_exports(tmp_path_factory, value, field):
    """The same rule for a number read from a JSON file, which the checks take a faster way."""
    if isinstance(value, float) and not math.isfinite(value):
        text_value = {math.inf: "1e400", -math.inf: "-1e400"}.get(value)
        if text_value is None:
            return  # NaN: JSON text cannot spell it (the parser rejects it: tested above)
    else:
        text_value = json.dumps(value)
    data = minimal()
    data["outcomes"][0][field] = 0.5
    path = tmp_path_factory.mktemp("number") / "site.json"
    path.write_text(json.dumps(data).replace("0.5", text_value, 1), "utf-8")
    carried = (
        math.isfinite(value) if isinstance(value, float) else abs(value) <= limits.MAX_SAFE_INTEGER
    )
    if not carried:
        with pytest.raises(casebook.ValidationError) as info:
            casebook.read_case_study(path, known_areas=["test-framework/urgent"])
        assert [f"/outcomes/0/{field}"] == [p.pointer for p in info.value.problems]
        return
    case = casebook.read_case_study(path, known_areas=["test-framework/urgent"])
    assert value == getattr(case.outcomes[0], field)


@pytest.mark.parametrize("size", [0, 10, 70_000])
def test_a_file_that_grew_since_its_size_was_taken_is_read_whole(tmp_path, monkeypatch, size):
    """The first read asks for the size the file had; a file that grew meanwhile reads on."""
    real_fstat = os.fstat

    def earlier_size(fd: int) -> Any:
        status = real_fstat(fd)
        return types.SimpleNamespace(st_mode=status.st_mode, st_size=size)

    monkeypatch.setattr(datafile, "MAX_FILE_SIZE", 200_000)
    monkeypatch.setattr(datafile.os, "fstat", earlier_size)
    path = tmp_path / "site.json"
    path.write_bytes(b"x" * 150_000)
    assert b"x" * 150_000 == datafile.read_bytes(path)
    path.write_bytes(b"x" * 300_000)
    with pytest.raises(casebook.ValidationError, match="is larger than 200,000 bytes"):
        datafile.read_bytes(path)
