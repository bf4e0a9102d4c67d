"""casebook.testing: each helper passes on good data and fails, saying where, on bad data."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from casebook import model, testing
from casebook.format.loading import read_case_study
from tests import strategies

DATA = Path(__file__).parent / "data"


def minimal_data() -> dict[str, Any]:
    """Return the minimal case study, its area changed to one the installed frameworks have."""
    data = tomllib.loads((DATA / "minimal.toml").read_text("utf-8"))
    data["initiatives"][0]["areas"] = ["kings-fund-2017/urgent-care"]
    return data


def write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "site.json"
    path.write_text(json.dumps(data), "utf-8")
    return path


@pytest.fixture
def case() -> model.CaseStudy:
    """The minimal case study as a model object (its framework areas are not checked)."""
    return read_case_study(DATA / "minimal.toml")


# --- load_checked ---------------------------------------------------------------------------


def test_installed_areas_come_from_the_installed_frameworks() -> None:
    """The areas are those of the frameworks plugin."""
    assert "kings-fund-2017/urgent-care" in testing.installed_areas()


def test_load_checked_returns_the_case_study(tmp_path: Path) -> None:
    """Valid data comes back as the model object casebook.load() would serve."""
    assert "example-site" == testing.load_checked(write(tmp_path, minimal_data())).id


def test_load_checked_fails_with_every_problem(tmp_path: Path) -> None:
    """An invalid file fails the test with one line per problem."""
    data = minimal_data()
    data["name"] = 5
    data["initiatives"][0]["areas"] = ["test-framework/urgent"]
    path = write(tmp_path, data)
    with pytest.raises(AssertionError) as info:
        testing.load_checked(path)
    message = str(info.value)
    assert f"{path}: /name: expected a string, got a number" in message
    assert "unknown framework area 'test-framework/urgent'" in message


def test_load_checked_refuses_an_area_outside_its_framework_scope(tmp_path: Path) -> None:
    """casebook.load() refuses a site outside London that names a London-plan area; so does this."""
    data = minimal_data()
    data["initiatives"][0]["areas"] = ["london-2017/data"]
    path = write(tmp_path, data)
    with pytest.raises(AssertionError) as info:
        testing.load_checked(path)
    assert f"{path}: /initiatives/0/areas/0: framework area 'london-2017/data'" in str(info.value)
    assert "out of scope" in str(info.value)


def test_load_checked_refuses_evaluated_work_without_a_measured_outcome(tmp_path: Path) -> None:
    """The rule validation enforces reaches a plugin's tests through load_checked."""
    data = minimal_data()
    data["outcomes"][0]["basis"] = "estimate"
    with pytest.raises(AssertionError, match="/initiatives/0/status: is 'evaluated'"):
        testing.load_checked(write(tmp_path, data))


# --- assert_sources_cited, assert_origins_explained -------------------------------------------


def test_sources_cited_passes_when_each_source_backs_a_fact(case: model.CaseStudy) -> None:
    """Both sources of the minimal case study are cited (one only by an outcome)."""
    testing.assert_sources_cited(case)


def test_sources_cited_names_a_source_nothing_cites(case: model.CaseStudy) -> None:
    """A listed source that no item cites fails, named by its pointer and id."""
    extra = model.Source(id="unused", title="Never cited", kind="news")
    bad = attrs.evolve(case, sources=(*case.sources, extra))
    with pytest.raises(AssertionError, match=r"/sources/2: 'unused' is listed but nothing"):
        testing.assert_sources_cited(bad)


def test_sources_cited_counts_discrepancy_claims(case: model.CaseStudy) -> None:
    """A source cited only by a claim of a discrepancy counts as cited."""
    extra = model.Source(id="only-claim", title="Cited by a claim", kind="news")
    claims = (
        model.Claim(value="a", cites=("report",)),
        model.Claim(value="b", cites=("only-claim",)),
    )
    disputed = model.Discrepancy(subject="When", claims=claims)
    good = attrs.evolve(case, sources=(*case.sources, extra), discrepancies=(disputed,))
    testing.assert_sources_cited(good)


@pytest.mark.parametrize("origin", ["pre-vanguard", "other-programme", "unattributed"])
def test_origins_explained_names_work_without_a_note(case: model.CaseStudy, origin: str) -> None:
    """Work that is not the vanguard's own must say why; with a note it passes."""
    initiative = attrs.evolve(case.initiatives[0], origin=origin)
    bad = attrs.evolve(case, initiatives=(initiative,))
    with pytest.raises(
        AssertionError, match=rf"/initiatives/0: 'crisis-hub' has origin '{origin}'"
    ):
        testing.assert_origins_explained(bad)
    noted = attrs.evolve(initiative, origin_note="Funded by the council before 2015.")
    testing.assert_origins_explained(attrs.evolve(case, initiatives=(noted,)))


def test_origins_explained_passes_vanguard_work(case: model.CaseStudy) -> None:
    """The vanguard's own work needs no note."""
    assert "vanguard" == case.initiatives[0].origin
    testing.assert_origins_explained(case)


# --- figures, assert_figures ------------------------------------------------------------------


def test_figures_are_found_as_written_with_their_places(case: model.CaseStudy) -> None:
    """Text figures keep their form; number fields are written without a needless ``.0``."""
    summary = model.Statement(
        text="£6bn for 2.8 million; 6,343 episodes, 93% at home, 24/7 from 2016-07-01, 2017\u201318.",
        cites=("report",),
    )
    found = testing.figures(attrs.evolve(case, summary=summary))
    assert {"£6bn", "2.8", "6,343", "93%", "24/7", "2016-07-01", "2017\u201318"} <= set(found)
    assert ("/summary/text",) == found["6,343"]
    assert ("/outcomes/0/value",) == found["12.5"]
    assert ("/programme/selected",) == found["2015-03"]
    assert ("/sources/0/date",) == found["2017-05"]


def test_figures_skip_ids_citations_addresses_and_metadata(case: model.CaseStudy) -> None:
    """Ids, names, cites, urls (in a note too), schema version and review date hold no figures."""
    source = attrs.evolve(
        case.sources[1], id="news-2019", note="Mirrored at https://mirror.example/2020/x only."
    )
    initiative = attrs.evolve(case.initiatives[0], id="hub-1999", cites=("report", "news-2019"))
    outcome = attrs.evolve(case.outcomes[0], initiative="hub-1999", cites=("news-2019",))
    odd = attrs.evolve(
        case,
        name="Area 51 Partners",
        aliases=("The 5 Boroughs",),
        sources=(case.sources[0], source),
        initiatives=(initiative,),
        outcomes=(outcome,),
    )
    found = set(testing.figures(odd))
    assert not found & {"2019", "2020", "1999", "1.0", "2026-11-23", "1", "51", "5"}
    assert {"12.5", "2015-03", "2017-05"} == found


def test_figures_write_number_fields_without_exponents(case: model.CaseStudy) -> None:
    """A population of 1,100,000 and a rate of 0.0000001 read as a person would write them."""
    population = model.Population(count=1_100_000, cites=("report",))
    outcome = attrs.evolve(case.outcomes[0], value=1e-7)
    found = testing.figures(attrs.evolve(case, population=population, outcomes=(outcome,)))
    assert {"1100000", "0.0000001"} <= set(found)


@given(strategies.valid_case_studies, st.integers(min_value=0, max_value=10**9))
def test_any_number_written_in_prose_is_found(case: model.CaseStudy, number: int) -> None:
    """Whatever else a case study says, a number written into its summary is among its figures."""
    text = f"{case.summary.text} ({number:,}) people"
    found = testing.figures(attrs.evolve(case, summary=attrs.evolve(case.summary, text=text)))
    assert "/summary/text" in found[f"{number:,}"]


def test_assert_figures_passes_on_exactly_the_pinned_figures(case: model.CaseStudy) -> None:
    """A mapping from figure to source is accepted as the pinned list."""
    testing.assert_figures(case, {"12.5": "report", "2015-03": "report", "2017-05": "report"})


def test_assert_figures_names_an_unpinned_figure_and_where_it_is(case: model.CaseStudy) -> None:
    """A figure added to the data fails until it is pinned."""
    initiative = attrs.evolve(case.initiatives[0], description="Open to 450 people a week.")
    bad = attrs.evolve(case, initiatives=(initiative,))
    with pytest.raises(
        AssertionError, match=r"'450' is not pinned \(at /initiatives/0/description"
    ):
        testing.assert_figures(bad, {"12.5", "2015-03", "2017-05"})


def test_assert_figures_names_a_stale_pin(case: model.CaseStudy) -> None:
    """A pinned figure that the data no longer holds (a changed value) fails too."""
    changed = attrs.evolve(case, outcomes=(attrs.evolve(case.outcomes[0], value=13),))
    with pytest.raises(AssertionError) as info:
        testing.assert_figures(changed, {"12.5", "2015-03", "2017-05"})
    assert "'12.5' is pinned but not in the data" in str(info.value)
    assert "'13' is not pinned (at /outcomes/0/value)" in str(info.value)
