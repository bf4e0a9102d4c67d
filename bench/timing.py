"""Timing helpers and the progress lines the benchmark prints on stderr while it runs."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
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


@attrs.frozen
class Run:
    """One run of a command in a fresh process: its time, its peak memory and what it said.

    :param seconds: wall-clock time from starting the process to reaping it.
    :param peak_mib: the process's largest resident set (its max RSS), in MiB.
    :param code: its exit code.
    :param output: its standard output and standard error, one after the other.
    :param cpu_seconds: the processor time the process used (user and system), which other
        work on a shared machine stretches far less than the wall-clock time.
    """

    seconds: float
    peak_mib: float
    code: int
    output: str
    cpu_seconds: float = 0.0


#: Runs a command (argv[2:]) as its own child, times it, and writes its time and peak memory
#: (KiB) to argv[1]. A child's max RSS is never below its parent's resident memory when it was
#: forked (the kernel counts the copied memory before the exec), so the benchmark, which holds
#: a corpus, starts each command from this small process instead of from itself.
LAUNCHER = """\
import os, sys, time
start = time.perf_counter()
pid = os.posix_spawnp(sys.argv[2], sys.argv[2:], os.environ)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - start
with open(sys.argv[1], "w") as report:
    report.write(f"{seconds} {usage.ru_maxrss} {usage.ru_utime + usage.ru_stime}")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_measured(args: list[str], env: dict[str, str] | None = None) -> Run:
    """Run *args* in a fresh process; return its time and peak memory (``os.wait4``).

    The peak comes from the kernel's accounting of that process, reaped by a small launcher,
    so no sampling can miss a short spike; on Linux ``ru_maxrss`` is in KiB. The time is the
    launcher's, from spawning the command to reaping it: the launcher's own start is not in it.
    """
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "measured"
        launcher = [sys.executable, "-I", "-S", "-c", LAUNCHER, str(report)]
        done = subprocess.run([*launcher, *args], capture_output=True, env=env, check=False)
        try:
            seconds, kib, cpu = report.read_text().split()
        except FileNotFoundError:
            why = done.stderr.decode(errors="replace").strip().splitlines() or ["no output"]
            raise SystemExit(f"bench: could not run {args[0]}: {why[-1]}") from None
    output = (done.stdout + done.stderr).decode("utf-8", "replace")
    return Run(float(seconds), int(kib) / 1024, done.returncode, output, float(cpu))
