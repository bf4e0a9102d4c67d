"""The csv exporter: installed as a third-party plugin, one exact row per outcome."""

from __future__ import annotations

import csv
import io

import attrs
from casebook_csv import _FORMULA_START, COLUMNS, CsvExporter, as_number, as_text
from hypothesis import given
from hypothesis import strategies as st

import casebook
from casebook import exporting


def rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_installed_from_its_own_distribution():
    """The exporter arrives through the entry point of the casebook-csv distribution."""
    book = casebook.load()
    report = next(p for p in book.plugins if p.name == "csv")
    assert ("entry point", "casebook-csv", ("exporter csv",)) == (
        report.origin,
        report.distribution,
        report.contributes,
    )
    assert CsvExporter is book.exporters["csv"]


def test_one_row_per_outcome_of_every_site(tmp_path):
    """Every outcome of every installed site is one row, with its figures and sources."""
    book = casebook.load()
    exporting.export(book, "csv", tmp_path)
    table = rows((tmp_path / "outcomes.csv").read_bytes())
    assert list(COLUMNS) == list(table[0])
    expected = sorted((c.id, o.id) for c in book.values() for o in c.outcomes)
    assert expected == [(r["site"], r["outcome"]) for r in table]
    tower = next(r for r in table if r["site"] == "tower-hamlets-together")
    assert ("12.7", "%", "decrease", "") == (
        tower["value"],
        tower["unit"],
        tower["direction"],
        tower["period"],
    )
    case = book["tower-hamlets-together"]
    assert ";".join(s.id for s in case.sources_for(case.outcomes[0])) == tower["source_ids"]


def test_formula_like_text_stays_text():
    """Text a spreadsheet would run as a formula is prefixed so it shows as text."""
    assert ("'=SUM(A1)", "'-1", "'@x", "plain", "") == (
        as_text("=SUM(A1)"),
        as_text("-1"),
        as_text("@x"),
        as_text("plain"),
        as_text(None),
    )


def test_cells_with_commas_quotes_and_line_breaks_round_trip():
    """Commas, quotes and line breaks in text come back unchanged from a CSV reader."""
    book = casebook.load()
    site = next(c for c in book.values() if c.outcomes)
    outcome = site.outcomes[0]
    tricky = 'a, "quoted"\nsecond line | pipe'
    changed = casebook.Casebook(
        {site.id: attrs.evolve(site, outcomes=(attrs.evolve(outcome, measure=tricky),))}
    )
    data = CsvExporter().export(changed)["outcomes.csv"]
    assert tricky == rows(data)[0]["measure"]


def test_rows_carry_origin_basis_and_note(tmp_path):
    """Each row says whose work the figure belongs to, what kind of figure it is, and its caveat."""
    book = casebook.load()
    exporting.export(book, "csv", tmp_path)
    table = {(r["site"], r["outcome"]): r for r in rows((tmp_path / "outcomes.csv").read_bytes())}
    pilot = table["leicestershire-rutland", "triage-pilot-avoidable-ae-attendances"]
    assert ("unattributed", "estimate", "provider") == (
        pilot["origin"],
        pilot["basis"],
        pilot["evaluated_by"],
    )
    assert pilot["note"].startswith("An approximate projection")
    tower = table["tower-hamlets-together", "bed-days-dementia-smi-depression"]
    assert ("", "reported") == (tower["origin"], tower["basis"])


def test_large_and_small_numbers_are_written_in_full():
    """A figure is never written in exponent form, which a reader or a parser may misread."""
    assert ("27500000", "0.00000025", "100000000000000000000", "12.7") == (
        as_number(27_500_000.0),
        as_number(2.5e-7),
        as_number(1e20),
        as_number(12.7),
    )


@given(st.text(alphabet=st.sampled_from("=+-@\t\r\n a'é"), max_size=12) | st.text())
def test_text_needing_no_mark_is_kept_and_the_rest_is_marked_everywhere(text):
    """The quick way past plain text puts a ' in exactly the places the full search does."""
    assert _FORMULA_START.sub("'", text) == as_text(text)
