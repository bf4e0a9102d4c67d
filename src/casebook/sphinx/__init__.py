"""Sphinx extension: every installed case study and framework as pages of your documentation.

Add it to a Sphinx project's ``conf.py``::

    extensions = ["casebook.sphinx"]

    casebook_output_dir = "casebook"        # folder (in the source dir) for generated pages
    casebook_sites = []                     # site ids to include; empty means all installed
    casebook_disable_plugins = []           # plugin names not to load
    casebook_max_review_age = "2y"          # flag site pages of records reviewed longer ago
    casebook_today = ""                     # measure review ages from this date (YYYY-MM-DD)

and put ``casebook/index`` in a toctree. At each build the extension writes small pages into
``casebook_output_dir`` (it owns that folder): ``index`` (a table of all sites), ``sites/ID``
per case study (with a notice when its record is past ``casebook_max_review_age``),
``frameworks/ID`` per framework (areas, comparison matrix and an SVG heatmap) and ``coverage``
(what each record holds, and where evidence is thin). Past 50 sites the overviews are paged:
``groups/NNNN`` has the table of 50 sites and ``frameworks/ID/NNNN`` their comparison, so no
page grows with the number of sites but ``coverage``, which has a row per site. Each page is a
title and a directive; the directives build docutils nodes straight from the model
objects, so no case-study text is ever parsed as reStructuredText.

Directives, usable on any page:

``.. casebook:case:: ID``
    One case study: profile, summary, organisations, aims, initiatives, outcomes, challenges,
    discrepancies, and numbered references.
``.. casebook:table::``
    All sites in a table; filter with ``:programme:``, ``:setting:``, ``:area:``, ``:status:``,
    or list the sites to show with ``:sites:`` (ids separated by white space).
``.. casebook:framework:: ID``
    A framework's description, source and areas (cross-reference targets).
``.. casebook:matrix:: ID``
    The comparison of all sites against a framework, with a legend and the gaps; with
    ``:sites:``, only those sites' rows.
``.. casebook:gaps:: ID``
    The legend and the gaps of a comparison, without the matrix.
``.. casebook:heatmap:: ID``
    The same comparison as a picture (SVG, with cell labels, so it reads without colour, and a
    title and description for screen readers). HTML builders show it; LaTeX, text and man
    builders, which cannot show an SVG, get a sentence pointing to the comparison table.
``.. casebook:coverage::``
    Which parts of the format each site's record holds, as a table and an SVG grid, and per
    framework area how many sites have the vanguard's own evidence there.

Roles, for cross-references from any page: ``:casebook:case:`salford-together```,
``:casebook:framework:`kings-fund-2017```, ``:casebook:area:`kings-fund-2017/urgent-care```
and ``:casebook:source:`salford-together/kings-fund-salford-ico```. Every case study, framework
and area is also in the general index and in ``objects.inv``.

Incremental builds: a generated page is rewritten only when its own text changes, and a hash of
each case study's data tells Sphinx which documents a data change makes stale: the site's own
page, and the pages about all sites only if what they show of it changed. A rebuild with
nothing changed reads nothing. The extension is safe for parallel reading and writing.

Case-study text is shown as recorded: Sphinx's smart quotes are kept out of it, and off on the
generated pages altogether (their titles are site and framework names).

Every builder reads the pages: tables give each column the width of its longest cell text (at
most 30 characters, longer text wraps), so ``text`` and ``man`` output lines up and ``latex``,
``singlehtml``, ``dirhtml`` and ``epub`` build too. In HTML, the extension adds a small style
sheet, ``casebook.css``: a wide table (the nine-step London matrix, say) and the heatmap scroll
sideways inside their own box, so the page itself never does, and the heatmap fills the width
of the text but never shrinks below its own size, so its smallest text stays at 10 px.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

#: The extension's style sheet (scrolling boxes for wide tables and the heatmap) lives here.
STATIC = str(Path(__file__).parent / "static")


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the casebook domain, its directives, its configuration values and build hooks."""
    from casebook.sphinx import directives  # noqa: PLC0415
    from casebook.sphinx.coverage import CoverageDirective  # noqa: PLC0415
    from casebook.sphinx.domain import CasebookDomain  # noqa: PLC0415
    from casebook.sphinx.events import (  # noqa: PLC0415
        on_build_finished,
        on_builder_inited,
        on_env_get_outdated,
    )
    from casebook.sphinx.markers import setup_markers  # noqa: PLC0415
    from casebook.sphinx.review import setup_review  # noqa: PLC0415
    from casebook.sphinx.verbatim import GeneratedPagesVerbatim  # noqa: PLC0415

    app.add_config_value("casebook_output_dir", "casebook", "env", types=frozenset({str}))
    app.add_config_value("casebook_sites", [], "env", types=frozenset({list, tuple}))
    app.add_config_value("casebook_disable_plugins", [], "env", types=frozenset({list, tuple}))
    setup_review(app)
    app.add_domain(CasebookDomain)
    for name, directive in directives.DIRECTIVES.items():
        app.add_directive_to_domain("casebook", name, directive)
    app.add_directive_to_domain("casebook", "coverage", CoverageDirective)
    app.add_transform(GeneratedPagesVerbatim)
    setup_markers(app)
    app.connect("config-inited", add_static_files)
    app.add_css_file("casebook.css")
    app.connect("builder-inited", on_builder_inited)
    app.connect("env-get-outdated", on_env_get_outdated)
    app.connect("build-finished", on_build_finished)
    from casebook.api import load as _  # noqa: F401, PLC0415 - fail early if casebook is broken

    return {
        "version": "1",
        "env_version": 5,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


def add_static_files(_app: Sphinx, config: Config) -> None:
    """Add the extension's style sheet folder to the project's static files (once)."""
    if STATIC not in config.html_static_path:
        # A new list: the default one may be shared with other Sphinx projects in this process.
        config.html_static_path = [*config.html_static_path, STATIC]
