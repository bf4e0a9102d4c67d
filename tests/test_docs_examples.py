"""The tutorials' code runs as written, so the documentation cannot drift from the code."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import casebook
from casebook import exporting

EXAMPLES = Path(__file__).parents[1] / "docs" / "examples"


def test_exporter_tutorial_plugin_exports_a_bibliography(tmp_path):
    """docs/examples/bibliography.py loads from a plugins folder and writes its file."""
    book = casebook.load(plugins_dir=EXAMPLES, strict=True)
    assert "bibliography" in book.exporters
    exporting.export(book, "bibliography", tmp_path)
    lines = (tmp_path / "bibliography.txt").read_text("utf-8").splitlines()
    sources = {(s.title, s.publisher or "", s.date or "") for c in book.values() for s in c.sources}
    assert len(sources) == len(lines)
    shared = [line for line in lines if line.startswith("NHS vanguards leading")]
    assert any("harrogate-rural-district, leicestershire-rutland" in line for line in shared)


def test_site_plugin_tutorial_script_runs(tmp_path):
    """docs/examples/new-site.sh, the site-plugin tutorial, runs from start to end."""
    bindir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bindir + os.pathsep + os.environ["PATH"]}
    result = subprocess.run(
        ["bash", str(EXAMPLES / "new-site.sh"), str(tmp_path)],
        capture_output=True, text=True, env=env, check=False, timeout=600,
    )  # fmt: skip
    assert 0 == result.returncode, result.stdout + result.stderr
    assert "Wirral Partners (wirral-partners)" in result.stdout
    assert "3 passed" in result.stdout
