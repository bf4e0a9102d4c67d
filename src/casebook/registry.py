"""Collect what the plugins contribute, check it, and build the :class:`~casebook.book.Casebook`.

This is the only module that calls hooks. Each plugin's implementation is called on its own, so
a plugin that raises is reported by name while the others' contributions still arrive, and every
contribution keeps the name of the plugin that gave it. Data from any source (objects, mappings
or files) passes the same validation; what fails is reported against its plugin and left out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from casebook._gc import cyclic_gc_paused
from casebook.book import Casebook
from casebook.errors import DuplicateIdError, PluginError, ValidationError
from casebook.loading import parse_item_with_digest
from casebook.model import CaseStudy, Framework
from casebook.plugins import LoadedPlugins
from casebook.validation import scope_problems

T = TypeVar("T")


def build(loaded: LoadedPlugins) -> Casebook:
    """Return the casebook of everything the loaded plugins contribute."""
    with cyclic_gc_paused():
        return _build(loaded)


def _build(loaded: LoadedPlugins) -> Casebook:
    digests: dict[str, str] = {}

    def parse_framework(item: object, where: str) -> tuple[Framework, str]:
        return parse_item_with_digest(item, Framework, where)

    frameworks = _collect(loaded, "casebook_frameworks", "framework", parse_framework, digests)
    known_areas = frozenset(ref for fw in frameworks.values() for ref in fw.area_refs())

    def parse_case_study(item: object, where: str) -> tuple[CaseStudy, str]:
        case, digest = parse_item_with_digest(item, CaseStudy, where, known_areas)
        problems = scope_problems(case, frameworks.values(), where)
        if problems:
            raise ValidationError(problems)
        return case, digest

    case_studies = _collect(
        loaded, "casebook_case_studies", "case study", parse_case_study, digests
    )
    exporters = _collect_exporters(loaded)
    return Casebook(
        case_studies,
        frameworks=frameworks,
        exporters=exporters,
        plugins=tuple(loaded.final_reports()),
        digests=digests,
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


class _Contributions(dict[str, Any]):
    """What plugins contributed under unique ids; a second claim on an id is an error."""

    def __init__(self, loaded: LoadedPlugins, kind: str) -> None:
        super().__init__()
        self.loaded = loaded
        self.kind = kind
        self.owner: dict[str, str] = {}

    def add(self, plugin: str, item_id: str, item: object) -> None:
        """Record *item* from *plugin*, or report both plugins if the id is taken."""
        if item_id in self.owner:
            error = DuplicateIdError(self.kind, item_id, (self.owner[item_id], plugin))
            if self.loaded.strict:
                raise error
            self.loaded.fail(plugin, str(error))
            self.loaded.fail(self.owner[item_id], str(error))
            return
        self.owner[item_id] = plugin
        self[item_id] = item
        self.loaded.contributed(plugin, f"{self.kind} {item_id}")

    def sorted(self) -> dict[str, Any]:
        """Return the contributions sorted by id, whatever the order of installation."""
        return dict(sorted(self.items()))


def _collect(
    loaded: LoadedPlugins,
    hook_name: str,
    kind: str,
    parse: Callable[[object, str], tuple[T, str]],
    digests: dict[str, str],
) -> dict[str, T]:
    """Collect one kind of data from every plugin; put each item's digest in *digests*.

    *parse* turns one contributed item into a checked model object and its digest, as
    ``parse(item, where)``, raising :class:`ValidationError` for an invalid item.
    """
    found = _Contributions(loaded, kind)
    prefix = "framework:" if kind == "framework" else ""
    for plugin, items in _results(loaded, hook_name):
        for item in items:
            try:
                obj, digest = parse(item, f"<plugin {plugin}>")
            except ValidationError as exc:
                if loaded.strict:
                    raise
                problems = "; ".join(str(p) for p in exc.problems)
                loaded.fail(plugin, f"invalid {kind}: {problems}")
                continue
            item_id: str = obj.id  # type: ignore[attr-defined]
            if item_id not in found.owner:
                digests[prefix + item_id] = digest
            found.add(plugin, item_id, obj)
    return found.sorted()


def _collect_exporters(loaded: LoadedPlugins) -> dict[str, type[Any]]:
    found = _Contributions(loaded, "exporter")
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
            found.add(plugin, name, exporter)
    return found.sorted()
