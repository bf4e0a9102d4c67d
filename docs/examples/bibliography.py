"""An exporter plugin: one plain-text bibliography of every source, with the sites citing it.

Drop this file in a plugins folder (``casebook --plugins-dir DIR``) or publish it with an entry
point in the group ``casebook``; then ``casebook export --format bibliography --output out/``.
"""

from collections import defaultdict

import pluggy

hookimpl = pluggy.HookimplMarker("casebook")


class BibliographyExporter:
    """Write ``bibliography.txt``: each source once, with the case studies that cite it."""

    name = "bibliography"
    description = "A plain-text list of every source and the sites that cite it"

    def export(self, book):
        """Return the file to write, as ``{relative path: bytes}``."""
        cited_by = defaultdict(set)
        for case in book.values():
            for source in case.sources:
                key = (source.title, source.publisher or "", source.date or "")
                cited_by[key].add(case.id)
        lines = []
        for (title, publisher, date), sites in sorted(cited_by.items()):
            details = ", ".join(part for part in (publisher, date) if part)
            lines.append(f"{title} ({details}): cited by {', '.join(sorted(sites))}")
        return {"bibliography.txt": ("\n".join(lines) + "\n").encode("utf-8")}


@hookimpl
def casebook_exporters():
    """Contribute the exporter."""
    return [BibliographyExporter]
