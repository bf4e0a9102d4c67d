"""The comparison counts the vanguard's own work, says what other work adds, and names the gaps."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

import casebook
from casebook import model
from casebook.book import Casebook
from casebook.cli import main
from casebook.comparison import Cell, compare_all

FRAMEWORK = model.Framework(
    id="fw",
    title="Test framework",
    description="For tests.",
    source=model.Source(id="s", title="S", kind="report"),
    areas=(
        model.FrameworkArea(id="a", title="A", description="First.", mental_health=True),
        model.FrameworkArea(id="b", title="B", description="Second."),
    ),
)
RANK = {"none": 0, "planned": 1, "implemented": 2, "evaluated": 3}


def site(
    case_id: str,
    *initiatives: tuple[str, tuple[str, ...]] | tuple[str, tuple[str, ...], str],
    mh_aims: int = 0,
    settings: tuple[model.Setting, ...] = (),
) -> model.CaseStudy:
    """Build a site whose initiatives have the given (status, areas[, origin])."""
    cites = ("s",)
    return model.CaseStudy(
        id=case_id,
        name=f"Site {case_id}",
        programme=model.Programme(type="pacs", cites=cites),
        place=model.Place(name="P", cites=cites),
        summary=model.Statement(text="x", cites=cites),
        last_reviewed="2026-01-01",
        sources=(model.Source(id="s", title="The source", kind="report"),),
        aims=tuple(
            model.Aim(text=f"Aim {n}.", cites=cites, mental_health=True) for n in range(mh_aims)
        ),
        initiatives=tuple(
            model.Initiative(
                id=f"i{n}",
                title=f"Initiative {n}",
                description="d",
                status=spec[0],  # type: ignore[arg-type]
                origin=spec[2] if len(spec) > 2 else "vanguard",  # type: ignore[misc, arg-type]
                cites=cites,
                areas=spec[1],
                settings=settings,
            )
            for n, spec in enumerate(initiatives)
        ),
    )


def book_of(*cases: model.CaseStudy, framework: model.Framework = FRAMEWORK) -> Casebook:
    return Casebook({c.id: c for c in cases}, frameworks={framework.id: framework})


def test_cell_holds_the_strongest_status_of_the_vanguards_own_work():
    """Of a planned and an evaluated vanguard initiative in one area, the cell shows evaluated."""
    book = book_of(site("x", ("planned", ("fw/a",)), ("evaluated", ("fw/a", "fw/b"))))
    result = casebook.compare(book, "fw")
    assert (Cell("evaluated"), Cell("evaluated")) == (result.cell("x", "a"), result.cell("x", "b"))


def test_work_of_another_origin_never_lifts_the_vanguards_cell():
    """Pre-vanguard evaluated work beside a vanguard plan: the cell is planned, and says the rest."""
    book = book_of(site("x", ("planned", ("fw/a",)), ("evaluated", ("fw/a",), "pre-vanguard")))
    result = casebook.compare(book, "fw")
    cell = result.cell("x", "a")
    assert "planned" == cell.vanguard
    assert cell.lifted
    assert "planned; evaluated (began before the vanguard)" == result.cell_text("x", "a")
    assert "planned" == casebook.compare(book, "fw", origin="vanguard").cell_text("x", "a")
    assert "evaluated" == casebook.compare(book, "fw", origin="all").cell_text("x", "a")
    data = result.to_data()["matrix"]["x"]["a"]
    assert {"origin": "pre-vanguard", "status": "evaluated"} in data["other_origins"]
    assert ("a", "b") == result.unevaluated_areas


def test_weaker_work_of_another_origin_adds_nothing():
    """Other-origin work no stronger than the vanguard's own leaves the cell unmarked."""
    book = book_of(site("x", ("implemented", ("fw/a",)), ("planned", ("fw/a",), "other-programme")))
    cell = casebook.compare(book, "fw").cell("x", "a")
    assert (Cell("implemented"), False) == (cell, cell.lifted)


statuses = st.sampled_from(model.STATUS_ORDER)
area_sets = st.sets(st.sampled_from(["fw/a", "fw/b", "other/c"])).map(tuple)
any_origin = st.sampled_from(["vanguard", "pre-vanguard", "other-programme", "unattributed"])


@given(st.lists(st.lists(st.tuples(statuses, area_sets, any_origin), max_size=8), max_size=4))
def test_each_cell_is_computed_from_its_own_origin(sites):
    """For any initiatives, a cell's own status is the strongest of the vanguard's initiatives,
    and what it adds is exactly the stronger work of each other origin: site by site, though
    equal cells are shared."""
    book = book_of(*(site(f"s{n}", *initiatives) for n, initiatives in enumerate(sites)))
    result = casebook.compare(book, "fw")
    for n, initiatives in enumerate(sites):
        for area in ("a", "b"):
            serving = [(s, o) for s, areas, o in initiatives if f"fw/{area}" in areas]
            own = max((s for s, o in serving if o == "vanguard"), key=RANK.get, default="none")
            best: dict[str, str] = {}
            for status, origin in serving:
                if origin != "vanguard" and RANK[status] > RANK[best.get(origin, "none")]:
                    best[origin] = status
            stronger = {(o, s) for o, s in best.items() if RANK[s] > RANK[own]}
            cell = result.cell(f"s{n}", area)
            assert own == cell.vanguard
            assert stronger == set(cell.others)
        texts = tuple(result.cell_text(f"s{n}", a.id) for a in result.areas)
        assert result.row_texts(f"s{n}") == texts


SECOND = model.Framework(
    id="other",
    title="Another framework",
    description="For tests.",
    source=model.Source(id="s", title="S", kind="report"),
    areas=(model.FrameworkArea(id="c", title="C", description="Third.", mental_health=True),),
    scope=model.Scope(sites=("x",), note="Site x only."),
)


@given(
    st.lists(st.lists(st.tuples(statuses, area_sets, any_origin), max_size=4), max_size=4),
    st.sampled_from([None, "split", "vanguard", "all"]),
)
def test_every_framework_compared_at_once_is_each_compared_alone(sites, view):
    """compare_all shares the work that does not depend on the framework, and nothing else."""
    cases = [site(f"s{n}" if n else "x", *work, mh_aims=n % 2) for n, work in enumerate(sites)]
    book = Casebook({c.id: c for c in cases}, frameworks={"fw": FRAMEWORK, "other": SECOND})
    together = compare_all(book, view)
    assert list(together) == ["fw", "other"]
    for framework_id, result in together.items():
        alone = casebook.compare(book, framework_id, view)
        assert alone == result
        for site_id, row in zip(result.sites, result.rows, strict=True):
            assert list(row) == [result.cell(site_id, a.id) for a in result.areas]


def test_out_of_scope_cells_are_not_applicable_and_gaps_skip_them():
    """A framework scoped to one site shows n/a for the others, and its gaps ignore them."""
    scoped = model.Framework(
        id="fw",
        title="Scoped",
        description="For one site.",
        source=model.Source(id="s", title="S", kind="report"),
        areas=FRAMEWORK.areas,
        scope=model.Scope(sites=("in",), note="Only the one place."),
    )
    book = book_of(site("in", ("evaluated", ("fw/a",))), site("out"), framework=scoped)
    result = casebook.compare(book, "fw")
    assert "n/a" == result.cell_text("out", "a")
    assert "none" == result.cell_text("in", "b")
    assert ("b",) == result.unevaluated_areas


def test_gaps_name_unevaluated_areas_and_aims_only_sites():
    """Areas without the vanguard's own evaluated evidence, and sites with only plans."""
    book = book_of(
        site("doer", ("implemented", ("fw/a",)), ("evaluated", ("fw/b",))),
        site("talker", ("planned", ("fw/a",)), mh_aims=2),
        site("silent"),
    )
    result = casebook.compare(book, "fw")
    assert ("a",) == result.unevaluated_areas
    assert ("talker",) == result.aims_only_sites
    assert "none" == result.cell_text("silent", "a")


def test_aims_only_flag_names_its_aims_initiatives_and_sources():
    """The flag says which aims and plans it rests on, with their sources."""
    book = book_of(site("talker", ("planned", ("fw/a",)), mh_aims=1))
    result = casebook.compare(book, "fw")
    (flag,) = result.aims_only
    assert (("Aim 0.",), ("i0",)) == (
        tuple(a.text for a in flag.aims),
        tuple(i.id for i in flag.initiatives),
    )
    (sentence,) = result.flag_sentences(book)
    assert "Aim 0." in sentence
    assert "Initiative 0 (planned)" in sentence
    assert "The source" in sentence
    gaps = result.to_data()["gaps"]["sites_with_aims_only"]
    assert [{"text": "Aim 0.", "sources": ["s"]}] == gaps[0]["aims"]


@pytest.mark.parametrize(
    ("initiatives", "kwargs", "flagged"),
    [
        # Mental-health aims and nothing else: lip service.
        ((), {"mh_aims": 1}, True),
        # A vanguard plan in a mental-health area, running work of another origin beside it.
        ((("planned", ("fw/a",)), ("evaluated", ("fw/a",), "pre-vanguard")), {}, True),
        # A vanguard plan in the mental health services setting, no area at all.
        ((("planned", ()),), {"settings": ("mental-health-services",)}, True),
        # The vanguard's own mental-health work runs.
        ((("planned", ("fw/a",)), ("implemented", ("fw/a",))), {"mh_aims": 1}, False),
        # Plans that are not mental-health work, and no mental-health aim.
        ((("planned", ("fw/b",)),), {}, False),
        # Only other-origin mental-health work: nothing of the vanguard's own to check.
        ((("planned", ("fw/a",), "unattributed"),), {}, False),
    ],
)
def test_tokenism_check_looks_at_the_vanguards_own_mental_health_work(initiatives, kwargs, flagged):
    """A site is flagged when its own mental-health aims and plans have nothing running."""
    result = casebook.compare(book_of(site("x", *initiatives, **kwargs)), "fw")
    assert flagged == ("x" in result.aims_only_sites)


def test_comparison_is_hashable_and_compares_by_value():
    """A comparison can be a dict key or a set member, and equal inputs give equal results."""
    book = book_of(site("x", ("planned", ("fw/a",))))
    first, second = casebook.compare(book, "fw"), casebook.compare(book, "fw")
    assert first == second
    assert hash(first) == hash(second)
    assert 1 == len({first, second})


def test_unknown_framework_and_view_are_named():
    """A framework that is not installed, or a view that does not exist, is a clear error."""
    with pytest.raises(casebook.UnknownIdError, match=r"no framework with id .nope.*known: fw"):
        casebook.compare(book_of(), "nope")
    with pytest.raises(ValueError, match=r"unknown origin view 'own'.*split, vanguard, all"):
        casebook.compare(book_of(), "fw", origin="own")  # type: ignore[arg-type]


# --- the installed sites ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def installed() -> Casebook:
    return casebook.load(strict=True)


def test_installed_vanguard_cells_match_the_json_export(installed, tmp_path):
    """Every cell's own status, worked out independently from the JSON export, matches."""
    from casebook.exporting import export

    export(installed, "json", tmp_path)
    for framework_id, framework in installed.frameworks.items():
        result = casebook.compare(installed, framework_id)
        for case_id in installed:
            data = json.loads((tmp_path / "case-studies" / f"{case_id}.json").read_text("utf-8"))
            for area in framework.areas:
                ref = f"{framework_id}/{area.id}"
                own = [
                    i["status"]
                    for i in data.get("initiatives", [])
                    if i["origin"] == "vanguard" and ref in i.get("areas", [])
                ]
                expected = max(own, key=RANK.get, default="none")
                if not framework.applies_to(case_id):
                    expected = "n/a"
                assert expected == result.cell(case_id, area.id).vanguard, (case_id, ref)


def test_installed_lifted_cells_say_so_in_text_json_and_heatmap(installed, capsys):
    """A cell lifted by other work names it in the table, the JSON and the heatmap."""
    from casebook import heatmap

    result = casebook.compare(installed, "kings-fund-2017")
    lifted = [
        (site, area.id)
        for site in result.sites
        for area in result.areas
        if result.cell(site, area.id).lifted
    ]
    assert ("north-east-hampshire-farnham", "urgent-care") in lifted
    assert "none; evaluated (began before the vanguard)" in result.cell_text(
        "north-east-hampshire-farnham", "urgent-care"
    )
    assert 0 == main(["compare", "--framework", "kings-fund-2017", "--format", "json"])
    matrix = json.loads(capsys.readouterr().out)["matrix"]
    assert all(matrix[s][a]["other_origins"] for s, a in lifted)
    svg = heatmap.render(result, {case_id: case.name for case_id, case in installed.items()})
    assert len(lifted) == svg.count('stroke-dasharray="5 3">')
    others = re.findall(r'<text [^>]*class="cell-other">(.*?)</text>', svg)
    shown = [" ".join(re.findall(r"<tspan [^>]*>(.*?)</tspan>", text)) for text in others]
    assert any("+ evaluated (began before the vanguard)" in lines for lines in shown)


def test_installed_urgent_care_is_not_credited_to_the_vanguards(installed):
    """The audit's finding: no King's Fund cell of the vanguards' own work is evaluated."""
    result = casebook.compare(installed, "kings-fund-2017")
    assert {a.id for a in result.areas} == set(result.unevaluated_areas)
    assert "implemented" == result.cell("leicestershire-rutland", "urgent-care").vanguard
    assert "none" == result.cell("tower-hamlets-together", "urgent-care").vanguard


def test_installed_london_framework_applies_to_tower_hamlets_only(installed):
    """London's nine steps are n/a outside London; Tower Hamlets shows an honest none."""
    result = casebook.compare(installed, "london-2017")
    for site in result.sites:
        expected = "none" if site == "tower-hamlets-together" else "n/a"
        assert {expected} == {result.cell_text(site, a.id) for a in result.areas}


def test_installed_aims_only_check_flags_the_vanguards_with_only_plans(installed):
    """North East Hampshire and Farnham's own mental-health work is all planned: flagged.

    So is Salford's: its mental health contract is the one mental-health initiative of its own,
    and the sources describe it as planned. So is Harrogate's: its hubs are planned, and TEWV's
    quality improvement system was being developed (positive-practice-tewv-harrogate).
    Leicestershire's crisis response team runs (nhs-networks-2016).
    """
    result = casebook.compare(installed, "five-year-forward-view")
    flagged = {"harrogate-rural-district", "north-east-hampshire-farnham", "salford-together"}
    assert flagged == set(result.aims_only_sites)


def test_no_installed_initiative_is_evaluated_without_a_measured_outcome(installed):
    """Every evaluated initiative has a measured outcome; the LLR triage pilot is not evaluated."""
    for case in installed.values():
        for initiative in case.initiatives:
            if initiative.status == "evaluated":
                bases = {o.basis for o in case.outcomes_of(initiative.id)}
                assert "measured" in bases, (case.id, initiative.id)
    pilot = installed["leicestershire-rutland"].initiative("ambulance-mental-health-triage-pilot")
    assert "evaluated" != pilot.status


def test_compare_command_prints_matrix_legend_and_gaps(capsys):
    """`casebook compare --framework kings-fund-2017` prints the matrix, legend and gaps.

    Sites are named and areas titled: the codes are for the command line, not for reading.
    """
    assert 0 == main(["compare", "--framework", "kings-fund-2017"])
    out = capsys.readouterr().out
    lines = out.splitlines()
    block = lines[lines.index("North East Hampshire and Farnham") + 1 :][:4]
    assert [
        "  Complex needs: none",
        "  Long-term care: none",
        (
            "  Urgent care: none; evaluated (began before the vanguard); planned (attributed to "
            "no programme)"
        ),
        "  Whole-population health: none",
    ] == block
    assert "complex-needs" not in out
    assert "north-east-hampshire-farnham" not in out
    assert "Legend:" in out
    assert "It never counts as the vanguard's." in out
    assert "Gaps (counted on the vanguard's own work):" in out
    assert "North East Hampshire and Farnham - mental-health aims:" in out


def test_compare_command_single_views(capsys):
    """--origin vanguard shows the vanguard's own status alone; --origin all the strongest."""
    assert 0 == main(["compare", "--framework", "kings-fund-2017", "--origin", "vanguard"])
    assert "before the vanguard" not in capsys.readouterr().out.split("Legend:")[0]
    assert 0 == main(["compare", "--framework", "kings-fund-2017", "--origin", "all"])
    assert "  Urgent care: evaluated\n" in capsys.readouterr().out.split("Legend:")[0]


def test_compare_json_matches_the_api(capsys):
    """The JSON form holds the same matrix as the API."""
    assert 0 == main(["compare", "--framework", "kings-fund-2017", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    result = casebook.compare(casebook.load(), "kings-fund-2017")
    assert result.to_data() == data
    assert list(casebook.load()) == list(data["matrix"])
