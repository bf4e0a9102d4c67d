"""What a figure is, what one run of it measured, and the results file written from them.

Every line of ``bench/RESULTS.md`` comes from here: a :class:`Definition` carries a figure's
floor, its target and, for a figure that may miss, what the floor leaves out (a cause that
stays true whatever the number); a :class:`Result` holds the times (or peak memories) one run
measured; a :class:`Comparison` sets casebook beside the tools a user would pick instead, for
the peer table. Nothing is written by hand, so the next run can never delete an explanation.

This module imports nothing of casebook's and nothing from its neighbours, so a test can load
it alone.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from pathlib import Path

import attrs

#: How each kind of measured value is shown: seconds as milliseconds, memories in MiB.
UNITS = ("time", "memory")


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
    :param peak_limit: the largest peak memory of the measured side that passes, in MiB;
        ``None`` for no memory target.
    :param measures: ``"time"`` (values in seconds) or ``"memory"`` (values are peak memories
        in MiB, and the ratio is one of memories).
    """

    title: str
    floor: str = ""
    limit: float | None = None
    condition: str = ""
    leaves_out: str = ""
    peak_limit: float | None = None
    measures: str = attrs.field(default="time", validator=attrs.validators.in_(UNITS))

    @property
    def target(self) -> str:
        """Return the target as text, e.g. ``<= 0.2x, 0 files rewritten``; ``-`` for none."""
        parts = [f"<= {self.limit:g}x"] if self.limit is not None else []
        if self.peak_limit is not None:
            parts.append(f"peak <= {self.peak_limit:g} MiB")
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
    :param peak_mib: the measured side's largest peak memory over the runs, in MiB; ``None``
        if not measured.
    """

    definition: Definition
    times: Sequence[float]
    floor_times: Sequence[float] = ()
    detail: str = ""
    condition_met: bool | None = None
    peak_mib: float | None = None

    def __attrs_post_init__(self) -> None:
        if not self.times:
            raise ValueError(f"{self.definition.title}: no time was measured")
        if bool(self.definition.floor) != bool(self.floor_times):
            raise ValueError(f"{self.definition.title}: a floor needs floor times, and only it")
        if bool(self.definition.condition) != (self.condition_met is not None):
            raise ValueError(f"{self.definition.title}: a condition needs its outcome, and only it")
        if self.definition.peak_limit is not None and self.peak_mib is None:
            raise ValueError(f"{self.definition.title}: a memory target needs the peak memory")

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
        limit, peak_limit = self.definition.limit, self.definition.peak_limit
        if limit is None and peak_limit is None and self.condition_met is None:
            return "-"
        within = limit is None or (self.ratio is not None and self.ratio <= limit)
        small = peak_limit is None or (self.peak_mib is not None and self.peak_mib <= peak_limit)
        return "pass" if within and small and self.condition_met is not False else "MISS"

    @property
    def shown_detail(self) -> str:
        """Return what the figure's name shows beside its title: the detail and the peak."""
        peak = "" if self.peak_mib is None else f"peak {self.peak_mib:.0f} MiB"
        return "; ".join(part for part in (self.detail, peak) if part)


@attrs.frozen
class Comparison:
    """One row group of the peer table: casebook's figure beside each peer's.

    :param title: what is compared (``casebook validate, 10,000 files: time``).
    :param casebook: casebook's value: a median time in seconds, or a peak memory in MiB.
    :param peers: each peer's name and its value in the same unit, or, for a peer that could
        not run, the reason it was skipped.
    :param measures: ``"time"`` or ``"memory"``, as in :class:`Definition`.
    """

    title: str
    casebook: float
    peers: Sequence[tuple[str, float | str]]
    measures: str = attrs.field(default="time", validator=attrs.validators.in_(UNITS))

    def rows(self) -> list[tuple[str, ...]]:
        """Return a table row per peer: figure, casebook, peer, the peer's value, the ratio."""
        mine = amount(self.casebook, self.measures)
        return [
            (self.title, mine, name, f"skipped: {value}", "-")
            if isinstance(value, str)
            else (self.title, mine, name, amount(value, self.measures),
                  ratio_text(self.casebook / value if value else None))
            for name, value in self.peers
        ]  # fmt: skip


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


def amount(value: float | None, measures: str) -> str:
    """Format a measured value: a time in seconds as milliseconds, a memory in MiB."""
    if value is None or measures == "time":
        return milliseconds(value)
    return f"{value:.1f} MiB"


def ratio_text(ratio: float | None) -> str:
    """Format a ratio: two decimals, three below 1x so small ratios keep a digit."""
    if ratio is None:
        return "-"
    return f"{ratio:.2f}x" if ratio >= 1 else f"{ratio:.3f}x"


def result_line(result: Result) -> str:
    """Return the one-line summary of a result, as the progress shows it."""
    unit = result.definition.measures
    line = (
        f"{result.definition.title}: median {amount(result.median, unit)} "
        f"(min {amount(min(result.times), unit)}, max {amount(max(result.times), unit)}, "
        f"runs: {len(result.times)})"
    )
    if result.peak_mib is not None:
        line += f", peak {result.peak_mib:.0f} MiB"
    if result.ratio is not None:
        line += f", {ratio_text(result.ratio)} the floor"
    return f"{line}; target {result.definition.target}: {result.verdict}"


def table_row(cells: Sequence[str]) -> str:
    """Return one Markdown table row, with any ``|`` in a cell escaped."""
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def render(
    results: Sequence[Result],
    info: RunInfo,
    comparisons: Sequence[Comparison] = (),
    appendix: Sequence[str] = (),
) -> str:
    """Return the whole results file for *results* and the peer table, as Markdown.

    :param appendix: lines of Markdown measured beside the figures (a profile), shown last.
    """
    missed = [r for r in results if r.verdict == "MISS"]
    skipped = dict.fromkeys(
        f"{name} ({why})" for c in comparisons for name, why in c.peers if isinstance(why, str)
    )
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
        *([f"- Peers skipped: {'; '.join(skipped)}"] if skipped else []),
        "",
        "Times are the median, min and max over the runs of each figure; the ratio is the",
        "median over the floor's median, measured in turns with it in the same run.",
        "",
        "| figure | runs | median | min | max | floor | ratio | target | result |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        detail, unit = r.shown_detail, r.definition.measures
        name = f"{r.definition.title} ({detail})" if detail else r.definition.title
        cells = (
            name, str(len(r.times)), amount(r.median, unit), amount(min(r.times), unit),
            amount(max(r.times), unit), amount(r.floor, unit), ratio_text(r.ratio),
            r.definition.target, f"**{r.verdict}**" if r.verdict == "MISS" else r.verdict,
        )  # fmt: skip
        lines.append(table_row(cells))
    if comparisons:
        lines += [
            "",
            "## casebook against its peers",
            "",
            "The same figures beside the tools a user would pick instead, measured in the same",
            "run on the same files; the ratio is casebook's value over the peer's.",
            "",
            "| figure | casebook | peer | peer's | ratio |",
            "| --- | --- | --- | --- | --- |",
        ]
        lines += [table_row(row) for c in comparisons for row in c.rows()]
    lines += ["", "## What each figure measures", ""]
    for r in results:
        d = r.definition
        text = f"- **{d.title}**: floor: {d.floor or 'none'}; target: {d.target}."
        if d.leaves_out:
            text += f" What the floor leaves out: {d.leaves_out}"
        lines.append(text)
    if appendix:
        lines += ["", *appendix]
    return "\n".join(lines) + "\n"


def write(
    path: Path,
    results: Sequence[Result],
    info: RunInfo,
    comparisons: Sequence[Comparison] = (),
    appendix: Sequence[str] = (),
) -> str:
    """Replace *path* with the results file for *results*; return the text written."""
    text = render(results, info, comparisons, appendix)
    path.write_text(text, "utf-8")
    return text
