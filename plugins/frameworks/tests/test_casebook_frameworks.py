"""Tests for the casebook-frameworks plugin: each framework file against its sources and the schema."""

import json
import tomllib
from pathlib import Path
from typing import Any

import casebook_frameworks as plugin
import jsonschema
import pytest

from casebook.format.validation import framework_schema

PACKAGE_DIR = Path(plugin.__file__).parent
#: ``$defs/framework`` of the case-study schema that casebook ships.
FRAMEWORK_SCHEMA = framework_schema()
FILES = ("five-year-forward-view.toml", "kings-fund-2017.toml", "london-2017.toml")

# The area ids are fixed by the project, in the sources' order.
FIXED_AREAS = {
    "kings-fund-2017": ["complex-needs", "long-term-care", "urgent-care", "whole-population"],
    "five-year-forward-view": [
        "health-social-care",
        "primary-acute-care",
        "physical-mental-health",
    ],
    "london-2017": [
        "commissioning",
        "leadership",
        "people-at-centre",
        "contracts",
        "public-health",
        "london-wide",
        "data",
        "academic",
        "narrative",
    ],
}


def load(name: str) -> dict[str, Any]:
    """Return one framework file, parsed."""
    with (PACKAGE_DIR / name).open("rb") as f:
        return tomllib.load(f)


def areas(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Return a framework's areas by id."""
    return {area["id"]: area for area in data["areas"]}


# --- plugin ---------------------------------------------------------------------------------------


def test_hook_returns_the_three_files_sorted() -> None:
    """The hook returns the three TOML files beside the module, sorted (plugin contract)."""
    assert [PACKAGE_DIR / name for name in FILES] == plugin.casebook_frameworks()


def test_hook_is_marked_for_casebook() -> None:
    """The hook carries pluggy's marker for the "casebook" project (plugin contract)."""
    assert hasattr(plugin.casebook_frameworks, "casebook_impl")


# --- every file -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", FILES)
def test_file_validates_against_framework_schema(name: str) -> None:
    """The file is valid against $defs/framework of the case-study schema casebook ships."""
    jsonschema.Draft202012Validator(FRAMEWORK_SCHEMA).validate(load(name))


@pytest.mark.parametrize("name", FILES)
def test_file_name_matches_framework_id(name: str) -> None:
    """The file is named after the framework id it holds (the project's fixed ids)."""
    assert name.removesuffix(".toml") == load(name)["id"]


@pytest.mark.parametrize("name", FILES)
def test_area_ids_are_the_fixed_ones_in_order(name: str) -> None:
    """The area ids are the project's fixed ids, in the source's order."""
    data = load(name)
    assert FIXED_AREAS[data["id"]] == [area["id"] for area in data["areas"]]


@pytest.mark.parametrize("name", FILES)
def test_titles_and_descriptions_are_unique(name: str) -> None:
    """No two areas share a title or a description (guards against copy-paste slips)."""
    data = load(name)
    for key in ("title", "description"):
        values = [area[key] for area in data["areas"]]
        assert len(values) == len(set(values))


# --- King's Fund 2017 -----------------------------------------------------------------------------


def test_kings_fund_2017_has_four_areas() -> None:
    """Four key areas, as kings-fund-2017-summary (King's Fund summary page, policy implications) lists them."""
    data = load("kings-fund-2017.toml")
    assert "kings-fund-2017" == data["id"]
    assert 4 == len(data["areas"])


def test_kings_fund_2017_source_metadata() -> None:
    """Source metadata of kings-fund-2017-summary, with the press release and coverage dates in its note."""
    source = load("kings-fund-2017.toml")["source"]
    assert "kings-fund-2017-summary" == source["id"]
    assert "Mental health and new models of care: lessons from the vanguards" == source["title"]
    assert "The King's Fund" == source["publisher"]
    assert ["Chris Naylor", "Holly Taggart", "Anna Charles"] == source["authors"]
    assert "2017-05" == source["date"]
    assert "report-summary" == source["kind"]
    assert (
        "https://www.kingsfund.org.uk/insight-and-analysis/reports/mental-health-new-models-of-care"
        == source["url"]
    )
    assert "86-page" in source["note"]
    assert "18 May 2017" in source["note"]
    assert "17 and 18 May 2017" in source["note"]
    assert "Royal College of Psychiatrists" in source["note"]


def test_kings_fund_2017_area_content() -> None:
    """Each area keeps the subject kings-fund-2017-summary gives it (complex needs, GP, A&E, population)."""
    by_id = areas(load("kings-fund-2017.toml"))
    assert "integrated care teams" in by_id["complex-needs"]["description"]
    assert "general practice" in by_id["long-term-care"]["description"]
    assert "physical symptoms" in by_id["long-term-care"]["description"]
    assert "A&E" in by_id["urgent-care"]["description"]
    assert "children and young people" in by_id["whole-population"]["description"]
    assert "pregnancy" in by_id["whole-population"]["description"]


# --- Five Year Forward View -----------------------------------------------------------------------


def test_five_year_forward_view_has_three_divides() -> None:
    """Three divides, as HSJ's mental health briefing (named in the five-year-forward-view-2014 note) recalls them."""
    data = load("five-year-forward-view.toml")
    assert "five-year-forward-view" == data["id"]
    assert 3 == len(data["areas"])
    assert "divide" in data["title"]


def test_five_year_forward_view_source_metadata() -> None:
    """five-year-forward-view-2014 as HSJ's column cites it, dated October 2014."""
    data = load("five-year-forward-view.toml")
    source = data["source"]
    assert "Five Year Forward View" == source["title"]
    assert "NHS England" == source["publisher"]
    assert "2014-10" == source["date"]
    assert "policy" == source["kind"]
    # The document itself was not retrieved: no address or authors are given.
    assert "url" not in source
    assert "authors" not in source
    assert "7018145.article" in source["note"]
    assert "HSJ" in data["description"]


def test_five_year_forward_view_divides_are_not_lcav_gaps() -> None:
    """The areas are the divides HSJ's column recalls, not Leading Change, Adding Value's gaps."""
    text = json.dumps(load("five-year-forward-view.toml")["areas"]).lower()
    for gap in ("wellbeing", "quality", "funding", "efficiency"):
        assert gap not in text


def test_five_year_forward_view_mental_health_divide_lags() -> None:
    """HSJ's reading: PACS and MCP sites did less on physical vs mental health."""
    description = areas(load("five-year-forward-view.toml"))["physical-mental-health"][
        "description"
    ]
    assert "PACS and MCP" in description
    assert "less headway" in description


# --- London action plan ---------------------------------------------------------------------------


def test_london_has_nine_steps() -> None:
    """Nine key steps, as the King's Fund summary of the London report (see the kings-fund-2014-london note) lists them."""
    data = load("london-2017.toml")
    assert "london-2017" == data["id"]
    assert 9 == len(data["areas"])


def test_london_source_metadata() -> None:
    """Source metadata of kings-fund-2014-london; its note names the summary reprint, a blog and press coverage."""
    source = load("london-2017.toml")["source"]
    assert "kings-fund-2014-london" == source["id"]
    assert "Transforming mental health: a plan of action for London" == source["title"]
    assert "The King's Fund" == source["publisher"]
    assert ["Helen Gilburt"] == source["authors"]
    assert "2014-09" == source["date"]
    assert "report" == source["kind"]
    assert (
        "https://www.kingsfund.org.uk/insight-and-analysis/reports/transforming-mental-health"
        == source["url"]
    )
    assert "26 September 2014" in source["note"]
    assert "December 2014" in source["note"]
    assert "careappointments.com" in source["note"]


def test_london_applies_directly_to_tower_hamlets_only() -> None:
    """London-focused plan: direct use for Tower Hamlets only."""
    description = load("london-2017.toml")["description"]
    assert "Tower Hamlets" in description
    assert "London" in description
    assert "2014" in description


def test_london_records_report_page_wording_variants() -> None:
    """Steps 3 and 7 record how the King's Fund report page (kings-fund-2014-london's url) words them."""
    by_id = areas(load("london-2017.toml"))
    assert "carers" in by_id["people-at-centre"]["description"]
    assert "only service users and clinicians" in by_id["people-at-centre"]["description"]
    assert "meaningful outcomes data" in by_id["data"]["description"]
    assert "support improvement" in by_id["data"]["description"]


def test_london_steps_keep_summary_subjects() -> None:
    """Each step keeps the subject the King's Fund summary gives it, in the summary's order."""
    keywords = [
        "commissioning",
        "leadership",
        "clinicians",
        "contracting",
        "public health",
        "london as a whole",
        "data",
        "academic",
        "narrative",
    ]
    descriptions = [area["description"].lower() for area in load("london-2017.toml")["areas"]]
    for keyword, description in zip(keywords, descriptions, strict=True):
        assert keyword in description
