"""Where a Sphinx build's time goes: a profiled build's time by package and by stage.

The per-record figure sets the extension beside sphinx-needs, the full build beside plain
pages; where they miss, the issue asks for a profile that shows where the difference goes.
Each project is built once more under cProfile: its functions' own time is summed by the
package that defines them, and the cumulative time of Sphinx's functions for each stage of a
build (reading a page, writing its HTML, indexing it, ...) is set beside the nodes of the
pages, which each of Sphinx's passes walks.
"""

from __future__ import annotations

import pickle
import pstats
from collections.abc import Mapping, Sequence
from pathlib import Path

#: The packages a build's time is shown by, by the name of their top-level folder.
PACKAGES = {
    "sphinx_needs": "sphinx-needs",
    "sphinx": "Sphinx",
    "docutils": "docutils",
    "casebook": "casebook",
    "jinja2": "Jinja2",
}
BUILT_IN = "Python's built-in functions, called from all of the above"
OTHER = "the rest of Python's library, and other packages"


def package(filename: str) -> str:
    """Return the package a profiled function's file belongs to.

    The package is the folder under ``site-packages``, or casebook's ``src/casebook`` in an
    editable install; a path that merely passes through a folder of that name is not it.
    """
    if filename == "~":
        return BUILT_IN
    path = filename.replace("\\", "/")
    if "site-packages/" in path:
        top = path.rsplit("site-packages/", 1)[1].split("/", 1)[0]
    else:
        top = "casebook" if "/src/casebook/" in path else ""
    return PACKAGES.get(top, OTHER)


def by_package(stats_file: Path) -> dict[str, float]:
    """Return the profiled own time of each package, in seconds."""
    stats = pstats.Stats(str(stats_file))
    spent: dict[str, float] = {}
    for (filename, _line, _name), row in stats.stats.items():  # type: ignore[attr-defined]
        where = package(filename)
        spent[where] = spent.get(where, 0.0) + row[2]  # the function's own time
    return spent


def top_functions(stats_file: Path, name: str, count: int = 8) -> list[tuple[str, float, float]]:
    """Return *name*'s package's functions with the most cumulative time: name, cumulative, own."""
    stats = pstats.Stats(str(stats_file))
    rows = [
        (f"{Path(filename).name}:{line} {function}", row[3], row[2])
        for (filename, line, function), row in stats.stats.items()  # type: ignore[attr-defined]
        if package(filename) == name
    ]
    return sorted(rows, key=lambda row: -row[1])[:count]


#: A function of Sphinx's, by its file's path from the package's folder and its name.
Function = tuple[str, str]
PARSE: Function = ("sphinx/parsers.py", "parse")
PARSE_TO_DOCTREE: Function = ("sphinx/util/docutils.py", "_parse_str_to_doctree")
WRITE_DOC: Function = ("sphinx/builders/html/__init__.py", "write_doc")
DOC_CONTEXT: Function = ("sphinx/builders/html/__init__.py", "get_doc_context")
HANDLE_PAGE: Function = ("sphinx/builders/html/__init__.py", "handle_page")
#: The stages of a build: a label, the functions whose cumulative time it is, and the calls
#: within them, as (callee, caller), whose time it leaves to another stage.
STAGES: tuple[tuple[str, Sequence[Function], Sequence[tuple[Function, Function]]], ...] = (
    ("reading: parsing each page, directives included", [PARSE], []),
    (
        "reading: Sphinx's transforms and collectors on each page",
        [PARSE_TO_DOCTREE],
        [(PARSE, PARSE_TO_DOCTREE)],
    ),
    ("reading: saving each page's doctree", [("sphinx/builders/__init__.py", "write_doctree")], []),
    (
        "writing: loading each doctree, resolving its references (post-transforms)",
        [("sphinx/environment/__init__.py", "get_and_resolve_doctree")],
        [],
    ),
    (
        "writing: the search index of each page",
        [("sphinx/builders/html/__init__.py", "write_doc_serialized")],
        [],
    ),
    (
        "writing: each page's HTML body (the translator's pass over its nodes)",
        [WRITE_DOC],
        [(DOC_CONTEXT, WRITE_DOC), (HANDLE_PAGE, WRITE_DOC)],
    ),
    (
        "writing: each page's navigation and template (the index and search pages' too)",
        [DOC_CONTEXT, HANDLE_PAGE],
        [],
    ),
)
REST = "the rest: starting, loading the data, the environment, the indices, finishing"


def cumulative(stats_file: Path) -> dict[Function, tuple[float, dict[Function, float]]]:
    """Return each of Sphinx's functions in a profile: its cumulative time, and by caller.

    :returns: for each function, its cumulative time in seconds, and the part of it spent in
        the calls from each of Sphinx's functions that called it.
    """
    stats = pstats.Stats(str(stats_file))
    found: dict[Function, tuple[float, dict[Function, float]]] = {}
    for key, row in stats.stats.items():  # type: ignore[attr-defined]
        function = _sphinx_function(key)
        if function is None:
            continue
        # Functions of one name in one file (methods of several classes) count together.
        seconds, callers = found.get(function, (0.0, {}))
        for caller, edge in row[4].items():
            by = _sphinx_function(caller)
            if by is not None:
                callers[by] = callers.get(by, 0.0) + edge[3]
        found[function] = (seconds + row[3], callers)
    return found


def _sphinx_function(key: tuple[str, int, str]) -> Function | None:
    path = key[0].replace("\\", "/")
    if "site-packages/" not in path:
        return None
    return path.rsplit("site-packages/", 1)[1], key[2]


def stages(stats_file: Path) -> dict[str, float]:
    """Return the time of each stage of a profiled build, and of the rest, in seconds.

    A function of :data:`STAGES` that the profile lacks (renamed in another release of Sphinx)
    stops the benchmark rather than show its stage as taking no time.
    """
    spent = cumulative(stats_file)
    for function in dict.fromkeys(f for _label, counted, _left in STAGES for f in counted):
        if function not in spent:
            raise SystemExit(f"bench: {stats_file} has no {function[1]} of {function[0]}")
    out = {
        label: sum(spent[f][0] for f in counted)
        - sum(spent[callee][1].get(caller, 0.0) for callee, caller in left)
        for label, counted, left in STAGES
    }
    total = sum(by_package(stats_file).values())
    out[REST] = total - sum(out.values())
    return out


def doctree_nodes(doctrees: Path) -> int:
    """Return how many nodes the doctrees of a build hold, all pages together."""
    count = 0
    for path in doctrees.rglob("*.doctree"):
        doctree = pickle.loads(path.read_bytes())  # noqa: S301 - the build just wrote it
        count += sum(1 for _node in doctree.findall())
    return count


def stage_table(
    profiles: Mapping[str, Path], records: int, doctrees: Mapping[str, Path]
) -> list[str]:
    """Return the table of each build's stages per record, with its pages' nodes per record."""
    spent = {project: stages(path) for project, path in profiles.items()}
    lines = [
        (
            "The same builds by stage: the cumulative time of Sphinx's functions for each, per "
            "record, in milliseconds. Most of Sphinx's work is a pass over every node of a page "
            "(each transform, the references, the search index, the HTML translator), so it "
            "grows with the nodes the pages hold:"
        ),
        "",
        "| stage | " + " | ".join(spent) + " |",
        "| --- |" + " --- |" * len(spent),
    ]
    nodes = [f"{doctree_nodes(doctrees[p]) / records:,.0f}" for p in spent]
    lines.append("| doctree nodes per record, all pages | " + " | ".join(nodes) + " |")
    for label in [*(stage[0] for stage in STAGES), REST]:
        cells = [f"{found[label] * 1000 / records:.1f} ms" for found in spent.values()]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def profile_section(
    profiles: Mapping[str, Path], records: int, doctrees: Mapping[str, Path] | None = None
) -> list[str]:
    """Return the results' section on where each profiled build's time went, per record.

    :param profiles: each project's name and its build's profile statistics file.
    :param doctrees: each project's name and the folder of its build's doctrees, whose nodes
        the table of stages counts; without it (profiles of something other than a Sphinx
        build), there is no table of stages.
    """
    spent = {project: by_package(path) for project, path in profiles.items()}
    packages = sorted({p for found in spent.values() for p in found}, key=lambda p: (
        -max(found.get(p, 0.0) for found in spent.values())))  # fmt: skip
    lines = [
        "## Where a Sphinx build's time goes",
        "",
        (
            f"Each project of {records:,} sites built once more under cProfile (which slows "
            "it): each package's own time per record, in milliseconds, and its share."
        ),
        "",
        "| package | " + " | ".join(spent) + " |",
        "| --- |" + " --- |" * len(spent),
    ]
    for name in packages:
        cells = [
            f"{found.get(name, 0.0) * 1000 / records:.1f} ms "
            f"({found.get(name, 0.0) / sum(found.values()):.0%})"
            for found in spent.values()
        ]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    if doctrees is not None:
        lines += ["", *stage_table(profiles, records, doctrees)]
    first = next(iter(profiles.values()))
    lines += [
        "",
        "casebook's functions with the most cumulative time in the extension's build:",
        "",
        "| function | cumulative per record | own per record |",
        "| --- | --- | --- |",
    ]
    for function, cumulative, own in top_functions(first, "casebook"):
        per_record = [f"{seconds * 1000 / records:.2f} ms" for seconds in (cumulative, own)]
        lines.append(f"| `{function}` | " + " | ".join(per_record) + " |")
    return lines
