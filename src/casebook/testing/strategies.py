"""Hypothesis strategies that build any schema-valid model object, and hostile text.

For the tests of casebook and of its plugins: an exporter plugin can draw whole case studies
(``valid_case_studies``), frameworks (``frameworks``) or text made to break a format
(``hostile_texts``, ``encodable_hostile_texts``, ``markdown_texts``) without
writing strategies of its own. Needs hypothesis, which casebook's ``test`` extra installs::

    from hypothesis import given
    from casebook.testing import strategies

    @given(strategies.valid_case_studies)
    def test_any_case_study_exports(case): ...
"""

from __future__ import annotations

import re
import string
from typing import Any, get_args

from hypothesis import strategies as st

from casebook import model
from casebook.format import convert, validation

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
    """Return *strategy*, or ``None``: an optional field."""
    return st.none() | strategy


def tuples(strategy: st.SearchStrategy[Any], *, min_size: int = 0) -> st.SearchStrategy[Any]:
    """Return tuples of up to three values of *strategy*."""
    return st.lists(strategy, min_size=min_size, max_size=3).map(tuple)


def unique_tuples(strategy: st.SearchStrategy[Any], *, min_size: int = 0) -> st.SearchStrategy[Any]:
    """Return tuples of up to three distinct values of *strategy*."""
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
    basis=literal(model.Basis),
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
    aims=tuples(st.builds(model.Aim, text=texts, cites=cites, mental_health=st.booleans())),
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
        st.builds(
            model.FrameworkArea,
            id=slugs,
            title=texts,
            description=texts,
            mental_health=st.booleans(),
        ),
        min_size=1,
    ),
    scope=optional(st.builds(model.Scope, sites=unique_tuples(slugs, min_size=1), note=texts)),
)


def _consistent(case: model.CaseStudy) -> model.CaseStudy:
    """Return *case* made valid as a whole: unique ids, and every reference to something listed.

    The strategies above draw each part on its own, so a citation may name no listed source.
    Here ids are renumbered and each reference is pointed at a listed item, chosen from the
    drawn value without Python's per-process string hashing, so examples replay exactly.
    """
    data = convert.to_data(case)
    source_ids = [f"s{n}" for n in range(len(data["sources"]))]
    for source, source_id in zip(data["sources"], source_ids, strict=True):
        source["id"] = source_id

    def pick(options: list[str], drawn: str) -> str:
        return options[sum(map(ord, drawn)) % len(options)]

    def fix(node: Any) -> None:
        if isinstance(node, dict):
            if "cites" in node:
                node["cites"] = sorted({pick(source_ids, c) for c in node["cites"]})
            for value in node.values():
                fix(value)
        elif isinstance(node, list):
            for item in node:
                fix(item)

    fix(data)
    _resolve_initiatives(data, pick)
    return convert.from_data(data, model.CaseStudy)


def _resolve_initiatives(data: dict[str, Any], pick: Any) -> None:
    """Renumber initiatives and outcomes, and point references at them.

    Only work with a measured outcome stays evaluated.
    """
    for key, prefix in (("initiatives", "i"), ("outcomes", "o")):
        for n, item in enumerate(data.get(key, [])):
            item["id"] = f"{prefix}{n}"
    initiative_ids = [i["id"] for i in data.get("initiatives", [])]
    for item in (*data.get("outcomes", []), *data.get("discrepancies", [])):
        if "initiative" in item:
            if initiative_ids:
                item["initiative"] = pick(initiative_ids, item["initiative"])
            else:
                del item["initiative"]
    measured = {o.get("initiative") for o in data.get("outcomes", []) if o["basis"] == "measured"}
    for initiative in data.get("initiatives", []):
        if initiative["status"] == "evaluated" and initiative["id"] not in measured:
            initiative["status"] = "implemented"


#: Case studies that are valid as a whole: citations name listed sources, references resolve,
#: ids are unique, and only work with a measured outcome is evaluated.
valid_case_studies = case_studies.map(_consistent)

# Hostile text: line breaks of every kind, formula and markup starters, quotes, separators,
# control characters, lone surrogates and non-characters, mixed with any other character.
HOSTILE_PIECES = (
    "\r", "\n", "\r\n", "\t", "\x00", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u2028",
    "=", "+", "-", "@", '"', "'", ",", ";", "|", "\\", "<", ">", "&", "&amp;", "&#1;",
    "\ud800", "\udfff", "\ufffe", "\uffff", "\U0001fffe", "\ufdd0",
    "\u2022 ", "\u2023 ", "\u2043 ", "* ", "- ", "=SUM(A1)", "www.example.org",
    "a@b.co", "mailto:a@b.co", "xmpp:a@b.co", "http://x.org", "<script>", "`",
)  # fmt: skip
hostile_texts = st.lists(
    st.one_of(st.sampled_from(HOSTILE_PIECES), st.characters(codec=None)), min_size=1, max_size=12
).map("".join)
#: Hostile text that can be written as UTF-8: lone surrogates never pass validation.
encodable_hostile_texts = hostile_texts.map(
    lambda s: "".join(c for c in s if not 0xD800 <= ord(c) < 0xE000)
)

# Text dense in what Markdown and GitHub could read as markup: every delimiter and line-start
# character, entity and autolink beginnings, beside letters and digits (emphasis and autolinks
# depend on what stands next to them).
MARKDOWN_PIECES = (
    "*", "_", "~", "~~", "`", "``", "[", "]", "![", "](", "<", ">", "&", "&amp;", "&#64;",
    "&#00000064;", "&#x00000040;",
    "&copy", ";", "\\", "|", "#", "# ", "- ", "+ ", "* ", "1. ", "2) ", "---", "===", "***",
    "```", "~~~", "    ", "\n", ":", "//", "www.", "WWW.", "http://", "https://", "mailto:",
    "xmpp:", "@", ".", "(", ")", "!", "-", "+", "=", "<a>", "</b>", "<!--", "-->", "<x@y.co>",
    "a", "b", "w", "1", "9", " ", "é", "\u00a0",
)  # fmt: skip
markdown_texts = (
    st.lists(st.sampled_from(MARKDOWN_PIECES), min_size=1, max_size=16)
    .map("".join)
    .filter(lambda s: bool(_NOT_BLANK.search(s)))
)
