"""Build events: write the generated pages; say which documents a data change makes stale."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from sphinx.util import logging

from casebook.exporting import write_files

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from casebook.sphinx.domain import CasebookDomain

from casebook.sphinx.pages import generated_pages
from casebook.sphinx.review import review_hashes
from casebook.sphinx.state import ANY_SITE, book_for, data_hashes, forget_book

logger = logging.getLogger("casebook.sphinx")


def on_builder_inited(app: Sphinx) -> None:
    """Write the generated pages, touching only those whose text changed."""
    forget_book(app.env)
    book = book_for(app.env)
    folder = Path(app.srcdir) / app.config.casebook_output_dir
    result = write_files(generated_pages(book), folder, owner="casebook.sphinx")
    if result.written or result.removed:
        logger.info(
            "casebook: %d pages written, %d removed", len(result.written), len(result.removed)
        )


def on_env_get_outdated(
    _app: Sphinx,
    env: BuildEnvironment,
    added: set[str],
    changed: set[str],
    removed: set[str],
) -> list[str]:
    """Return the documents whose case studies changed since the last build."""
    domain = cast("CasebookDomain", env.get_domain("casebook"))
    book = book_for(env)
    new = {**data_hashes(book), **review_hashes(book, env.config)}
    old = domain.data["hashes"]
    stale = {key for key in new.keys() | old.keys() if new.get(key) != old.get(key)}
    domain.data["hashes"] = new
    if not stale:
        return []
    # A page that shows every site records "table:*" (say): stale when any "table:ID" is.
    stale |= {key.rpartition(":")[0] + ":" + ANY_SITE for key in stale if ":" in key}
    outdated = {docname for docname, depends in domain.data["deps"].items() if depends & stale}
    return sorted(outdated - added - changed - removed)


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    """Remove the HTML pages of generated documents that no longer exist.

    Sphinx never deletes the output of a page whose source is gone, so a site removed from the
    data would keep its old page on the published site. The extension owns its output folder,
    so every HTML page there that no current document builds is removed: the output then equals
    a fresh build's, even after a build that was killed part-way.
    """
    builder = app.builder
    if exception is not None or builder.format != "html":
        return
    folder = app.config.casebook_output_dir
    outdir = Path(app.outdir)
    built = set()
    for docname in app.env.found_docs:
        if docname.startswith(folder + "/"):
            uri = builder.get_target_uri(docname)
            built.add(outdir / (uri + "index.html" if uri.endswith("/") else uri))
    root = outdir / folder
    if not root.is_dir():
        return
    for page in root.rglob("*.html"):
        if page not in built:
            page.unlink()
            logger.info("casebook: removed %s, whose page is no longer generated", page)
