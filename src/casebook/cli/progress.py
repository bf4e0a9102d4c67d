"""Progress bars for long commands: on a terminal only, and never under ``--quiet``.

Validating a folder of thousands of files, or exporting thousands of pages, takes long enough
that a silent command looks hung. The bar goes to standard error, so standard output stays the
command's answer; it is shown only when standard error is a terminal (a pipe, a file or CI gets
nothing) and the work has enough steps to be worth one. tqdm is imported only then, so a
command that shows no bar does not pay for it.
"""

from __future__ import annotations

import sys
from typing import Any

#: Fewer steps than this finish too soon for a bar to help.
MIN_STEPS = 50


class Progress:
    """A callback ``(phase, done, total)`` that keeps one bar per phase on standard error.

    :param enabled: ``False`` (``--quiet``) shows nothing at all.
    """

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self._phase: str | None = None
        self._bar: Any = None

    def __call__(self, phase: str, done: int, total: int) -> None:
        """Show that *done* of *total* steps of *phase* are done."""
        if not self.enabled or total < MIN_STEPS:
            return
        if phase != self._phase:
            self.close()
            from tqdm import tqdm  # noqa: PLC0415 - only when a bar is shown

            self._phase = phase
            self._bar = tqdm(total=total, desc=phase, unit="file", file=sys.stderr, leave=False)
        self._bar.update(done - self._bar.n)

    def close(self) -> None:
        """Remove the bar, if one is shown."""
        if self._bar is not None:
            self._bar.close()
        self._bar = self._phase = None
