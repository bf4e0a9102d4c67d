"""The Sphinx extension's coverage page, and the review-age notice on site pages."""

from __future__ import annotations

import pytest

pytest.importorskip("sphinx.application")

from tests import test_sphinx_extension as extension

build, edit_site, project = extension.build, extension.edit_site, extension.project

ABSENT = "not in the sources read"
NOTICE = "Last reviewed 2026-11-23: more than 2 years before this page was built"


def set_conf(src, **values) -> None:
    lines = [f"{key} = {value!r}" for key, value in values.items()]
    base = 'extensions = ["casebook.sphinx"]\nproject = "test"\n'
    (src / "conf.py").write_text(base + "\n".join(lines) + "\n")


def page(src, name: str) -> str:
    return (src / f"_build/html/casebook/{name}.html").read_text("utf-8")


def test_the_coverage_page_shows_each_site_and_area(project):
    """The page lists every site with its parts, 'not in the sources read' where a record holds
    nothing, each framework area's counts, and the picture."""
    _, warnings = build(project)
    assert "" == warnings
    html = page(project, "coverage")
    assert 'href="sites/site-a.html#casebook-case-site-a"' in html
    assert 'href="sites/site-b.html#casebook-case-site-b"' in html
    assert f"<td><p>{ABSENT}</p></td>" in html  # the test data has no population
    assert "<td><p>1 of 1 outcome</p></td>" in html  # one measured outcome
    assert 'href="frameworks/test-framework.html#casebook-area-test-framework--urgent"' in html
    assert "<td><p>2 of 2</p></td>" in html  # both sites' own work is evaluated in one area
    assert "coverage.svg" in html
    svg = (project / "casebook/_coverage/coverage.svg").read_text("utf-8")
    assert "Site A" in svg
    assert "   coverage" in (project / "casebook/index.rst").read_text().splitlines()


def test_a_summary_change_leaves_the_coverage_page_alone(project):
    """What the coverage page does not show does not make Sphinx read it again."""
    build(project)
    edit_site(project, "site-b", lambda data: data["summary"].update(text="Changed."))
    assert (["casebook/sites/site-b"], "") == build(project)


def test_a_new_outcome_field_rereads_the_coverage_page(project):
    """A baseline added to an outcome changes what the page shows: it is read again."""
    build(project)
    assert "Outcomes with a baseline" in page(project, "coverage")
    edit_site(project, "site-b", lambda data: data["outcomes"][0].update(baseline=5))
    read, _ = build(project)
    assert "casebook/coverage" in read
    assert "<td><p>1 of 1 outcome</p></td>" in page(project, "coverage").split("Site B", 1)[1]


def test_a_record_past_the_limit_is_flagged_on_its_page(project):
    set_conf(project, casebook_today="2029-01-01")
    _, warnings = build(project)
    assert "" == warnings
    html = page(project, "sites/site-a")
    assert NOTICE + " (2029-01-01)." in html
    assert "Last reviewed" in html


def test_a_recent_record_is_not_flagged(project):
    set_conf(project, casebook_today="2027-01-01")
    build(project)
    assert "more than 2 years" not in page(project, "sites/site-a")
    assert "2026-11-23" in page(project, "sites/site-a")  # the date is always shown


def test_the_flag_follows_the_days_passing_in_incremental_builds(project):
    """Nothing in the data changes, only the day: a build reads exactly the pages whose flag
    changes (casebook_today stands in for the clock)."""
    set_conf(project, casebook_today="2027-01-01")
    build(project)
    set_conf(project, casebook_today="2027-06-01")
    assert ([], "") == build(project)
    set_conf(project, casebook_today="2027-01-01")
    edit_site(project, "site-b", lambda data: data.update(last_reviewed="2025-01-01"))
    assert "casebook/sites/site-b" in build(project)[0]
    assert "more than 2 years" not in page(project, "sites/site-b")
    set_conf(project, casebook_today="2027-01-02")
    read, _ = build(project)
    assert ["casebook/sites/site-b"] == read
    assert "more than 2 years" in page(project, "sites/site-b")
    assert "more than 2 years" not in page(project, "sites/site-a")
    set_conf(project, casebook_today="2029-01-01")
    read, _ = build(project)
    assert ["casebook/sites/site-a"] == read
    assert NOTICE + " (2029-01-01)." in page(project, "sites/site-a")


def test_max_review_age_sets_the_limit(project):
    set_conf(project, casebook_today="2027-06-01", casebook_max_review_age="6m")
    build(project)
    assert "more than 6 months before this page was built (2027-06-01)" in page(
        project, "sites/site-a"
    )


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ({"casebook_max_review_age": "two years"}, "casebook_max_review_age 'two years'"),
        ({"casebook_today": "2027-02-30"}, "casebook_today '2027-02-30'"),
    ],
)
def test_a_bad_setting_stops_the_build_with_one_line(project, setting, message):
    from sphinx.errors import ConfigError

    set_conf(project, **setting)
    with pytest.raises(ConfigError, match=message) as info:
        build(project)
    assert "\n" not in str(info.value)


def test_the_coverage_of_a_reloaded_casebook_shows_its_data(project):
    """The coverage a build reuses belongs to its own casebook, never to an earlier one."""
    import casebook
    from casebook.coverage import coverage
    from casebook.sphinx.coverage import book_coverage

    before = book_coverage(casebook.load())
    edit_site(project, "site-b", lambda data: data["outcomes"][0].update(baseline=5))
    book = casebook.load()
    after = book_coverage(book)
    assert after == coverage(book)
    assert before != after
