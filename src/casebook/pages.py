"""Deprecated alias of :mod:`casebook.export.pages`, its home since 0.1.0; removed in 0.3."""

import sys
import warnings

import casebook.export.pages as _module

_MESSAGE = "casebook.pages is deprecated: import casebook.export.pages"
warnings.warn(_MESSAGE, DeprecationWarning, stacklevel=2)
sys.modules[__name__] = _module
