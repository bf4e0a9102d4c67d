"""Whatever a plugin's hook raises or returns, it is that plugin's failure; the others load."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest

import casebook
from casebook.cli import main
from tests.test_plugins import PLUGIN_WITH_DICT, fake_entry_points, site_data

__all__ = ["fake_entry_points"]

HOOK = """
import copy, datetime, sys, types
BASE = {data!r}

def site():
    return copy.deepcopy(BASE)

@hookimpl
def casebook_case_studies():
{body}
"""

# (hook body, what the failure says)
MISBEHAVIOUR = {
    "sys.exit": (
        "    sys.exit(3)",
        "casebook_case_studies() raised SystemExit: the plugin called sys.exit(3)",
    ),
    "SystemExit": ("    raise SystemExit", "raised SystemExit: the plugin called sys.exit(None)"),
    "GeneratorExit": ("    raise GeneratorExit", "casebook_case_studies() raised GeneratorExit"),
    "BaseException": (
        "    class Odd(BaseException): pass\n    raise Odd('odd')",
        "casebook_case_studies() raised Odd: odd",
    ),
    "generator raising midway": (
        "    yield site()\n    raise ValueError('half way')",
        "casebook_case_studies() raised ValueError: half way",
    ),
    "non-string key": (
        "    d = site(); d[1] = 'one'; return [d]",
        "<plugin bad>: /: has a key int 1: keys must be strings of text",
    ),
    "set": (
        "    d = site(); d['aims'] = {'a'}; return [d]",
        "<plugin bad>: /aims: is a set, which JSON cannot hold: use a list",
    ),
    "date": (
        "    d = site(); d['last_reviewed'] = datetime.date(2020, 1, 2); return [d]",
        (
            "<plugin bad>: /last_reviewed: is a date object, which is not JSON data (write dates "
            "as 'YYYY-MM-DD' strings)"
        ),
    ),
    "object without id": (
        "    return [types.SimpleNamespace(name='x')]",
        (
            "<plugin bad>: /: expected a case study object, a mapping or a file path, got "
            "SimpleNamespace"
        ),
    ),
    "deep nesting": (
        (
            "    d = site(); v = []\n    for _ in range(100_000): v = [v]\n    d['aims'] = v\n"
            "    return [d]"
        ),
        "nested deeper than 32 levels of arrays and objects",
    ),
    "lone surrogate": (
        "    d = site(); d['name'] = 'bad \\udc80'; return [d]",
        "<plugin bad>: /name: 'bad \\udc80' holds a lone surrogate, which is not Unicode text",
    ),
    "NaN": (
        "    d = site(); d['outcomes'][0]['value'] = float('nan'); return [d]",
        "<plugin bad>: /outcomes/0/value: nan is not a finite number",
    ),
    "infinity": (
        "    d = site(); d['outcomes'][0]['value'] = float('inf'); return [d]",
        "<plugin bad>: /outcomes/0/value: inf is not a finite number",
    ),
    "int too large for a float": (
        "    d = site(); d['outcomes'][0]['value'] = 10 ** 400; return [d]",
        "<plugin bad>: /outcomes/0/value: an integer of more than 399 digits is too large",
    ),
    "not a list": ("    return 'salford.toml'", "returned a str, not a list of items"),
}


def misbehaving_site() -> dict:
    data = site_data("bad-site")
    data["outcomes"] = [
        {
            "id": "o",
            "measure": "m",
            "value": 1,
            "unit": "%",
            "initiative": data["initiatives"][0]["id"],
            "basis": "measured",
            "confidence": "low",
            "cites": ["report"],
        }
    ]
    return data


@pytest.mark.parametrize("case", sorted(MISBEHAVIOUR))
def test_a_misbehaving_hook_is_that_plugins_failure(case, fake_entry_points, capsys):
    """The misbehaving plugin is reported with its cause; the good one is loaded; exit 1."""
    body, expected = MISBEHAVIOUR[case]
    fake_entry_points("bad", HOOK.format(data=misbehaving_site(), body=body))
    fake_entry_points("good", PLUGIN_WITH_DICT.format(data=site_data("good-site")))
    book = casebook.load()
    assert ["good-site"] == list(book)
    assert ["bad"] == [f.name for f in book.failures]
    assert expected in book.failures[0].error
    assert 1 == main(["list"])
    out, err = capsys.readouterr()
    assert "good-site" in out
    (line,) = err.splitlines()
    assert line.startswith("casebook: plugin 'bad' failed: ")
    assert len(line) < 500


def test_the_control_case_is_valid(fake_entry_points):
    """The data the cases above spoil is valid as it is, so each failure is the spoiling."""
    fake_entry_points("bad", HOOK.format(data=misbehaving_site(), body="    return [site()]"))
    assert (["bad-site"], ()) == (list(casebook.load()), casebook.load().failures)


def test_a_plugin_that_exits_on_import_does_not_end_the_command(fake_entry_points, capsys):
    """A plugin module calling sys.exit(0) at import is a failed plugin, not an empty list."""
    fake_entry_points("quitter", "import sys\nsys.exit(0)\n")
    fake_entry_points("good", PLUGIN_WITH_DICT.format(data=site_data("good-site")))
    assert 1 == main(["list"])
    out, err = capsys.readouterr()
    assert "good-site" in out
    assert (
        "casebook: plugin 'quitter' failed: failed to load: SystemExit: the plugin called "
        "sys.exit(0)\n"
    ) == err


def test_keyboard_interrupt_stops_the_command_in_one_line(fake_entry_points, capsys):
    """KeyboardInterrupt is the user's Ctrl-C: one line, exit 130, no traceback."""
    fake_entry_points("ctrl-c", HOOK.format(data={}, body="    raise KeyboardInterrupt"))
    with pytest.raises(KeyboardInterrupt):
        casebook.load()
    assert 130 == main(["list"])
    assert ("", "casebook: interrupted\n") == capsys.readouterr()


def test_a_hooks_exception_that_cannot_print_is_still_reported(fake_entry_points):
    """Even an exception whose str() raises is reported, not a traceback."""
    body = "    class Bad(Exception):\n        def __str__(self): raise RuntimeError\n    raise Bad"
    fake_entry_points("bad", HOOK.format(data={}, body=body))
    (failure,) = casebook.load().failures
    assert "casebook_case_studies() raised Bad: (its message cannot be shown)" == failure.error


def test_a_real_interrupt_of_the_command_exits_130(tmp_path):
    """SIGINT delivered while a plugin runs ends `casebook list` with one line and 130."""
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "slow.py").write_text("import os, signal\nos.kill(os.getpid(), signal.SIGINT)\n")
    result = subprocess.run(
        [sys.executable, "-m", "casebook", "list", "--plugins-dir", str(folder)],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "", "CASEBOOK_CACHE_DIR": ""},
        # A job started in the background inherits SIGINT ignored, and Python keeps it so.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert (130, "casebook: interrupted\n") == (result.returncode, result.stderr)
