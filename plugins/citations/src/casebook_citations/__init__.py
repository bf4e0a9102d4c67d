"""casebook exporter plugin ``citations``: every cited source as CSL-JSON, BibTeX and RIS.

Like the csv plugin, it needs nothing from casebook but the objects the hook receives: each
exporter returns one file and casebook writes it. The three files hold the same records, keyed
by site and source id, in the same order; see the package's README for what each field holds.
The modules that render are imported when an export runs, not when casebook loads its plugins
for every command.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any, ClassVar

import pluggy

__all__ = ["BibtexExporter", "CslJsonExporter", "RisExporter", "casebook_exporters"]

hookimpl = pluggy.HookimplMarker("casebook")


class _CitationExporter:
    """Write every source of every case study to one file, with the ``render`` of :attr:`module`."""

    name: ClassVar[str]
    description: ClassVar[str]
    filename: ClassVar[str]
    #: The module whose ``render(citations)`` writes the format.
    module: ClassVar[str]

    def export(self, book: Mapping[str, Any]) -> Mapping[str, bytes]:
        """Return ``{filename: bytes}``, records sorted by site id then source id."""
        records = importlib.import_module("casebook_citations.records").citations(book)
        return {self.filename: importlib.import_module(self.module).render(records)}


class CslJsonExporter(_CitationExporter):
    """Write ``sources.json``: CSL-JSON, for Zotero, Pandoc and CSL processors."""

    name = "csl-json"
    description = "Every cited source as CSL-JSON (sources.json), for Zotero and Pandoc"
    filename = "sources.json"
    module = "casebook_citations.csljson"


class BibtexExporter(_CitationExporter):
    """Write ``sources.bib``: BibTeX, for LaTeX and reference managers."""

    name = "bibtex"
    description = "Every cited source as BibTeX (sources.bib), for LaTeX"
    filename = "sources.bib"
    module = "casebook_citations.bibtex"


class RisExporter(_CitationExporter):
    """Write ``sources.ris``: RIS, for Zotero, EndNote and other reference managers."""

    name = "ris"
    description = "Every cited source as RIS (sources.ris), for reference managers"
    filename = "sources.ris"
    module = "casebook_citations.ris"


@hookimpl
def casebook_exporters() -> list[type[_CitationExporter]]:
    """Contribute the ``csl-json``, ``bibtex`` and ``ris`` exporters."""
    return [CslJsonExporter, BibtexExporter, RisExporter]
