"""What the commands print: escaped for the terminal, and a failed write as one line.

Everything a command prints may hold a case study's or a plugin's text, and untrusted text stays
text: an escape sequence in a site's name must not retitle the window, clear the screen or write
a line that looks like casebook's own (see :func:`~casebook.wording.terminal_text`). And the
output may not be writable at all (a full disk, a terminal whose encoding lacks a character):
that is one line on standard error and exit code 1, not a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from casebook.errors import CasebookError
from casebook.wording import quote, terminal_json, terminal_text


class OutputError(CasebookError):
    """The command's output could not be written."""


def say(text: object = "", *, file: TextIO | None = None) -> None:
    """Print *text*, with what a terminal acts on shown as escapes."""
    write(terminal_text(str(text)), sys.stdout if file is None else file)


def say_json(data: Any) -> None:
    r"""Print *data* as JSON, with what a terminal acts on written as ``\uNNNN``."""
    import json  # noqa: PLC0415

    write(terminal_json(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True)))


def say_table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """Print a table of *rows* under *headers*, each cell on one line, in aligned columns."""
    # Escaped before the widths are measured, so that the columns line up as shown.
    rows = [[terminal_text(" ".join(cell.split())) for cell in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    for row in [list(headers), *rows]:
        say("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())


def write(line: str, stream: TextIO | None = None) -> None:
    """Write *line* and a newline to *stream* (standard output), or raise :class:`OutputError`.

    A pipe closed by its reader (``| head``) is left to the command line, which ends quietly.
    """
    try:
        print(line, file=sys.stdout if stream is None else stream)
    except UnicodeEncodeError as exc:
        raise _unencodable(exc) from None
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise _unwritable(exc) from None


def flush() -> None:
    """Write out what standard output still buffers, or raise :class:`OutputError`.

    Called before the command returns, so that a full disk is reported here rather than in a
    traceback when Python exits.
    """
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise _unwritable(exc) from None


def _unwritable(exc: OSError) -> OutputError:
    return OutputError(f"cannot write the output: {exc.strerror or exc}")


def _unencodable(exc: UnicodeEncodeError) -> OutputError:
    char = exc.object[exc.start : exc.start + 1]
    return OutputError(
        f"the output holds {quote(char)}, which the output's encoding ({exc.encoding}) cannot "
        "write: set PYTHONIOENCODING=utf-8, or use a UTF-8 terminal"
    )
