"""Filters that cannot silently miss, a write-up that shows every field, and scoped frameworks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given

import casebook
from casebook.book import Casebook
from casebook.cli import main
from casebook.errors import UnknownValueError
from casebook.export.common import number
from casebook.format import convert, validation
from tests import strategies

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def book() -> Casebook:
    return casebook.load(strict=True)


# --- filters ---------------------------------------------------------------------------------


def test_select_by_origin(book):
    """`select(origin="vanguard")` finds the sites with vanguard work of their own."""
    vanguard = {case.id for case in book.select(origin="vanguard")}
    assert set(book) == vanguard
    pre = {case.id for case in book.select(origin="pre-vanguard", area="kings-fund-2017")}
    assert {"north-east-hampshire-farnham"} == pre
    # Tower Hamlets' CCG work on an undated page: neither before the vanguard nor through it.
    pairs = book.initiatives(origin="unattributed")
    assert {
        "ambulance-mental-health-triage-pilot",
        "safe-haven-extension",
        "stable-psychosis-primary-care",
        "crisis-care-elft",
        "royal-london-mh-substance-misuse",
    } == {i.id for _, i in pairs}


@pytest.mark.parametrize("spelling", ["PACS", "pacs", " Pacs ", "primary and acute care system"])
def test_programme_type_accepts_common_spellings(book, spelling):
    """Programme types are matched however a person writes them."""
    assert book.select(programme="pacs") == book.select(programme=spelling)


@pytest.mark.parametrize(
    ("criterion", "value", "valid"),
    [
        ("status", "evaluted", "planned, implemented, evaluated"),
        ("programme", "PAC", "pacs, mcp"),
        ("setting", "primary care", "primary-care"),
        ("origin", "vangaurd", "vanguard, pre-vanguard"),
        ("area", "kings-fund-2107/urgent-care", "kings-fund-2017/urgent-care"),
    ],
)
def test_filter_typos_fail_with_the_valid_values(book, criterion, value, valid):
    """A typo in a filter is an error listing the valid values, never an empty answer."""
    with pytest.raises(UnknownValueError, match=r"unknown .*valid: ") as info:
        book.select(**{criterion: value})
    assert isinstance(info.value, ValueError)
    assert valid in str(info.value)
    if criterion != "programme":
        with pytest.raises(UnknownValueError):
            book.initiatives(**{criterion: value})


def test_cli_filter_typo_is_a_usage_error(capsys):
    """`casebook list --area kings-fund-2107/urgent-care` exits 2 with the valid areas."""
    assert 2 == main(["list", "--area", "kings-fund-2107/urgent-care"])
    err = capsys.readouterr().err
    assert 1 == len(err.splitlines())
    assert "unknown framework area 'kings-fund-2107/urgent-care'" in err
    assert "kings-fund-2017/urgent-care" in err
    assert 2 == main(["list", "--programme", "PAC"])
    assert "unknown programme type 'PAC'" in capsys.readouterr().err


def test_cli_list_by_origin_and_programme_spelling(capsys):
    """--origin filters on whose work an initiative is; --programme PACS works."""
    assert 0 == main(["list", "--format", "json", "--origin", "other-programme"])
    assert ["leicestershire-rutland"] == [r["id"] for r in json.loads(capsys.readouterr().out)]
    assert 0 == main(["list", "--format", "json", "--programme", "PACS"])
    ids = [r["id"] for r in json.loads(capsys.readouterr().out)]
    assert ["harrogate-rural-district", "north-east-hampshire-farnham", "salford-together"] == ids


def test_list_shows_the_vanguards_own_evidence(capsys):
    """The list's evidence column counts the vanguard's own work: NEHF's evaluated Safe Haven
    began before the vanguard, so its own evidence is planned."""
    assert 0 == main(["list", "--format", "json"])
    rows = {r["id"]: r["own_evidence"] for r in json.loads(capsys.readouterr().out)}
    assert "planned" == rows["north-east-hampshire-farnham"]
    assert "evaluated" not in rows.values()


# --- casebook show ---------------------------------------------------------------------------


@given(strategies.valid_case_studies)
def test_any_valid_case_study_validates_exports_and_loads_back_equal(case):
    """Any valid case study passes validation, and its JSON form validates and loads back equal."""
    data = json.loads(json.dumps(convert.to_data(case)))
    assert [] == validation.check_case_study(data, "<drawn>")
    assert case == convert.from_data(data, casebook.CaseStudy)


def test_show_of_an_installed_site_keeps_its_caveats(capsys):
    """Tower Hamlets' 12.7% comes with its basis and its own note, not bare."""
    assert 0 == main(["show", "tower-hamlets-together"])
    out = " ".join(capsys.readouterr().out.split())
    assert (
        "- Bed days used by patients with dementia, depression or serious mental illness "
        "Value: 12.7 Unit: % Direction: decrease Basis: reported without a method"
    ) in out
    assert "The sources read give no method, baseline" in out
    assert "Origin: began before the vanguard." in out


def test_large_numbers_are_written_as_numbers():
    """A reader sees 27,500,000, never 2.75e+07."""
    assert ("27,500,000", "12.7", "0.00000025", "100,000,000,000,000,000,000") == (
        number(27_500_000.0),
        number(12.7),
        number(2.5e-7),
        number(1e20),
    )


# --- framework scope --------------------------------------------------------------------------


def scoped_files(tmp_path: Path) -> tuple[Path, Path]:
    """Write a framework scoped to another site, and a case study naming one of its areas."""
    framework = tmp_path / "framework.toml"
    text = (DATA / "framework.toml").read_text("utf-8")
    text = text.replace(
        "[source]", '[scope]\nsites = ["elsewhere"]\nnote = "Only there."\n\n[source]'
    )
    framework.write_text(text, "utf-8")
    case = tmp_path / "site.toml"
    case.write_text((DATA / "minimal.toml").read_text("utf-8"), "utf-8")
    return framework, case


def test_an_out_of_scope_area_is_one_clear_line(tmp_path, capsys):
    """Naming an area of a framework that does not apply to the site: one line, exit 1."""
    framework, case = scoped_files(tmp_path)
    assert 1 == main(["validate", str(framework), str(case)])
    lines = capsys.readouterr().err.splitlines()
    expected = (
        f"{case}: /initiatives/0/areas/0: framework area 'test-framework/urgent' is out of scope "
        "for this case study: framework 'test-framework' applies only to elsewhere"
    )
    assert [expected] == lines


def test_an_installed_out_of_scope_area_fails_its_plugin(tmp_path, monkeypatch):
    """A site plugin naming London's steps for a site outside London is reported, not served."""
    folder = tmp_path / "plugins"
    folder.mkdir()
    data = convert.to_data(casebook.load()["salford-together"])
    data["id"] = "salford-copy"
    data["initiatives"][0]["areas"] = ["london-2017/data"]
    (folder / "copy.json").write_text(json.dumps(data), "utf-8")
    (folder / "copy.py").write_text(
        "import pluggy, pathlib\n"
        "hookimpl = pluggy.HookimplMarker('casebook')\n"
        "@hookimpl\n"
        "def casebook_case_studies():\n"
        "    return [pathlib.Path(__file__).with_name('copy.json')]\n",
        "utf-8",
    )
    book = casebook.load(plugins_dir=folder)
    assert "salford-copy" not in book
    (failure,) = [p for p in book.failures if p.name == "copy"]
    assert "/initiatives/0/areas/0: framework area 'london-2017/data' is out of scope" in (
        failure.error or ""
    )
