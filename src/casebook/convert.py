"""Deprecated alias of :mod:`casebook.format.convert`, its home since 0.1.0; removed in 0.3."""

import sys
import warnings

import casebook.format.convert as _module

_MESSAGE = "casebook.convert is deprecated: import casebook.format.convert"
warnings.warn(_MESSAGE, DeprecationWarning, stacklevel=2)
sys.modules[__name__] = _module
