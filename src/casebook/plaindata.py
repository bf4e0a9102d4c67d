"""Deprecated alias of :mod:`casebook.plugins.plaindata`, its home since 0.2; removed in 0.3."""

import sys
import warnings

import casebook.plugins.plaindata as _module

_MESSAGE = "casebook.plaindata is deprecated: import casebook.plugins.plaindata"
warnings.warn(_MESSAGE, DeprecationWarning, stacklevel=2)
sys.modules[__name__] = _module
