"""The benchmark writes its results file wholly from what it measured, misses included."""

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture
def bench(monkeypatch):
    """Import the benchmark's results and timing modules (scripts beside run.py, not a package)."""
    monkeypatch.syspath_prepend(str(BENCH))
    for name in ("results", "timing"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    results = importlib.import_module("results")
    timing = importlib.import_module("timing")
    yield results, timing
    for name in ("results", "timing"):
        sys.modules.pop(name, None)


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
    done = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), *args],
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    written = out.read_text("utf-8")
    assert done.stdout == written
    assert "hand-written" not in written
    assert "- Command: `python bench/run.py --quick --runs 1 --count 3 --skip-sphinx`" in written
    assert "- Scale: N = 3 case studies (the quick form" in written
    rows = [line for line in written.splitlines() if line.startswith("| ") and "---" not in line]
    announced = [line for line in done.stderr.splitlines() if line.startswith("[")]
    assert len(rows) - 1 == len(announced) == 10
    assert announced[-1].startswith("[10/10] re-export to csv")
