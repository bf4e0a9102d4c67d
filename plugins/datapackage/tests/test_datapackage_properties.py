"""Any valid casebook exports a valid package that holds all its data, and hostile text stays text."""

from __future__ import annotations

import csv
import io
import json
import re

import attrs
import pytest
from casebook_datapackage import DataPackageExporter
from casebook_datapackage.tables import TABLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casebook import model
from casebook.book import Casebook
from casebook.format import convert
from casebook.testing import strategies

frictionless = pytest.importorskip("frictionless")

FORMULA_STARTS = "=+-@\t"
NUMBER_COLUMNS = {
    (table.name, column.name)
    for table in TABLES
    for column in table.columns
    if column.type in {"number", "integer"}
}
# The documented way back from a cell to the text as written: remove one ' where the cell, or a
# line within it, starts with ' characters and then a formula character.
_ADDED_QUOTE = re.compile(r"\A'(?='*[=+\-@\t\r])|(?<=[\r\n])'(?='*[=+\-@\t])")

# Drawing whole casebooks of hostile text is slow, whichever profile runs.
slow_input = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)

hostile = strategies.encodable_hostile_texts.filter(
    re.compile(strategies.validation.schema()["$defs"]["text"]["pattern"]).search
)


def with_frameworks_for(cases: list[model.CaseStudy], draw) -> dict[str, model.Framework]:
    """Return frameworks holding every area the case studies name, with drawn hostile text."""
    wanted: dict[str, list[str]] = {}
    for case in cases:
        for ref in sorted(case.areas()):
            framework_id, area_id = ref.split("/")
            wanted.setdefault(framework_id, []).append(area_id)
    frameworks = {}
    for framework_id, area_ids in sorted(wanted.items()):
        drawn = draw(strategies.frameworks)
        areas = tuple(
            model.FrameworkArea(id=a, title=draw(hostile), description=draw(strategies.texts))
            for a in dict.fromkeys(area_ids)
        )
        source = attrs.evolve(drawn.source, title=draw(hostile))
        frameworks[framework_id] = attrs.evolve(
            drawn, id=framework_id, areas=areas, source=source, title=draw(hostile)
        )
    return frameworks


def hostile_case(case: model.CaseStudy, draw) -> model.CaseStudy:
    """Return *case* with hostile text in its name, summary, sources, outcomes and challenges."""
    return attrs.evolve(
        case,
        name=draw(hostile),
        summary=attrs.evolve(case.summary, text=draw(hostile)),
        sources=tuple(attrs.evolve(s, title=draw(hostile)) for s in case.sources),
        outcomes=tuple(
            attrs.evolve(o, measure=draw(hostile), unit=draw(hostile)) for o in case.outcomes
        ),
        challenges=tuple(attrs.evolve(c, text=draw(hostile)) for c in case.challenges),
    )


@st.composite
def casebooks(draw) -> Casebook:
    cases = draw(
        st.lists(strategies.valid_case_studies, max_size=2, unique_by=lambda case: case.id)
    )
    cases = [hostile_case(case, draw) for case in cases]
    return Casebook({c.id: c for c in cases}, frameworks=with_frameworks_for(cases, draw))


def tables(files) -> dict[str, list[dict[str, str]]]:
    return {
        name.removesuffix(".csv"): list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
        for name, data in files.items()
        if name.endswith(".csv")
    }


def leaves(data, found: list) -> list:
    """Collect every text and number in a record's JSON data."""
    if isinstance(data, dict):
        for value in data.values():
            leaves(value, found)
    elif isinstance(data, list):
        for value in data:
            leaves(value, found)
    elif not isinstance(data, bool):
        found.append(data)
    return found


@slow_input
@given(casebooks())
def test_every_text_and_number_is_in_a_cell_as_written_and_no_cell_runs_as_a_formula(book):
    """Nothing of a record is lost, every text cell gives back the text as written, no cell can
    start a formula, and no number is in exponent form."""
    cells = tables(DataPackageExporter().export(book))
    texts = set()
    for name, rows in cells.items():
        for row in rows:
            for column, value in row.items():
                if (name, column) in NUMBER_COLUMNS:
                    assert re.fullmatch(r"-?[0-9]+(\.[0-9]+)?|", value), value
                    continue
                assert not value.startswith((*FORMULA_STARTS, "\r"))
                lines = re.split(r"\r\n|\r|\n", value)
                assert not any(line.startswith(tuple(FORMULA_STARTS)) for line in lines[1:])
                texts.add(_ADDED_QUOTE.sub("", value))
    # An area reference FRAMEWORK/AREA is split into two columns.
    texts.update(f"{row['framework']}/{row['area']}" for row in cells["initiative_areas"])
    numbers = {float(row[c]) for (t, c) in NUMBER_COLUMNS for row in cells[t] if row[c]}
    for item in (*book.values(), *book.frameworks.values()):
        for leaf in leaves(convert.to_data(item), []):
            if isinstance(leaf, str):
                assert leaf in texts
            else:
                assert float(leaf) in numbers
    assert len(book) == len(cells["sites"])
    assert sum(len(c.outcomes) for c in book.values()) == len(cells["outcomes"])


@settings(max_examples=10, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(book=casebooks())
def test_frictionless_finds_any_export_valid(book, tmp_path_factory):
    out = tmp_path_factory.mktemp("package")
    files = DataPackageExporter().export(book)
    for name, data in files.items():
        (out / name).write_bytes(data)
    assert files == DataPackageExporter().export(book)
    report = frictionless.validate(out / "datapackage.json")
    assert [] == [(t.name, e.message) for t in report.tasks for e in t.errors]
    descriptor = json.loads(files["datapackage.json"])
    if book:
        assert max(c.last_reviewed for c in book.values()) == descriptor["created"][:10]
    else:
        assert "created" not in descriptor
