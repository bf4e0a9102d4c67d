"""Do one of the scale figures' steps in a process of its own, and print how long it took.

Run by scale.py in a fresh process, so that the process's peak memory is that of the step (and
of the loaded case studies it needs). Usage: python scale_child.py STEP CORPUS OUT, STEP one
of ``load``, ``json``, ``csv``; it prints ``{"seconds": ..., "count": ...}`` for the step
alone, in processor time (loading is not timed in an export's step, though its memory is in
the peak), with ``user_seconds`` and ``system_seconds``: the part of it spent in the process's
own code and in the kernel (files opened, read and written), ``full_collections`` and
``collector_seconds``: how many full collections Python's cycle collector made during the step,
and the processor time they took. An export's
step also gives ``plain_seconds``: the processor time of writing the files it wrote again,
with ``open().write()`` into a folder beside OUT (which is then deleted). Given a fourth
argument, PART, it also gives ``part_seconds``: the processor time of exporting the first
PART case studies again, in the same process, into another folder beside OUT.
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from core_figures import SITES

import casebook
import casebook.exporting


class FullCollections:
    """Count the cycle collector's full collections, and the processor time they take."""

    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        """Note the start or the end of a collection (``gc.callbacks`` calls it)."""
        if info["generation"] != 2:
            return
        if phase == "start":
            self._started = time.process_time()
        else:
            self.count += 1
            self.seconds += time.process_time() - self._started


def main(step: str, corpus: str, out: str, part: str = "") -> None:
    """Run *step* on the plugin folder *corpus*, exporting into *out*."""
    collections = FullCollections()
    gc.callbacks.append(collections)
    start, times = time.process_time(), os.times()
    book = casebook.load(plugins_dir=Path(corpus), disable=SITES)
    if book.failures:
        raise SystemExit(f"bench: {book.failures[0].error}")
    if step != "load":
        collections.count, collections.seconds = 0, 0.0
        start, times = time.process_time(), os.times()
        casebook.exporting.export(book, step, Path(out))
    seconds, ended = time.process_time() - start, os.times()
    report = {"seconds": seconds, "count": len(book), "full_collections": collections.count}
    report["collector_seconds"] = collections.seconds
    report["user_seconds"] = ended.user - times.user
    report["system_seconds"] = ended.system - times.system
    if step != "load":
        report["plain_seconds"] = plain_writes(Path(out), Path(f"{out}-plain"))
    if part:
        some = book.subset(list(book)[: int(part)])
        start = time.process_time()
        casebook.exporting.export(some, step, Path(f"{out}-part"))
        report["part_seconds"] = time.process_time() - start
        shutil.rmtree(f"{out}-part")
    print(json.dumps(report))


def plain_writes(out: Path, plain: Path) -> float:
    """Return the processor time of writing each file in *out* again, into *plain*.

    Each file is read first, untimed, so that only the writing counts, as in the floor of the
    export figures; one file is held at a time.
    """
    total = 0.0
    for path in sorted(path for path in out.rglob("*") if path.is_file()):
        content = path.read_bytes()
        target = plain / path.relative_to(out)
        start = time.process_time()
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as handle:
            handle.write(content)
        total += time.process_time() - start
    shutil.rmtree(plain)
    return total


if __name__ == "__main__":
    main(*sys.argv[1:5])
