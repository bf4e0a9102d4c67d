"""casebook site plugin: Tower Hamlets Together.

The case study lives in ``tower-hamlets-together.toml`` beside this module; casebook loads
and validates it.
"""

from pathlib import Path

import pluggy

hookimpl = pluggy.HookimplMarker("casebook")

DATA_FILE = Path(__file__).with_name("tower-hamlets-together.toml")


@hookimpl
def casebook_case_studies() -> list[Path]:
    """Contribute this site's case study as a data file."""
    return [DATA_FILE]
