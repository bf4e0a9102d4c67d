"""Find, load and register plugins, one at a time, so a broken plugin cannot take others down.

Plugins come from three places, in this order: casebook's own built-in plugins, the installed
distributions' entry points in the group ``casebook``, and ``.py`` files in a plugins folder.
Each is imported and registered inside a :class:`PluginCall`: a plugin that fails to import
(whatever it raises, ``sys.exit`` included) is recorded in a :class:`PluginReport` with its
error, and loading goes on. ``strict=True`` raises :class:`~casebook.errors.PluginError` instead.

Registration checks each hook implementation the way pluggy means it: a name that is not a
casebook hook (a typo such as ``casebook_case_study``) is refused, unless marked
``optionalhook``; so are ``wrapper``, ``hookwrapper``, ``tryfirst`` and ``trylast``, because
casebook calls every plugin's implementation on its own, in the order of plugin names, and those
options would mean nothing. A refused plugin is unregistered and contributes nothing.

Disable a plugin by the name ``casebook plugins`` shows, with ``disable=`` (``--disable NAME``)
or the environment variable ``CASEBOOK_DISABLE_PLUGINS`` (comma-separated names). Disabled names
are blocked in pluggy (:meth:`pluggy.PluginManager.set_blocked`) before anything is imported,
and a blocked plugin is never imported. A name no plugin has is an
:class:`~casebook.errors.UnknownValueError`: a typo must not leave the plugin quietly loaded.
A plugins folder's files are read as :mod:`casebook.format.datafile` reads data files.

``KeyboardInterrupt`` is the one exception a plugin call lets through: it is how Python delivers
the user's Ctrl-C, and casebook cannot tell it from a plugin raising it, so it stops the command
(the command line prints one line and exits 130).
"""

from __future__ import annotations

import functools
import importlib.machinery
import importlib.util
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from types import CodeType, ModuleType, TracebackType
from typing import Self

import attrs
import pluggy

from casebook.errors import PluginError, UnknownValueError, ValidationError
from casebook.format import datafile
from casebook.plugins import entrypoints, hookspecs
from casebook.report import Contribution, PluginReport, Refusal
from casebook.wording import shorten

__all__ = [
    "BUILTIN_PLUGINS",
    "ENV_DISABLE",
    "ENV_PLUGINS_DIR",
    "LoadedPlugins",
    "PluginCall",
    "PluginReport",
    "describe_exception",
    "disabled_names",
    "load_plugins",
]

#: Environment variable naming a folder of ``.py`` plugins to load.
ENV_PLUGINS_DIR = "CASEBOOK_PLUGINS_DIR"
#: Environment variable listing plugin names to disable, separated by commas.
ENV_DISABLE = "CASEBOOK_DISABLE_PLUGINS"

#: casebook's own plugins, registered the same way as anyone else's, by name: see
#: ``casebook.export.builtin``.
BUILTIN_PLUGINS: tuple[str, ...] = ("casebook.json", "casebook.markdown", "casebook.sphinx")

#: Hook implementation options that casebook refuses, with what each would have meant.
_REFUSED_OPTIONS = {
    "wrapper": "wrap the other plugins' implementations",
    "hookwrapper": "wrap the other plugins' implementations",
    "tryfirst": "run before the others",
    "trylast": "run after the others",
}


@attrs.define
class LoadedPlugins:
    """A plugin manager with every plugin registered, and a report per plugin."""

    manager: pluggy.PluginManager
    reports: dict[str, PluginReport]
    strict: bool = False
    #: What each plugin contributed so far; kept apart from the frozen reports so that a plugin
    #: contributing thousands of case studies costs one list append each, not a copy.
    contributions: dict[str, list[Contribution]] = attrs.field(factory=dict)
    refusals: dict[str, list[Refusal]] = attrs.field(factory=dict)

    def fail(self, name: str, message: str) -> None:
        """Record that plugin *name* failed; in strict mode raise :class:`PluginError` instead."""
        if self.strict:
            raise PluginError(name, message)
        report = self.report_for(name)
        if report.error is not None and message in report.error:
            return  # one plugin claiming one id twice is one failure, said once
        error = message if report.error is None else f"{report.error}; {message}"
        self.reports[name] = attrs.evolve(report, error=error)

    def contributed(self, name: str, contribution: Contribution) -> None:
        """Record that plugin *name* contributed *contribution*, and casebook serves it."""
        self.reports.setdefault(name, self.report_for(name))
        self.contributions.setdefault(name, []).append(contribution)

    def refuse(self, name: str, refusal: Refusal) -> None:
        """Record that casebook does not serve something plugin *name* gave, and fail it."""
        self.refusals.setdefault(name, []).append(refusal)
        self.fail(name, refusal.reason)

    def final_reports(self) -> list[PluginReport]:
        """Return every plugin's report, with what it contributed, sorted by name."""
        return [
            attrs.evolve(
                report,
                provided=(*report.provided, *self.contributions.get(name, ())),
                refused=(*report.refused, *self.refusals.get(name, ())),
            )
            if name in self.contributions or name in self.refusals
            else report
            for name, report in sorted(self.reports.items(), key=lambda item: item[1].name)
        ]

    def check_registered(self) -> None:
        """Check plugins registered on the manager directly (as tests and embedding code do)."""
        for name, plugin in list(self.manager.list_name_plugin()):
            # A blocked name is listed with no plugin (None): it is no plugin to report.
            if plugin is not None and name not in self.reports:
                _check_hooks(self, name, plugin)

    def report_for(self, name: str) -> PluginReport:
        """Return the report of plugin *name*, a new one for a plugin registered directly."""
        # A plugin registered directly on the manager has no report yet: it gets one on first
        # mention.
        return self.reports.get(name) or PluginReport(name=name, origin="registered")


class PluginCall:
    """Run a plugin's code; record any failure against the plugin instead of raising it.

    Use as ``with PluginCall(loaded, name, "casebook_case_studies() raised") as call:``, then
    test ``call.failed``. Every exception is caught, ``SystemExit`` and ``GeneratorExit``
    included, except ``KeyboardInterrupt`` (see the module's documentation).
    """

    def __init__(self, loaded: LoadedPlugins, name: str, doing: str) -> None:
        self.loaded = loaded
        self.name = name
        self.doing = doing
        self.failed = False

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        _traceback: TracebackType | None,
    ) -> bool:
        if exc is None or isinstance(exc, KeyboardInterrupt):
            return False
        self.failed = True
        # A refused file's message is casebook's own and says it all: no exception type.
        refused = isinstance(exc, _RefusedFileError)
        reason = shorten(str(exc), 300) if refused else describe_exception(exc)
        self.loaded.fail(self.name, f"{self.doing} {reason}")
        return True


def describe_exception(exc: BaseException) -> str:
    """Return ``Type: message`` for *exc*, short, one line, with control characters escaped."""
    if isinstance(exc, SystemExit):
        text = f"the plugin called sys.exit({exc.code!r})"
    else:
        try:
            text = str(exc)
        except Exception:  # noqa: BLE001 - a plugin's exception may not even print
            text = "(its message cannot be shown)"
    text = shorten(text, 300)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def disabled_names(disable: Iterable[str] = ()) -> frozenset[str]:
    """Return the names to disable: *disable* plus those in ``CASEBOOK_DISABLE_PLUGINS``.

    :raises TypeError: if *disable* is a string, or holds something that is not a string.
    """
    return _given_names(disable) | _env_names()


def _env_names() -> frozenset[str]:
    return frozenset(n.strip() for n in os.environ.get(ENV_DISABLE, "").split(",")) - {""}


def _given_names(disable: Iterable[str]) -> frozenset[str]:
    # A string is an iterable of its letters, and whether "a,b" means one name or two would be
    # a guess: refused, as a list of one name says what it means.
    if isinstance(disable, str | bytes):
        msg = f"disable takes a list of plugin names, not a {type(disable).__name__}: write "
        raise TypeError(msg + f"disable=[{shorten(repr(disable), 60)}]")
    names = list(disable)
    for name in names:
        if not isinstance(name, str):
            msg = f"disable takes plugin names as strings, not {type(name).__name__}"
            raise TypeError(f"{msg} {shorten(repr(name), 60)}")
    return frozenset(n.strip() for n in names) - {""}


def _check_disabled(given: frozenset[str], known: Iterable[str]) -> frozenset[str]:
    """Return *given* and the names of ``CASEBOOK_DISABLE_PLUGINS``, if each is in *known*.

    :raises UnknownValueError: for the first name (*given* first, each sorted) that is not.
    """
    valid = sorted(set(known))
    from_env = _env_names()
    for what, names in (("plugin", given), (f"plugin (from {ENV_DISABLE})", from_env)):
        unknown = sorted(names.difference(valid))
        if unknown:
            raise UnknownValueError(what, unknown[0], valid)
    return given | from_env


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
    :param disable: plugin names not to load, added to ``CASEBOOK_DISABLE_PLUGINS``; a list,
        not a string (see :func:`disabled_names`).
    :param strict: raise :class:`~casebook.errors.PluginError` at the first failure.
    :raises ~casebook.errors.UnknownValueError: if a name to disable names no plugin found,
        before any plugin is imported.
    """
    given = _given_names(disable)  # a string is refused before anything is looked for
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    loaded = LoadedPlugins(manager, {}, strict)
    found = entrypoints.find(hookspecs.PROJECT) if entry_points else []
    if plugins_dir is None:
        plugins_dir = os.environ.get(ENV_PLUGINS_DIR) or None
    folder = None if plugins_dir is None else Path(plugins_dir)
    files, folder_error = _list_folder(folder) if folder is not None else ([], None)
    known = [*BUILTIN_PLUGINS, *(e.name for e in found), *(path.stem for path in files)]
    for name in _check_disabled(given, known):
        manager.set_blocked(name)

    for name in BUILTIN_PLUGINS:
        _register(loaded, name, "builtin", functools.partial(_builtin_plugin, name))
    for entry_point in found:
        _register(loaded, entry_point.name, "entry point", entry_point.load, entry_point)
    if folder_error is not None:
        loaded.fail(str(folder), folder_error)
    for path in files:
        _register(loaded, path.stem, "plugins folder", functools.partial(_import_file, path))
    return loaded


def _register(
    loaded: LoadedPlugins,
    name: str,
    origin: str,
    load: Callable[[], object],
    entry_point: entrypoints.EntryPoint | None = None,
) -> None:
    dist_name = entry_point.distribution if entry_point else None
    version = entry_point.version if entry_point else None
    report = PluginReport(name=name, origin=origin, distribution=dist_name, version=version)
    if name in loaded.reports:
        previous = loaded.reports[name]
        message = (
            f"another plugin is already registered under this name "
            f"(from {previous.distribution or previous.origin}); rename one of them"
        )
        loaded.reports[f"{name} ({dist_name or origin})"] = attrs.evolve(report, error=message)
        if loaded.strict:
            raise PluginError(name, message)
        return
    loaded.reports[name] = report
    if loaded.manager.is_blocked(name):
        loaded.reports[name] = attrs.evolve(report, disabled=True)
        return
    with PluginCall(loaded, name, "failed to load:") as call:
        plugin = load()
        loaded.manager.register(plugin, name=name)
    if not call.failed:
        _check_hooks(loaded, name, plugin)


def _check_hooks(loaded: LoadedPlugins, name: str, plugin: object) -> None:
    """Refuse a registered plugin whose hooks casebook would misread; else record its hooks."""
    problems = []
    hooks = []
    for caller in loaded.manager.get_hookcallers(plugin) or ():
        for impl in caller.get_hookimpls():
            if impl.plugin is not plugin:
                continue
            if not caller.has_spec():
                if not impl.optionalhook:
                    problems.append(
                        f"{impl.function.__name__}() implements {caller.name!r}, which is not "
                        f"a casebook hook (the hooks are {', '.join(_hook_names())})"
                    )
                continue
            hooks.append(caller.name)
            problems.extend(
                f"{caller.name}() is marked {option}, but casebook calls each plugin's hook on "
                f"its own, so it cannot {meaning}: remove {option}"
                for option, meaning in _REFUSED_OPTIONS.items()
                if getattr(impl, option)
            )
    if problems:
        loaded.manager.unregister(plugin)
        loaded.fail(name, "refused: " + "; ".join(problems))
        return
    loaded.reports[name] = attrs.evolve(loaded.report_for(name), hooks=tuple(sorted(hooks)))


def _hook_names() -> list[str]:
    return sorted(name for name in vars(hookspecs) if name.startswith("casebook_"))


def _builtin_plugin(name: str) -> object:
    from casebook.export.builtin import PLUGINS  # noqa: PLC0415 - when registered, not blocked

    return PLUGINS[name]


def _list_folder(folder: Path) -> tuple[list[Path], str | None]:
    """Return *folder*'s ``*.py`` entries but ``_*``, sorted, and why it cannot be listed."""
    # Of any kind: one that is not a regular file fails as its plugin (see _read_source).
    try:
        with os.scandir(folder) as entries:
            names = sorted(e.name for e in entries if e.name.endswith(".py"))
    except FileNotFoundError:
        return [], "plugins folder not found"
    except OSError as exc:
        return [], f"cannot read this plugins folder: {exc.strerror or exc}"
    return [folder / name for name in names if not name.startswith("_")], None


class _RefusedFileError(Exception):
    """A plugins folder's file that casebook does not read; the message names it and says why."""


def _read_source(path: str) -> bytes:
    """Return the bytes of a plugins folder's file, read as a data file is (see ``datafile``).

    A named pipe, a device or a file past ``datafile.MAX_FILE_SIZE`` is refused at once
    (:class:`_RefusedFileError`, saying why), rather than blocking the command or never ending.
    """
    try:
        return datafile.read_regular_file(path, "a plugin's Python file")
    except ValidationError as exc:
        [problem] = exc.problems
        raise _RefusedFileError(f"{problem.file}: {problem.message}") from None


class _SourceLoader(importlib.machinery.SourceFileLoader):
    """Compiles a plugins folder's file from its source at every import; no bytecode file.

    Python's bytecode files are trusted on the source's size and modification time in whole
    seconds, so a file edited within the second to the same size would run its old code; and
    the plugins folder is the user's own, where casebook writes nothing.
    """

    def get_code(self, fullname: str) -> CodeType:
        """Return the code of the file's current source."""
        del fullname  # the loader's own module: it loads one file
        return self.source_to_code(_read_source(self.path), self.path)


def _import_file(path: Path) -> ModuleType:
    """Import one ``.py`` file from a plugins folder under a private module name."""
    module_name = f"casebook_plugins_dir.{path.stem}"
    loader = _SourceLoader(module_name, str(path))
    spec = importlib.util.spec_from_file_location(module_name, path, loader=loader)
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
