"""Deprecated alias of :mod:`casebook.report`, its home since 0.1.0; removed in 0.3."""

import sys
import warnings

import casebook.report as _module

_MESSAGE = "casebook.plugins.report is deprecated: import casebook.report"
warnings.warn(_MESSAGE, DeprecationWarning, stacklevel=2)
sys.modules[__name__] = _module
