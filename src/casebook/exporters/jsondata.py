"""Deprecated alias of :mod:`casebook.export.jsondata`, its home since 0.1.0; removed in 0.3."""

import sys
import warnings

import casebook.export.jsondata as _module

_MESSAGE = "casebook.exporters.jsondata is deprecated: import casebook.export.jsondata"
warnings.warn(_MESSAGE, DeprecationWarning, stacklevel=2)
sys.modules[__name__] = _module
