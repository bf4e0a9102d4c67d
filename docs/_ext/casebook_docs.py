"""Directives for casebook's own documentation, generated from the code so they cannot go stale.

``.. casebook-cli::`` renders every command's ``--help`` from the argument parser, and
``.. casebook-schema::`` renders every definition of the JSON Schema as a table.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from typing import Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from casebook.cli import build_parser
from casebook.format.validation import schema
from casebook.sphinx.nodes import table


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:  # noqa: SLF001 - argparse offers no public way
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            return dict(action.choices)
    return {}


#: The width the help is wrapped to, whatever the terminal of the build (``COLUMNS``) says.
HELP_WIDTH = 100


class _HelpFormatter(argparse.HelpFormatter):
    """Wrap at :data:`HELP_WIDTH` and never inside a hyphenated word such as ``pre-vanguard``."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=HELP_WIDTH, max_help_position=30)

    def _split_lines(self, text: str, width: int) -> list[str]:
        return textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False)


class _UsageFormatter(argparse.HelpFormatter):
    """Keep the usage on one line, however long: it shows every option at once."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=sys.maxsize)


def help_text(parser: argparse.ArgumentParser) -> str:
    """Return *parser*'s ``--help``: its usage on one line, the rest wrapped at a fixed width."""
    parser.formatter_class = _UsageFormatter
    usage = parser.format_usage()
    parser.formatter_class = _HelpFormatter
    head, blank, rest = parser.format_help().partition("\n\n")
    if not head.startswith("usage: ") or not blank:
        msg = f"the help of {parser.prog!r} does not start with its usage"
        raise ValueError(msg)
    return f"{usage}\n{rest}"


def _console(text: str) -> nodes.literal_block:
    """Return *text* as a literal block shown as plain console text (no syntax colours)."""
    block = nodes.literal_block(text, text, language="text")
    block["support_smartquotes"] = False
    return block


class CliReference(SphinxDirective):
    """Render ``casebook --help`` and each ``casebook COMMAND --help``."""

    def run(self) -> list[nodes.Node]:
        """Return the top-level help and a section per command."""
        parser = build_parser()
        out: list[nodes.Node] = [_console(help_text(parser))]
        for name, sub in _subparsers(parser).items():
            section = nodes.section(ids=[f"command-{name}"])
            section += nodes.title(text=f"casebook {name}")
            # Smart quotes would turn the "--" of an option name into an en dash.
            description = nodes.paragraph(text=sub.description or "")
            description["support_smartquotes"] = False
            section += description
            section += _console(help_text(sub))
            if name == "export":
                section += _formats()
            out.append(section)
        return out


def _formats() -> nodes.Node:
    """Return the export formats installed where the docs are built: each a plugin's."""
    import casebook  # noqa: PLC0415

    book = casebook.load()
    owners = {
        contribution.removeprefix("exporter "): report
        for report in book.plugins
        for contribution in report.contributes
        if contribution.startswith("exporter ")
    }
    rubric = nodes.paragraph(text="The formats installed here (casebook plugins lists yours):")
    items = nodes.bullet_list()
    for name, exporter in book.exporters.items():
        report = owners.get(name)
        if report is None or report.origin == "builtin":
            where = "built in"
        else:
            where = f"from {report.distribution or report.name}"
        item = nodes.list_item()
        paragraph = nodes.paragraph()
        paragraph += nodes.literal(text=name)
        paragraph += nodes.Text(f": {exporter.description} ({where})")
        item += paragraph
        items += item
    container = nodes.container()
    container += [rubric, items]
    return container


def _type(node: dict[str, Any]) -> str:
    if "$ref" in node:
        return node["$ref"].rsplit("/", 1)[-1]
    if "enum" in node:
        return "one of: " + ", ".join(map(str, node["enum"]))
    if "const" in node:
        return f"exactly {node['const']}"
    if node.get("type") == "array":
        return f"list of {_type(node.get('items', {}))}"
    return str(node.get("type", "any"))


def _description(node: dict[str, Any], defs: dict[str, Any]) -> str:
    if "description" in node:
        return str(node["description"])
    if "$ref" in node:
        return str(defs[node["$ref"].rsplit("/", 1)[-1]].get("description", ""))
    return ""


def _table(obj: dict[str, Any], defs: dict[str, Any]) -> nodes.Node:
    """Return a table of *obj*'s fields, with the column widths every builder needs."""
    required = set(obj.get("required", []))
    rows = [
        (name, _type(prop), "yes" if name in required else "no", _description(prop, defs))
        for name, prop in obj["properties"].items()
    ]
    return table(("Field", "Type", "Required", "Description"), rows)


class SchemaReference(SphinxDirective):
    """Render every object of ``schemas/case-study.schema.json``: fields, types, descriptions."""

    def run(self) -> list[nodes.Node]:
        """Return a section per schema object, and the value types."""
        root = schema()
        defs = root["$defs"]
        out: list[nodes.Node] = []
        objects = [("case study", root)] + [
            (name, node) for name, node in defs.items() if node.get("type") == "object"
        ]
        for name, node in objects:
            section = nodes.section(ids=[f"schema-{name.replace(' ', '-')}"])
            section += nodes.title(text=name)
            section += nodes.paragraph(text=node.get("description", ""))
            section += _table(node, defs)
            out.append(section)
        values = [(n, d) for n, d in defs.items() if d.get("type") != "object"]
        section = nodes.section(ids=["schema-values"])
        section += nodes.title(text="Value types")
        items = nodes.bullet_list()
        for name, node in values:
            item = nodes.list_item()
            item += nodes.paragraph(text=f"{name}: {node.get('description', '')}")
            items += item
        section += items
        out.append(section)
        return out


def setup(app: Any) -> dict[str, Any]:
    """Register the documentation directives."""
    app.add_directive("casebook-cli", CliReference)
    app.add_directive("casebook-schema", SchemaReference)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
