"""RIS: the tagged format that Zotero, EndNote, Mendeley and most reference managers import.

Each value is on the line of its tag: line breaks inside it become spaces, so no value can
start a tag of its own (a title holding ``ER  -`` on a new line cannot end the record). Lines
end in CR LF and records are separated by a blank line, as the RIS specification writes them.
Text is made inert to CSL markup as in CSL-JSON, since Zotero formats what it imports with a
CSL processor.
"""

from __future__ import annotations

from casebook_citations.kinds import types_of
from casebook_citations.records import Citation, inert_markup, one_line

NEWLINE = "\r\n"


def tag(name: str, value: str) -> str:
    """Return one line: the two-character tag, two spaces, a hyphen, a space and the value."""
    return f"{name}  - {value}{NEWLINE}"


def ris_url(url: str) -> str:
    """Return *url* with ``;`` percent-encoded: RIS separates several URLs in one tag with ``;``."""
    return url.replace(";", "%3B")


def text(value: str) -> str:
    """Return *value* for a tag: on one line, with CSL markup made inert."""
    return inert_markup(one_line(value))


def record_lines(record: Citation) -> str:
    """Return the RIS record of *record*; a tag the source lacks is left out.

    ``PY`` is the year; ``DA`` the date in RIS form ``YYYY/MM/DD/``, with absent parts empty
    (``2016/06//``). Each author is one ``AU`` tag, written as the data gives the name.
    """
    source = record.source
    lines = [tag("TY", types_of(source.kind).ris), tag("ID", record.key)]
    lines.append(tag("TI", text(source.title)))
    lines.extend(tag("AU", text(name)) for name in source.authors)
    if source.publisher is not None:
        lines.append(tag("PB", text(source.publisher)))
    parts = record.date_parts
    if parts:
        lines.append(tag("PY", f"{parts[0]:04d}"))
        padded = [f"{parts[0]:04d}", *(f"{p:02d}" for p in parts[1:])]
        padded += [""] * (3 - len(padded))
        lines.append(tag("DA", "/".join(padded) + "/"))
    if source.url is not None:
        lines.append(tag("UR", ris_url(source.url)))
    if source.note is not None:
        lines.append(tag("N1", text(source.note)))
    lines.append(tag("ER", ""))
    return "".join(lines)


def render(records: list[Citation]) -> bytes:
    """Return the RIS records of *records*, in their order, as UTF-8."""
    return NEWLINE.join(record_lines(r) for r in records).encode("utf-8")
