"""Hook implementations mean what they mean in pluggy; exporters meet their contract at load."""

from __future__ import annotations

import json

import pytest

import casebook
from casebook.cli import main
from casebook.plugins.registry import exporter_problems
from tests.test_plugins import PLUGIN_WITH_DICT, fake_entry_points, site_data

__all__ = ["fake_entry_points"]


def test_a_misspelled_hook_fails_the_plugin(fake_entry_points, capsys):
    """A hook implementation that names no casebook hook fails its plugin, naming the hook."""
    fake_entry_points(
        "typo",
        f"""
@hookimpl
def casebook_case_study():
    return [{site_data("typo-site")!r}]
""",
    )
    fake_entry_points("good", PLUGIN_WITH_DICT.format(data=site_data("good-site")))
    book = casebook.load()
    assert ["good-site"] == list(book)
    (failure,) = book.failures
    assert (
        "typo",
        (
            "refused: casebook_case_study() implements 'casebook_case_study', which is not a "
            "casebook hook (the hooks are casebook_case_studies, casebook_exporters, "
            "casebook_frameworks)"
        ),
    ) == (failure.name, failure.error)
    assert 1 == main(["plugins", "--format", "json"])
    listing = {p["name"]: p["status"] for p in json.loads(capsys.readouterr().out)}
    assert ("failed", "ok") == (listing["typo"], listing["good"])


def test_strict_stops_at_a_misspelled_hook(fake_entry_points, capsys):
    """--strict stops on an unknown hook, with one line."""
    fake_entry_points("typo", "@hookimpl\ndef casebook_exporter():\n    return []\n")
    assert 1 == main(["list", "--strict"])
    assert capsys.readouterr().err.startswith(
        "casebook: error: plugin 'typo': refused: casebook_exporter() implements "
        "'casebook_exporter', which is not a casebook hook"
    )


def test_an_optional_hook_of_another_version_is_left_alone(fake_entry_points):
    """pluggy's optionalhook means 'a hook casebook may not have': not a failure."""
    fake_entry_points(
        "future",
        "@hookimpl(optionalhook=True)\ndef casebook_future_hook():\n    return []\n",
    )
    assert () == casebook.load().failures


@pytest.mark.parametrize("option", ["wrapper", "hookwrapper", "tryfirst", "trylast"])
def test_ordering_and_wrapping_options_are_refused(option, fake_entry_points):
    """wrapper, hookwrapper, tryfirst and trylast would be misread, so they are refused."""
    body = "    yield\n" if "wrapper" in option else f"    return [{site_data('x')!r}]\n"
    fake_entry_points("opts", f"@hookimpl({option}=True)\ndef casebook_case_studies():\n{body}")
    book = casebook.load()
    assert [] == list(book)
    (failure,) = book.failures
    assert failure.error.startswith(f"refused: casebook_case_studies() is marked {option}, ")


def test_a_hook_with_arguments_casebook_does_not_pass_fails_the_plugin(fake_entry_points):
    """pluggy's check of argument names is a load failure of that plugin."""
    fake_entry_points("args", "@hookimpl\ndef casebook_case_studies(book):\n    return []\n")
    (failure,) = casebook.load().failures
    assert ("args", True) == (failure.name, "PluginValidationError" in failure.error)


EXPORTER = """
class Exporter:
{attributes}

@hookimpl
def casebook_exporters():
    return [Exporter]
"""
COMPLETE = {
    "name": "    name = 'plain'",
    "description": "    description = 'Plain text.'",
    "export": "    def export(self, book):\n        return {}",
}


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("name", "needs a class attribute 'name': its --format value, e.g. 'csv'"),
        ("description", "needs a class attribute 'description': one line saying what it writes"),
        ("export", "needs a method 'export(book)' returning {path: bytes}"),
    ],
)
def test_an_incomplete_exporter_fails_its_plugin_at_load(
    missing, message, fake_entry_points, capsys
):
    """`casebook plugins` reports an exporter lacking part of its contract as failed."""
    attributes = "\n".join(v for k, v in COMPLETE.items() if k != missing)
    fake_entry_points("exporter", EXPORTER.format(attributes=attributes))
    assert 1 == main(["plugins", "--format", "json"])
    out, _err = capsys.readouterr()
    (report,) = [p for p in json.loads(out) if p["name"] == "exporter"]
    assert "failed" == report["status"]
    assert message in report["error"]
    assert "plain" not in casebook.load().exporters


def test_a_complete_exporter_is_served(fake_entry_points):
    """The control case: the same exporter with all three parts is installed."""
    fake_entry_points("exporter", EXPORTER.format(attributes="\n".join(COMPLETE.values())))
    book = casebook.load()
    assert ((), "Plain text.") == (book.failures, book.exporters["plain"].description)


@pytest.mark.parametrize(
    "constructor",
    ["def __init__(self, style):\n        pass", "def __new__(cls, style):\n        pass"],
)
def test_an_exporter_that_needs_arguments_fails_its_plugin(fake_entry_points, constructor):
    """casebook makes each exporter without arguments; one that needs some is refused."""
    attributes = "\n".join(COMPLETE.values()) + "\n    " + constructor
    fake_entry_points("exporter", EXPORTER.format(attributes=attributes))
    (failure,) = casebook.load().failures
    assert "must be a class that casebook can make without arguments" in failure.error


def test_an_exporter_whose_metaclass_needs_arguments_is_refused():
    """A class made by a metaclass asking for arguments cannot be made without them."""

    class NeedsStyle(type):
        def __call__(cls, style):
            return super().__call__()

    class Styled(metaclass=NeedsStyle):
        name = "styled"
        description = "Styled text."

        def export(self, book):
            return {}

    assert ["must be a class that casebook can make without arguments"] == exporter_problems(Styled)
