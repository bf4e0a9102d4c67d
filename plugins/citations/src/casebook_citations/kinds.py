"""The citation type of each source kind, in each format (the table in the README).

A kind that is missing here stops the export: a record is never given a type by guesswork.
"""

from __future__ import annotations

from typing import NamedTuple


class Types(NamedTuple):
    """The type one source kind gets in each format.

    ``csl_publisher`` is the CSL variable that holds the source's publisher: for a news item it
    is ``container-title``, the outlet it appeared in, which is what CSL styles print for a
    newspaper article (they leave a newspaper article's ``publisher`` out).
    """

    csl: str
    bibtex: str
    ris: str
    csl_publisher: str = "publisher"


#: ``{source kind: types}``. BibTeX has few types: a ``@misc`` entry holds what the others do
#: not. RIS ``GEN`` is its generic type, ``ELEC`` a web page, ``GOVDOC`` a government document.
TYPES: dict[str, Types] = {
    "report": Types("report", "techreport", "RPRT"),
    "report-summary": Types("report", "techreport", "RPRT"),
    "news": Types("article-newspaper", "misc", "NEWS", "container-title"),
    "blog": Types("post-weblog", "misc", "BLOG"),
    "press-release": Types("article", "misc", "GEN"),
    "web-page": Types("webpage", "misc", "ELEC"),
    "newsletter": Types("article", "misc", "GEN"),
    "journal-article": Types("article-journal", "article", "JOUR"),
    "policy": Types("report", "techreport", "GOVDOC"),
    "video": Types("motion_picture", "misc", "VIDEO"),
    "other": Types("article", "misc", "GEN"),
}


def types_of(kind: str) -> Types:
    """Return the types of source kind *kind*.

    :raises ValueError: for a kind this table does not know, naming it.
    """
    try:
        return TYPES[kind]
    except KeyError:
        raise ValueError(f"source kind {kind!r} has no citation type") from None
