"""Long commands show progress on a terminal, and nothing anywhere else or under --quiet."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import termios
import tomllib
from pathlib import Path

import pytest

from casebook.cli import main

DATA = Path(__file__).parent / "data"
COUNT = 60  # above the fewest steps worth a bar


def folder_of_sites(tmp_path: Path) -> Path:
    base = tomllib.loads((DATA / "minimal.toml").read_text("utf-8"))
    folder = tmp_path / "sites"
    folder.mkdir()
    for n in range(COUNT):
        (folder / f"site-{n:03}.json").write_text(json.dumps({**base, "id": f"site-{n:03}"}))
    (folder / "framework.json").write_text(
        json.dumps(tomllib.loads((DATA / "framework.toml").read_text("utf-8")))
    )
    return folder


def on_a_terminal(args: list[str], cwd: Path) -> tuple[int, str]:
    """Run the command with its standard error on a pseudo-terminal; return what it showed."""
    leader, follower = pty.openpty()
    # A terminal 100 columns wide: a new pseudo-terminal has none, and a bar would get none.
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    env = {**os.environ, "CASEBOOK_CACHE_DIR": ""}
    process = subprocess.Popen(
        [sys.executable, "-m", "casebook", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=follower,
        cwd=cwd,
        env=env,
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the command has ended and closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    return process.wait(timeout=120), shown.decode("utf-8", "replace")


@pytest.mark.parametrize(
    ("args", "phase"),
    [
        (["validate", "sites"], "checking"),
        (["export", "--format", "json", "--output", "out"], "writing"),
    ],
    ids=["validate", "export"],
)
def test_a_terminal_sees_progress_and_quiet_sees_none(tmp_path, args, phase):
    folder_of_sites(tmp_path)
    if args[0] == "export":
        args = [*args, "--plugins-dir", str(make_plugin(tmp_path))]
    code, shown = on_a_terminal(args, tmp_path)
    assert (0, True) == (code, f"{phase}:" in shown), shown
    code, shown = on_a_terminal([*args, "--quiet"], tmp_path)
    assert (0, "") == (code, shown.strip())


def make_plugin(tmp_path: Path) -> Path:
    """A plugins folder whose one plugin contributes the folder of sites."""
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "many_sites.py").write_text(
        "import pathlib, pluggy\n"
        "hookimpl = pluggy.HookimplMarker('casebook')\n"
        f"FOLDER = pathlib.Path({str(tmp_path / 'sites')!r})\n"
        "@hookimpl\n"
        "def casebook_case_studies():\n"
        "    return sorted(str(p) for p in FOLDER.glob('site-*.json'))\n"
        "@hookimpl\n"
        "def casebook_frameworks():\n"
        "    return [str(FOLDER / 'framework.json')]\n"
    )
    return plugins


def test_output_that_is_not_a_terminal_gets_no_progress(tmp_path, capsys, monkeypatch):
    folder = folder_of_sites(tmp_path)
    monkeypatch.setenv("CASEBOOK_CACHE_DIR", "")
    assert 0 == main(["validate", str(folder)])
    captured = capsys.readouterr()
    assert ("", f"{COUNT + 1} files valid") == (captured.err, captured.out.split(" (")[0])
