"""The commands ``casebook validate`` is measured against, each checked to do the same job.

A peer counts only if it really validates: before any timing, each validator must accept
every file of the corpus and reject a file with a planted problem, or the benchmark stops.
ajv-cli comes from npm, installed by the benchmark into a cache folder of its own when
``node`` and ``npm`` are on PATH; check-jsonschema from the ``bench`` extras
(``pip install -e .[bench]``). A peer that cannot run is skipped, and the results say why.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
from timing import Run, run_measured

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "schemas" / "case-study.schema.json"
BIN = Path(sys.executable).parent
AJV_CLI = "ajv-cli@5.0.0"
#: The floor: a fresh Python process parsing each file with orjson, and nothing else.
ORJSON_LOOP = """\
import pathlib, sys
import orjson
count = 0
for path in sorted(pathlib.Path(sys.argv[1]).glob("*.json")):
    orjson.loads(path.read_bytes())
    count += 1
print(count, "files parsed")
"""


@attrs.frozen
class Peer:
    """A command that checks a folder of case studies, and how to read its verdict.

    :param name: as the results show it.
    :param args: the command for a folder and the files in it.
    :param valid: how many files the command's run reported valid (or parsed).
    :param env: the environment it runs in; ``None`` for this process's.
    :param validates: whether it checks the files (the floor only parses them).
    """

    name: str
    args: Callable[[Path, list[Path]], list[str]]
    valid: Callable[[Run, list[Path]], int]
    env: dict[str, str] | None = None
    validates: bool = True

    def run(self, folder: Path) -> Run:
        """Run the command on every ``.json`` file in *folder*; fail loudly if it disagrees."""
        files = sorted(folder.glob("*.json"))
        found = run_measured(self.args(folder, files), self.env)
        if found.code != 0 or self.valid(found, files) != len(files):
            raise SystemExit(
                f"bench: {self.name} did not report the {len(files)} files of {folder} valid "
                f"(exit {found.code}): {found.output.strip()[-500:]}"
            )
        return found

    def check_rejects(self, folder: Path) -> None:
        """Stop the benchmark unless the command rejects the invalid files in *folder*."""
        files = sorted(folder.glob("*.json"))
        found = run_measured(self.args(folder, files), self.env)
        if found.code == 0:
            raise SystemExit(f"bench: {self.name} accepted a file that is not valid: {files}")


def count_matches(pattern: str) -> Callable[[Run, list[Path]], int]:
    """Return a reader of the number in the first match of *pattern* in a command's output."""

    def count(found: Run, _files: list[Path]) -> int:
        match = re.search(pattern, found.output)
        return int(match.group(1)) if match else -1

    return count


def casebook_validate() -> Peer:
    """Return ``casebook validate DIR`` with the validated-file cache off, as peers have none."""
    return Peer(
        "casebook validate",
        lambda folder, _files: [str(BIN / "casebook"), "validate", str(folder)],
        count_matches(r"(\d+) files? valid"),
        {**os.environ, "CASEBOOK_CACHE_DIR": ""},
    )


def orjson_loop() -> Peer:
    """Return the floor: a fresh process that parses each file with orjson."""
    return Peer(
        "orjson loop (the floor)",
        lambda folder, _files: [sys.executable, "-c", ORJSON_LOOP, str(folder)],
        count_matches(r"(\d+) files parsed"),
        validates=False,
    )


def check_jsonschema() -> Peer | str:
    """Return check-jsonschema against the same schema, or why it cannot run."""
    command = BIN / "check-jsonschema"
    if not command.exists():
        return "not installed: pip install -e .[bench]"
    return Peer(
        "check-jsonschema",
        lambda _folder, files: [str(command), "--schemafile", str(SCHEMA), *map(str, files)],
        lambda found, files: len(files) if "ok -- validation done" in found.output else -1,
    )


def cache_folder() -> Path:
    """Return the benchmark's own cache folder, where ajv-cli is installed once."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "casebook-bench"


def uses_format(schema: Any) -> bool:
    """Tell whether *schema* has a ``format`` keyword anywhere (ajv then needs ajv-formats)."""
    if isinstance(schema, dict):
        return "format" in schema or any(uses_format(value) for value in schema.values())
    return isinstance(schema, list) and any(uses_format(item) for item in schema)


def ajv_cli(folder: Path | None = None) -> Peer | str:
    """Return ajv-cli, installed with npm into *folder* if need be, or why it cannot run.

    :param folder: where to install it; the benchmark's cache folder by default.
    """
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        return "node and npm are not on PATH"
    import json  # noqa: PLC0415

    formats = uses_format(json.loads(SCHEMA.read_text("utf-8")))
    packages = [AJV_CLI, *(["ajv-formats@2"] if formats else [])]
    folder = (folder or cache_folder()) / "-".join(p.replace("@", "-") for p in packages)
    script = folder / "node_modules" / "ajv-cli" / "dist" / "index.js"
    if not script.exists():
        installed = subprocess.run(
            [npm, "install", "--prefix", str(folder), "--no-audit", "--no-fund", *packages],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if installed.returncode != 0 or not script.exists():
            lines = (installed.stderr or installed.stdout).strip().splitlines() or ["no output"]
            return f"npm install {' '.join(packages)} failed: {lines[-1]}"
    extra = ["-c", str(folder / "node_modules" / "ajv-formats")] if formats else []

    def args(data: Path, _files: list[Path]) -> list[str]:
        return [
            node, str(script), "validate", "--spec=draft2020", *extra,
            "-s", str(SCHEMA), "-d", str(data / "*.json"),
        ]  # fmt: skip

    return Peer("ajv-cli", args, lambda found, _files: found.output.count(" valid\n"))
