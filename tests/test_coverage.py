"""Evidence coverage: what each record holds, checked against the data files, never a zero."""

from __future__ import annotations

import json
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import casebook
from casebook import coveragemap, model
from casebook.book import Casebook
from casebook.cli import main
from casebook.coverage import ABSENT, LEVELS, PARTS, coverage, site_coverage
from casebook.export.xmltext import xml_text
from tests import strategies

PLUGINS = Path(__file__).parents[1] / "plugins"
SVG = "{http://www.w3.org/2000/svg}"


def data_files() -> dict[str, dict]:
    """Return every installed site's data file, read as plain TOML, by id."""
    found = {}
    for path in PLUGINS.glob("*/src/*/*.toml"):
        data = tomllib.loads(path.read_text("utf-8"))
        if "programme" in data:
            found[data["id"]] = data
    return found


@pytest.fixture(scope="module")
def book() -> Casebook:
    return casebook.load()


def coverage_json(capsys) -> dict:
    assert 0 == main(["coverage", "--format", "json"])
    return json.loads(capsys.readouterr().out)


def test_the_installed_sites_are_the_data_files(book):
    assert set(data_files()) == set(book)


def test_salford_has_no_population_and_the_text_says_so(capsys):
    """Salford's sources give no population (the 2.8 million is Greater Manchester's)."""
    assert "population" not in data_files()["salford-together"]
    assert 0 == main(["coverage"])
    out = capsys.readouterr().out
    block = out.split("Salford Together (salford-together)\n", 1)[1].split("\n\n", 1)[0]
    assert f"  Population: {ABSENT}" in block.splitlines()
    assert " 0 " not in block


def test_tower_hamlets_figures_have_no_method(capsys):
    """Tower Hamlets' outcomes, the 12.7% among them, are all reported without a method."""
    outcomes = data_files()["tower-hamlets-together"]["outcomes"]
    assert outcomes
    assert {"reported"} == {o["basis"] for o in outcomes}
    site = coverage_json(capsys)["sites"]["tower-hamlets-together"]
    for part in ("outcomes-measured", "outcomes-estimated"):
        assert {"present": False, "count": None, "of": None, "text": ABSENT} == site["parts"][part]
    population = data_files()["tower-hamlets-together"]["population"]["count"]
    assert site["parts"]["population"]["text"].startswith(f"{population:,}")


def test_every_part_of_every_site_matches_its_data_file(capsys):
    """Each part is present exactly when the data file holds it, with the file's counts."""
    shown = coverage_json(capsys)["sites"]
    for site_id, data in data_files().items():
        outcomes = data.get("outcomes", [])
        leads = [o for o in data.get("organisations", []) if o["role"] == "lead"]
        expected = {
            "population": 1 if "population" in data else None,
            "lead-organisation": len(leads) or None,
            "outcomes-measured": sum(o["basis"] == "measured" for o in outcomes) or None,
            "outcomes-estimated": sum(o["basis"] == "estimate" for o in outcomes) or None,
            "baselines": sum("baseline" in o for o in outcomes) or None,
            "periods": sum("period" in o for o in outcomes) or None,
            "evaluators": sum("evaluated_by" in o for o in outcomes) or None,
        }
        parts = shown[site_id]["parts"]
        assert expected == {key: parts[key]["count"] for key in expected}, site_id
        for key, part in parts.items():
            assert part["present"] == (part["count"] is not None), (site_id, key)
            assert (part["text"] == ABSENT) == (not part["present"]), (site_id, key)
            assert part["count"] != 0, (site_id, key)


def test_the_text_shows_every_site_and_part(book, capsys):
    assert 0 == main(["coverage"])
    out = capsys.readouterr().out
    for case in book.values():
        assert f"{case.name} ({case.id})" in out
    for _key, label in PARTS:
        assert out.count(f"  {label}: ") == len(book)


def test_area_counts_are_the_vanguards_own_evaluated_work(book, capsys):
    """An area's sites at each level are those whose own work reaches it; other origins are
    not counted: North East Hampshire's evaluated Safe Haven began before the vanguard."""
    frameworks = coverage_json(capsys)["frameworks"]
    for fw_id, fw in frameworks.items():
        own = casebook.compare(book, fw_id, "vanguard")
        for area in fw["areas"]:
            levels = {s: own.cell(s, area["id"]).vanguard for s in area["in_scope"]}
            assert [s for s, v in levels.items() if v == "evaluated"] == area["evaluated"]
            running = [s for s, v in levels.items() if v in {"implemented", "evaluated"}]
            assert running == area["implemented"]
            assert [s for s, v in levels.items() if v != "none"] == area["any"]
    nehf = "north-east-hampshire-farnham"
    anywork = casebook.compare(book, "kings-fund-2017", "all")
    assert "evaluated" == anywork.cell(nehf, "urgent-care").strongest
    urgent = next(a for a in frameworks["kings-fund-2017"]["areas"] if a["id"] == "urgent-care")
    assert nehf not in urgent["evaluated"]
    london = frameworks["london-2017"]["areas"][0]
    assert ["tower-hamlets-together"] == london["in_scope"]


def test_an_area_no_site_reaches_reads_not_in_the_sources(book):
    result = coverage(book)
    for fw in result.frameworks:
        for area in fw.areas:
            for level in LEVELS:
                text = area.text(level)
                assert (text == ABSENT) == (not area.sites[level]), (area.area.id, level)
                assert not text.startswith("0 ")


def mental_health_areas(case) -> frozenset[str]:
    """Every other area an initiative names counts as a mental-health area."""
    refs = sorted({a for i in case.initiatives for a in i.areas})
    return frozenset(refs[::2])


@given(strategies.valid_case_studies)
def test_absent_parts_are_reported_absent_and_present_ones_present(case):
    areas = mental_health_areas(case)
    result = site_coverage(case, areas)
    assert [key for key, _label in PARTS] == [p.key for p in result.parts]
    outcomes = case.outcomes
    work = [i for i in case.initiatives if i.is_mental_health_work(areas)]
    holds = {
        "population": case.population is not None,
        "lead-organisation": any(o.role == "lead" for o in case.organisations),
        "outcomes-measured": any(o.basis == "measured" for o in outcomes),
        "outcomes-estimated": any(o.basis == "estimate" for o in outcomes),
        "baselines": any(o.baseline is not None for o in outcomes),
        "periods": any(o.period is not None for o in outcomes),
        "evaluators": any(o.evaluated_by is not None for o in outcomes),
        **{f"mental-health-{s}": any(i.status == s for i in work) for s in model.STATUS_ORDER},
    }
    assert holds == {p.key: p.present for p in result.parts}
    for part in result.parts:
        data = part.to_data()
        if part.present:
            assert data["count"] >= 1
            assert ABSENT != data["text"]
        else:
            assert {"present": False, "count": None, "of": None, "text": ABSENT} == data


@given(st.lists(strategies.hostile_texts, min_size=1, max_size=4, unique=True))
def test_the_coverage_grid_is_xml_and_shows_names_as_given(names):
    cases = [attrs.evolve(_base(), id=f"s{n}", name=name) for n, name in enumerate(names)]
    book = Casebook({c.id: c for c in cases})
    root = ET.fromstring(coveragemap.render(coverage(book)))  # noqa: S314 - our own output
    tooltips = [t.text for t in root.iter(f"{SVG}title")]
    for name in names:
        assert any(t and t.startswith(xml_text(name) + ", Population: ") for t in tooltips)
    cells = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert len(names) * len(PARTS) == len(cells)
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "cell-label"]
    assert len(names) * len(PARTS) == labels.count(ABSENT)


def _base():
    cites = ("s",)
    return model.CaseStudy(
        id="x",
        name="x",
        programme=model.Programme(type="pacs", cites=cites),
        place=model.Place(name="P", cites=cites),
        summary=model.Statement(text="x", cites=cites),
        last_reviewed="2026-01-01",
        sources=(model.Source(id="s", title="The source", kind="report"),),
    )


def test_the_sphinx_export_has_the_coverage_page(book):
    """The ``sphinx`` export writes the same coverage: Salford's row says its population is not
    in the sources read, and the index lists the page."""
    from casebook.export.builtin import SphinxExporter
    from casebook.export.escaping import escape_rst

    files = SphinxExporter().export(book)
    page = files["coverage.rst"].decode()
    rows = page.split("   * - :ref:`casebook-case-")[1:]
    salford = next(row for row in rows if row.startswith("salford-together`"))
    cells = [line.removeprefix("     - ") for line in salford.splitlines()[1:] if line.strip()]
    site = coverage(book).sites[list(book).index("salford-together")]
    expected = [escape_rst(part.text) for part in site.parts]
    assert expected == cells
    assert ABSENT == cells[0]
    assert "   coverage" in files["index.rst"].decode().splitlines()
