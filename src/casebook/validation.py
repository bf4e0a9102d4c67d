"""Deprecated alias of :mod:`casebook.format.validation`, its home since 0.1.0; removed in 0.3."""

import sys
import warnings

import casebook.format.validation as _module

_MESSAGE = "casebook.validation is deprecated: import casebook.format.validation"
warnings.warn(_MESSAGE, DeprecationWarning, stacklevel=2)
sys.modules[__name__] = _module
