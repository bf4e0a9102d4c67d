"""Pin the Tower Hamlets Together case study to its sources.

Docstrings name the sources by their ids in the case study's `sources` list.
"""

import datetime
import re
import sys
import tomllib
from pathlib import Path

import pytest

from casebook.testing import load_checked

# Run from a checkout without installing the plugin: put its src/ folder on the path.
SRC = Path(__file__).parents[1] / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

from casebook_tower_hamlets_together import DATA_FILE, casebook_case_studies  # noqa: E402


@pytest.fixture(scope="module")
def data() -> dict:
    with DATA_FILE.open("rb") as f:
        return tomllib.load(f)


def by_id(items: list[dict]) -> dict[str, dict]:
    return {item["id"]: item for item in items}


def walk(node, path=""):
    """Yield (path, value) for every leaf of a parsed TOML document."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk(value, f"{path}/{i}")
    else:
        yield path, node


# --- structure -------------------------------------------------------------------------------


def test_hook_returns_the_data_file():
    """Plugin contract (docs/site-plugin.rst): the hook contributes the TOML beside the module."""
    assert [DATA_FILE] == casebook_case_studies()
    assert "tower-hamlets-together.toml" == DATA_FILE.name
    assert DATA_FILE.is_file()


def test_data_passes_casebook_validation():
    """The data file passes casebook's own validation, as casebook.load() will run it."""
    case = load_checked(DATA_FILE)
    assert "tower-hamlets-together" == case.id


def test_every_source_is_cited(data):
    """Every entry of `sources` is cited somewhere."""
    source_ids = {s["id"] for s in data["sources"]}
    cited = {value for path, value in walk(data) if re.search(r"/cites/\d+$", path)}
    assert source_ids == cited, "every listed source is cited somewhere"


def test_non_vanguard_origins_carry_a_note(data):
    """`pre-vanguard` and `other-programme` work says why."""
    for initiative in data["initiatives"]:
        if initiative["origin"] != "vanguard":
            assert initiative.get("origin_note"), initiative["id"]


def test_dates_are_strings(data):
    """Dates are quoted strings, never TOML dates."""
    for path, value in walk(data):
        assert not isinstance(value, (datetime.date, datetime.datetime, datetime.time)), path


# --- key facts -------------------------------------------------------------------------------


def test_identity(data):
    """NHS England vanguard page (nhs-england-tht) and healthcare-leader-2017: id, name, alias, versions."""
    assert "tower-hamlets-together" == data["id"]
    assert "Tower Hamlets Together" == data["name"]
    assert ["THT"] == data["aliases"]
    assert "1.0" == data["schema_version"]
    assert "2026-11-23" == data["last_reviewed"]


def test_programme(data):
    """nhs-england-tht gives the MCP type; elft-2017 gives vanguard status from 2015."""
    programme = data["programme"]
    assert "mcp" == programme["type"]
    assert "2015" == programme["selected"]
    assert {"nhs-england-tht", "elft-2017"} == set(programme["cites"])


def test_place(data):
    """healthcare-leader-2017 and nhs-england-tht: the London Borough of Tower Hamlets, east London."""
    assert "London Borough of Tower Hamlets" == data["place"]["name"]
    assert "East London" == data["place"]["region"]


def test_population(data):
    """nhs-england-tht: about 287,000 people; the page is undated, so no as_of."""
    population = data["population"]
    assert 287000 == population["count"]
    assert "as_of" not in population
    assert ["nhs-england-tht"] == population["cites"]


def test_organisations(data):
    """nhs-england-tht and tht-partnership: partners, sectors, and no named lead."""
    orgs = {o["name"]: o for o in data["organisations"]}
    expected = {
        "Barts Health NHS Trust": "nhs-provider",
        "East London NHS Foundation Trust": "nhs-provider",
        "Tower Hamlets Council": "local-authority",
        "Tower Hamlets GP Care Group": "primary-care",
        "NHS Tower Hamlets CCG": "nhs-commissioner",
        "Tower Hamlets CVS": "voluntary",
        "Healthwatch Tower Hamlets": "other",
    }
    assert expected == {name: o["sector"] for name, o in orgs.items()}
    assert [] == [o["name"] for o in data["organisations"] if o["role"] == "lead"]
    assert "37 general practices" in orgs["Tower Hamlets GP Care Group"]["description"]
    assert "about 300 member organisations" in orgs["Tower Hamlets CVS"]["description"]
    assert ["tht-partnership"] == orgs["Tower Hamlets CVS"]["cites"]


def test_community_health_transfer_date(data):
    """elft-2017: community health staff moved from Barts Health to ELFT on 1 April 2017."""
    orgs = {o["name"]: o for o in data["organisations"]}
    for name in ("Barts Health NHS Trust", "East London NHS Foundation Trust"):
        assert "1 April 2017" in orgs[name]["description"]
        assert "elft-2017" in orgs[name]["cites"]
    assert "1 April 2017" in data["summary"]["text"]


def test_vanguard_initiatives(data):
    """nhs-england-tht, elft-2017, nhs-providers-2018: the three vanguard strands, as plans.

    NHS England's page frames them as the plan, and no source ties the adult or population
    strands to mental health, so none is mapped to a King's Fund area."""
    initiatives = by_id(data["initiatives"])
    strands = (
        "adult-complex-needs-model",
        "children-young-people-model",
        "population-health-prevention",
    )
    for key in strands:
        assert "vanguard" == initiatives[key]["origin"]
        assert "planned" == initiatives[key]["status"]
        assert "elft-2017" in initiatives[key]["cites"]
        assert "areas" not in initiatives[key]


def test_pre_vanguard_ccg_work(data):
    """tower-hamlets-ccg-mh: the CCG's mental health work before the vanguard stays pre-vanguard."""
    initiatives = by_id(data["initiatives"])
    pre = {
        "stable-psychosis-primary-care",
        "dementia-diagnosis",
        "crisis-care-elft",
        "royal-london-mh-substance-misuse",
    }
    assert pre == {i["id"] for i in data["initiatives"] if i["origin"] == "pre-vanguard"}
    for key in pre:
        assert "implemented" == initiatives[key]["status"]
        assert ["tower-hamlets-ccg-mh"] == initiatives[key]["cites"]
        assert "started" not in initiatives[key]
    assert {"vanguard", "pre-vanguard"} == {i["origin"] for i in data["initiatives"]}


def test_no_initiative_is_evaluated(data):
    """healthcare-leader-2017, rcpsych-2017, public-finance-2017 and lge-2017 tie the 12.7% fall to the vanguard, not to any one initiative."""
    assert [] == [i["id"] for i in data["initiatives"] if i["status"] == "evaluated"]


def test_bed_days_outcome(data):
    """healthcare-leader-2017, rcpsych-2017, public-finance-2017, lge-2017: bed days down 12.7%,
    reported without a method."""
    outcome = data["outcomes"][0]
    assert "reported" == outcome["basis"]
    assert outcome["measure"].startswith("Bed days")
    assert "bed-days-dementia-smi-depression" == outcome["id"]
    assert 12.7 == outcome["value"]
    assert "%" == outcome["unit"]
    assert "decrease" == outcome["direction"]
    assert "high" == outcome["confidence"]
    for absent in ("baseline", "period", "evaluated_by", "initiative"):
        assert absent not in outcome, absent
    assert "no method, baseline" in outcome["note"]
    coverage = {"healthcare-leader-2017", "rcpsych-2017", "public-finance-2017", "lge-2017"}
    assert coverage == set(outcome["cites"])
    assert "12.7%" in data["summary"]["text"]


def test_child_poverty_figures(data):
    """nhs-england-tht gives almost 40% of children in poverty; nhs-providers-2018 gives 39%."""
    text = data["challenges"][0]["text"]
    assert "almost 40%" in text
    assert "gives 39%" in text
    assert "second highest in London" in text
    assert {"nhs-england-tht", "nhs-providers-2018"} == set(data["challenges"][0]["cites"])


def test_borough_plan_challenge(data):
    """tht-borough-plan-2021: the 2021 borough plan says integration was hard going."""
    challenge = data["challenges"][2]
    assert "2021" in challenge["text"]
    assert ["tht-borough-plan-2021"] == challenge["cites"]


def test_no_discrepancies(data):
    """The sources do not contradict one another for this site, so no discrepancy is recorded."""
    assert "discrepancies" not in data


def test_source_dates_and_kinds(data):
    """Dates and kinds of the ten sources, as the sources give them."""
    sources = by_id(data["sources"])
    expected = {
        "healthcare-leader-2017": ("2017-05-17", "news"),
        "rcpsych-2017": ("2017-05-18", "press-release"),
        "public-finance-2017": ("2017-05-18", "news"),
        "lge-2017": (None, "news"),
        "nhs-england-tht": (None, "web-page"),
        "tht-partnership": (None, "web-page"),
        "elft-2017": ("2017-04-10", "news"),
        "nhs-providers-2018": ("2018-03-01", "blog"),
        "tower-hamlets-ccg-mh": (None, "web-page"),
        "tht-borough-plan-2021": ("2021-05", "policy"),
    }
    assert expected == {key: (s.get("date"), s["kind"]) for key, s in sources.items()}
    assert ["Carolyn Wickware"] == sources["healthcare-leader-2017"]["authors"]
    assert ["Paula Lavis"] == sources["nhs-providers-2018"]["authors"]


def test_every_number_is_accounted_for(data):
    """All sources: every number in the record's text is one the tests above pin down."""
    pinned = {
        # figures
        "12.7",
        "287000",
        "37",
        "300",
        "40",
        "39",
        "20",
        "85",
        "2011",
        # dates and years
        "2015",
        "2017",
        "2018",
        "2021",
        "1",
        "2026",
        "11",
        "23",
        "05",
        "17",
        "18",
        "04",
        "10",
        "03",
        "01",
        "1.0",
    }
    skip = re.compile(r"/(url|id|cites/\d+|areas/\d+|initiative)$")
    found = set()
    for path, value in walk(data):
        if isinstance(value, str) and not skip.search(path):
            found.update(re.findall(r"\d+(?:\.\d+)?", value))
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            found.add(str(value))
    assert pinned >= found, sorted(found - pinned)


def test_pre_vanguard_figures_are_outcomes_of_pre_vanguard_work(data):
    """tower-hamlets-ccg-mh: dementia diagnosis up 20% since March 2011, inpatient occupancy
    kept under 85%; each belongs to its pre-vanguard initiative and was reported without a
    method, so neither lifts a vanguard cell."""
    outcomes = by_id(data["outcomes"])
    dementia = outcomes["dementia-diagnosis-rate"]
    assert (20, "%", "increase", "since March 2011") == (
        dementia["value"],
        dementia["unit"],
        dementia["direction"],
        dementia["period"],
    )
    occupancy = outcomes["inpatient-bed-occupancy"]
    assert 85 == occupancy["value"]
    assert "direction" not in occupancy
    initiatives = by_id(data["initiatives"])
    for outcome in (dementia, occupancy):
        assert "pre-vanguard" == initiatives[outcome["initiative"]]["origin"]
        assert ("reported", "commissioner") == (outcome["basis"], outcome["evaluated_by"])
        assert ["tower-hamlets-ccg-mh"] == outcome["cites"]


def test_community_health_staff_moved_to_elft_and_the_gp_care_group(data):
    """elft-2017: on 1 April 2017 the staff moved to ELFT and the GP Care Group, not ELFT alone."""
    assert "to ELFT and the Tower Hamlets GP Care Group" in data["summary"]["text"]
