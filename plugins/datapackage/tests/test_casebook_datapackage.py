"""The datapackage exporter on the installed case studies, checked by frictionless, pandas, DuckDB."""

from __future__ import annotations

import json
import subprocess
import sys

import attrs
import pytest
from casebook_datapackage import DataPackageExporter
from casebook_datapackage.cells import as_number, as_text
from casebook_datapackage.tables import TABLES

import casebook
from casebook import exporting
from casebook.errors import PluginError
from casebook.format.validation import schema

frictionless = pytest.importorskip("frictionless")
pandas = pytest.importorskip("pandas")
duckdb = pytest.importorskip("duckdb")


@pytest.fixture(scope="module")
def book():
    return casebook.load()


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    """Export the installed casebook once, through ``casebook export``."""
    out = tmp_path_factory.mktemp("package")
    result = subprocess.run(  # noqa: S603 - the installed command, on purpose
        [sys.executable, "-m", "casebook", "export", "--format", "datapackage", "--output", str(out)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert 0 == result.returncode, result.stderr
    return out


def errors(report) -> list[tuple[str, str]]:
    return [(task.name, error.type) for task in report.tasks for error in task.errors]


def test_installed_from_its_own_distribution(book):
    report = next(p for p in book.plugins if p.name == "datapackage")
    assert ("entry point", "casebook-datapackage", ("exporter datapackage",)) == (
        report.origin,
        report.distribution,
        report.contributes,
    )
    assert DataPackageExporter is book.exporters["datapackage"]


def test_frictionless_finds_the_package_valid(package):
    """Types, constraints, primary keys, foreign keys, sizes and hashes all check out."""
    report = frictionless.validate(package / "datapackage.json")
    assert [] == errors(report)
    assert report.valid
    names = {task.name for task in report.tasks}
    assert {t.name for t in TABLES} == names


def test_frictionless_checks_the_foreign_keys(package, tmp_path):
    """A citation of an unlisted source fails validation: the keys are checked, not just declared."""
    for path in package.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    citations = (tmp_path / "citations.csv").read_bytes()
    first = citations.split(b"\r\n")[1].rsplit(b",", 1)[1]
    broken = citations.replace(b"," + first + b"\r\n", b",no-such-source\r\n", 1)
    (tmp_path / "citations.csv").write_bytes(broken)
    descriptor = json.loads((tmp_path / "datapackage.json").read_text("utf-8"))
    for resource in descriptor["resources"]:
        if resource["name"] == "citations":
            del resource["hash"], resource["bytes"]
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), "utf-8")
    report = frictionless.validate(tmp_path / "datapackage.json")
    assert [("citations", "foreign-key")] == errors(report)


def test_an_edited_file_fails_its_hash(package, tmp_path):
    for path in package.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    sites = tmp_path / "sites.csv"
    sites.write_bytes(sites.read_bytes().replace(b"Salford", b"Salfort"))
    report = frictionless.validate(tmp_path / "datapackage.json")
    assert ("sites", "hash-count") in errors(report)


def expected_sources(book) -> list[tuple[str, str, str]]:
    return sorted(
        (case.id, outcome.id, source.title)
        for case in book.values()
        for outcome in case.outcomes
        for source in case.sources_for(outcome)
    )


def test_pandas_joins_outcomes_to_their_sources(book, package):
    def table(name):
        return pandas.read_csv(package / f"{name}.csv", dtype=str, keep_default_na=False)

    cited = table("citations").query("item_kind == 'outcome'")
    joined = (
        table("outcomes")
        .merge(cited, left_on=["site", "outcome"], right_on=["site", "item"])
        .merge(table("sources"), on=["site", "source"])
    )
    found = sorted(zip(joined["site"], joined["outcome"], joined["title"], strict=True))
    assert expected_sources(book) == found
    values = pandas.read_csv(package / "outcomes.csv")["value"]
    assert sorted(o.value for c in book.values() for o in c.outcomes) == sorted(values)


def test_duckdb_joins_outcomes_to_their_sources(book, package):
    con = duckdb.connect()
    for name in ("outcomes", "citations", "sources"):
        con.read_csv(str(package / f"{name}.csv")).create_view(name)
    rows = con.execute(
        """
        SELECT o.site, o.outcome, s.title
        FROM outcomes o
        JOIN citations c ON c.site = o.site AND c.item_kind = 'outcome' AND c.item = o.outcome
        JOIN sources s ON s.site = c.site AND s.source = c.source
        ORDER BY 1, 2, 3
        """
    ).fetchall()
    assert expected_sources(book) == sorted(rows)
    tower = con.execute(
        "SELECT value FROM outcomes WHERE outcome = 'bed-days-dementia-smi-depression'"
    ).fetchone()
    assert (12.7,) == tower


def test_identical_data_gives_identical_bytes(book, package):
    """Nothing comes from the clock: an export in another process gives the same bytes."""
    again = DataPackageExporter().export(book)
    written = {p.name for p in package.iterdir() if not p.name.startswith(".")}
    assert written == set(again)
    assert {name: (package / name).read_bytes() for name in again} == dict(again)
    descriptor = json.loads(again["datapackage.json"])
    latest = max(case.last_reviewed for case in book.values())
    assert (f"{latest}T00:00:00Z", latest.replace("-", ".")) == (
        descriptor["created"],
        descriptor["version"],
    )
    assert ["MIT"] == [licence["name"] for licence in descriptor["licenses"]]


def test_columns_are_described_in_the_words_of_the_schema(package):
    descriptor = json.loads((package / "datapackage.json").read_text("utf-8"))
    fields = {
        (resource["name"], field["name"]): field
        for resource in descriptor["resources"]
        for field in resource["schema"]["fields"]
    }
    outcome = schema()["$defs"]["outcome"]["properties"]
    assert outcome["measure"]["description"] == fields["outcomes", "measure"]["description"]
    assert outcome["basis"]["enum"] == fields["outcomes", "basis"]["constraints"]["enum"]
    assert {"type": "number", "constraints": {"required": True}}.items() <= fields[
        "outcomes", "value"
    ].items()
    assert "date" == fields["sites", "last_reviewed"]["type"]
    # A row of a list's table exists only with its value; a flag is always written.
    required = {
        key for key, field in fields.items() if field.get("constraints", {}).get("required")
    }
    assert {
        ("site_aliases", "alias"),
        ("aims", "mental_health"),
        ("source_authors", "name"),
    } <= required
    assert ("sites", "population_count") not in required
    assert all(field["description"] for field in fields.values())


def test_a_reference_to_nothing_fails_the_export_and_writes_nothing(book, tmp_path):
    """A hand-built casebook naming an area no framework has is refused, not exported broken."""
    case = book["tower-hamlets-together"]
    work = attrs.evolve(case.initiatives[0], areas=("no-such-framework/area",))
    broken = casebook.Casebook(
        {case.id: attrs.evolve(case, initiatives=(work, *case.initiatives[1:]))},
        frameworks=book.frameworks,
        exporters=book.exporters,
        plugins=book.plugins,
    )
    with pytest.raises(
        PluginError, match=r"no-such-framework.*names no row of table framework_areas"
    ):
        exporting.export(broken, "datapackage", tmp_path / "out")
    assert not (tmp_path / "out").exists() or [] == list((tmp_path / "out").iterdir())


def test_a_duplicate_key_fails_the_export():
    book = casebook.load()
    case = book["tower-hamlets-together"]
    twice = attrs.evolve(case, sources=(*case.sources, case.sources[0]))
    with pytest.raises(ValueError, match=r"table sources: two rows have the key site="):
        DataPackageExporter().export(casebook.Casebook({case.id: twice}))


def test_formula_like_text_is_neutralised_reversibly():
    """A ' goes where a formula could start, also after a ' the text holds there."""
    assert ("'=SUM(A1)", "''=x", "'-1", "a\n'@b\r'+c", "'x", "a-b") == (
        as_text("=SUM(A1)"),
        as_text("'=x"),
        as_text("-1"),
        as_text("a\n@b\r+c"),
        as_text("'x"),
        as_text("a-b"),
    )


def test_numbers_are_written_in_full():
    assert ("27500000", "0.00000025", "100000000000000000000", "-12.7") == (
        as_number(27_500_000.0),
        as_number(2.5e-7),
        as_number(1e20),
        as_number(-12.7),
    )
