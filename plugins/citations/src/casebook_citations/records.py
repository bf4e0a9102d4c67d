"""The sources of a casebook as citation records: one list, one key form, one date form.

Every format is written from :func:`citations`, so the three files hold the same records in
the same order, and a problem (a key that two sources would share) stops every format alike.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, NamedTuple

# Ids of case studies and sources are lower-case slugs (the case-study schema's `slug`). A key
# is built from two of them, so a key of any other form means the data bypassed validation.
_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
# A partial date as the schema writes it: YYYY, YYYY-MM or YYYY-MM-DD.
# CSL processors (citeproc-js, in Zotero too, and Pandoc) read a few HTML-like tags in text as
# formatting: <b>, <i>, <sc>, <span>, <sub> and <sup>, closing tags too.
_MARKUP_TAG = re.compile(r"<(?=/?(?:b|i|sc|span|sub|sup)\b)", re.IGNORECASE)
_PARTIAL_DATE = re.compile(r"([0-9]{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12][0-9]|3[01]))?)?")


class CitationKeyError(ValueError):
    """Two sources would get one key, or an id cannot be part of a key."""


class Citation(NamedTuple):
    """One source of one case study, with the parts every format writes.

    :param site: the case study's id.
    :param source: the :class:`casebook.model.Source` as the case study holds it.
    """

    site: str
    source: Any

    @property
    def key(self) -> str:
        """Return the key of CSL-JSON and RIS: ``site-id/source-id``."""
        return f"{self.site}/{self.source.id}"

    @property
    def bibtex_key(self) -> str:
        """Return the BibTeX key: ``site-id:source-id`` (BibTeX keys may not hold ``/``)."""
        return f"{self.site}:{self.source.id}"

    @property
    def date_parts(self) -> tuple[int, ...]:
        """Return the date as 1 to 3 numbers (year, month, day), as precise as the source.

        :raises ValueError: if the date is not a partial date of the schema's form.
        """
        return date_parts(self.source.date) if self.source.date is not None else ()


def date_parts(date: str) -> tuple[int, ...]:
    """Return the year, month and day of a partial date ``YYYY[-MM[-DD]]``, as far as given.

    :raises ValueError: for any other form: a date that is not understood is never guessed.
    """
    match = _PARTIAL_DATE.fullmatch(date)
    if match is None:
        raise ValueError(f"date {date!r} is not of the form YYYY, YYYY-MM or YYYY-MM-DD")
    return tuple(int(part) for part in match.groups() if part is not None)


def citations(book: Mapping[str, Any]) -> list[Citation]:
    """Return every source of every case study in *book*, sorted by site id then source id.

    :raises CitationKeyError: if an id is not a slug, or two sources would share a key: one
        would silently replace the other in a reference manager.
    """
    records = sorted(
        (Citation(site, source) for site, case in book.items() for source in case.sources),
        key=lambda c: (c.site, c.source.id),
    )
    seen: set[str] = set()
    for record in records:
        for part in (record.site, record.source.id):
            if not _SLUG.fullmatch(part):
                raise CitationKeyError(f"id {part!r} of {record.key!r} is not a lower-case slug")
        # Slugs hold no ':', '/' or capitals, so distinct ids give distinct keys in every form
        # (BibTeX compares keys without case): only a source listed twice can collide.
        if record.key in seen:
            raise CitationKeyError(
                f"case study {record.site!r} lists source {record.source.id!r} more than once, "
                f"so the key {record.key!r} would name two records"
            )
        seen.add(record.key)
    return records


def one_line(text: str) -> str:
    """Return *text* with each run of white space (line breaks too) as one space, ends trimmed.

    BibTeX and RIS read a value on one line (RIS) or treat a line break as a space (BibTeX);
    writing it so makes sure no value can begin a new entry or tag.
    """
    return " ".join(text.split())


def inert_markup(text: str) -> str:
    """Return *text* with a word joiner (U+2060) after the ``<`` of each tag a CSL processor reads.

    ``<b>bold</b>`` in a title is then shown as written instead of in bold; the joiner is
    invisible, and nothing else is changed.
    """
    return _MARKUP_TAG.sub("<\u2060", text)
