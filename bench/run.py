"""casebook's benchmark: each figure as a ratio against a floor measured in the same run.

Usage (from the repository root, after ``bash scripts/setup.sh``)::

    .venv/bin/python bench/run.py            # N = 10,000 case studies, Sphinx at 100 and 1,000
    .venv/bin/python bench/run.py --quick    # small N, so CI keeps the benchmark code working
    .venv/bin/python bench/run.py --scale 100000   # only load, validate and 2 exports at scale

It writes ``bench/RESULTS.md`` (``--quick``: ``RESULTS-quick.md``; ``--scale``:
``RESULTS-scale.md``), wholly from what it measured: the machine, the command, and for each
figure the runs, median, min and max, the floor, the ratio, the target and whether it passed;
a peer table setting casebook beside the tools a user would pick instead (ajv-cli,
check-jsonschema, sphinx-needs) and the floors; then what each figure measures and, where a
figure may miss, what its floor leaves out; last, where the Sphinx builds' time goes. While it
runs, each figure is announced on stderr and its result printed when it ends. The quick run
asserts no timings; absolute times vary between machines, ratios much less.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shlex
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import results  # noqa: E402
from core_figures import export_figures, load_figures, startup_figures  # noqa: E402
from corpus import write_corpus  # noqa: E402
from timing import Progress  # noqa: E402
from validate_figures import VALIDATE_FIGURES, validate_figures  # noqa: E402

import casebook  # noqa: E402

#: Figures measured: load and report, start-up (2), exports (3 formats, first and again).
CORE_FIGURES = 2 + 2 + 6
SPHINX_FIGURES = 7


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


def positive(text: str) -> int:
    """Parse a count of at least 1, for argparse."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def parser() -> argparse.ArgumentParser:
    """Return the command-line parser; ``--help`` explains every option."""
    described = argparse.ArgumentParser(
        prog="bench/run.py",
        description=__doc__.split("\n\n")[0],
        epilog="Progress goes to stderr, the results file to stdout as well.",
    )
    described.add_argument(
        "--quick", action="store_true",
        help="small N (100 case studies, Sphinx at 10 and 30 sites) and RESULTS-quick.md; "
        "about a minute, for CI: its timings say little",
    )  # fmt: skip
    described.add_argument(
        "--runs", type=positive, default=5, metavar="N",
        help="timed runs of each figure (default 5; validate's at most 2 with --quick); "
        "start-up figures run 2N times, exports "
        "max(3, N // 2), the invalid-file report 20N; each Sphinx build runs once, the small "
        "project's full build 3 times",
    )  # fmt: skip
    described.add_argument(
        "--count", type=positive, metavar="N",
        help="case studies in the corpus (default 10,000, or 100 with --quick)",
    )  # fmt: skip
    described.add_argument(
        "--scale", type=positive, metavar="N",
        help="measure only loading, validating and the json and csv exports, at N case studies "
        "and at N / 10, each once in a fresh process, and whether they grow linearly in time "
        "and memory; writes RESULTS-scale.md (at 100,000: most of an hour, and 2 GB of disk)",
    )  # fmt: skip
    described.add_argument(
        "--skip-sphinx", action="store_true", help="leave out the Sphinx figures (the slowest)"
    )
    described.add_argument(
        "--output", type=Path, metavar="FILE",
        help="where to write the results (default bench/RESULTS.md, or bench/RESULTS-quick.md "
        "with --quick)",
    )  # fmt: skip
    described.add_argument(
        "--quiet", action="store_true", help="print no progress on stderr, and not the results"
    )
    return described


def command_line(argv: list[str]) -> str:
    """Return the command as the results show it: without an output path of this machine."""
    shown, skip = [], False
    for arg in argv:
        if skip or arg.startswith("--output="):
            skip = False
            continue
        if arg == "--output":
            skip = True
            continue
        shown.append(arg)
    return shlex.join(["python", "bench/run.py", *shown])


def main(argv: list[str] | None = None) -> None:
    """Run every figure and write the results."""
    argv = sys.argv[1:] if argv is None else argv
    args = parser().parse_args(argv)
    if args.scale:
        return at_scale(args, argv)
    count = args.count or (100 if args.quick else 10_000)
    small, large = (10, 30) if args.quick else (100, 1_000)
    total = CORE_FIGURES + VALIDATE_FIGURES + (0 if args.skip_sphinx else SPHINX_FIGURES)
    progress = Progress(args.quiet, total)
    work = Path(tempfile.mkdtemp(prefix="casebook-bench-"))
    appendix: list[str] = []
    try:
        progress.say(f"Writing a corpus of {count:,} case studies ...")
        files = write_corpus(work, count)
        figures = load_figures(work, files, args.runs, progress)
        # The quick form validates twice per command at most: each run starts 3 commands.
        runs = min(args.runs, 2) if args.quick else args.runs
        found, comparisons, appendix = validate_figures(work, files[0].parent, runs, progress)
        figures += found
        figures += startup_figures(args.runs * 2, progress)
        figures += export_figures(work, max(3, args.runs // 2), progress)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if not args.skip_sphinx:
        from sphinx_figures import sphinx_figures  # noqa: PLC0415 - imports Sphinx's helpers

        found, compared, profile = sphinx_figures(small, large, progress)
        appendix += ["", *profile]
        figures += found
        comparisons += compared
    out = args.output or HERE / ("RESULTS-quick.md" if args.quick else "RESULTS.md")
    scale = f"N = {count:,} case studies" + (
        "" if args.skip_sphinx else f"; Sphinx projects of {small:,} and {large:,} sites"
    )
    if args.quick:
        scale += " (the quick form: it keeps the code working, its ratios say little)"
    finish(args, out, run_info(argv, scale), figures, comparisons, appendix)
    return None


def at_scale(args: argparse.Namespace, argv: list[str]) -> None:
    """Run the scale figures alone and write their results."""
    from scale import SCALE_FIGURES, scale_figures  # noqa: PLC0415

    progress = Progress(args.quiet, SCALE_FIGURES)
    work = Path(tempfile.mkdtemp(prefix="casebook-bench-scale-"))
    try:
        figures = scale_figures(work, args.scale, progress)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    out = args.output or HERE / "RESULTS-scale.md"
    scale = f"N = {args.scale:,} and N = {max(1, args.scale // 10):,} case studies, one run each"
    finish(args, out, run_info(argv, scale), figures, [], [])


def run_info(argv: list[str], scale: str) -> results.RunInfo:
    """Return how this run was made, for the top of the results."""
    date = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d")
    return results.RunInfo(machine(), command_line(argv), date, scale)


def finish(
    args: argparse.Namespace,
    out: Path,
    info: results.RunInfo,
    figures: list[results.Result],
    comparisons: list[results.Comparison],
    appendix: list[str],
) -> None:
    """Write the results file, and print it unless quiet."""
    text = results.write(out, figures, info, comparisons, appendix)
    if not args.quiet:
        print(text, end="")


if __name__ == "__main__":
    main()
