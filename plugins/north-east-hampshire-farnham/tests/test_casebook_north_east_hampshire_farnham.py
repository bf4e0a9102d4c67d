"""Pin the North East Hampshire and Farnham case study to its sources.

Docstrings name the sources by their ids in the data file's ``sources``. The rules every case
study keeps are checked by :mod:`casebook.testing`; the tests here pin the facts that matter.
"""

import casebook_north_east_hampshire_farnham as plugin
import pytest

from casebook import testing
from casebook.model import CaseStudy, Outcome

HAVEN = "aldershot-safe-haven"


@pytest.fixture(scope="module")
def case() -> CaseStudy:
    return testing.load_checked(plugin.DATA_FILE)


def outcome(case: CaseStudy, outcome_id: str) -> Outcome:
    (found,) = [o for o in case.outcomes if o.id == outcome_id]
    return found


def test_plugin_contributes_its_data_file() -> None:
    """The hook returns the data file beside the module (docs: writing a site plugin)."""
    assert [plugin.DATA_FILE] == plugin.casebook_case_studies()


def test_case_study_keeps_the_rules(case: CaseStudy) -> None:
    """Valid as casebook.load() reads it; every source cited; non-vanguard work explained."""
    assert "north-east-hampshire-farnham" == case.id
    testing.assert_sources_cited(case)
    testing.assert_origins_explained(case)


def test_pacs_without_a_selection_date(case: CaseStudy) -> None:
    """nhs-networks-2016 lists the site among the PACS; no source gives the month it was chosen."""
    assert ("pacs", None) == (case.programme.type, case.programme.selected)


def test_the_ccg_leads(case: CaseStudy) -> None:
    """nhs-england-safe-haven-blog and nhs-england-aldershot-case-study name the CCG as the lead."""
    (lead,) = [o for o in case.organisations if o.role == "lead"]
    assert "NHS North East Hampshire and Farnham Clinical Commissioning Group" == lead.name
    assert {"nhs-england-safe-haven-blog", "nhs-england-aldershot-case-study"} <= set(lead.cites)


def test_safe_haven_is_evaluated_pre_vanguard_work(case: CaseStudy) -> None:
    """The Safe Haven opened in 2014, before the vanguard (wessex-ahsn-safe-haven-page,
    kings-fund-parkin-2016); its outcomes are measured, so it is evaluated; the sources disagree
    on the opening month (April against March 2014), so no start date is recorded."""
    haven = case.initiative(HAVEN)
    assert ("evaluated", "pre-vanguard", None) == (haven.status, haven.origin, haven.started)
    assert {"measured"} == {o.basis for o in case.outcomes_of(HAVEN)}
    opening = next(d for d in case.discrepancies if "April 2014" in [c.value for c in d.claims])
    assert {"April 2014", "March 2014"} == {c.value for c in opening.claims}
    assert ("farnham-herald-pm-visit",) == opening.claims[1].cites


def test_the_vanguards_own_work_and_the_extension_are_plans(case: CaseStudy) -> None:
    """nhs-networks-2016 says what the vanguard will focus on; nhs-england-safe-haven-blog says
    the roll-out to children was under way, without saying which programme carries it."""
    plan = case.initiative("integrated-care-system")
    assert ("planned", "vanguard") == (plan.status, plan.origin)
    extension = case.initiative("safe-haven-extension")
    assert ("planned", "unattributed") == (extension.status, extension.origin)


def test_admissions_fell_33_percent_in_the_first_year(case: CaseStudy) -> None:
    """kings-fund-parkin-2016 and pcc-parkin-2018: 33% fewer acute psychiatric admissions in the
    first year, evaluated for the commissioner; nhs-england-aldershot-case-study says about a
    third over seven months, kept as a discrepancy."""
    admissions = outcome(case, "safe-haven-acute-psychiatric-admissions")
    assert (33, "%", "decrease") == (admissions.value, admissions.unit, admissions.direction)
    assert ("kings-fund-parkin-2016", "pcc-parkin-2018") == admissions.cites
    claims = next(d for d in case.discrepancies if "33%" in d.claims[0].value).claims
    assert "about a third over seven months" in claims[1].value
    assert ("nhs-england-aldershot-case-study",) == claims[1].cites


def test_attendances_and_feedback(case: CaseStudy) -> None:
    """nhs-england-aldershot-case-study: 167 a month in April-June 2014 to 415 a year later, and
    95% positive feedback; kings-fund-parkin-2016: over 4,000 attendances to November 2016."""
    monthly = outcome(case, "safe-haven-monthly-attendances")
    assert (415, 167, "increase") == (monthly.value, monthly.baseline, monthly.direction)
    assert 95 == outcome(case, "safe-haven-positive-feedback").value
    total = outcome(case, "safe-haven-total-attendances")
    assert (4000, "April 2014 to November 2016") == (total.value, total.period)
    assert ("kings-fund-parkin-2016",) == total.cites


FIGURES = {
    "33": "admissions fall, value (kings-fund-parkin-2016, pcc-parkin-2018)",
    "33%": "admissions fall in the discrepancy's claim (kings-fund-parkin-2016, pcc-parkin-2018)",
    "415": "monthly attendances, April to June 2015 (nhs-england-aldershot-case-study)",
    "167": "monthly attendances, April to June 2014 (nhs-england-aldershot-case-study)",
    "95": "positive feedback (nhs-england-aldershot-case-study)",
    "4000": "total attendances, value (kings-fund-parkin-2016)",
    "4,000": "over 4,000 attendances, note (kings-fund-parkin-2016)",
    "£500,000": "about £500,000 saving (pcc-parkin-2018)",
    "6": "opens 6pm on weekdays (wessex-ahsn-safe-haven-page, kings-fund-parkin-2016)",
    "11": "closes 11pm (kings-fund-parkin-2016); one of 11 centres (farnham-herald-pm-visit)",
    "18": "adults aged 18 and over (wessex-ahsn-safe-haven-page)",
    "136": "section 136 detentions (wessex-ahsn-safe-haven-page)",
    "£8m": "voluntary-sector contract (farnham-herald-pm-visit)",
    "2012": "research commissioned in 2012 (nhs-england-safe-haven-blog)",
    "2014": "opened in 2014 (wessex-ahsn-safe-haven-page, farnham-herald-pm-visit)",
    "2015": "April to June 2015 (nhs-england-aldershot-case-study)",
    "2016": "nhs-networks-2016; to November 2016 (kings-fund-parkin-2016)",
    "2017": "final evaluation, October 2017 (wessex-ahsn-evaluation-2017)",
    "2017\u20132018": "title of nehf-ccg-annual-report-2017-18",
    "2020": "Commonwealth Fund profile (commonwealth-fund-2020)",
    "2016-06-02": "date of nhs-networks-2016",
    "2016-11-09": "date of kings-fund-parkin-2016",
    "2017-10": "date of wessex-ahsn-evaluation-2017",
    "2018-04-05": "date of pcc-parkin-2018",
    "2020-10": "date of commonwealth-fund-2020",
}


def test_every_figure_is_pinned_to_a_source(case: CaseStudy) -> None:
    """Each figure in the record is one of FIGURES, checked against the source it names."""
    testing.assert_figures(case, FIGURES)
