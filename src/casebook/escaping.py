"""Deprecated alias of :mod:`casebook.export.escaping`, its home since 0.1.0; removed in 0.3."""

import sys
import warnings

import casebook.export.escaping as _module

_MESSAGE = "casebook.escaping is deprecated: import casebook.export.escaping"
warnings.warn(_MESSAGE, DeprecationWarning, stacklevel=2)
sys.modules[__name__] = _module
