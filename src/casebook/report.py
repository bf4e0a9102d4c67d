"""What casebook knows about each plugin: a leaf module, so any module can name the report.

The report is read by :class:`~casebook.book.Casebook` (``book.plugins``), the command line
and the Sphinx extension, and written by the plugin loader and the registry; keeping it apart
from both means the book does not depend on the code that loads plugins.
"""

from __future__ import annotations

import attrs


@attrs.frozen
class Contribution:
    """One thing a plugin gave: a case study, framework or exporter, and where it came from.

    :param kind: ``case study``, ``framework`` or ``exporter``.
    :param id: its id (an exporter's format name).
    :param where: the data file it was read from, or ``<plugin NAME>`` for objects and mappings.
    """

    kind: str
    id: str
    where: str

    def __str__(self) -> str:
        return f"{self.kind} {self.id}"


@attrs.frozen
class Refusal:
    """A contribution that casebook does not serve, and why.

    :param kind: ``case study``, ``framework`` or ``exporter``.
    :param id: its id, or ``None`` when the data did not say.
    :param where: the data file, or ``<plugin NAME>``.
    :param reason: why it is not served, as one line.
    """

    kind: str
    id: str | None
    where: str
    reason: str


@attrs.frozen(kw_only=True)
class PluginReport:
    """What casebook knows about one plugin: where it came from, what it gave, and any failure.

    :param name: the name to use with ``--disable``.
    :param origin: ``builtin``, ``entry point``, ``plugins folder`` or ``registered``.
    :param distribution: the installed distribution that provides it, if any.
    :param version: that distribution's version, if any.
    :param hooks: the hooks it implements.
    :param provided: what it contributed and casebook serves.
    :param refused: what it contributed and casebook does not serve, each with the reason.
    :param error: why it failed, or ``None``.
    :param disabled: whether the user disabled it.
    """

    name: str
    origin: str
    distribution: str | None = None
    version: str | None = None
    hooks: tuple[str, ...] = ()
    provided: tuple[Contribution, ...] = ()
    refused: tuple[Refusal, ...] = ()
    error: str | None = None
    disabled: bool = False

    @property
    def contributes(self) -> tuple[str, ...]:
        """Return what it contributed, as ``casebook plugins`` shows it (``case study ID``)."""
        return tuple(str(c) for c in self.provided)

    @property
    def status(self) -> str:
        """Return ``ok``, ``failed`` or ``disabled``."""
        if self.disabled:
            return "disabled"
        return "failed" if self.error else "ok"
