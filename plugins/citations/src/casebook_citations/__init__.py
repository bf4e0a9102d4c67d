"""casebook exporter plugin ``citations``: every cited source as CSL-JSON, BibTeX and RIS.

Like the csv plugin, it needs nothing from casebook but the objects the hook receives: each
exporter returns one file and casebook writes it. The three files hold the same records, keyed
by site and source id, in the same order; see the package's README for what each field holds.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

import pluggy

from casebook_citations import bibtex, csljson, ris
from casebook_citations.records import Citation, CitationKeyError, citations

__all__ = [
    "BibtexExporter",
    "CitationKeyError",
    "CslJsonExporter",
    "RisExporter",
    "casebook_exporters",
]

hookimpl = pluggy.HookimplMarker("casebook")


class _CitationExporter:
    """Write every source of every case study to one file, with :attr:`render`."""

    name: ClassVar[str]
    description: ClassVar[str]
    filename: ClassVar[str]
    render: ClassVar[Callable[[list[Citation]], bytes]]

    def export(self, book: Mapping[str, Any]) -> Mapping[str, bytes]:
        """Return ``{filename: bytes}``, records sorted by site id then source id."""
        return {self.filename: type(self).render(citations(book))}


class CslJsonExporter(_CitationExporter):
    """Write ``sources.json``: CSL-JSON, for Zotero, Pandoc and CSL processors."""

    name = "csl-json"
    description = "Every cited source as CSL-JSON (sources.json), for Zotero and Pandoc"
    filename = "sources.json"
    render = csljson.render


class BibtexExporter(_CitationExporter):
    """Write ``sources.bib``: BibTeX, for LaTeX and reference managers."""

    name = "bibtex"
    description = "Every cited source as BibTeX (sources.bib), for LaTeX"
    filename = "sources.bib"
    render = bibtex.render


class RisExporter(_CitationExporter):
    """Write ``sources.ris``: RIS, for Zotero, EndNote and other reference managers."""

    name = "ris"
    description = "Every cited source as RIS (sources.ris), for reference managers"
    filename = "sources.ris"
    render = ris.render


@hookimpl
def casebook_exporters() -> list[type[_CitationExporter]]:
    """Contribute the ``csl-json``, ``bibtex`` and ``ris`` exporters."""
    return [CslJsonExporter, BibtexExporter, RisExporter]
