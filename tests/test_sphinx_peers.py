"""The benchmark's floor for the Sphinx extension: plain pages, under the extension's toctree."""

import importlib
import json
import re
import sys
from pathlib import Path

import pytest
from docutils.core import publish_doctree
from docutils.nodes import table

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture
def bench(monkeypatch):
    """Import the benchmark's corpus and peer project writers (scripts beside run.py)."""
    monkeypatch.syspath_prepend(str(BENCH))
    names = ("corpus", "sphinx_peers")
    for name in names:
        monkeypatch.delitem(sys.modules, name, raising=False)
    yield [importlib.import_module(name) for name in names]
    for name in names:
        sys.modules.pop(name, None)


def toctree_entries(page: Path) -> list[str]:
    """Return the entries of the toctrees of a reST page."""
    text = page.read_text("utf-8")
    return re.findall(r"^   (?![: ])(\S+)$", text.split(".. toctree::", 1)[1], re.MULTILINE)


def test_no_toctree_of_the_floor_lists_more_than_a_group_of_sites(bench, tmp_path):
    """Each page's navigation lists its toctree's siblings: bounded, not every site."""
    corpus, peers = bench
    corpus.write_corpus(tmp_path / "plugin", peers.GROUP_SIZE * 2 + 1)
    peers.write_peer_project(tmp_path / "src", tmp_path / "plugin/corpus", need=False)
    pages = tmp_path / "src/casebook"
    groups = toctree_entries(pages / "index.rst")
    assert groups == ["groups/0001", "groups/0002", "groups/0003"]
    listed = [entry for group in groups for entry in toctree_entries(pages / f"{group}.rst")]
    assert all(len(toctree_entries(pages / f"{group}.rst")) <= peers.GROUP_SIZE for group in groups)
    sites = sorted(f"../sites/{path.stem}" for path in (pages / "sites").glob("*.rst"))
    assert sorted(listed) == sites
    assert len(sites) == peers.GROUP_SIZE * 2 + 1


def test_the_floors_pages_parse_cleanly_and_hold_the_records_text(bench, tmp_path):
    """A malformed grid table would parse as an error message, not as the record's text."""
    corpus, peers = bench
    corpus.write_corpus(tmp_path / "plugin", 2)
    peers.write_peer_project(tmp_path / "src", tmp_path / "plugin/corpus", need=False)
    record = next((tmp_path / "plugin/corpus").glob("*.json"))
    data = json.loads(record.read_text("utf-8"))
    source = (tmp_path / f"src/casebook/sites/{data['id']}.rst").read_text("utf-8")
    settings = {"halt_level": 2, "report_level": 5}  # any warning raises
    doctree = publish_doctree(source, settings_overrides=settings)
    text = " ".join(doctree.astext().split())
    assert len(list(doctree.findall(table))) == 3  # profile, outcomes, organisations
    for initiative in data["initiatives"]:
        assert initiative["description"] in text
    for source_data in data["sources"]:
        assert source_data["url"] in text
    assert "smartquotes = False" in (tmp_path / "src/conf.py").read_text("utf-8")
