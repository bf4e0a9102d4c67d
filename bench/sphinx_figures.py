"""Figures of the Sphinx extension: full builds, per-page growth and incremental rebuilds.

Each build runs ``sphinx_build.py`` in its own process, as ``sphinx-build`` would, and is
announced on stderr before it starts, since one can take minutes. A build's time is the
processor time of its process: a Sphinx build runs on one core and waits little for the disk,
so on an idle machine that is its elapsed time, and on a shared one other work stretches the
elapsed time of one build more than another's, which a ratio of two builds would take for a
difference between them.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from core_figures import SITES
from corpus import write_corpus
from profiles import profile_section
from results import Comparison, Definition, Result
from sphinx_peers import FLOOR, NEEDS, write_peer_project
from timing import Progress

HERE = Path(__file__).resolve().parent
#: How often the small project is built: a short build's median steadies the per-page figure.
SMALL_BUILDS = 3
#: The time of a build, in what ``sphinx_build.py`` prints: the processor time of its process.
TIME = "cpu_seconds"
REBUILD_FLOOR = "the full build of the same project"
TRANSFORMS = "Sphinx's transforms walk every node of each page it reads again"
FIXED = (
    "Sphinx's fixed cost of any build (starting, loading and saving the environment: see the "
    "rebuild with nothing changed), which weighs more the smaller the project"
)

FULL = Definition(
    "Sphinx full build, the larger project",
    floor="Sphinx building, without casebook, a page per site holding the text of the "
    "extension's site page (profile, summary, organisations, aims, initiatives, outcomes, "
    "challenges, disagreements and references) in plain paragraphs and grid tables, source "
    "markers as plain text, under the same toctree (pages of 50 sites) and, as the extension "
    "keeps them out of case-study text, without smart quotes",
    limit=1.2,
    leaves_out=(
        "the extension's project has more pages (counted above): a framework's comparison "
        "with its heatmap, per framework and group of sites a comparison matrix, and a "
        "coverage page with a row per site; its site pages link each source marker to its "
        "reference, each framework area to its framework and each address. So its pages hold "
        "more nodes, and each of Sphinx's passes over a page (its transforms, the references, "
        "the search index, the HTML) walks every node: the table of stages below sets both "
        "builds of the smaller project side by side, with their nodes per record. It also "
        "loads the records through casebook (validating them), builds each page's nodes from "
        "the model (casebook's own share of a build is in the profile below) and registers "
        "each object with its domain."
    ),
)
PER_RECORD = Definition(
    "Sphinx per-record cost against sphinx-needs, the smaller project",
    floor="sphinx-needs' full build over the number of records: the same pages and text, "
    "each record's summary, initiatives and outcomes as the content of one need",
    limit=1.0,
    leaves_out=(
        "the extension's pages hold more than the need pages: its project's group, framework, "
        "comparison and coverage pages, and on each site page the links of each fact to its "
        "sources (see the full build's floor), so more nodes, which each of Sphinx's passes "
        "over a page walks (the table of stages below gives both builds' nodes and the time "
        "of each stage per record); sphinx-needs parses the same text as reStructuredText, "
        "which the extension's directives skip, and resolves its needs, with no cross-site "
        "pages."
    ),
)
PER_PAGE = Definition(
    "Sphinx per-page cost, the larger project against the smaller",
    floor="the per-page cost of the smaller project's full build (linear growth is 1x)",
    limit=1.15,
    leaves_out=(
        "casebook's own work per page does not grow with the sites (each page renders the "
        "sites it shows, and the domain forgets only the objects of the page read again); "
        "Sphinx's does, a little: each page's navigation lists every page of 50 sites (see the "
        "entries above), and Sphinx resolves it from the index's toctree, the current group's "
        "sites included, before pruning it to what is shown; its toctree collector removes "
        "each page it reads from every page's set of included pages, work that grows with "
        "the square of the pages (small at these sizes); the search index and the pickled "
        "environment, written once, grow with the number of sites. (The smaller build spreads "
        "Sphinx's fixed cost of a build over fewer pages, which lowers the ratio.)"
    ),
)
NOOP = Definition("Sphinx rebuild, nothing changed", condition="0 documents read")
SUMMARY = Definition(
    "Sphinx rebuild after one site's summary changed",
    floor=REBUILD_FLOOR,
    limit=0.1,
    leaves_out=f"{FIXED}; only the site's page is read: no page about all sites shows a summary.",
)
EVIDENCE = Definition(
    "Sphinx rebuild after one site's evidence changed",
    floor=REBUILD_FLOOR,
    limit=0.1,
    leaves_out=(
        "the site's page and the comparison of each framework whose cells changed are read "
        f"again, each comparison page with a row per site of its group; {TRANSFORMS}; {FIXED}."
    ),
)
RENAMED = Definition(
    "Sphinx rebuild after one site was renamed",
    floor=REBUILD_FLOOR,
    limit=0.1,
    leaves_out=(
        "a name is on every page about all sites: the table of sites, the comparisons and the "
        f"site's group page are read again, each with a row per site of its group; {TRANSFORMS}; "
        f"{FIXED}."
    ),
)


def sphinx_project(root: Path, count: int, kind: str = "casebook") -> tuple[Path, dict[str, str]]:
    """Make a Sphinx project of *count* sites: with the extension, or as a peer's pages.

    :param kind: ``"casebook"``, or a peer's project of the same records: :data:`FLOOR` or
        :data:`NEEDS`.
    """
    plugin = root / "plugin"
    write_corpus(plugin, count)
    env = {**os.environ, "CASEBOOK_PLUGINS_DIR": str(plugin)}
    src = root / "src"
    src.mkdir()
    # The root toctree as sphinx-quickstart writes it (maxdepth 2), so that the home page lists
    # the groups of sites rather than every section of every site.
    index = "Benchmark\n=========\n\n.. toctree::\n   :maxdepth: 2\n\n   casebook/index\n"
    (src / "index.rst").write_text(index)
    if kind != "casebook":
        write_peer_project(src, plugin / "corpus", need=kind == NEEDS)
    else:
        conf = 'project = "bench"\nextensions = ["casebook.sphinx"]\n'
        conf += f"casebook_disable_plugins = {SITES!r}\n"
        (src / "conf.py").write_text(conf)
    return src, env


def build(
    src: Path, env: dict[str, str], progress: Progress, what: str, profile: Path | None = None
) -> dict[str, Any]:
    """Run one Sphinx build in its own process; return its time and the documents read.

    :param profile: where to write the build's profile; then it builds into a folder of its
        own, leaving the project's last build as it was.
    """
    progress.say(f"    Sphinx build: {what} ...")
    out = src.parent / ("profiled" if profile else "out")
    args = [sys.executable, str(HERE / "sphinx_build.py"), str(src), str(out)]
    result = subprocess.run(
        [*args, *([str(profile)] if profile else [])],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    return json.loads(result.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def navigation(project: Path) -> int:
    """Return how many entries the navigation of the first site's page lists, once built."""
    html = (project / "out/casebook/sites/bench-site-00000.html").read_text("utf-8")
    return html.count('<li class="toctree-l')


def read_detail(found: dict[str, Any]) -> str:
    """Name the documents a build read."""
    return "read: " + (", ".join(found["read"]) or "nothing")


def sphinx_figures(
    small: int, large: int, progress: Progress
) -> tuple[list[Result], list[Comparison], list[str]]:
    """Time full, empty and changed Sphinx builds, the peers' builds and the small project.

    Return the figures, the peer table's rows and the section of the results on where the
    time of the extension's and sphinx-needs' builds goes.
    """
    work = Path(tempfile.mkdtemp(prefix="casebook-bench-sphinx-"))
    try:
        return _measure(work, small, large, progress)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _full_builds(
    src: Path, env: dict[str, str], work: Path, large: int, progress: Progress
) -> tuple[dict[str, Any], float, Result]:
    """Build the extension's project in *src* and the floor's; return both and the figure."""
    sizes = f"N = {large:,} sites"
    progress.start(FULL)
    full = build(src, env, progress, f"with the extension, {sizes}")
    floor_project = sphinx_project(work / FLOOR.split()[0], large, FLOOR)
    floor = build(*floor_project, progress, f"{FLOOR}, {sizes}")
    pages = f"{sizes}; pages: {len(full['read']):,} against {len(floor['read']):,}"
    return full, floor[TIME], progress.done(Result(FULL, [full[TIME]], [floor[TIME]], pages))


def _measure(
    work: Path, small: int, large: int, progress: Progress
) -> tuple[list[Result], list[Comparison], list[str]]:
    sizes = f"N = {large:,} sites"
    src, env = sphinx_project(work / "ext-large", large)
    full, floor, result = _full_builds(src, env, work, large, progress)
    results = [result]

    progress.start(PER_PAGE)
    small_src, small_env = sphinx_project(work / "ext-small", small)
    small_times = []
    for run in range(SMALL_BUILDS):
        shutil.rmtree(small_src.parent / "out", ignore_errors=True)
        what = f"with the extension, N = {small:,} sites, {run + 1} of {SMALL_BUILDS}"
        small_times.append(build(small_src, small_env, progress, what)[TIME] / small)
    per_page = full[TIME] / large
    detail = (
        f"N = {large:,} against N = {small:,}; a site page's navigation: "
        f"{navigation(src.parent):,} entries against {navigation(small_src.parent):,}"
    )
    results.append(progress.done(Result(PER_PAGE, [per_page], small_times, detail)))

    # sphinx-needs is measured on the smaller project: at 1,000 records its build ran for more
    # than nine minutes (a single process), which no run of this benchmark can afford.
    small_sizes = f"N = {small:,} sites"
    progress.start(PER_RECORD)
    needs_project = sphinx_project(work / NEEDS.split()[0], small, NEEDS)
    needs = build(*needs_project, progress, f"{NEEDS}, {small_sizes}")[TIME]
    shown = (work / "sphinx-needs/out/casebook/sites/bench-site-00000.html").read_text("utf-8")
    if "CS_BENCH_SITE_00000" not in shown:
        raise SystemExit("bench: sphinx-needs built the pages without their needs")
    per_record = Result(PER_RECORD, small_times, [needs / small], small_sizes)
    results.append(progress.done(per_record))
    compared = [
        Comparison(
            f"Sphinx full build, {small_sizes}: time per record",
            statistics.median(small_times),
            [(NEEDS, needs / small)],
        ),
        Comparison(
            f"Sphinx full build, {sizes}: time per record",
            full[TIME] / large,
            [(FLOOR, floor / large)],
        ),
    ]
    projects = {
        "casebook": (small_src, small_env),
        NEEDS: needs_project,
        FLOOR: sphinx_project(work / "floor-small", small, FLOOR),
    }

    progress.start(NOOP)
    noop = build(src, env, progress, "again, nothing changed")
    results.append(
        progress.done(
            Result(NOOP, [noop[TIME]], (), read_detail(noop), condition_met=not noop["read"])
        )
    )
    changed = sorted((work / "ext-large/plugin/corpus").glob("*.json"))[large // 2]
    data = json.loads(changed.read_text())

    def summary(data: dict[str, Any]) -> None:
        data["summary"]["text"] += " Changed."  # shown on the site's page only

    def evidence(data: dict[str, Any]) -> None:
        for initiative in data["initiatives"]:  # changes the site's cells in the comparisons
            initiative["status"] = "planned"
        for outcome in data["outcomes"]:
            outcome.pop("initiative", None)

    def rename(data: dict[str, Any]) -> None:
        data["name"] += " (renamed)"  # shown on every page about all sites

    for definition, change in ((SUMMARY, summary), (EVIDENCE, evidence), (RENAMED, rename)):
        progress.start(definition)
        change(data)
        changed.write_text(json.dumps(data))
        what = "again, " + definition.title.removeprefix("Sphinx rebuild ")
        found = build(src, env, progress, what)
        fixed = (
            f"; Sphinx's fixed cost, the rebuild with nothing changed: {noop[TIME]:.1f} s, "
            f"{noop[TIME] / full[TIME]:.3f}x the floor; without it "
            f"{(found[TIME] - noop[TIME]) / full[TIME]:.3f}x"
        )
        result = Result(definition, [found[TIME]], [full[TIME]], read_detail(found) + fixed)
        results.append(progress.done(result))
    profiles, doctrees = {}, {}
    for number, (kind, project) in enumerate(projects.items()):
        profiles[kind] = work / f"profile-{number}.prof"
        build(*project, progress, f"{kind}, {small_sizes}, under cProfile", profiles[kind])
        doctrees[kind] = project[0].parent / "profiled/.doctrees"
    return results, compared, profile_section(profiles, small, doctrees)
