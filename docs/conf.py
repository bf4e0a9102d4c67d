"""Sphinx configuration for the casebook documentation site."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "casebook"
author = "casebook developers"
copyright = "casebook developers"
extensions = [
    "sphinx.ext.autodoc",
    "casebook.sphinx",
    "casebook_docs",
    "casebook_vocabulary",
    "casebook_data",
]
exclude_patterns = ["_build", "examples"]
html_theme = "furo"
html_title = "casebook"
nitpicky = True
# Types from outside casebook that autodoc names but this site does not document.
nitpick_ignore_regex = [
    ("py:class", r"(pluggy|attrs|attr|os|argparse|pathlib|collections\.abc|typing|_io)\..*"),
    ("py:class", r"(Path|PathLike|TypeVar|T|Any|Node|Sphinx|BuildEnvironment)"),
    ("py:class", r"casebook\.(model|compare)\.[A-Z][A-Za-z]*"),
    ("py:class", r"casebook\.plugins\.LoadedPlugins"),
    ("py:class", r"(CaseStudy|Framework|Casebook|PluginReport|Exporter|Problem)"),
    ("py:class", r"ExportResult|Comparison|Iterable|Mapping|Collection|Iterator"),
]
autodoc_member_order = "bysource"
autodoc_typehints = "none"
casebook_output_dir = "casebook"
