"""Check case-study and framework data: the JSON Schema first, then what it cannot say.

The schema (``schemas/case-study.schema.json``) checks shape, types, patterns and enumerations.
The checks here add what a schema cannot: ids unique, every cited source listed, every referenced
initiative and framework area present, an ``evaluated`` initiative backed by a measured outcome,
dates that exist on the calendar, and (on the model, against the installed frameworks) no area
named outside its framework's scope. Every problem is reported, not just the first, each with a JSON
Pointer into the data.

Valid data is recognised by a compiled validator (jsonschema-rs); jsonschema, much slower, is
imported only to explain what is wrong with data that fails. Each validator is built once per
process: building one re-checks the schema, which costs far more than validating a document.
"""

from __future__ import annotations

import functools
import json
import typing
from collections.abc import Callable, Collection, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from casebook.errors import Problem, pointer
from casebook.format import SCHEMA_PATH, keywalk, limits, verdict
from casebook.format.areas import (
    data_area_refs,
    indexed_objects,
    is_object,
    unknown_area_problems,
)
from casebook.model import MEASURED, Basis
from casebook.wording import excerpt, json_type, quote

if TYPE_CHECKING:
    from jsonschema.protocols import Validator


@functools.cache
def schema() -> dict[str, Any]:
    """Return the case-study JSON Schema shipped with casebook."""
    return json.loads(SCHEMA_PATH.read_text("utf-8"))  # type: ignore[no-any-return]


def framework_schema() -> dict[str, Any]:
    """Return a schema for one framework document: ``$defs/framework`` of the case-study schema."""
    root = schema()
    return {"$schema": root["$schema"], "$defs": root["$defs"], "$ref": "#/$defs/framework"}


@functools.cache
def _fast_validator(kind: str) -> Callable[[Any], bool] | None:
    """Return a compiled validator's ``is_valid`` (jsonschema-rs), or ``None`` if unavailable.

    It answers "valid or not" about a hundred times faster than jsonschema; jsonschema is still
    used, and only imported, to explain what is wrong with data that fails. Tests check that
    the two always agree.
    """
    try:
        import jsonschema_rs  # noqa: PLC0415 - optional speed-up, loaded on first validation
    except ImportError:  # pragma: no cover - a platform without a wheel
        return None
    document = schema() if kind == "case study" else framework_schema()
    return jsonschema_rs.validator_for(compiled_form(document)).is_valid


#: How the schema's patterns say "and nothing after": a lookahead, because Python's ``re``
#: (which jsonschema uses) also matches ``$`` before a final newline.
_PATTERN_END = "(?![\\s\\S])"


def compiled_form(node: Any) -> Any:
    """Return the schema *node* with each pattern's closing lookahead written as ``$``.

    The two mean the same in ECMA-262, which the compiled validator follows: ``$`` matches at
    the end of the string only. But a pattern with a lookaround takes that validator's
    backtracking engine, which made the patterns most of the time it spends on a document.
    """
    if isinstance(node, dict):
        return {
            key: (
                value.removesuffix(_PATTERN_END) + "$"
                if key == "pattern" and isinstance(value, str) and value.endswith(_PATTERN_END)
                else compiled_form(value)
            )
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [compiled_form(value) for value in node]
    return node


@functools.cache
def _validator(kind: str) -> Validator:
    import jsonschema  # noqa: PLC0415 - heavy; imported only when data is validated

    document = schema() if kind == "case study" else framework_schema()
    cls = jsonschema.validators.validator_for(document)
    return cls(document)


def check_case_study(
    data: Any,
    file: str,
    known_areas: Collection[str] | None = None,
    *,
    short_numbers: bool = False,
) -> list[Problem]:
    """Return every problem with one case study's data; an empty list means it is valid.

    :param data: the parsed document.
    :param file: how problems name the document (a path, or ``<plugin NAME>``).
    :param known_areas: the ``FRAMEWORK/AREA`` references that exist; ``None`` skips that check.
    :param short_numbers: *data* was parsed from JSON text with no run of 16 digits (as
        :func:`~casebook.format.datafile.parse_data_noting` tells): it lets a valid document
        skip the walk for the bounds (see :func:`_schema_problems`).
    """
    problems = _schema_problems("case study", data, file, short_numbers)
    if isinstance(data, Mapping):
        routes = _routes() if not problems else None
        if routes is not None and verdict.is_clean(data, routes, _DATE_KEYS, known_areas):
            return []  # nothing to explain: cleared without building a path
        found = _found_keys("case study", data, _CHECKED_KEYS, schema_valid=not problems)
        problems.extend(_case_study_problems(data, file, known_areas, found))
    return sorted(set(problems))


def check_framework(data: Any, file: str, *, short_numbers: bool = False) -> list[Problem]:
    """Return every problem with one framework's data; an empty list means it is valid.

    :param short_numbers: as for :func:`check_case_study`.
    """
    problems = _schema_problems("framework", data, file, short_numbers)
    if isinstance(data, Mapping):
        problems.extend(_duplicates(data.get("areas"), "/areas", file, "area"))
        found = _found_keys("framework", data, _DATE_KEYS, schema_valid=not problems)
        problems.extend(_date_problems(found, file))
    return sorted(set(problems))


def _schema_problems(kind: str, data: Any, file: str, short_numbers: bool) -> list[Problem]:
    if short_numbers and _fast_verdict(kind, data):
        # Parsed JSON text that the compiled validator passes holds to the bounds without the
        # walk: the schema closes every object and types every array, so what it passes nests
        # a few levels deep; the validator fails a float that is not finite and a lone
        # surrogate; and an integer beyond MAX_SAFE_INTEGER needs 16 digits in the text. Tests
        # write each of these to a file.
        return []
    # The bounds first: data nested too deep is not given to the (recursive) schema checks,
    # and the compiled validator cannot take what breaks the others.
    problems = limits.document_problems(data, file)
    if limits.too_deep(problems):
        return problems
    if not problems and _fast_verdict(kind, data):
        return []
    for error in _validator(kind).iter_errors(data):
        path = list(error.absolute_path)
        if error.validator == "additionalProperties":
            allowed = typing.cast("Mapping[str, Any]", error.schema).get("properties", {})
            instance: Any = error.instance
            for key in sorted((k for k in instance if k not in allowed), key=str):
                known = ", ".join(sorted(allowed))
                message = f"unknown field {_quote_key(key)} (allowed here: {known})"
                problems.append(Problem(file, pointer([*path, key]), message))
            continue
        problems.append(Problem(file, pointer(path), _message(error)))
    return problems


def _fast_verdict(kind: str, data: Any) -> bool:
    """Tell whether the compiled validator finds *data* valid; ``False`` if it cannot say."""
    is_valid = _fast_validator(kind)
    if is_valid is None:  # pragma: no cover - a platform without a wheel
        return False
    try:
        return is_valid(data)
    except (ValueError, TypeError, OverflowError):
        # Data it cannot convert (a key that is not a string, say): jsonschema explains.
        return False


def _quote_key(key: Any) -> str:
    return quote(key) if isinstance(key, str) else f"{excerpt(key)} (a key must be a string)"


def _message(error: Any) -> str:
    """Say what is wrong in the words of the format, not of the JSON Schema machinery."""
    keyword = error.validator
    instance = error.instance
    if keyword == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return f"missing required field {missing!r}"
    text_pattern = schema()["$defs"]["text"]["pattern"]
    if keyword == "minLength" or (keyword == "pattern" and error.validator_value == text_pattern):
        return "must not be empty or blank"
    if keyword == "pattern":
        description = error.schema.get("description")
        if description:
            expected = description[0].lower() + description[1:]
            return f"{excerpt(instance)} is not valid: expected {expected}"
    if keyword == "type":
        expected = error.validator_value
        return f"expected {_article(expected)}, got {json_type(instance)}"
    if keyword == "enum":
        choices = ", ".join(repr(c) for c in error.validator_value)
        return f"{excerpt(instance)} is not one of {choices}"
    if keyword == "const":
        return f"{excerpt(instance)} is not supported: expected {error.validator_value!r}"
    if keyword == "maxLength":
        return f"is {len(instance):,} characters long: at most {error.validator_value} allowed"
    if keyword == "minimum":
        return f"{excerpt(instance)} is too small: at least {error.validator_value} expected"
    if keyword == "minItems" and error.validator_value == 1:
        return "must not be empty"
    if keyword == "uniqueItems":
        return "lists the same value more than once"
    return f"{excerpt(instance)} is not valid here ({keyword} {excerpt(error.validator_value)})"


def _article(json_type: Any) -> str:
    if isinstance(json_type, list):
        return " or ".join(_article(t) for t in json_type)
    return {"object": "an object", "array": "an array", "integer": "an integer"}.get(
        str(json_type), f"a {json_type}"
    )


def _items(data: Mapping[str, Any], key: str) -> list[tuple[int, Mapping[str, Any]]]:
    return indexed_objects(data.get(key))


def _duplicates(items: Any, where: str, file: str, what: str) -> Iterator[Problem]:
    if not isinstance(items, list):
        return
    first: dict[Any, int] = {}
    for index, item in enumerate(items):
        if not is_object(item) or not isinstance(item.get("id"), str):
            continue
        item_id = item["id"]
        if item_id in first:
            earlier = f"{where}/{first[item_id]}"
            message = f"duplicate {what} id {quote(item_id)} (first used at {earlier})"
            yield Problem(file, f"{where}/{index}/id", message)
        else:
            first[item_id] = index


def _found_keys(
    kind: str, data: Mapping[str, Any], keys: frozenset[str], *, schema_valid: bool
) -> keywalk.Found:
    """Return where *keys* are in *data*: along the schema's plan if the schema passed it."""
    plan = _key_plan(kind, keys) if schema_valid else None
    return keywalk.walk_keys(data, keys) if plan is None else keywalk.walk_plan(data, plan)


@functools.cache
def _routes() -> tuple[keywalk.Route, ...] | None:
    """Return the routes to the cited lists and dates of a schema-valid case study."""
    plan = _key_plan("case study", _CHECKED_KEYS)
    return None if plan is None else keywalk.plan_routes(plan)


@functools.cache
def _key_plan(kind: str, keys: frozenset[str]) -> keywalk.ValuePlan | None:
    document = schema() if kind == "case study" else framework_schema()
    try:
        return keywalk.key_plan(document, schema()["$defs"], keys)
    except ValueError:  # pragma: no cover - a test keeps the schema closed
        return None


def _case_study_problems(
    data: Mapping[str, Any],
    file: str,
    known_areas: Collection[str] | None,
    found: keywalk.Found,
) -> Iterator[Problem]:
    yield from _duplicates(data.get("sources"), "/sources", file, "source")
    yield from _duplicates(data.get("initiatives"), "/initiatives", file, "initiative")
    yield from _duplicates(data.get("outcomes"), "/outcomes", file, "outcome")
    yield from _date_problems(found, file)

    source_ids = {s.get("id") for _, s in _items(data, "sources")}
    for path, cites in found:
        if path[-1] != "cites" or not isinstance(cites, list):
            continue
        for index, source_id in enumerate(cites):
            if isinstance(source_id, str) and source_id not in source_ids:
                yield Problem(
                    file,
                    pointer([*path, index]),
                    f"cites source {quote(source_id)}, which is not listed in /sources",
                )

    initiatives = {i.get("id"): i for _, i in _items(data, "initiatives")}
    outcomes = [o for _, o in _items(data, "outcomes")]
    # An outcome whose basis is missing or unknown is reported once, for itself, not again
    # for the initiative it might have made evaluated.
    backed = {
        o.get("initiative")
        for o in outcomes
        if o.get("basis") == MEASURED or o.get("basis") not in BASES
    }
    for key in ("outcomes", "discrepancies"):
        for index, item in _items(data, key):
            ref = item.get("initiative")
            if isinstance(ref, str) and ref not in initiatives:
                yield Problem(
                    file,
                    f"/{key}/{index}/initiative",
                    f"refers to initiative {quote(ref)}, which is not listed in /initiatives",
                )
    for index, initiative in _items(data, "initiatives"):
        if initiative.get("status") == "evaluated" and initiative.get("id") not in backed:
            yield Problem(
                file,
                f"/initiatives/{index}/status",
                "is 'evaluated' but no outcome with basis 'measured' names this initiative: "
                "add the measured outcome (with its source) or use 'implemented'; an estimate "
                "or a figure reported without its method does not make work evaluated",
            )
    if known_areas is not None:
        yield from unknown_area_problems(data_area_refs(data), known_areas, file)


#: The values of an outcome's ``basis``.
BASES: tuple[Basis, ...] = typing.get_args(Basis)

_DATE_KEYS = frozenset({"date", "selected", "as_of", "started", "last_reviewed"})
_CHECKED_KEYS = _DATE_KEYS | {"cites"}


def _date_problems(found: list[tuple[tuple[Any, ...], Any]], file: str) -> Iterator[Problem]:
    """Find dates that match the pattern but do not exist, such as 2017-02-30."""
    for path, value in found:
        if path[-1] in _DATE_KEYS and isinstance(value, str) and not verdict.is_real_date(value):
            yield Problem(file, pointer(path), f"{quote(value)} is not a real calendar date")
