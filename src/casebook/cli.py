"""The ``casebook`` command: list, show, validate and export case studies; inspect plugins.

Exit codes: 0 success; 1 invalid data or a failed plugin; 2 wrong usage (including an unknown
id or format). Every expected error is one line (or one line per problem) on standard error,
never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, get_args

if TYPE_CHECKING:
    import argparse

    from casebook.book import Casebook
    from casebook.model import CaseStudy

# The modules below the version check are imported when needed: `casebook --version` is run
# by scripts and should cost little more than starting Python.

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2

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
    from casebook.errors import CasebookError, UnknownIdError, ValidationError  # noqa: PLC0415

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
    except UnknownIdError as exc:
        print(f"casebook: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except CasebookError as exc:
        print(f"casebook: error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except BrokenPipeError:
        # Output piped into a program that stopped reading (e.g. `| head`): not an error.
        sys.stderr.close()
        return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser; the CLI reference in the docs is generated from it."""
    import argparse  # noqa: PLC0415

    from casebook import model  # noqa: PLC0415

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
        "initiatives (--setting, --area, --status) must all hold for the same initiative.",
    )
    _add_format(list_cmd)
    list_cmd.add_argument(
        "--programme",
        choices=get_args(model.ProgrammeType),
        help="only this vanguard programme type",
    )
    list_cmd.add_argument(
        "--setting",
        choices=get_args(model.Setting),
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
        choices=model.STATUS_ORDER,
        help="only sites with an initiative of this evidence status",
    )

    show_cmd = command(
        "show",
        _cmd_show,
        "show one case study with its sources",
        "Show one case study: programme, place, organisations, initiatives, outcomes, "
        "challenges and discrepancies, each with numbered references to its sources.",
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
        "Print a site x area matrix for one framework, each cell holding the strongest "
        "evidence status of the site's initiatives in that area (none, planned, implemented, "
        "evaluated), a legend, and the gaps: areas where no site has evaluated evidence, and "
        "sites with aims but nothing a source says is running.",
    )
    compare_cmd.add_argument(
        "--framework", metavar="ID", required=True, help="the framework's id, e.g. kings-fund-2017"
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
        help="the output format; installed: " + _formats_hint(),
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


def _formats_hint() -> str:
    # Listing formats means loading plugins, which --help of other commands should not pay for.
    if "export" not in sys.argv[1:2]:
        return "see 'casebook export --help'"
    from casebook.api import load  # noqa: PLC0415

    book = load()
    return (
        ", ".join(f"{name} ({cls.description})" for name, cls in book.exporters.items()) or "none"
    )


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


def _strongest(case: CaseStudy) -> str:
    statuses = case.statuses()
    from casebook.model import STATUS_ORDER  # noqa: PLC0415

    return max(statuses, key=STATUS_ORDER.index) if statuses else "none"


def _cmd_list(args: argparse.Namespace) -> int:
    book = _load(args)
    cases = book.select(
        programme=args.programme, setting=args.setting, area=args.area, status=args.status
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
                    "strongest_status": _strongest(c),
                }
                for c in cases
            ]
        )
    else:
        _print_table(
            ("ID", "NAME", "PROGRAMME", "PLACE", "INITIATIVES", "STRONGEST EVIDENCE"),
            [
                (
                    c.id,
                    c.name,
                    c.programme.type,
                    c.place.name,
                    str(len(c.initiatives)),
                    _strongest(c),
                )
                for c in cases
            ],
        )
    return _report_failures(book)


def _cmd_show(args: argparse.Namespace) -> int:
    book = _load(args)
    case = book[args.id]
    if args.format == "json":
        from casebook.convert import to_data  # noqa: PLC0415

        _print_json(to_data(case))
    else:
        for line in describe(case):
            print(line)
    return _report_failures(book)


def describe(case: CaseStudy) -> list[str]:
    """Return a plain-text write-up of *case*, with numbered references to its sources."""
    number = {source.id: index for index, source in enumerate(case.sources, 1)}

    def refs(cites: Iterable[str]) -> str:
        return "[" + ", ".join(str(number[c]) for c in cites) + "]"

    def one_line(text: str) -> str:
        return " ".join(text.split())

    lines = [f"{one_line(case.name)} ({case.id})"]
    if case.aliases:
        lines.append("Also known as: " + "; ".join(one_line(a) for a in case.aliases))
    programme = case.programme
    selected = f", selected {programme.selected}" if programme.selected else ""
    lines.append(f"Programme: {programme.type}{selected} {refs(programme.cites)}")
    region = f", {one_line(case.place.region)}" if case.place.region else ""
    lines.append(f"Place: {one_line(case.place.name)}{region} {refs(case.place.cites)}")
    if case.population:
        pop = case.population
        as_of = f" (as of {pop.as_of})" if pop.as_of else ""
        lines.append(f"Population: {pop.count:,}{as_of} {refs(pop.cites)}")
    lines.append(f"Last reviewed: {case.last_reviewed}")
    lines += ["", "Summary:", f"  {one_line(case.summary.text)} {refs(case.summary.cites)}"]
    if case.organisations:
        lines += ["", "Organisations:"]
        lines += [
            f"  - {one_line(o.name)} ({o.role}, {o.sector}) {refs(o.cites)}"
            for o in case.organisations
        ]
    for title, statements in (("Aims", case.aims), ("Challenges", case.challenges)):
        if statements:
            lines += ["", f"{title}:"]
            lines += [f"  - {one_line(s.text)} {refs(s.cites)}" for s in statements]
    if case.initiatives:
        lines += ["", "Initiatives:"]
        for i in case.initiatives:
            settings = ", ".join(i.settings) or "setting not stated"
            lines.append(
                f"  - {one_line(i.title)} [{i.status}; {i.origin}; {settings}] {refs(i.cites)}"
            )
    if case.outcomes:
        lines += ["", "Outcomes:"]
        for o in case.outcomes:
            details = [d for d in (o.direction, o.period and one_line(o.period)) if d]
            details.append(f"confidence {o.confidence}")
            lines.append(
                f"  - {one_line(o.measure)}: {o.value:g} {one_line(o.unit)} "
                f"({'; '.join(details)}) {refs(o.cites)}"
            )
    if case.discrepancies:
        lines += ["", "Where sources disagree:"]
        for d in case.discrepancies:
            claims = " / ".join(f"{one_line(c.value)} {refs(c.cites)}" for c in d.claims)
            lines.append(f"  - {one_line(d.subject)}: {claims}")
    lines += ["", "Sources:"]
    for source in case.sources:
        parts = [one_line(source.title)]
        parts += [one_line(p) for p in (source.publisher, source.date, source.url) if p]
        lines.append(f"  [{number[source.id]}] " + ". ".join(parts))
    return lines


def _cmd_validate(args: argparse.Namespace) -> int:
    from casebook.loading import validate_files  # noqa: PLC0415

    book = _load(args)
    known_areas = [ref for fw in book.frameworks.values() for ref in fw.area_refs()]
    case_studies, frameworks = validate_files(args.paths, known_areas)
    count = len(case_studies) + len(frameworks)
    print(
        f"{count} file{'s' if count != 1 else ''} valid "
        f"({len(case_studies)} case studies, {len(frameworks)} frameworks)"
    )
    return EXIT_OK


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
    from casebook.comparison import LEGEND, compare  # noqa: PLC0415

    book = _load(args)
    result = compare(book, args.framework)
    if args.format == "json":
        _print_json(result.to_data())
        return _report_failures(book)
    print(f"{result.framework.title} ({result.framework.id})")
    print()
    _print_table(
        ("SITE", *(area.id for area in result.areas)),
        [(site, *(result.cell(site, a.id) for a in result.areas)) for site in result.sites],
    )
    print()
    print("Legend:")
    for value, meaning in LEGEND.items():
        print(f"  {value}: {meaning}")
    print()
    print("Gaps:")
    for sentence in result.gap_sentences():
        print(f"  {sentence}")
    return _report_failures(book)


def _cmd_new_site(args: argparse.Namespace) -> int:
    from casebook.scaffold import new_site  # noqa: PLC0415

    folder = new_site(args.name, args.output, args.site_id)
    print(f"Created {folder}: fill in the TODOs in its data file, then 'pip install -e {folder}'")
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from casebook.exporting import export  # noqa: PLC0415

    book = _load(args)
    if args.site:
        book = book.subset(args.site)
    result = export(book, args.format_name, args.output)
    print(
        f"{args.format_name}: {len(result.written)} files written, "
        f"{len(result.unchanged)} unchanged, in {args.output}"
    )
    return _report_failures(book)
