"""Export a casebook: run an exporter, then write what it returns safely, for every format alike.

:mod:`casebook.exporting` is the public entry point; the modules here each do one part of it:
:mod:`~casebook.export.paths` checks what an exporter returns, :mod:`~casebook.export.manifest`
records what casebook wrote, :mod:`~casebook.export.journal` switches a folder from its old files
to its new ones, :mod:`~casebook.export.writer` decides what to write, and
:mod:`~casebook.export.running` runs an exporter as a plugin.
"""
