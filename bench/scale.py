"""Figures of a larger scale: load, validate and the json and csv exports at N and N / 10.

Each step runs in a fresh process (see ``scale_child.py``), so that its peak memory is the
kernel's account of that step alone, and each size is measured once: at 100,000 case studies
one run of a step takes minutes. A step is linear if ten times the case studies cost at most
eleven times the time, and the memory too; validate's memory should stay flat. Times are
processor time (the step's own in ``scale_child.py``, the whole process's for ``validate``): a
step of minutes on a shared machine is stretched by other work far more in elapsed time, and
the two sizes run minutes apart.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from corpus import write_corpus
from peers import casebook_validate
from results import Definition, Result
from timing import Progress, Run, run_measured

HERE = Path(__file__).resolve().parent
STEPS = ("load", "validate", "json", "csv")
#: Each step has a time figure and a memory figure.
SCALE_FIGURES = 2 * len(STEPS)
DOES = {
    "load": "`casebook.load()`",
    "validate": "`casebook validate DIR`",
    "json": "export to json",
    "csv": "export to csv",
}


def growth(step: str, measures: str, factor: float) -> Definition:
    """Return the figure of *step*'s time or peak memory at N against N / *factor*."""
    what = "time" if measures == "time" else "peak memory"
    flat = step == "validate" and measures == "memory"
    return Definition(
        f"{DOES[step]} at scale: {what}, the larger corpus against the smaller",
        floor=f"its {what} on {factor:g}x fewer case studies "
        + ("(flat is 1x)" if flat else f"(linear growth is {factor:g}x)"),
        limit=1.2 if flat else round(factor * 1.1, 2),
        measures=measures,
        leaves_out=_LEAVES_OUT[measures, step == "validate"],
    )


_FIXED = "a process's fixed cost (start-up, imports) makes growth look slower than linear."
_LEAVES_OUT = {
    ("time", False): (
        "times are the step's own processor time (an export's leaves out loading), and the "
        "detail splits it into the user time of the process's own code and the system time of "
        "the kernel's work for it, which depends on the file system as much as on casebook; "
        "Python's "
        "cycle collector makes a full collection, a pass over every object the process holds, "
        "each time the objects that outlived the younger collections reach a quarter of those "
        "it holds, so each one costs in proportion to the loaded case studies: the detail "
        "gives the step's full collections and their time at each size, and the ratio without "
        "them; an export writes a file per case study (the csv export one in all), and the "
        "detail gives how the same writes alone grow, into folders of more files; it also "
        "gives the time of exporting, in the larger process, as many case studies as the "
        "smaller corpus holds, against the smaller process's time for the same work: more "
        "means that each case study costs more in a larger process (its objects spread over "
        "more memory), not that the work grows faster than the case studies; each size loads "
        "with an empty cache of its own, so it validates every file; " + _FIXED
    ),
    ("time", True): "times are the whole command's processor time; " + _FIXED,
    ("memory", False): "an export's peak memory holds the loaded case studies it exports; "
    + _FIXED,
    ("memory", True): (
        "what validate keeps for each file until its end: the file's name (its folder once per "
        "run of its files), its id's hash and the numbers of the frameworks whose areas it "
        "names; the detail gives the growth per file, from the two peaks."
    ),
}


def run_step(step: str, plugin: Path, out: Path, part: int | None = None) -> Run:
    """Run *step* on the corpus plugin folder *plugin* in a fresh process; fail loudly.

    :param part: for an export, how many of the case studies to export again in the same
        process (``part_seconds`` of ``scale_child.py``).
    """
    if step == "validate":
        found = casebook_validate().run(plugin / "corpus")
        return Run(found.cpu_seconds, found.peak_mib, found.code, found.output)
    args = [sys.executable, str(HERE / "scale_child.py"), step, str(plugin), str(out)]
    args += [str(part)] if part and step != "load" else []
    # A cache of its own, empty: each size validates every file it loads, whatever ran before.
    with tempfile.TemporaryDirectory() as cache:
        found = run_measured(args, {**os.environ, "CASEBOOK_CACHE_DIR": cache})
    if found.code != 0:
        raise SystemExit(f"bench: the {step} step failed: {found.output.strip()[-500:]}")
    seconds = json.loads(found.output.strip().splitlines()[-1])["seconds"]
    shutil.rmtree(out, ignore_errors=True)
    return Run(seconds, found.peak_mib, found.code, found.output)


def scale_figures(work: Path, count: int, progress: Progress) -> list[Result]:
    """Measure each step on *count* case studies and on a tenth of them."""
    sizes = {"smaller": max(1, count // 10), "larger": count}
    found: dict[str, dict[str, Run]] = {}
    for corpus, size in sizes.items():
        plugin = work / corpus
        progress.say(f"Writing a corpus of {size:,} case studies ...")
        write_corpus(plugin, size)
        for step in STEPS:
            progress.say(f"    {DOES[step]}, {size:,} case studies ...")
            part = sizes["smaller"] if corpus == "larger" else None
            found.setdefault(step, {})[corpus] = run_step(step, plugin, work / "out", part)
        shutil.rmtree(plugin, ignore_errors=True)
    factor = sizes["larger"] / sizes["smaller"]
    results = []
    for step in STEPS:
        for measures in ("time", "memory"):
            definition = growth(step, measures, factor)
            runs = found[step]
            value = (lambda run: run.seconds) if measures == "time" else (lambda run: run.peak_mib)
            progress.start(definition)
            result = Result(
                definition, [value(runs["larger"])], [value(runs["smaller"])],
                step_detail(step, measures, runs, sizes),
                peak_mib=runs["larger"].peak_mib if measures == "time" else None,
            )  # fmt: skip
            results.append(progress.done(result))
    return results


def step_detail(step: str, measures: str, runs: dict[str, Run], sizes: dict[str, int]) -> str:
    """Return what the two runs of *step* measured beside the figure's own values."""
    large, small = sizes["larger"], sizes["smaller"]
    detail = f"N = {large:,} against N = {small:,}"
    if step == "validate" and measures == "memory":
        grown = (runs["larger"].peak_mib - runs["smaller"].peak_mib) * 2**20
        return f"{detail}; the peak grows {grown / (large - small):.0f} bytes a file"
    if step == "validate" or measures == "memory":
        return detail
    reports = {corpus: json.loads(run.output.splitlines()[-1]) for corpus, run in runs.items()}
    user, system = (
        reports["larger"][key] / max(reports["smaller"][key], 0.01)  # os.times counts in ticks
        for key in ("user_seconds", "system_seconds")
    )
    detail += (
        f"; its user time (the process's own code) grows {user:.2f}x, its system time (the "
        f"kernel's: files opened, read and written) {system:.2f}x"
    )
    collected = {corpus: report["collector_seconds"] for corpus, report in reports.items()}
    without = (runs["larger"].seconds - collected["larger"]) / (
        runs["smaller"].seconds - collected["smaller"]
    )
    detail += (
        f"; the cycle collector's full collections: "
        f"{reports['larger']['full_collections']} taking {collected['larger']:.1f} s, against "
        f"{reports['smaller']['full_collections']} taking {collected['smaller']:.1f} s; "
        f"without them {without:.2f}x"
    )
    if step == "load":
        return detail
    plain = reports["larger"]["plain_seconds"] / reports["smaller"]["plain_seconds"]
    detail += f"; writing the same files with open().write() grows {plain:.2f}x"
    part = reports["larger"]["part_seconds"] / runs["smaller"].seconds
    return (
        f"{detail}; the first {small:,} case studies, exported again in the larger process, "
        f"took {part:.2f}x the time the smaller took"
    )
