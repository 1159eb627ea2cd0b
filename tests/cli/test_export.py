"""`newsledger export --format csv`: one CSV file per table, in a folder or a zip."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from newsledger.cli import app
from tests.cli.conftest import runner

TABLES = {
    "documents.csv",
    "entities.csv",
    "figures.csv",
    "quotes.csv",
    "events.csv",
    "stories.csv",
    "threads.csv",
    "conflicts.csv",
    "boilerplate.csv",
    "failures.csv",
}


def test_csv_export_writes_one_plain_csv_file_per_table(ledger_db: str, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    result = runner.invoke(app, ["export", "--db", ledger_db, "-f", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} == TABLES
    with (out / "documents.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 3 and rows[0]["id"]
    conflicts = (out / "conflicts.csv").read_text(encoding="utf-8")
    assert conflicts.startswith("id,feedback,feedback_note,subject,") and "#" not in conflicts


def test_csv_export_into_a_zip_file(ledger_db: str, tmp_path: Path) -> None:
    out = tmp_path / "ledger.zip"
    result = runner.invoke(app, ["export", "--db", ledger_db, "-f", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as archive:
        assert set(archive.namelist()) == TABLES
        figures = list(csv.DictReader(io.StringIO(archive.read("figures.csv").decode())))
    assert {f["unit"] for f in figures} >= {"USD", "EUR"}


def test_csv_export_needs_somewhere_to_put_its_files(ledger_db: str) -> None:
    result = runner.invoke(app, ["export", "--db", ledger_db, "-f", "csv"])
    assert result.exit_code == 2
    assert "--out" in result.output
