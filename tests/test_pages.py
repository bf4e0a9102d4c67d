"""One page model, four renderings: every text and number of a case study appears in each."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from hypothesis import given

from casebook.book import Casebook
from casebook.export.common import number
from casebook.export.markdown import site_page as markdown_page
from casebook.export.pages import case_page, page_text
from casebook.export.plaintext import describe
from casebook.export.rst import site_page as rst_page
from casebook.format import convert
from tests import strategies

markdown_it = pytest.importorskip("markdown_it")
docutils_core = pytest.importorskip("docutils.core")

# Fields whose values are codes, ids or references: shown in other words, as reference
# numbers, or by the title of what they name.
CODED = {"cites", "schema_version", "id", "initiative", "mental_health", "status", "origin"}
CODED |= {"basis", "evaluated_by", "kind", "role", "sector", "settings", "confidence", "type"}
CODED |= {"direction"}


def texts_and_numbers(data: Any) -> list[str]:
    """Return every text and number of a case study's data, white space folded."""
    if isinstance(data, dict):
        return [t for k, v in data.items() if k not in CODED for t in texts_and_numbers(v)]
    if isinstance(data, list):
        return [t for item in data for t in texts_and_numbers(item)]
    if isinstance(data, bool):
        return []
    if isinstance(data, (int, float)):
        return [number(data)]
    return [folded(str(data))]


def folded(text: str) -> str:
    """Fold white space; NUL reads as U+FFFD, as CommonMark shows it and casebook writes it."""
    return " ".join(text.replace("\x00", "\ufffd").split())


def markdown_text(source: str) -> str:
    rendered = markdown_it.MarkdownIt("commonmark").enable("table").render(source)
    # The empty comment that keeps e-mail-like text from becoming a link on GitHub shows nothing.
    return folded(html.unescape(re.sub(r"<[^>]+>", " ", rendered.replace("<!---->", ""))))


def rst_text(source: str) -> str:
    from docutils import nodes
    from docutils.parsers.rst import roles

    def ref_role(name, rawtext, text, lineno, inliner, options=None, content=None):  # noqa: PLR0913, PLR0917
        shown = text.split("<", 1)[0].strip() if "<" in text else text
        return [nodes.inline(rawtext, shown)], []

    roles.register_local_role("ref", ref_role)
    overrides = {"report_level": 5, "halt_level": 5, "warning_stream": False}
    tree = docutils_core.publish_doctree(source, settings_overrides=overrides)
    return folded(" ".join(node.astext() for node in tree.findall(nodes.Text)))


class FakeDirective:
    """What the Sphinx renderer asks of its directive: the book and cross-references."""

    def __init__(self, book: Casebook) -> None:
        self.book = book

    def xref(self, objtype: str, target: str, text: str) -> Any:
        from docutils import nodes

        return nodes.inline(text=text)


def sphinx_text(case) -> str:
    from docutils import nodes

    from casebook.sphinx.casepage import CaseRenderer

    renderer = CaseRenderer(case, FakeDirective(Casebook({case.id: case})))  # type: ignore[arg-type]
    tree = nodes.container()
    from casebook.sphinx.nodes import paragraph

    tree += paragraph(case.name)  # the title comes from the generated page, not the directive
    tree.extend(renderer.render())
    return folded(" ".join(node.astext() for node in tree.findall(nodes.Text)))


@given(strategies.valid_case_studies)
def test_every_text_and_number_appears_in_each_rendering(case):
    """For any valid case study, the four renderings of its page show all that it records."""
    renderings = {
        "show": folded(" ".join(describe(case))),
        "markdown": markdown_text(markdown_page(case)),
        "rst": rst_text(rst_page(case, {})),
        "sphinx": sphinx_text(case),
    }
    for text in texts_and_numbers(convert.to_data(case)):
        for output, shown in renderings.items():
            assert text in shown, (output, text)


@given(strategies.valid_case_studies)
def test_the_page_model_holds_every_text_once_described(case):
    """The page model itself carries every text and number: renderers only add markup."""
    shown = folded(" ".join(page_text(case_page(case))))
    for text in texts_and_numbers(convert.to_data(case)):
        assert text in shown, text
