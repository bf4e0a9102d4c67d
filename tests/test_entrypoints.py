"""Finding installed plugins: what importlib.metadata finds, remembered until the path changes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from casebook.plugins import entrypoints


def test_finds_the_installed_site_plugins():
    """Every installed site plugin is found, with its distribution and version."""
    found = {e.name: e for e in entrypoints.find("casebook")}
    salford = found["salford-together"]
    assert ("casebook_salford_together", "casebook-salford-together") == (
        salford.value,
        salford.distribution,
    )
    assert salford.version
    assert [e.name for e in entrypoints.find("casebook")] == sorted(found)


def test_a_warm_start_imports_nothing_to_find_plugins(tmp_path):
    """The second command finds the plugins without importing importlib.metadata."""
    script = (
        "import json, sys\n"
        "from casebook.plugins import entrypoints\n"
        "found = [e.name for e in entrypoints.find('casebook')]\n"
        "print(json.dumps([found, 'importlib.metadata' in sys.modules]))\n"
    )
    env = {**os.environ, "CASEBOOK_CACHE_DIR": str(tmp_path / "cache")}
    # ``python -c`` puts its working folder on the path: one that the cache is not written in.
    workdir = tmp_path / "work"
    workdir.mkdir()

    def run() -> list[object]:
        result = subprocess.run(
            [sys.executable, "-c", script],
            cwd=workdir,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(result.stdout)  # type: ignore[no-any-return]

    cold, warm = run(), run()
    assert cold[1], "the first command scans the installed distributions"
    assert (cold[0], False) == (warm[0], warm[1])
    assert "salford-together" in warm[0]


def _install(folder: Path, name: str, value: str) -> None:
    """Install a distribution as pip leaves it: a .dist-info folder with entry points."""
    dist_info = folder / f"{name.replace('-', '_')}-1.0.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    (dist_info / "entry_points.txt").write_text(f"[casebook]\n{name} = {value}\n")


def test_installing_a_distribution_is_noticed(tmp_path, monkeypatch):
    """A distribution installed after the list was cached appears in the next list."""
    monkeypatch.setenv("CASEBOOK_CACHE_DIR", str(tmp_path / "cache"))
    site_packages = tmp_path / "site-packages"
    site_packages.mkdir()
    os.utime(site_packages, ns=(0, 0))  # installed long ago
    monkeypatch.syspath_prepend(str(site_packages))
    before = [e.name for e in entrypoints.find("casebook")]
    assert "late-site" not in before
    _install(site_packages, "late-site", "late_site_module")
    after = {e.name: e for e in entrypoints.find("casebook")}
    assert ("late_site_module", "late-site", "1.0") == (
        after["late-site"].value,
        after["late-site"].distribution,
        after["late-site"].version,
    )
    assert sorted([*before, "late-site"]) == sorted(after)


def test_a_cached_list_from_another_version_is_a_miss(tmp_path, monkeypatch):
    """A cache entry that does not describe entry points is ignored, not an error."""
    from casebook.format import cache

    monkeypatch.setenv("CASEBOOK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "get", lambda _key: [{"unknown": "field"}])
    assert "salford-together" in [e.name for e in entrypoints.find("casebook")]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("os.path", os.path),
        ("os.path:join", os.path.join),
        ("os:path.join", os.path.join),
        ("os.path:join [extra]", os.path.join),
        (" os.path : join ", os.path.join),
    ],
)
def test_load_imports_what_the_value_names(value, expected):
    """Values are read as importlib.metadata reads them: ``module:attribute [extras]``."""
    assert expected is entrypoints.EntryPoint(name="x", value=value).load()
