"""Review age on the site pages: a notice on each record reviewed longer ago than the limit.

The limit is ``casebook_max_review_age`` (``2y`` unless set; written as for ``casebook validate
--max-review-age``), measured from the build's date, or from ``casebook_today`` (``YYYY-MM-DD``)
when it is set, for a build whose pages must not depend on the day it runs.

Time passes between builds, so whether a page is flagged can change with no change to the data.
Each build works out every record's flag again, and a page whose flag changed is read again
(its ``review:ID`` key, beside the data hashes): a page turns flagged at the first build after
its record passes the limit, incremental or not. A page that stays flagged is not rewritten
every day: its notice names the date of the build that wrote it, and stays true after it.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.errors import ConfigError

from casebook.errors import CasebookError
from casebook.format.review import ReviewAge, parse_review_age, parse_today
from casebook.sphinx.nodes import paragraph

if TYPE_CHECKING:
    from docutils.nodes import Node
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from casebook.book import Casebook
    from casebook.model import CaseStudy

#: The dependency key of a site page's review notice: ``review:ID``.
REVIEW = "review:"


def setup_review(app: Sphinx) -> None:
    """Add the configuration values, and check them when the configuration is read."""
    app.add_config_value("casebook_max_review_age", "2y", "env", types=frozenset({str}))
    # Not "env": a new date is the clock moving on, and rereads only the pages whose flag it
    # changes (see review_hashes), as the build date does.
    app.add_config_value("casebook_today", "", "", types=frozenset({str}))
    app.connect("config-inited", _check_config)


def _check_config(_app: Sphinx, config: Config) -> None:
    """Refuse a limit or a date that is not written as it must be: one line, the build stops."""
    try:
        review_settings(config)
    except CasebookError as exc:
        raise ConfigError(str(exc)) from None


def review_settings(config: Config) -> tuple[ReviewAge, datetime.date]:
    """Return the limit and the date that ages are measured from."""
    limit = parse_review_age(config.casebook_max_review_age, "casebook_max_review_age")
    if not config.casebook_today:
        return limit, datetime.date.today()  # noqa: DTZ011 - the build's own calendar day
    return limit, parse_today(config.casebook_today, "casebook_today")


def review_hashes(book: Casebook, config: Config) -> dict[str, str]:
    """Return each site page's flag (``past 2 years`` or ``current``), by ``review:ID`` key."""
    limit, today = review_settings(config)
    return {
        REVIEW + case_id: f"past {limit}" if _past(case, limit, today) else "current"
        for case_id, case in book.items()
    }


def review_notice(case: CaseStudy, config: Config) -> list[Node]:
    """Return the notice for a site page whose record is past the limit, or nothing."""
    limit, today = review_settings(config)
    if not _past(case, limit, today):
        return []
    notice = nodes.warning(classes=["casebook-review-age"])
    notice += paragraph(
        f"Last reviewed {case.last_reviewed}: more than {limit} before this page was built "
        f"({today.isoformat()}). What the sources say may have changed since."
    )
    return [notice]


def _past(case: CaseStudy, limit: ReviewAge, today: datetime.date) -> bool:
    return limit.exceeded(datetime.date.fromisoformat(case.last_reviewed), today)
