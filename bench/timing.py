"""Timing helpers and the progress lines the benchmark prints on stderr while it runs."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import attrs
from results import Definition, Result, result_line


@attrs.define
class Progress:
    """Announce each figure on stderr as it starts and print its result line as it ends.

    A full run takes minutes; these lines show it is alive and what it is doing. With
    *quiet*, nothing is printed.
    """

    quiet: bool = False
    total: int = 0
    started: int = 0

    def say(self, text: str) -> None:
        """Print one progress line, unless quiet."""
        if not self.quiet:
            print(text, file=sys.stderr, flush=True)

    def start(self, definition: Definition) -> None:
        """Announce that *definition* is being measured."""
        self.started += 1
        of = f"/{self.total}" if self.total else ""
        self.say(f"[{self.started}{of}] {definition.title} ...")

    def done(self, result: Result) -> Result:
        """Print *result*'s line and return it."""
        self.say(f"    {result_line(result)}")
        return result


def timed(action: Callable[[], Any]) -> float:
    """Return how long one call of *action* took, in seconds."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def samples(action: Callable[[], Any], runs: int) -> list[float]:
    """Return the time of each of *runs* calls of *action*."""
    return [timed(action) for _ in range(runs)]


def paired_samples(
    measured: Callable[[], Any],
    floor: Callable[[], Any],
    runs: int,
    before_each: Callable[[], Any] = lambda: None,
) -> tuple[list[float], list[float]]:
    """Return the times of *measured* and of *floor*, run in turns.

    Taking turns makes both see the same machine: on a shared machine, or with the disk busy
    writing back an earlier run's files, conditions drift over a benchmark, and timing all runs
    of one before all runs of the other turned that drift into a false ratio. *before_each*
    runs untimed before every timed run.
    """
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for action, found in ((measured, times[0]), (floor, times[1])):
            before_each()
            found.append(timed(action))
    return times


def command(args: list[str]) -> Callable[[], None]:
    """Return an action that runs a command, started fresh each time."""

    def once() -> None:
        subprocess.run(args, check=True, capture_output=True)

    return once
