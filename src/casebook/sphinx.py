"""Sphinx extension: every installed case study and framework as pages of your documentation.

Add it to a Sphinx project's ``conf.py``::

    extensions = ["casebook.sphinx"]

    casebook_output_dir = "casebook"        # folder (in the source dir) for generated pages
    casebook_sites = []                     # site ids to include; empty means all installed
    casebook_disable_plugins = []           # plugin names not to load

and put ``casebook/index`` in a toctree. At each build the extension writes small pages into
``casebook_output_dir`` (it owns that folder): ``index`` (a table of all sites), ``sites/ID``
per case study and ``frameworks/ID`` per framework (areas, comparison matrix and an SVG
heatmap). Past 50 sites the overviews are paged: ``groups/NNNN`` has the table of 50 sites and
``frameworks/ID/NNNN`` their comparison, so no page grows with the number of sites. Each page
is a title and a directive; the directives build docutils nodes straight from the model
objects, so no case-study text is ever parsed as reStructuredText.

Directives, usable on any page:

``.. casebook:case:: ID``
    One case study: profile, summary, organisations, aims, initiatives, outcomes, challenges,
    discrepancies, and numbered references.
``.. casebook:table::``
    All sites in a table; filter with ``:programme:``, ``:setting:``, ``:area:``, ``:status:``,
    or list the sites to show with ``:sites:`` (ids separated by white space).
``.. casebook:framework:: ID``
    A framework's description, source and areas (cross-reference targets).
``.. casebook:matrix:: ID``
    The comparison of all sites against a framework, with a legend and the gaps; with
    ``:sites:``, only those sites' rows.
``.. casebook:gaps:: ID``
    The legend and the gaps of a comparison, without the matrix.
``.. casebook:heatmap:: ID``
    The same comparison as a picture (SVG, with cell labels, so it reads without colour).

Roles, for cross-references from any page: ``:casebook:case:`salford-together```,
``:casebook:framework:`kings-fund-2017```, ``:casebook:area:`kings-fund-2017/urgent-care```
and ``:casebook:source:`salford-together/kings-fund-salford```. Every case study, framework
and area is also in the general index and in ``objects.inv``.

Incremental builds: a generated page is rewritten only when its own text changes, and a hash of
each case study's data tells Sphinx which documents a data change makes stale: the site's own
page, and the pages about all sites only if what they show of it changed. A rebuild with
nothing changed reads nothing. The extension is safe for parallel reading and writing.

Case-study text is shown as recorded: Sphinx's smart quotes are kept out of it. During a build
Python's cycle collector runs less often (``casebook.sphinx.BUILD_GC_THRESHOLD``); the process's own
setting is restored when the build finishes.
"""

from __future__ import annotations

import gc
import hashlib
import json
import weakref
from collections.abc import Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from casebook import heatmap
from casebook.api import load
from casebook.book import Casebook
from casebook.comparison import LEGEND, OTHER_ORIGINS_NOTE, Comparison, compare
from casebook.export.common import GROUP_SIZE as COMMON_GROUP_SIZE
from casebook.export.common import scope_sentence, site_groups, source_parts
from casebook.export.escaping import escape_rst
from casebook.export.pages import (
    AreaRef,
    Block,
    Bullets,
    Cite,
    Entry,
    Para,
    Section,
    Table,
    case_page,
)
from casebook.exporting import write_files
from casebook.model import CaseStudy, Framework

if TYPE_CHECKING:
    from docutils.nodes import Element, Node
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata, OptionSpec

logger = logging.getLogger(__name__)

#: Prefixes of the dependency keys of pages that show every site. Each stands for what one kind
#: of page shows of a site (see :func:`data_hashes`); such a page records ``PREFIX*`` and is
#: re-read when that part of any site changes, not on every edit of every site.
TABLE = "table:"
INITIATIVES = "initiatives:"
#: A framework's comparison (matrix, gaps and heatmap): ``matrix:FRAMEWORK:``.
MATRIX = "matrix:{}:"
ANY_SITE = "*"
#: Above this many sites, the index lists groups of this many sites instead of every site.
GROUP_SIZE = COMMON_GROUP_SIZE
# One casebook per build environment: loaded when the build starts, shared by the directives
# (and, by fork, by parallel readers).
_BOOKS: weakref.WeakKeyDictionary[BuildEnvironment, Casebook] = weakref.WeakKeyDictionary()


# -------------------------------------------------------------------------------------------
# Loading the data, once per build
# -------------------------------------------------------------------------------------------


def book_for(env: BuildEnvironment) -> Casebook:
    """Return the casebook of this build, loaded once and filtered by ``casebook_sites``."""
    if env not in _BOOKS:
        _BOOKS[env] = _load_book(env.config.casebook_disable_plugins, env.config.casebook_sites)
    return _BOOKS[env]


_comparisons: dict[str, Comparison] = {}
_compared_book: list[Casebook] = []


def comparison(book: Casebook, framework_id: str) -> Comparison:
    """Return ``compare(book, framework_id)``, worked out once per loaded casebook.

    A build needs each comparison three times (for the pages' data hashes, the heatmap and the
    matrix); at a thousand sites each costs a noticeable part of a rebuild.
    """
    if not _compared_book or _compared_book[0] is not book:
        _comparisons.clear()
        _compared_book[:] = [book]
    if framework_id not in _comparisons:
        _comparisons[framework_id] = compare(book, framework_id)
    return _comparisons[framework_id]


def _load_book(disable: Iterable[str], wanted: Iterable[str]) -> Casebook:
    book = load(disable=disable)
    for failure in book.failures:
        logger.warning("casebook plugin %r failed: %s", failure.name, failure.error)
    wanted = list(wanted)
    if not wanted:
        return book
    for site in wanted:
        if site not in book:
            logger.warning("casebook_sites names %r, which is not installed", site)
    return book.subset(site for site in wanted if site in book)


def data_hashes(book: Casebook) -> dict[str, str]:
    """Return a digest of everything the generated pages show, by dependency key.

    - ``ID`` and ``framework:ID``: a case study's or a framework's data (its own page);
    - ``table:ID``: what the table of sites shows of a site;
    - ``initiatives:ID``: its initiatives' statuses and areas, which a filtered table selects by;
    - ``matrix:FRAMEWORK:ID``: what a framework's comparison shows of it: its name, its cells
      (the vanguard's own status and what other work adds), and the aims and plans it is
      flagged for, if any.

    A change that a page does not show (a summary, a source's title, a status that leaves every
    cell as it was) leaves that page's keys as they were, so Sphinx does not read it again.
    """
    keys = [*book, *(f"framework:{fw_id}" for fw_id in book.frameworks)]
    hashes = {key: book.digest(key) for key in keys}
    for case_id, case in book.items():
        table = (case.name, case.programme.type, case.place.name)
        hashes[TABLE + case_id] = _digest([*table, sorted(case.settings()), len(case.initiatives)])
        statuses = sorted((i.status, sorted(i.areas)) for i in case.initiatives)
        hashes[INITIATIVES + case_id] = _digest(statuses)
    for fw_id, framework in book.frameworks.items():
        result = comparison(book, fw_id)
        flags = {flag.site: flag.sentence(book[flag.site]) for flag in result.aims_only}
        for case_id, case in book.items():
            cells = [result.cell(case_id, area.id).to_data() for area in framework.areas]
            shown = [case.name, cells, flags.get(case_id)]
            hashes[MATRIX.format(fw_id) + case_id] = _digest(shown)
    return hashes


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False).encode()).hexdigest()


# -------------------------------------------------------------------------------------------
# Generated pages
# -------------------------------------------------------------------------------------------


def _title(text: str) -> list[str]:
    title = escape_rst(text)
    return [title, "=" * (2 * len(title)), ""]


def generated_pages(book: Casebook) -> dict[str, bytes]:
    """Return the small source pages for every site and framework: a title and a directive.

    Past ``GROUP_SIZE`` sites the overviews are paged by group, so that no page grows with the
    number of sites and a change to one site re-reads one page of each kind: each group page has
    its sites' table, and each framework has a comparison page per group besides its own page
    (areas, heatmap, legend and gaps).
    """
    groups = site_groups(list(book), GROUP_SIZE)
    pages = _site_pages(book, groups)
    for fw_id in book.frameworks:
        pages.update(_framework_pages(book, fw_id, groups))
    files = {name: "\n".join(lines).encode() for name, lines in pages.items()}
    names = {case_id: case.name for case_id, case in book.items()}
    for fw_id in book.frameworks:
        svg = heatmap.render(comparison(book, fw_id), names)
        files[f"_heatmaps/{fw_id}.svg"] = svg.encode()
    return files


_Groups = list[tuple[str, list[str]]]


def _site_pages(book: Casebook, groups: _Groups) -> dict[str, list[str]]:
    """Return the index, the group pages (when grouped) and a page per site."""
    pages: dict[str, list[str]] = {}
    index = _title("Case studies")
    if not groups:
        index += [".. casebook:table::", ""]
    index += [".. toctree::", "   :maxdepth: 1", "   :caption: Sites", ""]
    if not groups:
        index += [f"   sites/{case_id}" for case_id in book]
    for name, members in groups:
        pages[f"{name}.rst"] = [
            *_title(f"Sites {_span(book, members)}"),
            *_sites_directive("table", "", members),
            ".. toctree::",
            "   :maxdepth: 1",
            "",
            *(f"   ../sites/{case_id}" for case_id in members),
            "",
        ]
        index.append(f"   {name}")
    index.append("")
    if book.frameworks:
        index += [".. toctree::", "   :maxdepth: 1", "   :caption: Comparisons", ""]
        index += [f"   frameworks/{fw_id}" for fw_id in book.frameworks] + [""]
    pages["index.rst"] = index
    for case_id, case in book.items():
        pages[f"sites/{case_id}.rst"] = [*_title(case.name), f".. casebook:case:: {case_id}", ""]
    return pages


def _framework_pages(book: Casebook, fw_id: str, groups: _Groups) -> dict[str, list[str]]:
    """Return a framework's page and, when grouped, its comparison page per group."""
    framework = book.frameworks[fw_id]
    page = [*_title(framework.title), f".. casebook:framework:: {fw_id}", ""]
    pages = {f"frameworks/{fw_id}.rst": page}
    if not groups:
        page += [f".. casebook:matrix:: {fw_id}", ""]
    else:
        page += [f".. casebook:gaps:: {fw_id}", ""]
        page += [".. toctree::", "   :maxdepth: 1", "   :caption: Comparison by group", ""]
        for name, members in groups:
            number = name.rpartition("/")[2]
            page.append(f"   {fw_id}/{number}")
            pages[f"frameworks/{fw_id}/{number}.rst"] = [
                *_title(f"{framework.title}: sites {_span(book, members)}"),
                *_sites_directive("matrix", fw_id, members),
            ]
        page.append("")
    page += [f".. casebook:heatmap:: {fw_id}", ""]
    return pages


def _span(book: Casebook, members: Sequence[str]) -> str:
    return f"{book[members[0]].name} to {book[members[-1]].name}"


def _sites_directive(name: str, argument: str, members: Iterable[str]) -> list[str]:
    """Return a directive limited to *members*, one site id per line of its ``:sites:`` option.

    Listing the ids makes the page's source change when the group's members do, so Sphinx reads
    it again then.
    """
    lines = [f".. casebook:{name}:: {argument}".rstrip(), "   :sites:"]
    return [*lines, *(f"      {case_id}" for case_id in members), ""]


def on_builder_inited(app: Sphinx) -> None:
    """Write the generated pages, touching only those whose text changed."""
    _BOOKS.pop(app.env, None)  # a new build reads the installed data afresh
    book = book_for(app.env)
    folder = Path(app.srcdir) / app.config.casebook_output_dir
    result = write_files(generated_pages(book), folder, owner="casebook.sphinx")
    if result.written or result.removed:
        logger.info(
            "casebook: %d pages written, %d removed", len(result.written), len(result.removed)
        )


def on_env_get_outdated(
    _app: Sphinx,
    env: BuildEnvironment,
    added: set[str],
    changed: set[str],
    removed: set[str],
) -> list[str]:
    """Return the documents whose case studies changed since the last build."""
    domain = cast("CasebookDomain", env.get_domain("casebook"))
    new = data_hashes(book_for(env))
    old = domain.data["hashes"]
    stale = {key for key in new.keys() | old.keys() if new.get(key) != old.get(key)}
    domain.data["hashes"] = new
    if not stale:
        return []
    # A page that shows every site records "table:*" (say): stale when any "table:ID" is.
    stale |= {key.rpartition(":")[0] + ":" + ANY_SITE for key in stale if ":" in key}
    outdated = {docname for docname, depends in domain.data["deps"].items() if depends & stale}
    return sorted(outdated - added - changed - removed)


# -------------------------------------------------------------------------------------------
# Node builders
# -------------------------------------------------------------------------------------------


#: The node attribute, set to ``False`` on the nodes that hold case-study text, that keeps
#: Sphinx's smart quotes out: they would turn the data's straight quotes and ``--`` into
#: typographic ones, so the page would no longer show the text as recorded (and large pages
#: would pay for the rewriting).
VERBATIM = "support_smartquotes"


def paragraph(*children: Node | str) -> nodes.paragraph:
    """Return a paragraph of text nodes and inline nodes; strings become text, never markup."""
    para = nodes.paragraph()
    para[VERBATIM] = False
    for child in children:
        para += text_node(child) if isinstance(child, str) else child
    return para


def text_node(text: str) -> nodes.Text:
    """Return a text node of *text*, with NUL shown as U+FFFD.

    docutils reads NUL as its own escape marker and would drop it; the Markdown and reST
    outputs show U+FFFD for it too.
    """
    return nodes.Text(text.replace("\x00", "\ufffd"))


def table(headers: Iterable[str], rows: Iterable[Iterable[Node | str]]) -> nodes.table:
    """Return a docutils table; cells are text or nodes."""
    header_cells = list(headers)
    tab = nodes.table(classes=["casebook-table"])
    group = nodes.tgroup(cols=len(header_cells))
    tab += group
    group.extend(nodes.colspec(colwidth=1) for _ in header_cells)
    head = nodes.thead()
    head += _row(header_cells)
    group += head
    body = nodes.tbody()
    body.extend(_row(cells) for cells in rows)
    group += body
    return tab


def _row(cells: Iterable[Node | str]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        entry += cell if isinstance(cell, nodes.paragraph) else paragraph(cell)
        row += entry
    return row


def bullets(items: Iterable[Node]) -> nodes.bullet_list:
    """Return a bullet list of the given paragraphs."""
    lst = nodes.bullet_list()
    for item in items:
        li = nodes.list_item()
        li += item
        lst += li
    return lst


def section(title: str, ids: str, *children: Node) -> nodes.section:
    """Return a section with a text title."""
    sec = nodes.section(ids=[ids], names=[])
    sec[VERBATIM] = False
    sec += nodes.title("", "", text_node(title))
    sec.extend(children)
    return sec


def source_anchor(case_id: str, source_id: str) -> str:
    """Return the HTML id of a source in a case-study page."""
    return f"casebook-source-{case_id}--{source_id}"


class CasebookDirective(SphinxDirective):
    """Base of casebook's directives: access to the data and dependency bookkeeping."""

    @property
    def book(self) -> Casebook:
        """Return the casebook of this build."""
        return book_for(self.env)

    @property
    def domain(self) -> CasebookDomain:
        """Return the casebook domain of this build's environment."""
        return cast("CasebookDomain", self.env.get_domain("casebook"))

    def depends_on(self, *keys: str) -> None:
        """Record that this document must be re-read when these case studies change."""
        self.domain.data["deps"].setdefault(self.env.docname, set()).update(keys)

    def listed_sites(self) -> list[str] | None:
        """Return the ids in the ``:sites:`` option (installed ones only), or ``None``."""
        if "sites" not in self.options:
            return None
        listed = self.options["sites"].split()
        for case_id in listed:
            if case_id not in self.book:
                self.skip(f"casebook: no installed case study {case_id!r}")
        return [case_id for case_id in listed if case_id in self.book]

    def xref(self, objtype: str, target: str, text: str) -> Node:
        """Return a pending cross-reference to a casebook object, shown as *text*."""
        from sphinx.addnodes import pending_xref  # noqa: PLC0415

        ref = pending_xref(
            "",
            refdomain="casebook",
            reftype=objtype,
            reftarget=target,
            refexplicit=True,
            refwarn=True,
            refdoc=self.env.docname,
        )
        ref += nodes.inline(text=text)
        return ref

    def skip(self, message: str) -> list[Node]:
        """Warn with this directive's location and render nothing."""
        logger.warning(message, location=self.get_location(), type="casebook")
        return []


class CaseDirective(CasebookDirective):
    """``.. casebook:case:: ID`` renders one case study from its model object."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[Node]:
        """Return the nodes this directive stands for."""
        case_id = self.arguments[0]
        if case_id not in self.book:
            return self.skip(f"casebook: no installed case study {case_id!r}")
        self.depends_on(case_id)
        case = self.book[case_id]
        self.domain.note_object(
            "case", case_id, self.env.docname, f"casebook-case-{case_id}", case.name
        )
        target = nodes.target("", "", ids=[f"casebook-case-{case_id}"])
        index = _index_node(f"{case.name} (case study)", f"casebook-case-{case_id}")
        for source in case.sources:
            self.domain.note_object(
                "source",
                f"{case_id}/{source.id}",
                self.env.docname,
                source_anchor(case_id, source.id),
                source.title,
            )
        return [index, target, *CaseRenderer(case, self).render()]


class CaseRenderer:
    """Build the nodes of one case study page from its :func:`~casebook.export.pages.case_page`."""

    def __init__(self, case: CaseStudy, directive: CasebookDirective) -> None:
        self.case = case
        self.directive = directive
        self.known_areas = {
            ref for fw in directive.book.frameworks.values() for ref in fw.area_refs()
        }

    def sid(self, name: str) -> str:
        """Return a section id unique to this case study."""
        return f"casebook-{self.case.id}-{name}"

    def render(self) -> Iterator[Node]:
        """Yield the page's nodes, section by section."""
        page = case_page(self.case)
        for block in page.intro:
            yield self.block(block)
        for sec in page.sections:
            yield self.section(sec)

    def section(self, sec: Section) -> nodes.section:
        """Return a section of the page, with its subsections."""
        out = section(sec.title, self.sid(sec.key), *(self.block(b) for b in sec.blocks))
        out.extend(self.section(sub) for sub in sec.subsections)
        return out

    def block(self, block: Block) -> Node:
        """Return the nodes of one block."""
        if isinstance(block, Para):
            return self.para(block)
        if isinstance(block, Bullets):
            return cast("Node", bullets(self.para(item) for item in block.items))
        if isinstance(block, Table):
            return table(block.headers, ([self.para(c) for c in row] for row in block.rows))
        if isinstance(block, Entry):
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

    def para(self, para: Para) -> nodes.paragraph:
        """Return a paragraph: markers link to the references, areas to their framework."""
        parts: list[Node | str] = []
        for part in para.spaced:
            if isinstance(part, str):
                parts.append(part)
            elif isinstance(part, Cite):
                for n, (number, source_id) in enumerate(zip(part.numbers, part.ids, strict=True)):
                    parts += [" "] if n else []
                    anchor = source_anchor(self.case.id, source_id)
                    parts.append(nodes.reference("", f"[{number}]", refid=anchor))
            elif isinstance(part, AreaRef):
                known = part.ref in self.known_areas
                parts.append(self.directive.xref("area", part.ref, part.ref) if known else part.ref)
            else:
                parts.append(nodes.reference("", part.url, refuri=part.url))
        return paragraph(*parts)


def _index_node(entry: str, target_id: str) -> Node:
    from sphinx.addnodes import index  # noqa: PLC0415

    return index(entries=[("single", entry, target_id, "", None)])


class TableDirective(CasebookDirective):
    """``.. casebook:table::`` lists all sites, optionally filtered."""

    has_content = False
    option_spec: ClassVar[OptionSpec] = {
        "programme": directives.unchanged,
        "setting": directives.unchanged,
        "area": directives.unchanged,
        "status": directives.unchanged,
        "sites": directives.unchanged,
    }

    def run(self) -> list[Node]:
        """Return the nodes this directive stands for."""
        listed = self.listed_sites()
        shown = [ANY_SITE] if listed is None else listed
        selects_by_initiatives = "area" in self.options or "status" in self.options
        self.depends_on(*(TABLE + site for site in shown))
        if selects_by_initiatives:
            self.depends_on(*(INITIATIVES + site for site in shown))
        cases = self.book.select(
            programme=self.options.get("programme"),
            setting=self.options.get("setting"),
            area=self.options.get("area"),
            status=self.options.get("status"),
        )
        if listed is not None:
            wanted = set(listed)
            cases = tuple(c for c in cases if c.id in wanted)
        rows = [
            (
                paragraph(self.xref("case", c.id, c.name)),
                c.programme.type,
                c.place.name,
                ", ".join(sorted(c.settings())) or "-",
                str(len(c.initiatives)),
            )
            for c in cases
        ]
        if not rows:
            return [paragraph("No installed case study matches.")]
        return [table(("Site", "Programme", "Place", "Settings", "Initiatives"), rows)]


class OneFrameworkDirective(CasebookDirective):
    """Base of the directives about one framework, named by their argument."""

    required_arguments = 1
    #: Whether the output shows every site (and so goes stale when any site changes).
    shows_sites: ClassVar[bool] = True

    def run(self) -> list[Node]:
        """Check the framework id, record what the page depends on, and render."""
        fw_id = self.arguments[0]
        if fw_id not in self.book.frameworks:
            return self.skip(f"casebook: no installed framework {fw_id!r}")
        #: The sites named by a ``:sites:`` option, or ``None`` for every site.
        self.sites = self.listed_sites()
        self.depends_on(f"framework:{fw_id}")
        if self.shows_sites:
            shown = [ANY_SITE] if self.sites is None else self.sites
            self.depends_on(*(MATRIX.format(fw_id) + site for site in shown))
        return self.render(self.book.frameworks[fw_id])

    def render(self, framework: Framework) -> list[Node]:
        """Return the nodes for *framework*."""
        raise NotImplementedError


class FrameworkDirective(OneFrameworkDirective):
    """``.. casebook:framework:: ID`` shows a framework and its areas as reference targets."""

    shows_sites = False

    def render(self, framework: Framework) -> list[Node]:
        """Return the description, source and areas, each area a reference target."""
        fw_id = framework.id
        docname = self.env.docname
        anchor = f"casebook-framework-{fw_id}"
        self.domain.note_object("framework", fw_id, docname, anchor, framework.title)
        out: list[Node] = [
            _index_node(f"{framework.title} (framework)", anchor),
            nodes.target("", "", ids=[anchor]),
            paragraph(framework.description),
        ]
        scope = scope_sentence(framework, self.book)
        if scope and framework.scope:
            # The sentence names the sites in scope, so the page shows their names.
            self.depends_on(*(TABLE + site for site in framework.scope.sites))
            out.append(paragraph(scope))
        out.append(paragraph("Source: " + ". ".join(source_parts(framework.source))))
        items = []
        for area in framework.areas:
            ref = f"{fw_id}/{area.id}"
            area_anchor = "casebook-area-" + ref.replace("/", "--")
            self.domain.note_object("area", ref, docname, area_anchor, area.title)
            item = paragraph(nodes.strong(text=area.title), f" ({area.id}): {area.description}")
            item["ids"] = [area_anchor]
            items.append(item)
            out.append(_index_node(f"{area.title} (area of {framework.title})", area_anchor))
        out.append(bullets(items))
        return out


class GapsDirective(OneFrameworkDirective):
    """``.. casebook:gaps:: ID`` shows the legend of a comparison and the gaps it finds."""

    def render(self, framework: Framework) -> list[Node]:
        """Return the legend and the gaps."""
        result = comparison(self.book, framework.id)
        legend = [paragraph(f"{k}: {v}") for k, v in LEGEND.items()]
        legend.append(paragraph(OTHER_ORIGINS_NOTE))
        sentences = result.gap_sentences(
            area_name=lambda area_id: framework.area(area_id).title,
            site_name=lambda case_id: self.book[case_id].name,
        )
        gaps = bullets(paragraph(sentence) for sentence in sentences)
        flags = bullets(paragraph(sentence) for sentence in result.flag_sentences(self.book))
        out: list[Node] = [nodes.rubric(text="Legend"), bullets(legend)]
        out += [nodes.rubric(text="Gaps, counted on the vanguard's own work"), gaps]
        return [*out, flags] if result.aims_only else out


class MatrixDirective(GapsDirective):
    """``.. casebook:matrix:: ID`` shows every site's strongest evidence in each area.

    With ``:sites:`` (ids separated by white space) it shows only those sites' rows, without
    the legend and the gaps, which are about all sites.
    """

    option_spec: ClassVar[OptionSpec] = {"sites": directives.unchanged}

    def render(self, framework: Framework) -> list[Node]:
        """Return the matrix, then (for all sites) its legend and the gaps."""
        result = comparison(self.book, framework.id)
        listed = self.sites
        rows: list[tuple[Node | str, ...]] = [
            (
                paragraph(self.xref("case", site, self.book[site].name)),
                *(result.cell_text(site, a.id) for a in result.areas),
            )
            for site in (result.sites if listed is None else listed)
        ]
        headers = ("Site", *(a.title for a in result.areas))
        matrix: list[Node] = [nodes.rubric(text="Comparison"), table(headers, rows)]
        return matrix if listed is not None else [*matrix, *super().render(framework)]


class HeatmapDirective(OneFrameworkDirective):
    """``.. casebook:heatmap:: ID`` shows the comparison as an SVG picture."""

    def render(self, framework: Framework) -> list[Node]:
        """Return the heatmap image generated for *framework*."""
        fw_id = framework.id
        folder = self.env.config.casebook_output_dir
        title = framework.title
        image = nodes.image(
            uri=f"/{folder}/_heatmaps/{fw_id}.svg",
            alt=f"Evidence heatmap for {title}: each cell gives the strongest evidence status.",
            classes=["casebook-heatmap"],
        )
        return [nodes.rubric(text="Evidence heatmap"), image]


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
    directives: ClassVar[dict[str, Any]] = {
        "case": CaseDirective,
        "table": TableDirective,
        "framework": FrameworkDirective,
        "matrix": MatrixDirective,
        "gaps": GapsDirective,
        "heatmap": HeatmapDirective,
    }
    initial_data: ClassVar[dict[str, Any]] = {
        "objects": {},  # (type, name) -> (docname, anchor, title)
        "deps": {},  # docname -> set of keys of data_hashes() (or "PREFIX*" for every site)
        "hashes": {},  # data_hashes() as of the last build
    }

    def note_object(self, objtype: str, name: str, docname: str, anchor: str, title: str) -> None:
        """Record a cross-reference target; a second definition warns and keeps the first."""
        key = (objtype, name)
        existing = self.data["objects"].get(key)
        if existing and existing[0] != docname:
            logger.warning(
                "casebook %s %r is also defined in %s",
                objtype,
                name,
                existing[0],
                location=docname,
                type="casebook",
            )
            return
        self.data["objects"][key] = (docname, anchor, title)

    def clear_doc(self, docname: str) -> None:
        """Forget what *docname* defined and depended on, before it is read again."""
        objects = self.data["objects"]
        for key in [k for k, v in objects.items() if v[0] == docname]:
            del objects[key]
        self.data["deps"].pop(docname, None)

    def merge_domaindata(self, docnames: AbstractSet[str], otherdata: dict[str, Any]) -> None:
        """Take what a parallel reader collected for *docnames*, key by key."""
        for key, value in otherdata["objects"].items():
            if value[0] in docnames:
                self.data["objects"][key] = value
        for docname, depends in otherdata["deps"].items():
            if docname in docnames:
                self.data["deps"][docname] = set(depends)

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
        """Yield every object for the search index and ``objects.inv``."""
        for (typ, name), (docname, anchor, title) in sorted(self.data["objects"].items()):
            yield name, title, typ, docname, anchor, 1


#: The cycle collector's thresholds during a build (Python's default is ``(700, 10, 10)``).
BUILD_GC_THRESHOLD = (50_000, 10, 10)
_saved_gc_threshold: list[tuple[int, int, int]] = []


def _collect_cycles_less_often() -> None:
    """Raise the cycle collector's threshold until the build finishes.

    A build keeps the environment, the casebook and large doctrees alive: hundreds of thousands
    of objects that every full collection scans again. At the default threshold a rebuild that
    re-reads the pages about all sites (after a site is renamed, say) spent over a third of its
    time collecting, and collecting less often made it about a quarter faster. Garbage waits a
    little longer to be collected, which a build can afford. :func:`_restore_gc_threshold`
    puts the process's own setting back.
    """
    if not _saved_gc_threshold:
        _saved_gc_threshold.append(gc.get_threshold())
    gc.set_threshold(*BUILD_GC_THRESHOLD)


def _restore_gc_threshold(_app: Sphinx, _exception: BaseException | None) -> None:
    if _saved_gc_threshold:
        gc.set_threshold(*_saved_gc_threshold.pop())


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the casebook domain, its configuration values and build hooks."""
    # Before Sphinx loads the pickled environment, which is the first large allocation.
    _collect_cycles_less_often()
    app.connect("build-finished", _restore_gc_threshold)
    app.add_config_value("casebook_output_dir", "casebook", "env", types=frozenset({str}))
    app.add_config_value("casebook_sites", [], "env", types=frozenset({list, tuple}))
    app.add_config_value("casebook_disable_plugins", [], "env", types=frozenset({list, tuple}))
    app.add_domain(CasebookDomain)
    app.connect("builder-inited", on_builder_inited)
    app.connect("env-get-outdated", on_env_get_outdated)
    from casebook.api import load as _  # noqa: F401, PLC0415 - fail early if casebook is broken

    return {
        "version": "1",
        "env_version": 2,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
