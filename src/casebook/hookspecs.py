"""Deprecated alias of :mod:`casebook.plugins.hookspecs`, its home since 0.1.0; removed in 0.3."""

import sys
import warnings

import casebook.plugins.hookspecs as _module

_MESSAGE = "casebook.hookspecs is deprecated: import casebook.plugins.hookspecs"
warnings.warn(_MESSAGE, DeprecationWarning, stacklevel=2)
sys.modules[__name__] = _module
