"""Pin the Salford Together case study to its sources.

Docstrings name the sources by their ids in the data file's ``sources``. The rules every case
study keeps are checked by :mod:`casebook.testing`; the tests here pin the facts that matter.
"""

import casebook_salford_together as plugin
import pytest

from casebook import testing
from casebook.model import CaseStudy


@pytest.fixture(scope="module")
def case() -> CaseStudy:
    return testing.load_checked(plugin.DATA_FILE)


def test_plugin_contributes_its_data_file() -> None:
    """The hook returns the data file beside the module (docs: writing a site plugin)."""
    assert [plugin.DATA_FILE] == plugin.casebook_case_studies()


def test_case_study_keeps_the_rules(case: CaseStudy) -> None:
    """Valid as casebook.load() reads it; every source cited; non-vanguard work explained."""
    assert "salford-together" == case.id
    testing.assert_sources_cited(case)
    testing.assert_origins_explained(case)


def test_programme_is_pacs_selected_march_2015(case: CaseStudy) -> None:
    """PACS per nhs-networks-2016; March 2015 per kings-fund-salford-ico, salford-together-2015-04."""
    assert ("pacs", "2015-03") == (case.programme.type, case.programme.selected)
    assert {"kings-fund-salford-ico", "salford-together-2015-04"} <= set(case.programme.cites)


def test_no_population_figure(case: CaseStudy) -> None:
    """No source gives Salford's population; 2.8 million is Greater Manchester's (nhs-networks-2016)."""
    assert case.population is None
    assert "2.8 million" in case.summary.text and "Greater Manchester" in case.summary.text


def test_salford_royal_leads(case: CaseStudy) -> None:
    """Salford Royal NHS FT is prime provider per nhs-networks-2016 and salford-together-2016-06."""
    (lead,) = [o for o in case.organisations if o.role == "lead"]
    assert "Salford Royal NHS Foundation Trust" == lead.name
    assert {"nhs-networks-2016", "salford-together-2016-06"} <= set(lead.cites)


def test_evidence_status_and_origin_of_each_initiative(case: CaseStudy) -> None:
    """Per each initiative's sources: the 2014 alliance pre-dates the vanguard (kings-fund-salford-ico);
    nhs-providers-salford-together describes the shared record as being planned."""
    assert {
        "older-people-alliance": ("implemented", "pre-vanguard"),
        "integrated-care-organisation": ("implemented", "vanguard"),
        "adult-social-care-transfer": ("implemented", "vanguard"),
        "mental-health-services-contract": ("planned", "vanguard"),
        "adult-pooled-budget": ("implemented", "vanguard"),
        "shared-care-record": ("planned", "vanguard"),
    } == {i.id: (i.status, i.origin) for i in case.initiatives}


def test_mental_health_contract_is_planned(case: CaseStudy) -> None:
    """salford-together-icp-newsletter-2 and salford-together-2016-06 describe the move of the
    mental health contract to Salford Royal only prospectively; the ICO's launch does not stand
    for it, so the ICO is not mapped to the physical/mental health divide."""
    contract = case.initiative("mental-health-services-contract")
    assert "planned" == contract.status
    assert ("five-year-forward-view/physical-mental-health",) == contract.areas
    ico = case.initiative("integrated-care-organisation")
    assert "five-year-forward-view/physical-mental-health" not in ico.areas
    assert "mental-health-services" not in ico.settings


def test_no_outcomes_and_the_savings_are_a_forecast(case: CaseStudy) -> None:
    """No source reports outcome figures; about £27m by 2021 is a forecast aim
    (salford-together-2016-06, nhs-providers-salford-together)."""
    assert () == case.outcomes
    (aim,) = [a for a in case.aims if "£27m" in a.text]
    assert "forecast" in aim.text
    assert {"salford-together-2016-06", "nhs-providers-salford-together"} <= set(aim.cites)


def test_alliance_start_is_disputed_so_not_recorded(case: CaseStudy) -> None:
    """September 2014 (kings-fund-salford-ico) against October 2014 (salford-together-2015-04)."""
    assert case.initiative("older-people-alliance").started is None
    (dispute,) = [d for d in case.discrepancies if d.initiative == "older-people-alliance"]
    assert {
        "September 2014": ("kings-fund-salford-ico",),
        "October 2014": ("salford-together-2015-04",),
    } == {c.value: c.cites for c in dispute.claims}


def test_budgets_are_three_different_pools(case: CaseStudy) -> None:
    """£112m and £236m per kings-fund-salford-ico; £213m per salford-together-2016-06 and
    men-salford-ico-launch-2016; recorded side by side, not reconciled."""
    (dispute,) = [d for d in case.discrepancies if "Budget" in d.subject]
    assert ["£112m", "£236m", "£213m"] == [c.value.split()[0] for c in dispute.claims]
    assert ("salford-together-2016-06", "men-salford-ico-launch-2016") == dispute.claims[2].cites


FIGURES = {
    "1": "1 July 2016 (salford-together-2016-06), 1 April 2016 (nhs-networks-2016)",
    "2,000": "ICO staff (salford-together-2016-06, men-salford-ico-launch-2016)",
    "2.8": "Greater Manchester's 2.8 million people (nhs-networks-2016)",
    "2014": "alliance dates in 2014 (kings-fund-salford-ico, salford-together-2015-04)",
    "2015": "vanguard from March 2015 (kings-fund-salford-ico)",
    "2015-03": "programme selected (kings-fund-salford-ico, salford-together-2015-04)",
    "2016": "ICO launch and devolution in 2016 (salford-together-2016-06, nhs-networks-2016)",
    "2016-07": "adult pooled budget from July 2016 (kings-fund-salford-ico)",
    "2016-07-01": "ICO live (salford-together-2016-06)",
    "2017": "King's Fund page of around 2016 to 2017 (kings-fund-salford-ico)",
    "2021": "savings forecast year (salford-together-2016-06)",
    "450": "social care staff moved (salford-together-2016-06)",
    "65": "older people's programme, 65 and over (salford-together-icp-newsletter-2)",
    "£112m": "older people's pooled budget (kings-fund-salford-ico)",
    "£213m": "ICO budget (salford-together-2016-06, men-salford-ico-launch-2016)",
    "£236m": "adult pooled budget (kings-fund-salford-ico)",
    "£27m": "savings forecast (salford-together-2016-06, nhs-providers-salford-together)",
    "£6": "Greater Manchester's £6 billion health budget (nhs-networks-2016)",
    "2014-11": "date of salford-together-2014-11",
    "2015-04": "date of salford-together-2015-04",
    "2016-02": "date of salford-together-newsletter-2016-02",
    "2016-06": "date of salford-together-2016-06 and men-salford-ico-launch-2016",
    "2016-06-02": "date of nhs-networks-2016",
}


def test_every_figure_is_pinned_to_a_source(case: CaseStudy) -> None:
    """Each figure in the record is one of FIGURES, checked against the source it names."""
    testing.assert_figures(case, FIGURES)
