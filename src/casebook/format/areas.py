"""Check where case studies name framework areas: that each area exists, and is in scope.

Apart from :mod:`casebook.format.validation`, because these checks run without it: across the
files ``casebook validate`` reads, and across an installation whose files all passed before.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any

from casebook.errors import Problem
from casebook.model import CaseStudy, Framework
from casebook.wording import quote

#: Where a case study names a framework area: ``(initiative index, area index, area)``.
AreaRef = tuple[int, int, str]


def area_refs(case: CaseStudy) -> list[AreaRef]:
    """Return where *case* names framework areas, in order."""
    return [
        (index, area_index, area)
        for index, initiative in enumerate(case.initiatives)
        for area_index, area in enumerate(initiative.areas)
    ]


def data_area_refs(data: Mapping[str, Any]) -> list[AreaRef]:
    """Return where case-study *data* names framework areas, valid or not, in order."""
    return [
        (index, area_index, area)
        for index, initiative in indexed_objects(data.get("initiatives"))
        if isinstance(areas := initiative.get("areas"), list)
        for area_index, area in enumerate(areas)
        if isinstance(area, str)
    ]


def unknown_area_problems(
    refs: Iterable[AreaRef], known_areas: Collection[str], file: str
) -> list[Problem]:
    """Return a problem for each of *refs* that names no area in *known_areas*."""
    return [
        Problem(
            file,
            f"/initiatives/{index}/areas/{area_index}",
            f"unknown framework area {quote(area)}: {_area_hint(area, known_areas)}",
        )
        for index, area_index, area in refs
        if area not in known_areas
    ]


def scope_problems(case: CaseStudy, frameworks: Iterable[Framework], file: str) -> list[Problem]:
    """Return a problem for each framework area *case* names outside that framework's scope.

    A framework with a ``scope`` applies only to the sites it lists (London's nine steps to
    the London site); an initiative of any other site may not name its areas. This runs on the
    validated model, after the file's own checks, so it needs no cache of its own.
    """
    return scope_problems_of(case.id, area_refs(case), frameworks, file)


def scope_problems_of(
    case_id: str,
    refs: Collection[AreaRef],
    frameworks: Iterable[Framework],
    file: str,
    named: Collection[str] | None = None,
) -> list[Problem]:
    """Return :func:`scope_problems` for the case study *case_id* naming the areas *refs*.

    :param named: the :func:`framework_ids` of *refs*, if the caller has them already.
    """
    excluded = [framework for framework in frameworks if not framework.applies_to(case_id)]
    if not excluded:
        return []
    if named is None:
        named = framework_ids(area for _, _, area in refs)
    # Most case studies name no area of a framework whose scope leaves them out.
    if not any(framework.id in named for framework in excluded):
        return []
    out_of_scope = {ref: framework for framework in excluded for ref in framework.area_refs()}
    problems = []
    for index, area_index, area in refs:
        framework = out_of_scope.get(area)
        if framework is None:
            continue
        sites = ", ".join(framework.scope.sites) if framework.scope else ""
        message = (
            f"framework area {area!r} is out of scope for this case study: framework "
            f"{framework.id!r} applies only to {sites}"
        )
        problems.append(Problem(file, f"/initiatives/{index}/areas/{area_index}", message))
    return problems


def framework_ids(area_refs: Iterable[str]) -> set[str]:
    """Return the ids of the frameworks whose areas the ``FRAMEWORK/AREA`` *area_refs* name."""
    return {area.split("/", 1)[0] for area in area_refs}


def _area_hint(area: str, known_areas: Collection[str]) -> str:
    framework = area.split("/", 1)[0]
    same = sorted(a for a in known_areas if a.startswith(framework + "/"))
    if same:
        return f"framework {quote(framework)} has " + ", ".join(same)
    return f"no installed framework has id {quote(framework)}"


def indexed_objects(value: Any) -> list[tuple[int, Mapping[str, Any]]]:
    """Return the objects of the array *value* with their indices; none if it is not one.

    The checks of one document use it too, on data that may be anything.
    """
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if is_object(item)]


def is_object(value: Any) -> bool:
    """Tell a mapping, checking the exact type first: JSON data is dicts, and the ABC is slow."""
    return type(value) is dict or isinstance(value, Mapping)
