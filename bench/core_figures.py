"""Figures of the library and the command: loading, reporting problems, start-up, exports.

Each figure's :class:`~results.Definition` sits beside the code that measures it. They use
casebook's public API (``casebook.load``, ``casebook.validate_files``,
``casebook.exporting.export``) and the installed ``casebook`` command.
"""

from __future__ import annotations

import compileall
import contextlib
import csv
import functools
import importlib.metadata
import importlib.util
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from results import Definition, Result
from timing import Progress, command, paired_samples, samples

import casebook
import casebook.exporting

#: The installed site plugins, disabled so that a corpus of N holds exactly N case studies.
SITES = [
    "harrogate-rural-district",
    "leicestershire-rutland",
    "north-east-hampshire-farnham",
    "salford-together",
    "tower-hamlets-together",
]
BIN = Path(sys.executable).parent
START_FLOOR = "a fresh `python -c 'import pluggy, attrs'`"

LOAD = Definition(
    "`casebook.load()`: load + validate the corpus",
    floor="json.loads of each file and building its model objects, without any check",
    limit=3.0,
    leaves_out=(
        "loading also hashes each file and looks the hash up in the log of files that passed "
        "(validating a file that is not there), finds the files through the plugin, and "
        "registers each case study with it; the figure moves with the file-system cache."
    ),
)
REPORT = Definition(
    "`casebook.validate_files()` on one invalid case study",
    floor="validate_files on the same case study before the problems were planted",
    condition="each planted problem reported at its place",
    leaves_out=(
        "the compiled validator clears a valid file alone; an invalid one is checked again "
        "by jsonschema in Python, so that every problem is named with its place."
    ),
)
VERSION = Definition("`casebook --version`, a fresh process", floor=START_FLOOR, limit=1.3)
LISTING = Definition(
    "`casebook list`, the five sites, a fresh process",
    floor=START_FLOOR,
    limit=2.0,
    leaves_out=(
        "the floor imports two packages; listing also imports casebook's own modules (the "
        "attrs classes of the model, the plugin report and the errors generate their methods "
        "at import) and parts of the standard library (argparse, hashlib, json), measured by "
        "Python's own import timing in the figure's detail; it imports the installed plugins "
        "(timed on their own) and reads casebook's cached data files."
    ),
)
EXPORT_FLOOR = "writing the same bytes to the same paths with open().write()"
#: How each export figure's name splits the export's time, to show which part a miss is in.
EXPORT_PARTS = (
    "The figure's name gives the export's two parts, each timed alone in the same run beside "
    "the floor: the rendering, and the writing of the rendered files through casebook's writer "
    "(staged, renamed into place, the manifest written)."
)
EXPORTS = {
    "json": Definition(
        "export to json",
        floor=EXPORT_FLOOR,
        limit=2.0,
        leaves_out=(
            "the export first renders the files: it turns the model objects back into data in "
            "Python before the compiled encoder (orjson) runs (the time of that alone, measured "
            "in the same run, is in the figure's name); then it stages each file beside the "
            "old one, renames it into place and records its digest in the manifest. " + EXPORT_PARTS
        ),
    ),
    "markdown": Definition(
        "export to markdown",
        floor=EXPORT_FLOOR,
        limit=2.0,
        leaves_out=(
            "the export first renders each page in Python, escaping every text field and "
            "building its tables (the time of that alone, measured in the same run, is in the "
            "figure's name), then stages each file, renames it into place and records its "
            "digest. The rendering builds each page's model, writes the sites' Markdown and "
            "the index, whose comparison matrices it works out from every site: the name gives "
            "the time of each of those three alone, measured in the same run. " + EXPORT_PARTS
        ),
    ),
    "csv": Definition(
        "export to csv",
        floor=EXPORT_FLOOR,
        limit=2.0,
        leaves_out=(
            "the whole export is one file with a row per outcome, which the floor writes in one "
            "call; the export looks up each outcome's sources and initiative, builds its row in "
            "Python and passes it through the csv module's writer (the time of that rendering "
            "alone, measured in the same run, is in the figure's name). The name also gives the "
            "least that any rendering in Python does: only joining the table's cells, read back "
            "from the export beforehand, into its rows and the rows into one text, with nothing "
            "looked up, escaped or quoted. With the writing alone, that sum is a time no "
            "renderer of this file in Python goes below. " + EXPORT_PARTS
        ),
    ),
}
REEXPORT_FLOOR = "the first export of the same format"


def reexport(fmt: str) -> Definition:
    """Return the figure of exporting *fmt* again with nothing changed."""
    return Definition(
        f"re-export to {fmt}, nothing changed",
        floor=REEXPORT_FLOOR,
        limit=0.2,
        condition="0 files rewritten",
    )


def load_figures(corpus: Path, files: list[Path], runs: int, progress: Progress) -> list[Result]:
    """Time loading and validating the corpus, and the report of an invalid file."""
    # The floor builds the model objects without checking them, which no public function
    # does: casebook's converter is imported here, at use, for that alone.
    from casebook.format import convert  # noqa: PLC0415

    def load() -> None:
        book = casebook.load(plugins_dir=corpus, disable=SITES)
        assert len(book) == len(files), [f.error for f in book.failures][:1]

    def floor() -> None:
        for path in files:
            convert.from_data(json.loads(path.read_bytes()), casebook.CaseStudy)

    progress.start(LOAD)
    load()  # builds the validators once, as a long-running process would
    times, floor_times = paired_samples(load, floor, runs)
    loaded = Result(LOAD, times, floor_times, f"N = {len(files):,}")
    return [progress.done(loaded), report_figure(corpus, files[0], runs * 20, progress)]


def report_figure(folder: Path, valid: Path, runs: int, progress: Progress) -> Result:
    """Time validating one invalid case study against the same one valid."""
    progress.start(REPORT)
    data = json.loads(valid.read_bytes())
    data["id"] = "Not a slug"
    data["colour"] = "red"
    data["initiatives"][0]["status"] = "done"
    data["outcomes"][0]["cites"] = ["nowhere"]
    data["last_reviewed"] = "2017-02-30"
    planted = ["/id", "/colour", "/initiatives/0/status", "/outcomes/0/cites", "/last_reviewed"]
    invalid = folder / "invalid.json"
    invalid.write_text(json.dumps(data), "utf-8")
    try:
        casebook.validate_files([invalid])
    except casebook.ValidationError as exc:
        pointers = [problem.pointer for problem in exc.problems]
    else:
        pointers = []
    found = all(any(p.startswith(place) for p in pointers) for place in planted)

    def check(path: Path) -> None:
        with contextlib.suppress(casebook.ValidationError):
            casebook.validate_files([path])

    times, floor_times = paired_samples(lambda: check(invalid), lambda: check(valid), runs)
    invalid.unlink()
    detail = f"{len(planted)} problems planted, {len(pointers)} reported"
    return progress.done(Result(REPORT, times, floor_times, detail, condition_met=found))


def compile_installed_modules() -> None:
    """Compile casebook's and its plugins' modules to bytecode, as installing a wheel does.

    An editable install (``pip install -e``) leaves bytecode to be written on first import, and
    not at all under ``PYTHONDONTWRITEBYTECODE``; the floor's packages were compiled by pip. So
    the start-up figures measure casebook as a user's installation runs it.
    """
    plugins = importlib.metadata.entry_points(group="casebook")
    for name in ["casebook", *(e.value.split(":")[0].strip() for e in plugins)]:
        spec = importlib.util.find_spec(name)
        for folder in (spec and spec.submodule_search_locations) or ():
            compileall.compile_dir(folder, quiet=1)


def startup_figures(runs: int, progress: Progress) -> list[Result]:
    """Time the command's start: --version and list."""
    compile_installed_modules()
    floor_args = ["-c", "import pluggy, attrs"]
    floor = command([sys.executable, *floor_args])
    results = []
    for definition, args in ((VERSION, ["--version"]), (LISTING, ["list"])):
        progress.start(definition)
        measured = command([str(BIN / "casebook"), *args])
        floor()
        measured()  # warm the file cache, and casebook's caches as any earlier command would
        detail = import_split([str(BIN / "casebook"), *args], floor_args, args == ["list"])
        result = Result(definition, *paired_samples(measured, floor, runs), detail)
        results.append(progress.done(result))
    return results


def export_figures(corpus: Path, runs: int, progress: Progress) -> list[Result]:
    """Time each export format, first and again with nothing changed."""
    book = casebook.load(plugins_dir=corpus, disable=SITES)
    results = []
    for fmt, definition in EXPORTS.items():
        work = Path(tempfile.mkdtemp(prefix="casebook-bench-"))
        progress.start(definition)
        first, floor = first_export(book, fmt, work, runs)
        exporter = book.exporters[fmt]()
        render = statistics.median(samples(functools.partial(exporter.export, book), runs))
        floor_median = statistics.median(floor)
        detail = f"N = {len(book):,}; rendering alone {render * 1000:.0f} ms, "
        detail += f"{render / floor_median:.2f}x the floor"
        if fmt == "markdown":
            detail += markdown_parts(book, runs)
        if fmt == "csv":
            joining = statistics.median(samples(csv_joining(book), runs))
            detail += f"; only joining its cells {joining * 1000:.0f} ms, "
            detail += f"{joining / floor_median:.2f}x the floor"
        writing = statistics.median(write_alone(book, fmt, work, runs))
        detail += f"; writing alone {writing * 1000:.0f} ms, "
        detail += f"{writing / floor_median:.2f}x the floor"
        results.append(progress.done(Result(definition, first, floor, detail)))
        again = reexport(fmt)
        progress.start(again)
        times, rewritten = export_again(book, fmt, work / "again", runs)
        shown = f"{rewritten} files rewritten"
        results.append(progress.done(Result(again, times, first, shown, rewritten == 0)))
        shutil.rmtree(work, ignore_errors=True)
        os.sync()
        time.sleep(2)  # let the deletions' discards finish before the next format is timed
    return results


def markdown_parts(book: casebook.Casebook, runs: int) -> str:
    """Return the medians of the Markdown rendering's parts: page models, site pages, index."""
    from casebook.export import markdown, pages  # noqa: PLC0415 - casebook's own renderer

    areas = pages.area_titles(book.frameworks.values())
    cases = list(book.values())

    def models() -> None:
        for case in cases:
            pages.case_page(case, areas)

    def site_pages() -> None:
        for case in cases:
            markdown.site_page(case, areas).encode()

    model, site, index = (
        statistics.median(samples(part, runs))
        for part in (models, site_pages, functools.partial(markdown.index_page, book))
    )
    return (
        f", of which the page models {model * 1000:.0f} ms, writing them as Markdown "
        f"{(site - model) * 1000:.0f} ms, the index {index * 1000:.0f} ms"
    )


def csv_joining(book: casebook.Casebook) -> Callable[[], Any]:
    """Return the least work of any CSV rendering in Python: joining cells already in hand.

    The cells are the export's own, read back from its output beforehand, so the function
    looks nothing up, escapes and quotes nothing, and only joins each row and the rows.
    """
    text = book.exporters["csv"]().export(book)["outcomes.csv"].decode("utf-8")
    rows = [tuple(row) for row in csv.reader(io.StringIO(text, newline=""))]

    def join() -> None:
        "".join([",".join(row) + "\r\n" for row in rows]).encode("utf-8")

    return join


def write_alone(book: casebook.Casebook, fmt: str, work: Path, runs: int) -> list[float]:
    """Return the times of writing *fmt*'s rendered files through casebook's writer alone."""
    from casebook.export.writer import write_files  # noqa: PLC0415 - the export's writer

    files = dict(book.exporters[fmt]().export(book))
    counter = iter(range(10**6))
    return samples(lambda: write_files(files, work / f"written-{next(counter)}", fmt), runs)


def first_export(
    book: casebook.Casebook, fmt: str, work: Path, runs: int
) -> tuple[list[float], list[float]]:
    """Return the times of exporting *fmt* into new folders, and of writing the same bytes."""
    files = dict(book.exporters[fmt]().export(book))
    counter = iter(range(10**6))

    def export() -> None:
        casebook.exporting.export(book, fmt, work / f"first-{next(counter)}")

    def plain() -> None:
        root = work / f"plain-{next(counter)}"
        for name, content in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as handle:
                handle.write(content)

    # Each run starts with the previous runs' files on disk, so that none pays for writing
    # back another's. They are deleted only after the last run: on a file system mounted with
    # "discard", deleting thousands of files slows the next writes.
    return paired_samples(export, plain, runs, os.sync)


def export_again(
    book: casebook.Casebook, fmt: str, target: Path, runs: int
) -> tuple[list[float], int]:
    """Return the times of exporting *fmt* again into *target*, and the most files rewritten."""
    casebook.exporting.export(book, fmt, target)
    rewritten: list[int] = []

    def again() -> None:
        rewritten.append(len(casebook.exporting.export(book, fmt, target).written))

    return samples(again, runs), max(rewritten)


def import_split(args: list[str], floor_args: list[str], plugins: bool) -> str:
    """Return what a command imports beyond the floor, in milliseconds by where it comes from.

    Python's own account (``-X importtime``) of each module's import, in one run of each
    command: the modules the floor imports too are left out, and the rest are summed for
    casebook and for everything else (the standard library and other packages, the largest
    named). That account leaves out modules imported by :func:`importlib.import_module`, as
    entry points are loaded, though not what they import in turn; so where the command loads
    *plugins*, their import is timed on its own, in a fresh process that has imported casebook
    first.
    """
    floor = _import_times(floor_args)
    found = 0.0
    others: dict[str, float] = {}
    for module, micros in _import_times(args).items():
        if module in floor:
            continue
        root = module.split(".")[0]
        if root == "casebook":
            found += micros / 1000
        else:
            others[root] = others.get(root, 0.0) + micros / 1000
    largest = ", ".join(sorted(others, key=others.__getitem__, reverse=True)[:3])
    plugin_time = f", importing its plugins {_plugin_import_ms():.1f} ms" if plugins else ""
    return (
        f"imports beyond the floor's: casebook's modules {found:.1f} ms, others' "
        f"{sum(others.values()):.1f} ms" + (f" (most: {largest})" if largest else "") + plugin_time
    )


_LOAD_PLUGINS = """
import time
import casebook.api
from casebook.plugins import entrypoints
found = entrypoints.find("casebook")
start = time.perf_counter()
for entry_point in found:
    entry_point.load()
print(time.perf_counter() - start)
"""


def _plugin_import_ms(runs: int = 5) -> float:
    """Return the median time, in milliseconds, of importing every installed plugin."""
    times = [
        float(
            subprocess.run(
                [sys.executable, "-c", _LOAD_PLUGINS], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(runs)
    ]
    return statistics.median(times) * 1000


def _import_times(args: list[str]) -> dict[str, float]:
    """Return each module a command imports, with its own import time in microseconds."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *args], capture_output=True, text=True, check=True
    )
    times = {}
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line and "self [us]" not in line:
            own, _, name = line.removeprefix("import time:").split("|")
            times[name.strip()] = float(own)
    return times
