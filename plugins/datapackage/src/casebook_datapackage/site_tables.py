"""The tables about each site itself: the site, its other names, organisations, aims, challenges."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from casebook_datapackage.table import SITE, SITE_KEY, ForeignKey, Row, Table, column, position


def _sites(book: Any) -> Iterator[Row]:
    for case_id, case in book.items():
        population = case.population
        yield {
            "site": case_id,
            "name": case.name,
            "schema_version": case.schema_version,
            "last_reviewed": case.last_reviewed,
            "programme_type": case.programme.type,
            "programme_selected": case.programme.selected,
            "place_name": case.place.name,
            "place_region": case.place.region,
            "population_count": population.count if population else None,
            "population_as_of": population.as_of if population else None,
            "population_description": population.description if population else None,
            "summary": case.summary.text,
        }


SITES = Table(
    "sites",
    "Sites",
    "One row per case study: the site, its programme, place, population and summary.",
    (
        column("site", of="", prop="id"),
        column("name", of=""),
        column("schema_version", of=""),
        column("last_reviewed", "date", of=""),
        column("programme_type", of="programme", prop="type"),
        column("programme_selected", of="programme", prop="selected"),
        column("place_name", of="place", prop="name"),
        column("place_region", of="place", prop="region"),
        # The population is optional as a whole: a count is required only where one is given.
        column("population_count", "integer", of="population", prop="count", required=False),
        column("population_as_of", of="population", prop="as_of"),
        column("population_description", of="population", prop="description"),
        column("summary", of=""),
    ),
    ("site",),
    _sites,
)


def _aliases(book: Any) -> Iterator[Row]:
    for case_id, case in book.items():
        for alias in case.aliases:
            yield {"site": case_id, "alias": alias}


SITE_ALIASES = Table(
    "site_aliases",
    "Other names of the sites",
    "One row per other name of a site.",
    (SITE, column("alias", of="", prop="aliases")),
    ("site", "alias"),
    _aliases,
    (SITE_KEY,),
)


def _organisations(book: Any) -> Iterator[Row]:
    for case_id, case in book.items():
        for index, organisation in enumerate(case.organisations):
            yield {
                "site": case_id,
                "organisation": index,
                "name": organisation.name,
                "role": organisation.role,
                "sector": organisation.sector,
                "description": organisation.description,
            }


ORGANISATIONS = Table(
    "organisations",
    "Organisations",
    "One row per lead or partner organisation of a site.",
    (
        SITE,
        position("organisation", "organisation"),
        column("name", of="organisation"),
        column("role", of="organisation"),
        column("sector", of="organisation"),
        column("description", of="organisation"),
    ),
    ("site", "organisation"),
    _organisations,
    (SITE_KEY,),
)
_ORGANISATION = ForeignKey(("site", "organisation"), "organisations", ("site", "organisation"))


def _organisation_names(book: Any) -> Iterator[Row]:
    for case_id, case in book.items():
        for index, organisation in enumerate(case.organisations):
            for name in organisation.other_names:
                yield {"site": case_id, "organisation": index, "other_name": name}


ORGANISATION_NAMES = Table(
    "organisation_names",
    "Other names of the organisations",
    "One row per earlier or later name of an organisation.",
    (
        SITE,
        position("organisation", "organisation"),
        column("other_name", of="organisation", prop="other_names"),
    ),
    ("site", "organisation", "other_name"),
    _organisation_names,
    (SITE_KEY, _ORGANISATION),
)


def _aims(book: Any) -> Iterator[Row]:
    for case_id, case in book.items():
        for index, aim in enumerate(case.aims):
            yield {
                "site": case_id,
                "aim": index,
                "text": aim.text,
                "mental_health": aim.mental_health,
            }


AIMS = Table(
    "aims",
    "Aims",
    "One row per aim of a site, as its sources state it. Aims are not outcomes.",
    (
        SITE,
        position("aim", "aim"),
        column("text", of="aim"),
        # Always true or false: absent in the record means false.
        column("mental_health", "boolean", of="aim", required=True),
    ),
    ("site", "aim"),
    _aims,
    (SITE_KEY,),
)


def _challenges(book: Any) -> Iterator[Row]:
    for case_id, case in book.items():
        for index, challenge in enumerate(case.challenges):
            yield {"site": case_id, "challenge": index, "text": challenge.text}


CHALLENGES = Table(
    "challenges",
    "Challenges",
    "One row per difficulty or risk that a site's sources name.",
    (SITE, position("challenge", "challenge"), column("text", of="statement")),
    ("site", "challenge"),
    _challenges,
    (SITE_KEY,),
)

TABLES = (SITES, SITE_ALIASES, ORGANISATIONS, ORGANISATION_NAMES, AIMS, CHALLENGES)
