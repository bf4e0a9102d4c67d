"""The comparison matrix holds the strongest evidence per site and area, and names the gaps."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

import casebook
from casebook import model
from casebook.book import Casebook
from casebook.cli import main

FRAMEWORK = model.Framework(
    id="fw",
    title="Test framework",
    description="For tests.",
    source=model.Source(id="s", title="S", kind="report"),
    areas=(
        model.FrameworkArea(id="a", title="A", description="First."),
        model.FrameworkArea(id="b", title="B", description="Second."),
    ),
)


def site(case_id: str, *initiatives: tuple[str, tuple[str, ...]], aims: int = 0) -> model.CaseStudy:
    """Build a site whose initiatives have the given (status, areas)."""
    cites = ("s",)
    return model.CaseStudy(
        id=case_id,
        name=case_id,
        programme=model.Programme(type="pacs", cites=cites),
        place=model.Place(name="P", cites=cites),
        summary=model.Statement(text="x", cites=cites),
        last_reviewed="2026-01-01",
        sources=(model.Source(id="s", title="S", kind="report"),),
        aims=tuple(model.Statement(text="aim", cites=cites) for _ in range(aims)),
        initiatives=tuple(
            model.Initiative(
                id=f"i{n}",
                title="t",
                description="d",
                status=status,  # type: ignore[arg-type]
                origin="vanguard",
                cites=cites,
                areas=areas,
            )
            for n, (status, areas) in enumerate(initiatives)
        ),
    )


def book_of(*cases: model.CaseStudy) -> Casebook:
    return Casebook({c.id: c for c in cases}, frameworks={"fw": FRAMEWORK})


def test_cell_holds_the_strongest_status():
    """Of a planned and an evaluated initiative in one area, the cell shows evaluated."""
    book = book_of(site("x", ("planned", ("fw/a",)), ("evaluated", ("fw/a", "fw/b"))))
    result = casebook.compare(book, "fw")
    assert ("evaluated", "evaluated") == (result.cell("x", "a"), result.cell("x", "b"))


def test_gaps_name_unevaluated_areas_and_aims_only_sites():
    """Areas without evaluated evidence, and sites with only plans, are the gaps."""
    book = book_of(
        site("doer", ("implemented", ("fw/a",)), ("evaluated", ("fw/b",))),
        site("talker", ("planned", ("fw/a",)), aims=2),
        site("silent"),
    )
    result = casebook.compare(book, "fw")
    assert ("a",) == result.unevaluated_areas
    assert ("talker",) == result.aims_only_sites
    assert "none" == result.cell("silent", "a")


statuses = st.sampled_from(model.STATUS_ORDER)
area_sets = st.sets(st.sampled_from(["fw/a", "fw/b", "other/c"])).map(tuple)


@given(st.lists(st.tuples(statuses, area_sets), max_size=6))
def test_cell_is_the_maximum_over_initiatives(initiatives):
    """For any initiatives, each cell is the strongest status among those serving the area."""
    result = casebook.compare(book_of(site("x", *initiatives)), "fw")
    for area in ("a", "b"):
        serving = [s for s, areas in initiatives if f"fw/{area}" in areas]
        expected = max(serving, key=model.STATUS_ORDER.index) if serving else "none"
        assert expected == result.cell("x", area)


def test_unknown_framework_is_named():
    """Comparing against a framework that is not installed names the installed ones."""
    with pytest.raises(casebook.UnknownIdError, match=r"no framework with id .nope.*known: fw"):
        casebook.compare(book_of(), "nope")


def test_compare_command_on_installed_sites(capsys):
    """`casebook compare --framework kings-fund-2017` prints the matrix, legend and gaps."""
    assert 0 == main(["compare", "--framework", "kings-fund-2017"])
    out = capsys.readouterr().out
    header = next(line for line in out.splitlines() if line.startswith("SITE"))
    assert ["SITE", "complex-needs", "long-term-care", "urgent-care", "whole-population"] == (
        header.split()
    )
    assert "Legend:" in out
    assert "Areas where no site has evaluated evidence:" in out


def test_compare_json_matches_the_api(capsys):
    """The JSON form holds the same matrix as the API."""
    assert 0 == main(["compare", "--framework", "kings-fund-2017", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    result = casebook.compare(casebook.load(), "kings-fund-2017")
    assert result.to_data() == data
    assert list(casebook.load()) == list(data["matrix"])
