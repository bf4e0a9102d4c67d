"""Where ``casebook validate``'s time goes: a fixed cost, a cost per file, and its stages.

Each command's time on the two corpora gives its fixed cost (starting, loading what it needs)
and its cost per file (the slope between the two sizes), in the same runs as the figures. The
stages of casebook's cost per file are then timed in this process, each over the same files:
reading, parsing, the checks of one document (bounds, the compiled schema, the semantic checks)
and the rest of what ``check_files`` does per file (ids, area references, handing it over).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from results import table_row
from timing import Run

import casebook
from casebook.format import datafile, files, validation

#: How many files of the larger corpus the stages are timed on, and how often (the fastest
#: run counts: the others were slowed by something else).
STAGE_FILES = 2_000
STAGE_RUNS = 3


def per_file_costs(
    runs: dict[str, dict[str, list[Run]]], count: dict[str, int]
) -> dict[str, tuple[float, float]]:
    """Return each command's ``(fixed seconds, seconds per file)`` from its median times.

    :param runs: per corpus (``smaller``, ``larger``), each command's runs.
    :param count: per corpus, its number of files.
    """
    costs = {}
    for name in runs["larger"]:
        small = statistics.median(r.seconds for r in runs["smaller"][name])
        large = statistics.median(r.seconds for r in runs["larger"][name])
        per_file = (large - small) / (count["larger"] - count["smaller"])
        costs[name] = (small - per_file * count["smaller"], per_file)
    return costs


def stage_costs(folder: Path) -> list[tuple[str, float]]:
    """Return the seconds per file of each stage of checking the files of *folder*.

    Timed in a fresh process: the benchmark's own holds the loaded corpus, whose objects the
    cycle collector would rescan during every stage.
    """
    script = (
        "import json, sys\nfrom pathlib import Path\nimport validate_costs\n"
        "print(json.dumps(validate_costs.stages_here(Path(sys.argv[1]))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(folder)],
        capture_output=True, text=True, check=True, cwd=Path(__file__).parent,
    )  # fmt: skip
    return [(name, cost) for name, cost in json.loads(done.stdout.splitlines()[-1])]


def stages_here(folder: Path) -> list[tuple[str, float]]:
    """Return :func:`stage_costs`, timed in this process.

    The installed frameworks are loaded first, as ``casebook validate`` loads them.
    """
    frameworks = list(casebook.load().frameworks.values())
    known = [area for framework in frameworks for area in framework.area_refs()]
    paths = [str(p) for p in sorted(folder.glob("*.json"))[:STAGE_FILES]]

    # Each stage does the ones before it too, and keeps nothing, as check_files keeps nothing:
    # a list of parsed documents held alive would make the cycle collector rescan them.
    def read() -> None:
        for path in paths:
            datafile.read_bytes(path)

    def parse() -> None:
        for path in paths:
            datafile.parse_data(datafile.read_bytes(path), path)

    def check() -> None:
        for path in paths:
            data, short_numbers = datafile.parse_data_noting(datafile.read_bytes(path), path)
            validation.check_case_study(data, path, short_numbers=short_numbers)

    stages: list[tuple[str, Callable[[], Any]]] = [
        ("read the file", read),
        ("parse it (orjson, or json where orjson could differ)", parse),
        ("check it: bounds, the compiled schema (jsonschema-rs), the semantic checks", check),
        ("the rest: ids, area references, handing each file over",
         lambda: files.check_files(paths, known, frameworks)),
    ]  # fmt: skip
    found, before = [], 0.0
    for name, stage in stages:
        cost = _fastest(stage) / len(paths)
        found.append((name, cost - before))
        before = cost
    found.append(("all of casebook's checking of the files (check_files)", before))
    return found + _components(paths)


def _components(paths: Sequence[str]) -> list[tuple[str, float]]:
    """Return the cost per file of the two compiled components alone: orjson and the schema.

    What no checking in Python can go below: each file parsed by orjson, and that data given
    to the compiled schema validator, with nothing else done.
    """
    import orjson  # noqa: PLC0415 - a dependency of casebook

    is_valid = validation._fast_validator("case study")  # noqa: SLF001
    if is_valid is None:
        return []
    raws = [Path(path).read_bytes() for path in paths]

    def parse() -> None:
        for raw in raws:
            orjson.loads(raw)

    def parse_and_validate() -> None:
        for raw in raws:
            is_valid(orjson.loads(raw))

    parsing = _fastest(parse) / len(raws)
    both = _fastest(parse_and_validate) / len(raws)
    return [
        ("for comparison, alone: orjson parsing the bytes (read beforehand)", parsing),
        ("for comparison, alone: the compiled schema's verdict on that data", both - parsing),
    ]


def _fastest(stage: Callable[[], Any]) -> float:
    """Return the fastest of :data:`STAGE_RUNS` timed runs of *stage*, after one untimed run."""
    stage()  # once untimed: imports and compiled validators
    times = []
    for _ in range(STAGE_RUNS):
        started = time.perf_counter()
        stage()
        times.append(time.perf_counter() - started)
    return min(times)


def appendix(
    costs: dict[str, tuple[float, float]], stages: Sequence[tuple[str, float]], count: int
) -> list[str]:
    """Return the Markdown section of validate's costs."""
    lines = [
        "## Where `casebook validate`'s time goes",
        "",
        (
            "Each command's fixed cost and cost per file, from its median times on the two "
            "corpora of the figures above (the slope between them):"
        ),
        "",
        "| command | fixed | per file | at N = " + f"{count:,} |",
        "| --- | --- | --- | --- |",
    ]
    for name, (fixed, per_file) in costs.items():
        total = fixed + per_file * count
        cells = (name, f"{fixed * 1000:.0f} ms", f"{per_file * 1e6:.0f} us", f"{total:.2f} s")
        lines.append(table_row(cells))
    lines += [
        "",
        (
            f"casebook's cost per file by stage, timed in one process over {STAGE_FILES:,} "
            f"files of the larger corpus (the fastest of {STAGE_RUNS} runs):"
        ),
        "",
        "| stage | per file |",
        "| --- | --- |",
        *(table_row((name, f"{cost * 1e6:.0f} us")) for name, cost in stages),
    ]
    return lines
