"""The strategies of casebook's tests: those of ``casebook.testing.strategies``.

They live in the package, so that plugins' tests can draw the same case studies and hostile
text without reaching into this repository's layout.
"""

from casebook.testing.strategies import *  # noqa: F403
