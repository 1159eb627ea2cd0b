"""The command line: help for every command, docs generated from it, exit codes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from newsledger.cli import app

ROOT = Path(__file__).resolve().parents[2]
CLI_DOC = ROOT / "docs" / "cli.md"
runner = CliRunner(env={"COLUMNS": "100", "NEWSLEDGER_DB": None})


def _commands() -> list[list[str]]:
    root = typer.main.get_command(app)
    paths: list[list[str]] = []
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        if hasattr(command, "commands"):
            paths += [[name, sub] for sub in command.commands]
        else:
            paths.append([name])
    return paths


def render_cli_reference() -> str:
    """The CLI reference in docs/cli.md, made from the commands' own --help."""
    parts = [
        "# CLI reference",
        "",
        "Generated from `newsledger COMMAND --help`; refresh with",
        "`NEWSLEDGER_UPDATE_DOCS=1 .venv/bin/pytest tests/cli/test_help.py`.",
        "",
    ]
    for path in [[], *_commands()]:
        result = runner.invoke(app, [*path, "--help"], prog_name="newsledger")
        assert result.exit_code == 0, result.output
        parts += [
            f"## newsledger {' '.join(path)}".rstrip(),
            "",
            "```",
            result.output.rstrip(),
            "```",
            "",
        ]
    return "\n".join(parts)


@pytest.mark.parametrize("path", _commands(), ids=lambda p: " ".join(p))
def test_every_command_has_help_with_an_example(path: list[str]) -> None:
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0
    assert "Example: newsledger " + path[0] in result.output


def test_cli_reference_matches_the_commands() -> None:
    expected = render_cli_reference()
    if os.environ.get("NEWSLEDGER_UPDATE_DOCS"):
        CLI_DOC.write_text(expected, encoding="utf-8")
    assert CLI_DOC.read_text(encoding="utf-8") == expected, (
        "docs/cli.md is stale: run NEWSLEDGER_UPDATE_DOCS=1 .venv/bin/pytest tests/cli/test_help.py"
    )


def test_usage_errors_exit_with_2_and_library_errors_with_1(tmp_path: Path) -> None:
    assert runner.invoke(app, ["ingest"]).exit_code == 2
    assert runner.invoke(app, ["entities", "--format", "xml"]).exit_code == 2
    missing = runner.invoke(app, ["entities", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 1
    assert "no ledger here" in missing.output
    assert "Traceback" not in missing.output


def test_ingest_then_list_search_show_and_export(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "Orbital Freight raised $25 million in a funding round on Monday.\n\n"
        "The Lisbon start-up will add 40 staff, chief executive Ana Costa said.",
        encoding="utf-8",
    )
    db = str(tmp_path / "l.db")
    result = runner.invoke(app, ["ingest", str(tmp_path / "a.txt"), "--db", db])
    assert result.exit_code == 0, result.output
    assert "ingested 1" in result.output
    hits = runner.invoke(app, ["search", "Lisbon", "--db", db, "--format", "json"])
    assert json.loads(hits.output)[0]["snippet"].count("[Lisbon]") == 1
    shown = runner.invoke(app, ["show", "a.txt", "--db", db])
    assert "Orbital Freight raised" in shown.output
    out = tmp_path / "ledger.json"
    assert runner.invoke(app, ["export", "--db", db, "--out", str(out)]).exit_code == 0
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert exported["format_version"] == 1
    assert [d["language"] for d in exported["documents"]] == ["en"]
    report = tmp_path / "r" / "report.md"
    assert runner.invoke(app, ["report", "--db", db, "--out", str(report), "-q"]).exit_code == 0
    assert report.read_text(encoding="utf-8").startswith("# newsledger report")
    assert (tmp_path / "r" / "report-timeline.svg").read_text().startswith("<svg")


def test_ingest_of_nothing_usable_exits_1_and_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(tmp_path), "--db", str(tmp_path / "l.db")])
    assert result.exit_code == 1
    assert "empty.txt" in result.output and "empty file" in result.output


def test_show_names_the_original_of_a_near_duplicate(tmp_path: Path) -> None:
    body = (
        "Orbital Freight raised $25 million in a funding round on Monday, its chief "
        "executive Ana Costa said. The Lisbon start-up will add 40 staff this year and "
        "open an office in Porto. Investors include two funds from Madrid and Paris."
    )
    (tmp_path / "a.txt").write_text(body + " More details follow next week.", encoding="utf-8")
    (tmp_path / "b.txt").write_text(body + " Details will follow next week.", encoding="utf-8")
    db = str(tmp_path / "l.db")
    assert runner.invoke(app, ["ingest", str(tmp_path), "--db", db]).exit_code == 0
    shown = runner.invoke(app, ["show", "b.txt", "--db", db]).output
    original = runner.invoke(app, ["show", "a.txt", "--db", db]).output
    assert ("near-duplicate of" in shown) != ("near-duplicate of" in original)
    assert "copied by" in shown + original
