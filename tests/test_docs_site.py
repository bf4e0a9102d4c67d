"""The documentation site: built with warnings as errors in parallel, checked in a real browser.

The browser is headless Chromium (Debian's package, which scripts/setup.sh installs). Pages are
served from a local web server; the test follows links from the home page to a site page and a
comparison page, checks the heatmap and cross-reference links, uses the built-in search, and
saves a screenshot of each page it visits in docs/_build/screenshots.
"""

from __future__ import annotations

import functools
import http.server
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
             "format", "api", "changelog", "sphinx-extension", "casebook/index", "genindex"]  # fmt: skip
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

    handler = functools.partial(Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


def browse(url: str, name: str, tmp_path: Path, wait_ms: int = 0) -> str:
    """Open *url* in headless Chromium; save a screenshot; return the DOM after scripts ran."""
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: scripts/setup.sh installs it")
        pytest.skip("chromium is not installed")
    shots = ROOT / "docs" / "_build" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    profile = ["--user-data-dir=" + str(tmp_path / "profile")]
    budget = [f"--virtual-time-budget={wait_ms}"] if wait_ms else []
    subprocess.run(
        [CHROMIUM, *FLAGS, *profile, *budget, "--window-size=1280,1600",
         f"--screenshot={shots / (name + '.png')}", url],
        capture_output=True, timeout=120, check=True,
    )  # fmt: skip
    result = subprocess.run(
        [CHROMIUM, *FLAGS, *profile, *budget, "--dump-dom", url],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    assert (shots / f"{name}.png").stat().st_size > 0
    return result.stdout


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
