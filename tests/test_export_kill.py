"""A killed export leaves its folder wholly old or wholly new, once recovered: at every step.

Each test runs the export in a child process with an audit hook that counts every operation
that changes the file system (opening a file for writing, making, renaming or removing a file
or folder) and calls ``os._exit`` just before the k-th one, for every k. The hook lives in the
child only: casebook itself has no way to be told to stop.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from casebook import cli, exporting

OLD = {"keep.txt": b"same", "change.txt": b"old", "gone.txt": b"bye", "sub/deep.txt": b"old deep"}
NEW = {
    "keep.txt": b"same",
    "change.txt": b"new!",
    "sub/deep.txt": b"new deep",
    "fresh/x.txt": b"hi",
    "fresh/deeper/y.txt": b"made whole",
    "gone.txt/now-a-folder.txt": b"where a removed file stood",
}

CHILD = """
import json, os, sys
from casebook import exporting

folder, action, kill_at, rehearsal = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
files = {name: content.encode() for name, content in json.loads(sys.argv[5]).items()}

def run(where):
    if action == "export":
        exporting.write_files(files, where, owner="t")
    else:
        exporting.recover(where)

run(rehearsal)  # imports everything the export uses before anything is counted
CHANGES = {"os.rename", "os.remove", "os.rmdir", "os.mkdir", "shutil.rmtree", "os.truncate"}
WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
count = 0

def hook(event, args):
    global count
    if event == "open":
        if args[2] & WRITING == 0:
            return
    elif event not in CHANGES:
        return
    count += 1
    if count == kill_at:
        os._exit(9)

sys.addaudithook(hook)
run(folder)
print(count)
"""


def run_child(
    folder: Path, action: str, kill_at: int, tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    rehearsal = tmp_path / f"rehearsal-{action}-{kill_at}-{folder.name}"
    shutil.rmtree(rehearsal, ignore_errors=True)
    files = json.dumps({name: content.decode() for name, content in NEW.items()})
    return subprocess.run(
        [sys.executable, "-c", CHILD, str(folder), action, str(kill_at), str(rehearsal), files],
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONDONTWRITEBYTECODE": "1", "PATH": "/usr/bin:/bin"},
    )


def contents(folder: Path) -> dict[str, bytes]:
    """Every file under *folder* (casebook's own included) with its bytes."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def old_folder(folder: Path) -> Path:
    exporting.write_files(OLD, folder, owner="t")
    (folder / "mine.txt").write_bytes(b"the user's own")
    return folder


def staging_folders(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(exporting.STAGING_PREFIX)]


@pytest.fixture(scope="module")
def states(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[dict[str, bytes], dict[str, bytes], int]:
    """The folder's old and new contents, and how many changes the export makes."""
    tmp = tmp_path_factory.mktemp("states")
    folder = old_folder(tmp / "count")
    old = contents(folder)
    done = run_child(folder, "export", 0, tmp)
    assert 0 == done.returncode, done.stderr
    return old, contents(folder), int(done.stdout)


def test_a_kill_before_any_step_leaves_the_folder_wholly_old_or_wholly_new(tmp_path, states):
    """Killed before its k-th change, for every k, an export leaves old or new after recovery."""
    old, new, changes = states
    assert changes >= 10  # staging files, the journal, the moves, the removal, the clean-up
    outcomes = []
    for k in range(1, changes + 1):
        folder = old_folder(tmp_path / f"k{k}")
        killed = run_child(folder, "export", k, tmp_path)
        assert 9 == killed.returncode, (k, killed.stderr)
        exporting.recover(folder)
        after = contents(folder)
        assert after in (old, new), f"a kill before change {k} of {changes} left a mix"
        assert [] == staging_folders(folder)
        outcomes.append("old" if after == old else "new")
        exporting.write_files(NEW, folder, owner="t")
        assert new == contents(folder)
    # Both outcomes occur, and once the journal is in place every later kill ends new.
    assert "old" == outcomes[0]
    assert "new" == outcomes[-1]
    switch = outcomes.index("new")
    assert ["new"] * (changes - switch) == outcomes[switch:]


def test_a_kill_during_recovery_is_recovered_by_the_next_run(tmp_path, states):
    """The journal's completion can itself be killed at any step, and completed later."""
    _old, new, changes = states
    folder = old_folder(tmp_path / "journal")
    for k in range(1, changes + 1):
        shutil.rmtree(folder)
        old_folder(folder)
        run_child(folder, "export", k, tmp_path)
        if (folder / ".casebook-journal.json").exists():
            break  # killed just after the journal was put in place
    else:
        pytest.fail("no kill left a journal")
    counted = Path(shutil.copytree(folder, tmp_path / "counted", symlinks=True))
    finished = run_child(counted, "recover", 0, tmp_path)
    assert new == contents(counted)
    assert 0 == finished.returncode, finished.stderr
    steps = int(finished.stdout)
    assert steps >= 5
    for j in range(1, steps + 1):
        shutil.rmtree(tmp_path / "copy", ignore_errors=True)
        copy = Path(shutil.copytree(folder, tmp_path / "copy", symlinks=True))
        killed = run_child(copy, "recover", j, tmp_path)
        assert 9 == killed.returncode, (j, killed.stderr)
        exporting.recover(copy)
        assert new == contents(copy), f"a kill before step {j} of the recovery left a mix"


def test_the_next_export_removes_an_interrupted_exports_staging_folder(tmp_path, capsys):
    """What a kill while staging leaves behind is cleaned up by the next export."""
    out = tmp_path / "out"
    assert 0 == cli.main(["export", "--format", "json", "--output", str(out)])
    leftover = out / ".casebook-staging-k1ll3d"
    leftover.mkdir()
    (leftover / "0").write_bytes(b"half a page")
    assert 0 == cli.main(["export", "--format", "json", "--output", str(out)])
    assert [] == staging_folders(out)
    assert "0 files written" in capsys.readouterr().out
