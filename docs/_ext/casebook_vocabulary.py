"""The ``.. casebook-vocabulary::`` directive: every code of the format with its label and meaning.

The tables come from :mod:`casebook.vocabulary` (the one place labels are defined) and, for
framework areas, from the installed frameworks, so the data-format page cannot go stale.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from casebook.sphinx.nodes import table
from casebook.sphinx.state import book_for
from casebook.vocabulary import VOCABULARIES


def _code(text: str) -> nodes.paragraph:
    para = nodes.paragraph()
    para += nodes.literal(text=text)
    return para


class VocabularyReference(SphinxDirective):
    """Render a table per enumerated field, and one of the installed frameworks' areas."""

    def run(self) -> list[nodes.Node]:
        """Return a section per field: code, label and meaning of each value."""
        out: list[nodes.Node] = []
        for vocabulary in VOCABULARIES:
            field = vocabulary.pointer.removeprefix("/$defs/").replace("/properties/", ".")
            section = nodes.section(ids=[f"codes-{nodes.make_id(vocabulary.title)}"])
            section += nodes.title(text=vocabulary.title)
            intro = nodes.paragraph(text="The values of ")
            intro += nodes.literal(text=field.removesuffix("/items"))
            intro += nodes.Text(".")
            section += intro
            rows = [
                (_code(code), term.label, term.meaning) for code, term in vocabulary.terms.items()
            ]
            section += table(("Code", "Label", "Meaning"), rows)
            out.append(section)
        section = nodes.section(ids=["codes-framework-areas"])
        section += nodes.title(text="Framework areas")
        section += nodes.paragraph(
            text="An initiative names the framework areas it serves as FRAMEWORK/AREA; pages "
            "show each by its title. The installed frameworks have these areas:"
        )
        book = book_for(self.env)
        # Re-read this page when any framework changes (the casebook domain's dependencies).
        deps = self.env.get_domain("casebook").data["deps"]
        deps.setdefault(self.env.docname, set()).add("framework:*")
        rows = [
            (_code(f"{fw.id}/{area.id}"), area.title, fw.title)
            for fw in book.frameworks.values()
            for area in fw.areas
        ]
        section += table(("Reference", "Title", "Framework"), rows)
        out.append(section)
        return out


def setup(app: Any) -> dict[str, Any]:
    """Register the directive."""
    app.add_directive("casebook-vocabulary", VocabularyReference)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
