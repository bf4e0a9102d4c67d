"""Source markers: ``[1] [4]`` after a fact, each a link to its reference on the same page.

A site page has a few dozen groups of markers, and a marker made as a docutils reference
costs two nodes (the reference and its text) and a space between markers a third. Sphinx
walks every node of a page in each of its passes (a dozen transforms when it reads the page,
the search index, the HTML writer), so the markers were a fifth of a site page's nodes.

A group of markers is therefore one node, without children, that holds its links: its text
(``[1] [4]``, for column widths) is worked out from them. HTML builders write the links
straight from it, with the same HTML that docutils writes for a reference
(``<a class="reference internal" href="#ANCHOR">[1]</a>``); for every other builder (LaTeX,
text, man, ...) a post-transform turns it back into the references, so those get what they
always got. The search index, which skips numbers, loses nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator


class SourceMarkers(nodes.Inline, nodes.TextElement):
    """The markers of the sources a fact cites: text ``[1] [4]``, links in ``markers``.

    ``markers`` holds a ``(label, anchor)`` pair per marker. The class is neither a
    ``reference`` nor an ``inline``, so a translator that has no handler for it fails loudly
    rather than writing the markers without their links.
    """

    def astext(self) -> str:
        """Return the markers as text, ``[1] [4]``."""
        return " ".join(label for label, _anchor in self["markers"])


def source_markers(markers: Iterable[tuple[str, str]]) -> SourceMarkers:
    """Return the node of a group of markers, each a ``(label, anchor)`` pair."""
    node = SourceMarkers(markers=list(markers))
    node.rawsource = node.astext()  # what Sphinx would otherwise work out on each page read
    return node


def references(node: SourceMarkers) -> list[nodes.Node]:
    """Return the markers as docutils references to their anchors, a space between them."""
    out: list[nodes.Node] = []
    for label, anchor in node["markers"]:
        out += [nodes.Text(" ")] if out else []
        out.append(nodes.reference("", label, refid=anchor))
    return out


def visit_html(translator: HTML5Translator, node: SourceMarkers) -> None:
    """Write the links as the HTML writer writes a reference to an anchor on the page."""
    translator.body.append(
        " ".join(
            f'<a class="reference internal" href="#{translator.attval(anchor)}">'
            f"{translator.encode(label)}</a>"
            for label, anchor in node["markers"]
        )
    )
    raise nodes.SkipNode


class ExpandSourceMarkers(SphinxPostTransform):
    """For a builder other than HTML, turn each group of markers into references."""

    default_priority = 5

    def is_supported(self) -> bool:
        """Apply to every builder but those of the ``html`` format, which write the node."""
        return self.env._builder_cls.format != "html"  # noqa: SLF001 - as Sphinx's own test

    def run(self, **_kwargs: Any) -> None:
        """Replace each group of markers with its references."""
        for node in list(self.document.findall(SourceMarkers)):
            node.replace_self(references(node))


def setup_markers(app: Sphinx) -> None:
    """Register the node, its HTML handler and the post-transform for the other builders.

    The handler is registered for Sphinx's HTML builders by name, and so for any other builder
    of the ``html`` format (Sphinx looks handlers up by builder name, then by format).
    """
    html = (visit_html, None)
    app.add_node(SourceMarkers, html=html, dirhtml=html, singlehtml=html, epub=html)
    app.add_post_transform(ExpandSourceMarkers)
