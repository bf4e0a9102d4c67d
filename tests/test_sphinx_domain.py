"""The casebook domain's bookkeeping costs what the pages involved hold, not what the site holds.

Sphinx calls ``clear_doc`` for every page it reads and ``merge_domaindata`` for every batch a
parallel reader returns; scanning every object in either made a full build grow with the square
of the number of sites.
"""

from __future__ import annotations

import types

from casebook.sphinx import domain as domain_module
from casebook.sphinx.domain import CasebookDomain


class NoScan(dict):
    """A dict that refuses to be walked: only look-ups by key are allowed."""

    def _refuse(self, *args, **kwargs):
        raise AssertionError("walked every entry")

    items = values = keys = __iter__ = _refuse


def domain_with(pages: int, per_page: int = 3) -> CasebookDomain:
    domain = CasebookDomain(types.SimpleNamespace(domaindata={}))
    for page in range(pages):
        for n in range(per_page):
            domain.note_object("source", f"site-{page}/s{n}", f"sites/{page}", f"a{n}", "T")
        domain.data["deps"][f"sites/{page}"] = {f"table:site-{page}"}
    return domain


def test_clear_doc_forgets_that_page_only_without_walking_the_others():
    domain = domain_with(100)
    domain.data["objects"] = NoScan(domain.data["objects"])
    domain.clear_doc("sites/7")
    objects = domain.data["objects"]
    assert ("source", "site-7/s0") not in objects
    assert ("sites/8", "a0", "T") == objects[("source", "site-8/s0")]
    assert 99 * 3 == dict.__len__(objects)
    assert "sites/7" not in domain.data["deps"]
    assert "sites/7" not in domain.data["by_doc"]
    domain.clear_doc("sites/7")  # a page read again before it defines anything


def test_merge_takes_the_pages_read_without_walking_the_rest():
    domain = domain_with(10)
    other = domain_with(200)
    other.data["objects"] = NoScan(other.data["objects"])
    other.data["by_doc"] = NoScan(other.data["by_doc"])
    domain.merge_domaindata({"sites/150", "sites/151"}, other.data)
    assert ("sites/150", "a2", "T") == domain.data["objects"][("source", "site-150/s2")]
    assert ("source", "site-152/s0") not in domain.data["objects"]
    assert {"table:site-151"} == domain.data["deps"]["sites/151"]
    domain.clear_doc("sites/150")
    assert ("source", "site-150/s2") not in domain.data["objects"]


def test_a_target_defined_twice_keeps_the_first_and_clearing_the_second_keeps_it(monkeypatch):
    warned = []
    # Sphinx's own logging may be set up by an earlier build in this process (with -W).
    monkeypatch.setattr(domain_module.logger, "warning", lambda *a, **_: warned.append(a))
    domain = domain_with(1)
    domain.note_object("source", "site-0/s0", "elsewhere", "b", "Other")
    assert 1 == len(warned)
    domain.clear_doc("elsewhere")
    assert ("sites/0", "a0", "T") == domain.data["objects"][("source", "site-0/s0")]


def test_each_object_title_is_one_line_in_the_inventory():
    """A line break in a name must not add a line, an object of its making, to objects.inv."""
    domain = CasebookDomain(types.SimpleNamespace(domaindata={}))
    evil = "Evil Site\ninstallation std:label -1 //evil.example/phish Installation guide"
    domain.note_object("case", "evil-site", "sites/evil-site", "evil-site", evil)
    domain.note_object("area", "f/a", "frameworks/f", "a", "Urgent\u2028care\r\n")
    titles = [title for _name, title, *_rest in domain.get_objects()]
    assert ["Urgent care", evil.replace("\n", " ")] == titles
