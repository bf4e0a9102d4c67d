"""The ``casebook`` command's argument parser: every verb, its options and its help.

Building the parser imports no plugin and reads nothing but its arguments, so ``--help`` of
every verb runs no plugin code. The documentation's CLI reference is generated from it.
"""

from __future__ import annotations

import argparse
import os
import sys

from casebook.cli import commands
from casebook.cli.codes import Handler, version


class HelpFormatter(argparse.HelpFormatter):
    """argparse's help layout, told the terminal's width without importing :mod:`shutil`.

    argparse makes a formatter for every argument added (to check its ``nargs``), and its own
    asks :func:`shutil.get_terminal_size`, whose import (with the compression modules shutil
    loads) was a noticeable part of starting ``casebook list``. The width is found the same
    way: ``$COLUMNS``, else the terminal of standard output, else 80 columns.
    """

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        super().__init__(prog, indent_increment, max_help_position, width or _columns() - 2)


def _columns() -> int:
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:  # as shutil reads it: zero, a negative or a word means "ask the terminal"
        return columns
    stdout = sys.__stdout__
    try:
        return (os.get_terminal_size(stdout.fileno()).columns if stdout else 0) or 80
    except (ValueError, OSError):
        return 80


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser; the CLI reference in the docs is generated from it."""
    from casebook import vocabulary  # noqa: PLC0415

    parser = argparse.ArgumentParser(
        formatter_class=HelpFormatter,
        prog="casebook",
        description=(
            "Structured, cited case studies of NHS England's new care models vanguard sites: "
            "how they joined up mental health with physical health and social care."
        ),
        epilog="Run 'casebook COMMAND --help' for the options of each command.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"%(prog)s {version()}",
        help="show casebook's version and exit",
    )
    common = argparse.ArgumentParser(add_help=False, formatter_class=HelpFormatter)
    group = common.add_argument_group("plugin options")
    group.add_argument(
        "--plugins-dir",
        metavar="DIR",
        type=path_given,
        help="also load every .py file in DIR as a plugin (default: $CASEBOOK_PLUGINS_DIR)",
    )
    group.add_argument(
        "--disable",
        metavar="NAME",
        action="append",
        default=[],
        help="do not load the plugin NAME, as 'casebook plugins' shows it; repeatable "
        "(also: $CASEBOOK_DISABLE_PLUGINS, comma-separated)",
    )
    group.add_argument(
        "--strict",
        action="store_true",
        help="stop at the first plugin that fails or contributes invalid data",
    )
    verbs = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(
        name: str, handler: Handler, summary: str, description: str, *, plugins: bool = True
    ) -> argparse.ArgumentParser:
        sub = verbs.add_parser(
            name,
            parents=[common] if plugins else [],
            help=summary,
            description=description,
            formatter_class=HelpFormatter,
        )
        sub.set_defaults(handler=handler)
        return sub

    list_cmd = command(
        "list",
        commands.cmd_list,
        "list the installed case studies",
        "List the installed case studies, one line each, optionally filtered. Filters on "
        "initiatives (--setting, --area, --status, --origin) must all hold for the same "
        "initiative. OWN EVIDENCE is the strongest status of the vanguard's own initiatives; "
        "work that began before the vanguard or belongs to another programme is not counted.",
    )
    _add_format(list_cmd)
    list_cmd.add_argument(
        "--programme",
        metavar="TYPE",
        help="only this vanguard programme type: "
        + ", ".join(vocabulary.PROGRAMME_TYPES)
        + " (PACS, MCP and UEC work too)",
    )
    list_cmd.add_argument(
        "--setting",
        choices=vocabulary.SETTINGS,
        help="only sites with an initiative in this care setting",
    )
    list_cmd.add_argument(
        "--area",
        metavar="FRAMEWORK[/AREA]",
        help="only sites with an initiative serving this framework area "
        "(or any area of a framework)",
    )
    list_cmd.add_argument(
        "--status",
        choices=vocabulary.STATUSES,
        help="only sites with an initiative of this evidence status",
    )
    list_cmd.add_argument(
        "--origin",
        choices=vocabulary.ORIGINS,
        help="only sites with an initiative of this origin (vanguard: the vanguard's own work)",
    )

    show_cmd = command(
        "show",
        commands.cmd_show,
        "show one case study with its sources",
        "Show one case study with every field it records: programme, place, population, "
        "organisations, aims, initiatives (with origin and framework areas), outcomes (with "
        "basis, producer, baseline, period and notes), challenges, discrepancies and sources, "
        "each fact with numbered references to its sources.",
    )
    show_cmd.add_argument(
        "id", metavar="ID", help="the case study's id, as 'casebook list' shows it"
    )
    _add_format(show_cmd)

    validate_cmd = command(
        "validate",
        commands.cmd_validate,
        "check case-study and framework data files",
        "Check data files (.json or .toml) without installing them: the schema, then ids, "
        "citations, initiative and framework-area references, and dates. In a folder, every "
        ".json and .toml file at any depth is checked, except pyproject.toml, package.json, "
        "package-lock.json, hidden files, and files under hidden folders, folders whose name "
        "starts with '_', and folders named tests, test, build, dist, node_modules or venv. "
        "Only regular files of at most 16 MiB are read. Framework areas may come from the "
        "installed plugins or from framework files given here. Prints one line per problem: "
        "FILE: /json/pointer: message. A case study last reviewed longer ago than "
        "--max-review-age gets a warning in the same form (FILE: /last_reviewed: ...); with "
        "--strict, such a warning fails too (exit 1).",
    )
    validate_cmd.add_argument(
        "paths", metavar="PATH", nargs="+", type=path_given, help="a data file or a folder of them"
    )
    validate_cmd.add_argument(
        "--max-review-age",
        metavar="AGE",
        default="2y",
        help="warn of case studies last reviewed longer ago than AGE: a whole number of years, "
        "months or days, e.g. 2y (the default), 18m or 400d; a bare number is days",
    )
    validate_cmd.add_argument(
        "--today",
        metavar="YYYY-MM-DD",
        help="measure review ages from this date instead of today's, e.g. for a check whose "
        "result must not change with the day it runs",
    )
    _add_quiet(validate_cmd)

    plugins_cmd = command(
        "plugins",
        commands.cmd_plugins,
        "list the loaded plugins and what they contribute",
        "List every plugin casebook found: its name (use it with --disable), where it came "
        "from, its version, what it contributes, and whether it failed. Exits 1 if any failed.",
    )
    _add_format(plugins_cmd)

    compare_cmd = command(
        "compare",
        commands.cmd_compare,
        "compare the sites against an assessment framework",
        "Print, for one framework, each site's evidence in each area: the strongest "
        "evidence status of the vanguard's own initiatives in that area (n/a, none, planned, "
        "implemented, evaluated) and, after a semicolon, what work of another origin adds "
        "where it is stronger (e.g. 'planned; evaluated (began before the vanguard)'). Then a "
        "legend, and the "
        "gaps, counted on the vanguard's own work: areas where no site has evaluated evidence, "
        "and sites whose mental-health aims and plans have nothing a source says is running, "
        "each with the aims and initiatives behind it.",
    )
    compare_cmd.add_argument(
        "--framework", metavar="ID", required=True, help="the framework's id, e.g. kings-fund-2017"
    )
    compare_cmd.add_argument(
        "--origin",
        choices=("vanguard", "all"),
        help="one status per cell instead of the split view: the vanguard's own work only "
        "(vanguard), or the strongest of any origin (all)",
    )
    _add_format(compare_cmd)

    coverage_cmd = command(
        "coverage",
        commands.cmd_coverage,
        "show which parts of the format each site's record holds",
        "Show, for each site, which parts of its record hold data and which are absent "
        "(population, lead organisation, outcomes measured, estimated, with a baseline, with "
        "a period and with an evaluator, and mental-health initiatives by status); then, for "
        "each framework area, how many of the sites in the framework's scope have any, "
        "implemented and evaluated evidence of the vanguard's own work there. What a record "
        "does not hold is shown as 'not in the sources read' (null in JSON), never as zero.",
    )
    _add_format(coverage_cmd)

    new_site_cmd = command(
        "new-site",
        commands.cmd_new_site,
        "write a new site plugin, ready to fill in",
        "Write a folder with a new site plugin: pyproject.toml, a package, a TOML data file "
        "in which every field is explained, a README and a test. It installs, loads, validates "
        "and exports as it is; then replace its TODOs with what your sources say.",
        plugins=False,  # it loads no plugin, so it offers no option that would be ignored
    )
    new_site_cmd.add_argument(
        "name", metavar="NAME", help='the site\'s name, e.g. "Wirral Partners"'
    )
    new_site_cmd.add_argument(
        "--output",
        metavar="DIR",
        default=".",
        type=path_given,
        help="where to create the folder (default: here)",
    )
    new_site_cmd.add_argument(
        "--id", dest="site_id", metavar="ID", help="the site id (default: made from NAME)"
    )

    export_cmd = command(
        "export",
        commands.cmd_export,
        "write the case studies in an output format",
        "Write every installed case study (or those given with --site) in a format that a "
        "plugin provides. Unchanged files are left alone; files casebook did not write are "
        "never touched.",
    )
    export_cmd.add_argument(
        "--format",
        dest="format_name",
        metavar="NAME",
        required=True,
        help="the output format, as a plugin provides it (json, markdown and sphinx are built "
        "in; 'casebook plugins' lists every installed one)",
    )
    export_cmd.add_argument(
        "--output", metavar="DIR", required=True, type=path_given, help="the folder to write into"
    )
    export_cmd.add_argument(
        "--site",
        metavar="ID",
        action="append",
        default=[],
        help="export only this case study; repeatable",
    )
    _add_quiet(export_cmd)
    return parser


def path_given(text: str) -> str:
    """Return *text*, a path on the command line, refusing an empty one.

    An empty path is most often a variable that was not set (``--output "$OUT"``); taken as it
    is, it would name the current folder, and an export would write into it.
    """
    if not text:
        msg = "an empty path: give a file or folder (. for the current folder)"
        raise argparse.ArgumentTypeError(msg)
    return text


def _add_quiet(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--quiet",
        action="store_true",
        help="show no progress bar (one is shown on a terminal for 50 files or more)",
    )


def _add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="table for people (default), json for scripts",
    )
