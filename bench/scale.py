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
import shutil
import sys
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
        leaves_out=(
            "times are processor time; an export's time is the export alone, but its peak "
            "memory holds the loaded case studies it exports; a process's fixed cost (start-up, "
            "imports) makes growth look slower than linear."
        ),
    )


def run_step(step: str, plugin: Path, out: Path) -> Run:
    """Run *step* on the corpus plugin folder *plugin* in a fresh process; fail loudly."""
    if step == "validate":
        found = casebook_validate().run(plugin / "corpus")
        return Run(found.cpu_seconds, found.peak_mib, found.code, found.output)
    args = [sys.executable, str(HERE / "scale_child.py"), step, str(plugin), str(out)]
    found = run_measured(args)
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
            found.setdefault(step, {})[corpus] = run_step(step, plugin, work / "out")
        shutil.rmtree(plugin, ignore_errors=True)
    factor = sizes["larger"] / sizes["smaller"]
    detail = f"N = {sizes['larger']:,} against N = {sizes['smaller']:,}"
    results = []
    for step in STEPS:
        for measures in ("time", "memory"):
            definition = growth(step, measures, factor)
            runs = found[step]
            value = (lambda run: run.seconds) if measures == "time" else (lambda run: run.peak_mib)
            progress.start(definition)
            result = Result(
                definition, [value(runs["larger"])], [value(runs["smaller"])], detail,
                peak_mib=runs["larger"].peak_mib if measures == "time" else None,
            )  # fmt: skip
            results.append(progress.done(result))
    return results
