"""Pin the Salford Together case study to its sources.

Source ids used in the docstrings are those listed under ``sources`` in the TOML file.
"""

import re
import tomllib
from pathlib import Path

import pytest

from casebook.testing import load_checked

DATA_FILE = (
    Path(__file__).parents[1] / "src" / "casebook_salford_together" / "salford-together.toml"
)
data = tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))


def initiative(ident):
    return next(i for i in data["initiatives"] if i["id"] == ident)


def organisation(name):
    return next(o for o in data["organisations"] if o["name"] == name)


def discrepancy(subject_word):
    return next(d for d in data["discrepancies"] if subject_word in d["subject"])


def all_cites(node):
    """Yield every `cites` list anywhere in the record."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "cites":
                yield value
            else:
                yield from all_cites(value)
    elif isinstance(node, list):
        for item in node:
            yield from all_cites(item)


# ----------------------------------------------------------------------------------------------
# Structure and contract
# ----------------------------------------------------------------------------------------------


def test_data_passes_casebook_validation():
    """The data file passes casebook's own validation, as casebook.load() will run it."""
    case = load_checked(DATA_FILE)
    assert "salford-together" == case.id


def test_record_metadata():
    """Schema version and review date are the values every casebook case study uses."""
    assert data["schema_version"] == "1.0"
    assert data["last_reviewed"] == "2026-11-23"


def test_every_source_is_cited():
    """Every listed source backs at least one item in the record."""
    used = {c for cites in all_cites(data) for c in cites}
    assert used == {s["id"] for s in data["sources"]}


def test_no_london_plan_areas():
    """The London plan (london-2017, a King's Fund plan of 2014) applies only to Tower Hamlets, not Salford."""
    for i in data["initiatives"]:
        assert not any(a.startswith("london-2017/") for a in i.get("areas", []))


def test_non_vanguard_origins_have_notes():
    """Initiatives not of vanguard origin say why in `origin_note`."""
    for i in data["initiatives"]:
        if i["origin"] != "vanguard":
            assert i.get("origin_note"), i["id"]


# ----------------------------------------------------------------------------------------------
# Identity, programme, place, population
# ----------------------------------------------------------------------------------------------


def test_identity():
    """Name as used by nhs-networks-2016 and nhs-providers-salford-together."""
    assert data["id"] == "salford-together"
    assert data["name"] == "Salford Together"
    assert data["aliases"] == ["Salford Together Vanguard"]


def test_programme():
    """PACS per nhs-networks-2016 and kings-fund-salford-ico; selected March 2015 per kings-fund-salford-ico and salford-together-2015-04."""
    assert data["programme"]["type"] == "pacs"
    assert data["programme"]["selected"] == "2015-03"
    assert {"nhs-networks-2016", "kings-fund-salford-ico", "salford-together-2015-04"} <= set(
        data["programme"]["cites"]
    )


def test_place():
    """Salford in Greater Manchester per nhs-networks-2016 and salford-together-2015-04."""
    assert data["place"]["name"] == "Salford"
    assert data["place"]["region"] == "Greater Manchester"


def test_population_absent():
    """No Salford population figure is in the sources; 2.8 million is Greater Manchester's (nhs-networks-2016)."""
    assert "population" not in data


def test_summary_figures():
    """Summary figures: 65+ programme (salford-together-icp-newsletter-2), 1 July 2016 launch (salford-together-2016-06), Greater Manchester £6bn / 2.8 million from 1 April 2016 (nhs-networks-2016)."""
    text = data["summary"]["text"]
    assert "65 and over" in text
    assert "1 July 2016" in text
    assert "£6bn" in text
    assert "2.8 million" in text
    assert "1 April 2016" in text
    assert "Greater Manchester" in text
    assert "nhs-networks-2016" in data["summary"]["cites"]


# ----------------------------------------------------------------------------------------------
# Organisations
# ----------------------------------------------------------------------------------------------


def test_lead_organisation():
    """Salford Royal NHS FT leads as prime provider per nhs-networks-2016, nhs-providers-salford-together, salford-together-2016-06."""
    leads = [o for o in data["organisations"] if o["role"] == "lead"]
    assert len(leads) == 1
    lead = leads[0]
    assert lead["name"] == "Salford Royal NHS Foundation Trust"
    assert lead["sector"] == "nhs-provider"
    assert {"nhs-networks-2016", "salford-together-2016-06"} <= set(lead["cites"])


def test_partners():
    """Original alliance per salford-together-2014-11 and kings-fund-salford-ico; later list per nhs-providers-salford-together."""
    partners = {o["name"]: o["sector"] for o in data["organisations"] if o["role"] == "partner"}
    assert partners == {
        "Salford City Council": "local-authority",
        "NHS Salford Clinical Commissioning Group": "nhs-commissioner",
        "Greater Manchester West Mental Health NHS Foundation Trust": "nhs-provider",
        "Salford Primary Care Together": "primary-care",
    }


def test_mental_health_trust_renamed():
    """The later name Greater Manchester Mental Health NHS FT is from nhs-providers-salford-together."""
    trust = organisation("Greater Manchester West Mental Health NHS Foundation Trust")
    assert trust["other_names"] == ["Greater Manchester Mental Health NHS Foundation Trust"]
    assert "nhs-providers-salford-together" in trust["cites"]


def test_no_named_voluntary_partner():
    """No voluntary organisation is named as a partner in nhs-providers-salford-together or elsewhere."""
    assert all(o["sector"] != "voluntary" for o in data["organisations"])


# ----------------------------------------------------------------------------------------------
# Aims, outcomes, challenges
# ----------------------------------------------------------------------------------------------


def test_no_outcomes():
    """No source reports outcome figures for Salford."""
    assert "outcomes" not in data


def test_savings_forecast_is_an_aim():
    """About £27m recurrent savings by 2021 is a forecast per salford-together-2016-06 and nhs-providers-salford-together."""
    aims = [a for a in data["aims"] if "£27m" in a["text"]]
    assert len(aims) == 1
    assert "2021" in aims[0]["text"]
    assert "forecast" in aims[0]["text"]
    assert {"salford-together-2016-06", "nhs-providers-salford-together"} <= set(aims[0]["cites"])


def test_aims_from_newsletter():
    """Outcomes, experience and cost aims come from salford-together-newsletter-2016-02."""
    cited = [a for a in data["aims"] if "salford-together-newsletter-2016-02" in a["cites"]]
    assert len(cited) == 3


def test_challenges():
    """Staff transfer difficulty per nhs-providers-salford-together; data gap per nhs-networks-2016."""
    texts = {c["cites"][0]: c["text"] for c in data["challenges"]}
    assert "450" in texts["nhs-providers-salford-together"]
    assert "data" in texts["nhs-networks-2016"]
    assert len(data["challenges"]) == 2


# ----------------------------------------------------------------------------------------------
# Initiatives
# ----------------------------------------------------------------------------------------------


def test_initiative_status_and_origin():
    """Evidence status and origin of each initiative, per the sources each one cites."""
    got = {i["id"]: (i["status"], i["origin"]) for i in data["initiatives"]}
    assert got == {
        "older-people-alliance": ("implemented", "pre-vanguard"),
        "integrated-care-organisation": ("implemented", "vanguard"),
        "adult-social-care-transfer": ("implemented", "vanguard"),
        "mental-health-services-contract": ("planned", "vanguard"),
        "adult-pooled-budget": ("implemented", "vanguard"),
        # NHS Providers describes the record's development and planning, not a running record.
        "shared-care-record": ("planned", "vanguard"),
    }


def test_older_people_alliance():
    """65+ programme first in Swinton and Eccles, £112m pooled budget, per kings-fund-salford-ico and salford-together-2015-04."""
    i = initiative("older-people-alliance")
    assert "65 and over" in i["description"]
    assert "Swinton and Eccles" in i["description"]
    assert "£112m" in i["description"]
    assert "autumn 2014" in i["description"]
    assert "March 2015" in i["origin_note"]
    assert "started" not in i  # the sources disagree on the month
    assert i["areas"] == ["five-year-forward-view/health-social-care"]


def test_integrated_care_organisation():
    """ICO live 1 July 2016, over 2,000 staff, £213m budget, per salford-together-2016-06 and men-salford-ico-launch-2016."""
    i = initiative("integrated-care-organisation")
    assert i["started"] == "2016-07-01"
    assert "1 July 2016" in i["description"]
    assert "2,000" in i["description"]
    assert "£213m" in i["description"]
    # Its mental health part is the separate, planned mental-health-services-contract: the
    # ICO's launch does not stand for mental health work no source reports running.
    assert "five-year-forward-view/physical-mental-health" not in i["areas"]
    assert "mental-health-services" not in i["settings"]
    assert {"salford-together-2016-06", "men-salford-ico-launch-2016"} <= set(i["cites"])


def test_adult_social_care_transfer():
    """About 450 adult social care staff moved from the council to Salford Royal, per salford-together-2016-06."""
    i = initiative("adult-social-care-transfer")
    assert "450" in i["description"]
    assert "started" not in i


def test_mental_health_contract_is_planned():
    """Adult and older people's mental health contract moving from Salford CCG to Salford Royal is described only prospectively in salford-together-icp-newsletter-2 and salford-together-2016-06."""
    i = initiative("mental-health-services-contract")
    assert i["status"] == "planned"
    assert "mental health services for adults and older people" in i["description"]
    assert i["areas"] == ["five-year-forward-view/physical-mental-health"]
    assert {"salford-together-icp-newsletter-2", "nhs-networks-2016"} <= set(i["cites"])


def test_adult_pooled_budget():
    """£236m adult pooled budget under a joint commissioning board from July 2016, per kings-fund-salford-ico."""
    i = initiative("adult-pooled-budget")
    assert i["started"] == "2016-07"
    assert "£236m" in i["description"]
    assert "specialised services" in i["description"]
    assert i["cites"] == ["kings-fund-salford-ico"]


def test_shared_care_record():
    """Shared record across GP, hospital and social care systems, per nhs-providers-salford-together."""
    i = initiative("shared-care-record")
    assert "digital" in i["settings"]
    assert i["cites"] == ["nhs-providers-salford-together"]


# ----------------------------------------------------------------------------------------------
# Discrepancies
# ----------------------------------------------------------------------------------------------


def test_alliance_date_discrepancy():
    """September 2014 per kings-fund-salford-ico versus October 2014 per salford-together-2015-04."""
    d = discrepancy("alliance")
    assert d["initiative"] == "older-people-alliance"
    claims = {c["value"]: c["cites"] for c in d["claims"]}
    assert claims == {
        "September 2014": ["kings-fund-salford-ico"],
        "October 2014": ["salford-together-2015-04"],
    }
    assert "November 2014" in d["note"]


def test_budget_discrepancy():
    """£112m and £236m per kings-fund-salford-ico; £213m per salford-together-2016-06 and men-salford-ico-launch-2016."""
    d = discrepancy("Budget")
    values = [c["value"] for c in d["claims"]]
    assert [v.split()[0] for v in values] == ["£112m", "£236m", "£213m"]
    assert "July 2016" in values[1]
    assert d["claims"][2]["cites"] == ["salford-together-2016-06", "men-salford-ico-launch-2016"]


def test_trust_name_discrepancy():
    """Greater Manchester West (2014-16 sources) versus Greater Manchester Mental Health (nhs-providers-salford-together)."""
    d = discrepancy("mental health trust")
    claims = {c["value"]: c["cites"] for c in d["claims"]}
    assert claims["Greater Manchester Mental Health NHS Foundation Trust"] == [
        "nhs-providers-salford-together"
    ]
    assert (
        "salford-together-2014-11"
        in claims["Greater Manchester West Mental Health NHS Foundation Trust"]
    )
    assert "2014" in d["note"] and "2016" in d["note"]


# ----------------------------------------------------------------------------------------------
# Sources
# ----------------------------------------------------------------------------------------------

EXPECTED_SOURCES = {
    # Each source id maps to its publisher, date or None, kind, and url or None.
    "nhs-networks-2016": (
        "NHS Networks (mental health commissioning networks blog)",
        "2016-06-02",
        "blog",
        "https://www.networks.nhs.uk/nhs-networks/regional-mental-health-commissioning-networks-portal/blogs/mental-health-commissioning-networks-blog/nhs-vanguards-leading-mental-health-integration",
    ),
    "nhs-providers-salford-together": (
        "NHS Providers",
        None,
        "web-page",
        "https://nhsproviders.org/new-care-models-harnessing-technology/case-study-salford-together",
    ),
    "kings-fund-salford-ico": (
        "The King's Fund",
        None,
        "web-page",
        "https://www.kingsfund.org.uk/projects/supporting-new-nhs-care-models/developing-integrated-care-organisation-salford",
    ),
    "salford-together-2014-11": (
        "Salford Together",
        "2014-11",
        "news",
        "https://www.salfordtogether.com/2014/11/salford-paves-the-way-for-excellence-in-integrated-care/",
    ),
    "salford-together-2015-04": (
        "Salford Together",
        "2015-04",
        "news",
        "http://www.salfordtogether.com/2015/04/citys-health-and-social-care-boost-as-scope-of-service-improvement-outlined/",
    ),
    "salford-together-2016-06": (
        "Salford Together",
        "2016-06",
        "news",
        "http://www.salfordtogether.com/2016/06/historic-move-transforms-salfords-health-and-social-care-landscape/",
    ),
    "salford-together-newsletter-2016-02": ("Salford Together", "2016-02", "newsletter", None),
    "salford-together-icp-newsletter-2": (
        "Salford Together",
        None,
        "newsletter",
        "https://www.salfordtogether.com/news/integrated-care-programme-newsletters/icp-newsletter-issue-two/historic-move-transforms-salfords-health-and-social-care/",
    ),
    "men-salford-ico-launch-2016": (
        "Manchester Evening News",
        "2016-06",
        "news",
        "http://www.manchestereveningnews.co.uk/news/greater-manchester-news/salford-lead-way-ground-breaking-11542138",
    ),
}


@pytest.mark.parametrize("source_id", sorted(EXPECTED_SOURCES))
def test_source_metadata(source_id):
    """Publisher, date, kind and address of each source listed in the record."""
    source = next(s for s in data["sources"] if s["id"] == source_id)
    publisher, date, kind, url = EXPECTED_SOURCES[source_id]
    assert source["publisher"] == publisher
    assert source.get("date") == date
    assert source["kind"] == kind
    assert source.get("url") == url


def test_source_list_complete():
    """The record lists exactly the expected sources."""
    assert {s["id"] for s in data["sources"]} == set(EXPECTED_SOURCES)


def test_nhs_networks_source_author_and_title():
    """nhs-networks-2016 is Sarah Mehta's NHS Networks blog post of 2 June 2016."""
    source = next(s for s in data["sources"] if s["id"] == "nhs-networks-2016")
    assert source["authors"] == ["Sarah Mehta"]
    assert source["title"] == "NHS vanguards leading mental health integration"


# ----------------------------------------------------------------------------------------------
# Every number in the record is pinned
# ----------------------------------------------------------------------------------------------

NUMBER = re.compile(r"\d{4}-\d{2}(?:-\d{2})?|£?\d+(?:[.,]\d+)*(?:m|bn)?")
NOT_TEXT = {"id", "cites", "initiative", "url"}
EXPECTED_NUMBERS = {
    "1.0",  # schema_version
    "2026-11-23",  # last_reviewed
    "2015-03",  # programme.selected (kings-fund-salford-ico, salford-together-2015-04)
    "2015",  # "March 2015" in the alliance origin note
    "2014",  # autumn / September / October / November 2014 (alliance)
    "2016",  # "1 July 2016", "1 April 2016", "July 2016", "2014 to 2016"
    "2017",  # "around 2016 to 2017" (King's Fund page, undated)
    "1",  # "1 July", "1 April"
    "2016-07-01",  # ICO start
    "2016-07",  # adult pooled budget start
    "2016-06-02",  # nhs-networks-2016 date
    "2014-11",  # source date
    "2015-04",  # source date
    "2016-06",  # source dates
    "2016-02",  # newsletter date
    "2,000",  # ICO staff
    "2.8",  # Greater Manchester population, in millions (summary only)
    "2021",  # savings forecast year
    "450",  # social care staff transferred
    "65",  # older people's programme age
    "£112m",  # older people's pooled budget
    "£213m",  # ICO budget
    "£236m",  # adult pooled budget
    "£27m",  # savings forecast
    "£6bn",  # Greater Manchester health budget
}


def _numbers(node, key=None):
    if key in NOT_TEXT:
        return set()
    if isinstance(node, dict):
        return set().union(*(_numbers(v, k) for k, v in node.items()))
    if isinstance(node, list):
        return set().union(set(), *(_numbers(v, key) for v in node))
    if isinstance(node, str):
        return set(NUMBER.findall(node))
    return set()


def test_every_number_is_expected():
    """Every figure or date in the record is one checked against the sources above; a new or changed number fails here."""
    assert _numbers(data) == EXPECTED_NUMBERS
