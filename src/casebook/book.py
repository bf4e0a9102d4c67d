"""The :class:`Casebook`: a read-only mapping of every installed case study, with queries.

``casebook.load()`` returns one. It maps case-study id to :class:`~casebook.model.CaseStudy`,
sorted by id, and also carries the installed frameworks, exporters and plugin reports, so one
object answers every question a user asks of the installed data.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, ClassVar, Protocol

from casebook.errors import UnknownIdError
from casebook.model import CaseStudy, Framework, Initiative, Status, strongest
from casebook.vocabulary import ORIGINS, SETTINGS, STATUSES, check, programme_type

if TYPE_CHECKING:
    from casebook.report import PluginReport


class Exporter(Protocol):
    """What an exporter class provides; see :func:`casebook.plugins.hookspecs.casebook_exporters`.

    Defined beside :class:`Casebook`, the one thing it takes, so that neither module needs the
    other's; ``casebook.exporting.Exporter`` is the same class.
    """

    #: The ``--format`` value.
    name: ClassVar[str]
    #: One line for ``casebook export --help``.
    description: ClassVar[str]

    def export(self, book: Casebook) -> Mapping[str, bytes]:
        """Return the files to write, as ``{relative POSIX path: bytes}``."""
        ...


class Casebook(Mapping[str, CaseStudy]):
    """Case studies by id, plus the frameworks, exporters and plugins they came with."""

    __slots__ = ("_case_studies", "_digests", "exporters", "frameworks", "plugins")

    def __init__(
        self,
        case_studies: Mapping[str, CaseStudy],
        *,
        frameworks: Mapping[str, Framework] | None = None,
        exporters: Mapping[str, type[Exporter]] | None = None,
        plugins: tuple[PluginReport, ...] = (),
        digests: Mapping[str, str] | None = None,
    ) -> None:
        self._case_studies = MappingProxyType(dict(sorted(case_studies.items())))
        #: Frameworks by id.
        self.frameworks: Mapping[str, Framework] = MappingProxyType(
            dict(sorted((frameworks or {}).items()))
        )
        #: Exporter classes by format name.
        self.exporters: Mapping[str, type[Exporter]] = MappingProxyType(
            dict(sorted((exporters or {}).items()))
        )
        #: One report per plugin, sorted by name.
        self.plugins: tuple[PluginReport, ...] = plugins
        self._digests = dict(digests or {})

    def __getitem__(self, case_id: str) -> CaseStudy:
        try:
            return self._case_studies[case_id]
        except KeyError:
            raise UnknownIdError("case study", case_id, self._case_studies) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._case_studies)

    def __len__(self) -> int:
        return len(self._case_studies)

    def __repr__(self) -> str:
        return f"<Casebook {len(self)} case studies, {len(self.frameworks)} frameworks>"

    @property
    def failures(self) -> tuple[PluginReport, ...]:
        """Return the reports of plugins that failed."""
        return tuple(p for p in self.plugins if p.error)

    def subset(self, case_ids: Iterable[str]) -> Casebook:
        """Return a casebook of only the named case studies, with everything else kept.

        :raises UnknownIdError: if an id is not in this casebook.
        """
        chosen = {case_id: self[case_id] for case_id in case_ids}
        return Casebook(
            chosen,
            frameworks=self.frameworks,
            exporters=self.exporters,
            plugins=self.plugins,
            digests=self._digests,
        )

    def digest(self, item_id: str) -> str:
        """Return a digest of a case study's data (``framework:ID`` for a framework).

        Equal digests mean equal data. Loaded data carries the digest taken while loading;
        otherwise it is computed from the object.
        """
        found = self._digests.get(item_id)
        if found is None:
            if item_id.startswith("framework:"):
                obj: object = self.frameworks[item_id.removeprefix("framework:")]
            else:
                obj = self[item_id]
            found = hashlib.sha256(repr(obj).encode()).hexdigest()
            self._digests[item_id] = found
        return found

    def framework(self, framework_id: str) -> Framework:
        """Return the framework with id *framework_id*."""
        try:
            return self.frameworks[framework_id]
        except KeyError:
            raise UnknownIdError("framework", framework_id, self.frameworks) from None

    def select(
        self,
        *,
        programme: str | None = None,
        setting: str | None = None,
        area: str | None = None,
        status: str | None = None,
        origin: str | None = None,
    ) -> tuple[CaseStudy, ...]:
        """Return the case studies that match every criterion given, sorted by id.

        :param programme: vanguard programme type, e.g. ``"pacs"`` (``"PACS"`` works too).
        :param setting: a care setting that at least one initiative works in.
        :param area: a framework area ``FRAMEWORK/AREA``, or a framework id for any of its areas,
            that at least one initiative serves.
        :param status: an evidence status that at least one initiative has.
        :param origin: where the initiative's work comes from, e.g. ``"vanguard"`` for the
            vanguard's own work only.
        :raises UnknownValueError: for a value that no programme type, setting, installed
            framework area, status or origin has; the error lists the valid values.

        Criteria on initiatives are met by the same initiative: ``setting="primary-care",
        status="evaluated"`` asks for an evaluated initiative in primary care.
        """
        wanted = programme_type(programme) if programme is not None else None
        matches = self._initiative_filter(setting, area, status, origin)
        return tuple(
            case
            for case in self.values()
            if (wanted is None or case.programme.type == wanted)
            and (matches is None or any(matches(i) for i in case.initiatives))
        )

    def initiatives(
        self,
        *,
        setting: str | None = None,
        area: str | None = None,
        status: str | None = None,
        origin: str | None = None,
    ) -> tuple[tuple[CaseStudy, Initiative], ...]:
        """Return ``(case study, initiative)`` pairs matching every criterion given.

        The criteria are those of :meth:`select`, checked the same way.
        """
        matches = self._initiative_filter(setting, area, status, origin)
        return tuple(
            (case, initiative)
            for case in self.values()
            for initiative in case.initiatives
            if matches is None or matches(initiative)
        )

    def strongest_status(self, case_id: str, area: str, origin: str | None = None) -> Status | None:
        """Return the strongest evidence status of a site's initiatives serving *area*.

        :param origin: count only initiatives of this origin (``"vanguard"`` for the vanguard's
            own work); ``None`` counts every origin.
        """
        matches = self._initiative_filter(None, area, None, origin) or bool
        return strongest(i.status for i in self[case_id].initiatives if matches(i))

    def _initiative_filter(
        self, setting: str | None, area: str | None, status: str | None, origin: str | None
    ) -> Callable[[Initiative], bool] | None:
        """Return a test of one initiative against the criteria, after checking each value."""
        if setting is None and area is None and status is None and origin is None:
            return None
        if setting is not None:
            check("setting", setting, SETTINGS)
        if status is not None:
            check("status", status, STATUSES)
        if origin is not None:
            check("origin", origin, ORIGINS)
        if area is not None:
            known = tuple(self.frameworks) + tuple(
                ref for fw in self.frameworks.values() for ref in fw.area_refs()
            )
            check("framework area", area, known)

        def matches(initiative: Initiative) -> bool:
            return (
                (setting is None or setting in initiative.settings)
                and (area is None or _serves(initiative, area))
                and (status is None or initiative.status == status)
                and (origin is None or initiative.origin == origin)
            )

        return matches


def _serves(initiative: Initiative, area: str) -> bool:
    if "/" in area:
        return area in initiative.areas
    return any(a.split("/", 1)[0] == area for a in initiative.areas)
