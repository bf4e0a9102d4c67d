"""Deprecated alias of :mod:`casebook.format.datafile`, its home since 0.1.0; removed in 0.3."""

import sys
import warnings

import casebook.format.datafile as _module

_MESSAGE = "casebook.datafile is deprecated: import casebook.format.datafile"
warnings.warn(_MESSAGE, DeprecationWarning, stacklevel=2)
sys.modules[__name__] = _module
