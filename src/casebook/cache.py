"""Deprecated alias of :mod:`casebook.format.cache`, its home since 0.1.0; removed in 0.3."""

import sys
import warnings

import casebook.format.cache as _module

_MESSAGE = "casebook.cache is deprecated: import casebook.format.cache"
warnings.warn(_MESSAGE, DeprecationWarning, stacklevel=2)
sys.modules[__name__] = _module
