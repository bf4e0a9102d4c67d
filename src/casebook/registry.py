"""Collect what the plugins contribute, check it, and build the :class:`~casebook.book.Casebook`.

This is the only module that calls hooks. Each plugin's implementation is called on its own, so
a plugin that raises is reported by name while the others' contributions still arrive, and every
contribution keeps the name of the plugin that gave it. Data from any source (objects, mappings
or files) passes the same validation; what fails is reported against its plugin and left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from casebook.book import Casebook
from casebook.errors import DuplicateIdError, PluginError, ValidationError
from casebook.loading import parse_item
from casebook.model import CaseStudy, Framework
from casebook.plugins import LoadedPlugins

T = TypeVar("T")


def build(loaded: LoadedPlugins) -> Casebook:
    """Return the casebook of everything the loaded plugins contribute."""
    frameworks = _collect(loaded, "casebook_frameworks", "framework", Framework, None)
    known_areas = frozenset(ref for fw in frameworks.values() for ref in fw.area_refs())
    case_studies = _collect(loaded, "casebook_case_studies", "case study", CaseStudy, known_areas)
    exporters = _collect_exporters(loaded)
    return Casebook(
        case_studies,
        frameworks=frameworks,
        exporters=exporters,
        plugins=tuple(sorted(loaded.reports.values(), key=lambda r: r.name)),
    )


def _results(loaded: LoadedPlugins, hook_name: str) -> Iterable[tuple[str, list[Any]]]:
    """Yield ``(plugin name, items)`` for each plugin implementing *hook_name*, by plugin name."""
    caller = getattr(loaded.manager.hook, hook_name)
    for impl in sorted(caller.get_hookimpls(), key=lambda i: i.plugin_name):
        try:
            result = impl.function()
            items = [] if result is None else list(result)
        except Exception as exc:  # noqa: BLE001 - a failing plugin is reported, not fatal
            loaded.fail(impl.plugin_name, f"{hook_name}() raised {type(exc).__name__}: {exc}")
            continue
        yield impl.plugin_name, items


def _collect(
    loaded: LoadedPlugins,
    hook_name: str,
    kind: str,
    cls: type[T],
    known_areas: frozenset[str] | None,
) -> dict[str, T]:
    found: dict[str, T] = {}
    owner: dict[str, str] = {}
    for plugin, items in _results(loaded, hook_name):
        for item in items:
            try:
                obj = parse_item(item, cls, f"<plugin {plugin}>", known_areas)
            except ValidationError as exc:
                if loaded.strict:
                    raise
                problems = "; ".join(str(p) for p in exc.problems)
                loaded.fail(plugin, f"invalid {kind}: {problems}")
                continue
            item_id: str = obj.id  # type: ignore[attr-defined]
            if item_id in owner:
                error = DuplicateIdError(kind, item_id, (owner[item_id], plugin))
                if loaded.strict:
                    raise error
                loaded.fail(plugin, str(error))
                loaded.fail(owner[item_id], str(error))
                continue
            owner[item_id] = plugin
            found[item_id] = obj
            loaded.contributed(plugin, f"{kind} {item_id}")
    return dict(sorted(found.items()))


def _collect_exporters(loaded: LoadedPlugins) -> dict[str, type[Any]]:
    found: dict[str, type[Any]] = {}
    owner: dict[str, str] = {}
    for plugin, items in _results(loaded, "casebook_exporters"):
        for exporter in items:
            name = getattr(exporter, "name", None)
            if not isinstance(name, str) or not callable(getattr(exporter, "export", None)):
                message = (
                    f"exporter {exporter!r} needs a string attribute 'name' and a method 'export'"
                )
                if loaded.strict:
                    raise PluginError(plugin, message)
                loaded.fail(plugin, message)
                continue
            if name in owner:
                error = DuplicateIdError("exporter", name, (owner[name], plugin))
                if loaded.strict:
                    raise error
                loaded.fail(plugin, str(error))
                loaded.fail(owner[name], str(error))
                continue
            owner[name] = plugin
            found[name] = exporter
            loaded.contributed(plugin, f"exporter {name}")
    return dict(sorted(found.items()))
