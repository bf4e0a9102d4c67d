"""Hostile text in the csv export: one row per outcome, every cell as written, no live formula.

The file is read back by Python's csv module and by pandas, as a spreadsheet-style reader.
"""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from casebook import exporting, model
from casebook.book import Casebook
from tests import strategies

pandas = pytest.importorskip("pandas")
casebook_csv = pytest.importorskip("casebook_csv")
csv_table = pytest.importorskip("casebook_csv.table")

texts = strategies.encodable_hostile_texts
FORMULA_STARTS = "=+-@\t"
NUMBER_COLUMNS = {"value", "baseline"}


def outcome(n: int, t: list[str], value: float) -> model.Outcome:
    return model.Outcome(
        id=f"o{n}",
        measure=t[0],
        value=value,
        unit=t[1],
        basis="measured",
        confidence="low",
        cites=("s1",),
        period=t[2],
        note=t[3],
    )


def book_of(*cases: model.CaseStudy) -> Casebook:
    return Casebook({c.id: c for c in cases}, exporters={"csv": casebook_csv.CsvExporter})


def site(
    case_id: str, name: str, titles: list[str], outcomes: list[model.Outcome]
) -> model.CaseStudy:
    cites = ("s1",)
    return model.CaseStudy(
        id=case_id,
        name=name,
        programme=model.Programme(type="pacs", cites=cites),
        place=model.Place(name="P", cites=cites),
        summary=model.Statement(text="x", cites=cites),
        last_reviewed="2026-01-01",
        sources=(model.Source(id="s1", title=titles[0], kind="report"),),
        outcomes=tuple(outcomes),
    )


outcome_lists = st.lists(
    st.builds(lambda t, v: (t, v), st.lists(texts, min_size=4, max_size=4), strategies.numbers),
    min_size=1,
    max_size=4,
).map(lambda specs: [outcome(n, t, v) for n, (t, v) in enumerate(specs)])
books = st.lists(
    st.builds(lambda name, title, outs: (name, title, outs), texts, texts, outcome_lists),
    min_size=1,
    max_size=3,
).map(
    lambda specs: book_of(
        *(site(f"site{n}", name, [title], outs) for n, (name, title, outs) in enumerate(specs))
    )
)


def neutralised(text: str) -> str:
    """Return *text* with the documented ' before every place a formula could start.

    A place is the start of the cell, or of a line within it, where the text goes on with any
    number of ' characters and then a formula start (at the start of the cell, a carriage
    return too): the ' goes there also when the text holds ' characters of its own, so that
    removing one gives back the text.
    """
    out = []
    for i, char in enumerate(text):
        if i == 0 or text[i - 1] in "\r\n":
            after = text[i:].lstrip("'")[:1]
            if after and after in (FORMULA_STARTS + "\r" if i == 0 else FORMULA_STARTS):
                out.append("'")
        out.append(char)
    return "".join(out)


def expected_rows(book: Casebook) -> list[dict[str, str]]:
    return [
        {
            "site": case_id,
            "site_name": neutralised(case.name),
            "outcome": item.id,
            "measure": neutralised(item.measure),
            "unit": neutralised(item.unit),
            "period": neutralised(item.period or ""),
            "note": neutralised(item.note or ""),
            "sources": neutralised(case.sources[0].title),
        }
        for case_id, case in sorted(book.items())
        for item in sorted(case.outcomes, key=lambda o: o.id)
    ]


def could_be_a_formula(cell: str) -> bool:
    """Say whether a spreadsheet could run *cell*, or any line of it, as a formula."""
    if cell.startswith("\r"):
        return True
    lines = cell.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return any(line[:1] in set(FORMULA_STARTS) for line in lines)


def export(book: Casebook) -> bytes:
    return casebook_csv.CsvExporter().export(book)["outcomes.csv"]


def read_with_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def read_with_pandas(data: bytes) -> list[dict[str, str]]:
    frame = pandas.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
    return frame.to_dict("records")


@given(books)
def test_every_outcome_is_one_row_with_its_text_as_written(book):
    """Both readers give one row per outcome, each text cell as written (plus the ' marks)."""
    data = export(book)
    expected = expected_rows(book)
    for rows in (read_with_csv(data), read_with_pandas(data)):
        assert list(csv_table.COLUMNS) == list(rows[0])
        assert expected == [{k: row[k] for k in expected[0]} for row in rows]


@given(books)
def test_no_cell_can_run_as_a_formula(book):
    """No cell, and no line within a cell, starts a spreadsheet formula; figures are numbers."""
    data = export(book)
    for row in read_with_pandas(data):
        for column, cell in row.items():
            if column in NUMBER_COLUMNS and cell:
                float(cell)
            else:
                assert not could_be_a_formula(cell), (column, cell)


def test_a_quote_before_a_formula_start_is_kept_apart():
    """A name '=1+1 and a name =1+1 were both written '=1+1: the text could not be told back."""
    book = book_of(
        site("a", "'=1+1", ["'@x"], [outcome(0, ["=1+1", "a\n'-b", "''+c", "'\td"], 1.0)]),
        site("b", "=1+1", ["@x"], [outcome(0, ["'=1+1", "a\n-b", "'+c", "\td"], 1.0)]),
    )
    rows = read_with_pandas(export(book))
    columns = ("site_name", "sources", "measure", "unit", "period", "note")
    assert [
        ["''=1+1", "''@x", "'=1+1", "a\n''-b", "'''+c", "''\td"],
        ["'=1+1", "'@x", "''=1+1", "a\n'-b", "''+c", "'\td"],
    ] == [[row[k] for k in columns] for row in rows]
    assert expected_rows(book) == [{k: row[k] for k in expected_rows(book)[0]} for row in rows]


@given(st.one_of(texts, st.text(alphabet="'=+-@\t\r\n a", max_size=10)))
@example("'=1+1")
@example("a\r''\t")
def test_the_csv_and_the_data_package_write_text_alike(text):
    """The two plugins state one rule for formula starts: their cells are the same text."""
    cells = pytest.importorskip("casebook_datapackage.cells")
    assert cells.as_text(text) == csv_table.as_text(text)


def test_a_bare_carriage_return_stays_in_its_cell(tmp_path):
    """A lone CR in a name once ended the row early, and the text after it became a formula."""
    good = site("a", "Name\r=HYPERLINK(1)", ["T"], [outcome(0, ["m", "u", "p", "n"], 1.0)])
    exporting.export(book_of(good), "csv", tmp_path)
    rows = read_with_pandas((tmp_path / "outcomes.csv").read_bytes())
    assert ["Name\r'=HYPERLINK(1)"] == [r["site_name"] for r in rows]
