"""Sphinx configuration for the casebook documentation site."""

from __future__ import annotations

project = "casebook"
author = "casebook developers"
copyright = "casebook developers"
extensions: list[str] = []
exclude_patterns = ["_build"]
html_theme = "alabaster"
nitpicky = True
