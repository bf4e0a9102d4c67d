"""Write a new site plugin that installs, loads, validates and exports before anyone edits it.

``casebook new-site "Wirral Partners"`` writes ``wirral-partners/`` with a pyproject, a package
whose hook returns the data file, a TOML data file in which every field is explained, a README
and a test. Nothing that exists is overwritten.

The site's name is data, never code: it goes into TOML as an escaped basic string, into Python
as a ``repr`` literal, and into comments and Markdown as one escaped line. The folder is written
beside its target under a hidden staging name and renamed into place at the end, so a failed or
interrupted run leaves no half-written plugin to block the next one.
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
import tempfile
import unicodedata
from pathlib import Path

from casebook.errors import CasebookError
from casebook.export.escaping import escape_text
from casebook.wording import printable, quote

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(name: str) -> str:
    """Return a lower-case slug for *name*: ``"Wirral Partners"`` becomes ``wirral-partners``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return _NOT_SLUG.sub("-", ascii_name.lower()).strip("-")[:64].strip("-")


def toml_string(text: str) -> str:
    r"""Return *text* as a TOML basic string, which ``tomllib`` reads back as exactly *text*.

    Backslashes and quotes are escaped, and so is every character that is not printable
    (control characters, which TOML forbids raw, line separators, format characters), as
    ``\uXXXX`` or ``\UXXXXXXXX``.
    """
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(c if c.isprintable() else _toml_escape(c) for c in escaped) + '"'


def _toml_escape(char: str) -> str:
    code = ord(char)
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def new_site(name: str, output: str | Path = ".", site_id: str | None = None) -> Path:
    """Write a new site plugin for *name* under *output*; return its folder.

    :raises CasebookError: if the name gives no usable id or the folder already exists.
    """
    if not name.strip():
        msg = "the site name must not be empty"
        raise CasebookError(msg)
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        msg = f"the site name {quote(name)} is not Unicode text (it holds a lone surrogate)"
        raise CasebookError(msg) from None
    slug = site_id if site_id is not None else slugify(name)
    if not slug or slugify(slug) != slug:
        msg = f"cannot make a site id from {quote(name)}: give one with --id (a lower-case slug)"
        raise CasebookError(msg)
    package = "casebook_" + slug.replace("-", "_")
    folder = Path(output) / slug
    if folder.exists():
        msg = f"{folder} already exists: choose another --output or --id"
        raise CasebookError(msg)
    files = {
        "pyproject.toml": PYPROJECT,
        "README.md": README,
        f"src/{package}/__init__.py": INIT,
        f"src/{package}/{slug}.toml": DATA,
        f"tests/test_{package}.py": TEST,
    }
    values = {
        "slug": slug,
        "package": package,
        "name_line": printable(name),
        # On a line of its own, escaped: the name is text in the README, never Markdown or HTML.
        "name_markdown": escape_text(printable(name)),
        "name_toml": toml_string(name),
        "name_python": repr(name),
        "description_toml": toml_string(f"casebook case study: {name}."),
        "today": datetime.datetime.now(tz=datetime.UTC).date().isoformat(),
    }
    _write_staged(folder, {relative: t.format(**values) for relative, t in files.items()})
    return folder


def _write_staged(folder: Path, files: dict[str, str]) -> None:
    """Write *files* (relative path: text) into a staging folder, then rename it to *folder*."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.new-site-", dir=folder.parent))
    except OSError as exc:
        msg = f"cannot write in {folder.parent}: {exc.strerror or exc}"
        raise CasebookError(msg) from None
    try:
        for relative, text in files.items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, "utf-8")
        if not folder.exists():
            os.rename(staging, folder)  # noqa: PTH104 - one atomic rename of a folder
            return
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        msg = f"cannot write {folder}: {exc.strerror or exc}; nothing was left behind"
        raise CasebookError(msg) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(staging, ignore_errors=True)
    msg = f"{folder} already exists: choose another --output or --id"
    raise CasebookError(msg)


PYPROJECT = """\
[build-system]
requires = ["hatchling>=1.24"]
build-backend = "hatchling.build"

[project]
name = "casebook-{slug}"
version = "0.1.0"
description = {description_toml}
readme = "README.md"
requires-python = ">=3.11"
dependencies = ["casebook"]

[project.entry-points.casebook]
{slug} = "{package}"

[tool.hatch.build.targets.wheel]
packages = ["src/{package}"]
"""

README = """\
# casebook-{slug}

A [casebook](https://casebook.readthedocs.io/) site plugin holding the case study of this site:

{name_markdown}

The data is in `src/{package}/{slug}.toml`; every field is explained there. Then:

    casebook validate src/{package}/{slug}.toml   # check it
    pip install -e .                              # install the plugin
    casebook show {slug}                          # see it
    pytest                                        # run its tests
"""

INIT = '''\
"""casebook site plugin: the case study in ``{slug}.toml`` beside this module."""

from pathlib import Path

import pluggy

hookimpl = pluggy.HookimplMarker("casebook")

DATA_FILE = Path(__file__).with_name("{slug}.toml")


@hookimpl
def casebook_case_studies() -> list[Path]:
    """Contribute this site's case study as a data file."""
    return [DATA_FILE]
'''

DATA = """\
# The case study of {name_line}, in the format of casebook's schemas/case-study.schema.json.
#
# Replace every TODO with what your sources say, in your own words. Every factual item has a
# `cites` list naming ids from [[sources]] at the end. Where the sources say nothing, delete the
# field (or the whole table): an absent field means "the sources are silent". Dates are quoted
# strings, as precise as the source: "2015", "2015-03" or "2015-03-10".
# Check your work with:  casebook validate {slug}.toml

schema_version = "1.0"
id = "{slug}"                    # lower-case slug; it becomes a file name and a URL
name = {name_toml}
# aliases = ["Another name the site is known by"]
last_reviewed = "{today}"     # TODO: when you last checked this record against its sources

[programme]                      # the vanguard programme the site belonged to
# One of: pacs, mcp, urgent-emergency-care, enhanced-health-in-care-homes,
# acute-care-collaboration.
type = "pacs"                    # TODO
# selected = "2015-03"           # when it became a vanguard
cites = ["source-1"]

[place]
name = "TODO: the area served"
# region = "TODO: the wider region"
cites = ["source-1"]

# [population]                   # only if a source gives a figure
# count = 100000
# as_of = "2015"
# description = "registered patients"
# cites = ["source-1"]

[summary]
text = "TODO: a short summary of the site and its mental health work, in your own words."
cites = ["source-1"]

# [[organisations]]              # one table per organisation
# name = "TODO"
# role = "lead"                  # lead or partner
# sector = "nhs-provider"        # nhs-commissioner, nhs-provider, primary-care,
#                                # local-authority, voluntary or other
# description = "What it does in the site"
# other_names = ["An earlier name"]
# cites = ["source-1"]

# [[aims]]                       # what the site set out to do (aims are not outcomes)
# text = "TODO"
# mental_health = true           # for an aim about mental health: the comparison flags
#                                # mental-health aims and plans with nothing running
# cites = ["source-1"]

# [[initiatives]]                # what was done or planned
# id = "crisis-cafe"             # unique within this file
# title = "TODO"
# description = "TODO"
# settings = ["community-health"]   # primary-care, community-health, acute-hospital,
#                                   # emergency-care, mental-health-services, social-care,
#                                   # care-homes, voluntary-sector, home, schools, digital,
#                                   # population-wide
# areas = ["kings-fund-2017/urgent-care"]   # framework areas, only where a source supports it
# status = "implemented"         # planned (a plan in a source), implemented (running), or
#                                # evaluated (a source reports a measured outcome: add it)
# origin = "vanguard"            # vanguard (a source presents it as the vanguard's work),
#                                # pre-vanguard, other-programme (a source names the other
#                                # funder) or unattributed (no source says whose work it is);
#                                # only vanguard work counts as the vanguard's in comparisons
# origin_note = "Funded by ..."  # for any origin but vanguard
# started = "2016-04"
# cites = ["source-1"]

# [[outcomes]]                   # reported figures; forecasts are aims, not outcomes
# id = "admissions"
# measure = "TODO: what was measured"
# value = 12.5
# unit = "%"
# direction = "decrease"         # increase, decrease or no-change; omit for a level or count
# period = "2016/17"
# baseline = 100
# initiative = "crisis-cafe"     # the initiative it belongs to
# basis = "measured"             # measured (observed: a before-and-after change, a count),
#                                # estimate (a projection, what the work could achieve) or
#                                # reported (a figure given without its method); only a
#                                # measured outcome makes an initiative evaluated
# evaluated_by = "independent-evaluation"   # or commissioner, provider, press
# confidence = "medium"          # high, medium or low
# note = "Method not given"
# cites = ["source-1"]

# [[challenges]]
# text = "TODO"
# cites = ["source-1"]

# [[discrepancies]]              # where sources disagree: keep each version, with its sources
# subject = "When the cafe opened"
# initiative = "crisis-cafe"
# [[discrepancies.claims]]
# value = "March 2014"
# cites = ["source-1"]
# [[discrepancies.claims]]
# value = "April 2014"
# cites = ["source-2"]

[[sources]]                      # every document cited above
id = "source-1"
title = "TODO: the document's title"
kind = "other"                   # report, report-summary, news, blog, press-release, web-page,
                                 # newsletter, journal-article, policy, video or other
# publisher = "TODO"
# authors = ["TODO"]
# date = "2017-05"
# url = "https://example.org/TODO"
# note = "Where a copy was read"
"""

TEST = '''\
"""Tests of this site plugin: checked data, pinned figures, install and export."""

import pytest

import casebook
from casebook import testing
from casebook.exporting import export
from casebook.model import CaseStudy

import {package} as plugin

SITE_NAME = {name_python}

#: Every figure in the data (see casebook.testing.figures), each with the source it comes from,
#: for example "2015-03": "selected, per source-1". Add each one as you write it.
FIGURES: dict[str, str] = {{}}


@pytest.fixture(scope="module")
def case() -> CaseStudy:
    """The data file, checked as casebook.load() will check it."""
    return testing.load_checked(plugin.DATA_FILE)


def test_data_keeps_the_rules(case):
    """Every source is cited, and work that is not the vanguard's own says why."""
    assert ("{slug}", SITE_NAME) == (case.id, case.name)
    testing.assert_sources_cited(case)
    testing.assert_origins_explained(case)


def test_every_figure_is_pinned_to_a_source(case):
    """A figure added to or changed in the data fails until FIGURES names its source."""
    testing.assert_figures(case, FIGURES)


def test_installed_plugin_loads_and_exports(tmp_path):
    """casebook.load() serves the case study, and every installed format exports it."""
    book = casebook.load(strict=True)
    assert "{slug}" in book
    for name in book.exporters:
        assert export(book, name, tmp_path / name).written
'''
