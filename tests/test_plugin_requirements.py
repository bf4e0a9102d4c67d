"""A site plugin without the frameworks it cites says what to install."""

from __future__ import annotations

from importlib import metadata

import pytest

import casebook
from casebook.cli import main
from tests.test_plugins import DATA

SITES = [
    name
    for name in sorted(e.name for e in metadata.entry_points(group="casebook"))
    if name not in {"frameworks", "csv", "datapackage", "citations"}
]


@pytest.mark.parametrize("site", SITES)
def test_each_site_plugin_declares_the_frameworks_it_cites(site):
    """A site plugin's distribution requires the distribution of every framework it cites."""
    book = casebook.load()
    cited = {area.split("/", 1)[0] for i in book[site].initiatives for area in i.areas}
    providers = {
        report.distribution
        for report in book.plugins
        for c in report.provided
        if c.kind == "framework" and c.id in cited
    }
    (dist,) = {r.distribution for r in book.plugins if r.name == site}
    requires = set(metadata.requires(dist) or ())
    assert providers <= requires


def test_a_site_without_its_frameworks_plugin_says_what_to_install(tmp_path, monkeypatch, capsys):
    """The failure names the missing distribution the site's own distribution requires."""
    site_packages = tmp_path / "site-packages"
    dist_info = site_packages / "lonely_site-1.0.dist-info"
    dist_info.mkdir(parents=True)
    (dist_info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: lonely-site\nVersion: 1.0\n"
        "Requires-Dist: casebook\nRequires-Dist: casebook-missing-frameworks>=1\n"
        "Requires-Dist: casebook-docs-extra; extra == 'docs'\n"
    )
    (dist_info / "entry_points.txt").write_text("[casebook]\nlonely-site = lonely_site\n")
    (site_packages / "lonely_site.py").write_text(
        "import pluggy, pathlib\nhookimpl = pluggy.HookimplMarker('casebook')\n"
        f"@hookimpl\ndef casebook_case_studies():\n    return [{str(DATA / 'minimal.toml')!r}]\n"
    )
    monkeypatch.syspath_prepend(str(site_packages))
    assert 1 == main(["list", "--format", "json"])
    err = capsys.readouterr().err
    assert (
        "casebook: plugin 'lonely-site' failed: invalid case study: "
        f"{DATA / 'minimal.toml'}: cites framework 'test-framework', but no installed plugin "
        "provides it (lonely-site requires casebook-missing-frameworks, which is not "
        "installed: install casebook-missing-frameworks)\n"
    ) in err


def test_a_plugins_folder_site_without_frameworks_says_none_provides_it(tmp_path, capsys):
    """Without a distribution to ask, the message says that no plugin provides the framework."""
    (tmp_path / "site.py").write_text(
        "import pluggy\nhookimpl = pluggy.HookimplMarker('casebook')\n"
        f"@hookimpl\ndef casebook_case_studies():\n    return [{str(DATA / 'minimal.toml')!r}]\n"
    )
    book = casebook.load(plugins_dir=tmp_path, entry_points=False)
    (failure,) = book.failures
    assert failure.error.endswith(
        ": cites framework 'test-framework', but no installed plugin provides it"
    )
