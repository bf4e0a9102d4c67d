"""What every part of the ``casebook`` command shares: exit codes and the version.

Exit codes: 0 success; 1 invalid data or a failed plugin; 2 wrong usage (including an unknown
id or format); 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
#: Exit code after Ctrl-C, as shells report a command stopped by SIGINT.
EXIT_INTERRUPTED = 130

#: What a verb is: parsed arguments in, exit code out.
Handler = Callable[["argparse.Namespace"], int]


def version() -> str:
    """Return casebook's version, importing nothing else."""
    from casebook._version import __version__  # noqa: PLC0415

    return __version__
