"""Build a Sphinx project once and print, as JSON, how long it took and which documents it read.

Run as a separate process by run.py, so every build starts as ``sphinx-build`` would.
Usage: python sphinx_build.py SRCDIR OUTDIR [PROFILE]; with PROFILE, the build runs under
cProfile and its statistics are written there (the time printed is then the profiled one).
Besides the elapsed time it prints the processor time the build took: other work on a shared
machine stretches the one far more than the other.
"""

from __future__ import annotations

import cProfile
import json
import resource
import sys
import time

from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace, patch_docutils


def main(srcdir: str, outdir: str, profile: str = "") -> None:
    """Build *srcdir* into *outdir*; print its times and the documents it read, as JSON."""
    read: list[str] = []
    profiler = cProfile.Profile()
    if profile:
        profiler.enable()
    start, cpu_start = time.perf_counter(), cpu_time()
    with patch_docutils(srcdir), docutils_namespace():
        app = Sphinx(
            srcdir, srcdir, outdir, outdir + "/.doctrees", "html",
            status=None, warning=sys.stderr, parallel=0,
        )  # fmt: skip
        app.connect("env-before-read-docs", lambda _app, _env, docs: read.extend(docs))
        app.build()
    seconds, cpu_seconds = time.perf_counter() - start, cpu_time() - cpu_start
    if profile:
        profiler.disable()
        profiler.dump_stats(profile)
    found = {"seconds": seconds, "cpu_seconds": cpu_seconds, "read": sorted(read)}
    print(json.dumps({**found, "status": app.statuscode}))


def cpu_time() -> float:
    """Return the processor time this process has used so far, in seconds."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    main(*sys.argv[1:4])
