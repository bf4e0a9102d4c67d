"""Do one of the scale figures' steps in a process of its own, and print how long it took.

Run by scale.py in a fresh process, so that the process's peak memory is that of the step (and
of the loaded case studies it needs). Usage: python scale_child.py STEP CORPUS OUT, STEP one
of ``load``, ``json``, ``csv``; it prints ``{"seconds": ..., "count": ...}`` for the step
alone, in processor time (loading is not timed in an export's step, though its memory is in
the peak).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from core_figures import SITES

import casebook
import casebook.exporting


def main(step: str, corpus: str, out: str) -> None:
    """Run *step* on the plugin folder *corpus*, exporting into *out*."""
    start = time.process_time()
    book = casebook.load(plugins_dir=Path(corpus), disable=SITES)
    if book.failures:
        raise SystemExit(f"bench: {book.failures[0].error}")
    if step != "load":
        start = time.process_time()
        casebook.exporting.export(book, step, Path(out))
    print(json.dumps({"seconds": time.process_time() - start, "count": len(book)}))


if __name__ == "__main__":
    main(*sys.argv[1:4])
