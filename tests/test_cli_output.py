"""When the output cannot be written, or the user stops the command early, it says so in a line.

A full disk, a terminal whose encoding lacks a character of a site's name, or Ctrl-C while the
command is still starting: each is one line on standard error and an exit code, not a traceback.
"""

from __future__ import annotations

import errno
import io

import pytest

from casebook.cli import main
from casebook.cli import parser as cli_parser


class FullDisk(io.StringIO):
    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize(
    "args", [["list"], ["show", "salford-together"], ["list", "--format", "json"]]
)
def test_a_full_disk_is_one_line(monkeypatch, capsys, args):
    monkeypatch.setattr("sys.stdout", FullDisk())
    assert 1 == main(args)
    assert (
        "casebook: error: cannot write the output: No space left on device\n"
        == capsys.readouterr().err
    )


def test_a_character_the_outputs_encoding_lacks_is_one_line(monkeypatch, capsys):
    ascii_out = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    monkeypatch.setattr("sys.stdout", ascii_out)
    assert 1 == main(["show", "salford-together"])  # its record holds "£"
    err = capsys.readouterr().err
    assert err.startswith(
        "casebook: error: the output holds '£', which the output's encoding (ascii)"
    )
    assert err.count("\n") == 1


def test_output_buffered_until_exit_is_written_before_the_command_returns(monkeypatch, capsys):
    """A write that fails only when the buffer is flushed is reported by the command."""

    class FailsOnFlush(io.StringIO):
        def flush(self) -> None:
            raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr("sys.stdout", FailsOnFlush())
    assert 1 == main(["list"])
    assert "cannot write the output: Input/output error" in capsys.readouterr().err


def test_ctrl_c_while_the_command_starts_is_an_interruption(monkeypatch, capsys):
    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_parser, "build_parser", interrupted)
    assert 130 == main(["list"])
    assert "casebook: interrupted\n" == capsys.readouterr().err
