"""Run the ``casebook`` command: ``python -m casebook``."""

from casebook.cli import run

if __name__ == "__main__":
    run()
