"""`import casebook` and `casebook --version` stay light: no Sphinx, no jsonschema, no plugins.

A heavy import here would cost every command, and every script that only wants the model.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HEAVY = ("jsonschema", "sphinx", "docutils", "referencing")

CHECK = """
import sys
{action}
heavy = sorted(
    m for m in sys.modules
    if m.split('.')[0] in {heavy!r} or m.startswith(('casebook_', 'casebook.export.'))
)
print(' '.join(heavy), file=sys.stderr)
"""


def loaded_after(action: str) -> list[str]:
    code = CHECK.format(action=action, heavy=HEAVY)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return result.stderr.split()


def test_import_casebook_loads_nothing_heavy():
    """Importing the package loads neither jsonschema nor Sphinx nor any plugin."""
    assert [] == loaded_after("import casebook")


def test_version_loads_nothing_heavy():
    """`casebook --version` answers without loading plugins or validators."""
    action = (
        "from casebook.cli import main\ntry:\n    main(['--version'])\nexcept SystemExit:\n    pass"
    )
    assert [] == loaded_after(action)


def test_help_loads_nothing_heavy():
    """`casebook list --help` answers without loading plugins or validators."""
    action = (
        "from casebook.cli import main\n"
        "try:\n    main(['list', '--help'])\nexcept SystemExit:\n    pass"
    )
    assert [] == loaded_after(action)


def test_public_names_match_all():
    """Every name in casebook.__all__ resolves, lazily, to the object of its module."""
    import casebook

    missing = [name for name in casebook.__all__ if getattr(casebook, name, None) is None]
    assert [] == missing
    assert casebook.CaseStudy is __import__("casebook.model").model.CaseStudy


def test_list_imports_no_renderer():
    """`casebook list` registers the built-in exporters without importing what renders pages.

    Every command registers every plugin; the exporter classes are light, and each imports its
    renderer only when an export runs.
    """
    action = (
        "import contextlib, io\nfrom casebook.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n    main(['list'])"
    )
    loaded = set(loaded_after(action))
    renderers = {
        "casebook.export.pages",
        "casebook.export.inline",
        "casebook.export.markdown",
        "casebook.export.rst",
        "casebook.export.jsondata",
        "casebook.export.escaping",
    }
    assert "casebook.export.builtin" in loaded  # the check sees casebook.export modules
    assert set() == loaded & renderers


def listed_twice(cache: Path, *names: str) -> tuple[list[str], list[str]]:
    """Run `casebook list` twice with the cache *cache*; return which of *names* each imported.

    The first start is cold (it fills the cache), the second warm, as every later start is.
    """
    code = (
        "import contextlib, io, sys\nfrom casebook.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n    main(['list'])\n"
        f"print(' '.join(sorted(m for m in sys.modules if m in {names!r})), file=sys.stderr)"
    )
    env = {**os.environ, "CASEBOOK_CACHE_DIR": str(cache)}
    cold, warm = (
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
        ).stderr.split()
        for _ in range(2)
    )
    return cold, warm


def test_a_warm_list_checks_nothing(tmp_path):
    """With every installed file in the cache of files that passed, nothing is validated again.

    So `casebook list` imports neither validator, nor the fast JSON parser of new files.
    """
    first, again = listed_twice(
        tmp_path, "casebook.format.validation", "jsonschema_rs", "jsonschema", "orjson"
    )
    assert "casebook.format.validation" in first  # the first start checks every file
    assert [] == again


def test_a_warm_list_imports_only_what_listing_needs(tmp_path):
    """A warm `casebook list` imports neither shutil nor the csv plugin's table.

    argparse's own help formatter imports shutil (and the compression modules it loads) to ask
    the terminal's width, once per argument added; the csv exporter's table needs the csv and
    decimal modules. Neither is needed to list the sites, and both cost every start.
    """
    _cold, again = listed_twice(tmp_path, "shutil", "csv", "decimal", "casebook_csv.table")
    assert [] == again
