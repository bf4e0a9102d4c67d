"""casebook's built-in exporters, each a plugin registered like any third-party one."""
