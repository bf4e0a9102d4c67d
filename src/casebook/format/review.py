"""Review age: how long ago a person last checked a record against its sources.

A case study records ``last_reviewed`` (a date). :func:`review_problem` says when that date is
more than a limit (a :class:`ReviewAge`, two years unless told otherwise) before a given
"today", which every caller passes in: the command line uses the day it runs, the Sphinx
extension the day of the build, tests a fixed date. Nothing here reads the clock, so the same
inputs always give the same answer, and exports, which record dates and never ages, stay
deterministic.

A limit is written as a whole number and a unit: ``2y`` (years), ``18m`` (months) or ``400d``
(days); a bare number counts days. Years and months are calendar years and months: two years
before 2026-02-28 is 2024-02-28, one month before 2026-03-31 is 2026-02-28.
"""

from __future__ import annotations

import datetime
import re
from typing import Literal, TypeAlias

import attrs

from casebook.errors import CasebookError, Problem, UnknownValueError
from casebook.model import CaseStudy

Unit: TypeAlias = Literal["years", "months", "days"]
_UNITS: dict[str, Unit] = {"y": "years", "m": "months", "d": "days", "": "days"}
_SYNTAX = re.compile(r"([0-9]{1,6})([ymd]?)", re.IGNORECASE)
#: How a limit is written, for messages and help texts.
SYNTAX_HELP = "a whole number of years, months or days: 2y, 18m or 400d (a bare number is days)"


class ReviewOptionError(UnknownValueError):
    """A review-age limit or a "today" date is not written as it must be.

    A usage error: the command line reports it in one line and exits 2.

    :param what: where the value came from, e.g. ``--max-review-age``.
    :param expected: how the value must be written.
    """

    def __init__(self, what: str, value: object, expected: str) -> None:
        self.what = what
        self.value = value
        self.valid = ()
        CasebookError.__init__(self, f"{what} {value!r} is not valid: write {expected}")


@attrs.frozen
class ReviewAge:
    """A limit on how long ago a record may have been reviewed: *count* years, months or days."""

    count: int
    unit: Unit

    def __str__(self) -> str:
        unit = self.unit if self.count != 1 else self.unit[:-1]
        return f"{self.count} {unit}"

    def cutoff(self, today: datetime.date) -> datetime.date | None:
        """Return the earliest review date within the limit, or ``None`` if before any date.

        A record reviewed before the cutoff is past the limit; one reviewed on it is not.
        """
        try:
            if self.unit == "days":
                return today - datetime.timedelta(days=self.count)
            months = self.count * (12 if self.unit == "years" else 1)
            year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
            return _clamped(year, month + 1, today.day)
        except (OverflowError, ValueError):
            return None  # further back than the calendar goes: no date is past the limit

    def exceeded(self, reviewed: datetime.date, today: datetime.date) -> bool:
        """Tell whether a record reviewed on *reviewed* is past this limit on *today*."""
        cutoff = self.cutoff(today)
        return cutoff is not None and reviewed < cutoff


#: The limit used unless another is given: two years.
DEFAULT_REVIEW_AGE = ReviewAge(2, "years")


def parse_review_age(text: object, what: str = "review age") -> ReviewAge:
    """Return the limit written in *text*: ``2y``, ``18m``, ``400d`` or a number of days.

    :param what: how an error names the value's origin, e.g. ``--max-review-age``.
    :raises ReviewOptionError: if *text* is not written that way, or is zero.
    """
    match = _SYNTAX.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None or int(match[1]) == 0:
        raise ReviewOptionError(what, text, SYNTAX_HELP)
    return ReviewAge(int(match[1]), _UNITS[match[2].lower()])


def parse_today(text: object, what: str = "today") -> datetime.date:
    """Return the date written in *text* as ``YYYY-MM-DD``, to measure review ages against.

    :raises ReviewOptionError: if *text* is not a real calendar date written that way.
    """
    try:
        if isinstance(text, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            return datetime.date.fromisoformat(text)
    except ValueError:
        pass
    raise ReviewOptionError(what, text, "a calendar date as YYYY-MM-DD")


def review_problem(
    case: CaseStudy, where: str, today: datetime.date, limit: ReviewAge = DEFAULT_REVIEW_AGE
) -> Problem | None:
    """Return the warning for *case* if it was last reviewed longer than *limit* before *today*.

    :param where: the file (or plugin) the case study came from, which the warning names.
    """
    return review_date_problem(case.last_reviewed, where, today, limit)


def review_date_problem(
    last_reviewed: str, where: str, today: datetime.date, limit: ReviewAge = DEFAULT_REVIEW_AGE
) -> Problem | None:
    """Return the warning of :func:`review_problem` for a review date given as text.

    ``casebook validate`` checks the date straight from the document, without building the
    case study.
    """
    reviewed = datetime.date.fromisoformat(last_reviewed)
    if not limit.exceeded(reviewed, today):
        return None
    message = f"reviewed {last_reviewed}, more than {limit} before {today.isoformat()}"
    return Problem(where, "/last_reviewed", message)


def _clamped(year: int, month: int, day: int) -> datetime.date:
    """Return the date, or the last day of the month if it has fewer than *day* days."""
    while True:
        try:
            return datetime.date(year, month, day)
        except ValueError:
            if day <= 28:
                raise
            day -= 1
