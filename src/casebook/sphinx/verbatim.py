"""The generated pages show their text as recorded: Sphinx's smart quotes are off on them.

Every page in ``casebook_output_dir`` is the extension's own (a title and a directive), and all
of its text is case-study data or casebook's sentences about it, so the whole page is kept out
of Sphinx's smart quotes, its title (a site's name, say) included. The nodes of casebook's
directives are marked as well (:data:`casebook.sphinx.nodes.VERBATIM`), for the directives used
on a page of the user's, whose own text keeps the project's setting.

Switching the transform off for the page, rather than leaving it to skip each marked node,
also spares the build its pass over every text node of the page: the transform looks up the
ancestors of each text node and replaces it, even where it changes nothing.
"""

from __future__ import annotations

from typing import Any

from sphinx.transforms import SphinxSmartQuotes, SphinxTransform


class GeneratedPagesVerbatim(SphinxTransform):
    """Turn smart quotes off in the settings of a generated page, before they would run."""

    default_priority = SphinxSmartQuotes.default_priority - 1

    def apply(self, **_kwargs: Any) -> None:
        """Switch smart quotes off if this document is one of the generated pages."""
        if self.env.docname.startswith(self.config.casebook_output_dir + "/"):
            # The settings are this document's own (Sphinx makes them for each document it
            # reads); Sphinx's smart quotes honour the switch.
            self.document.settings.smart_quotes = False
