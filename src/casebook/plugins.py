"""Find, load and register plugins, one at a time, so a broken plugin cannot take others down.

Plugins come from three places, in this order: casebook's own built-in plugins, the installed
distributions' entry points in the group ``casebook``, and ``.py`` files in a plugins folder.
Each is loaded inside its own ``try``: a plugin that fails to import is recorded in a
:class:`PluginReport` with its error, and loading goes on. ``strict=True`` re-raises instead.

Disable a plugin by the name ``casebook plugins`` shows, with ``disable=`` (``--disable NAME``)
or the environment variable ``CASEBOOK_DISABLE_PLUGINS`` (comma-separated names). A disabled
entry point is never imported.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

import attrs
import pluggy

from casebook import entrypoints, hookspecs
from casebook.errors import PluginError

#: Environment variable naming a folder of ``.py`` plugins to load.
ENV_PLUGINS_DIR = "CASEBOOK_PLUGINS_DIR"
#: Environment variable listing plugin names to disable, separated by commas.
ENV_DISABLE = "CASEBOOK_DISABLE_PLUGINS"

#: casebook's own plugins, registered the same way as anyone else's: ``(name, module)``.
BUILTIN_PLUGINS: tuple[tuple[str, str], ...] = (
    ("casebook.json", "casebook.exporters.jsondata"),
    ("casebook.markdown", "casebook.exporters.markdown"),
    ("casebook.sphinx", "casebook.exporters.rst"),
)


@attrs.frozen(kw_only=True)
class PluginReport:
    """What casebook knows about one plugin: where it came from, what it gave, and any failure.

    :param name: the name to use with ``--disable``.
    :param origin: ``builtin``, ``entry point`` or ``plugins folder``.
    :param distribution: the installed distribution that provides it, if any.
    :param version: that distribution's version, if any.
    :param hooks: the hooks it implements.
    :param contributes: what it contributed, e.g. ``("case study salford-together",)``.
    :param error: why it failed, or ``None``.
    :param disabled: whether the user disabled it.
    """

    name: str
    origin: str
    distribution: str | None = None
    version: str | None = None
    hooks: tuple[str, ...] = ()
    contributes: tuple[str, ...] = ()
    error: str | None = None
    disabled: bool = False

    @property
    def status(self) -> str:
        """Return ``ok``, ``failed`` or ``disabled``."""
        if self.disabled:
            return "disabled"
        return "failed" if self.error else "ok"


@attrs.define
class LoadedPlugins:
    """A plugin manager with every plugin registered, and a report per plugin."""

    manager: pluggy.PluginManager
    reports: dict[str, PluginReport]
    strict: bool = False
    #: What each plugin contributed so far; kept apart from the frozen reports so that a plugin
    #: contributing thousands of case studies costs one list append each, not a copy.
    contributions: dict[str, list[str]] = attrs.field(factory=dict)

    def fail(self, name: str, message: str) -> None:
        """Record that plugin *name* failed; in strict mode raise :class:`PluginError` instead."""
        if self.strict:
            raise PluginError(name, message)
        report = self._report(name)
        error = message if report.error is None else f"{report.error}; {message}"
        self.reports[name] = attrs.evolve(report, error=error)

    def contributed(self, name: str, what: str) -> None:
        """Record that plugin *name* contributed *what*."""
        self.reports.setdefault(name, self._report(name))
        self.contributions.setdefault(name, []).append(what)

    def final_reports(self) -> list[PluginReport]:
        """Return every plugin's report, with what it contributed, sorted by name."""
        return [
            attrs.evolve(report, contributes=(*report.contributes, *self.contributions[name]))
            if name in self.contributions
            else report
            for name, report in sorted(self.reports.items(), key=lambda item: item[1].name)
        ]

    def _report(self, name: str) -> PluginReport:
        # A plugin registered directly on the manager (as tests and embedding code do) has no
        # report yet: it gets one on first mention.
        return self.reports.get(name) or PluginReport(name=name, origin="registered")


def disabled_names(disable: Iterable[str] = ()) -> frozenset[str]:
    """Return the names to disable: *disable* plus those in ``CASEBOOK_DISABLE_PLUGINS``."""
    from_env = os.environ.get(ENV_DISABLE, "")
    names = {n.strip() for n in from_env.split(",")} | {n.strip() for n in disable}
    return frozenset(n for n in names if n)


def load_plugins(
    *,
    entry_points: bool = True,
    plugins_dir: str | os.PathLike[str] | None = None,
    disable: Iterable[str] = (),
    strict: bool = False,
) -> LoadedPlugins:
    """Build a plugin manager and register every plugin that loads.

    :param entry_points: load installed plugins from the ``casebook`` entry-point group.
    :param plugins_dir: a folder of ``.py`` plugins; ``None`` reads ``CASEBOOK_PLUGINS_DIR``.
    :param disable: plugin names not to load, added to ``CASEBOOK_DISABLE_PLUGINS``.
    :param strict: raise :class:`~casebook.errors.PluginError` at the first failure.
    """
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    loaded = LoadedPlugins(manager, {}, strict)
    blocked = disabled_names(disable)

    for name, module_name in BUILTIN_PLUGINS:
        _register(
            loaded, name, "builtin", blocked, lambda m=module_name: importlib.import_module(m)
        )
    if entry_points:
        _load_entry_points(loaded, blocked)
    if plugins_dir is None:
        plugins_dir = os.environ.get(ENV_PLUGINS_DIR) or None
    if plugins_dir is not None:
        _load_folder(loaded, Path(plugins_dir), blocked)
    return loaded


def _register(
    loaded: LoadedPlugins,
    name: str,
    origin: str,
    blocked: frozenset[str],
    load: object,
    entry_point: entrypoints.EntryPoint | None = None,
) -> None:
    dist_name = entry_point.distribution if entry_point else None
    version = entry_point.version if entry_point else None
    if name in loaded.reports:
        previous = loaded.reports[name]
        message = (
            f"another plugin is already registered under this name "
            f"(from {previous.distribution or previous.origin}); rename one of them"
        )
        loaded.reports[f"{name} ({dist_name or origin})"] = PluginReport(
            name=name, origin=origin, distribution=dist_name, version=version, error=message
        )
        if loaded.strict:
            raise PluginError(name, message)
        return
    report = PluginReport(name=name, origin=origin, distribution=dist_name, version=version)
    loaded.reports[name] = report
    if name in blocked:
        loaded.reports[name] = attrs.evolve(report, disabled=True)
        return
    try:
        plugin = load()  # type: ignore[operator]
        loaded.manager.register(plugin, name=name)
    except Exception as exc:  # noqa: BLE001 - any failure of third-party code is reported
        loaded.fail(name, f"failed to load: {type(exc).__name__}: {exc}")
        return
    hooks = sorted(h.name for h in loaded.manager.get_hookcallers(plugin) or ())
    loaded.reports[name] = attrs.evolve(report, hooks=tuple(hooks))


def _load_entry_points(loaded: LoadedPlugins, blocked: frozenset[str]) -> None:
    for entry_point in entrypoints.find(hookspecs.PROJECT):
        _register(loaded, entry_point.name, "entry point", blocked, entry_point.load, entry_point)


def _load_folder(loaded: LoadedPlugins, folder: Path, blocked: frozenset[str]) -> None:
    if not folder.is_dir():
        loaded.fail(str(folder), "plugins folder not found")
        return
    for path in sorted(folder.glob("*.py")):
        if path.name.startswith("_"):
            continue
        _register(loaded, path.stem, "plugins folder", blocked, lambda p=path: _import_file(p))


def _import_file(path: Path) -> ModuleType:
    """Import one ``.py`` file from a plugins folder under a private module name."""
    module_name = f"casebook_plugins_dir.{path.stem}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        msg = f"cannot import {path}"
        raise ImportError(msg)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[module_name]
        raise
    return module
