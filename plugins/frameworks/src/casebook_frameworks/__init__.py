"""casebook framework plugin: three frameworks for assessing vanguard case studies.

Each framework lives in a TOML file beside this module (``kings-fund-2017.toml``,
``five-year-forward-view.toml``, ``london-2017.toml``); casebook loads and validates them.
"""

from pathlib import Path

import pluggy

hookimpl = pluggy.HookimplMarker("casebook")

DATA_DIR = Path(__file__).parent


@hookimpl
def casebook_frameworks() -> list[Path]:
    """Contribute the framework data files, sorted by name."""
    return sorted(DATA_DIR.glob("*.toml"))
