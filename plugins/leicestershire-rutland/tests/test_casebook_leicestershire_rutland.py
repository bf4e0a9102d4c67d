"""Pin the Leicester, Leicestershire and Rutland case study to its sources.

Docstrings name the sources by their ids in the data file's ``sources``. The rules every case
study keeps are checked by :mod:`casebook.testing`; the tests here pin the facts that matter.
"""

import casebook_leicestershire_rutland as plugin
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
    assert "leicestershire-rutland" == case.id
    testing.assert_sources_cited(case)
    testing.assert_origins_explained(case)


def test_urgent_care_vanguard_of_24_july_2015_for_1_1_million(case: CaseStudy) -> None:
    """west-leicestershire-ccg-2015 and nhs-england-uec-vanguards: a UEC vanguard of 24 July 2015;
    about 1.1 million people, with no as_of (the announcement's month is not the count's date)."""
    programme, population = case.programme, case.population
    assert ("urgent-emergency-care", "2015-07-24") == (programme.type, programme.selected)
    assert {"west-leicestershire-ccg-2015", "nhs-england-uec-vanguards"} <= set(programme.cites)
    assert population is not None
    assert (1_100_000, None) == (population.count, population.as_of)


def test_the_system_resilience_group_is_the_lead(case: CaseStudy) -> None:
    """nhs-england-uec-vanguards lists the System Resilience Group as the vanguard (item 6)."""
    (lead,) = [o for o in case.organisations if o.role == "lead"]
    assert "Leicester, Leicestershire & Rutland System Resilience Group" == lead.name
    assert ("nhs-england-uec-vanguards",) == lead.cites


def test_no_partner_is_recorded_as_a_vanguard_member(case: CaseStudy) -> None:
    """No source lists the vanguard's members: llr-crisis-concordat-action-plan names Better Care
    Together's partners and lpt-winter-funding the triage pilot's, neither as vanguard members,
    so the lead is the only organisation."""
    assert ["lead"] == [o.role for o in case.organisations]


def test_vanguard_work_from_the_blog(case: CaseStudy) -> None:
    """nhs-networks-2016 (2 June 2016): the crisis team is in place; urgent care hubs are planned."""
    assert "implemented" == case.initiative("crisis-response-team").status
    assert "planned" == case.initiative("urgent-care-hubs").status
    vanguard = {i.id for i in case.initiatives if i.origin == "vanguard"}
    assert {"crisis-response-team", "urgent-care-hubs"} == vanguard


def test_triage_pilot_ran_and_its_figure_is_an_estimate(case: CaseStudy) -> None:
    """lpt-winter-funding: the pilot ran from July 2016 to March 2017 and "could" prevent about
    950 A&E attendances a year, the trust's own projection; the source neither presents it as
    vanguard work nor names its funder."""
    pilot = case.initiative("ambulance-mental-health-triage-pilot")
    assert ("implemented", "unattributed") == (pilot.status, pilot.origin)
    (outcome,) = case.outcomes_of(pilot.id)
    assert (950, "decrease") == (outcome.value, outcome.direction)
    assert ("estimate", "provider") == (outcome.basis, outcome.evaluated_by)
    assert ("lpt-winter-funding",) == outcome.cites


def test_work_of_other_programmes(case: CaseStudy) -> None:
    """The triage car is paid from winter pressures money, the £299,000 LPT got for four schemes
    (lpt-winter-funding); the crisis response service is Better Care Fund work
    (lga-leicester-icrs); the crisis care concordat was signed on 8 October 2014, before the
    vanguard (llr-crisis-concordat-action-plan)."""
    car = case.initiative("mental-health-triage-car")
    assert ("planned", "other-programme") == (car.status, car.origin)
    assert "£299,000" in (car.origin_note or "")
    assert "four" in car.description and "four" in (car.origin_note or "")
    icrs = case.initiative("leicester-integrated-crisis-response-service")
    assert ("implemented", "other-programme") == (icrs.status, icrs.origin)
    assert "Better Care Fund" in (icrs.origin_note or "")
    concordat = case.initiative("crisis-care-concordat")
    assert ("pre-vanguard", "2014-10-08") == (concordat.origin, concordat.started)


def test_the_three_names_are_kept_side_by_side(case: CaseStudy) -> None:
    """nhs-networks-2016, nhs-england-uec-vanguards and west-leicestershire-ccg-2015 name the
    site differently; the record keeps all three."""
    (dispute,) = case.discrepancies
    assert {
        "Leicestershire and Rutland": ("nhs-networks-2016",),
        "Leicester, Leicestershire & Rutland System Resilience Group": (
            "nhs-england-uec-vanguards",
        ),
        "Leicester, Leicestershire and Rutland": ("west-leicestershire-ccg-2015",),
    } == {c.value: c.cites for c in dispute.claims}


FIGURES = {
    "24": "named on 24 July 2015 (west-leicestershire-ccg-2015)",
    "2015": "July 2015 (west-leicestershire-ccg-2015)",
    "2015-07-24": "programme selected; date of west-leicestershire-ccg-2015",
    "1.1": "about 1.1 million people (west-leicestershire-ccg-2015)",
    "1100000": "population count (west-leicestershire-ccg-2015)",
    "6": "item 6 on NHS England's list (nhs-england-uec-vanguards)",
    "2016": "2016 blog, pilot and hub move (nhs-networks-2016, lpt-winter-funding, leicester-city-ccg-2016)",
    "2016-07": "pilot started (lpt-winter-funding)",
    "2017": "pilot ended March 2017 (lpt-winter-funding)",
    "950": "A&E attendances a year the pilot could prevent (lpt-winter-funding)",
    "£299,000": "winter money for four LPT schemes, the triage car among them (lpt-winter-funding)",
    "£337m": "the national winter money the news refers to (lpt-winter-funding)",
    "4": "triage car from 4pm (lpt-winter-funding)",
    "24/7": "crisis response service hours (lga-leicester-icrs)",
    "72": "support for up to 72 hours (lga-leicester-icrs)",
    "2016/17": "year of the crisis response figures (lga-leicester-icrs)",
    "6,343": "client episodes (lga-leicester-icrs)",
    "100%": "responses within two hours (lga-leicester-icrs)",
    "1,402": "episodes for falls (lga-leicester-icrs)",
    "93%": "stayed at home after a fall (lga-leicester-icrs)",
    "1,413": "supported exits from hospital (lga-leicester-icrs)",
    "80%": "stayed at home in the long term (lga-leicester-icrs)",
    "8": "concordat signed 8 October 2014 (llr-crisis-concordat-action-plan)",
    "2014": "October 2014 (llr-crisis-concordat-action-plan)",
    "2014-10-08": "concordat started (llr-crisis-concordat-action-plan)",
    "2016-01": "date of llr-crisis-concordat-action-plan",
    "2016-06-02": "date of nhs-networks-2016",
    "2016-09": "date of nhs-england-vanguards-blueprint-2016",
    "2016-10-11": "date of leicester-city-ccg-2016",
}


def test_every_figure_is_pinned_to_a_source(case: CaseStudy) -> None:
    """Each figure in the record is one of FIGURES, checked against the source it names."""
    testing.assert_figures(case, FIGURES)
