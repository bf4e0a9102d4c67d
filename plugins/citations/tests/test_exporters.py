"""The citation exporters as a user meets them: installed, through the command, keys and order."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import get_args

import attrs
import pytest
from casebook_citations import BibtexExporter, CslJsonExporter, RisExporter
from casebook_citations.kinds import TYPES

import casebook
from casebook import exporting
from casebook.cli import main
from casebook.model import Source, SourceKind

FILES = {"csl-json": "sources.json", "bibtex": "sources.bib", "ris": "sources.ris"}


def test_installed_from_their_own_distribution():
    """The three exporters arrive through the entry point of the casebook-citations distribution."""
    book = casebook.load()
    report = next(p for p in book.plugins if p.name == "citations")
    assert ("entry point", "casebook-citations") == (report.origin, report.distribution)
    assert {"exporter csl-json", "exporter bibtex", "exporter ris"} == set(report.contributes)
    assert (CslJsonExporter, BibtexExporter, RisExporter) == tuple(
        book.exporters[name] for name in FILES
    )


@pytest.mark.parametrize(("format_name", "filename"), FILES.items())
def test_command_writes_one_file_byte_identical_on_rerun(tmp_path, capsys, format_name, filename):
    """``casebook export`` writes the one file; exporting the same data again gives the same bytes."""
    first, second = tmp_path / "a", tmp_path / "b"
    assert 0 == main(["export", "--format", format_name, "--output", str(first)])
    assert 0 == main(["export", "--format", format_name, "--output", str(second)])
    capsys.readouterr()
    assert [filename] == sorted(p.name for p in first.iterdir() if not p.name.startswith("."))
    assert (first / filename).read_bytes() == (second / filename).read_bytes()


def test_every_source_of_every_site_once_sorted_by_key(tmp_path):
    """Each source of each case study is one record, keyed site/source, sorted by site then source."""
    book = casebook.load()
    exporting.export(book, "csl-json", tmp_path)
    ids = [item["id"] for item in json.loads((tmp_path / "sources.json").read_bytes())]
    pairs = sorted((case.id, source.id) for case in book.values() for source in case.sources)
    assert [f"{site}/{source}" for site, source in pairs] == ids
    # One source id cited by several sites is one record per site.
    assert 1 < sum(i.endswith("/nhs-networks-2016") for i in ids)


def test_every_source_kind_has_a_type_in_every_format():
    """The mapping table covers every kind the format defines, so no record is typed by guess."""
    assert set(get_args(SourceKind)) == set(TYPES)


def _book_with_sources(*sources: Source) -> casebook.Casebook:
    book = casebook.load()
    case = book["salford-together"]
    return casebook.Casebook(
        {case.id: attrs.evolve(case, sources=sources)}, exporters=book.exporters
    )


@pytest.mark.parametrize("exporter", [CslJsonExporter, BibtexExporter, RisExporter])
def test_a_shared_key_is_an_error_never_an_overwrite(exporter):
    """Two sources with one id in one case study would share a key: the export stops, naming it."""
    twice = (
        Source(id="same", title="First", kind="report"),
        Source(id="same", title="Second", kind="news"),
    )
    with pytest.raises(
        ValueError,
        match=r"lists source 'same' more than once, so the key 'salford-together/same' would name two records",
    ):
        exporter().export(_book_with_sources(*twice))


def test_a_shared_key_fails_the_command_with_one_line(tmp_path, capsys, monkeypatch):
    """Through the command, a shared key is one error line and exit 1, and nothing is written."""
    twice = (
        Source(id="same", title="First", kind="report"),
        Source(id="same", title="Second", kind="news"),
    )
    book = _book_with_sources(*twice)
    monkeypatch.setattr("casebook.api.load", lambda *_args, **_kwargs: book)
    code = main(["export", "--format", "bibtex", "--output", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert 1 == code
    assert 1 == len(err.strip().splitlines())
    assert "'salford-together/same' would name two records" in err
    assert not (tmp_path / "out" / "sources.bib").exists()


@pytest.mark.parametrize("exporter", [CslJsonExporter, BibtexExporter, RisExporter])
def test_an_id_that_is_no_slug_is_refused(exporter):
    """A key of another form (data that bypassed validation) could break a format: refused."""
    with pytest.raises(ValueError, match="is not a lower-case slug"):
        exporter().export(_book_with_sources(Source(id="a}b", title="T", kind="report")))


@pytest.mark.parametrize("exporter", [CslJsonExporter, BibtexExporter, RisExporter])
def test_a_date_of_another_form_is_refused_not_guessed(exporter):
    """A date that is not YYYY, YYYY-MM or YYYY-MM-DD stops the export rather than being guessed."""
    with pytest.raises(ValueError, match="is not of the form"):
        exporter().export(
            _book_with_sources(Source(id="a", title="T", kind="report", date="2016-13"))
        )


def test_loading_the_plugin_leaves_the_renderers_unimported():
    """Every command loads the plugins: the formats' modules wait until an export runs."""
    code = (
        "import sys, casebook; casebook.load(); "
        "print(sorted(m for m in sys.modules if m.startswith('casebook_citations')))"
    )
    result = subprocess.run(  # noqa: S603 - runs this interpreter on fixed code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert "['casebook_citations']" == result.stdout.strip()
