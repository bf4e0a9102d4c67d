"""A plugin's data that holds itself, or nests without end, is one problem, found at once.

Copying a plugin's mappings into JSON data (``casebook.format.plaindata``) once looped for ever
on a dict holding itself, and took quadratic time on deep data before saying it was too deep.
"""

from __future__ import annotations

import contextlib
import json
import re
import signal
import subprocess
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import casebook
from casebook.cli import main
from casebook.errors import Problem, ValidationError, pointer
from casebook.format import limits
from casebook.format.plaindata import plain_data
from casebook.report import Refusal
from tests.test_plugin_isolation import HOOK, misbehaving_site
from tests.test_plugins import PLUGIN_WITH_DICT, fake_entry_points, site_data, write_plugin

__all__ = ["fake_entry_points"]

#: Seconds a test may take before it counts as hanging; each takes a small fraction of one.
GUARD = 10
#: Bytes a test may add to the process before it counts as running away (Linux only).
MEMORY_GUARD = 2 * 1024**3
WHERE = "<plugin p>"


class _Guard:
    tripped = False


@pytest.fixture(autouse=True)
def _guard() -> Iterator[None]:
    """Fail a test that runs past GUARD seconds or MEMORY_GUARD bytes, rather than hang the run.

    A copy that never ends also fills memory, quickly: without a bound on it, the machine
    would run out before the alarm. Once tripped, :func:`copied` fails at once, so that
    Hypothesis running an example again to shrink it does not start over.
    """
    _Guard.tripped = False
    with contextlib.ExitStack() as stack:
        stack.enter_context(_memory_bound())
        if hasattr(signal, "setitimer"):

            def expire(_signum: int, _frame: object) -> None:
                _Guard.tripped = True
                msg = f"still running after {GUARD} s"
                raise TimeoutError(msg)

            previous = signal.signal(signal.SIGALRM, expire)
            stack.callback(signal.signal, signal.SIGALRM, previous)
            signal.setitimer(signal.ITIMER_REAL, GUARD)
            stack.callback(signal.setitimer, signal.ITIMER_REAL, 0)
        yield


@contextlib.contextmanager
def _memory_bound() -> Iterator[None]:
    """Bound the process's address space to what it has now plus MEMORY_GUARD, where it can."""
    try:
        import resource  # POSIX only

        status = Path("/proc/self/status").read_text("utf-8")
    except (ImportError, OSError):
        yield
        return
    found = re.search(r"^VmSize:\s*(\d+) kB", status, re.MULTILINE)
    if found is None:
        yield
        return
    size = int(found[1]) * 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    bound = size + MEMORY_GUARD
    if hard != resource.RLIM_INFINITY and bound > hard:
        bound = hard
    resource.setrlimit(resource.RLIMIT_AS, (bound, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def copied(value: object) -> Any:
    """Return :func:`plain_data` of *value*; fail if it runs out of time or memory, or did."""
    if not _Guard.tripped:
        try:
            return plain_data(value, WHERE)
        except (MemoryError, TimeoutError):
            _Guard.tripped = True
    # Failed here, once the walk's frame is gone: its memory is free for pytest's report.
    pytest.fail(f"copying took more than {GUARD} s or {MEMORY_GUARD:,} bytes")


def problems_of(value: object) -> tuple[Problem, ...]:
    with pytest.raises(ValidationError) as info:
        copied(value)
    return info.value.problems


def cycle(at: str, kind: str, holder: str) -> Problem:
    message = (
        f"refers back to the {kind} at {holder} that holds it: JSON data cannot contain itself"
    )
    return Problem(WHERE, at, message)


def _self_dict() -> object:
    d: dict[str, Any] = {"id": "c"}
    d["self"] = d
    return d


def _list_in_itself() -> object:
    loop: list[Any] = [1]
    loop.append(loop)
    return {"a": {"b/~": loop}}


def _deep_back_reference() -> object:
    d: dict[str, Any] = {"x": [{"y": []}]}
    d["x"][0]["y"].append(d)
    return d


def _through_a_proxy() -> object:
    d: dict[str, Any] = {}
    d["p"] = types.MappingProxyType(d)
    return d


def _tuple_holding_its_list() -> object:
    inner: list[Any] = []
    outer = (inner,)
    inner.append(outer)
    return [outer]


CYCLES = {
    "dict holding itself": (_self_dict, [cycle("/self", "object", "/")]),
    "list holding itself, keys escaped": (
        _list_in_itself,
        [cycle("/a/b~1~0/1", "array", "/a/b~1~0")],
    ),
    "deep back to the top": (_deep_back_reference, [cycle("/x/0/y/0", "object", "/")]),
    "mapping proxy of its dict": (_through_a_proxy, [cycle("/p/p", "object", "/p")]),
    "tuple and list": (_tuple_holding_its_list, [cycle("/0/0/0", "array", "/0")]),
}


@pytest.mark.parametrize("case", sorted(CYCLES))
def test_a_cycle_is_a_problem_where_the_data_refers_back(case):
    """Each reference to a container the data is inside is one problem, with both pointers."""
    make, expected = CYCLES[case]
    assert tuple(expected) == problems_of(make())


def test_each_cycle_is_named_up_to_the_limit():
    """Many back-references are listed like other problems: at most MAX_PROBLEMS, then a note."""
    d: dict[str, Any] = {}
    for i in range(50):
        d[f"k{i}"] = d
    problems = problems_of(d)
    assert 21 == len(problems)
    assert "has more problems than these; fix these first" == problems[0].message
    assert all("refers back to the object at /" in p.message for p in problems[1:])


def test_a_value_in_two_places_is_not_a_cycle():
    """One list under two keys, or twice in a list, is copied at each place."""
    shared = [1, {"a": "b"}]
    twice = {"x": shared, "y": [shared, (shared,)], "z": {"w": shared}}
    copy = copied(twice)
    assert {"x": shared, "y": [shared, [shared]], "z": {"w": shared}} == copy
    assert copy["x"] is not shared


@pytest.mark.parametrize("depth", [100_000, 200_000])
@pytest.mark.parametrize("kind", ["list", "dict"])
def test_deep_data_is_one_problem_at_the_first_level_too_deep(depth, kind):
    """Deep data is not copied past MAX_DEPTH: one problem, at once, however deep it goes."""
    value: Any = 1
    for _ in range(depth):
        value = [value] if kind == "list" else {"a": value}
    part = "/0" if kind == "list" else "/a"
    (problem,) = problems_of(value)
    assert Problem(WHERE, part * limits.MAX_DEPTH, limits.TOO_DEEP) == problem


def test_deep_data_is_the_only_problem():
    """As for a file nested too deep, nothing else is reported for such data."""
    value: Any = []
    for _ in range(limits.MAX_DEPTH):
        value = [value]
    (problem,) = problems_of({"deep": value, "dates": {1, 2}})
    assert (f"/deep{'/0' * (limits.MAX_DEPTH - 1)}", limits.TOO_DEEP) == (
        problem.pointer,
        problem.message,
    )


def test_data_at_the_depth_limit_is_copied():
    """MAX_DEPTH levels of arrays and objects are allowed: the bound is the one files have."""
    value: Any = []
    for _ in range(limits.MAX_DEPTH - 1):
        value = [value]
    assert value == copied(value)
    assert [] == limits.document_problems(value, WHERE)


json_scalars = st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=5)
keys = st.text(max_size=4)
json_data = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=20,
)


def _containers(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Yield the path of each list and dict in *value* (the data is shallow: recursion is fine)."""
    if isinstance(value, (list, dict)):
        yield path
        for key, child in value.items() if isinstance(value, dict) else enumerate(value):
            yield from _containers(child, (*path, key))


def _at(value: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        value = value[key]
    return value


@given(json_data, st.data())
def test_shared_values_copy_as_they_are(value, data):
    """However often one value appears (lists and dicts included), the copy equals the data."""
    shared = {"a": value, "b": [value, value], "c": {"d": value, "e": (value,)}}
    paths = list(_containers(value))
    if paths:  # a part of the data, again elsewhere in it (never inside itself)
        part = _at(value, data.draw(st.sampled_from(paths)))
        shared["f"] = [part, {"g": part}]
    copy = copied(shared)
    assert json.loads(json.dumps(shared)) == copy


@given(json_data.filter(lambda v: isinstance(v, (list, dict))), st.data())
def test_a_back_reference_anywhere_is_named_with_its_pointer(value, data):
    """A reference from any container to any container that holds it is the one problem."""
    path = data.draw(st.sampled_from(list(_containers(value))))
    holder = path[: data.draw(st.integers(0, len(path)))]
    container = _at(value, path)
    if isinstance(container, list):
        slot: Any = len(container)
        container.append(_at(value, holder))
    else:
        slot = "~back/"
        container[slot] = _at(value, holder)
    kind = "array" if isinstance(_at(value, holder), list) else "object"
    expected = cycle(pointer((*path, slot)), kind, pointer(holder) or "/")
    assert (expected,) == problems_of(value)


@given(
    st.lists(st.one_of(st.none(), keys), min_size=1, max_size=3 * limits.MAX_DEPTH),
    json_scalars,
)
def test_the_depth_bound_is_the_one_every_document_has(levels, leaf):
    """Nested data is too deep for the copy exactly when it is for the checks of every file."""
    value: Any = leaf
    for key in levels:  # None: a list; text: an object with that key
        value = [value] if key is None else {key: value}
    found = limits.document_problems(value, WHERE)
    if limits.too_deep(found):
        assert tuple(found) == problems_of(value)
    else:
        assert value == copied(value)


def _spoiled(body: str) -> str:
    return HOOK.format(data=misbehaving_site(), body=body)


PLUGIN_CYCLES = {
    "dict holding itself": ("    d = site(); d['self'] = d; return [d]", "/self", "object", "/"),
    "list holding itself": (
        "    d = site(); d['aims'] = a = []; a.append(a); return [d]",
        "/aims/0",
        "array",
        "/aims",
    ),
    "initiative holding the case study": (
        "    d = site(); d['initiatives'][0]['areas'] = [d]; return [d]",
        "/initiatives/0/areas/0",
        "object",
        "/",
    ),
}


@pytest.mark.parametrize("case", sorted(PLUGIN_CYCLES))
def test_cyclic_data_is_that_plugins_refusal(case, fake_entry_points, capsys):
    """The plugin fails with the cycle's pointer, the refusal is recorded; the others load."""
    body, at, kind, holder = PLUGIN_CYCLES[case]
    fake_entry_points("bad", _spoiled(body))
    fake_entry_points("good", PLUGIN_WITH_DICT.format(data=site_data("good-site")))
    book = casebook.load()
    assert ["good-site"] == list(book)
    reason = (
        f"invalid case study: <plugin bad>: {at}: refers back to the {kind} at {holder} that "
        "holds it: JSON data cannot contain itself"
    )
    (report,) = book.failures
    assert ("bad", reason) == (report.name, report.error)
    assert (Refusal("case study", "bad-site", "<plugin bad>", reason),) == report.refused
    assert 1 == main(["show", "bad-site"])
    expected = f"casebook: error: case study 'bad-site' is installed but not served: {reason}\n"
    assert ("", expected) == capsys.readouterr()


def test_data_sharing_one_list_is_served(fake_entry_points):
    """Every part of a case study citing the same list object is valid: that is no cycle."""
    body = (
        "    d = site(); cites = ['report']\n"
        "    for part in (d['programme'], d['place'], d['summary'], *d['initiatives']):\n"
        "        part['cites'] = cites\n"
        "    return [d]"
    )
    fake_entry_points("shared", _spoiled(body))
    book = casebook.load()
    assert (["bad-site"], ()) == (list(book), book.failures)
    assert ("report",) == book["bad-site"].summary.cites


def test_a_cyclic_plugin_is_reported_at_once(tmp_path):
    """`casebook list` with a plugin giving a dict that holds itself ends with one line.

    It once ran until killed, taking gigabytes; now it takes as long as any start of the
    command. The timeout is only a guard against hanging.
    """
    folder = tmp_path / "plugins"
    body = "@hookimpl\ndef casebook_case_studies():\n    d = {'id': 'loop'}; d['self'] = d; return [d]\n"
    write_plugin(folder, "loop", body)
    write_plugin(folder, "good", PLUGIN_WITH_DICT.format(data=site_data("good-site")))
    result = subprocess.run(
        [sys.executable, "-m", "casebook", "list", "--plugins-dir", str(folder)],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "", "CASEBOOK_CACHE_DIR": ""},
        timeout=GUARD,
    )
    assert "good-site" in result.stdout
    line = (
        "casebook: plugin 'loop' failed: invalid case study: <plugin loop>: /self: refers back "
        "to the object at / that holds it: JSON data cannot contain itself"
    )
    assert (1, [line]) == (result.returncode, result.stderr.splitlines())


def test_a_plugin_giving_very_deep_data_is_reported_at_once(fake_entry_points):
    """200,000 levels are found too deep as fast as 33 are: the copy stops at the bound."""
    body = "    d = site(); v = d\n    for _ in range(200_000): v['extra'] = v = {}\n    return [d]"
    fake_entry_points("deep", _spoiled(body))
    (report,) = casebook.load().failures
    at = "/extra" * limits.MAX_DEPTH
    assert f"invalid case study: <plugin deep>: {at}: {limits.TOO_DEEP}" == report.error
