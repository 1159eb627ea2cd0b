"""`newsledger --version`."""

from __future__ import annotations

from typer.testing import CliRunner

from newsledger import __version__
from newsledger.cli import app

runner = CliRunner()


def test_version_prints_the_package_version_and_exits_0() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"newsledger {__version__}"
