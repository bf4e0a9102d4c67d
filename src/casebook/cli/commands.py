"""What each verb of the ``casebook`` command does, once its arguments are parsed.

Each ``cmd_*`` function takes the parsed arguments and returns the exit code; errors a user can
cause are raised as :class:`~casebook.errors.CasebookError` and turned into one line by
:func:`casebook.cli.main`. Heavy modules are imported by the verb that needs them.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from casebook.cli.codes import EXIT_INVALID, EXIT_OK
from casebook.cli.output import say, say_json, say_table

if TYPE_CHECKING:
    import argparse

    from casebook.book import Casebook
    from casebook.model import CaseStudy


def _load(args: argparse.Namespace) -> Casebook:
    from casebook.api import load  # noqa: PLC0415

    return load(plugins_dir=args.plugins_dir, disable=args.disable, strict=args.strict)


def _report_failures(book: Casebook) -> int:
    for report in book.failures:
        say(f"casebook: plugin {report.name!r} failed: {report.error}", file=sys.stderr)
    return EXIT_INVALID if book.failures else EXIT_OK


def _own_evidence(case: CaseStudy) -> str:
    """Return the strongest status of the vanguard's own initiatives, or ``none``."""
    from casebook.model import VANGUARD, strongest  # noqa: PLC0415

    return strongest(i.status for i in case.initiatives if i.origin == VANGUARD) or "none"


def cmd_list(args: argparse.Namespace) -> int:
    """Run ``casebook list``."""
    book = _load(args)
    cases = book.select(
        programme=args.programme,
        setting=args.setting,
        area=args.area,
        status=args.status,
        origin=args.origin,
    )
    if args.format == "json":
        say_json(
            [
                {
                    "id": c.id,
                    "name": c.name,
                    "programme": c.programme.type,
                    "place": c.place.name,
                    "initiatives": len(c.initiatives),
                    "own_evidence": _own_evidence(c),
                    "last_reviewed": c.last_reviewed,
                }
                for c in cases
            ]
        )
    else:
        from casebook.vocabulary import PROGRAMME_TERMS  # noqa: PLC0415

        say_table(
            ("ID", "NAME", "PROGRAMME", "PLACE", "INITIATIVES", "OWN EVIDENCE", "REVIEWED"),
            [
                (
                    c.id,
                    c.name,
                    PROGRAMME_TERMS[c.programme.type].label,
                    c.place.name,
                    str(len(c.initiatives)),
                    _own_evidence(c),
                    c.last_reviewed,
                )
                for c in cases
            ],
        )
    return _report_failures(book)


def cmd_show(args: argparse.Namespace) -> int:
    """Run ``casebook show``."""
    book = _load(args)
    if args.id not in book and _report_refused(book, "case study", args.id):
        return EXIT_INVALID
    case = book[args.id]
    if args.format == "json":
        from casebook.format.convert import to_data  # noqa: PLC0415

        say_json(to_data(case))
    else:
        from casebook.export.pages import area_titles  # noqa: PLC0415
        from casebook.export.plaintext import describe  # noqa: PLC0415

        for line in describe(case, area_titles(book.frameworks.values())):
            say(line)
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
        say(
            f"casebook: error: {kind} {item_id!r} is installed but not served: {reason}",
            file=sys.stderr,
        )
    return bool(reasons)


def cmd_validate(args: argparse.Namespace) -> int:
    """Run ``casebook validate``."""
    import datetime  # noqa: PLC0415

    from casebook.cli.progress import Progress  # noqa: PLC0415
    from casebook.errors import Problem, ValidationError  # noqa: PLC0415
    from casebook.format import review  # noqa: PLC0415
    from casebook.format.files import ValidFile, check_files  # noqa: PLC0415
    from casebook.model import Framework  # noqa: PLC0415

    limit = review.parse_review_age(args.max_review_age, "--max-review-age")
    if args.today is None:
        today = datetime.date.today()  # noqa: DTZ011 - the user's own calendar day
    else:
        today = review.parse_today(args.today, "--today")
    book = _load(args)
    # Said first, as every command says it: a failed framework plugin leaves its areas unknown,
    # so the problems that follow may come from the failure.
    failed = _report_failures(book)
    known_areas = [ref for fw in book.frameworks.values() for ref in fw.area_refs()]
    installed = _installed_ids(book)
    # Only counts, review warnings and the ids an installed plugin serves too are kept, not
    # the documents nor every id: memory stays flat.
    counts = {"case study": 0, "framework": 0}
    claimed: dict[str, list[str]] = {"case study": [], "framework": []}
    overdue: list[Problem] = []

    def take(valid: ValidFile) -> None:
        kind = "framework" if valid.kind is Framework else "case study"
        counts[kind] += 1
        if (kind, valid.id) in installed:
            claimed[kind].append(valid.id)
        if kind == "case study" and valid.last_reviewed is not None:
            problem = review.review_date_problem(valid.last_reviewed, valid.file, today, limit)
            overdue.extend([problem] if problem else [])

    progress = Progress(enabled=not args.quiet)
    try:
        check_files(args.paths, known_areas, book.frameworks.values(), take, progress)
    finally:
        progress.close()
    if overdue and args.strict:
        raise ValidationError(overdue)
    for problem in sorted(overdue):
        say(problem, file=sys.stderr)
    if claimed["case study"] or claimed["framework"]:
        _warn_installed(installed, args.paths, claimed)
    count = counts["case study"] + counts["framework"]
    say(
        f"{count} file{'s' if count != 1 else ''} valid "
        f"({_counted(counts['case study'], 'case study', 'case studies')}, "
        f"{_counted(counts['framework'], 'framework', 'frameworks')})"
    )
    return failed


def _counted(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _installed_ids(book: Casebook) -> dict[tuple[str, str], tuple[str, str]]:
    """Return the plugin and place of each ``(kind, id)`` the installed plugins provide."""
    return {
        (c.kind, c.id): (report.name, c.where) for report in book.plugins for c in report.provided
    }


def _warn_installed(
    installed: Mapping[tuple[str, str], tuple[str, str]],
    paths: Sequence[str],
    claimed: Mapping[str, Sequence[str]],
) -> None:
    """Warn of each id that an installed plugin already serves from a file not given here.

    Such a file is valid on its own, but installed beside that plugin neither would be served.

    :param claimed: per kind, the ids of the valid files that an installed plugin provides too.
    """
    from casebook.format.loading import expand_paths  # noqa: PLC0415

    given = {path.resolve() for path in expand_paths(paths)}
    for kind, ids in claimed.items():
        for item_id in ids:
            plugin, where = installed[kind, item_id]
            if not where.startswith("<") and Path(where).resolve() in given:
                continue
            place = "" if where.startswith("<") else f" ({where})"
            say(
                f"casebook: warning: {kind} id {item_id!r} is already installed by plugin "
                f"{plugin!r}{place}; installed beside it, casebook would serve neither",
                file=sys.stderr,
            )


def cmd_plugins(args: argparse.Namespace) -> int:
    """Run ``casebook plugins``."""
    book = _load(args)
    if args.format == "json":
        say_json(
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
    say_table(
        ("NAME", "VERSION", "FROM", "CONTRIBUTES", "STATUS"),
        [
            (p.name, p.version or "-", p.origin, ", ".join(p.contributes) or "-", p.status)
            for p in book.plugins
        ],
    )
    return _report_failures(book)


def cmd_compare(args: argparse.Namespace) -> int:
    """Run ``casebook compare``."""
    from casebook.comparison import LEGEND, OTHER_ORIGINS_NOTE, compare  # noqa: PLC0415
    from casebook.export.common import named_gaps, scope_sentence  # noqa: PLC0415

    book = _load(args)
    result = compare(book, args.framework, args.origin)
    if args.format == "json":
        say_json(result.to_data())
        return _report_failures(book)
    say(f"{result.framework.title} ({result.framework.id})")
    scope = scope_sentence(result.framework, book)
    if scope:
        say(scope)
    # One block per site, an area a line: area titles are too long for columns.
    for site in result.sites:
        say()
        say(book[site].name)
        for area in result.areas:
            say(f"  {area.title}: {result.cell_text(site, area.id)}")
    say()
    say("Legend:")
    for value, meaning in LEGEND.items():
        say(f"  {value}: {meaning}")
    if result.view == "split":
        say(f"  {OTHER_ORIGINS_NOTE}")
    say()
    say("Gaps (counted on the vanguard's own work):")
    for sentence in named_gaps(result, book):
        say(f"  {sentence}")
    for sentence in result.flag_sentences(book):
        say(f"    - {sentence}")
    return _report_failures(book)


def cmd_coverage(args: argparse.Namespace) -> int:
    """Run ``casebook coverage``."""
    from casebook.coverage import ABSENT, COUNTED, LEVELS, coverage  # noqa: PLC0415

    book = _load(args)
    result = coverage(book)
    if args.format == "json":
        say_json(result.to_data())
        return _report_failures(book)
    say(f"Evidence coverage: what each site's record holds ('{ABSENT}' where it holds none)")
    for site in result.sites:
        say()
        say(f"{site.name} ({site.site})")
        for part in site.parts:
            say(f"  {part.label}: {part.text}")
    for fw in result.frameworks:
        say()
        say(f"{fw.framework.title} ({fw.framework.id}): sites with evidence, counted on {COUNTED}")
        say_table(
            ("AREA", *(level.upper() for level in LEVELS)),
            [(area.area.id, *(area.text(level) for level in LEVELS)) for area in fw.areas],
        )
    return _report_failures(book)


def cmd_new_site(args: argparse.Namespace) -> int:
    """Run ``casebook new-site``."""
    from casebook.scaffold import new_site  # noqa: PLC0415

    folder = new_site(args.name, args.output, args.site_id)
    say(f"Created {folder}: fill in the TODOs in its data file, then 'pip install -e {folder}'")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """Run ``casebook export``."""
    from casebook.cli.progress import Progress  # noqa: PLC0415
    from casebook.exporting import export  # noqa: PLC0415

    book = _load(args)
    if book.failures:
        # Exporting what did load would remove the pages of the sites the failed plugins give,
        # as if they were gone: an export is of everything installed, or of nothing.
        _report_failures(book)
        say(
            "casebook: error: nothing exported, as a plugin failed: fix it, or leave it out "
            "with --disable NAME",
            file=sys.stderr,
        )
        return EXIT_INVALID
    if args.format_name not in book.exporters:
        from casebook.errors import UnknownIdError  # noqa: PLC0415

        raise UnknownIdError("export format", args.format_name, book.exporters)
    if args.site:
        book = book.subset(args.site)
    progress = Progress(enabled=not args.quiet)
    try:
        result = export(book, args.format_name, args.output, progress)
    finally:
        progress.close()
    say(
        f"{args.format_name}: {len(result.written)} files written, "
        f"{len(result.unchanged)} unchanged, {len(result.removed)} removed, in {args.output}"
    )
    for name in result.removed:
        say(f"removed {name} (an earlier export wrote it; this one does not)")
    for name in result.kept:
        say(
            f"casebook: kept {name}: an earlier export wrote it, but it was edited since; "
            "casebook leaves it to you",
            file=sys.stderr,
        )
    return EXIT_OK
