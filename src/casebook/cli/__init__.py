"""The ``casebook`` command: list, show, validate and export case studies; inspect plugins.

Exit codes: 0 success; 1 invalid data or a failed plugin; 2 wrong usage (including an unknown
id or format); 130 interrupted (Ctrl-C). Every expected error is one line (or one line per
problem) on standard error, never a traceback.

Building the parser never loads plugins, so ``--help`` of every command runs no plugin code.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from casebook.cli.codes import (
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    Handler,
    version,
)

if TYPE_CHECKING:
    import argparse

# The modules below the version check are imported when needed: `casebook --version` is run
# by scripts and should cost little more than starting Python.


def run() -> None:
    """Entry point of the ``casebook`` console script."""
    raise SystemExit(main())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* (default: ``sys.argv[1:]``) and return the exit code."""
    try:
        return _run(sys.argv[1:] if argv is None else list(argv))
    except KeyboardInterrupt:
        # The user's Ctrl-C (or a plugin raising KeyboardInterrupt, which looks the same), at
        # any moment, the imports included; an export stopped by it has already left its
        # folder as it was.
        print("casebook: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def _run(arguments: list[str]) -> int:
    if arguments == ["--version"]:
        # Answered before the parser is built, so scripts that ask pay for nothing else.
        print(f"casebook {version()}")
        return EXIT_OK
    from casebook.cli import output  # noqa: PLC0415
    from casebook.cli.parser import build_parser  # noqa: PLC0415
    from casebook.errors import (  # noqa: PLC0415
        CasebookError,
        UnknownIdError,
        UnknownValueError,
        ValidationError,
    )

    parser = build_parser()
    args = parser.parse_args(arguments)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        code = handler(args)
        output.flush()  # a full disk is reported here, not when Python exits
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
    except BrokenPipeError:
        # Output piped into a program that stopped reading (e.g. `| head`): not an error.
        sys.stderr.close()
        return EXIT_OK
    return code


def build_parser() -> argparse.ArgumentParser:
    """Return the command's argument parser (see :mod:`casebook.cli.parser`)."""
    from casebook.cli.parser import build_parser as build  # noqa: PLC0415 - not for --version

    return build()
