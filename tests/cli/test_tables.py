"""Tables a person can read: plain amounts, short ids, totals, 80 columns."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsledger import report as report_module
from newsledger.cli import app
from tests.cli.conftest import runner

narrow = CliRunner(env={"COLUMNS": "80", "NEWSLEDGER_DB": None})


def test_figures_show_amounts_as_words_not_scientific_notation(ledger_db: str) -> None:
    output = runner.invoke(app, ["figures", "--db", ledger_db]).output
    assert "$1.18 billion" in output and "€2.5 billion" in output
    assert "e+0" not in output


def test_tables_show_short_unique_ids(ledger_db: str) -> None:
    output = runner.invoke(app, ["documents", "--db", ledger_db, "--sort", "title"]).output
    ids = [line.split("│")[1].strip() for line in output.splitlines() if line.startswith("│")]
    assert len(ids) == 3
    assert all(len(i) == 8 for i in ids), ids


def test_timeline_reads_at_80_columns(ledger_db: str) -> None:
    output = narrow.invoke(app, ["timeline", "--db", ledger_db]).output
    header = next(line for line in output.splitlines() if "date" in line)
    assert "what" in header and "sources" in header
    assert max(len(line) for line in output.splitlines()) <= 80


def test_a_cut_table_says_how_many_there_are(ledger_db: str) -> None:
    output = runner.invoke(app, ["entities", "--db", ledger_db, "--limit", "2"]).output
    assert output.startswith("entities (2 of ")


def test_report_says_when_a_list_is_cut_and_counts_in_words(
    ledger_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(report_module, "TOP_ROWS", 2)
    out = tmp_path / "report.md"
    assert runner.invoke(app, ["report", "--db", ledger_db, "--out", str(out), "-q"]).exit_code == 0
    markdown = out.read_text(encoding="utf-8")
    assert "1 story," in markdown and "1 stories" not in markdown
    assert "2 documents)" in markdown
    assert "_2 of 7 figures shown" in markdown
    assert "e+0" not in markdown


def test_show_prints_figures_entities_and_whole_words(ledger_db: str) -> None:
    output = runner.invoke(app, ["show", "orbital.txt", "--db", ledger_db]).output
    assert "“$1.18 billion” → $1.18 billion" in output
    assert "= =" not in output and "e+0" not in output
    assert "Entities (" in output and "Ana Costa (PERSON)" in output


def test_show_finds_a_document_stored_relative_by_its_absolute_path(
    ledger_db: str, articles: Path
) -> None:
    absolute = os.path.join(articles, "nordwerk.txt")
    result = runner.invoke(app, ["show", absolute, "--db", ledger_db])
    assert result.exit_code == 0, result.output
    assert "Nordwerk investiert" in result.output
