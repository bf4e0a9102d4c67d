"""The ``casebook`` command: list, show, validate and export case studies; inspect plugins.

Exit codes: 0 success; 1 invalid data or a failed plugin; 2 wrong usage (including an unknown
id or format); 130 interrupted (Ctrl-C). Every expected error is one line (or one line per
problem) on standard error, never a traceback.

Building the parser never loads plugins, so ``--help`` of every command runs no plugin code.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse

    from casebook.book import Casebook
    from casebook.model import CaseStudy

# The modules below the version check are imported when needed: `casebook --version` is run
# by scripts and should cost little more than starting Python.

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
#: Exit code after Ctrl-C, as shells report a command stopped by SIGINT.
EXIT_INTERRUPTED = 130

_Handler = Callable[["argparse.Namespace"], int]


def run() -> None:
    """Entry point of the ``casebook`` console script."""
    raise SystemExit(main())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* (default: ``sys.argv[1:]``) and return the exit code."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    if arguments == ["--version"]:
        # Answered before the parser is built, so scripts that ask pay for nothing else.
        print(f"casebook {_version()}")
        return EXIT_OK
    from casebook.errors import (  # noqa: PLC0415
        CasebookError,
        UnknownIdError,
        UnknownValueError,
        ValidationError,
    )

    parser = build_parser()
    args = parser.parse_args(arguments)
    handler: _Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return handler(args)
    except ValidationError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_INVALID
    except (UnknownIdError, UnknownValueError) as exc:
        print(f"casebook: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except CasebookError as exc:
        print(f"casebook: error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        # The user's Ctrl-C (or a plugin raising KeyboardInterrupt, which looks the same); an
        # export stopped by it has already left its folder as it was.
        print("casebook: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # Output piped into a program that stopped reading (e.g. `| head`): not an error.
        sys.stderr.close()
        return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser; the CLI reference in the docs is generated from it."""
    import argparse  # noqa: PLC0415

    from casebook import vocabulary  # noqa: PLC0415

    parser = argparse.ArgumentParser(
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
        version=f"%(prog)s {_version()}",
        help="show casebook's version and exit",
    )
    common = argparse.ArgumentParser(add_help=False)
    group = common.add_argument_group("plugin options")
    group.add_argument(
        "--plugins-dir",
        metavar="DIR",
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
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(
        name: str, handler: _Handler, summary: str, description: str
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, parents=[common], help=summary, description=description)
        sub.set_defaults(handler=handler)
        return sub

    list_cmd = command(
        "list",
        _cmd_list,
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
        _cmd_show,
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
        _cmd_validate,
        "check case-study and framework data files",
        "Check data files (.json or .toml) without installing them: the schema, then ids, "
        "citations, initiative and framework-area references, and dates. In a folder, every "
        ".json and .toml file at any depth is checked, except pyproject.toml, package.json, "
        "hidden files, and files under hidden folders, folders whose name starts with '_', and "
        "folders named tests, test, build, dist, node_modules or venv. Only regular files of at "
        "most 16 MiB are read. Framework areas may come from the installed plugins or from "
        "framework files given here. Prints one line per problem: FILE: /json/pointer: message.",
    )
    validate_cmd.add_argument(
        "paths", metavar="PATH", nargs="+", help="a data file or a folder of them"
    )

    plugins_cmd = command(
        "plugins",
        _cmd_plugins,
        "list the loaded plugins and what they contribute",
        "List every plugin casebook found: its name (use it with --disable), where it came "
        "from, its version, what it contributes, and whether it failed. Exits 1 if any failed.",
    )
    _add_format(plugins_cmd)

    compare_cmd = command(
        "compare",
        _cmd_compare,
        "compare the sites against an assessment framework",
        "Print a site x area matrix for one framework. Each cell holds the strongest "
        "evidence status of the vanguard's own initiatives in that area (n/a, none, planned, "
        "implemented, evaluated) and, after a semicolon, what work of another origin adds "
        "where it is stronger (e.g. 'planned; evaluated pre-vanguard'). Then a legend, and the "
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

    new_site_cmd = command(
        "new-site",
        _cmd_new_site,
        "write a new site plugin, ready to fill in",
        "Write a folder with a new site plugin: pyproject.toml, a package, a TOML data file "
        "in which every field is explained, a README and a test. It installs, loads, validates "
        "and exports as it is; then replace its TODOs with what your sources say.",
    )
    new_site_cmd.add_argument(
        "name", metavar="NAME", help='the site\'s name, e.g. "Wirral Partners"'
    )
    new_site_cmd.add_argument(
        "--output", metavar="DIR", default=".", help="where to create the folder (default: here)"
    )
    new_site_cmd.add_argument(
        "--id", dest="site_id", metavar="ID", help="the site id (default: made from NAME)"
    )

    export_cmd = command(
        "export",
        _cmd_export,
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
        "--output", metavar="DIR", required=True, help="the folder to write into"
    )
    export_cmd.add_argument(
        "--site",
        metavar="ID",
        action="append",
        default=[],
        help="export only this case study; repeatable",
    )
    return parser


def _add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="table for people (default), json for scripts",
    )


def _version() -> str:
    from casebook._version import __version__  # noqa: PLC0415

    return __version__


def _load(args: argparse.Namespace) -> Casebook:
    from casebook.api import load  # noqa: PLC0415

    return load(plugins_dir=args.plugins_dir, disable=args.disable, strict=args.strict)


def _report_failures(book: Casebook) -> int:
    for report in book.failures:
        print(f"casebook: plugin {report.name!r} failed: {report.error}", file=sys.stderr)
    return EXIT_INVALID if book.failures else EXIT_OK


def _print_json(data: Any) -> None:
    import json  # noqa: PLC0415

    print(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True))


def _print_table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    rows = [[" ".join(cell.split()) for cell in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    for row in [list(headers), *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())


def _own_evidence(case: CaseStudy) -> str:
    """Return the strongest status of the vanguard's own initiatives, or ``none``."""
    from casebook.comparison import strongest  # noqa: PLC0415
    from casebook.model import VANGUARD  # noqa: PLC0415

    return strongest(i.status for i in case.initiatives if i.origin == VANGUARD)


def _cmd_list(args: argparse.Namespace) -> int:
    book = _load(args)
    cases = book.select(
        programme=args.programme,
        setting=args.setting,
        area=args.area,
        status=args.status,
        origin=args.origin,
    )
    if args.format == "json":
        _print_json(
            [
                {
                    "id": c.id,
                    "name": c.name,
                    "programme": c.programme.type,
                    "place": c.place.name,
                    "initiatives": len(c.initiatives),
                    "own_evidence": _own_evidence(c),
                }
                for c in cases
            ]
        )
    else:
        _print_table(
            ("ID", "NAME", "PROGRAMME", "PLACE", "INITIATIVES", "OWN EVIDENCE"),
            [
                (
                    c.id,
                    c.name,
                    c.programme.type,
                    c.place.name,
                    str(len(c.initiatives)),
                    _own_evidence(c),
                )
                for c in cases
            ],
        )
    return _report_failures(book)


def _cmd_show(args: argparse.Namespace) -> int:
    book = _load(args)
    if args.id not in book and _report_refused(book, "case study", args.id):
        return EXIT_INVALID
    case = book[args.id]
    if args.format == "json":
        from casebook.convert import to_data  # noqa: PLC0415

        _print_json(to_data(case))
    else:
        from casebook.plaintext import describe  # noqa: PLC0415

        for line in describe(case):
            print(line)
    return _report_failures(book)


def _report_refused(book: Casebook, kind: str, item_id: str) -> bool:
    """Say why an installed *kind* with *item_id* is not served, if it is not; tell if it was."""
    reasons = dict.fromkeys(
        refusal.reason
        for report in book.plugins
        for refusal in report.refused
        if refusal.kind == kind and refusal.id == item_id
    )
    for reason in reasons:
        print(
            f"casebook: error: {kind} {item_id!r} is installed but not served: {reason}",
            file=sys.stderr,
        )
    return bool(reasons)


def _cmd_validate(args: argparse.Namespace) -> int:
    from casebook.loading import validate_files  # noqa: PLC0415

    book = _load(args)
    known_areas = [ref for fw in book.frameworks.values() for ref in fw.area_refs()]
    case_studies, frameworks = validate_files(args.paths, known_areas, book.frameworks.values())
    _warn_installed(book, args.paths, [("case study", c.id) for c in case_studies])
    _warn_installed(book, args.paths, [("framework", f.id) for f in frameworks])
    count = len(case_studies) + len(frameworks)
    print(
        f"{count} file{'s' if count != 1 else ''} valid "
        f"({len(case_studies)} case studies, {len(frameworks)} frameworks)"
    )
    return EXIT_OK


def _warn_installed(book: Casebook, paths: Sequence[str], claims: list[tuple[str, str]]) -> None:
    """Warn of each id that an installed plugin already serves from a file not given here.

    Such a file is valid on its own, but installed beside that plugin neither would be served.
    """
    from casebook.loading import expand_paths  # noqa: PLC0415

    given = {path.resolve() for path in expand_paths(paths)}
    installed = {
        (c.kind, c.id): (report.name, c.where) for report in book.plugins for c in report.provided
    }
    for kind, item_id in claims:
        plugin, where = installed.get((kind, item_id), (None, ""))
        if plugin is None or (not where.startswith("<") and Path(where).resolve() in given):
            continue
        place = "" if where.startswith("<") else f" ({where})"
        print(
            f"casebook: warning: {kind} id {item_id!r} is already installed by plugin "
            f"{plugin!r}{place}; installed beside it, casebook would serve neither",
            file=sys.stderr,
        )


def _cmd_plugins(args: argparse.Namespace) -> int:
    book = _load(args)
    if args.format == "json":
        _print_json(
            [
                {
                    "name": p.name,
                    "origin": p.origin,
                    "distribution": p.distribution,
                    "version": p.version,
                    "hooks": list(p.hooks),
                    "contributes": list(p.contributes),
                    "status": p.status,
                    "error": p.error,
                }
                for p in book.plugins
            ]
        )
        return EXIT_INVALID if book.failures else EXIT_OK
    _print_table(
        ("NAME", "VERSION", "FROM", "CONTRIBUTES", "STATUS"),
        [
            (p.name, p.version or "-", p.origin, ", ".join(p.contributes) or "-", p.status)
            for p in book.plugins
        ],
    )
    return _report_failures(book)


def _cmd_compare(args: argparse.Namespace) -> int:
    from casebook.comparison import LEGEND, OTHER_ORIGINS_NOTE, compare  # noqa: PLC0415

    book = _load(args)
    result = compare(book, args.framework, args.origin)
    if args.format == "json":
        _print_json(result.to_data())
        return _report_failures(book)
    print(f"{result.framework.title} ({result.framework.id})")
    if result.framework.scope:
        print(
            f"Applies to: {', '.join(result.framework.scope.sites)}. {result.framework.scope.note}"
        )
    print()
    _print_table(
        ("SITE", *(area.id for area in result.areas)),
        [(site, *(result.cell_text(site, a.id) for a in result.areas)) for site in result.sites],
    )
    print()
    print("Legend:")
    for value, meaning in LEGEND.items():
        print(f"  {value}: {meaning}")
    if result.view == "split":
        print(f"  {OTHER_ORIGINS_NOTE}")
    print()
    print("Gaps (counted on the vanguard's own work):")
    for sentence in result.gap_sentences():
        print(f"  {sentence}")
    for sentence in result.flag_sentences(book):
        print(f"    - {sentence}")
    return _report_failures(book)


def _cmd_new_site(args: argparse.Namespace) -> int:
    from casebook.scaffold import new_site  # noqa: PLC0415

    folder = new_site(args.name, args.output, args.site_id)
    print(f"Created {folder}: fill in the TODOs in its data file, then 'pip install -e {folder}'")
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from casebook.exporting import export  # noqa: PLC0415

    book = _load(args)
    if args.format_name not in book.exporters:
        from casebook.errors import UnknownIdError  # noqa: PLC0415

        raise UnknownIdError("export format", args.format_name, book.exporters)
    if args.site:
        book = book.subset(args.site)
    result = export(book, args.format_name, args.output)
    print(
        f"{args.format_name}: {len(result.written)} files written, "
        f"{len(result.unchanged)} unchanged, {len(result.removed)} removed, in {args.output}"
    )
    for name in result.removed:
        print(f"removed {name} (an earlier export wrote it; this one does not)")
    for name in result.kept:
        print(
            f"casebook: kept {name}: an earlier export wrote it, but it was edited since; "
            "casebook leaves it to you",
            file=sys.stderr,
        )
    return _report_failures(book)
