"""Build a Sphinx project once and print, as JSON, how long it took and which documents it read.

Run as a separate process by run.py, so every build starts as ``sphinx-build`` would.
Usage: python sphinx_build.py SRCDIR OUTDIR [PROFILE]; with PROFILE, the build runs under
cProfile and its statistics are written there (the time printed is then the profiled one).
"""

from __future__ import annotations

import cProfile
import json
import sys
import time

from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace, patch_docutils


def main(srcdir: str, outdir: str, profile: str = "") -> None:
    """Build *srcdir* into *outdir* and print ``{"seconds": ..., "read": [...]}``."""
    read: list[str] = []
    profiler = cProfile.Profile()
    if profile:
        profiler.enable()
    start = time.perf_counter()
    with patch_docutils(srcdir), docutils_namespace():
        app = Sphinx(
            srcdir, srcdir, outdir, outdir + "/.doctrees", "html",
            status=None, warning=sys.stderr, parallel=0,
        )  # fmt: skip
        app.connect("env-before-read-docs", lambda _app, _env, docs: read.extend(docs))
        app.build()
    seconds = time.perf_counter() - start
    if profile:
        profiler.disable()
        profiler.dump_stats(profile)
    print(json.dumps({"seconds": seconds, "read": sorted(read), "status": app.statuscode}))


if __name__ == "__main__":
    main(*sys.argv[1:4])
