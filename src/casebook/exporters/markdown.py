"""Deprecated alias of :mod:`casebook.export.markdown`, its home since 0.1.0; removed in 0.3."""

import sys
import warnings

import casebook.export.markdown as _module

_MESSAGE = "casebook.exporters.markdown is deprecated: import casebook.export.markdown"
warnings.warn(_MESSAGE, DeprecationWarning, stacklevel=2)
sys.modules[__name__] = _module
