"""The tables of evidence and reference: sources, who cites them, and the frameworks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from casebook_datapackage.table import (
    SITE,
    SITE_KEY,
    Column,
    ForeignKey,
    Row,
    Table,
    column,
    key,
    position,
)

_SOURCE = ForeignKey(("site", "source"), "sources", ("site", "source"))
_FRAMEWORK = ForeignKey(("framework",), "frameworks", ("framework",))
_FRAMEWORK_KEY = key("framework", "Id of the framework (`framework` in `frameworks`).")


def _source_cells(source: Any) -> dict[str, Any]:
    return {
        "title": source.title,
        "kind": source.kind,
        "publisher": source.publisher,
        "date": source.date,
        "url": source.url,
        "note": source.note,
    }


def _source_columns(prefix: str = "") -> tuple[Column, ...]:
    names = ("title", "kind", "publisher", "date", "url", "note")
    return tuple(column(prefix + name, of="source", prop=name) for name in names)


def _sources(book: Any) -> Iterator[Row]:
    for case_id, case in book.items():
        for source in case.sources:
            yield {"site": case_id, "source": source.id, **_source_cells(source)}


SOURCES = Table(
    "sources",
    "Sources",
    "One row per document a site's record cites. Source ids are unique within a site.",
    (SITE, column("source", of="source", prop="id"), *_source_columns()),
    ("site", "source"),
    _sources,
    (SITE_KEY,),
)


def _source_authors(book: Any) -> Iterator[Row]:
    for case_id, case in book.items():
        for source in case.sources:
            for index, author in enumerate(source.authors):
                yield {"site": case_id, "source": source.id, "author": index, "name": author}


SOURCE_AUTHORS = Table(
    "source_authors",
    "Authors of the sources",
    "One row per author of a source, in the order the source names them.",
    (
        SITE,
        key("source", "Id of the source (`source` in `sources`)."),
        position("author", "author"),
        column("name", of="source", prop="authors"),
    ),
    ("site", "source", "author"),
    _source_authors,
    (SITE_KEY, _SOURCE),
)

#: What kind of item a citation belongs to, by the first step of its JSON Pointer.
ITEM_KINDS = {
    "programme": "programme",
    "place": "place",
    "population": "population",
    "summary": "summary",
    "organisations": "organisation",
    "aims": "aim",
    "initiatives": "initiative",
    "outcomes": "outcome",
    "challenges": "challenge",
    "discrepancies": "claim",
}


def _citations(book: Any) -> Iterator[Row]:
    for case_id, case in book.items():
        for pointer, item in case.cited_items():
            kind = ITEM_KINDS[pointer.split("/")[1]]
            for source_id in item.cites:
                yield {
                    "site": case_id,
                    "item_kind": kind,
                    "item": getattr(item, "id", None),
                    "pointer": pointer,
                    "source": source_id,
                }


CITATIONS = Table(
    "citations",
    "Citations",
    "One row per source an item of a site cites, in the order the item cites them.",
    (
        SITE,
        Column(
            "item_kind",
            "string",
            "What the citing item is. A `claim` is one version of a discrepancy; `programme`, "
            "`place`, `population` and `summary` are the site's own (in `sites`).",
            required=True,
            constraints={"enum": sorted(set(ITEM_KINDS.values()))},
        ),
        Column(
            "item",
            "string",
            "Id of the citing initiative or outcome (`initiative` in `initiatives`, `outcome` "
            "in `outcomes`); empty for items without an id, which `pointer` locates.",
        ),
        Column(
            "pointer",
            "string",
            "JSON Pointer to the citing item in the site's record, e.g. `/outcomes/0`: the "
            "number is the item's position in its table (`organisation`, `aim`, `challenge`, "
            "`discrepancy` and `claim` columns).",
            required=True,
        ),
        key("source", "Id of the cited source (`source` in `sources`)."),
    ),
    ("site", "pointer", "source"),
    _citations,
    (SITE_KEY, _SOURCE),
)


def _frameworks(book: Any) -> Iterator[Row]:
    for framework_id, framework in book.frameworks.items():
        source = framework.source
        yield {
            "framework": framework_id,
            "title": framework.title,
            "description": framework.description,
            "schema_version": framework.schema_version,
            "scope_note": framework.scope.note if framework.scope else None,
            "source_id": source.id,
            **{f"source_{name}": value for name, value in _source_cells(source).items()},
        }


FRAMEWORKS = Table(
    "frameworks",
    "Frameworks",
    "One row per assessment framework that initiatives are mapped to, with its source.",
    (
        column("framework", of="framework", prop="id"),
        column("title", of="framework"),
        column("description", of="framework"),
        column("schema_version", of="framework"),
        column("scope_note", of="framework_scope", prop="note", required=False),
        column("source_id", of="source", prop="id"),
        *_source_columns("source_"),
    ),
    ("framework",),
    _frameworks,
)


def _framework_areas(book: Any) -> Iterator[Row]:
    for framework_id, framework in book.frameworks.items():
        for area in framework.areas:
            yield {
                "framework": framework_id,
                "area": area.id,
                "title": area.title,
                "description": area.description,
                "mental_health": area.mental_health,
            }


FRAMEWORK_AREAS = Table(
    "framework_areas",
    "Framework areas",
    "One row per area of a framework, in the framework's order.",
    (
        _FRAMEWORK_KEY,
        column("area", of="framework_area", prop="id"),
        column("title", of="framework_area"),
        column("description", of="framework_area"),
        # Always true or false: absent in the record means false.
        column("mental_health", "boolean", of="framework_area", required=True),
    ),
    ("framework", "area"),
    _framework_areas,
    (_FRAMEWORK,),
)


def _framework_scope(book: Any) -> Iterator[Row]:
    for framework_id, framework in book.frameworks.items():
        for site in framework.scope.sites if framework.scope else ():
            yield {"framework": framework_id, "site": site}


FRAMEWORK_SCOPE = Table(
    "framework_scope",
    "Sites a framework is limited to",
    "One row per site a framework with a scope applies to (the note is in `frameworks`); a "
    "framework without rows here applies to every site. The site need not be in `sites`.",
    (_FRAMEWORK_KEY, column("site", of="framework_scope", prop="sites")),
    ("framework", "site"),
    _framework_scope,
    (_FRAMEWORK,),
)


def _framework_source_authors(book: Any) -> Iterator[Row]:
    for framework_id, framework in book.frameworks.items():
        for index, author in enumerate(framework.source.authors):
            yield {"framework": framework_id, "author": index, "name": author}


FRAMEWORK_SOURCE_AUTHORS = Table(
    "framework_source_authors",
    "Authors of the frameworks' sources",
    "One row per author of a framework's source, in the order the source names them.",
    (_FRAMEWORK_KEY, position("author", "author"), column("name", of="source", prop="authors")),
    ("framework", "author"),
    _framework_source_authors,
    (_FRAMEWORK,),
)

TABLES = (
    SOURCES,
    SOURCE_AUTHORS,
    CITATIONS,
    FRAMEWORKS,
    FRAMEWORK_AREAS,
    FRAMEWORK_SCOPE,
    FRAMEWORK_SOURCE_AUTHORS,
)
