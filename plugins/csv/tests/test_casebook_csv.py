"""The csv exporter: installed as a third-party plugin, one exact row per outcome."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import attrs
from casebook_csv import CsvExporter
from casebook_csv.table import _FORMULA_START, COLUMNS, as_number, as_text, row_text
from hypothesis import given
from hypothesis import strategies as st

import casebook
from casebook import exporting
from casebook.testing import strategies


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


def test_text_starting_with_a_quote_is_told_apart():
    """'=1+1 and =1+1 were both written '=1+1: a ' goes also after the ' the text holds there."""
    assert ("''=1+1", "'=1+1", "a\n''@b\r'''+c", "'''\rx", "'x", "''", "a\n'\rb") == (
        as_text("'=1+1"),
        as_text("=1+1"),
        as_text("a\n'@b\r''+c"),
        as_text("''\rx"),
        as_text("'x"),
        as_text("''"),
        as_text("a\n'\rb"),
    )


def without_marks(cell: str) -> str:
    """Return *cell* with one ' taken off each place where the README says one is put.

    A place is the start of the cell or of a line within it (after a line feed or a carriage
    return); the ' there is taken off if the line goes on with ' characters and then ``=``,
    ``+``, ``-``, ``@`` or a tab, or (at the start of the cell only) a carriage return.
    """
    out = []
    for at, char in enumerate(cell):
        if char == "'" and (at == 0 or cell[at - 1] in "\r\n"):
            after = cell[at:].lstrip("'")[:1]
            if after and after in ("=+-@\t\r" if at == 0 else "=+-@\t"):
                continue
        out.append(char)
    return "".join(out)


formula_texts = st.one_of(
    st.text(alphabet=st.sampled_from("'=+-@\t\r\n a"), max_size=12),
    st.lists(st.sampled_from(["'", "''", "'=1+1", "=1+1", "\n", "\r", "\r\n", "x"])).map("".join),
    strategies.hostile_texts,
    st.text(),
)


@given(formula_texts)
def test_removing_the_added_quotes_gives_back_the_text(text):
    """For any text, one starting with ' too, taking the marks off gives it back: no two texts
    are written alike."""
    assert text == without_marks(as_text(text))


def csv_line(cells):
    """Return the line the csv module's writer makes of *cells*, as the exporter configures it."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()


cell_texts = st.one_of(
    st.text(alphabet=st.sampled_from(',"\r\n ;a1é'), max_size=6),
    strategies.hostile_texts,
    st.text(),
)


@given(st.lists(cell_texts, min_size=1, max_size=5))
def test_a_row_is_the_line_the_csv_module_writes(cells):
    """The quick way past rows needing no quotes gives the csv module's bytes, for any cells."""
    buffer = io.StringIO()
    line = row_text(cells, csv.writer(buffer, lineterminator="\r\n"))
    assert (line is None) == bool(buffer.getvalue())
    assert csv_line(cells) == (line if line is not None else buffer.getvalue())


def reference_export(book):
    """Return outcomes.csv as written by the csv module, row by row, with the model's look-ups."""
    lines = [csv_line(COLUMNS)]
    for case_id, case in sorted(book.items()):
        for outcome in sorted(case.outcomes, key=lambda o: o.id):
            sources = case.sources_for(outcome)
            work = case.initiative(outcome.initiative) if outcome.initiative else None
            cells = (
                case_id,
                as_text(case.name),
                outcome.id,
                as_text(outcome.measure),
                as_number(outcome.value),
                as_text(outcome.unit),
                outcome.direction or "",
                as_text(outcome.period),
                as_number(outcome.baseline),
                outcome.initiative or "",
                work.origin if work else "",
                outcome.basis,
                outcome.evaluated_by or "",
                outcome.confidence,
                as_text(outcome.note),
                ";".join(s.id for s in sources),
                as_text("; ".join(s.title for s in sources)),
            )
            lines.append(csv_line(cells))
    return "".join(lines).encode("utf-8")


@given(st.lists(strategies.valid_case_studies, max_size=3))
def test_the_export_is_the_csv_modules_table_of_every_outcome(cases):
    """The whole file is what the csv module writes, row by row, for any case studies."""
    book = casebook.Casebook({c.id: c for c in cases})
    assert reference_export(book) == CsvExporter().export(book)["outcomes.csv"]


def test_the_installed_sites_export_as_the_csv_module_writes_them():
    """The real sites, with their quoted cells, come out as the csv module writes them."""
    book = casebook.load()
    assert reference_export(book) == CsvExporter().export(book)["outcomes.csv"]


@given(
    st.floats()
    | st.integers()
    | st.sampled_from([0.1, -0.0, 1e16, 1e-5, 123.456, 1e22, float("inf"), float("nan")])
)
def test_a_number_is_written_as_its_decimal_value(value):
    """The quick way past a repr without an exponent writes what the decimal module does."""
    expected = (
        str(int(value))
        if isinstance(value, int) or (value.is_integer() and abs(value) < 1e16)
        else format(Decimal(repr(value)), "f")
    )
    assert expected == as_number(value)
