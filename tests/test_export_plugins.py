"""An exporter is plugin code: whatever it does wrong is its plugin's failure, and never stale."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from casebook import cli
from casebook.export import journal

EXPORTER = """
import gc
import sys
from casebook.plugins.hookspecs import hookimpl

class Odd:
    name = "odd"
    description = "Misbehaves on purpose"

    def export(self, book):
{body}

@hookimpl
def casebook_exporters():
    return [Odd]
"""

MISDEEDS = {
    "the path '.'": 'return {".": b"x"}',
    "an empty path": 'return {"": b"x"}',
    "a very deep path": 'return {"a/" * 5000 + "x": b"x"}',
    "a path with NUL": 'return {"a\\x00b": b"x"}',
    "a str for bytes": 'return {"a.txt": "text"}',
    "a path that is not a str": "return {1: b'x'}",
    "a list, not a mapping": 'return [("a.txt", b"x")]',
    "a file and a folder of one name": 'return {"a": b"x", "a/b": b"y"}',
    "casebook's own name": 'return {".casebook-journal.json": b"{}"}',
    "an exception": 'raise ValueError("no")',
    "sys.exit": "sys.exit(3)",
    "a BaseException": "raise GeneratorExit('odd')",
}


def plugin_folder(tmp_path, body: str):
    plugins = tmp_path / "plugins"
    plugins.mkdir(exist_ok=True)
    indented = "\n".join("        " + line for line in body.splitlines())
    (plugins / "oddity.py").write_text(EXPORTER.format(body=indented))
    return plugins


def export_odd(tmp_path, capsys):
    code = cli.main(
        [
            "export",
            "--plugins-dir",
            str(tmp_path / "plugins"),
            "--format",
            "odd",
            "--output",
            str(tmp_path / "out"),
        ]
    )
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("misdeed", sorted(MISDEEDS))
def test_a_misbehaving_exporter_fails_as_its_plugin_in_one_line(tmp_path, capsys, misdeed):
    """The failure names the plugin, takes one short line, exits 1 and writes nothing."""
    plugin_folder(tmp_path, MISDEEDS[misdeed])
    code, out, err = export_odd(tmp_path, capsys)
    assert 1 == code
    assert "" == out
    assert 1 == len(err.splitlines()), err
    assert err.startswith("casebook: error: plugin 'oddity': exporter 'odd' ")
    assert len(err) < 300
    assert not (tmp_path / "out").exists()


def test_sys_exit_in_an_exporter_says_so(tmp_path, capsys):
    plugin_folder(tmp_path, MISDEEDS["sys.exit"])
    assert export_odd(tmp_path, capsys)[2].endswith("exporter 'odd' called sys.exit(3)\n")


def test_ctrl_c_while_rendering_exits_130_in_one_line(tmp_path, capsys):
    """Ctrl-C during an export leaves nothing behind and says so in one line."""
    plugin_folder(tmp_path, "raise KeyboardInterrupt")
    code, _, err = export_odd(tmp_path, capsys)
    assert (130, ["casebook: interrupted"]) == (code, err.splitlines())
    assert not (tmp_path / "out").exists()


def test_ctrl_c_while_writing_leaves_the_folder_as_it_was(tmp_path, capsys, monkeypatch):
    """Interrupted while staging its files, an export changes nothing and removes its staging."""
    plugin_folder(tmp_path, 'return {"a.txt": b"new a", "b.txt": b"new b"}')
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("mine")
    real_stage = journal._stage  # noqa: SLF001

    def stage_then_interrupt(staging, name, content):
        if name != "0":
            raise KeyboardInterrupt
        return real_stage(staging, name, content)

    monkeypatch.setattr(journal, "_stage", stage_then_interrupt)
    code, _, err = export_odd(tmp_path, capsys)
    assert (130, ["casebook: interrupted"]) == (code, err.splitlines())
    assert ["mine.txt"] == sorted(p.name for p in out.iterdir())


def test_the_cycle_collector_is_left_alone_while_an_exporter_runs(tmp_path, capsys):
    """Library code does not switch the garbage collector off around plugin code."""
    plugin_folder(tmp_path, 'return {"gc.txt": str(gc.isenabled()).encode()}')
    assert 0 == export_odd(tmp_path, capsys)[0]
    assert b"True" == (tmp_path / "out" / "gc.txt").read_bytes()


def edit_within_the_second(tmp_path, body: str) -> None:
    """Rewrite the plugin to the same size and modification time, as an edit within a second."""
    plugin = tmp_path / "plugins" / "oddity.py"
    before = plugin.stat()
    plugin_folder(tmp_path, body)
    assert before.st_size == plugin.stat().st_size
    os.utime(plugin, ns=(before.st_atime_ns, before.st_mtime_ns))


def test_an_edited_exporter_changes_the_next_export_in_one_process(tmp_path, capsys, monkeypatch):
    """Exporting again after the exporter's code changed writes the new output.

    Even when Python writes bytecode files, which it trusts on the size and whole seconds.
    """
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    plugin_folder(tmp_path, 'return {"a.txt": b"one"}')
    assert 0 == export_odd(tmp_path, capsys)[0]
    edit_within_the_second(tmp_path, 'return {"a.txt": b"two"}')
    code, out, _ = export_odd(tmp_path, capsys)
    assert 0 == code
    assert b"two" == (tmp_path / "out" / "a.txt").read_bytes()
    assert out.startswith("odd: 1 files written, 0 unchanged")


def test_an_edited_exporter_changes_the_next_export_in_a_new_process(tmp_path):
    """The same across processes: each `casebook export` renders with the current code."""
    command = [
        sys.executable, "-m", "casebook", "export", "--plugins-dir", str(tmp_path / "plugins"),
        "--format", "odd", "--output", str(tmp_path / "out"),
    ]  # fmt: skip
    # Bytecode written, as by default: Python's own check of a .pyc file (modification time
    # in whole seconds, and size) would run the old code of the file edited below.
    env = {"CASEBOOK_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    plugin_folder(tmp_path, 'return {"a.txt": b"one"}')
    subprocess.run(command, check=True, capture_output=True, env=env)
    edit_within_the_second(tmp_path, 'return {"a.txt": b"two"}')
    done = subprocess.run(command, check=True, capture_output=True, text=True, env=env)
    assert b"two" == (tmp_path / "out" / "a.txt").read_bytes()
    assert done.stdout.startswith("odd: 1 files written")
    assert not (tmp_path / "plugins" / "__pycache__").exists()  # the user's folder, untouched
