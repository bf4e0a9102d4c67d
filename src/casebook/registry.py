"""Deprecated alias of :mod:`casebook.plugins.registry`, its home since 0.1.0; removed in 0.3."""

import sys
import warnings

import casebook.plugins.registry as _module

_MESSAGE = "casebook.registry is deprecated: import casebook.plugins.registry"
warnings.warn(_MESSAGE, DeprecationWarning, stacklevel=2)
sys.modules[__name__] = _module
