"""Deprecated: the built-in exporters live in :mod:`casebook.export` since 0.1.0."""
