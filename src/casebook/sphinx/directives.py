"""The ``casebook`` directives: each builds docutils nodes straight from the model objects.

No case-study text is ever parsed as reStructuredText; a case study's page renders the same
:func:`~casebook.export.pages.case_page` as every other output.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from casebook import heatmap
from casebook.book import Casebook
from casebook.comparison import LEGEND, OTHER_ORIGINS_NOTE
from casebook.errors import UnknownValueError
from casebook.export.common import named_gaps, scope_sentence, source_parts
from casebook.export.escaping import index_entry
from casebook.model import Framework, Source
from casebook.vocabulary import PROGRAMME_TERMS, SETTING_TERMS, labels

if TYPE_CHECKING:
    from docutils.nodes import Node
    from sphinx.util.typing import OptionSpec

    from casebook.sphinx.domain import CasebookDomain

from casebook.sphinx.casepage import CaseRenderer
from casebook.sphinx.nodes import (
    bullets,
    link,
    paragraph,
    source_anchor,
    table,
    text_node,
)
from casebook.sphinx.review import REVIEW, review_notice
from casebook.sphinx.state import ANY_SITE, INITIATIVES, MATRIX, TABLE, book_for, comparison

logger = logging.getLogger("casebook.sphinx")


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
        """Return a pending cross-reference to a casebook object, shown as *text*.

        The text is the reference's only child, with no ``inline`` around it: the link needs
        none, and every node costs each of Sphinx's passes over the page.
        """
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
        ref += text_node(text)
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
        case = self.book[case_id]
        # The page shows the titles of the areas it names: a framework's edit can change them;
        # and a notice when the record is past its review age, which the build's date decides.
        frameworks = {f"framework:{ref.partition('/')[0]}" for ref in case.areas()}
        self.depends_on(case_id, REVIEW + case_id, *frameworks)
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
        notice = review_notice(case, self.env.config)
        return [index, target, *notice, *CaseRenderer(case, self).render()]


def _index_node(entry: str, target_id: str) -> Node:
    from sphinx.addnodes import index  # noqa: PLC0415

    return index(entries=[("single", index_entry(entry), target_id, "", None)])


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
        try:
            cases = self.book.select(
                programme=self.options.get("programme"),
                setting=self.options.get("setting"),
                area=self.options.get("area"),
                status=self.options.get("status"),
            )
        except UnknownValueError as exc:
            # A typo must not show an empty table as if no site matched.
            return self.skip(f"casebook: {exc}")
        if listed is not None:
            wanted = set(listed)
            cases = tuple(c for c in cases if c.id in wanted)
        rows = [
            (
                paragraph(self.xref("case", c.id, c.name)),
                PROGRAMME_TERMS[c.programme.type].label,
                c.place.name,
                labels(SETTING_TERMS, [s for s in SETTING_TERMS if s in c.settings()]) or "-",
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
        out.append(_source_paragraph(framework.source))
        items = []
        for area in framework.areas:
            ref = f"{fw_id}/{area.id}"
            area_anchor = "casebook-area-" + ref.replace("/", "--")
            self.domain.note_object("area", ref, docname, area_anchor, area.title)
            item = paragraph(nodes.strong(text=area.title), f": {area.description}")
            item["ids"] = [area_anchor]
            items.append(item)
            out.append(_index_node(f"{area.title} (area of {framework.title})", area_anchor))
        out.append(bullets(items))
        return out


def _source_paragraph(source: Source) -> nodes.paragraph:
    """Return "Source: " and the framework's source: its entry, a link to it and its note."""
    parts: list[Node | str] = ["Source: " + ". ".join(source_parts(source))]
    if source.url:
        parts += [". ", link(source.url)]
    if source.note:
        parts.append(f". {source.note}")
    return paragraph(*parts)


class GapsDirective(OneFrameworkDirective):
    """``.. casebook:gaps:: ID`` shows the legend of a comparison and the gaps it finds."""

    def render(self, framework: Framework) -> list[Node]:
        """Return the legend and the gaps."""
        result = comparison(self.book, framework.id)
        legend = [paragraph(f"{k}: {v}") for k, v in LEGEND.items()]
        legend.append(paragraph(OTHER_ORIGINS_NOTE))
        gaps = bullets(paragraph(sentence) for sentence in named_gaps(result, self.book))
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
                *result.row_texts(site),
            )
            for site in (result.sites if listed is None else listed)
        ]
        headers = ("Site", *(a.title for a in result.areas))
        matrix: list[Node] = [nodes.rubric(text="Comparison"), table(headers, rows)]
        return matrix if listed is not None else [*matrix, *super().render(framework)]


class HeatmapDirective(OneFrameworkDirective):
    """``.. casebook:heatmap:: ID`` shows the comparison as an SVG picture.

    HTML builders (``html``, ``dirhtml``, ``singlehtml``, ``epub``) show the picture in a box
    that scrolls sideways: it fills the width of the page but never shrinks below its own size,
    so its text never gets smaller than 10 px. Other builders (LaTeX, text, man) cannot show an
    SVG; they get a sentence pointing to the comparison table, which shows the same cells.
    """

    def render(self, framework: Framework) -> list[Node]:
        """Return the heatmap image generated for *framework*, and the other builders' text."""
        from sphinx.addnodes import only  # noqa: PLC0415

        fw_id = framework.id
        folder = self.env.config.casebook_output_dir
        image = nodes.image(
            uri=f"/{folder}/_heatmaps/{fw_id}.svg",
            alt=f"Evidence heatmap for {framework.title}: each cell gives the strongest "
            "evidence status of the vanguard's own work.",
            width=str(heatmap.width(comparison(self.book, fw_id))),
            classes=["casebook-heatmap"],
        )
        box = nodes.container("", image, classes=["casebook-heatmap-box"])
        picture = only("", nodes.rubric(text="Evidence heatmap"), box, expr="html")
        elsewhere = only(
            "",
            paragraph(
                "The evidence heatmap of this comparison is a picture in the HTML version of "
                "these pages; the comparison table shows the same cells as text."
            ),
            expr="not html",
        )
        return [picture, elsewhere]


#: The domain's directives by name; :func:`casebook.sphinx.setup` adds them to the domain.
DIRECTIVES: dict[str, type[CasebookDirective]] = {
    "case": CaseDirective,
    "table": TableDirective,
    "framework": FrameworkDirective,
    "matrix": MatrixDirective,
    "gaps": GapsDirective,
    "heatmap": HeatmapDirective,
}
