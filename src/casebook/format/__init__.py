"""Bytes to validated model objects: the first stage of casebook's data flow.

A data file (or a plugin's mapping) is read by :mod:`~casebook.format.datafile`, held to the
bounds of :mod:`~casebook.format.limits`, checked by :mod:`~casebook.format.validation` (the
JSON Schema, then what a schema cannot say), and turned into the frozen classes of
:mod:`casebook.model` by :mod:`~casebook.format.convert`. :mod:`~casebook.format.loading` runs
these steps for every kind of input, with :mod:`~casebook.format.cache` remembering files that
passed.
"""

from pathlib import Path

SCHEMA_FILE = "case-study.schema.json"
#: The schema as shipped inside the package (``schemas/`` at the repository root links to it).
#: Named here, not in :mod:`~casebook.format.validation`, so that knowing it (for the cache's
#: key, say) imports no validator.
SCHEMA_PATH = Path(__file__).parent.parent / "schemas" / SCHEMA_FILE
