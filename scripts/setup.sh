#!/usr/bin/env bash
# Set up a virtual environment in .venv with casebook, every plugin under plugins/, and the
# tools for tests, docs and the benchmark's peers. Safe to run again: it only installs what changed.
set -euo pipefail
cd "$(dirname "$0")/.."

python="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
args=(-e ".[test,docs,bench]")
for plugin in plugins/*/; do
  [ -f "$plugin/pyproject.toml" ] && args+=(-e "$plugin")
done
.venv/bin/python -m pip install --quiet --disable-pip-version-check "${args[@]}"

