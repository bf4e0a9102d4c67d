"""The benchmark writes its results file wholly from what it measured, misses included."""

import importlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


MODULES = ("results", "timing", "peers", "profiles")


@pytest.fixture
def modules(monkeypatch):
    """Import the benchmark's modules (scripts beside run.py, not a package), by name."""
    monkeypatch.syspath_prepend(str(BENCH))
    for name in MODULES:
        monkeypatch.delitem(sys.modules, name, raising=False)
    yield {name: importlib.import_module(name) for name in MODULES}
    for name in MODULES:
        sys.modules.pop(name, None)


@pytest.fixture
def bench(modules):
    """Import the benchmark's results and timing modules."""
    return modules["results"], modules["timing"]


def made_up_figures(results):
    within = results.Definition("fast thing", floor="the bare thing", limit=2.0)
    slow = results.Definition(
        "slow thing", floor="the bare thing", limit=2.0, leaves_out="the slow thing's checks."
    )
    rewrite = results.Definition(
        "again", floor="the first time", limit=0.2, condition="0 files rewritten"
    )
    untargeted = results.Definition("just measured")
    return [
        results.Result(within, [0.3, 0.1, 0.2], [0.1, 0.2, 0.15], "N = 7"),
        results.Result(slow, [0.5, 0.45, 0.9], [0.2, 0.2, 0.2]),
        results.Result(rewrite, [0.001], [0.3], "2 files rewritten", condition_met=False),
        results.Result(untargeted, [0.004]),
    ]


INFO = ("Some machine, 2 cores", "python bench/run.py --quick", "2030-01-02", "N = 7 things")


def test_results_file_is_exactly_what_the_figures_produce(bench, tmp_path):
    results, _ = bench
    path = tmp_path / "RESULTS.md"
    path.write_text("# Benchmark results\n\n## Targets missed: why (written by hand)\n")
    figures = made_up_figures(results)
    info = results.RunInfo(*INFO)

    written = results.write(path, figures, info)

    assert path.read_text("utf-8") == written == results.render(figures, info)
    assert "by hand)" not in written
    rows = [line for line in written.splitlines() if line.startswith("| ") and "---" not in line]
    assert rows[1:] == [
        "| fast thing (N = 7) | 3 | 200.0 ms | 100.0 ms | 300.0 ms | 150.0 ms | 1.33x | <= 2x | pass |",
        "| slow thing | 3 | 500.0 ms | 450.0 ms | 900.0 ms | 200.0 ms | 2.50x | <= 2x | **MISS** |",
        "| again (2 files rewritten) | 1 | 1.0 ms | 1.0 ms | 1.0 ms | 300.0 ms | 0.003x | <= 0.2x, 0 files rewritten | **MISS** |",
        "| just measured | 1 | 4.0 ms | 4.0 ms | 4.0 ms | - | - | - | - |",
    ]
    for text in INFO:
        assert text in written
    assert "What the floor leaves out: the slow thing's checks." in written
    # Another run's numbers give another file: nothing in it is left from before.
    faster = [results.Result(figures[1].definition, [0.3], [0.2])]
    assert "1.50x" in results.write(path, faster, info)
    assert "2.50x" not in path.read_text("utf-8")
    assert "fast thing" not in path.read_text("utf-8")


def test_a_miss_is_reported_as_a_miss(bench):
    results, _ = bench
    figures = made_up_figures(results)
    assert [f.verdict for f in figures] == ["pass", "MISS", "MISS", "-"]
    text = results.render(figures, results.RunInfo(*INFO))
    assert "- Figures: 4; targets missed: 2 (slow thing; again)" in text
    assert "targets missed: 0" in results.render(figures[:1], results.RunInfo(*INFO))


def test_a_figure_without_its_measurements_is_refused(bench):
    results, _ = bench
    with pytest.raises(ValueError, match="no time"):
        results.Result(results.Definition("x"), [])
    with pytest.raises(ValueError, match="floor"):
        results.Result(results.Definition("x", floor="f", limit=1.0), [0.1])
    with pytest.raises(ValueError, match="condition"):
        results.Result(results.Definition("x", condition="0 read"), [0.1])


def test_progress_lines_on_stderr_and_none_when_quiet(bench, capsys):
    results, timing = bench
    figure = made_up_figures(results)[1]
    for quiet in (False, True):
        progress = timing.Progress(quiet, total=3)
        progress.start(figure.definition)
        progress.done(figure)
        out, err = capsys.readouterr()
        assert out == ""
        if quiet:
            assert err == ""
        else:
            assert err.splitlines() == [
                "[1/3] slow thing ...",
                "    slow thing: median 500.0 ms (min 450.0 ms, max 900.0 ms, runs: 3), 2.50x the floor; target <= 2x: MISS",
            ]


def test_run_writes_every_figure_and_shows_progress(tmp_path):
    out = tmp_path / "RESULTS.md"
    out.write_text("hand-written\n")
    args = ["--quick", "--runs", "1", "--count", "3", "--skip-sphinx", "--output", str(out)]
    # Without node and npm on PATH, ajv-cli is skipped, and the results say so.
    (tmp_path / "bin").mkdir()
    env = {**os.environ, "PATH": str(tmp_path / "bin"), "CASEBOOK_CACHE_DIR": ""}
    done = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), *args],
        capture_output=True, text=True, check=True, timeout=300, env=env,
    )  # fmt: skip
    written = out.read_text("utf-8")
    assert done.stdout == written
    assert "hand-written" not in written
    assert "- Command: `python bench/run.py --quick --runs 1 --count 3 --skip-sphinx`" in written
    assert "- Scale: N = 3 case studies (the quick form" in written
    figures, peers = written.split("## casebook against its peers")
    peers, costs = peers.split("## Where `casebook validate`'s time goes")

    def rows(text):
        return [line for line in text.splitlines() if line.startswith("| ") and "---" not in line]

    announced = [line for line in done.stderr.splitlines() if line.startswith("[")]
    assert len(rows(figures)) - 1 == len(announced) == 15
    assert announced[-1].startswith("[15/15] re-export to csv")
    peer_rows = rows(peers)[1:]
    assert "- Peers skipped: ajv-cli (node and npm are not on PATH)" in written
    # Each corpus size has a time and a peak memory, each beside the three peers.
    assert len(peer_rows) == 2 * 2 * 3
    assert "| ajv-cli | skipped: node and npm are not on PATH | - |" in peer_rows[0]
    assert "against ajv-cli" not in written
    assert "| check-jsonschema | " in peer_rows[1]
    assert "against check-jsonschema, the larger corpus (N = 3 files; peak " in written
    # Each command that ran has its fixed cost and cost per file; casebook's stages follow.
    commands = [row.split(" | ")[0] for row in rows(costs) if " us |" in row and " ms |" in row]
    assert ["| casebook validate", "| orjson loop (the floor)", "| check-jsonschema"] == commands
    assert "| read the file | " in costs
    assert "| all of casebook's checking of the files (check_files) | " in costs
    # The Markdown rendering's parts, its measured cause when it misses.
    parts = r"export to markdown \(N = 3; rendering alone \d+ ms, [\d.]+x the floor, of which "
    parts += r"the page models \d+ ms, writing them as Markdown -?\d+ ms, the index \d+ ms; "
    parts += r"writing alone \d+ ms, [\d.]+x the floor\)"
    assert re.search(parts, figures)
    # The csv export's least rendering in Python, beside its rendering and its writing.
    parts = r"export to csv \(N = 3; rendering alone \d+ ms, [\d.]+x the floor; only joining "
    parts += r"its cells \d+ ms, [\d.]+x the floor; writing alone \d+ ms, [\d.]+x the floor\)"
    assert re.search(parts, figures)


def test_a_memory_target_is_held_to_the_peak(bench):
    results, _ = bench
    small = results.Definition("validate", floor="parse", limit=4.0, peak_limit=150.0)
    assert small.target == "<= 4x, peak <= 150 MiB"
    within = results.Result(small, [0.3], [0.1], "N = 7", peak_mib=149.0)
    over = results.Result(small, [0.3], [0.1], peak_mib=151.0)
    assert [within.verdict, over.verdict] == ["pass", "MISS"]
    assert within.shown_detail == "N = 7; peak 149 MiB"
    with pytest.raises(ValueError, match="peak memory"):
        results.Result(small, [0.3], [0.1])
    flat = results.Definition("peaks", floor="smaller", limit=1.2, measures="memory")
    grown = results.Result(flat, [60.0, 62.0], [40.0, 41.0])
    text = results.render([grown], results.RunInfo(*INFO))
    assert (
        "| peaks | 2 | 61.0 MiB | 60.0 MiB | 62.0 MiB | 40.5 MiB | 1.51x | <= 1.2x | **MISS** |"
        in text
    )


def test_peer_table_names_each_peer_its_ratio_and_why_one_was_skipped(bench):
    results, _ = bench
    compared = [
        results.Comparison("validate, N = 7: time", 2.0, [("fast", 1.0), ("missing", "no npm")]),
        results.Comparison("validate, N = 7: peak", 30.0, [("fast", 60.0)], measures="memory"),
    ]
    text = results.render([], results.RunInfo(*INFO), compared)
    table = text.split("## casebook against its peers", 1)[1]
    rows = [line for line in table.splitlines() if line.startswith("| ") and "---" not in line]
    assert rows == [
        "| figure | casebook | peer | peer's | ratio |",
        "| validate, N = 7: time | 2000.0 ms | fast | 1000.0 ms | 2.00x |",
        "| validate, N = 7: time | 2000.0 ms | missing | skipped: no npm | - |",
        "| validate, N = 7: peak | 30.0 MiB | fast | 60.0 MiB | 0.500x |",
    ]
    assert "- Peers skipped: missing (no npm)" in text
    assert "casebook against its peers" not in results.render([], results.RunInfo(*INFO))


def test_peak_memory_is_the_childs_not_the_benchmarks(bench):
    _, timing = bench
    held = bytearray(300 * 2**20)  # the benchmark holds a corpus while it runs each command
    idle = timing.run_measured([sys.executable, "-c", "pass"])
    grows = "x = bytearray(200 * 2**20)"
    busy = timing.run_measured([sys.executable, "-c", grows])
    assert held
    assert idle.code == busy.code == 0
    assert idle.peak_mib < 100
    assert 200 < busy.peak_mib < 300
    assert 0 < idle.seconds
    failed = timing.run_measured([sys.executable, "-c", "import sys; print('no'); sys.exit(3)"])
    assert (failed.code, failed.output) == (3, "no\n")


def test_ajv_is_skipped_with_the_reason_without_node_and_npm(modules, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert modules["peers"].ajv_cli(tmp_path) == "node and npm are not on PATH"
    assert not list(tmp_path.iterdir())


def test_a_peer_that_disagrees_stops_the_benchmark(modules, tmp_path):
    peers = modules["peers"]
    (tmp_path / "a.json").write_text("{}")
    (tmp_path / "b.json").write_text("{}")

    def says(text, code=0):
        script = f"import sys; print({text!r}); sys.exit({code})"
        return lambda _folder, _files: [sys.executable, "-c", script]

    counted = peers.count_matches(r"(\d+) files valid")
    assert peers.Peer("agrees", says("2 files valid"), counted).run(tmp_path).code == 0
    with pytest.raises(SystemExit, match="did not report the 2 files"):
        peers.Peer("one short", says("1 files valid"), counted).run(tmp_path)
    with pytest.raises(SystemExit, match="exit 1"):
        peers.Peer("fails", says("2 files valid", 1), counted).run(tmp_path)
    with pytest.raises(SystemExit, match="accepted a file that is not valid"):
        peers.Peer("accepts all", says("2 files valid"), counted).check_rejects(tmp_path)
    peers.Peer("rejects", says("bad", 1), counted).check_rejects(tmp_path)


def test_scale_measures_each_step_at_two_sizes_in_its_own_process(tmp_path):
    out = tmp_path / "RESULTS-scale.md"
    done = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--scale", "20", "--quiet", "--output", str(out)],
        capture_output=True, text=True, check=True, timeout=300,
        env={**os.environ, "CASEBOOK_CACHE_DIR": ""},
    )  # fmt: skip
    assert done.stdout == done.stderr == ""
    written = out.read_text("utf-8")
    assert "- Scale: N = 20 and N = 2 case studies, one run each" in written
    for step in ("`casebook.load()`", "`casebook validate DIR`", "export to json", "export to csv"):
        for what in ("time", "peak memory"):
            assert (
                f"| {step} at scale: {what}, the larger corpus against the smaller (N = 20 against N = 2"
                in written
            )
    assert "(flat is 1x); target: <= 1.2x." in written
    assert "(linear growth is 10x); target: <= 11x." in written
    # Each miss's measured cause: validate's growth per file, and the collector's share.
    assert re.search(r"N = 20 against N = 2; the peak grows -?\d+ bytes a file\)", written)
    collections = r"the cycle collector's full collections: \d+ taking [\d.]+ s, against \d+"
    assert len(re.findall(collections, written)) == 3  # load and the two exports
    split = r"its user time \(the process's own code\) grows [\d.]+x, its system time \(the kernel"
    assert len(re.findall(split, written)) == 3
    assert len(re.findall(r"writing the same files with open\(\)\.write\(\) grows", written)) == 2
    again = r"the first 2 case studies, exported again in the larger process, took [\d.]+x the"
    assert len(re.findall(again, written)) == 2


def test_profile_section_sums_each_packages_own_time_per_record(modules, tmp_path):
    import cProfile
    import json

    profiles = modules["profiles"]
    assert profiles.package("/x/site-packages/sphinx_needs/api.py") == "sphinx-needs"
    assert profiles.package("/x/site-packages/sphinx/builders/html.py") == "Sphinx"
    assert profiles.package("/x/src/casebook/sphinx/domain.py") == "casebook"
    assert profiles.package("/x/casebook/.venv/lib/site-packages/sphinx/io.py") == "Sphinx"
    assert profiles.package("/x/site-packages/casebook/book.py") == "casebook"
    assert profiles.package("~") == profiles.BUILT_IN
    assert profiles.package("/usr/lib/python3.11/json/encoder.py") == profiles.OTHER
    profiler = cProfile.Profile()
    profiler.runcall(lambda: [json.dumps({"a": list(range(1000))}) for _ in range(200)])
    profiler.dump_stats(tmp_path / "one.prof")
    spent = profiles.by_package(tmp_path / "one.prof")
    assert spent[profiles.OTHER] > 0
    lines = profiles.profile_section({"one": tmp_path / "one.prof"}, 4)
    assert lines[0] == "## Where a Sphinx build's time goes"
    assert "| package | one |" in lines
    row = next(line for line in lines if line.startswith(f"| {profiles.OTHER} |"))
    assert row.endswith(
        f"| {spent[profiles.OTHER] * 1000 / 4:.1f} ms ({spent[profiles.OTHER] / sum(spent.values()):.0%}) |"
    )
