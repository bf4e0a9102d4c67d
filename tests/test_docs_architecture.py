"""The architecture page says what the code is: the layers of the import contract, the modules.

The page is where a newcomer learns where a change goes; a layer or a module it names that the
code does not have would send them the wrong way.
"""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).parent.parent
PAGE = (ROOT / "docs" / "architecture.rst").read_text("utf-8")


def test_the_page_lists_the_import_contracts_layers_in_order():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    [contract] = pyproject["tool"]["importlinter"]["contracts"]
    block = PAGE.split("From the top, the layers are:", 1)[1].split("\n\n")[2]
    shown = [line.strip() for line in block.splitlines()]
    assert contract["layers"] == shown


def _exists(name: str) -> bool:
    """Tell whether *name* is a module, or a module's attribute (``casebook.compare``)."""
    module, _, attribute = name.rpartition(".")
    try:
        if importlib.util.find_spec(name) is not None:
            return True
    except ModuleNotFoundError:  # a parent is a module, not a package: name is an attribute
        pass
    return hasattr(importlib.import_module(module), attribute) if _exists(module) else False


def test_every_module_and_name_the_page_gives_exists():
    named = set(re.findall(r"\bcasebook(?:\.[A-Za-z_]+)+", PAGE))
    assert len(named) > 20
    assert [] == sorted(name for name in named if not _exists(name))


def test_the_page_places_every_module_of_the_packages_along_the_flow():
    source = ROOT / "src" / "casebook"
    modules = [
        f"{package.name}.{module.stem}"
        for package in sorted(source.iterdir())
        if (package / "__init__.py").is_file()
        for module in sorted(package.glob("*.py"))
        if module.stem != "__init__"
    ]
    assert len(modules) > 40
    words = set(re.findall(r"[a-z_]+", PAGE))
    assert [] == [name for name in modules if name.split(".")[1] not in words]
