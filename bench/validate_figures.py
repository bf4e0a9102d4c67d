"""Figures of ``casebook validate DIR`` against its peers: time, growth and peak memory.

Every command runs in a fresh process on the same folder of corpus files, in turns with the
others, and its peak memory is the kernel's account of that process (see
:func:`timing.run_measured`). casebook runs with its cache of validated files off, since no
peer has one.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import validate_costs
from corpus import write_corpus
from peers import Peer, ajv_cli, casebook_validate, check_jsonschema, orjson_loop
from results import Comparison, Definition, Result
from timing import Progress, Run

#: Figures measured: against the floor (2 sizes), ajv-cli (2), check-jsonschema, growth (2).
VALIDATE_FIGURES = 7
#: The peers each figure may be measured against, by name, beside casebook's command.
AJV, CJS, FLOOR = "ajv-cli", "check-jsonschema", "orjson loop (the floor)"
CACHE_OFF = (
    'casebook runs with its cache off (`CASEBOOK_CACHE_DIR=""`), since the peers have none: '
    "it validates every file afresh, and parses the installed plugins' TOML files afresh "
    "when it starts. Where the time goes, below, times each of these per file beside the "
    "compiled parts alone (orjson and the schema)."
)
MORE_CHECKS = (
    "casebook loads the installed plugins (for their frameworks) before it reads a file, and "
    "after the schema it checks ids, citations, initiative and framework-area references and "
    "dates; "
)
FLOOR_TEXT = "a fresh Python process parsing each file with orjson, checking nothing"
AJV_TEXT = "ajv-cli (`--spec=draft2020`), a fresh process, the same files and schema"
CJS_TEXT = "check-jsonschema, a fresh process, the same files and schema"


def against(peer: str, corpus: str, floor: str, **targets: float) -> Definition:
    """Return the figure of ``casebook validate`` on the *corpus* against *peer*."""
    leaves_out = f"the floor parses only; {MORE_CHECKS}" if peer == FLOOR else MORE_CHECKS
    return Definition(
        f"`casebook validate DIR` against {peer}, the {corpus} corpus",
        floor=floor,
        leaves_out=leaves_out + CACHE_OFF,
        **targets,  # type: ignore[arg-type]
    )


FLOOR_LARGE = against(FLOOR, "larger", FLOOR_TEXT, limit=4.0, peak_limit=150.0)
FLOOR_SMALL = against(FLOOR, "smaller", FLOOR_TEXT)
AJV_LARGE = against(AJV, "larger", AJV_TEXT, limit=1.0)
AJV_SMALL = against(AJV, "smaller", AJV_TEXT)
CJS_LARGE = against(CJS, "larger", CJS_TEXT)
#: The figures of each corpus, by the peer each is measured against.
FIGURES = {
    "smaller": [(FLOOR, FLOOR_SMALL), (AJV, AJV_SMALL)],
    "larger": [(FLOOR, FLOOR_LARGE), (AJV, AJV_LARGE), (CJS, CJS_LARGE)],
}
FLAT = Definition(
    "`casebook validate DIR`: peak memory, the larger corpus against the smaller",
    floor="its peak memory on the smaller corpus (flat is 1x, linear the ratio of the files)",
    limit=1.2,
    measures="memory",
    leaves_out=(
        "what validate holds per file: its name (the folder is held once per run of its "
        "files), the hash of its id (for duplicates; files whose hashes match are read again "
        "and their ids compared), and a number for each framework whose areas it names (a "
        "framework given after it may judge them otherwise, and the file is then read again); "
        "a test holds this below 80 bytes a file."
    ),
)


def linear(files_ratio: float) -> Definition:
    """Return the growth figure, whose target is linear growth in the files, plus a tenth."""
    return Definition(
        "`casebook validate DIR`: time, the larger corpus against the smaller",
        floor=f"its time on the smaller corpus, {files_ratio:g}x fewer files "
        f"(linear growth is {files_ratio:g}x)",
        limit=round(files_ratio * 1.1, 2),
        leaves_out=(
            "the fixed cost of a fresh process (start-up and loading the installed plugins) "
            "makes growth look slower than linear (see where validate's time goes, below)."
        ),
    )


def plant_invalid(valid: Path, folder: Path) -> Path:
    """Write a copy of *valid* with an id that is not a slug into *folder*; return *folder*."""
    data = json.loads(valid.read_bytes())
    data["id"] = "Not a slug"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / valid.name).write_text(json.dumps(data), "utf-8")
    return folder


def measure(peers: list[Peer], folder: Path, runs: dict[str, int]) -> dict[str, list[Run]]:
    """Run each peer *runs* times on *folder*, in turns, after one untimed run of each."""
    for peer in peers:
        peer.run(folder)  # warms the file cache, and checks that it reports every file valid
    found: dict[str, list[Run]] = {peer.name: [] for peer in peers}
    for turn in range(max(runs.values())):
        for peer in peers:
            if turn < runs[peer.name]:
                found[peer.name].append(peer.run(folder))
    return found


def seconds(runs: list[Run]) -> list[float]:
    """Return the time of each run."""
    return [run.seconds for run in runs]


def median_time(runs: list[Run]) -> float:
    """Return the median time of the runs."""
    return statistics.median(seconds(runs))


def peaks(runs: list[Run]) -> list[float]:
    """Return the peak memory of each run, in MiB."""
    return [run.peak_mib for run in runs]


def peak(runs: list[Run]) -> float:
    """Return the largest peak memory of the runs, in MiB."""
    return max(run.peak_mib for run in runs)


#: What the peer table shows of each corpus: a label, what it measures, and how it is taken.
SHOWN = (("time", "time", median_time), ("peak memory", "memory", peak))


def validate_figures(
    work: Path, large: Path, runs: int, progress: Progress
) -> tuple[list[Result], list[Comparison], list[str]]:
    """Measure ``casebook validate`` on the corpus folder *large* and a fifth of it.

    :returns: the figures, the peer table's rows, and the section on where the time goes.

    :param work: a folder for the smaller corpus and the invalid file.
    :param runs: timed runs of each command; check-jsonschema, the slowest by far, runs a
        third as often.
    """
    folders = {"smaller": work / "smaller" / "corpus", "larger": large}
    count = {"larger": len(list(large.glob("*.json")))}
    count["smaller"] = len(write_corpus(folders["smaller"].parent, max(1, count["larger"] // 5)))
    casebook = casebook_validate()
    optional = {AJV: ajv_cli(), CJS: check_jsonschema()}
    skipped = {name: why for name, why in optional.items() if isinstance(why, str)}
    peers = [casebook, orjson_loop(), *(p for p in optional.values() if isinstance(p, Peer))]
    invalid = plant_invalid(next(large.glob("*.json")), work / "invalid")
    for peer in peers:
        if peer.validates:
            peer.check_rejects(invalid)
    progress.total -= sum(name in skipped for figures in FIGURES.values() for name, _ in figures)
    counts = {peer.name: runs for peer in peers} | {CJS: max(1, runs // 3)}

    results, comparisons, mine, every = [], [], {}, {}
    for corpus, folder in folders.items():
        progress.say(f"    Validating {count[corpus]:,} files with each command ...")
        found = every[corpus] = measure(peers, folder, counts)
        mine[corpus] = found[casebook.name]
        detail = f"N = {count[corpus]:,} files"
        for name, definition in FIGURES[corpus]:
            if name in skipped:
                continue
            progress.start(definition)
            result = Result(definition, seconds(mine[corpus]), seconds(found[name]), detail,
                            peak_mib=peak(mine[corpus]))  # fmt: skip
            results.append(progress.done(result))
        others = [(name, skipped.get(name) or found[name]) for name in (AJV, CJS, FLOOR)]
        for label, measures, value in SHOWN:
            comparisons.append(
                Comparison(
                    f"`casebook validate DIR`, {detail}: {label}",
                    value(mine[corpus]),
                    [(n, v if isinstance(v, str) else value(v)) for n, v in others],
                    measures,
                )
            )
    sizes = f"N = {count['larger']:,} against N = {count['smaller']:,}"
    growth = linear(count["larger"] / count["smaller"])
    for definition, measured in ((growth, seconds), (FLAT, peaks)):
        progress.start(definition)
        result = Result(definition, measured(mine["larger"]), measured(mine["smaller"]), sizes)
        results.append(progress.done(result))
    progress.say("    Timing the stages of casebook's checks ...")
    costs = validate_costs.appendix(
        validate_costs.per_file_costs(every, count), validate_costs.stage_costs(large),
        count["larger"],
    )  # fmt: skip
    return results, comparisons, costs
