"""The tables of what the sites did: initiatives, their areas and settings, outcomes, disputes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from casebook_datapackage.table import SITE, SITE_KEY, ForeignKey, Row, Table, column, key, position

_INITIATIVE = ForeignKey(("site", "initiative"), "initiatives", ("site", "initiative"))
# Where the initiative is optional: checked by the exporter, not declared (see ForeignKey).
_SOME_INITIATIVE = ForeignKey(
    ("site", "initiative"), "initiatives", ("site", "initiative"), declared=False
)
_IN_INITIATIVES = (
    "It names a row of `initiatives` (with `site`); this is not declared as a foreign key, "
    "since the cell may be empty, but the exporter checks it."
)


def _initiative_key(about: str) -> Any:
    return key("initiative", f"Id of the initiative {about} (`initiative` in `initiatives`).")


def _initiatives(book: Any) -> Iterator[Row]:
    for case_id, case in book.items():
        for initiative in case.initiatives:
            yield {
                "site": case_id,
                "initiative": initiative.id,
                "title": initiative.title,
                "description": initiative.description,
                "status": initiative.status,
                "origin": initiative.origin,
                "origin_note": initiative.origin_note,
                "started": initiative.started,
            }


INITIATIVES = Table(
    "initiatives",
    "Initiatives",
    "One row per initiative: what a site did or planned, its evidence status and origin.",
    (
        SITE,
        column("initiative", of="initiative", prop="id"),
        column("title", of="initiative"),
        column("description", of="initiative"),
        column("status", of="initiative"),
        column("origin", of="initiative"),
        column("origin_note", of="initiative"),
        column("started", of="initiative"),
    ),
    ("site", "initiative"),
    _initiatives,
    (SITE_KEY,),
)


def _areas(book: Any) -> Iterator[Row]:
    for case_id, case in book.items():
        for initiative in case.initiatives:
            for ref in initiative.areas:
                framework, _, area = ref.partition("/")
                yield {
                    "site": case_id,
                    "initiative": initiative.id,
                    "framework": framework,
                    "area": area,
                }


INITIATIVE_AREAS = Table(
    "initiative_areas",
    "Framework areas of the initiatives",
    "One row per framework area an initiative serves, where the sources support it.",
    (
        SITE,
        _initiative_key("that serves the area"),
        key("framework", "Id of the framework (`framework` in `frameworks`)."),
        key("area", "Id of the area within its framework (`area` in `framework_areas`)."),
    ),
    ("site", "initiative", "framework", "area"),
    _areas,
    (
        SITE_KEY,
        _INITIATIVE,
        ForeignKey(("framework", "area"), "framework_areas", ("framework", "area")),
    ),
)


def _settings(book: Any) -> Iterator[Row]:
    for case_id, case in book.items():
        for initiative in case.initiatives:
            for setting in initiative.settings:
                yield {"site": case_id, "initiative": initiative.id, "setting": setting}


INITIATIVE_SETTINGS = Table(
    "initiative_settings",
    "Care settings of the initiatives",
    "One row per care setting an initiative works in.",
    (
        SITE,
        _initiative_key("that works in the setting"),
        column("setting", of="initiative", prop="settings"),
    ),
    ("site", "initiative", "setting"),
    _settings,
    (SITE_KEY, _INITIATIVE),
)


def _outcomes(book: Any) -> Iterator[Row]:
    for case_id, case in book.items():
        for outcome in case.outcomes:
            yield {
                "site": case_id,
                "outcome": outcome.id,
                "measure": outcome.measure,
                "value": outcome.value,
                "unit": outcome.unit,
                "direction": outcome.direction,
                "period": outcome.period,
                "baseline": outcome.baseline,
                "initiative": outcome.initiative,
                "basis": outcome.basis,
                "evaluated_by": outcome.evaluated_by,
                "confidence": outcome.confidence,
                "note": outcome.note,
            }


OUTCOMES = Table(
    "outcomes",
    "Outcomes",
    "One row per reported outcome or metric. Forecasts and targets are aims, not outcomes.",
    (
        SITE,
        column("outcome", of="outcome", prop="id"),
        column("measure", of="outcome"),
        column("value", "number", of="outcome"),
        column("unit", of="outcome"),
        column("direction", of="outcome"),
        column("period", of="outcome"),
        column("baseline", "number", of="outcome"),
        column("initiative", of="outcome", also=_IN_INITIATIVES),
        column("basis", of="outcome"),
        column("evaluated_by", of="outcome"),
        column("confidence", of="outcome"),
        column("note", of="outcome"),
    ),
    ("site", "outcome"),
    _outcomes,
    (SITE_KEY, _SOME_INITIATIVE),
)


def _discrepancies(book: Any) -> Iterator[Row]:
    for case_id, case in book.items():
        for index, discrepancy in enumerate(case.discrepancies):
            yield {
                "site": case_id,
                "discrepancy": index,
                "subject": discrepancy.subject,
                "initiative": discrepancy.initiative,
                "note": discrepancy.note,
            }


DISCREPANCIES = Table(
    "discrepancies",
    "Discrepancies",
    "One row per fact on which a site's sources disagree; its versions are in `claims`.",
    (
        SITE,
        position("discrepancy", "discrepancy"),
        column("subject", of="discrepancy"),
        column("initiative", of="discrepancy", also=_IN_INITIATIVES),
        column("note", of="discrepancy"),
    ),
    ("site", "discrepancy"),
    _discrepancies,
    (SITE_KEY, _SOME_INITIATIVE),
)


def _claims(book: Any) -> Iterator[Row]:
    for case_id, case in book.items():
        for index, discrepancy in enumerate(case.discrepancies):
            for claim_index, claim in enumerate(discrepancy.claims):
                yield {
                    "site": case_id,
                    "discrepancy": index,
                    "claim": claim_index,
                    "value": claim.value,
                }


CLAIMS = Table(
    "claims",
    "Versions of the disputed facts",
    "One row per version of a disputed fact that a group of sources gives.",
    (
        SITE,
        position("discrepancy", "discrepancy"),
        position("claim", "version", "the discrepancy's `claims`"),
        column("value", of="claim"),
    ),
    ("site", "discrepancy", "claim"),
    _claims,
    (SITE_KEY, ForeignKey(("site", "discrepancy"), "discrepancies", ("site", "discrepancy"))),
)

TABLES = (INITIATIVES, INITIATIVE_AREAS, INITIATIVE_SETTINGS, OUTCOMES, DISCREPANCIES, CLAIMS)
