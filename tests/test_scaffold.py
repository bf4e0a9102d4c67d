"""`casebook new-site` writes a plugin that installs, loads, validates and exports as it is."""

from __future__ import annotations

import ast
import errno
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from casebook.cli import main
from casebook.errors import CasebookError
from casebook.export.escaping import EMPTY_COMMENT
from casebook.scaffold import new_site, slugify
from casebook.wording import printable


def test_new_site_writes_a_complete_plugin(tmp_path, capsys):
    """The folder has a pyproject with the entry point, a package, data, README and a test."""
    assert 0 == main(["new-site", "Wirral Partners", "--output", str(tmp_path)])
    folder = tmp_path / "wirral-partners"
    assert f"Created {folder}" in capsys.readouterr().out
    project = tomllib.loads((folder / "pyproject.toml").read_text("utf-8"))
    assert {"wirral-partners": "casebook_wirral_partners"} == project["project"]["entry-points"][
        "casebook"
    ]
    assert (folder / "src/casebook_wirral_partners/wirral-partners.toml").is_file()
    assert (folder / "tests/test_casebook_wirral_partners.py").is_file()


def test_new_site_data_validates_as_written(tmp_path, capsys):
    """The generated data file passes `casebook validate` before anyone edits it."""
    folder = new_site('Odd "Name" \\ Trust', tmp_path)
    data = next(folder.glob("src/*/*.toml"))
    assert 0 == main(["validate", str(data)])
    assert 'Odd "Name" \\ Trust' == tomllib.loads(data.read_text("utf-8"))["name"]


def test_new_site_never_overwrites(tmp_path, capsys):
    """An existing folder is an error, and nothing in it changes."""
    (tmp_path / "wirral-partners").mkdir()
    assert 1 == main(["new-site", "Wirral Partners", "--output", str(tmp_path)])
    assert "already exists" in capsys.readouterr().err
    assert [] == list((tmp_path / "wirral-partners").iterdir())


def test_name_without_letters_needs_an_id(tmp_path):
    """A name that gives no slug asks for --id."""
    with pytest.raises(CasebookError, match="give one with --id"):
        new_site("+++", tmp_path)
    assert "custom" == new_site("+++", tmp_path, site_id="custom").name


@given(st.text(max_size=40))
def test_slugify_gives_a_slug_or_nothing(name):
    """Any name becomes a valid lower-case slug (or an empty string)."""
    slug = slugify(name)
    assert slug == "" or (slugify(slug) == slug and len(slug) <= 64 and "--" not in slug)


def test_generated_plugin_passes_its_own_tests(tmp_path):
    """Installed like any plugin, the new plugin's own tests pass."""
    folder = new_site("Wirral Partners", tmp_path)
    target = tmp_path / "installed"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(folder),
        ],
        check=True,
        capture_output=True,
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(folder / "tests")],
        capture_output=True,
        text=True,
        env=env,
        cwd=folder,
        check=False,
    )
    assert 0 == result.returncode, result.stdout + result.stderr
    assert "3 passed" in result.stdout


def _generated(folder):
    """Return the generated pyproject and data file as data, and the Python sources."""
    project = tomllib.loads((folder / "pyproject.toml").read_text("utf-8"))
    data = tomllib.loads(next(folder.glob("src/*/*.toml")).read_text("utf-8"))
    sources = {p: p.read_text("utf-8") for p in folder.rglob("*.py")}
    return project, data, sources


def _site_name_in_test(sources):
    """Return the value of SITE_NAME in the generated test, read as data, never run."""
    (test,) = (text for path, text in sources.items() if path.parent.name == "tests")
    for node in ast.parse(test).body:
        if isinstance(node, ast.Assign) and node.targets[0].id == "SITE_NAME":
            return ast.literal_eval(node.value)
    raise AssertionError("no SITE_NAME")


HOSTILE_NAMES = [
    "Evil <script>alert(1)</script> [x](javascript:alert(1)) *em* www.evil.example",
    "# Heading | cell | &amp; &#64; `code` <b>bold</b> a@b.example",
    'Evil"\ndependencies = ["evil-package"]\n[project.scripts]\nx = "y:z"\n#',
    'Quote " Trust',
    'Doc \'\'\'string""" breaker"""',
    "Trailing backslash \\",
    "Line\u2028separator\x1b[2J and \x00 nul \U000e0001 tag",
    "Newline\n# comment\nid = 'other'",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_names_stay_data(tmp_path, capsys, name):
    """Whatever the name holds, it is data in every generated file, never code or structure."""
    assert 0 == main(["new-site", name, "--id", "hostile", "--output", str(tmp_path)])
    folder = tmp_path / "hostile"
    project, data, sources = _generated(folder)
    assert ["casebook"] == project["project"]["dependencies"]
    assert f"casebook case study: {name}." == project["project"]["description"]
    assert {"build-system", "project", "tool"} == set(project)
    assert {"casebook"} == set(project["project"]["entry-points"])
    assert (name, "hostile") == (data["name"], data["id"])
    for path, text in sources.items():
        compile(text, str(path), "exec")
    assert name == _site_name_in_test(sources)
    assert 0 == main(["validate", str(next(folder.glob("src/*/*.toml")))])
    assert printable(name).strip() == _name_in_readme((folder / "README.md").read_text("utf-8"))


names = st.text(st.characters(codec="utf-8"), min_size=1, max_size=30).filter(str.strip)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=30)
@given(name=names)
def test_any_name_is_carried_as_data(tmp_path_factory, name):
    folder = new_site(name, tmp_path_factory.mktemp("out"), site_id="any")
    project, data, sources = _generated(folder)
    assert ["casebook"] == project["project"]["dependencies"]
    assert f"casebook case study: {name}." == project["project"]["description"]
    assert name == data["name"]
    for path, text in sources.items():
        compile(text, str(path), "exec")
    assert name == _site_name_in_test(sources)
    readme = (folder / "README.md").read_text("utf-8")
    assert 1 == sum("the case study of" in line for line in readme.splitlines())
    assert printable(name).strip() == _name_in_readme(readme)


def _name_in_readme(readme: str) -> str:
    """Return the text of the README's paragraph after the first, checking it is only text."""
    tokens = MarkdownIt("commonmark").parse(readme)
    paragraphs = [t for t in tokens if t.type == "inline"]
    parts = paragraphs[2].children or []  # the heading, the first paragraph, then the name
    assert {"text", "text_special", "softbreak", "html_inline"} >= {t.type for t in parts}
    assert all(t.content == EMPTY_COMMENT for t in parts if t.type == "html_inline")
    return "".join(t.content for t in parts if t.type != "html_inline")


def test_a_name_that_is_not_unicode_is_refused(tmp_path, capsys):
    """A lone surrogate (from undecodable command-line bytes) cannot be written as UTF-8."""
    assert 1 == main(["new-site", "Bad \udcff name", "--output", str(tmp_path)])
    assert "is not Unicode text" in capsys.readouterr().err
    assert [] == list(tmp_path.iterdir())


def test_a_failed_write_leaves_nothing_and_a_retry_works(tmp_path, capsys, monkeypatch):
    """A full disk midway leaves no half scaffold (and no staging folder) to block a retry."""
    real_write = Path.write_text
    written = []

    def write_until_full(self, *args, **kwargs):
        if len(written) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written.append(self)
        return real_write(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", write_until_full)
    assert 1 == main(["new-site", "Wirral Partners", "--output", str(tmp_path)])
    assert "No space left on device" in capsys.readouterr().err
    assert [] == list(tmp_path.iterdir())
    monkeypatch.undo()
    assert 0 == main(["new-site", "Wirral Partners", "--output", str(tmp_path)])
    assert ["wirral-partners"] == [p.name for p in tmp_path.iterdir()]
