"""Hook specifications: what a casebook plugin can contribute.

A plugin is any module (or object) with functions marked by a ``casebook`` hook marker. Publish
one through the ``casebook`` entry-point group::

    [project.entry-points.casebook]
    wirral-partners = "casebook_wirral_partners"

and write the module with nothing but pluggy::

    import pluggy
    from pathlib import Path

    hookimpl = pluggy.HookimplMarker("casebook")

    @hookimpl
    def casebook_case_studies():
        return [Path(__file__).with_name("wirral-partners.toml")]

``casebook.hookimpl`` is the same marker, for plugins that import casebook anyway. A plugin can
also be a single ``.py`` file in a plugins folder (``--plugins-dir`` or ``CASEBOOK_PLUGINS_DIR``).

Every hook takes no arguments and returns an iterable; casebook calls each plugin's
implementation on its own, so one failing plugin cannot hide what the others contribute, and it
sorts what they return by id, so nothing depends on the order in which plugins were installed.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeAlias

import pluggy

if TYPE_CHECKING:
    from casebook.book import Exporter
    from casebook.model import CaseStudy, Framework

#: The pluggy project name and the entry-point group that plugins are published under.
PROJECT = "casebook"

hookspec = pluggy.HookspecMarker(PROJECT)
#: Marks a function as a hook implementation: ``@casebook.hookimpl``.
hookimpl = pluggy.HookimplMarker(PROJECT)

CaseStudyItem: TypeAlias = "CaseStudy | Mapping[str, Any] | str | os.PathLike[str]"
FrameworkItem: TypeAlias = "Framework | Mapping[str, Any] | str | os.PathLike[str]"


# -------------------------------------------------------------------------------------------
# Data hooks
# -------------------------------------------------------------------------------------------


@hookspec
def casebook_case_studies() -> Iterable[CaseStudyItem]:
    """Return the case studies this plugin contributes.

    Each item may be a :class:`~casebook.model.CaseStudy`, a JSON-like mapping in the format of
    ``schemas/case-study.schema.json``, or the path of a ``.json`` or ``.toml`` data file. casebook
    validates every item, whatever its form, and reports problems against the file (or, for
    objects and mappings, against the plugin) with a JSON Pointer.

    :returns: an iterable of case studies; an empty one if the plugin has none.

    Not ``firstresult``: every plugin's case studies are collected. Two plugins that contribute
    the same id are an error naming both, and neither is served.

    .. versionadded:: 0.1.0

    Use in site plugins::

        @hookimpl
        def casebook_case_studies():
            return [Path(__file__).with_name("salford-together.toml")]
    """
    raise NotImplementedError


# -------------------------------------------------------------------------------------------
# Framework hooks
# -------------------------------------------------------------------------------------------


@hookspec
def casebook_frameworks() -> Iterable[FrameworkItem]:
    """Return the assessment frameworks this plugin contributes.

    Each item may be a :class:`~casebook.model.Framework`, a JSON-like mapping in the format of
    ``$defs/framework`` in ``schemas/case-study.schema.json``, or the path of a ``.json`` or
    ``.toml`` data file. Initiatives refer to a framework's areas as ``FRAMEWORK/AREA``.

    :returns: an iterable of frameworks; an empty one if the plugin has none.

    Not ``firstresult``: every plugin's frameworks are collected; ids must be unique.

    .. versionadded:: 0.1.0

    Use in framework plugins::

        @hookimpl
        def casebook_frameworks():
            return sorted(Path(__file__).parent.glob("*.toml"))
    """
    raise NotImplementedError


# -------------------------------------------------------------------------------------------
# Exporter hooks
# -------------------------------------------------------------------------------------------


@hookspec
def casebook_exporters() -> Iterable[type[Exporter]]:
    """Return the exporter classes this plugin contributes.

    An exporter class has a class attribute ``name`` (the ``--format`` value, a lower-case slug),
    a one-line ``description``, and a method ``export(book)`` that returns the files to write as
    ``{relative path: bytes}``. casebook does the writing for every format alike: it refuses
    paths that leave the output folder, writes atomically, and leaves unchanged files alone.

    :returns: an iterable of exporter classes.

    Not ``firstresult``: every plugin's exporters are collected; names must be unique.

    .. versionadded:: 0.1.0

    Use in exporter plugins::

        class CsvExporter:
            name = "csv"
            description = "One table of all outcomes."

            def export(self, book):
                return {"outcomes.csv": render(book)}

        @hookimpl
        def casebook_exporters():
            return [CsvExporter]
    """
    raise NotImplementedError
