"""The validated-file cache is never trusted over the checks, and its key covers every input."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

import casebook
from casebook.format import cache, validation

DATA = Path(__file__).parent / "data"
AREAS = ["test-framework/urgent"]


@pytest.fixture
def cache_folder(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("CASEBOOK_CACHE_DIR", str(folder))
    monkeypatch.setattr(cache, "_passed_sets", {})
    return folder


def _entry(folder: Path) -> Path:
    (entry,) = folder.rglob("*.json")
    return entry


def _key_of(entry: Path) -> str:
    return entry.stem


def _stored(cache_key: str, body: bytes) -> bytes:
    return b"%s\n%s\n%s" % (cache_key.encode(), hashlib.sha256(body).hexdigest().encode(), body)


DAMAGE = {
    "empty object": lambda _key, _old: b"{}",
    "empty file": lambda _key, _old: b"",
    "truncated": lambda _key, old: old[: len(old) // 2],
    "data edited": lambda _key, old: old.replace(b"Example Site", b"Elsewhere"),
    "another key": lambda key, old: old.replace(key.encode(), b"0" * 64, 1),
    "intact but empty data": lambda key, _old: _stored(key, b"{}"),
    "intact but an array": lambda key, _old: _stored(key, b"[]"),
    "intact but wrong types": lambda key, _old: _stored(key, b'{"id": 5, "sources": 1}'),
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_entry_is_ignored_and_rebuilt(cache_folder, damage):
    """Whatever is in the entry, the file is read as it is, and the entry is stored again."""
    expected = casebook.read_case_study(DATA / "minimal.toml", known_areas=AREAS)
    entry = _entry(cache_folder)
    intact = entry.read_bytes()
    entry.write_bytes(damage(_key_of(entry), intact))
    assert expected == casebook.read_case_study(DATA / "minimal.toml", known_areas=AREAS)
    assert intact == entry.read_bytes()


def test_a_damaged_entry_does_not_break_loading_plugins(cache_folder, tmp_path):
    """Every command loads plugins: a damaged entry of a plugin's file must not crash them."""
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "site.py").write_text(
        "import pluggy\nfrom pathlib import Path\n"
        "hookimpl = pluggy.HookimplMarker('casebook')\n"
        f"@hookimpl\ndef casebook_frameworks():\n    return [Path({str(DATA / 'framework.toml')!r})]\n"
        f"@hookimpl\ndef casebook_case_studies():\n    return [Path({str(DATA / 'minimal.toml')!r})]\n",
        "utf-8",
    )
    assert ["example-site"] == list(casebook.load(plugins_dir=plugins, entry_points=False))
    for entry in cache_folder.rglob("*.json"):
        entry.write_bytes(b"{}")
    book = casebook.load(plugins_dir=plugins, entry_points=False, strict=True)
    assert "Example Site" == book["example-site"].name


def test_the_key_changes_with_each_input(tmp_path, monkeypatch):
    """File bytes, kind, known areas, casebook's version, the schema and casebook's code."""
    raw = (DATA / "minimal.toml").read_bytes()
    base = cache.key("case study", raw, AREAS)
    assert base == cache.key("case study", raw, AREAS)
    changed = {
        "bytes": cache.key("case study", raw + b"\n", AREAS),
        "kind": cache.key("framework", raw, AREAS),
        "areas": cache.key("case study", raw, [*AREAS, "test-framework/population"]),
        "no area check": cache.key("case study", raw, None),
    }
    monkeypatch.setattr(cache, "__version__", "0.0.0-other")
    changed["version"] = cache.key("case study", raw, AREAS)
    monkeypatch.undo()

    schema = tmp_path / "schema.json"
    schema.write_bytes(validation.SCHEMA_PATH.read_bytes().replace(b"lower-case", b"lowercase"))
    monkeypatch.setattr(casebook.format, "SCHEMA_PATH", schema)
    cache._schema_digest.cache_clear()  # noqa: SLF001 - a new process would read it afresh
    changed["schema"] = cache.key("case study", raw, AREAS)
    monkeypatch.undo()
    cache._schema_digest.cache_clear()  # noqa: SLF001

    package = tmp_path / "casebook"
    shutil.copytree(cache.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE", package)
    assert base == cache.key("case study", raw, AREAS)  # the same code, copied
    rules = package / "validation.py"
    rules.write_text(rules.read_text("utf-8") + "\n# a changed rule\n", "utf-8")
    cache._code_digest.cache_clear()  # noqa: SLF001
    changed["validation code"] = cache.key("case study", raw, AREAS)
    # The same size, edited later: what Python itself would compile afresh.
    source = rules.read_bytes()
    rules.write_bytes(source.replace(b"a changed rule", b"a changed RULE"))
    stat = rules.stat()
    os.utime(rules, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    cache._code_digest.cache_clear()  # noqa: SLF001
    changed["validation code, same size"] = cache.key("case study", raw, AREAS)
    monkeypatch.undo()
    cache._code_digest.cache_clear()  # noqa: SLF001

    assert base == cache.key("case study", raw, AREAS)
    assert len(changed) == len({base, *changed.values()}) - 1, changed


def test_changed_validation_code_misses_the_cache(cache_folder, tmp_path, monkeypatch):
    """After casebook's code changes, a file that passed before is checked again."""
    for name in ("minimal.toml", "framework.toml"):
        shutil.copy(DATA / name, tmp_path / name)
    json_file = tmp_path / "site.json"
    json_file.write_text(
        __import__("json").dumps(__import__("tomllib").loads((DATA / "minimal.toml").read_text())),
        "utf-8",
    )
    files = [tmp_path / "minimal.toml", json_file]
    for path in files:
        casebook.read_case_study(path, known_areas=AREAS)
    calls = []
    real = validation.check_case_study
    monkeypatch.setattr(
        validation, "check_case_study", lambda *a, **k: calls.append(a) or real(*a, **k)
    )
    for path in files:
        casebook.read_case_study(path, known_areas=AREAS)
    assert [] == calls  # both cached
    package = tmp_path / "casebook"
    shutil.copytree(cache.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    (package / "datafile.py").write_text("# changed\n", "utf-8")
    monkeypatch.setattr(cache, "PACKAGE", package)
    for path in files:
        casebook.read_case_study(path, known_areas=AREAS)
    assert 2 == len(calls)


def test_cache_folder_is_worked_out_once_but_follows_the_environment(tmp_path, monkeypatch):
    """Reading many files does not look up the home folder each time; a new setting counts."""
    calls = []
    real_home = Path.home
    monkeypatch.setattr(Path, "home", classmethod(lambda _cls: calls.append(1) or real_home()))
    monkeypatch.delenv("CASEBOOK_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    cache._cache_dir.cache_clear()  # noqa: SLF001
    folders = {cache.cache_dir() for _ in range(100)}
    assert ({tmp_path / "home" / ".cache" / "casebook"}, 1) == (folders, len(calls))
    monkeypatch.setenv("CASEBOOK_CACHE_DIR", str(tmp_path / "elsewhere"))
    assert tmp_path / "elsewhere" == cache.cache_dir()
    monkeypatch.setenv("CASEBOOK_CACHE_DIR", "")
    assert cache.cache_dir() is None
