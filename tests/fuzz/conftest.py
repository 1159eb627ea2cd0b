"""Prints what the fuzz suite ran: inputs, Failures, internal errors."""

from __future__ import annotations

import pytest

from tests.fuzz import record


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if record.STATS["inputs"]:
        terminalreporter.write_line(record.summary())
