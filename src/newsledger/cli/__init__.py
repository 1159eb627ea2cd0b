"""The command line: a thin Typer shell over the library.

Every command parses its options, calls one library function and prints the
result.  Errors from the library become one line on stderr and exit code 1;
usage errors exit with 2.  One module per group of commands; importing them
registers the commands on ``app`` in the order the help lists them.
"""

from __future__ import annotations

from newsledger.cli import ingest, reading, records, tools  # noqa: F401 - registers commands
from newsledger.cli.common import app, emit
from newsledger.cli.ingest import progress_line

__all__ = ["app", "emit", "main", "progress_line"]


def main() -> None:
    """Entry point of the ``newsledger`` command."""
    app()
