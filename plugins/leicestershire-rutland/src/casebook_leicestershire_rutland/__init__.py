"""casebook site plugin: Leicester, Leicestershire and Rutland.

The case study lives in ``leicestershire-rutland.toml`` beside this module;
casebook loads and validates it.
"""

from pathlib import Path

import pluggy

hookimpl = pluggy.HookimplMarker("casebook")

DATA_FILE = Path(__file__).with_name("leicestershire-rutland.toml")


@hookimpl
def casebook_case_studies() -> list[Path]:
    """Contribute this site's case study as a data file."""
    return [DATA_FILE]
