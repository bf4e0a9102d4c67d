"""The documentation site: built with warnings as errors in parallel, checked in a real browser.

The browser is headless Chromium (Debian's package, which scripts/setup.sh installs). Pages are
served from a local web server; the test follows links from the home page to a site page and a
comparison page, checks the heatmap and cross-reference links, uses the built-in search, and
saves a screenshot of each page it visits in docs/_build/screenshots.
"""

from __future__ import annotations

import functools
import html
import http.server
import json
import os
import re
import shutil
import subprocess
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


# The built site is the fixture ``site`` of conftest.py, built once for every test file.


def test_site_has_every_page(site):
    """Home, guides, reference, a page per site and a comparison per framework."""
    import casebook

    book = casebook.load()
    pages = ["index", "getting-started", "guide", "cli", "site-plugin", "exporter-plugin",
             "format", "api", "changelog", "sphinx-extension", "casebook/index", "genindex",
             "coverage", "casebook/coverage"]  # fmt: skip
    pages += [f"casebook/sites/{case_id}" for case_id in book]
    pages += [f"casebook/frameworks/{fw_id}" for fw_id in book.frameworks]
    assert [] == [p for p in pages if not (site / f"{p}.html").is_file()]


def test_cli_reference_lists_every_command(site):
    """The CLI page is generated from the parser: every command appears."""
    from casebook.cli import build_parser

    html = (site / "cli.html").read_text("utf-8")
    help_text = build_parser().format_help()
    commands = re.findall(r"^    (\w[\w-]+)\s", help_text, re.MULTILINE)
    assert commands
    assert [] == [c for c in commands if f"casebook {c}" not in html]


def test_cli_reference_lists_every_installed_export_format(site):
    """The export command's entry names each installed format, what it writes and its plugin."""
    import casebook

    page = html.unescape((site / "cli.html").read_text("utf-8"))
    book = casebook.load()
    assert {"datapackage", "csl-json", "bibtex", "ris", "csv"} <= set(book.exporters)
    missing = [
        name
        for name, exporter in book.exporters.items()
        if f"{name}</span></code>: {exporter.description}" not in page
    ]
    assert [] == missing


def test_cli_reference_is_console_text_with_whole_usage_lines(site):
    """Help is plain text (no Python colours), usage lines are whole, options keep "--".

    The page coloured the help as Python, wrapped usage lines to the build's terminal and
    showed "--setting" as "\u2013setting" (smart dashes in the command descriptions).
    """
    from casebook.cli import build_parser

    page = (site / "cli.html").read_text("utf-8")
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert "\u2013" not in text
    assert "\u2014" not in text
    languages = re.findall(r'<div class="highlight-(\w+) notranslate">', page)
    assert languages
    assert {"text"} == set(languages)
    lines = {" ".join(line.split()) for line in text.splitlines()}
    parser = build_parser()
    parsers = [parser, *_subparsers(parser).values()]
    for each in parsers:
        assert " ".join(each.format_usage().split()) in lines
        options = [o for a in each._actions for o in a.option_strings]  # noqa: SLF001
        assert [] == [
            o for o in options if not re.search(rf"(?<![\w-]){re.escape(o)}(?![\w-])", text)
        ]
    assert any(re.search(r"Filters on initiatives \(--setting, --area", line) for line in lines)


def _subparsers(parser):
    import argparse

    for action in parser._actions:  # noqa: SLF001 - argparse offers no public way
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            return dict(action.choices)
    return {}


def test_format_page_documents_every_schema_field(site):
    """The data-format page names every property of every object in the schema."""
    from casebook.format.validation import schema

    html = (site / "format.html").read_text("utf-8")
    root = schema()
    objects = [root, *(d for d in root["$defs"].values() if d.get("type") == "object")]
    missing = [
        name for obj in objects for name in obj["properties"] if f"<p>{name}</p>" not in html
    ]
    assert [] == missing


@pytest.fixture(scope="module")
def server(site) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            """Serve the page; with ``?measure``, with the layout check of MEASURE added."""
            path, _, query = self.path.partition("?")
            if not query.startswith("measure"):
                super().do_GET()
                return
            page = (site / path.lstrip("/")).read_text("utf-8")
            body = page.replace("</body>", MEASURE + "</body>").encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    handler = functools.partial(Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


def browse(url: str, name: str, tmp_path: Path, wait_ms: int = 0, width: int = 1280) -> str:
    """Open *url* in headless Chromium *width* pixels wide; save a screenshot; return the DOM."""
    screenshot(url, name, tmp_path, wait_ms, width)
    result = subprocess.run(
        [CHROMIUM, *FLAGS, *chromium_options(tmp_path, wait_ms, width), "--dump-dom", url],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return result.stdout


def screenshot(url: str, name: str, tmp_path: Path, wait_ms: int = 0, width: int = 1280) -> None:
    """Save a screenshot of *url*, *width* pixels wide, as docs/_build/screenshots/NAME.png."""
    shots = ROOT / "docs" / "_build" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [CHROMIUM, *FLAGS, *chromium_options(tmp_path, wait_ms, width),
         f"--screenshot={shots / (name + '.png')}", url],
        capture_output=True, timeout=120, check=True,
    )  # fmt: skip
    assert (shots / f"{name}.png").stat().st_size > 0


def chromium_options(tmp_path: Path, wait_ms: int, width: int) -> list[str]:
    """Return Chromium's options for a window *width* pixels wide (or skip: no Chromium)."""
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: scripts/setup.sh installs it")
        pytest.skip("chromium is not installed")
    budget = [f"--virtual-time-budget={wait_ms}"] if wait_ms else []
    return [f"--user-data-dir={tmp_path / 'profile'}", *budget, f"--window-size={width},1600"]


def links(dom: str) -> list[str]:
    return re.findall(r'<a [^>]*href="([^"]+)"', dom)


def test_browser_follows_home_to_site_and_comparison(server, tmp_path):
    """From home to a site page and a comparison page; heatmap and cross-references work."""
    home = browse(server + "index.html", "home", tmp_path)
    site_link = next(h for h in links(home) if "casebook/sites/salford-together.html" in h)
    site_dom = browse(server + site_link.split("#")[0], "site-salford-together", tmp_path)
    assert "Salford Together" in site_dom
    assert "References" in site_dom

    comparison = next(h for h in links(site_dom) if "frameworks/" in h)
    url = urllib.request.urljoin(server + site_link, comparison.split("#")[0])
    compare_dom = browse(url, "comparison", tmp_path)
    image = re.search(r'<img [^>]*src="([^"]+\.svg)"', compare_dom)
    assert image, "the heatmap image is on the comparison page"
    with urllib.request.urlopen(urllib.request.urljoin(url, image.group(1))) as response:  # noqa: S310 - local server
        svg = response.read().decode()
    assert "<svg" in svg
    assert ">evaluated<" in svg or ">implemented<" in svg  # cell labels, readable without colour

    # Every cross-reference on the comparison page leads to a page and an anchor that exist.
    for href in links(compare_dom):
        if href.startswith(("http", "mailto")) or "#" not in href or href.endswith("#"):
            continue
        page, anchor = href.split("#", 1)
        target = urllib.request.urljoin(url, page) if page else url
        with urllib.request.urlopen(target) as response:  # noqa: S310 - local server
            html = response.read().decode()
        assert f'id="{anchor}"' in html, href


def test_search_finds_salford(server, tmp_path):
    """The built-in search finds the Salford case study."""
    dom = browse(server + "search.html?q=Salford", "search-salford", tmp_path, wait_ms=10000)
    results = [h for h in links(dom) if "salford-together" in h]
    assert results, "search results link to the Salford page"


#: A script added to a page to check its layout once it is loaded: whether the page scrolls
#: sideways, and, for every table, code block and picture in the text, whether it is cut off
#: (by the window, or by a box that hides what overflows) instead of scrolling inside its own
#: box. The result goes into the ``data-measured`` attribute of ``<body>``, as JSON. With
#: ``show=SELECTOR`` in the query, that element then moves to the top of the text, for a
#: screenshot of it at the same width.
MEASURE = """<script>
window.addEventListener("load", () => {
  const view = document.documentElement.clientWidth;
  const problems = [];
  const heatmaps = [];
  const describe = (el) => el.tagName.toLowerCase() + "." + [...el.classList].join(".");
  for (const el of document.querySelectorAll("[role=main] :is(table, pre, img)")) {
    const rect = el.getBoundingClientRect();
    let scroller = null;
    for (let up = el.parentElement; up && !scroller; up = up.parentElement) {
      const overflow = getComputedStyle(up).overflowX;
      const box = up.getBoundingClientRect();
      if (overflow === "auto" || overflow === "scroll") {
        scroller = up;
        const reachable = up.scrollWidth + 1 >= rect.width + (rect.left - box.left) + up.scrollLeft;
        if (!reachable) problems.push(describe(el) + " is wider than its scroll box can show");
        if (box.right > view + 1) problems.push(describe(up) + " goes past the window");
      } else if ((overflow === "hidden" || overflow === "clip") && rect.right > box.right + 1) {
        problems.push(describe(el) + " is cut off by " + describe(up));
        break;
      }
    }
    if (!scroller && rect.right > view + 1) problems.push(describe(el) + " goes past the window");
    if (el.matches("img.casebook-heatmap")) {
      heatmaps.push({src: el.getAttribute("src"), width: rect.width});
    }
  }
  const page = document.documentElement.scrollWidth;
  if (page > view + 1) problems.push("the page scrolls sideways: " + page + " > " + view);
  document.body.setAttribute("data-measured", JSON.stringify({window: window.innerWidth, problems, heatmaps}));
  const show = new URLSearchParams(location.search).get("show");
  if (show) document.querySelector("[role=main]").prepend(document.querySelector(show));
});
</script>"""


def layout(dom: str) -> dict:
    """Return what the script :data:`MEASURE` found in a page, from the page's DOM."""
    found = re.search(r'data-measured="([^"]*)"', dom)
    assert found, "the layout check ran"
    return json.loads(html.unescape(found[1]))


def smallest_font(svg: str) -> tuple[float, float]:
    """Return the width of an SVG's viewBox and its smallest font size, in its own units."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(svg)  # noqa: S314 - our own output, under test
    sizes = [float(e.get("font-size", 0)) for e in root.iter() if e.get("font-size")]
    return float((root.get("viewBox") or "").split()[2]), min(sizes)


@pytest.mark.parametrize("width", [1400, 500])
@pytest.mark.parametrize(
    "page", ["casebook/frameworks/london-2017", "casebook/frameworks/kings-fund-2017",
             "casebook/sites/salford-together"],
)  # fmt: skip
def test_wide_tables_and_the_heatmap_scroll_in_their_box_at_any_width(
    server, tmp_path, page, width
):
    """At 1,400 and 500 px nothing is cut off, the page never scrolls sideways, and the heatmap's
    smallest text is at least 10 px: wide tables and the picture scroll inside their own box.

    The nine-step London matrix overflowed at 1,400 px; at 500 px tables were cut off and the
    heatmap's text shrank to about 6 px.
    """
    name = page.rsplit("/", 1)[-1] + f"-{width}"
    dom = browse(server + page + ".html?measure", name, tmp_path, wait_ms=3000, width=width)
    measured = layout(dom)
    assert width == measured["window"]
    assert [] == measured["problems"]
    if "frameworks/" in page:
        assert measured["heatmaps"], "the comparison page shows its heatmap"
        for part in ("table", "heatmap"):
            shown = f"{server}{page}.html?measure&show=.casebook-{part}-box"
            screenshot(shown, f"{name}-{part}", tmp_path, wait_ms=3000, width=width)
    for heatmap in measured["heatmaps"]:
        url = urllib.request.urljoin(server + page + ".html", heatmap["src"])
        with urllib.request.urlopen(url) as response:  # noqa: S310 - local server
            view_width, font = smallest_font(response.read().decode())
        assert font * heatmap["width"] / view_width >= 10
