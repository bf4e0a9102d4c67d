"""An export runs only when every plugin loaded: a failed one would unpublish its sites.

Exporting what did load would write the folder as if the failed plugin's sites were gone, and
remove their pages; a typo in one data file would take a site off the published site. So the
export writes nothing, says why, and exits 1; ``--disable NAME`` leaves a plugin out on purpose.
"""

from __future__ import annotations

import json

from casebook.cli import main
from tests.test_plugins import PLUGIN_WITH_DICT, fake_entry_points, site_data

__all__ = ["fake_entry_points"]


def test_a_failed_plugin_stops_the_export_and_leaves_the_folder_as_it_was(
    fake_entry_points, tmp_path, capsys
):
    fake_entry_points("good", PLUGIN_WITH_DICT.format(data=site_data("good-site")))
    mine = site_data("my-site")
    data_file = tmp_path / "my-site.json"
    data_file.write_text(json.dumps(mine), "utf-8")
    fake_entry_points(
        "mine", f"@hookimpl\ndef casebook_case_studies():\n    return [{str(data_file)!r}]\n"
    )
    out = tmp_path / "out"
    assert 0 == main(["export", "--format", "json", "--output", str(out), "--quiet"])
    before = {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    assert (out / "case-studies" / "my-site.json").is_file()
    capsys.readouterr()

    mine["last_reviewed"] = "2026-11-32"  # a typo: the plugin's case study is now invalid
    data_file.write_text(json.dumps(mine), "utf-8")
    assert 1 == main(["export", "--format", "json", "--output", str(out), "--quiet"])
    out_text, err = capsys.readouterr()
    assert "" == out_text
    assert "casebook: plugin 'mine' failed: invalid case study" in err
    assert err.endswith(
        "casebook: error: nothing exported, as a plugin failed: fix it, or leave it out with "
        "--disable NAME\n"
    )
    after = {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    assert before == after

    # Left out on purpose, the plugin's site is no longer exported, and its page goes.
    args = ["export", "--format", "json", "--output", str(out), "--quiet", "--disable", "mine"]
    assert 0 == main(args)
    assert not (out / "case-studies" / "my-site.json").exists()
    index = json.loads((out / "index.json").read_text("utf-8"))
    assert ["good-site"] == [entry["id"] for entry in index["case_studies"]]
