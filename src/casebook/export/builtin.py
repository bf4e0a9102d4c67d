"""casebook's own exporters, ``json``, ``markdown`` and ``sphinx``, registered like anyone's.

The exporter classes are defined here, apart from the code that renders their files, because
every command registers every plugin: ``casebook list`` exports nothing, and would otherwise
import the page model, the comparisons and the escaping rules at each start. Each class imports
its renderer when an export runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

import pluggy

if TYPE_CHECKING:
    from casebook.book import Casebook, Exporter

#: The marker of casebook hook implementations; any plugin may make its own.
hookimpl = pluggy.HookimplMarker("casebook")


class JsonExporter:
    """Write the installed case studies and frameworks as JSON data files."""

    name: ClassVar[str] = "json"
    description: ClassVar[str] = "JSON data files valid against the case-study schema, and an index"

    def export(self, book: Casebook) -> Mapping[str, bytes]:
        """Return one JSON file per case study and framework, and ``index.json``."""
        from casebook.export import jsondata  # noqa: PLC0415 - only when exporting

        return jsondata.files(book)


class MarkdownExporter:
    """Write a Markdown page per case study and an index with the comparison matrices."""

    name: ClassVar[str] = "markdown"
    description: ClassVar[str] = "CommonMark pages with GFM tables: one per site, and an index"

    def export(self, book: Casebook) -> Mapping[str, bytes]:
        """Return ``index.md`` and ``sites/ID.md`` for each case study."""
        from casebook.export import markdown  # noqa: PLC0415 - only when exporting

        return markdown.files(book)


class SphinxExporter:
    """Write reStructuredText pages and toctrees for a Sphinx project.

    The pages are those of :func:`casebook.export.sitemap.plan`, which the Sphinx extension
    generates too: the same names, anchors and paging, with the data rendered into them.
    """

    name: ClassVar[str] = "sphinx"
    description: ClassVar[str] = "reStructuredText pages with a toctree, for any Sphinx project"

    def export(self, book: Casebook) -> Mapping[str, bytes]:
        """Return ``index.rst``, ``sites/ID.rst`` and ``frameworks/ID.rst``, paged past 50."""
        from casebook.export import rst  # noqa: PLC0415 - only when exporting

        return rst.files(book)


class _Contributes:
    """A plugin that contributes one exporter class: casebook's own plugins are three of these."""

    def __init__(self, exporter: type[Exporter]) -> None:
        self.exporter = exporter

    @hookimpl
    def casebook_exporters(self) -> list[type[Exporter]]:
        """Contribute the exporter."""
        return [self.exporter]


#: casebook's own plugins by name, as ``--disable`` and ``casebook plugins`` know them.
PLUGINS: dict[str, _Contributes] = {
    "casebook.json": _Contributes(JsonExporter),
    "casebook.markdown": _Contributes(MarkdownExporter),
    "casebook.sphinx": _Contributes(SphinxExporter),
}
