"""Pin the Harrogate and Rural District case study to its sources.

Docstrings name the sources by their ids in the data file's ``sources``. The rules every case
study keeps are checked by :mod:`casebook.testing`; the tests here pin the facts that matter.
"""

import casebook_harrogate_rural_district as plugin
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
    assert "harrogate-rural-district" == case.id
    testing.assert_sources_cited(case)
    testing.assert_origins_explained(case)


def test_pacs_from_2015(case: CaseStudy) -> None:
    """PACS per nhs-networks-2016 and positive-practice-tewv-harrogate, which also gives 2015;
    adass-2015 names Harrogate at the 10 March 2015 launch."""
    assert ("pacs", "2015") == (case.programme.type, case.programme.selected)
    assert "10 March 2015" in case.summary.text


def test_no_organisation_is_named_lead(case: CaseStudy) -> None:
    """nhs-networks-2016 names the vanguard after the CCG, which is no evidence that the CCG led
    it, and no other source says who led: no organisation is recorded as lead."""
    assert [] == [o.name for o in case.organisations if o.role == "lead"]
    ccg = case.organisations[0]
    assert "NHS Harrogate and Rural District Clinical Commissioning Group" == ccg.name
    assert "no source read says which organisation led the vanguard" in (ccg.description or "")


def test_tewv_is_the_only_other_named_partner(case: CaseStudy) -> None:
    """positive-practice-tewv-harrogate calls TEWV a significant partner; the other STP bodies of
    harrogate-stp-draft are not confirmed as vanguard partners."""
    partners = [o.name for o in case.organisations[1:] if o.role == "partner"]
    assert ["Tees, Esk and Wear Valleys NHS Foundation Trust"] == partners


def test_no_population_at_vanguard_time(case: CaseStudy) -> None:
    """The only count, about 160,000 people, is the CCG's at its formation around 2013
    (harrogate-advertiser-ccg-launch), not the population when the vanguard ran."""
    assert case.population is None
    assert "about 160,000 people" in (case.organisations[0].description or "")


def test_initiatives_are_vanguard_work_and_none_is_evaluated(case: CaseStudy) -> None:
    """nhs-networks-2016 (June 2016) describes the 24/7 hubs and the universal care plan as being
    created; positive-practice-tewv-harrogate says TEWV "has taken on a lead role in developing" a
    quality improvement system in the programme's final year, with no sign that it ran, and
    names kinds of evaluation without figures."""
    assert {
        "community-hubs": ("planned", "vanguard"),
        "universal-care-plan": ("planned", "vanguard"),
        "tewv-quality-improvement": ("planned", "vanguard"),
    } == {i.id: (i.status, i.origin) for i in case.initiatives}
    assert () == case.outcomes


def test_the_mental_health_unit_was_put_on_hold(case: CaseStudy) -> None:
    """yorkshire-post-2017: in July 2017 a planned £16m inpatient unit was put on hold, with a
    £6.5m deficit; hard-ccg-mh-direction and harrogate-advertiser-2019 report what followed."""
    _, unit, direction = case.challenges
    assert "£16m inpatient mental health unit" in unit.text
    assert ("yorkshire-post-2017",) == unit.cites
    assert ("hard-ccg-mh-direction", "harrogate-advertiser-2019") == direction.cites


FIGURES = {
    "2015": "vanguard year (positive-practice-tewv-harrogate); delegation (healthcare-leader-2015)",
    "10": "10 March 2015 launch (adass-2015)",
    "2017/18": "final year of the programme (positive-practice-tewv-harrogate)",
    "2018/19": "self-funding from 2018/19 (positive-practice-tewv-harrogate)",
    "2016": "June 2016 blog (nhs-networks-2016)",
    "24/7": "hubs open round the clock (nhs-networks-2016)",
    "2013": "CCG formed around 2013 (harrogate-advertiser-ccg-launch)",
    "160,000": "CCG population at formation (harrogate-advertiser-ccg-launch)",
    "19": "GP practices (harrogate-advertiser-ccg-launch)",
    "20%": "residents aged 65 or over (harrogate-advertiser-ccg-launch)",
    "65": "the age of that group (harrogate-advertiser-ccg-launch)",
    "15%": "the national share (harrogate-advertiser-ccg-launch)",
    "1": "delegated from 1 April 2015 (healthcare-leader-2015)",
    "2017": "July and August 2017 (yorkshire-post-2017)",
    "£16m": "planned inpatient unit (yorkshire-post-2017)",
    "£6.5m": "deficit (yorkshire-post-2017)",
    "2019": "March 2019 criticism (harrogate-advertiser-2019)",
    "5.3": "the STP document's number, in its title (harrogate-stp-draft)",
    "13": "STP draft version 13, in its note (harrogate-stp-draft)",
    "6": "governing body meeting of 6 December, in its note (hard-ccg-mh-direction)",
    "2016-06-02": "date of nhs-networks-2016",
    "2018-02": "date of sharing-the-biscuits-2018",
    "2015-07-28": "date of healthcare-leader-2015",
    "2017-08-31": "date of yorkshire-post-2017",
    "2019-03-22": "date of harrogate-advertiser-2019",
    "2015-03-10": "date of adass-2015",
}


def test_every_figure_is_pinned_to_a_source(case: CaseStudy) -> None:
    """Each figure in the record is one of FIGURES, checked against the source it names."""
    testing.assert_figures(case, FIGURES)
