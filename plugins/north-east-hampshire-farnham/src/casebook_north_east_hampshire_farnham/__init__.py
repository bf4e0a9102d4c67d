"""casebook site plugin: North East Hampshire and Farnham.

The case study lives in ``north-east-hampshire-farnham.toml`` beside this module;
casebook loads and validates it.
"""

from pathlib import Path

import pluggy

hookimpl = pluggy.HookimplMarker("casebook")

DATA_FILE = Path(__file__).with_name("north-east-hampshire-farnham.toml")


@hookimpl
def casebook_case_studies() -> list[Path]:
    """Contribute this site's case study as a data file."""
    return [DATA_FILE]
