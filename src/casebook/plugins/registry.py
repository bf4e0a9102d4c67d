"""Collect what the plugins contribute, check it, and build the :class:`~casebook.book.Casebook`.

This is the only module that calls hooks. Each plugin's implementation is called on its own,
inside a :class:`~casebook.plugins.manager.PluginCall`, so a plugin that raises (anything but
``KeyboardInterrupt``) or returns what casebook cannot read is reported by name while the others'
contributions still arrive; every contribution keeps the name of the plugin that gave it. Data
from any source (objects, mappings or files) passes the same validation; what fails, a data file
that cannot be read or parsed included, is reported against its plugin, each problem with its
file and pointer, and left out.

An id claimed twice (by two plugins, or twice by one) is served for no claimant: each claimant
is reported with where its claim came from. A case study whose area references name a framework
that is not served says why: disputed, or provided by no installed plugin (and, when the site's
distribution declares it, which distribution to install).
"""

from __future__ import annotations

import inspect
import re
import typing
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from casebook.book import Casebook, Exporter
from casebook.errors import DuplicateIdError, ValidationError
from casebook.format.areas import scope_problems
from casebook.format.loading import InvalidItemError, parse_item_with_digest
from casebook.model import CaseStudy, Framework
from casebook.plugins import entrypoints
from casebook.plugins.manager import LoadedPlugins, PluginCall
from casebook.report import Contribution, Refusal
from casebook.wording import shorten

T = TypeVar("T")

#: What an exporter's ``name`` must look like: it is a ``--format`` value and a folder name.
_FORMAT_NAME = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")


def build(loaded: LoadedPlugins) -> Casebook:
    """Return the casebook of everything the loaded plugins contribute."""
    loaded.check_registered()
    digests: dict[str, str] = {}
    framework_claims = _collect(loaded, "casebook_frameworks", "framework", Framework, None)
    frameworks = framework_claims.served(digests, "framework:")
    known_areas = frozenset(ref for fw in frameworks.values() for ref in fw.area_refs())
    disputed = framework_claims.disputes()
    case_studies = _collect(
        loaded, "casebook_case_studies", "case study", CaseStudy, known_areas, disputed
    )
    _refuse_out_of_scope(case_studies, frameworks.values())
    served_cases = case_studies.served(digests)
    exporters = _collect_exporters(loaded)
    return Casebook(
        served_cases,
        frameworks=frameworks,
        exporters=exporters,
        plugins=tuple(loaded.final_reports()),
        digests=digests,
    )


def _results(loaded: LoadedPlugins, hook_name: str) -> Iterable[tuple[str, list[Any]]]:
    """Yield ``(plugin name, items)`` for each plugin implementing *hook_name*, by plugin name."""
    caller = getattr(loaded.manager.hook, hook_name)
    for impl in sorted(caller.get_hookimpls(), key=lambda i: i.plugin_name):
        with PluginCall(loaded, impl.plugin_name, f"{hook_name}() raised") as call:
            result = impl.function()
            if isinstance(result, (str, bytes, Mapping)):
                msg = f"returned a {type(result).__name__}, not a list of items"
                raise TypeError(msg)
            items = [] if result is None else list(result)
        if not call.failed:
            yield impl.plugin_name, items


class _Claims:
    """Every claim on each id of one kind, so that an id claimed twice is served for nobody."""

    def __init__(self, loaded: LoadedPlugins, kind: str) -> None:
        self.loaded = loaded
        self.kind = kind
        self.by_id: dict[str, list[tuple[str, str, Any, str]]] = {}

    def add(self, plugin: str, item_id: str, where: str, item: object, digest: str = "") -> None:
        """Record *plugin*'s claim on *item_id*; in strict mode a second claim raises."""
        claims = self.by_id.setdefault(item_id, [])
        claims.append((plugin, where, item, digest))
        if len(claims) > 1 and self.loaded.strict:
            raise self._dispute(item_id)

    def _dispute(self, item_id: str) -> DuplicateIdError:
        claims = self.by_id[item_id]
        plugins = tuple(claim[0] for claim in claims)
        return DuplicateIdError(self.kind, item_id, plugins, tuple(claim[1] for claim in claims))

    def disputes(self) -> dict[str, str]:
        """Return the message of each id claimed more than once."""
        return {i: str(self._dispute(i)) for i, claims in self.by_id.items() if len(claims) > 1}

    def served(self, digests: dict[str, str] | None = None, prefix: str = "") -> dict[str, Any]:
        """Return the undisputed items by id, sorted; report every claimant of a disputed one."""
        found = {}
        for item_id, claims in sorted(self.by_id.items()):
            if len(claims) > 1:
                message = str(self._dispute(item_id))
                for plugin, where, _, _ in claims:
                    self.loaded.refuse(plugin, Refusal(self.kind, item_id, where, message))
                continue
            plugin, where, item, digest = claims[0]
            self.loaded.contributed(plugin, Contribution(self.kind, item_id, where))
            found[item_id] = item
            if digests is not None:
                digests[prefix + item_id] = digest
        return found


def _collect(
    loaded: LoadedPlugins,
    hook_name: str,
    kind: str,
    cls: type[T],
    known_areas: frozenset[str] | None,
    disputed: dict[str, str] | None = None,
) -> _Claims:
    """Collect one kind of data from every plugin, each item parsed and checked."""
    claims = _Claims(loaded, kind)
    for plugin, items in _results(loaded, hook_name):
        for item in items:
            where = f"<plugin {plugin}>"
            invalid = None
            with PluginCall(loaded, plugin, f"gave a {kind} casebook cannot read:") as call:
                if isinstance(item, str):
                    where = item
                elif not isinstance(item, (CaseStudy, Framework)) and hasattr(item, "__fspath__"):
                    where = str(item)
                try:
                    obj, digest = parse_item_with_digest(item, cls, where, known_areas)
                except ValidationError as exc:  # invalid, or a file that cannot be read
                    if not exc.problems:
                        raise  # not casebook's: a plugin's own, reported as the plugin's failure
                    if isinstance(exc, InvalidItemError):
                        invalid = exc
                    else:
                        invalid = InvalidItemError(exc.problems)
            if invalid is not None:
                if loaded.strict:
                    raise invalid
                reason = _invalid(loaded, plugin, kind, invalid, disputed or {})
                loaded.refuse(plugin, Refusal(kind, invalid.item_id, where, reason))
            elif not call.failed:
                claims.add(plugin, obj.id, where, obj, digest)  # type: ignore[attr-defined]
    return claims


def _refuse_out_of_scope(claims: _Claims, frameworks: Iterable[Framework]) -> None:
    """Refuse each claimed case study that names an area outside its framework's scope.

    A scoped framework (London's nine steps) applies only to the sites it lists; a site outside
    it naming one of its areas is invalid, like any other problem with its data.
    """
    frameworks = list(frameworks)
    for item_id, found in list(claims.by_id.items()):
        kept = []
        for plugin, where, case, digest in found:
            problems = scope_problems(case, frameworks, where)
            if problems:
                if claims.loaded.strict:
                    raise InvalidItemError(problems, item_id)
                reason = "invalid case study: " + "; ".join(str(p) for p in problems)
                claims.loaded.refuse(plugin, Refusal("case study", item_id, where, reason))
            else:
                kept.append((plugin, where, case, digest))
        if kept:
            claims.by_id[item_id] = kept
        else:
            del claims.by_id[item_id]


def _invalid(
    loaded: LoadedPlugins, plugin: str, kind: str, exc: InvalidItemError, disputed: dict[str, str]
) -> str:
    """Return why a contributed item is invalid, as one line; missing frameworks said once."""
    parts = [str(problem) for problem in exc.other_problems()]
    where = exc.problems[0].file
    for framework in sorted(exc.missing_frameworks):
        if framework in disputed:
            reason = f"it is not served: {disputed[framework]}"
        else:
            reason = f"no installed plugin provides it{_install_hint(loaded, plugin)}"
        parts.append(f"{where}: cites framework {framework!r}, but {reason}")
    return f"invalid {kind}: " + "; ".join(parts)


def _install_hint(loaded: LoadedPlugins, plugin: str) -> str:
    """Name what the plugin's distribution requires and is not installed, if anything."""
    distribution = loaded.report_for(plugin).distribution
    missing = entrypoints.missing_requirements(distribution) if distribution else []
    if not missing:
        return ""
    names = " and ".join(missing)
    return f" ({distribution} requires {names}, which is not installed: install {names})"


def _collect_exporters(loaded: LoadedPlugins) -> dict[str, type[Exporter]]:
    claims = _Claims(loaded, "exporter")
    for plugin, items in _results(loaded, "casebook_exporters"):
        for exporter in items:
            where = f"<plugin {plugin}>"
            with PluginCall(loaded, plugin, "gave an exporter casebook cannot use:") as call:
                problems = exporter_problems(exporter)
                name = getattr(exporter, "name", None)
            if call.failed:
                continue
            if problems:
                shown = shorten(repr(exporter), 80)
                message = f"exporter {shown} " + "; ".join(problems)
                format_name = name if isinstance(name, str) else None
                loaded.refuse(plugin, Refusal("exporter", format_name, where, message))
                continue
            claims.add(plugin, typing.cast("str", name), where, exporter)
    return claims.served()


def exporter_problems(exporter: object) -> list[str]:
    """Return what *exporter* lacks of the :class:`~casebook.book.Exporter` contract.

    Checked when plugins load, so that ``casebook plugins`` reports an incomplete exporter as a
    failed plugin, rather than ``ok`` followed by a traceback at export time.
    """
    if not isinstance(exporter, type):
        return [f"is a {type(exporter).__name__}, not a class"]
    problems = []
    name = getattr(exporter, "name", None)
    if not isinstance(name, str) or not _FORMAT_NAME.fullmatch(name):
        problems.append("needs a class attribute 'name': its --format value, e.g. 'csv'")
    description = getattr(exporter, "description", None)
    if not isinstance(description, str) or not description.strip() or "\n" in description:
        problems.append("needs a class attribute 'description': one line saying what it writes")
    if not callable(getattr(exporter, "export", None)):
        problems.append("needs a method 'export(book)' returning {path: bytes}")
    if not _made_without_arguments(exporter):
        problems.append("must be a class that casebook can make without arguments")
    return problems


def _made_without_arguments(cls: type) -> bool:
    """Tell whether *cls* can be made without arguments, as far as its signature says.

    Most exporters define no ``__init__``: object's own takes none, and reading its signature
    (from the text of a built-in) would cost every start a regular expression's compilation.
    """
    own = ("__init__", "__new__")
    plain = type(cls) is type  # a metaclass may ask for arguments of its own
    if plain and not any(name in vars(base) for base in cls.__mro__[:-1] for name in own):
        return True  # object's own __init__ and __new__, which take no arguments
    try:
        inspect.signature(cls).bind()
    except TypeError:
        return False
    except ValueError:
        pass  # no signature to read (a class written in C): nothing to check
    return True
