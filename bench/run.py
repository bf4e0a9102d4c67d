"""casebook's benchmark: each figure as a ratio against a floor measured in the same run.

Usage (from the repository root, after ``bash scripts/setup.sh``)::

    .venv/bin/python bench/run.py            # N = 10,000 case studies, Sphinx at 100 and 1,000
    .venv/bin/python bench/run.py --quick    # small N, so CI keeps the benchmark code working

It writes ``bench/RESULTS.md`` (with ``--quick``, ``bench/RESULTS-quick.md``): a table of each
figure's median, its floor, the ratio, the target and whether it passed, and the machine. The
quick run asserts no timings; absolute times vary between machines, ratios much less.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import write_corpus  # noqa: E402

import casebook  # noqa: E402
from casebook import exporting, model  # noqa: E402
from casebook.format import convert, validation  # noqa: E402
from casebook.plugins import entrypoints  # noqa: E402

#: The installed site plugins, disabled so that a corpus of N holds exactly N case studies.
SITES = [
    "harrogate-rural-district",
    "leicestershire-rutland",
    "north-east-hampshire-farnham",
    "salford-together",
    "tower-hamlets-together",
]
BIN = Path(sys.executable).parent


@attrs.define
class Figure:
    """One line of the results table."""

    name: str
    median: float
    floor: float | None
    target: str
    limit: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        """Return median / floor, or ``None`` without a floor."""
        return None if not self.floor else self.median / self.floor

    @property
    def passed(self) -> str:
        """Return ``yes``, ``no`` or ``-`` (no target)."""
        if self.limit is None:
            return "-"
        value = self.ratio if self.floor else self.median
        return "yes" if value is not None and value <= self.limit else "no"


def median_time(action: Callable[[], Any], runs: int) -> float:
    """Return the median wall time of *action* over *runs* runs."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def paired_medians(
    measured: Callable[[], Any],
    floor: Callable[[], Any],
    runs: int,
    before_each: Callable[[], Any] = lambda: None,
) -> tuple[float, float]:
    """Return the median times of *measured* and *floor*, run in turns.

    Taking turns makes both see the same machine: on a shared machine, or with the disk busy
    writing back an earlier run's files, conditions drift over a benchmark, and timing all runs
    of one before all runs of the other turned that drift into a false ratio. *before_each*
    runs untimed before every timed run.
    """
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for action, found in ((measured, times[0]), (floor, times[1])):
            before_each()
            start = time.perf_counter()
            action()
            found.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def command(args: list[str]) -> Callable[[], None]:
    """Return an action that runs a command, started fresh each time."""

    def once() -> None:
        subprocess.run(args, check=True, capture_output=True)

    return once


def bench_load(corpus: Path, files: list[Path], runs: int) -> list[Figure]:
    """Time loading and validating the corpus, and the report of an invalid file."""

    def load() -> None:
        book = casebook.load(plugins_dir=corpus, disable=SITES)
        assert len(book) == len(files), [f.error for f in book.failures][:1]

    def floor() -> None:
        for path in files:
            convert.from_data(json.loads(path.read_bytes()), model.CaseStudy)

    load()  # builds the validators once, as a long-running process would
    measured = Figure(
        f"load + validate N = {len(files):,}", *paired_medians(load, floor, runs),
        "<= 3x", 3.0, "floor: json.loads + building the attrs objects",
    )  # fmt: skip

    valid = json.loads(files[0].read_bytes())
    invalid = json.loads(files[0].read_bytes())
    invalid["id"] = "Not a slug"
    invalid["colour"] = "red"
    invalid["initiatives"][0]["status"] = "done"
    invalid["outcomes"][0]["cites"] = ["nowhere"]
    invalid["last_reviewed"] = "2017-02-30"
    problems = validation.check_case_study(invalid, "x", None)
    report = Figure(
        f"validate one invalid case study ({len(problems)} problems reported)",
        median_time(lambda: validation.check_case_study(invalid, "x", None), runs * 20),
        median_time(lambda: validation.check_case_study(valid, "x", None), runs * 20),
        "reported",
    )  # fmt: skip
    return [measured, report]


def compile_installed_modules() -> None:
    """Compile casebook's and its plugins' modules to bytecode, as installing a wheel does.

    An editable install (``pip install -e``) leaves bytecode to be written on first import, and
    not at all under ``PYTHONDONTWRITEBYTECODE``; the floor's packages were compiled by pip. So
    the start-up figures measure casebook as a user's installation runs it.
    """
    packages = ["casebook", *(e.value.split(":")[0] for e in entrypoints.find("casebook"))]
    for name in packages:
        spec = importlib.util.find_spec(name.strip())
        for folder in (spec and spec.submodule_search_locations) or ():
            compileall.compile_dir(folder, quiet=1)


def bench_startup(runs: int) -> list[Figure]:
    """Time the command's start: --version and list."""
    compile_installed_modules()
    floor = command([sys.executable, "-c", "import pluggy, attrs"])
    version = command([str(BIN / "casebook"), "--version"])
    listing = command([str(BIN / "casebook"), "list"])
    for action in (floor, version, listing):
        action()  # warm the file cache, and casebook's caches as any earlier command would
    version_time, version_floor = paired_medians(version, floor, runs)
    listing_time, listing_floor = paired_medians(listing, floor, runs)
    return [
        Figure("`casebook --version`, cold", version_time, version_floor, "<= 1.3x", 1.3,
               "floor: python -c 'import pluggy, attrs'"),
        Figure("`casebook list`, the five sites", listing_time, listing_floor, "<= 2x", 2.0,
               "floor: python -c 'import pluggy, attrs'"),
    ]  # fmt: skip


def bench_export(corpus: Path, runs: int) -> list[Figure]:
    """Time each export format, first and again with nothing changed."""
    book = casebook.load(plugins_dir=corpus, disable=SITES)
    figures = []
    for fmt in ("json", "markdown", "csv"):
        files = dict(book.exporters[fmt]().export(book))
        work = Path(tempfile.mkdtemp(prefix="casebook-bench-"))
        counter = iter(range(10**6))

        def first(fmt: str = fmt, work: Path = work, counter: Any = counter) -> None:
            exporting.export(book, fmt, work / f"first-{next(counter)}")

        def plain(
            files: dict[str, bytes] = files, work: Path = work, counter: Any = counter
        ) -> None:
            root = work / f"plain-{next(counter)}"
            for name, content in files.items():
                path = root / name
                path.parent.mkdir(parents=True, exist_ok=True)
                with path.open("wb") as handle:
                    handle.write(content)

        def settle() -> None:
            # Each run starts with the previous runs' files on disk, so that none pays for
            # writing back another's. They are deleted only after the last run: on a file
            # system mounted with "discard", deleting thousands of files slows the next writes.
            os.sync()

        first_time, plain_time = paired_medians(first, plain, runs, settle)
        figures.append(Figure(
            f"export to {fmt}, N = {len(book):,}", first_time, plain_time,
            "<= 2x", 2.0, "floor: writing the same bytes with open().write()",
        ))  # fmt: skip
        target = work / "again"
        exporting.export(book, fmt, target)
        rewritten: list[int] = []

        def again(fmt: str = fmt, target: Path = target, rewritten: list[int] = rewritten) -> None:
            rewritten.append(len(exporting.export(book, fmt, target).written))

        figures.append(Figure(
            f"re-export to {fmt}, nothing changed ({max(rewritten or [0])} files rewritten)",
            median_time(again, runs), first_time, "<= 0.2x, 0 rewritten", 0.2,
            "floor: the first export",
        ))  # fmt: skip
        if max(rewritten) != 0:
            figures[-1].limit = -1.0  # rewriting anything fails the figure
        shutil.rmtree(work, ignore_errors=True)
        os.sync()
        time.sleep(2)  # let the deletions' discards finish before the next format is timed
    return figures


def sphinx_project(root: Path, count: int, *, static: bool) -> tuple[Path, dict[str, str]]:
    """Make a Sphinx project of *count* sites: with the extension, or as static reST pages."""
    plugin = root / "plugin"
    write_corpus(plugin, count)
    env = {**os.environ, "CASEBOOK_PLUGINS_DIR": str(plugin)}
    src = root / "src"
    src.mkdir()
    # The root toctree as sphinx-quickstart writes it (maxdepth 2), so that the home page lists
    # the groups of sites rather than every section of every site.
    index = "Benchmark\n=========\n\n.. toctree::\n   :maxdepth: 2\n\n   casebook/index\n"
    (src / "index.rst").write_text(index)
    if static:
        env["CASEBOOK_DISABLE_PLUGINS"] = ",".join(SITES)
        book = casebook.load(plugins_dir=plugin, disable=SITES)
        exporting.write_files(dict(book.exporters["sphinx"]().export(book)), src / "casebook")
        (src / "conf.py").write_text('project = "bench"\n')
    else:
        conf = 'project = "bench"\nextensions = ["casebook.sphinx"]\n'
        conf += f"casebook_disable_plugins = {SITES!r}\n"
        (src / "conf.py").write_text(conf)
    return src, env


def sphinx_build(src: Path, env: dict[str, str]) -> dict[str, Any]:
    """Run one Sphinx build in its own process; return its time and the documents read."""
    result = subprocess.run(
        [sys.executable, str(HERE / "sphinx_build.py"), str(src), str(src.parent / "out")],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    return json.loads(result.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def bench_sphinx(small: int, large: int) -> list[Figure]:
    """Time full, empty and one-change Sphinx builds, and the static floor."""
    work = Path(tempfile.mkdtemp(prefix="casebook-bench-sphinx-"))
    src, env = sphinx_project(work / "ext-large", large, static=False)
    full = sphinx_build(src, env)
    noop = sphinx_build(src, env)
    changed_file = sorted((work / "ext-large/plugin/corpus").glob("*.json"))[large // 2]
    data = json.loads(changed_file.read_text())
    data["summary"]["text"] += " Changed."  # shown on the site's page only
    changed_file.write_text(json.dumps(data))
    text_only = sphinx_build(src, env)
    for initiative in data["initiatives"]:  # changes the site's cells in the comparisons
        initiative["status"] = "planned"
    for outcome in data["outcomes"]:
        outcome.pop("initiative", None)
    changed_file.write_text(json.dumps(data))
    one = sphinx_build(src, env)
    data["name"] += " (renamed)"  # shown on every page about all sites
    changed_file.write_text(json.dumps(data))
    renamed = sphinx_build(src, env)
    static_src, static_env = sphinx_project(work / "static-large", large, static=True)
    static = sphinx_build(static_src, static_env)
    small_src, small_env = sphinx_project(work / "ext-small", small, static=False)
    small_builds = []
    for _ in range(3):  # a small build is short: its median steadies the per-page figure
        shutil.rmtree(small_src.parent / "out", ignore_errors=True)
        small_builds.append(sphinx_build(small_src, small_env)["seconds"])
    small_full = {"seconds": statistics.median(small_builds)}
    shutil.rmtree(work, ignore_errors=True)
    per_page_large = full["seconds"] / large
    per_page_small = small_full["seconds"] / small
    return [
        Figure(f"Sphinx full build, N = {large:,} sites", full["seconds"], static["seconds"],
               "<= 1.2x", 1.2,
               "floor: the sphinx exporter's static reST of the same sites, in a bare project"),
        Figure(f"Sphinx per-page cost, N = {large:,} vs N = {small:,}", per_page_large,
               per_page_small, "<= 1.3x", 1.3, "linear growth would be 1x"),
        Figure(f"Sphinx rebuild, nothing changed ({len(noop['read'])} documents read)",
               noop["seconds"], None, "0 documents read", None,
               "pass: " + ("yes" if not noop["read"] else "no")),
        Figure(f"Sphinx rebuild after one site's summary changed "
               f"(read: {', '.join(text_only['read'])})",
               text_only["seconds"], full["seconds"], "<= 0.1x", 0.1,
               "floor: the full build; no page about all sites shows a summary"),
        Figure(f"Sphinx rebuild after one site's evidence changed "
               f"(read: {', '.join(one['read'])})",
               one["seconds"], full["seconds"], "<= 0.1x", 0.1,
               "floor: the full build; the comparisons of the frameworks whose cells changed"),
        Figure(f"Sphinx rebuild after one site was renamed "
               f"(read: {', '.join(renamed['read'])})",
               renamed["seconds"], full["seconds"], "<= 0.1x", 0.1,
               "floor: the full build; every page about all sites shows the name"),
    ]  # fmt: skip


def machine() -> str:
    """Describe this machine for the results."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
        memory_text = f"{int(memory) / 2**20:.0f} GiB"
    except OSError:
        memory_text = "unknown"
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, "
        f"{memory_text} memory; Python {platform.python_version()}; casebook "
        f"{casebook.__version__}"
    )


#: Why a figure can miss its target, and what it would take; printed for each figure missed.
WHY = {
    "load + validate": (
        "Beyond the floor's parse and construction, loading reads each file, hashes it and "
        "looks the hash up in the log of files that passed (a file not in the log is validated "
        "too), and registers each case study with its plugin. The figure moves with the "
        "file-system cache and the machine's other load. What it would take: reading one file "
        "per plugin folder instead of one per case study."
    ),
    "`casebook list`": (
        "The floor imports two packages. Listing also imports argparse, hashlib and casebook's "
        "own modules, of which the model is the largest (attrs compiles the generated methods "
        "of its 13 classes at import, about 10 ms), and reads eight cached data files. Runs "
        "this session measured 1.76x to 2.06x. What it would take: fewer imports on this path, "
        "for example listing from a prebuilt index without building the model objects."
    ),
    "export to markdown": (
        "The floor writes bytes that are already rendered. Rendering a Markdown page escapes "
        "about 200 text fields per site in Python (one regular-expression substitution each) "
        "and builds its tables; the writing itself is within the target. What it would take: "
        "rendering in compiled code, or rendering sites in parallel on both cores."
    ),
    "export to json": (
        "Encoding is compiled (orjson); what remains beyond the floor is turning the objects "
        "back into data in Python and staging each file before moving it into place. What it "
        "would take: a generated (rather than generic) converter per model class."
    ),
    "export to csv": (
        "The whole export is one file of 30,000 rows, which the floor writes in a few "
        "milliseconds; the csv module's compiled writer alone takes several times that (about "
        "5 microseconds a row) before any row is built. No export that renders rows can come "
        "within 2x of writing one file. What it would take: caching each site's rows."
    ),
    "Sphinx per-page cost": (
        "Sphinx resolves each page's navigation from the whole toctree, every site included, "
        "before pruning it to what is shown, so some work per page grows with N even though "
        "the navigation shown (a group of at most 50 sites and the list of groups) barely does; "
        "the search index and the pickled environment grow too. Full runs this session "
        "measured 1.08x to 1.40x. What it would take: site pages outside the global toctree."
    ),
    "Sphinx rebuild after one site's evidence": (
        "An evidence change re-reads the site's page and the comparison of each framework "
        "whose cells it changed; each comparison holds a row per site (1,000 here), and "
        "Sphinx's transforms walk every node of a page it reads. What it would take: "
        "comparisons paged by group of sites, so one change re-reads one page of each."
    ),
    "Sphinx rebuild after one site was renamed": (
        "A name is on every page about all sites: the table of sites, the three comparisons "
        "and the site's group page are read again, each with a row per site, and Sphinx's "
        "transforms walk every node of a page it reads. What it would take: "
        "overview pages paged by group of sites, so a rename re-reads one page of each kind."
    ),
}


def write_results(path: Path, figures: list[Figure], args: argparse.Namespace) -> None:
    """Write the results table as Markdown."""
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {machine()}.",
        "",
        (
            f"Command: `python bench/run.py{' --quick' if args.quick else ''}` "
            f"({args.runs} runs per figure, medians; Sphinx builds once each, the small full "
            "build three times)."
        ),
        "",
        "| figure | median | floor | ratio | target | pass | notes |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for f in figures:
        floor = f"{f.floor * 1000:.1f} ms" if f.floor else "-"
        ratio = "-" if f.ratio is None else f"{f.ratio:.2f}x" if f.ratio >= 1 else f"{f.ratio:.3f}x"
        passed = f.passed if not f.note.startswith("pass:") else f.note.split()[1]
        note = "" if f.note.startswith("pass:") else f.note
        cells = (f.name, f"{f.median * 1000:.1f} ms", floor, ratio, f.target, passed, note)
        lines.append("| " + " | ".join(cells) + " |")
    missed = [f for f in figures if f.passed == "no"]
    if missed:
        lines += ["", "## Targets missed: why, and what it would take", ""]
        for f in missed:
            reason = next((text for key, text in WHY.items() if f.name.startswith(key)), "")
            shown = f"{f.ratio:.2f}x" if (f.ratio or 0) >= 1 else f"{f.ratio:.3f}x"
            lines.append(f"- **{f.name}** ({shown} against {f.target}): {reason}")
    path.write_text("\n".join(lines) + "\n", "utf-8")


def main() -> None:
    """Run every figure and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small N; for CI, no timing asserted")
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (default 5)")
    parser.add_argument("--skip-sphinx", action="store_true", help="leave out the Sphinx figures")
    args = parser.parse_args()
    count = 100 if args.quick else 10_000
    small, large = (10, 30) if args.quick else (100, 1_000)
    work = Path(tempfile.mkdtemp(prefix="casebook-bench-"))
    files = write_corpus(work, count)
    figures = bench_load(work, files, args.runs)
    figures += bench_startup(args.runs * 2)
    figures += bench_export(work, max(3, args.runs // 2))
    if not args.skip_sphinx:
        figures += bench_sphinx(small, large)
    shutil.rmtree(work, ignore_errors=True)
    out = HERE / ("RESULTS-quick.md" if args.quick else "RESULTS.md")
    write_results(out, figures, args)
    print(out.read_text())


if __name__ == "__main__":
    main()
