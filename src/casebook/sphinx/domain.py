"""The ``casebook`` domain: the objects the directives define, and references to them.

Directives are added to the domain by :func:`casebook.sphinx.setup`, so this module does not
depend on them.
"""

from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

if TYPE_CHECKING:
    from docutils.nodes import Element
    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment


logger = logging.getLogger("casebook.sphinx")


class CasebookDomain(Domain):
    """The ``casebook`` domain: cross-reference roles, directives and the objects they define."""

    name = "casebook"
    label = "casebook"
    object_types: ClassVar[dict[str, ObjType]] = {
        "case": ObjType("case study", "case"),
        "framework": ObjType("framework", "framework"),
        "area": ObjType("framework area", "area"),
        "source": ObjType("source", "source"),
    }
    roles: ClassVar[dict[str, Any]] = {
        "case": XRefRole(),
        "framework": XRefRole(),
        "area": XRefRole(),
        "source": XRefRole(),
    }
    initial_data: ClassVar[dict[str, Any]] = {
        "objects": {},  # (type, name) -> (docname, anchor, title)
        "by_doc": {},  # docname -> the (type, name) keys of "objects" it defined
        "deps": {},  # docname -> set of keys of data_hashes() (or "PREFIX*" for every site)
        "hashes": {},  # data_hashes() as of the last build
    }

    def note_object(self, objtype: str, name: str, docname: str, anchor: str, title: str) -> None:
        """Record a cross-reference target; a second definition warns and keeps the first."""
        self._own((objtype, name), (docname, anchor, title))

    def _own(self, key: tuple[str, str], value: tuple[str, str, str]) -> None:
        docname = value[0]
        existing = self.data["objects"].get(key)
        if existing and existing[0] != docname:
            logger.warning(
                "casebook %s %r is also defined in %s",
                *key,
                existing[0],
                location=docname,
                type="casebook",
            )
            return
        self.data["objects"][key] = value
        self.data["by_doc"].setdefault(docname, set()).add(key)

    def clear_doc(self, docname: str) -> None:
        """Forget what *docname* defined and depended on, before it is read again.

        Each page's objects are listed under its name, as ``sphinx.ext.todo`` keeps its
        entries, so this touches that page's objects only: Sphinx calls it for every page it
        reads, and a scan of every object made a full build's cost grow with the square of the
        number of sites.
        """
        objects = self.data["objects"]
        for key in self.data["by_doc"].pop(docname, ()):
            del objects[key]
        self.data["deps"].pop(docname, None)

    def merge_domaindata(self, docnames: AbstractSet[str], otherdata: dict[str, Any]) -> None:
        """Take what a parallel reader collected for *docnames*, page by page."""
        for docname in docnames:
            for key in otherdata["by_doc"].get(docname, ()):
                self._own(key, otherdata["objects"][key])
            if docname in otherdata["deps"]:
                self.data["deps"][docname] = set(otherdata["deps"][docname])

    def resolve_xref(  # noqa: PLR0913, PLR0917 - Sphinx's signature
        self,
        env: BuildEnvironment,  # noqa: ARG002
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> nodes.reference | None:
        """Resolve a ``:casebook:TYPE:`` reference to the page and anchor that defines it."""
        found = self.data["objects"].get((typ, target))
        if found is None:
            return None
        docname, anchor, title = found
        if not node.get("refexplicit") and contnode.astext() == target:
            contnode = nodes.inline(text=title)
        return make_refnode(builder, fromdocname, docname, anchor, contnode, title)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> list[tuple[str, nodes.reference]]:
        """Resolve an ``:any:`` reference against every casebook object type."""
        results = []
        for typ in self.object_types:
            ref = self.resolve_xref(env, fromdocname, builder, typ, target, node, contnode)
            if ref is not None:
                results.append((f"casebook:{typ}", ref))
        return results

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        """Yield every object for the search index and ``objects.inv``.

        Each title is one line: ``objects.inv`` holds an object a line and Sphinx writes the
        title as it is, so a line break in a site's name would add an object of the name's
        making to the inventory that other projects link to through intersphinx.
        """
        for (typ, name), (docname, anchor, title) in sorted(self.data["objects"].items()):
            yield name, " ".join(title.split()), typ, docname, anchor, 1
