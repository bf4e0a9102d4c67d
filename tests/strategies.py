"""Hypothesis strategies that build any schema-valid model object."""

from __future__ import annotations

import re
import string
from typing import Any, get_args

from hypothesis import strategies as st

from casebook import model, validation

slugs = st.from_regex(r"\A[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}\Z")
# Any text at all, as long as it is not blank (as the schema defines white space): markup
# characters, newlines, any Unicode.
_NOT_BLANK = re.compile(validation.schema()["$defs"]["text"]["pattern"])
texts = st.text(min_size=1, max_size=40).filter(lambda s: bool(_NOT_BLANK.search(s)))
partial_dates = st.one_of(
    st.dates().map(lambda d: f"{d.year:04d}"),
    st.dates().map(lambda d: f"{d.year:04d}-{d.month:02d}"),
    st.dates().map(lambda d: d.isoformat()),
)
full_dates = st.dates().map(lambda d: d.isoformat())
urls = st.builds(
    "{}://{}/{}".format,
    st.sampled_from(["http", "https"]),
    st.text(string.ascii_lowercase + ".", min_size=1, max_size=20),
    st.text(string.ascii_letters + string.digits + "-_/?=&%", max_size=30),
)
numbers = st.floats(allow_nan=False, allow_infinity=False)


def literal(alias: Any) -> st.SearchStrategy[str]:
    """Return a strategy for the values of a ``Literal`` type alias."""
    return st.sampled_from(get_args(alias))


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


def tuples(strategy: st.SearchStrategy[Any], *, min_size: int = 0) -> st.SearchStrategy[Any]:
    return st.lists(strategy, min_size=min_size, max_size=3).map(tuple)


def unique_tuples(strategy: st.SearchStrategy[Any], *, min_size: int = 0) -> st.SearchStrategy[Any]:
    return st.lists(strategy, min_size=min_size, max_size=3, unique=True).map(tuple)


cites = unique_tuples(slugs, min_size=1)

sources = st.builds(
    model.Source,
    id=slugs,
    title=texts,
    kind=literal(model.SourceKind),
    publisher=optional(texts),
    authors=tuples(texts),
    date=optional(partial_dates),
    url=optional(urls),
    note=optional(texts),
)
statements = st.builds(model.Statement, text=texts, cites=cites)
initiatives = st.builds(
    model.Initiative,
    id=slugs,
    title=texts,
    description=texts,
    status=literal(model.Status),
    origin=literal(model.Origin),
    cites=cites,
    settings=unique_tuples(literal(model.Setting)),
    areas=unique_tuples(st.builds("{}/{}".format, slugs, slugs)),
    origin_note=optional(texts),
    started=optional(partial_dates),
)
outcomes = st.builds(
    model.Outcome,
    id=slugs,
    measure=texts,
    value=numbers,
    unit=texts,
    direction=optional(literal(model.Direction)),
    confidence=literal(model.Confidence),
    cites=cites,
    period=optional(texts),
    baseline=optional(numbers),
    initiative=optional(slugs),
    evaluated_by=optional(literal(model.Evaluator)),
    note=optional(texts),
)
discrepancies = st.builds(
    model.Discrepancy,
    subject=texts,
    claims=tuples(st.builds(model.Claim, value=texts, cites=cites), min_size=2),
    initiative=optional(slugs),
    note=optional(texts),
)
case_studies = st.builds(
    model.CaseStudy,
    id=slugs,
    name=texts,
    programme=st.builds(
        model.Programme,
        type=literal(model.ProgrammeType),
        cites=cites,
        selected=optional(partial_dates),
    ),
    place=st.builds(model.Place, name=texts, cites=cites, region=optional(texts)),
    summary=statements,
    last_reviewed=full_dates,
    sources=tuples(sources, min_size=1),
    aliases=unique_tuples(texts),
    population=optional(
        st.builds(
            model.Population,
            count=st.integers(min_value=1, max_value=10**9),
            cites=cites,
            as_of=optional(partial_dates),
            description=optional(texts),
        )
    ),
    organisations=tuples(
        st.builds(
            model.Organisation,
            name=texts,
            role=literal(model.Role),
            sector=literal(model.Sector),
            cites=cites,
            description=optional(texts),
            other_names=unique_tuples(texts),
        )
    ),
    aims=tuples(statements),
    initiatives=tuples(initiatives),
    outcomes=tuples(outcomes),
    challenges=tuples(statements),
    discrepancies=tuples(discrepancies),
)
frameworks = st.builds(
    model.Framework,
    id=slugs,
    title=texts,
    description=texts,
    source=sources,
    areas=tuples(
        st.builds(model.FrameworkArea, id=slugs, title=texts, description=texts), min_size=1
    ),
)
