"""Validating many files holds one document at a time, and the order of the files is free.

``casebook validate DIR`` must stay flat in memory however many files a folder holds: it needs
each id (for duplicates), never the documents; a case study's areas are checked when it is
read, and read again only if a framework among the files comes after it.
"""

from __future__ import annotations

import collections
import json
import tomllib
import tracemalloc
import weakref
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import casebook
from casebook import model
from casebook.format import areas, files
from casebook.format.filelist import FileList
from casebook.format.files import ValidFile, check_files

DATA = Path(__file__).parent / "data"


def minimal(site_id: str = "example-site") -> dict[str, Any]:
    data = tomllib.loads((DATA / "minimal.toml").read_text("utf-8"))
    data["id"] = site_id
    return data


def framework(**changes: Any) -> dict[str, Any]:
    return {**tomllib.loads((DATA / "framework.toml").read_text("utf-8")), **changes}


def write(folder: Path, name: str, data: Any) -> Path:
    path = folder / name
    path.write_text(json.dumps(data), "utf-8")
    return path


def test_each_case_study_is_dropped_once_checked(tmp_path):
    for n in range(30):
        write(tmp_path, f"site-{n:02}.json", minimal(f"site-{n:02}"))
    write(tmp_path, "zz-framework.json", framework())
    handed: list[weakref.ref[casebook.CaseStudy | casebook.Framework]] = []

    def take(valid: ValidFile) -> None:
        assert [] == [r for r in handed if r() is not None], "an earlier case study is still held"
        handed.append(weakref.ref(valid.item()))

    check_files([tmp_path], on_valid=take)
    assert 31 == len(handed)


def test_a_framework_after_the_case_studies_that_use_it_counts(tmp_path):
    write(tmp_path, "a-site.json", minimal())
    write(tmp_path, "z-framework.json", framework())
    cases, frameworks = casebook.validate_files([tmp_path])
    assert (["example-site"], ["test-framework"]) == (
        [c.id for c in cases],
        [f.id for f in frameworks],
    )


def test_a_later_framework_scope_applies_to_earlier_case_studies(tmp_path):
    site = write(tmp_path, "a-site.json", minimal())
    write(
        tmp_path,
        "z-framework.json",
        framework(scope={"sites": ["somewhere-else"], "note": "Only there."}),
    )
    with pytest.raises(casebook.ValidationError) as raised:
        casebook.validate_files([tmp_path])
    [problem] = raised.value.problems
    assert (str(site), "/initiatives/0/areas/0") == (problem.file, problem.pointer)
    assert "out of scope" in problem.message


def test_problems_are_listed_file_by_file(tmp_path):
    first = minimal()
    first["initiatives"][0]["areas"] = ["test-framework/nowhere"]
    first["initiatives"][0]["status"] = "done"
    write(tmp_path, "a-site.json", first)
    write(tmp_path, "b-site.json", {**minimal("other-site"), "colour": "red"})
    write(tmp_path, "c-framework.json", framework())
    with pytest.raises(casebook.ValidationError) as raised:
        casebook.validate_files([tmp_path])
    files = [Path(p.file).name for p in raised.value.problems]
    assert files == sorted(files)
    assert {"a-site.json", "b-site.json"} == set(files)
    assert any("unknown framework area" in p.message for p in raised.value.problems)


def test_the_same_id_in_two_files_names_both(tmp_path):
    first = write(tmp_path, "a.json", minimal())
    second = write(tmp_path, "b.json", minimal())
    write(tmp_path, "c-framework.json", framework())
    with pytest.raises(casebook.ValidationError) as raised:
        casebook.validate_files([tmp_path])
    [problem] = raised.value.problems
    assert (str(second), "/id") == (problem.file, problem.pointer)
    assert str(first) in problem.message


def test_a_file_changed_while_checked_is_reported_once(tmp_path):
    """A file read again at the end (for a later framework, and for a shared id) that no longer
    parses is one problem, not one for each time it was read again."""
    site = minimal()
    site["initiatives"][0]["areas"] = ["test-framework/urgent"]
    first = write(tmp_path, "a.json", site)
    write(tmp_path, "b.json", site)
    last = write(tmp_path, "z-framework.json", framework())

    def break_the_first(valid: ValidFile) -> None:
        if valid.file == str(last):
            first.write_text("{", "utf-8")

    with pytest.raises(casebook.ValidationError) as raised:
        check_files([tmp_path], on_valid=break_the_first)
    [problem] = raised.value.problems
    assert (str(first), "") == (problem.file, problem.pointer)
    assert problem.message.startswith("invalid JSON")


def _validate_command(paths: list[Path]) -> None:
    """Run ``casebook validate``, its memory's peak counted from the first file it checks.

    Loading the installed plugins peaks higher than a few hundred files would.
    """
    from casebook.cli import main

    def check_from_here(*args: Any) -> None:
        tracemalloc.reset_peak()
        check_files(*args)

    files.check_files = check_from_here
    try:
        assert main(["validate", "--quiet", *map(str, paths)]) == 0
    finally:
        files.check_files = check_files


@pytest.mark.parametrize("validate", [check_files, _validate_command], ids=["check_files", "cli"])
def test_memory_grows_with_the_ids_not_with_the_documents(tmp_path, validate, capsys):
    """What stays per file is its name and its id's hash: far less than its document.

    ``casebook validate`` keeps no more: it counts the files, and keeps an id only if an
    installed plugin provides it too.
    """
    document = minimal()
    first = document["initiatives"][0]
    document["initiatives"] += [  # a document of some size
        {**first, "id": f"initiative-{n}", "status": "implemented"} for n in range(20)
    ]
    framework_file = write(tmp_path, "framework.json", framework())

    def peak(count: int) -> int:
        folder = tmp_path / str(count)
        folder.mkdir()
        for n in range(count):
            write(folder, f"site-{n:04}.json", {**document, "id": f"site-{n:04}"})
        tracemalloc.start()
        try:
            validate([framework_file, folder])
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    peak(20)  # imports and compiled validators, once
    small, large = peak(100), peak(500)
    capsys.readouterr()
    per_file = (large - small) / 400
    held = len(json.dumps(document))
    # Its name, its id's hash and a number for each framework it names (about 50 bytes): no
    # path or id of its own (about 200 bytes, when they were kept; the command kept each id
    # too, about 110 bytes with the rest), no areas, never the document.
    assert per_file < 80 < held, (per_file, held)


def test_ids_sharing_a_hash_are_compared(tmp_path, monkeypatch):
    """Only hashes of the ids are kept: two different ids with one hash are no duplicate."""
    monkeypatch.setattr(files, "id_hash", lambda _key: 7)  # every id shares one hash
    for name in ("a", "b", "c"):
        write(tmp_path, f"{name}.json", minimal(f"site-{name}"))
    write(tmp_path, "d.json", minimal("site-b"))
    write(tmp_path, "e-framework.json", framework())
    write(tmp_path, "f-framework.json", framework(id="site-b"))  # another kind: no duplicate
    with pytest.raises(casebook.ValidationError) as raised:
        check_files([tmp_path])
    [problem] = raised.value.problems
    assert (problem.file, problem.pointer) == (str(tmp_path / "d.json"), "/id")
    assert str(tmp_path / "b.json") in problem.message


@given(st.lists(st.integers(-(2**63), 2**63 - 1) | st.integers(-3, 3)), st.integers(1, 5))
def test_shared_hashes_are_those_met_twice(hashes, parts):
    counted = collections.Counter(hashes)
    assert files.shared_hashes(hashes, parts) == {h for h, count in counted.items() if count > 1}


def test_finding_shared_hashes_holds_few_of_them_as_numbers_at_once():
    """Sorting every hash at once held a Python number for each, about 40 bytes a file."""
    count = 200_000
    check = files._FilesCheck(FileList(), set(), [])  # noqa: SLF001
    check.id_hashes.extend(files.id_hash((False, f"site-{n}")) for n in range(count))
    check.id_orders.extend(range(count))
    tracemalloc.start()
    try:
        check.check_ids()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert check.problems == []
    assert peak / count < 10, peak / count


def test_a_later_file_redefining_an_installed_framework_judges_earlier_case_studies(tmp_path):
    """A case study cleared against the installed framework is checked again by a later one.

    Its areas are checked when it is read, against the frameworks known then; a framework file
    with the same id, later in the order, narrows the scope, and the earlier file breaks it.
    """
    installed = casebook.validate_files([write(tmp_path, "installed.json", framework())])[1]
    folder = tmp_path / "given"
    folder.mkdir()
    site = write(folder, "a-site.json", minimal())
    narrowed = framework(scope={"sites": ["somewhere-else"], "note": "Only there."})
    write(folder, "z-framework.json", narrowed)
    known = [ref for fw in installed for ref in fw.area_refs()]
    with pytest.raises(casebook.ValidationError) as raised:
        check_files([folder], known, installed)
    [problem] = raised.value.problems
    assert (str(site), "/initiatives/0/areas/0") == (problem.file, problem.pointer)
    assert "out of scope" in problem.message
    # Before the narrowing framework, the same case study is valid.
    check_files([site], known, installed)


def _framework_of(framework_id: str, scope: tuple[str, ...] | None) -> model.Framework:
    return model.Framework(
        id=framework_id,
        title="F",
        description="For tests.",
        source=model.Source(id="s", title="S", kind="report"),
        areas=tuple(model.FrameworkArea(id=a, title=a, description="An area.") for a in "ab"),
        scope=model.Scope(sites=scope, note="Some sites.") if scope is not None else None,
    )


@settings(max_examples=300)  # a pure function: cheap to try often
@given(
    st.lists(
        st.builds(
            _framework_of,
            st.sampled_from(["f", "g"]),
            st.none() | st.lists(st.sampled_from(["x", "y"]), max_size=2).map(tuple),
        ),
        max_size=3,
    ),
    st.lists(st.sampled_from(["f/a", "f/b", "g/a", "h/a", "fa/b"]), max_size=4),
    st.sampled_from(["x", "y"]),
)
def test_an_area_out_of_scope_is_named_by_every_framework_that_leaves_the_site_out(
    frameworks, named, case_id
):
    """Frameworks may share an id (an installed one and a file's): any that leaves the case
    study out of its scope makes the area out of scope, as the last of them words it."""
    refs = [(0, n, area) for n, area in enumerate(named)]
    found = areas.scope_problems_of(case_id, refs, frameworks, "site.json")
    leaving_out = {}
    for framework in frameworks:
        if not framework.applies_to(case_id):
            leaving_out.update(dict.fromkeys(framework.area_refs(), framework))
    expected = [n for n, area in enumerate(named) if area in leaving_out]
    assert [problem.pointer for problem in found] == [f"/initiatives/0/areas/{n}" for n in expected]
    for problem, n in zip(found, expected, strict=True):
        assert repr(leaving_out[named[n]].id) in problem.message
