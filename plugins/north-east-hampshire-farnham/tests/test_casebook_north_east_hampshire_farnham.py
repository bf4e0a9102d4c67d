"""Pin the North East Hampshire and Farnham case study to its sources.

Source ids in the docstrings are the ids of the TOML file's ``sources``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from casebook.testing import load_checked

PLUGIN = Path(__file__).parents[1]
DATA_FILE = (
    PLUGIN / "src" / "casebook_north_east_hampshire_farnham" / "north-east-hampshire-farnham.toml"
)


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    with DATA_FILE.open("rb") as f:
        return tomllib.load(f)


def by_id(items: list[dict[str, Any]], item_id: str) -> dict[str, Any]:
    (found,) = [item for item in items if item["id"] == item_id]
    return found


def walk(node: Any, path: str = "") -> Iterator[tuple[str, str, Any]]:
    """Yield ``(path, key, value)`` for every scalar in the data."""
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, (dict, list)):
                yield from walk(value, f"{path}/{key}")
            else:
                yield f"{path}/{key}", key, value
    elif isinstance(node, list):
        for index, value in enumerate(node):
            if isinstance(value, (dict, list)):
                yield from walk(value, f"{path}/{index}")
            else:
                yield f"{path}/{index}", path.rsplit("/", 1)[-1], value


# --- identity and place -------------------------------------------------------------------


def test_identity(data: dict[str, Any]) -> None:
    """The site's name; its vanguard name as nhs-networks-2016 gives it, and the programme name."""
    assert "1.0" == data["schema_version"]
    assert "north-east-hampshire-farnham" == data["id"]
    assert "North East Hampshire and Farnham" == data["name"]
    assert ["North East Hampshire and Farnham Vanguard", "Happy, Healthy, at Home"] == data[
        "aliases"
    ]
    assert "2026-11-23" == data["last_reviewed"]


def test_programme_is_pacs_without_selection_date(data: dict[str, Any]) -> None:
    """nhs-networks-2016 lists the site among the PACS; no source states its selection month."""
    assert "pacs" == data["programme"]["type"]
    assert ["nhs-networks-2016"] == data["programme"]["cites"]
    assert "selected" not in data["programme"]


def test_place(data: dict[str, Any]) -> None:
    """nhs-england-aldershot-case-study puts Aldershot on the Surrey and Hampshire border."""
    assert "North East Hampshire and Farnham" == data["place"]["name"]
    assert "Hampshire and Surrey border, England" == data["place"]["region"]
    assert "nhs-england-aldershot-case-study" in data["place"]["cites"]


def test_population_is_absent(data: dict[str, Any]) -> None:
    """The sources give no population figure, so none is given."""
    assert "population" not in data


def test_summary_names_the_frimley_footprint(data: dict[str, Any]) -> None:
    """kings-fund-frimley-ics places the area in the Frimley Health ICS footprint."""
    assert "footprint of the Frimley Health integrated care system" in data["summary"]["text"]
    assert "kings-fund-frimley-ics" in data["summary"]["cites"]


# --- organisations ------------------------------------------------------------------------


def test_lead_organisation_is_the_ccg(data: dict[str, Any]) -> None:
    """nhs-england-safe-haven-blog, nhs-england-aldershot-case-study and nehf-ccg-annual-report-2017-18 name NHS North East Hampshire and Farnham CCG as the lead."""
    leads = [o for o in data["organisations"] if o["role"] == "lead"]
    assert 1 == len(leads)
    (lead,) = leads
    assert "NHS North East Hampshire and Farnham Clinical Commissioning Group" == lead["name"]
    assert "nhs-commissioner" == lead["sector"]
    assert {"nhs-england-safe-haven-blog", "nhs-england-aldershot-case-study"} <= set(lead["cites"])


def test_safe_haven_partners(data: dict[str, Any]) -> None:
    """kings-fund-parkin-2016 and pcc-parkin-2018 name the Safe Haven partners."""
    partners = {o["name"]: o["sector"] for o in data["organisations"] if o["role"] == "partner"}
    assert {
        "Surrey and Borders Partnership NHS Foundation Trust": "nhs-provider",
        "Hampshire County Council": "local-authority",
        "MCCH": "voluntary",
    } == partners


# --- aims, initiatives, challenges --------------------------------------------------------


def test_aims_come_from_nhs_networks_2016(data: dict[str, Any]) -> None:
    """The three aims restate nhs-networks-2016 and cite only it."""
    assert 3 == len(data["aims"])
    for aim in data["aims"]:
        assert ["nhs-networks-2016"] == aim["cites"]


def test_initiative_ids(data: dict[str, Any]) -> None:
    """Initiatives from nhs-networks-2016 (plan), the Safe Haven's sources, and nhs-england-safe-haven-blog (its extension)."""
    assert ["integrated-care-system", "aldershot-safe-haven", "safe-haven-extension"] == [
        i["id"] for i in data["initiatives"]
    ]


def test_integrated_care_system_is_a_vanguard_plan(data: dict[str, Any]) -> None:
    """nhs-networks-2016 says what the vanguard will focus on: a plan, not a result."""
    plan = by_id(data["initiatives"], "integrated-care-system")
    assert "planned" == plan["status"]
    assert "vanguard" == plan["origin"]
    assert ["nhs-networks-2016"] == plan["cites"]
    assert [
        "five-year-forward-view/health-social-care",
        "five-year-forward-view/physical-mental-health",
    ] == plan["areas"]


def test_safe_haven_is_evaluated_pre_vanguard_work_without_start_date(data: dict[str, Any]) -> None:
    """wessex-ahsn-safe-haven-page, kings-fund-parkin-2016 and pcc-parkin-2018 (April 2014) and farnham-herald-pm-visit (March 2014) disagree on the opening, so no `started`."""
    haven = by_id(data["initiatives"], "aldershot-safe-haven")
    assert "evaluated" == haven["status"]
    assert "pre-vanguard" == haven["origin"]
    assert "2014" in haven["origin_note"]
    assert "started" not in haven
    assert ["kings-fund-2017/urgent-care"] == haven["areas"]


def test_safe_haven_description_figures(data: dict[str, Any]) -> None:
    """Ages and hours from wessex-ahsn-safe-haven-page and kings-fund-parkin-2016, 2012 research from nhs-england-safe-haven-blog, 11 centres and £8m from farnham-herald-pm-visit."""
    text = by_id(data["initiatives"], "aldershot-safe-haven")["description"]
    for fragment in (
        "aged 18 and over",
        "6pm to 11pm on weekday evenings",
        "from noon to 11pm at weekends",
        "commissioned in 2012",
        "one of 11 in Hampshire",
        "five CCGs",
        "£8m voluntary-sector contract",
        "A 2020 profile by the Commonwealth Fund",
        "final report in October 2017",
        "section 136 detentions",
    ):
        assert fragment in text


def test_safe_haven_extension_is_planned(data: dict[str, Any]) -> None:
    """nhs-england-safe-haven-blog says the roll-out to children was under way, not done, and
    does not say whether the vanguard or another programme carries it."""
    extension = by_id(data["initiatives"], "safe-haven-extension")
    assert "planned" == extension["status"]
    assert "unattributed" == extension["origin"]
    assert ["nhs-england-safe-haven-blog"] == extension["cites"]


def test_challenge_is_the_national_data_gap(data: dict[str, Any]) -> None:
    """nhs-networks-2016 names the lack of national mental health data."""
    (challenge,) = data["challenges"]
    assert ["nhs-networks-2016"] == challenge["cites"]
    assert "2016 blog" in challenge["text"]


# --- outcomes -----------------------------------------------------------------------------


def test_outcome_ids(data: dict[str, Any]) -> None:
    """Exactly the four figures of nhs-england-aldershot-case-study (two), kings-fund-parkin-2016 and pcc-parkin-2018."""
    assert [
        "safe-haven-acute-psychiatric-admissions",
        "safe-haven-monthly-attendances",
        "safe-haven-positive-feedback",
        "safe-haven-total-attendances",
    ] == [o["id"] for o in data["outcomes"]]


def test_outcome_acute_psychiatric_admissions(data: dict[str, Any]) -> None:
    """kings-fund-parkin-2016 and pcc-parkin-2018: 33% fewer admissions in year one."""
    outcome = by_id(data["outcomes"], "safe-haven-acute-psychiatric-admissions")
    assert 33 == outcome["value"]
    assert "%" == outcome["unit"]
    assert "decrease" == outcome["direction"]
    assert "the Safe Haven's first year of operation" == outcome["period"]
    assert "aldershot-safe-haven" == outcome["initiative"]
    assert "commissioner" == outcome["evaluated_by"]
    assert "medium" == outcome["confidence"]
    assert "baseline" not in outcome
    assert "£500,000" in outcome["note"]
    assert "Mental Health Strategies" in outcome["note"]
    assert ["kings-fund-parkin-2016", "pcc-parkin-2018"] == outcome["cites"]


def test_outcome_monthly_attendances(data: dict[str, Any]) -> None:
    """nhs-england-aldershot-case-study: 167 a month in Apr-Jun 2014 to 415 in Apr-Jun 2015."""
    outcome = by_id(data["outcomes"], "safe-haven-monthly-attendances")
    assert 415 == outcome["value"]
    assert 167 == outcome["baseline"]
    assert "attendances per month" == outcome["unit"]
    assert "increase" == outcome["direction"]
    assert "April to June 2015, against April to June 2014" == outcome["period"]
    assert "high" == outcome["confidence"]
    assert "evaluated_by" not in outcome
    assert ["nhs-england-aldershot-case-study"] == outcome["cites"]


def test_outcome_positive_feedback(data: dict[str, Any]) -> None:
    """nhs-england-aldershot-case-study: 95% of user feedback was positive (a level)."""
    outcome = by_id(data["outcomes"], "safe-haven-positive-feedback")
    assert (95, "%", "high") == (outcome["value"], outcome["unit"], outcome["confidence"])
    assert "direction" not in outcome
    assert ["nhs-england-aldershot-case-study"] == outcome["cites"]


def test_outcome_total_attendances(data: dict[str, Any]) -> None:
    """kings-fund-parkin-2016: over 4,000 attendances from April 2014 to November 2016."""
    outcome = by_id(data["outcomes"], "safe-haven-total-attendances")
    assert 4000 == outcome["value"]
    assert "attendances" == outcome["unit"]
    assert "direction" not in outcome
    assert "April 2014 to November 2016" == outcome["period"]
    assert "commissioner" == outcome["evaluated_by"]
    assert "high" == outcome["confidence"]
    assert "over 4,000" in outcome["note"]
    assert ["kings-fund-parkin-2016"] == outcome["cites"]


# --- discrepancies ------------------------------------------------------------------------


def test_discrepancy_safe_haven_opening(data: dict[str, Any]) -> None:
    """April 2014 (wessex-ahsn-safe-haven-page, kings-fund-parkin-2016, pcc-parkin-2018) against March 2014 (farnham-herald-pm-visit)."""
    disc = data["discrepancies"][0]
    assert "aldershot-safe-haven" == disc["initiative"]
    assert [
        (
            "April 2014",
            ["wessex-ahsn-safe-haven-page", "kings-fund-parkin-2016", "pcc-parkin-2018"],
        ),
        ("March 2014", ["farnham-herald-pm-visit"]),
    ] == [(c["value"], c["cites"]) for c in disc["claims"]]


def test_discrepancy_admissions_claim(data: dict[str, Any]) -> None:
    """33% in the first year (kings-fund-parkin-2016, pcc-parkin-2018) against a third in seven months (nhs-england-aldershot-case-study)."""
    disc = data["discrepancies"][1]
    assert "aldershot-safe-haven" == disc["initiative"]
    first, second = disc["claims"]
    assert "33%" in first["value"] and "first year" in first["value"]
    assert ["kings-fund-parkin-2016", "pcc-parkin-2018"] == first["cites"]
    assert "about a third over seven months" in second["value"]
    assert "April to October" in second["value"]
    assert ["nhs-england-aldershot-case-study"] == second["cites"]


# --- every figure -------------------------------------------------------------------------


def test_every_numeric_field_is_pinned(data: dict[str, Any]) -> None:
    """Every number-typed field: kings-fund-parkin-2016/pcc-parkin-2018 (33), nhs-england-aldershot-case-study (415 from 167, and 95), kings-fund-parkin-2016 (4,000)."""
    numbers = [
        (path, value)
        for path, _, value in walk(data)
        if isinstance(value, (int, float)) and not isinstance(value, bool)
    ]
    assert [
        ("/outcomes/0/value", 33),
        ("/outcomes/1/value", 415),
        ("/outcomes/1/baseline", 167),
        ("/outcomes/2/value", 95),
        ("/outcomes/3/value", 4000),
    ] == numbers


NUMBER = re.compile(r"\d[\d,]*")
#: Web addresses (a mirror's address may sit in a source note) are not prose.
ADDRESS = re.compile(r"https?://\S+")
#: Keys whose strings are identifiers, addresses, versions or dates (pinned in their own tests).
NOT_PROSE = frozenset(
    {"id", "url", "cites", "initiative", "areas", "date", "last_reviewed", "schema_version"}
)
#: Every number written in the prose, with the source it comes from.
PROSE_NUMBERS = {
    "6": "wessex-ahsn-safe-haven-page, kings-fund-parkin-2016: opens 6pm on weekday evenings",
    "8": "farnham-herald-pm-visit: £8m voluntary-sector contract",
    "11": "kings-fund-parkin-2016: closes 11pm; farnham-herald-pm-visit: one of 11 wellbeing centres",
    "18": "wessex-ahsn-safe-haven-page: adults aged 18 and over",
    "33": "kings-fund-parkin-2016, pcc-parkin-2018: 33% fewer acute psychiatric admissions",
    "136": "wessex-ahsn-safe-haven-page: section 136 detentions",
    "2012": "nhs-england-safe-haven-blog: independent research in 2012",
    "2014": (
        "wessex-ahsn-safe-haven-page, kings-fund-parkin-2016, farnham-herald-pm-visit: opened in "
        "2014; nhs-england-aldershot-case-study: April to June 2014"
    ),
    "2015": "nhs-england-aldershot-case-study: April to June 2015",
    "2016": "nhs-networks-2016 dated 2016; kings-fund-parkin-2016: to November 2016, conference 2016",
    "2017": (
        "wessex-ahsn-evaluation-2017: final evaluation report October 2017; "
        "wessex-ahsn-safe-haven-page: published 2017"
    ),
    "2018": "nehf-ccg-annual-report-2017-18: annual report 2017-2018",
    "2020": "commonwealth-fund-2020: Commonwealth Fund profile, October 2020",
    "4000": "kings-fund-parkin-2016: over 4,000 attendances",
    "500000": "pcc-parkin-2018: about £500,000 saving",
}


def test_every_number_in_prose_is_pinned(data: dict[str, Any]) -> None:
    """Each number in any text field is one listed here with its source."""
    found = {
        match.replace(",", "")
        for _, key, value in walk(data)
        if isinstance(value, str) and key not in NOT_PROSE
        for match in NUMBER.findall(ADDRESS.sub("", value))
    }
    assert set(PROSE_NUMBERS) == found


def test_source_dates(data: dict[str, Any]) -> None:
    """Dates as shown on nhs-networks-2016, wessex-ahsn-evaluation-2017, kings-fund-parkin-2016, pcc-parkin-2018 and commonwealth-fund-2020; undated sources carry no date."""
    dates = {s["id"]: s.get("date") for s in data["sources"]}
    assert {
        "nhs-networks-2016": "2016-06-02",
        "nhs-england-safe-haven-blog": None,
        "nhs-england-aldershot-case-study": None,
        "wessex-ahsn-safe-haven-page": None,
        "wessex-ahsn-evaluation-2017": "2017-10",
        "kings-fund-parkin-2016": "2016-11-09",
        "pcc-parkin-2018": "2018-04-05",
        "sabp-pm-visit": None,
        "farnham-herald-pm-visit": None,
        "commonwealth-fund-2020": "2020-10",
        "nehf-ccg-annual-report-2017-18": None,
        "kings-fund-frimley-ics": None,
    } == dates


def test_mirrors_only_in_notes(data: dict[str, Any]) -> None:
    """Sources cite the publisher; a mirror (wessex-ahsn-evaluation-2017, nehf-ccg-annual-report-2017-18) goes in the note."""
    for source in data["sources"]:
        for mirror in ("healthdocbox", "moam", "scribd", "paperzz", "pdfslide", "docsbay"):
            assert mirror not in source.get("url", "")
    assert "healthdocbox" in by_id(data["sources"], "wessex-ahsn-evaluation-2017")["note"]
    assert "moam" in by_id(data["sources"], "nehf-ccg-annual-report-2017-18")["note"]


# --- structure ----------------------------------------------------------------------------


def test_data_passes_casebook_validation() -> None:
    """The data file passes casebook's own validation, as casebook.load() will run it."""
    case = load_checked(DATA_FILE)
    assert "north-east-hampshire-farnham" == case.id


def test_every_source_is_cited(data: dict[str, Any]) -> None:
    """Every one of this case study's sources is cited somewhere."""
    cited = {value for _, key, value in walk(data) if key == "cites"}
    assert {s["id"] for s in data["sources"]} == cited, "every listed source is cited somewhere"


def test_no_london_plan_areas(data: dict[str, Any]) -> None:
    """The London plan is not applied to this site."""
    for initiative in data["initiatives"]:
        for area in initiative.get("areas", []):
            assert not area.startswith("london-2017/")
