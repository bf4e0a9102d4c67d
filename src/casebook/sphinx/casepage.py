"""A case study's page as docutils nodes: the Sphinx rendering of the one page model.

The same :func:`~casebook.export.pages.case_page` as every other output, built into nodes
directly, so no case-study text is ever parsed as reStructuredText.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Protocol, cast

from docutils import nodes

from casebook.export import pages
from casebook.sphinx.markers import source_markers
from casebook.sphinx.nodes import bullets, link, paragraph, section, source_anchor, table, text_node

if TYPE_CHECKING:
    from docutils.nodes import Node

    from casebook.book import Casebook
    from casebook.model import CaseStudy


class Linker(Protocol):
    """What the renderer needs of the directive it renders for."""

    @property
    def book(self) -> Casebook:
        """The casebook of the build."""
        ...

    def xref(self, objtype: str, target: str, text: str) -> Node:
        """Return a cross-reference to the casebook object *target*, shown as *text*."""
        ...


class CaseRenderer:
    """Build the nodes of one case study page from its :func:`~casebook.export.pages.case_page`."""

    def __init__(self, case: CaseStudy, directive: Linker) -> None:
        self.case = case
        self.directive = directive
        self.area_titles = pages.area_titles(directive.book.frameworks.values())

    def sid(self, name: str) -> str:
        """Return a section id unique to this case study."""
        return f"casebook-{self.case.id}-{name}"

    def render(self) -> Iterator[Node]:
        """Yield the page's nodes, section by section."""
        page = pages.case_page(self.case, self.area_titles)
        for block in page.intro:
            yield self.block(block)
        for sec in page.sections:
            yield self.section(sec)

    def section(self, sec: pages.Section) -> nodes.section:
        """Return a section of the page, with its subsections."""
        out = section(sec.title, self.sid(sec.key), *(self.block(b) for b in sec.blocks))
        out.extend(self.section(sub) for sub in sec.subsections)
        return out

    def block(self, block: pages.Block) -> Node:
        """Return the nodes of one block."""
        if isinstance(block, pages.Para):
            return self.para(block)
        if isinstance(block, pages.Bullets):
            return cast("Node", bullets(self.para(item) for item in block.items))
        if isinstance(block, pages.Table):
            return table(block.headers, ([self.para(c) for c in row] for row in block.rows))
        if isinstance(block, pages.Entry):
            container = nodes.container(classes=["casebook-entry"])
            container += nodes.rubric("", "", text_node(block.title))
            container.extend(self.block(inner) for inner in block.blocks)
            return container
        lst = nodes.enumerated_list(enumtype="arabic", prefix="[", suffix="]")
        for entry in block.entries:
            item = nodes.list_item(ids=[source_anchor(self.case.id, entry.source_id)])
            item += self.para(entry.text)
            lst += item
        return lst

    def para(self, para: pages.Para) -> nodes.paragraph:
        """Return a paragraph: markers link to the references, areas to their framework."""
        parts: list[Node | str] = []
        for part in para.spaced:
            if isinstance(part, str):
                parts.append(part)
            elif isinstance(part, pages.Cite):
                pairs = zip(part.numbers, part.ids, strict=True)
                parts.append(
                    source_markers(
                        (f"[{number}]", source_anchor(self.case.id, source_id))
                        for number, source_id in pairs
                    )
                )
            elif isinstance(part, pages.AreaRef):
                known = part.ref in self.area_titles
                parts.append(
                    self.directive.xref("area", part.ref, part.title) if known else part.title
                )
            else:
                parts.append(link(part.url))
        return paragraph(*parts)
