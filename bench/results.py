"""What a figure is, what one run of it measured, and the results file written from them.

Every line of ``bench/RESULTS.md`` comes from here: a :class:`Definition` carries a figure's
floor, its target and, for a figure that may miss, what the floor leaves out (a cause that
stays true whatever the number); a :class:`Result` holds the times one run measured. Nothing
is written by hand, so the next run can never delete an explanation.

This module imports nothing of casebook's and nothing from its neighbours, so a test can load
it alone.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from pathlib import Path

import attrs


@attrs.frozen
class Definition:
    """One figure of the benchmark, as data.

    :param title: what is measured, shown as the figure's name.
    :param floor: what the figure is divided by, measured in the same run; ``""`` for none.
    :param limit: the largest ratio (or, without a floor, nothing) that passes; ``None`` for
        no ratio target.
    :param condition: what must also hold for the figure to pass (``"0 files rewritten"``);
        ``""`` for nothing.
    :param leaves_out: for a figure that may miss, the work the measured side does and the
        floor does not: the known cause of the gap, stated so that it holds at any ratio.
    """

    title: str
    floor: str = ""
    limit: float | None = None
    condition: str = ""
    leaves_out: str = ""

    @property
    def target(self) -> str:
        """Return the target as text, e.g. ``<= 0.2x, 0 files rewritten``; ``-`` for none."""
        parts = [f"<= {self.limit:g}x"] if self.limit is not None else []
        if self.condition:
            parts.append(self.condition)
        return ", ".join(parts) or "-"


@attrs.frozen
class Result:
    """What one run measured for a figure.

    :param times: the measured side's time of each run, in seconds.
    :param floor_times: the floor's time of each run, in seconds; empty without a floor.
    :param detail: what this run observed beside the time (``documents read: ...``).
    :param condition_met: whether :attr:`Definition.condition` held; ``None`` if it has none.
    """

    definition: Definition
    times: Sequence[float]
    floor_times: Sequence[float] = ()
    detail: str = ""
    condition_met: bool | None = None

    def __attrs_post_init__(self) -> None:
        if not self.times:
            raise ValueError(f"{self.definition.title}: no time was measured")
        if bool(self.definition.floor) != bool(self.floor_times):
            raise ValueError(f"{self.definition.title}: a floor needs floor times, and only it")
        if bool(self.definition.condition) != (self.condition_met is not None):
            raise ValueError(f"{self.definition.title}: a condition needs its outcome, and only it")

    @property
    def median(self) -> float:
        """Return the median of the measured times."""
        return statistics.median(self.times)

    @property
    def floor(self) -> float | None:
        """Return the median of the floor's times, or ``None`` without a floor."""
        return statistics.median(self.floor_times) if self.floor_times else None

    @property
    def ratio(self) -> float | None:
        """Return median / floor median, or ``None`` without a floor."""
        return None if self.floor is None else self.median / self.floor

    @property
    def verdict(self) -> str:
        """Return ``pass``, ``MISS`` or ``-`` (no target)."""
        limit = self.definition.limit
        if limit is None and self.condition_met is None:
            return "-"
        within = limit is None or (self.ratio is not None and self.ratio <= limit)
        return "pass" if within and self.condition_met is not False else "MISS"


@attrs.frozen
class RunInfo:
    """How the run was made: shown at the top of the results."""

    machine: str
    command: str
    date: str
    scale: str


def milliseconds(seconds: float | None) -> str:
    """Format a time for the table."""
    return "-" if seconds is None else f"{seconds * 1000:.1f} ms"


def ratio_text(ratio: float | None) -> str:
    """Format a ratio: two decimals, three below 1x so small ratios keep a digit."""
    if ratio is None:
        return "-"
    return f"{ratio:.2f}x" if ratio >= 1 else f"{ratio:.3f}x"


def result_line(result: Result) -> str:
    """Return the one-line summary of a result, as the progress shows it."""
    line = (
        f"{result.definition.title}: median {milliseconds(result.median)} "
        f"(min {milliseconds(min(result.times))}, max {milliseconds(max(result.times))}, "
        f"runs: {len(result.times)})"
    )
    if result.ratio is not None:
        line += f", {ratio_text(result.ratio)} the floor"
    return f"{line}; target {result.definition.target}: {result.verdict}"


def render(results: Sequence[Result], info: RunInfo) -> str:
    """Return the whole results file for *results*, as Markdown."""
    missed = [r for r in results if r.verdict == "MISS"]
    lines = [
        "# Benchmark results",
        "",
        "Written by `bench/run.py` from the figures it measured; do not edit by hand.",
        "",
        f"- Machine: {info.machine}",
        f"- Command: `{info.command}`",
        f"- Date: {info.date}",
        f"- Scale: {info.scale}",
        f"- Figures: {len(results)}; targets missed: {len(missed)}"
        + (" (" + "; ".join(r.definition.title for r in missed) + ")" if missed else ""),
        "",
        "Times are the median, min and max over the runs of each figure; the ratio is the",
        "median over the floor's median, measured in turns with it in the same run.",
        "",
        "| figure | runs | median | min | max | floor | ratio | target | result |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        name = f"{r.definition.title} ({r.detail})" if r.detail else r.definition.title
        cells = (
            name, str(len(r.times)), milliseconds(r.median), milliseconds(min(r.times)),
            milliseconds(max(r.times)), milliseconds(r.floor), ratio_text(r.ratio),
            r.definition.target, f"**{r.verdict}**" if r.verdict == "MISS" else r.verdict,
        )  # fmt: skip
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    lines += ["", "## What each figure measures", ""]
    for r in results:
        d = r.definition
        text = f"- **{d.title}**: floor: {d.floor or 'none'}; target: {d.target}."
        if d.leaves_out:
            text += f" What the floor leaves out: {d.leaves_out}"
        lines.append(text)
    return "\n".join(lines) + "\n"


def write(path: Path, results: Sequence[Result], info: RunInfo) -> str:
    """Replace *path* with the results file for *results*; return the text written."""
    text = render(results, info)
    path.write_text(text, "utf-8")
    return text
