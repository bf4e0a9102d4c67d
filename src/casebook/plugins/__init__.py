"""Plugins: find them, register them, call their hooks one at a time, and build the casebook.

:mod:`~casebook.plugins.hookspecs` specifies the hooks; :mod:`~casebook.plugins.entrypoints`
finds installed plugins; :mod:`~casebook.plugins.manager` registers them, each in isolation, and
keeps a :mod:`~casebook.report` per plugin; :mod:`~casebook.plugins.registry` calls the
hooks and collects what they contribute into a :class:`~casebook.book.Casebook`, with
:mod:`~casebook.format.plaindata` copying plugin objects into plain data first.

Before 0.1.0 was released this package was a single module: its names (``load_plugins``,
``PluginReport``, ``LoadedPlugins``, ...) are still served from here, with a
:class:`DeprecationWarning`, for one release.
"""

from __future__ import annotations

import importlib
import warnings
from typing import Any

_MOVED = {
    "ENV_DISABLE": "casebook.plugins.manager",
    "ENV_PLUGINS_DIR": "casebook.plugins.manager",
    "LoadedPlugins": "casebook.plugins.manager",
    "PluginCall": "casebook.plugins.manager",
    "disabled_names": "casebook.plugins.manager",
    "load_plugins": "casebook.plugins.manager",
    "PluginReport": "casebook.report",
}


def __getattr__(name: str) -> Any:
    module = _MOVED.get(name)
    if module is None:
        msg = f"module 'casebook.plugins' has no attribute {name!r}"
        raise AttributeError(msg)
    warnings.warn(
        f"casebook.plugins.{name} is deprecated; import it from {module}",
        DeprecationWarning,
        stacklevel=2,
    )
    return getattr(importlib.import_module(module), name)
