"""Deprecated alias of :mod:`casebook.format.loading`, its home since 0.1.0; removed in 0.3."""

import sys
import warnings

import casebook.format.loading as _module

_MESSAGE = "casebook.loading is deprecated: import casebook.format.loading"
warnings.warn(_MESSAGE, DeprecationWarning, stacklevel=2)
sys.modules[__name__] = _module
