"""Finding a folder's data files: the order of their paths' parts, held as runs of names."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from casebook.format import loading
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
