#!/usr/bin/env bash
# Set everything up, then build the documentation site into docs/_build/html.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/sphinx-build -W --keep-going -n -j auto -b html docs docs/_build/html "$@"
echo "Documentation built: docs/_build/html/index.html"
