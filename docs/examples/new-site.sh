#!/usr/bin/env bash
# The site-plugin tutorial, step by step; the tests run this script as it is.
set -euo pipefail
cd "$1"   # a working folder

# 1. Write the plugin.
casebook new-site "Wirral Partners"

# 2. Check its data (do this after every edit).
casebook validate wirral-partners/src/casebook_wirral_partners/wirral-partners.toml

# 3. Install it, and see it among the case studies.
pip install --quiet -e wirral-partners
casebook list --format json | grep -q '"wirral-partners"'
casebook show wirral-partners

# 4. Run its tests.
python -m pytest -q -p no:cacheprovider wirral-partners/tests

# 5. Remove it again.
pip uninstall --quiet --yes casebook-wirral-partners
