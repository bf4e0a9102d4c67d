"""The data page of the documentation site: its files download, and its examples run on them.

The site is built once for all the site's tests (the ``site`` fixture of conftest.py). Each
Python example on ``docs/data.rst`` is run, as a reader would run it, in a folder holding the
files the built site offers, and what it shows is checked against the installed casebook.
"""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest

import casebook

ROOT = Path(__file__).parents[1]
PAGE = ROOT / "docs" / "data.rst"
DOWNLOADS = ("casebook-json.zip", "outcomes.csv", "casebook-datapackage.zip")

pandas = pytest.importorskip("pandas")
duckdb = pytest.importorskip("duckdb")


def examples() -> list[str]:
    """Return the Python code blocks of the page, dedented."""
    text = PAGE.read_text("utf-8")
    blocks = re.findall(r"^\.\. code-block:: python\n\n((?:   .*\n|\n)+)", text, re.MULTILINE)
    return [re.sub(r"^   ", "", block, flags=re.MULTILINE).strip() + "\n" for block in blocks]


def run(code: str) -> object:
    """Run *code* as a script and return the value of its last line, an expression."""
    tree = ast.parse(code)
    last = tree.body.pop()
    assert isinstance(last, ast.Expr), "an example ends in what it shows"
    namespace: dict[str, object] = {}
    exec(compile(tree, "<example>", "exec"), namespace)  # noqa: S102 - the page's own code
    return eval(compile(ast.Expression(last.value), "<example>", "eval"), namespace)  # noqa: S307


def rows(result: object) -> int:
    """Return how many rows a pandas frame or a DuckDB relation holds."""
    if isinstance(result, duckdb.DuckDBPyRelation):
        return len(result.fetchall())
    assert isinstance(result, pandas.DataFrame)
    return len(result)


def expected_rows(code: str) -> int:
    """Return how many rows the example must show, from what it reads."""
    book = casebook.load()
    if "c.item_kind = 'outcome'" in code:
        return sum(len(c.sources_for(o)) for c in book.values() for o in c.outcomes)
    counts = {
        "case-studies/salford-together.json": len(book["salford-together"].initiatives),
        "read_json('casebook-json/case-studies/*.json'": len(book),
        "outcomes.csv": sum(len(c.outcomes) for c in book.values()),
        "casebook-datapackage/initiatives.csv": sum(len(c.initiatives) for c in book.values()),
    }
    found = [count for needle, count in counts.items() if needle in code]
    assert 1 == len(found), f"no expectation for the example:\n{code}"
    return found[0]


@pytest.fixture(scope="module")
def saved(site, tmp_path_factory) -> Path:
    """Return a folder holding each file the data page offers, as a reader saves it."""
    folder = tmp_path_factory.mktemp("downloads")
    for name in DOWNLOADS:
        found = list((site / "_downloads").glob(f"*/{name}"))
        assert 1 == len(found), name
        shutil.copy(found[0], folder / name)
    return folder


def test_the_page_offers_each_file(site):
    html = (site / "data.html").read_text("utf-8")
    offered = re.findall(r'href="(_downloads/[^"]+)"', html)
    assert sorted(DOWNLOADS) == sorted(Path(link).name for link in offered)
    assert 'href="data.html"' in (site / "index.html").read_text("utf-8")


def test_the_page_has_a_pandas_and_a_duckdb_example_for_each_file():
    for name in ("casebook-json", "outcomes.csv", "casebook-datapackage"):
        uses = [code for code in examples() if name in code]
        assert any("pandas" in code for code in uses), name
        assert any("duckdb" in code for code in uses), name


@pytest.mark.parametrize("code", examples(), ids=lambda code: code.splitlines()[-1][:40])
def test_each_example_runs_on_the_offered_files(code, saved, monkeypatch):
    monkeypatch.chdir(saved)
    assert expected_rows(code) == rows(run(code))


def test_the_offered_data_package_is_valid(saved, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    shutil.unpack_archive(saved / "casebook-datapackage.zip", tmp_path, "zip")
    report = frictionless.validate(tmp_path / "datapackage.json")
    assert [] == [(t.name, e.message) for t in report.tasks for e in t.errors]
