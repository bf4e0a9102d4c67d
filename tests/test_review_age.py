"""Review age: `casebook validate` warns of records reviewed longer ago than a limit."""

from __future__ import annotations

import datetime
import json
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casebook.cli import main
from casebook.format.review import (
    ReviewAge,
    ReviewOptionError,
    parse_review_age,
    parse_today,
)

DATA = Path(__file__).parent / "data"
FRAMEWORK = DATA / "framework.toml"


def site_file(tmp_path: Path, reviewed: str, name: str = "site.json", **changes) -> Path:
    data = tomllib.loads((DATA / "minimal.toml").read_text("utf-8"))
    data.update(last_reviewed=reviewed, **changes)
    path = tmp_path / name
    path.write_text(json.dumps(data), "utf-8")
    return path


def validate(capsys, *args: str) -> tuple[int, str, list[str]]:
    """Run `casebook validate` with *args* (options first, then files) and the test framework."""
    code = main(["validate", *args, str(FRAMEWORK)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err.splitlines()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2y", ReviewAge(2, "years")),
        ("18m", ReviewAge(18, "months")),
        ("400d", ReviewAge(400, "days")),
        ("730", ReviewAge(730, "days")),
        ("1Y", ReviewAge(1, "years")),
        (" 3m ", ReviewAge(3, "months")),
    ],
)
def test_review_ages_are_written_as_a_number_and_a_unit(text, expected):
    assert expected == parse_review_age(text)


@pytest.mark.parametrize(
    "text", ["", "2x", "y", "0d", "0", "-1y", "1.5y", "2 years", "2y3m", "1234567d"]
)
def test_a_badly_written_review_age_is_refused(text):
    with pytest.raises(ReviewOptionError):
        parse_review_age(text)


def test_an_old_record_warns_naming_file_and_pointer(tmp_path, capsys):
    """The warning is one line in the problem form; the file is still valid (exit 0)."""
    path = site_file(tmp_path, "2023-01-05")
    code, out, err = validate(capsys, "--today", "2026-12-01", str(path))
    assert 0 == code
    assert [
        f"{path}: /last_reviewed: reviewed 2023-01-05, more than 2 years before 2026-12-01"
    ] == err
    assert "2 files valid (1 case study, 1 framework)\n" == out


@pytest.fixture
def no_installed_plugins(monkeypatch):
    """Load no installed plugin, so that --strict is about the files given alone."""
    monkeypatch.setattr("casebook.plugins.entrypoints.find", lambda _group: [])


def test_strict_fails_on_an_old_record(tmp_path, capsys, no_installed_plugins):
    """With --strict the warning is a failure: exit 1, the same line, no claim of validity."""
    path = site_file(tmp_path, "2023-01-05")
    code, out, err = validate(capsys, "--strict", "--today", "2026-12-01", str(path))
    assert (1, "") == (code, out)
    assert [
        f"{path}: /last_reviewed: reviewed 2023-01-05, more than 2 years before 2026-12-01"
    ] == err


def test_a_recent_record_passes_strict(tmp_path, capsys, no_installed_plugins):
    path = site_file(tmp_path, "2025-06-01")
    code, out, err = validate(capsys, "--strict", "--today", "2026-12-01", str(path))
    assert (0, []) == (code, err)
    assert out.startswith("2 files valid")


def test_the_limit_is_exclusive_and_calendar_based(tmp_path, capsys):
    """Exactly two years ago is within the limit; one day more is past it."""
    on_the_day = site_file(tmp_path, "2024-12-01", "a.json")
    day_before = site_file(tmp_path, "2024-11-30", "b.json", id="other-site")
    code, _, err = validate(capsys, "--today", "2026-12-01", str(on_the_day), str(day_before))
    assert 0 == code
    assert [
        f"{day_before}: /last_reviewed: reviewed 2024-11-30, more than 2 years before 2026-12-01"
    ] == err


def test_max_review_age_changes_the_limit(tmp_path, capsys):
    path = site_file(tmp_path, "2026-01-01")
    args = ["--today", "2026-12-01", str(path)]
    assert [] == validate(capsys, "--max-review-age", "1y", *args)[2]
    err = validate(capsys, "--max-review-age", "300d", *args)[2]
    assert [
        f"{path}: /last_reviewed: reviewed 2026-01-01, more than 300 days before 2026-12-01"
    ] == err
    err = validate(capsys, "--max-review-age", "6m", *args)[2]
    assert [
        f"{path}: /last_reviewed: reviewed 2026-01-01, more than 6 months before 2026-12-01"
    ] == err


def test_without_today_ages_are_measured_from_the_clock(tmp_path, capsys):
    """A record reviewed in 2000 is more than two years old on any day this test runs."""
    path = site_file(tmp_path, "2000-01-01")
    code, _, err = validate(capsys, str(path))
    assert 0 == code
    today = datetime.date.today().isoformat()  # noqa: DTZ011 - the command's own clock
    assert [f"{path}: /last_reviewed: reviewed 2000-01-01, more than 2 years before {today}"] == err


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        (
            "--max-review-age",
            "2x",
            (
                "casebook: error: --max-review-age '2x' is not valid: write a whole number of "
                "years, months or days: 2y, 18m or 400d (a bare number is days)"
            ),
        ),
        (
            "--today",
            "2026-02-30",
            "casebook: error: --today '2026-02-30' is not valid: write a calendar date as YYYY-MM-DD",
        ),
    ],
)
def test_a_bad_option_value_is_a_one_line_usage_error(tmp_path, capsys, option, value, message):
    path = site_file(tmp_path, "2026-01-01")
    code, out, err = validate(capsys, option, value, str(path))
    assert (2, "", [message]) == (code, out, err)


def test_an_invalid_file_reports_its_problems_only(tmp_path, capsys):
    """An old record beside an invalid file: the invalid file fails; exit 1."""
    old = site_file(tmp_path, "2000-01-01", "a.json")
    bad = site_file(tmp_path, "2026-01-01", "b.json", id="Not A Slug")
    code, out, err = validate(capsys, "--today", "2026-12-01", str(old), str(bad))
    assert (1, "") == (code, out)
    assert all(line.startswith(f"{bad}: ") for line in err), err


@given(
    reviewed=st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 1, 1)),
    today=st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 1, 1)),
    days=st.integers(min_value=1, max_value=100_000),
)
def test_an_age_in_days_is_past_when_more_days_have_passed(reviewed, today, days):
    assert ReviewAge(days, "days").exceeded(reviewed, today) == ((today - reviewed).days > days)


@given(
    reviewed=st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 1, 1)),
    today=st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 1, 1)),
    years=st.integers(min_value=1, max_value=50),
)
def test_an_age_in_years_equals_the_same_age_in_months(reviewed, today, years):
    """Years are twelve months; a cutoff never lands after today or on a date that does not exist."""
    in_years, in_months = ReviewAge(years, "years"), ReviewAge(12 * years, "months")
    assert in_years.exceeded(reviewed, today) == in_months.exceeded(reviewed, today)
    cutoff = in_years.cutoff(today)
    assert cutoff is not None
    assert cutoff < today
    assert (cutoff.month, cutoff.day) == (today.month, today.day) or (
        (today.month, today.day) == (2, 29) and (cutoff.month, cutoff.day) == (2, 28)
    )


def test_a_limit_before_the_calendar_starts_flags_nothing():
    assert not ReviewAge(999_999, "years").exceeded(
        datetime.date(1, 1, 1), datetime.date(2026, 1, 1)
    )


@pytest.mark.parametrize("text", ["2026-13-01", "26-01-01", "today", "2026-1-1", ""])
def test_a_bad_today_is_refused(text):
    with pytest.raises(ReviewOptionError):
        parse_today(text)


def test_list_shows_each_records_review_date(capsys):
    """`casebook list` has a REVIEWED column; its JSON has last_reviewed, for every installed site."""
    import casebook

    book = casebook.load()
    assert 0 == main(["list"])
    lines = capsys.readouterr().out.splitlines()
    assert "REVIEWED" == lines[0].split()[-1]
    shown = {line.split()[0]: line.split()[-1] for line in lines[1:]}
    assert {case_id: case.last_reviewed for case_id, case in book.items()} == shown
    assert 0 == main(["list", "--format", "json"])
    rows = json.loads(capsys.readouterr().out)
    assert {c.id: c.last_reviewed for c in book.values()} == {
        r["id"]: r["last_reviewed"] for r in rows
    }
