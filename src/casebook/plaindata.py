"""Deprecated alias of :mod:`casebook.format.plaindata`, its home since 0.1.0; removed in 0.3."""

import sys
import warnings

import casebook.format.plaindata as _module

_MESSAGE = "casebook.plaindata is deprecated: import casebook.format.plaindata"
warnings.warn(_MESSAGE, DeprecationWarning, stacklevel=2)
sys.modules[__name__] = _module
