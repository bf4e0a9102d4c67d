"""The benchmark's profile of a Sphinx build: each stage's time, and the nodes Sphinx walks."""

import importlib
import json
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"

pytest.importorskip("sphinx")


@pytest.fixture
def profiles(monkeypatch):
    """Import the benchmark's profiles module (a script beside run.py)."""
    monkeypatch.syspath_prepend(str(BENCH))
    monkeypatch.delitem(sys.modules, "profiles", raising=False)
    yield importlib.import_module("profiles")
    sys.modules.pop("profiles", None)


def profiled_build(tmp_path: Path, pages: int) -> tuple[Path, Path]:
    """Build a project of *pages* small pages under cProfile; return the profile and doctrees."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('project = "p"\n')
    entries = "".join(f"   page{n}\n" for n in range(pages))
    (src / "index.rst").write_text(f"Home\n====\n\n.. toctree::\n\n{entries}")
    for n in range(pages):
        (src / f"page{n}.rst").write_text(f"Page {n}\n=======\n\nSome *text*, and **more**.\n")
    out, profile = tmp_path / "out", tmp_path / "build.prof"
    script = [sys.executable, str(BENCH / "sphinx_build.py"), str(src), str(out), str(profile)]
    done = subprocess.run(script, capture_output=True, text=True, check=True)
    assert json.loads(done.stdout.splitlines()[-1])["status"] == 0
    return profile, out / ".doctrees"


def test_the_stages_of_a_build_add_up_to_its_time_and_count_its_nodes(profiles, tmp_path):
    profile, doctrees = profiled_build(tmp_path, 4)
    stages = profiles.stages(profile)
    assert all(seconds > 0 for seconds in stages.values()), stages
    assert sum(stages.values()) == pytest.approx(sum(profiles.by_package(profile).values()))
    by_hand = sum(
        len(list(pickle.loads(path.read_bytes()).findall()))  # noqa: S301 - written by the test
        for path in doctrees.rglob("*.doctree")
    )
    assert profiles.doctree_nodes(doctrees) == by_hand > 5 * 10
    lines = profiles.profile_section(
        {"one": profile, "two": profile}, 5, {"one": doctrees, "two": doctrees}
    )
    table = lines[lines.index("| stage | one | two |") :]
    nodes = f"{by_hand / 5:,.0f}"
    assert f"| doctree nodes per record, all pages | {nodes} | {nodes} |" in table
    label = "reading: parsing each page, directives included"
    parsing = f"{stages[label] * 1000 / 5:.1f} ms"
    assert f"| {label} | {parsing} | {parsing} |" in table


def test_a_stage_whose_function_the_profile_lacks_stops_the_benchmark(profiles, tmp_path):
    import cProfile

    profiler = cProfile.Profile()
    profiler.runcall(sorted, range(100))
    profiler.dump_stats(tmp_path / "none.prof")
    with pytest.raises(SystemExit, match=r"has no parse of sphinx/parsers\.py"):
        profiles.stages(tmp_path / "none.prof")
