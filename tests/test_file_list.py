"""Finding a folder's data files: the order of their paths' parts, held as runs of names."""

from __future__ import annotations

import os
import shutil
import tempfile
import tracemalloc
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from casebook.format import filelist, loading
from casebook.format.filelist import FileList

# Names that sort against each other the awkward ways: a folder "b" and a file "b.json", a
# name that is a prefix of another, hidden and skipped entries, other suffixes.
NAMES = st.sampled_from(
    ["a", "b", "b.json", "b-c.json", "B.json", "a.toml", "ab.json", ".hidden.json", "_private",
     "tests", "notes.txt", "pyproject.toml", "z.JSON", "é.json", "0.json"]
)  # fmt: skip
TREES = st.recursive(
    st.just(None),  # a file
    lambda inner: st.dictionaries(NAMES, inner, max_size=5),  # a folder
    max_leaves=25,
)


def make(folder: Path, tree: dict[str, object]) -> None:
    for name, inner in tree.items():
        if isinstance(inner, dict):
            (folder / name).mkdir()
            make(folder / name, inner)
        else:
            (folder / name).write_text("{}", "utf-8")


def walked_and_sorted(path: Path) -> list[str]:
    """The data files as os.walk finds them, sorted by their paths' parts: the old way."""
    found = []
    for folder, folders, names in os.walk(path):
        folders[:] = [name for name in folders if not loading._skipped_folder(name)]  # noqa: SLF001
        found.extend((*Path(folder).parts, name) for name in names if loading._is_data_name(name))  # noqa: SLF001
    return [os.path.join(*parts) for parts in sorted(found)]  # noqa: PTH118


@given(st.dictionaries(NAMES, TREES, max_size=6))
def test_the_files_come_in_the_order_of_their_paths_parts(tree):
    root = Path(tempfile.mkdtemp())
    try:
        make(root, tree)
        found = loading.folder_file_list(root)
        expected = walked_and_sorted(root)
        assert list(found) == expected
        assert len(found) == len(expected)
        assert [found[-n] for n in range(1, len(expected) + 1)] == expected[::-1]
    finally:
        shutil.rmtree(root)


@given(st.dictionaries(NAMES, TREES, max_size=6), st.integers(1, 3))
def test_a_folder_listed_in_batches_gives_the_same_order(tree, batch):
    """A folder of more data files than *batch* is sorted a batch at a time and merged."""
    root = Path(tempfile.mkdtemp())
    try:
        make(root, tree)
        rules = loading._is_data_name, loading._skipped_folder  # noqa: SLF001
        runs = list(filelist.data_file_runs(root, *rules, batch))
        assert all(0 < len(names) <= batch for _, names in runs)
        found = [os.path.join(folder, name) for folder, names in runs for name in names]  # noqa: PTH118
        assert found == walked_and_sorted(root)
    finally:
        shutil.rmtree(root)


class _Entry:
    """A file as :func:`os.scandir` lists it, with no file behind it."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def is_dir(self) -> bool:
        return False


class _Listing:
    """Stands in for :func:`os.scandir` of a folder of *count* data files, in no order."""

    def __init__(self, count: int) -> None:
        self.count = count

    def __enter__(self):
        return (_Entry(f"site-{n * 7919 % self.count:05}.json") for n in range(self.count))

    def __exit__(self, *_exc: object) -> None:
        return None


def test_a_large_folder_is_listed_without_holding_its_names_apart(tmp_path, monkeypatch):
    """Listing a folder peaks at about twice what the file list keeps, not several times.

    The names of a folder of 20,000 files, each held as its own string in a list while they
    were sorted, came to more than a hundred bytes a file at the peak; the list keeps about 30.
    """
    count = 20_011  # a prime, so that the stand-in lists every name once
    monkeypatch.setattr(os, "scandir", lambda _path: _Listing(count))
    tracemalloc.start()
    try:
        found = loading.folder_file_list(tmp_path)
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert list(found[:2]) == [str(tmp_path / "site-00000.json"), str(tmp_path / "site-00001.json")]
    assert len(found) == count
    assert kept / count < 40
    assert peak / count < 75, (kept / count, peak / count)


def test_a_folder_given_as_written_is_named_as_path_writes_it(tmp_path, monkeypatch):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "x.json").write_text("{}", "utf-8")
    monkeypatch.chdir(tmp_path)
    assert list(loading.folder_file_list("./data/")) == [os.path.join("data", "x.json")]  # noqa: PTH118


def test_a_link_to_a_folder_is_not_followed(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "x.json").write_text("{}", "utf-8")
    (tmp_path / "linked").symlink_to(tmp_path / "real", target_is_directory=True)
    assert list(loading.folder_file_list(tmp_path)) == [str(tmp_path / "real" / "x.json")]


@given(st.lists(st.tuples(st.text(max_size=8), st.lists(st.text(min_size=1), max_size=4))))
def test_a_file_list_gives_back_each_path_of_its_runs(runs):
    """Names may hold any text but the separator; a whole path added alone may hold anything."""
    whole = FileList()
    expected = []
    for folder, names in runs:
        names = [name.replace("\0", "") or "x" for name in names]  # noqa: PLW2901
        part = FileList()
        part.add_run(folder, names)
        whole += part
        expected += [os.path.join(folder, name) if folder else name for name in names]  # noqa: PTH118
    whole.add("any\0path")
    expected.append("any\0path")
    assert list(whole) == expected
    assert whole[1:3] == expected[1:3]


def test_folders_nested_deeper_than_pythons_recursion_limit_are_walked(tmp_path, monkeypatch):
    """The walk keeps its folders on a stack: 1,200 levels of folders are one path like others."""
    monkeypatch.chdir(tmp_path)  # short relative paths, so the deepest stays within PATH_MAX
    levels: list[Path] = []
    rules = loading._is_data_name, loading._skipped_folder  # noqa: SLF001
    try:
        for _ in range(1200):  # one level at a time: os.makedirs recurses once per level
            levels.append(levels[-1] / "d" if levels else Path("d"))
            levels[-1].mkdir()
        deepest = levels[-1]
        (deepest / "site.json").write_text("{}", "utf-8")
        Path("a.json").write_text("{}", "utf-8")
        runs = list(filelist.data_file_runs(".", *rules))
    finally:  # removed a level at a time, as shutil.rmtree also recurses once per level
        (levels[-1] / "site.json").unlink(missing_ok=True)
        for folder in reversed(levels):
            folder.rmdir()
    assert [(".", ["a.json"]), (os.path.join(".", deepest), ["site.json"])] == runs  # noqa: PTH118
