"""``casebook.load()``: plugins in, a checked :class:`~casebook.book.Casebook` out."""

from __future__ import annotations

import os
from collections.abc import Iterable

from casebook.book import Casebook
from casebook.plugins import registry
from casebook.plugins.manager import load_plugins


def load(
    *,
    plugins_dir: str | os.PathLike[str] | None = None,
    disable: Iterable[str] = (),
    entry_points: bool = True,
    strict: bool = False,
) -> Casebook:
    """Load every installed plugin and return the casebook of what they contribute.

    :param plugins_dir: a folder of ``.py`` plugins to load too; ``None`` reads the
        ``CASEBOOK_PLUGINS_DIR`` environment variable.
    :param disable: plugin names not to load (as ``casebook plugins`` shows them), added to
        those in ``CASEBOOK_DISABLE_PLUGINS``. A list (or other iterable) of names, never a
        bare string: ``disable="name"`` raises :class:`TypeError`, because a string is itself
        an iterable of one-letter names, and taking it as one name would guess (``"a,b"``
        could mean two); write ``disable=["name"]``.
    :param entry_points: load plugins installed through the ``casebook`` entry-point group.
    :param strict: raise at the first failing plugin or invalid item, instead of reporting it in
        ``book.plugins`` and going on.
    :raises ~casebook.errors.UnknownValueError: if a name to disable (given or in the
        environment) names no plugin found (built-in, entry point or plugins folder file).

    Example::

        >>> import casebook
        >>> book = casebook.load()
        >>> [case.name for case in book.select(programme="pacs")]  # doctest: +SKIP
    """
    loaded = load_plugins(
        entry_points=entry_points, plugins_dir=plugins_dir, disable=disable, strict=strict
    )
    return registry.build(loaded)
