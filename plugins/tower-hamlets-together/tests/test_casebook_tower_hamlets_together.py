"""Pin the Tower Hamlets Together case study to its sources.

Docstrings name the sources by their ids in the data file's ``sources``. The rules every case
study keeps are checked by :mod:`casebook.testing`; the tests here pin the facts that matter.
"""

import casebook_tower_hamlets_together as plugin
import pytest

from casebook import testing
from casebook.model import CaseStudy

BED_DAYS_SOURCES = {"healthcare-leader-2017", "rcpsych-2017", "public-finance-2017", "lge-2017"}


@pytest.fixture(scope="module")
def case() -> CaseStudy:
    return testing.load_checked(plugin.DATA_FILE)


def test_plugin_contributes_its_data_file() -> None:
    """The hook returns the data file beside the module (docs: writing a site plugin)."""
    assert [plugin.DATA_FILE] == plugin.casebook_case_studies()


def test_case_study_keeps_the_rules(case: CaseStudy) -> None:
    """Valid as casebook.load() reads it; every source cited; non-vanguard work explained."""
    assert "tower-hamlets-together" == case.id
    testing.assert_sources_cited(case)
    testing.assert_origins_explained(case)


def test_programme_and_population(case: CaseStudy) -> None:
    """MCP per nhs-england-tht, vanguard from 2015 per elft-2017; about 287,000 people per
    nhs-england-tht, an undated page, so the count has no as_of."""
    assert ("mcp", "2015") == (case.programme.type, case.programme.selected)
    assert case.population is not None
    assert (287000, None) == (case.population.count, case.population.as_of)
    assert ("nhs-england-tht",) == case.population.cites


def test_no_organisation_is_named_lead(case: CaseStudy) -> None:
    """nhs-england-tht and tht-partnership list partners and name none of them as the lead."""
    assert [] == [o.name for o in case.organisations if o.role == "lead"]


def test_community_health_staff_moved_on_1_april_2017(case: CaseStudy) -> None:
    """elft-2017: the new community health staff came to ELFT from Barts Health on 1 April; the
    source names no other receiving organisation, so the GP Care Group is not said to take staff."""
    assert "1 April 2017" in case.summary.text
    assert "moved from Barts Health to ELFT." in case.summary.text
    assert "GP Care Group on 1 April" not in case.summary.text
    descriptions = " ".join(o.description or "" for o in case.organisations)
    assert "and the GP Care Group on 1 April" not in descriptions
    assert "with the GP Care Group on 1 April" not in descriptions


def test_vanguard_strands_are_plans_not_tied_to_mental_health(case: CaseStudy) -> None:
    """nhs-england-tht frames the three strands as the plan (elft-2017, nhs-providers-2018); no
    source ties them to mental health, so none is mapped to a framework area."""
    strands = [i for i in case.initiatives if i.origin == "vanguard"]
    assert {
        "adult-complex-needs-model",
        "children-young-people-model",
        "population-health-prevention",
    } == {i.id for i in strands}
    assert all(i.status == "planned" and i.areas == () for i in strands)


def test_ccg_mental_health_work_is_not_the_vanguards(case: CaseStudy) -> None:
    """tower-hamlets-ccg-mh, an undated "Our achievements" list, describes the CCG's own mental
    health work. Only the dementia item carries dates (a 2013 award, a rise since March 2011), so
    it alone is pre-vanguard; the page neither dates the other three nor ties them to the vanguard,
    so they are unattributed. None of the four is credited to the vanguard."""
    ccg = [i for i in case.initiatives if i.cites == ("tower-hamlets-ccg-mh",)]
    assert {
        "stable-psychosis-primary-care": "unattributed",
        "dementia-diagnosis": "pre-vanguard",
        "crisis-care-elft": "unattributed",
        "royal-london-mh-substance-misuse": "unattributed",
    } == {i.id: i.origin for i in ccg}
    assert all(i.status == "implemented" for i in ccg)


def test_bed_days_fell_12_7_percent_as_reported(case: CaseStudy) -> None:
    """healthcare-leader-2017, rcpsych-2017, public-finance-2017 and lge-2017 report the 12.7%
    fall without a method or baseline, and tie it to the vanguard, not to one initiative: so it
    is `reported`, and no initiative is evaluated."""
    outcome = next(o for o in case.outcomes if o.id == "bed-days-dementia-smi-depression")
    assert (12.7, "%", "decrease") == (outcome.value, outcome.unit, outcome.direction)
    assert ("reported", None, None) == (outcome.basis, outcome.baseline, outcome.initiative)
    assert "no method, baseline" in (outcome.note or "")
    assert BED_DAYS_SOURCES == set(outcome.cites)
    assert "evaluated" not in case.statuses()


def test_ccg_figures_belong_to_its_own_work(case: CaseStudy) -> None:
    """tower-hamlets-ccg-mh: dementia diagnosis up 20% since March 2011 (pre-vanguard work),
    occupancy under 85% (undated crisis work, unattributed); reported by the commissioner without
    a method, so neither lifts a vanguard cell."""
    for outcome_id, value, origin in (
        ("dementia-diagnosis-rate", 20, "pre-vanguard"),
        ("inpatient-bed-occupancy", 85, "unattributed"),
    ):
        outcome = next(o for o in case.outcomes if o.id == outcome_id)
        assert value == outcome.value
        assert ("reported", "commissioner") == (outcome.basis, outcome.evaluated_by)
        assert outcome.initiative is not None
        assert origin == case.initiative(outcome.initiative).origin


FIGURES = {
    "12.7": "bed days fall, outcome value (healthcare-leader-2017 and three more)",
    "12.7%": "bed days fall in the summary (healthcare-leader-2017 and three more)",
    "287000": "population (nhs-england-tht)",
    "37": "GP practices in the GP Care Group (nhs-england-tht)",
    "300": "member organisations of Tower Hamlets CVS (tht-partnership)",
    "40%": "almost 40% of children in poverty (nhs-england-tht)",
    "39%": "children in poverty (nhs-providers-2018)",
    "20": "dementia diagnosis rise (tower-hamlets-ccg-mh)",
    "2011": "since March 2011 (tower-hamlets-ccg-mh)",
    "2013": "the dementia work's award of 2013 (tower-hamlets-ccg-mh)",
    "85": "inpatient occupancy kept under 85% (tower-hamlets-ccg-mh)",
    "1": "1 April 2017 staff transfer (elft-2017)",
    "2015": "vanguard from 2015 (elft-2017)",
    "2017": "2017 transfer and coverage (elft-2017, healthcare-leader-2017)",
    "2018": "the 2018 blog that gives 39% (nhs-providers-2018)",
    "2021": "borough plan of 2021 (tht-borough-plan-2021)",
    "2017-04-10": "date of elft-2017",
    "2017-05-17": "date of healthcare-leader-2017",
    "2017-05-18": "date of rcpsych-2017 and public-finance-2017",
    "2018-03-01": "date of nhs-providers-2018",
    "2021-05": "date of tht-borough-plan-2021",
}


def test_every_figure_is_pinned_to_a_source(case: CaseStudy) -> None:
    """Each figure in the record is one of FIGURES, checked against the source it names."""
    testing.assert_figures(case, FIGURES)
