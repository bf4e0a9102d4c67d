"""Deprecated alias of :mod:`casebook.plugins.entrypoints`, its home since 0.1.0; removed in 0.3."""

import sys
import warnings

import casebook.plugins.entrypoints as _module

_MESSAGE = "casebook.entrypoints is deprecated: import casebook.plugins.entrypoints"
warnings.warn(_MESSAGE, DeprecationWarning, stacklevel=2)
sys.modules[__name__] = _module
