"""Deprecated alias of :mod:`casebook.format.limits`, its home since 0.1.0; removed in 0.3."""

import sys
import warnings

import casebook.format.limits as _module

_MESSAGE = "casebook.limits is deprecated: import casebook.format.limits"
warnings.warn(_MESSAGE, DeprecationWarning, stacklevel=2)
sys.modules[__name__] = _module
