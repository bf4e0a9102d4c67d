"""CSL-JSON: the citation data of Zotero, Pandoc and every CSL processor.

Text is written as the source has it: JSON escapes what it must, so nothing in it is structure.
CSL processors read a few HTML-like tags in text as formatting, so those are made inert
(:func:`~casebook_citations.records.inert_markup`).
"""

from __future__ import annotations

import json
from typing import Any

from casebook_citations.kinds import types_of
from casebook_citations.records import Citation, inert_markup


def item(record: Citation) -> dict[str, Any]:
    """Return the CSL-JSON item of *record*; a field the source lacks is left out.

    Authors are written as ``literal`` names: the data gives a name as one piece of text and
    does not say which part is a family name, or whether it names a person or an organisation.
    """
    source = record.source
    types = types_of(source.kind)
    data: dict[str, Any] = {
        "id": record.key,
        "type": types.csl,
        "title": inert_markup(source.title),
    }
    if source.authors:
        data["author"] = [{"literal": inert_markup(name)} for name in source.authors]
    if source.publisher is not None:
        data[types.csl_publisher] = inert_markup(source.publisher)
    if record.date_parts:
        data["issued"] = {"date-parts": [list(record.date_parts)]}
    if source.url is not None:
        data["URL"] = source.url
    if source.note is not None:
        data["note"] = inert_markup(source.note)
    return data


def render(records: list[Citation]) -> bytes:
    """Return the CSL-JSON array of *records*, in their order, as UTF-8."""
    text = json.dumps([item(r) for r in records], ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")
