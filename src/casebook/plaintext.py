"""Deprecated alias of :mod:`casebook.export.plaintext`, its home since 0.1.0; removed in 0.3."""

import sys
import warnings

import casebook.export.plaintext as _module

_MESSAGE = "casebook.plaintext is deprecated: import casebook.export.plaintext"
warnings.warn(_MESSAGE, DeprecationWarning, stacklevel=2)
sys.modules[__name__] = _module
