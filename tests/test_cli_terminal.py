"""Case-study text reaches the terminal as text: no escape sequence in it is acted on.

A site's name, a framework's title or a plugin's error is someone else's text. Printed as it is,
ESC ] 0 ; ... BEL retitles the window, ESC [ 2 J clears the screen, a carriage return or a CSI
(U+009B) lets it overwrite casebook's own lines, and a right-to-left override reverses what
follows it. Every command shows such characters as escapes.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casebook.cli import main
from casebook.wording import terminal_json, terminal_text

DATA = Path(__file__).parent / "data"
HOSTILE = "Harmless\x1b]0;owned\x07\x1b[2J\x1b[H\r\u009b32mEvaluated\x7f\u202eevil\u2028line"
# What no output may hold: the C0 controls but tab and newline, DEL, the C1 controls, the line
# separators and the characters that reorder text.
ACTED_ON = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


@pytest.fixture
def hostile_plugins(tmp_path: Path) -> Path:
    case = tomllib.loads((DATA / "minimal.toml").read_text("utf-8"))
    case["name"] = HOSTILE
    case["place"]["name"] = HOSTILE
    case["sources"][0]["title"] = HOSTILE
    framework = tomllib.loads((DATA / "framework.toml").read_text("utf-8"))
    framework["title"] = HOSTILE
    framework["areas"][0]["title"] = HOSTILE
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "hostile.py").write_text(
        "import json\nimport pluggy\nhookimpl = pluggy.HookimplMarker('casebook')\n"
        f"CASE = json.loads({json.dumps(case)!r})\nFRAMEWORK = json.loads({json.dumps(framework)!r})\n"
        "@hookimpl\ndef casebook_case_studies():\n    return [CASE]\n"
        "@hookimpl\ndef casebook_frameworks():\n    return [FRAMEWORK]\n",
        "utf-8",
    )
    return folder


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["show", "example-site"],
        ["compare", "--framework", "test-framework"],
        ["coverage"],
        ["plugins"],
    ],
    ids=lambda args: args[0],
)
def test_no_command_sends_what_a_terminal_acts_on(hostile_plugins, capsys, args):
    assert 0 == main([*args, "--plugins-dir", str(hostile_plugins)])
    out, err = capsys.readouterr()
    assert [] == ACTED_ON.findall(out + err)
    if args[0] in {"show", "compare"}:
        assert "Harmless\\x1b]0;owned\\x07" in out  # shown, escaped, not dropped


@pytest.mark.parametrize("verb", ["list", "show"])
def test_json_output_escapes_them_and_means_the_same(hostile_plugins, capsys, verb):
    args = [verb, "example-site"] if verb == "show" else [verb]
    assert 0 == main([*args, "--format", "json", "--plugins-dir", str(hostile_plugins)])
    out = capsys.readouterr().out
    assert [] == ACTED_ON.findall(out)
    data = json.loads(out)
    names = [data["name"]] if verb == "show" else [c["name"] for c in data]
    assert HOSTILE in names


def test_a_plugins_error_is_escaped_too(tmp_path, capsys):
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "broken.py").write_text(f"raise RuntimeError({HOSTILE!r})\n", "utf-8")
    assert 1 == main(["list", "--plugins-dir", str(folder)])
    err = capsys.readouterr().err
    assert "casebook: plugin 'broken' failed" in err
    assert [] == ACTED_ON.findall(err)


@given(st.text())
def test_terminal_text_escapes_only_what_a_terminal_acts_on(text):
    shown = terminal_text(text)
    assert [] == ACTED_ON.findall(shown)
    assert (shown.count("\n"), shown.count("\t")) == (text.count("\n"), text.count("\t"))
    if not ACTED_ON.search(text):
        assert text == shown


@given(
    st.recursive(
        st.text() | st.integers(), lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner)
    )
)
def test_terminal_json_is_the_same_json(data):
    text = json.dumps(data, ensure_ascii=False)
    escaped = terminal_json(text)
    assert [] == ACTED_ON.findall(escaped)
    assert data == json.loads(escaped)
