"""`newsledger ingest` says which files it did not read, and why."""

from __future__ import annotations

from pathlib import Path

from newsledger.cli import app
from newsledger.ingest.sources import Skipped, SourceFile, walk, walk_reporting_skipped
from tests.cli.conftest import ENGLISH, runner


def test_unsupported_files_in_a_folder_are_reported_as_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ENGLISH, encoding="utf-8")
    (folder / "notes.md").write_text(ENGLISH.replace("Orbital", "Polar"), encoding="utf-8")
    (folder / "doc.pdf").write_bytes(b"%PDF-1.7")
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(tmp_path / "l.db")])
    assert result.exit_code == 0, result.output
    assert "ingested 2" in result.output
    assert "skipped 1 unsupported file(s)" in result.output
    assert "doc.pdf: unsupported file type '.pdf'" in result.output


def test_walk_keeps_its_contract_and_the_reporting_walk_names_skipped_files(
    tmp_path: Path,
) -> None:
    (tmp_path / "a.md").write_text("text", encoding="utf-8")
    (tmp_path / "b.pdf").write_bytes(b"%PDF")
    (tmp_path / ".hidden.pdf").write_bytes(b"%PDF")
    assert [type(i) for i in walk([tmp_path])] == [SourceFile]
    found = list(walk_reporting_skipped([tmp_path]))
    assert [type(i) for i in found] == [SourceFile, Skipped]
    assert isinstance(found[1], Skipped) and found[1].path.endswith("b.pdf")
