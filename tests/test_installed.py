"""The plugins under plugins/ are installed and load cleanly, as a user's install would."""

from __future__ import annotations

import casebook

SITES = [
    "harrogate-rural-district",
    "leicestershire-rutland",
    "north-east-hampshire-farnham",
    "salford-together",
    "tower-hamlets-together",
]
FRAMEWORKS = ["five-year-forward-view", "kings-fund-2017", "london-2017"]


def test_every_site_and_framework_loads_from_its_installed_plugin():
    """All five sites and three frameworks come from entry points, with no plugin failing."""
    book = casebook.load()
    assert [] == [(f.name, f.error) for f in book.failures]
    assert SITES == list(book)
    assert FRAMEWORKS == list(book.frameworks)
    origins = {p.name: p.origin for p in book.plugins}
    assert all(origins[site] == "entry point" for site in SITES)


def test_every_citation_in_installed_data_resolves():
    """Each cited source of every installed case study is listed in that case study."""
    for case in casebook.load(strict=True).values():
        for _pointer, item in case.cited_items():
            assert case.sources_for(item)
