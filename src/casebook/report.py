"""Deprecated alias of :mod:`casebook.plugins.report`, its home since 0.2; removed in 0.3."""

import sys
import warnings

import casebook.plugins.report as _module

_MESSAGE = "casebook.report is deprecated: import casebook.plugins.report"
warnings.warn(_MESSAGE, DeprecationWarning, stacklevel=2)
sys.modules[__name__] = _module
