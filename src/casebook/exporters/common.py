"""Deprecated alias of :mod:`casebook.export.common`, its home since 0.1.0; removed in 0.3."""

import sys
import warnings

import casebook.export.common as _module

_MESSAGE = "casebook.exporters.common is deprecated: import casebook.export.common"
warnings.warn(_MESSAGE, DeprecationWarning, stacklevel=2)
sys.modules[__name__] = _module
