"""Deprecated alias of :mod:`casebook.export.rst`, its home since 0.1.0; removed in 0.3."""

import sys
import warnings

import casebook.export.rst as _module

_MESSAGE = "casebook.exporters.rst is deprecated: import casebook.export.rst"
warnings.warn(_MESSAGE, DeprecationWarning, stacklevel=2)
sys.modules[__name__] = _module
