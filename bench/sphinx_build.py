"""Build a Sphinx project once and print, as JSON, how long it took and which documents it read.

Run as a separate process by run.py, so every build starts as ``sphinx-build`` would.
Usage: python sphinx_build.py SRCDIR OUTDIR
"""

from __future__ import annotations

import json
import sys
import time

from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace, patch_docutils


def main(srcdir: str, outdir: str) -> None:
    """Build *srcdir* into *outdir* and print ``{"seconds": ..., "read": [...]}``."""
    read: list[str] = []
    start = time.perf_counter()
    with patch_docutils(srcdir), docutils_namespace():
        app = Sphinx(
            srcdir, srcdir, outdir, outdir + "/.doctrees", "html",
            status=None, warning=sys.stderr, parallel=0,
        )  # fmt: skip
        app.connect("env-before-read-docs", lambda _app, _env, docs: read.extend(docs))
        app.build()
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "read": sorted(read), "status": app.statuscode}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
