"""Pin the Harrogate and Rural District case study to its sources.

Each test names, in its docstring, the sources its expected values come from, by their ids in
the case study's `sources` list.
"""

import re
import tomllib
from pathlib import Path

from casebook.testing import load_checked

PLUGIN = Path(__file__).parents[1]
DATA_FILE = PLUGIN / "src" / "casebook_harrogate_rural_district" / "harrogate-rural-district.toml"

with DATA_FILE.open("rb") as fh:
    DATA = tomllib.load(fh)


def initiative(iid: str) -> dict:
    return next(i for i in DATA["initiatives"] if i["id"] == iid)


def walk(node, path=()):
    """Yield (path, key, value) for every mapping entry in the data, depth first."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield path, key, value
            yield from walk(value, (*path, key))
    elif isinstance(node, list):
        for n, item in enumerate(node):
            yield from walk(item, (*path, n))


def strings(node):
    """Yield every string value in the data."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from strings(item)


# ---------------------------------------------------------------- structure


def test_data_passes_casebook_validation():
    """The data file passes casebook's own validation, as casebook.load() will run it."""
    case = load_checked(DATA_FILE)
    assert "harrogate-rural-district" == case.id


def test_every_source_is_cited():
    """No source is listed without a fact citing it."""
    cited = {c for _, key, value in walk(DATA) if key == "cites" for c in value}
    assert {s["id"] for s in DATA["sources"]} == cited


def test_no_london_plan_areas():
    """The London plan is not applied to Harrogate."""
    areas = {a for i in DATA["initiatives"] for a in i.get("areas", [])}
    assert not {a for a in areas if a.startswith("london-2017/")}


def test_dates_are_strings():
    """Dates are quoted TOML strings, never TOML dates."""
    assert "2026-11-23" == DATA["last_reviewed"]
    assert "1.0" == DATA["schema_version"]
    for _, key, value in walk(DATA):
        if key in {"date", "selected", "started", "as_of", "last_reviewed"}:
            assert isinstance(value, str)


# ---------------------------------------------------------------- identity and place


def test_id_name_and_aliases():
    """Id and name; aliases from nhs-networks-2016 and, for "What Matters to Us",
    positive-practice-tewv-harrogate and sharing-the-biscuits-2018."""
    assert "harrogate-rural-district" == DATA["id"]
    assert "Harrogate and Rural District" == DATA["name"]
    assert [
        "Harrogate and Rural District Clinical Commissioning Group Vanguard",
        "Harrogate Vanguard",
        "What Matters to Us",
    ] == DATA["aliases"]


def test_programme_is_pacs_selected_2015():
    """PACS per nhs-networks-2016 (listed with the nine PACS) and positive-practice-tewv-harrogate;
    year 2015 per positive-practice-tewv-harrogate."""
    programme = DATA["programme"]
    assert "pacs" == programme["type"]
    assert "2015" == programme["selected"]
    assert ["nhs-networks-2016", "positive-practice-tewv-harrogate"] == programme["cites"]


def test_place_is_harrogate_district_north_yorkshire():
    """Harrogate district, North Yorkshire, per harrogate-advertiser-ccg-launch and harrogate-stp-draft."""
    place = DATA["place"]
    assert "Harrogate district" == place["name"]
    assert "North Yorkshire" == place["region"]
    assert "largely rural" in DATA["summary"]["text"]


def test_population_is_absent():
    """No source gives the population at vanguard time."""
    assert "population" not in DATA


# ---------------------------------------------------------------- organisations


def test_no_source_names_the_lead():
    """nhs-networks-2016 names the vanguard after NHS Harrogate and Rural District CCG, which is
    no evidence that the CCG led it: no organisation is recorded as lead."""
    assert [] == [o for o in DATA["organisations"] if o["role"] == "lead"]
    ccg = DATA["organisations"][0]
    assert "NHS Harrogate and Rural District Clinical Commissioning Group" == ccg["name"]
    assert ("partner", "nhs-commissioner") == (ccg["role"], ccg["sector"])
    assert "nhs-networks-2016" in ccg["cites"]
    assert "no source read says which organisation led the vanguard" in ccg["description"]


def test_ccg_figures_at_formation():
    """About 160,000 people, 19 practices, over 20% aged 65+ vs 15% (harrogate-advertiser-ccg-launch);
    delegated 1 April 2015 (healthcare-leader-2015)."""
    ccg = DATA["organisations"][0]
    text = ccg["description"]
    assert "about 160,000 people" in text
    assert "19 GP practices" in text
    assert "more than 20% of residents aged 65 or over against 15% nationally" in text
    assert "around 2013" in text
    assert "From 1 April 2015" in text and "delegated" in text
    assert {"harrogate-advertiser-ccg-launch", "healthcare-leader-2015"} <= set(ccg["cites"])


def test_tewv_is_the_only_other_named_partner():
    """TEWV was a significant partner (positive-practice-tewv-harrogate); the other STP bodies
    (harrogate-stp-draft) are not confirmed partners."""
    partners = [o for o in DATA["organisations"][1:] if o["role"] == "partner"]
    assert ["Tees, Esk and Wear Valleys NHS Foundation Trust"] == [o["name"] for o in partners]
    assert "nhs-provider" == partners[0]["sector"]
    assert "positive-practice-tewv-harrogate" in partners[0]["cites"]
    assert "no source confirms that these are the same six" in DATA["summary"]["text"]


def test_summary_programme_span_and_announcement():
    """Three years, final year 2017/18 (positive-practice-tewv-harrogate); Harrogate named at the
    10 March 2015 launch (adass-2015)."""
    text = DATA["summary"]["text"]
    assert "ran for three years, the last of them 2017/18" in text
    assert "10 March 2015" in text
    assert "It became a vanguard in 2015" in text
    assert {"positive-practice-tewv-harrogate", "adass-2015"} <= set(DATA["summary"]["cites"])


# ---------------------------------------------------------------- aims and initiatives


def test_aims():
    """PACS aim and crisis alternative to A&E (nhs-networks-2016); self-funding from 2018/19
    (positive-practice-tewv-harrogate)."""
    aims = DATA["aims"]
    assert 3 == len(aims)
    assert ["nhs-networks-2016"] == aims[0]["cites"]
    assert ["nhs-networks-2016"] == aims[1]["cites"]
    assert "From 2018/19" in aims[2]["text"]
    assert "avoidable admissions to secondary care" in aims[2]["text"]
    assert ["positive-practice-tewv-harrogate"] == aims[2]["cites"]


def test_community_hubs_are_planned_vanguard_work():
    """nhs-networks-2016 (June 2016): hubs being created, 24/7, MH staff, alternative to A&E."""
    hubs = initiative("community-hubs")
    assert "planned" == hubs["status"]
    assert "vanguard" == hubs["origin"]
    assert "started" not in hubs
    assert "24/7" in hubs["title"]
    assert "June 2016" in hubs["description"]
    assert ["kings-fund-2017/urgent-care", "five-year-forward-view/physical-mental-health"] == hubs[
        "areas"
    ]
    assert ["nhs-networks-2016"] == hubs["cites"]


def test_universal_care_plan_is_planned_vanguard_work():
    """nhs-networks-2016: a universal care plan shared by all involved, as a plan."""
    plan = initiative("universal-care-plan")
    assert "planned" == plan["status"]
    assert "vanguard" == plan["origin"]
    assert ["nhs-networks-2016"] == plan["cites"]


def test_tewv_quality_improvement_is_implemented_not_evaluated():
    """positive-practice-tewv-harrogate: TEWV led a QI system in 2017/18; evaluation named but no
    figures."""
    qi = initiative("tewv-quality-improvement")
    assert "implemented" == qi["status"]
    assert "vanguard" == qi["origin"]
    assert "started" not in qi
    assert "In 2017/18" in qi["description"]
    assert ["positive-practice-tewv-harrogate"] == qi["cites"]


def test_all_initiatives_are_vanguard_origin():
    """No source reports pre-vanguard or other-programme work for Harrogate."""
    assert ["community-hubs", "universal-care-plan", "tewv-quality-improvement"] == [
        i["id"] for i in DATA["initiatives"]
    ]
    assert {"vanguard"} == {i["origin"] for i in DATA["initiatives"]}


def test_no_outcomes_recorded():
    """No source gives mental health outcome figures for Harrogate."""
    assert "outcomes" not in DATA


# ---------------------------------------------------------------- challenges and discrepancies


def test_challenges():
    """Data gap (nhs-networks-2016); £16m unit on hold, £6.5m deficit (yorkshire-post-2017);
    December decision, March 2019 (hard-ccg-mh-direction, harrogate-advertiser-2019)."""
    data_gap, unit, direction = DATA["challenges"]
    assert ["nhs-networks-2016"] == data_gap["cites"]
    assert "in July 2017 a planned £16m inpatient mental health unit" in unit["text"]
    assert "£6.5m deficit" in unit["text"]
    assert "in August 2017" in unit["text"]
    assert ["yorkshire-post-2017"] == unit["cites"]
    assert "in March 2019 a councillor" in direction["text"]
    assert ["hard-ccg-mh-direction", "harrogate-advertiser-2019"] == direction["cites"]


def test_no_discrepancies_recorded():
    """The sources do not contradict one another for Harrogate, so no discrepancy is recorded."""
    assert "discrepancies" not in DATA


# ---------------------------------------------------------------- sources


def test_source_metadata():
    """Titles, dates and addresses of the ten sources, as each source gives them."""
    expected = {
        "nhs-networks-2016": (
            "NHS vanguards leading mental health integration",
            "2016-06-02",
            "https://www.networks.nhs.uk/nhs-networks/regional-mental-health-commissioning-networks-portal/blogs/mental-health-commissioning-networks-blog/nhs-vanguards-leading-mental-health-integration",
        ),
        "positive-practice-tewv-harrogate": (
            "Integrating Mental Health into Harrogate New Care Model – TEWV",
            None,
            "http://positivepracticemhdirectory.org/archive/mental-health-integration-5yfv-vanguard-new-care-model-harrogate-rural-district-focusing-integrated-primary-acute-care-systems-tewv/",
        ),
        "sharing-the-biscuits-2018": (
            "Sharing the biscuits: lessons from Harrogate's new care model vanguard experience",
            "2018-02",
            None,
        ),
        "harrogate-advertiser-ccg-launch": (
            "New health body's appeal for public help",
            None,
            "https://www.harrogateadvertiser.co.uk/news/health/new-health-body-s-appeal-for-public-help-1-5581398",
        ),
        "harrogate-stp-draft": (
            "Sustainability and Transformation Plan: Harrogate District (5.3)",
            None,
            None,
        ),
        "healthcare-leader-2015": (
            "Northern powerhouse",
            "2015-07-28",
            "https://healthcareleadernews.com/news/northern-powerhouse/",
        ),
        "yorkshire-post-2017": (
            "How would you improve mental health services in Harrogate district?",
            "2017-08-31",
            "http://www.yorkshirepost.co.uk/news/health/how-would-you-improve-mental-health-services-in-harrogate-district-1-8731511",
        ),
        "hard-ccg-mh-direction": (
            "HaRD CCG governing body set future direction for mental health services for adults and older people",
            None,
            "https://www.harrogateandruraldistrictccg.nhs.uk/index/news/?post=hard-ccg-governing-body-set-future-direction-for-mental-health-services-for-adults-and-older-people",
        ),
        "harrogate-advertiser-2019": (
            "Harrogate district has been 'screwed' when it comes to mental health services, councillor warns",
            "2019-03-22",
            "https://www.harrogateadvertiser.co.uk/news/harrogate-district-has-been-screwed-when-it-comes-mental-health-services-councillor-warns-698423",
        ),
        "adass-2015": (
            "NHSE new models of care vanguard announcement",
            "2015-03-10",
            "https://www.adass.org.uk/nhse-new-models-of-care-vanguard-announcement",
        ),
    }
    actual = {s["id"]: (s["title"], s.get("date"), s.get("url")) for s in DATA["sources"]}
    assert expected == actual
    blog = next(s for s in DATA["sources"] if s["id"] == "nhs-networks-2016")
    assert ["Sarah Mehta"] == blog["authors"]
    assert "NHS Networks" == blog["publisher"]


def test_mirrors_only_in_notes():
    """Third-party mirrors (pdfslide, dokumen.tips) appear only in notes, never as a source's address."""
    for source in DATA["sources"]:
        assert "pdfslide" not in source.get("url", "")
        assert "dokumen" not in source.get("url", "")
    notes = " ".join(s.get("note", "") for s in DATA["sources"])
    assert "pdfslide.us" in notes
    assert "dokumen.tips" in notes


# ---------------------------------------------------------------- every figure


NUMBER = re.compile(r"\d+(?:[.,/:-]\d+)*")

#: Every number in the data outside addresses and source notes, each checked in context above.
EXPECTED_NUMBERS = {
    "1.0",  # schema_version
    "2026-11-23",  # last_reviewed
    "2015",  # selected (positive-practice-tewv-harrogate); announcement and delegation year (adass-2015, healthcare-leader-2015)
    "10",  # 10 March 2015 announcement (adass-2015)
    "2017/18",  # final year (positive-practice-tewv-harrogate)
    "2018/19",  # self-funding from (positive-practice-tewv-harrogate)
    "2016",  # June 2016 blog (nhs-networks-2016)
    "24/7",  # hubs open round the clock (nhs-networks-2016)
    "2013",  # CCG formed around 2013 (harrogate-advertiser-ccg-launch)
    "160,000",  # CCG population at formation (harrogate-advertiser-ccg-launch)
    "19",  # GP practices (harrogate-advertiser-ccg-launch)
    "20",  # % aged 65+ (harrogate-advertiser-ccg-launch)
    "65",  # age threshold (harrogate-advertiser-ccg-launch)
    "15",  # % aged 65+ nationally (harrogate-advertiser-ccg-launch)
    "1",  # 1 April 2015 delegation (healthcare-leader-2015)
    "2017",  # July and August 2017 (yorkshire-post-2017)
    "16",  # £16m unit (yorkshire-post-2017)
    "6.5",  # £6.5m deficit (yorkshire-post-2017)
    "2019",  # March 2019 criticism (harrogate-advertiser-2019)
    "5.3",  # STP document number (harrogate-stp-draft)
    "2016-06-02",  # source dates
    "2018-02",
    "2015-07-28",
    "2017-08-31",
    "2019-03-22",
    "2015-03-10",
}


def test_every_number_is_a_reviewed_figure():
    """Any number added to or changed in the data must be added here and checked against a source."""
    found = set()
    for _path, key, value in walk(DATA):
        if key in {"url", "note", "id", "cites"}:
            continue  # addresses and ids: test_source_metadata; notes: test_source_notes
        if isinstance(value, str):
            found.update(NUMBER.findall(value))
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, str):
                    found.update(NUMBER.findall(item))
    assert EXPECTED_NUMBERS == found


URL = re.compile(r"https?://\S+")


def test_source_notes():
    """Notes: STP draft v13 (harrogate-stp-draft), meeting on 6 December (hard-ccg-mh-direction),
    c. 2013 (harrogate-advertiser-ccg-launch); healthcare-leader-2015 and adass-2015 need none."""
    notes = {s["id"]: s["note"] for s in DATA["sources"] if "note" in s}
    without_note = {s["id"] for s in DATA["sources"] if "note" not in s}
    assert {"healthcare-leader-2015", "adass-2015"} == without_note
    assert "version 13" in notes["harrogate-stp-draft"]
    assert "Thursday 6 December" in notes["hard-ccg-mh-direction"]
    assert "about 2013" in notes["harrogate-advertiser-ccg-launch"]
    found = set()
    for note in notes.values():
        found.update(NUMBER.findall(URL.sub("", note)))
    assert {"13", "6", "2013"} == found
