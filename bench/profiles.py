"""Where a Sphinx build's time goes: a profiled build's time by package, for the results.

The per-record figure sets the extension beside sphinx-needs; where it misses, the issue asks
for a profile that shows where the difference goes. Each project is built once more under
cProfile, and its functions' own time is summed by the package that defines them.
"""

from __future__ import annotations

import pstats
from collections.abc import Mapping
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


def profile_section(profiles: Mapping[str, Path], records: int) -> list[str]:
    """Return the results' section on where each profiled build's time went, per record.

    :param profiles: each project's name and its build's profile statistics file.
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
