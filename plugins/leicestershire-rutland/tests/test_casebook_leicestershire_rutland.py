"""Checks the Leicester, Leicestershire and Rutland case study against its sources.

Source ids used in the docstrings are those listed in the TOML's ``sources``.
"""

import re
import tomllib
from pathlib import Path

import pytest

from casebook.testing import load_checked

DATA_PATH = (
    Path(__file__).parents[1]
    / "src"
    / "casebook_leicestershire_rutland"
    / "leicestershire-rutland.toml"
)


@pytest.fixture(scope="module")
def data():
    with DATA_PATH.open("rb") as fh:
        return tomllib.load(fh)


def initiative(data, ident):
    (found,) = [i for i in data["initiatives"] if i["id"] == ident]
    return found


def organisation(data, name):
    (found,) = [o for o in data["organisations"] if o["name"] == name]
    return found


def source(data, ident):
    (found,) = [s for s in data["sources"] if s["id"] == ident]
    return found


def walk(node, path=()):
    """Yield (path, value) for every leaf of the data."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, (*path, index))
    else:
        yield path, node


# ------------------------------------------------------------------ format and integrity


def test_data_passes_casebook_validation():
    """The data file passes casebook's own validation, as casebook.load() will run it."""
    case = load_checked(DATA_PATH)
    assert "leicestershire-rutland" == case.id


def test_every_source_is_cited(data):
    """Integrity: every one of the record's sources is cited somewhere."""
    ids = {s["id"] for s in data["sources"]}
    cited = {value for path, value in walk(data) if "cites" in path}
    assert cited == ids, f"listed but never cited: {ids - cited}"


def test_every_outcome_names_an_initiative(data):
    """Integrity: each outcome is tied to an initiative of the record."""
    for outcome in data["outcomes"]:
        assert "initiative" in outcome, outcome["id"]


def test_no_london_plan_areas(data):
    """The London plan is not mapped outside Tower Hamlets."""
    for item in data["initiatives"]:
        for area in item.get("areas", []):
            assert not area.startswith("london-2017/"), area


def test_non_vanguard_origins_have_a_note(data):
    """Work that is not vanguard work says where it came from."""
    for item in data["initiatives"]:
        if item["origin"] != "vanguard":
            assert item.get("origin_note"), item["id"]


def test_review_metadata(data):
    """Review date and schema version."""
    assert data["schema_version"] == "1.0"
    assert data["last_reviewed"] == "2026-11-23"


# ------------------------------------------------------------------ identity and programme


def test_id_and_name(data):
    """west-leicestershire-ccg-2015 (24 July 2015): the site's three-area name."""
    assert data["id"] == "leicestershire-rutland"
    assert data["name"] == "Leicester, Leicestershire and Rutland"


def test_blog_short_form_is_an_alias(data):
    """nhs-networks-2016 (NHS Networks blog, 2 June 2016): calls the site "Leicestershire and Rutland"."""
    assert data["aliases"] == ["Leicestershire and Rutland"]


def test_programme_type_and_selection_date(data):
    """west-leicestershire-ccg-2015, nhs-england-uec-vanguards, hsj-first-eight-uec-vanguards: UEC vanguard named 24 July 2015."""
    assert data["programme"]["type"] == "urgent-emergency-care"
    assert data["programme"]["selected"] == "2015-07-24"
    assert set(data["programme"]["cites"]) >= {
        "west-leicestershire-ccg-2015",
        "nhs-england-uec-vanguards",
        "nhs-networks-2016",
    }


def test_summary_figures(data):
    """west-leicestershire-ccg-2015, nhs-england-uec-vanguards, hsj-first-eight-uec-vanguards and nhs-england-vanguards-blueprint-2016: date, one of eight, second wave, 1.1 million."""
    text = data["summary"]["text"]
    assert "24 July 2015" in text
    assert "one of the eight" in text
    assert "second wave" in text
    assert "about 1.1 million" in text
    assert "June 2016" in text


def test_place(data):
    """west-leicestershire-ccg-2015: area served; region is not stated, so absent."""
    assert data["place"]["name"] == "Leicester, Leicestershire and Rutland"
    assert "region" not in data["place"]


def test_population(data):
    """west-leicestershire-ccg-2015 (24 July 2015): about 1.1 million people, with no date for
    the count (the announcement's month is not a reference date)."""
    population = data["population"]
    assert population["count"] == 1_100_000
    assert "as_of" not in population
    assert "1.1 million" in population["description"]
    assert population["cites"] == ["west-leicestershire-ccg-2015"]


# ------------------------------------------------------------------ organisations


def test_lead_organisation(data):
    """nhs-england-uec-vanguards (NHS England UEC vanguards page): the System Resilience Group is listed as the vanguard, item 6."""
    leads = [o for o in data["organisations"] if o["role"] == "lead"]
    assert [o["name"] for o in leads] == [
        "Leicester, Leicestershire & Rutland System Resilience Group"
    ]
    assert "item 6" in leads[0]["description"]
    assert leads[0]["cites"] == ["nhs-england-uec-vanguards"]


def test_better_care_together_partners(data):
    """llr-crisis-concordat-action-plan (January 2016): Better Care Together partners."""
    expected = {
        "Leicestershire Partnership NHS Trust": "nhs-provider",
        "University Hospitals of Leicester": "nhs-provider",
        "Leicester City CCG": "nhs-commissioner",
        "West Leicestershire CCG": "nhs-commissioner",
        "East Leicestershire and Rutland CCG": "nhs-commissioner",
        "Leicester City Council": "local-authority",
        "Leicestershire County Council": "local-authority",
        "Rutland County Council": "local-authority",
        "NHS England local area team": "nhs-commissioner",
        "Health and wellbeing boards of Leicester, Leicestershire and Rutland": "other",
    }
    for name, sector in expected.items():
        org = organisation(data, name)
        assert org["role"] == "partner"
        assert org["sector"] == sector
        assert "llr-crisis-concordat-action-plan" in org["cites"]
    assert len(data["organisations"]) == len(expected) + 2


def test_ambulance_service_partner(data):
    """lpt-winter-funding (LPT news): EMAS ran the July 2016 to March 2017 pilot with LPT."""
    org = organisation(data, "East Midlands Ambulance Service")
    assert org["role"] == "partner"
    assert org["sector"] == "nhs-provider"
    assert "July 2016 to March 2017" in org["description"]
    assert org["cites"] == ["lpt-winter-funding"]
    lpt = organisation(data, "Leicestershire Partnership NHS Trust")
    assert "2016-17" in lpt["description"]
    assert "lpt-winter-funding" in lpt["cites"]


def test_city_ccg_reported_october_2016_move(data):
    """leicester-city-ccg-2016 (11 October 2016): teams moved into a shared hub in October 2016."""
    org = organisation(data, "Leicester City CCG")
    assert "October 2016" in org["description"]
    assert "leicester-city-ccg-2016" in org["cites"]


def test_no_voluntary_partner_invented(data):
    """No source names a voluntary-sector partner for this site."""
    assert all(o["sector"] != "voluntary" for o in data["organisations"])


# ------------------------------------------------------------------ initiatives


def test_vanguard_initiatives_from_the_blog(data):
    """nhs-networks-2016 (NHS Networks blog, 2 June 2016): crisis team in place; urgent care hubs planned."""
    team = initiative(data, "crisis-response-team")
    assert team["status"] == "implemented"
    assert team["origin"] == "vanguard"
    assert team["cites"] == ["nhs-networks-2016"]
    assert "started" not in team
    hubs = initiative(data, "urgent-care-hubs")
    assert hubs["status"] == "planned"
    assert hubs["origin"] == "vanguard"
    assert hubs["cites"] == ["nhs-networks-2016"]
    assert "kings-fund-2017/urgent-care" in hubs["areas"]


def test_triage_pilot(data):
    """lpt-winter-funding (LPT news): pilot July 2016 to March 2017, about 950 A&E attendances a year."""
    pilot = initiative(data, "ambulance-mental-health-triage-pilot")
    # It ran, but its one figure is a projection: implemented, not evaluated. The source neither
    # presents it as vanguard work nor names its funder.
    assert pilot["status"] == "implemented"
    assert pilot["origin"] == "unattributed"
    assert pilot["started"] == "2016-07"
    assert "July 2016 to March 2017" in pilot["description"]
    assert "about 950 A&E attendances a year" in pilot["description"]
    assert pilot["cites"] == ["lpt-winter-funding"]


def test_triage_car(data):
    """lpt-winter-funding (LPT news): £299,000 winter pressures money for an all-age car, 4pm to midnight, five days a week."""
    car = initiative(data, "mental-health-triage-car")
    assert car["status"] == "planned"
    assert car["origin"] == "other-programme"
    assert "£299,000" in car["description"]
    assert "£299,000" in car["origin_note"]
    assert "4pm to midnight on five days a week" in car["description"]
    assert "all-age" in car["description"]
    assert "started" not in car


def test_integrated_crisis_response_service(data):
    """lga-leicester-icrs (LGA case study) and leicester-city-ccg-2016 (11 October 2016): ICRS facts and 2016/17 figures."""
    icrs = initiative(data, "leicester-integrated-crisis-response-service")
    assert icrs["status"] == "implemented"
    assert icrs["origin"] == "other-programme"
    assert "Better Care Fund" in icrs["origin_note"]
    assert "started" not in icrs
    text = icrs["description"]
    for figure in (
        "(24/7)",
        "up to 72 hours",
        "October 2016",
        "For 2016/17",
        "6,343 client episodes",
        "within two hours in 100% of them",
        "1,402 episodes for falls",
        "93% of those people remained at home",
        "1,413 supported exits from hospital",
        "80% of people remaining at home in the long term",
        "Neville Centre",
    ):
        assert figure in text, figure
    assert set(icrs["cites"]) == {"lga-leicester-icrs", "leicester-city-ccg-2016"}


def test_crisis_care_concordat(data):
    """llr-crisis-concordat-action-plan: declaration signed 8 October 2014, plan updated January 2016."""
    concordat = initiative(data, "crisis-care-concordat")
    assert concordat["origin"] == "pre-vanguard"
    assert concordat["status"] == "planned"
    assert concordat["started"] == "2014-10-08"
    assert "8 October 2014" in concordat["description"]
    assert "January 2016" in concordat["description"]
    assert "five-year" in concordat["description"]
    assert "8 October 2014" in concordat["origin_note"]
    assert "July 2015" in concordat["origin_note"]


def test_initiative_set(data):
    """The six initiatives the sources report for this site, and no others."""
    assert [i["id"] for i in data["initiatives"]] == [
        "crisis-response-team",
        "urgent-care-hubs",
        "ambulance-mental-health-triage-pilot",
        "mental-health-triage-car",
        "leicester-integrated-crisis-response-service",
        "crisis-care-concordat",
    ]


# ------------------------------------------------------------------ outcomes, challenges, discrepancies


def test_outcomes(data):
    """lpt-winter-funding (LPT news): the only outcome figure, about 950 avoidable A&E attendances a year."""
    assert len(data["outcomes"]) == 1
    (outcome,) = data["outcomes"]
    assert outcome["value"] == 950
    assert outcome["unit"] == "attendances a year"
    assert outcome["direction"] == "decrease"
    assert outcome["initiative"] == "ambulance-mental-health-triage-pilot"
    assert outcome["confidence"] == "medium"
    assert outcome["period"].startswith("Pilot run from July 2016 to March 2017")
    assert "about 950" in outcome["note"]
    # "could" avoid: a projection, published by the provider itself.
    assert (outcome["basis"], outcome["evaluated_by"]) == ("estimate", "provider")
    assert "baseline" not in outcome
    assert outcome["cites"] == ["lpt-winter-funding"]


def test_challenge(data):
    """nhs-networks-2016 (NHS Networks blog, 2 June 2016): commissioning without adequate mental health data."""
    (challenge,) = data["challenges"]
    assert "data" in challenge["text"]
    assert challenge["cites"] == ["nhs-networks-2016"]


def test_naming_discrepancy(data):
    """nhs-networks-2016 vs nhs-england-uec-vanguards vs west-leicestershire-ccg-2015: the three names are recorded side by side."""
    (disc,) = data["discrepancies"]
    claims = {c["value"]: c["cites"] for c in disc["claims"]}
    assert claims == {
        "Leicestershire and Rutland": ["nhs-networks-2016"],
        "Leicester, Leicestershire & Rutland System Resilience Group": [
            "nhs-england-uec-vanguards"
        ],
        "Leicester, Leicestershire and Rutland": ["west-leicestershire-ccg-2015"],
    }
    assert "initiative" not in disc


# ------------------------------------------------------------------ sources


def test_source_metadata(data):
    """Titles, publishers and dates of the cited documents, as each document gives them."""
    blog = source(data, "nhs-networks-2016")
    assert blog["date"] == "2016-06-02"
    assert blog["authors"] == ["Sarah Mehta"]
    assert blog["kind"] == "blog"
    assert "commissioning networks blog" in blog["note"]
    assert source(data, "west-leicestershire-ccg-2015")["date"] == "2015-07-24"
    assert source(data, "leicester-city-ccg-2016")["date"] == "2016-10-11"
    assert source(data, "nhs-england-vanguards-blueprint-2016")["date"] == "2016-09"
    plan = source(data, "llr-crisis-concordat-action-plan")
    assert plan["date"] == "2016-01"
    assert "url" not in plan  # only a third-party copy was read; named in the note
    assert "docsbay.net" in plan["note"]
    assert "url" not in source(data, "nhs-england-vanguards-blueprint-2016")
    lpt = source(data, "lpt-winter-funding")
    assert "£299,000" in lpt["title"]
    assert "£337m" in lpt["note"]
    assert "date" not in lpt
    assert "item 6" in source(data, "nhs-england-uec-vanguards")["note"]
    assert "2016/17" in source(data, "lga-leicester-icrs")["note"]


# ------------------------------------------------------------------ every figure is covered

# Every number that appears in the data (outside URLs), mapped to where it comes from.
# A new or changed figure anywhere fails this test until it is added here with its source.
EXPECTED_NUMBERS = {
    "1.0": "schema_version",
    "2026-11-23": "last_reviewed",
    "24": "west-leicestershire-ccg-2015: named 24 July 2015",
    "2015": "west-leicestershire-ccg-2015: July 2015",
    "1.1": "west-leicestershire-ccg-2015: about 1.1 million people",
    "2016": "nhs-networks-2016 date; lpt-winter-funding pilot; llr-crisis-concordat-action-plan update; leicester-city-ccg-2016 October 2016",
    "2015-07-24": "west-leicestershire-ccg-2015: programme.selected, source date",
    "1100000": "west-leicestershire-ccg-2015: population.count",
    "6": "nhs-england-uec-vanguards: item 6 on NHS England's list",
    "2016-17": "lpt-winter-funding: pilot years",
    "2017": "lpt-winter-funding: pilot ended March 2017",
    "950": "lpt-winter-funding: about 950 A&E attendances a year",
    "2016-07": "lpt-winter-funding: pilot started",
    "299,000": "lpt-winter-funding: winter pressures funding",
    "4pm": "lpt-winter-funding: triage car hours",
    "24/7": "lga-leicester-icrs: ICRS hours",
    "72": "lga-leicester-icrs: up to 72 hours",
    "2016/17": "lga-leicester-icrs: year of the figures",
    "6,343": "lga-leicester-icrs: client episodes",
    "100%": "lga-leicester-icrs: response within two hours",
    "1,402": "lga-leicester-icrs: falls episodes",
    "93%": "lga-leicester-icrs: stayed at home after falls",
    "1,413": "lga-leicester-icrs: supported exits from hospital",
    "80%": "lga-leicester-icrs: stayed at home long term",
    "8": "llr-crisis-concordat-action-plan: declaration signed 8 October 2014",
    "2014": "llr-crisis-concordat-action-plan: October 2014",
    "2014-10-08": "llr-crisis-concordat-action-plan: initiative started",
    "2016-06-02": "nhs-networks-2016 date",
    "2016-09": "nhs-england-vanguards-blueprint-2016 date",
    "337m": "lpt-winter-funding: national announcement referred to",
    "2016-01": "llr-crisis-concordat-action-plan last update",
    "2016-10-11": "leicester-city-ccg-2016 date",
}
NUMBER = re.compile(r"\d(?:[\d,./:%-]*\d)?[a-z]*%?")


def test_every_figure_is_accounted_for(data):
    """All sources: each number in the data is one of the figures checked above."""
    found = set()
    for path, value in walk(data):
        if path and path[-1] == "url":
            continue
        if isinstance(value, bool):
            continue
        if isinstance(value, (int, float)):
            found.add(str(value))
            continue
        for match in NUMBER.findall(str(value)):
            found.add(match.rstrip(".,"))
    expected = set(EXPECTED_NUMBERS)
    assert found - expected == set(), f"unchecked figures: {found - expected}"
    assert expected - found == set(), f"stale entries: {expected - found}"
