"""`newsledger documents`: every document with its id, filtered, sorted, limited."""

from __future__ import annotations

import json

from newsledger.cli import app
from tests.cli.conftest import runner


def _json(*args: str) -> list[dict[str, object]]:
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    rows: list[dict[str, object]] = json.loads(result.output)
    return rows


def test_documents_lists_ids_titles_and_sources(ledger_db: str) -> None:
    rows = _json("documents", "--db", ledger_db)
    assert sorted(str(r["language"]) for r in rows) == ["de", "en", "en"]
    assert all(len(str(r["id"])) >= 16 for r in rows)
    assert any(str(r["source"]).endswith("orbital.txt") for r in rows)


def test_documents_filters_sorts_and_limits(ledger_db: str) -> None:
    german = _json("documents", "--db", ledger_db, "--language", "de")
    assert [r["title"] for r in german] == ["Nordwerk investiert in Batteriefabriken"]
    by_title = _json("documents", "--db", ledger_db, "--sort", "title")
    assert [str(r["title"])[:8] for r in by_title] == ["Lisbon's", "Nordwerk", "Orbital "]
    assert len(_json("documents", "--db", ledger_db, "--limit", "1")) == 1


def test_an_unknown_document_points_to_the_documents_command(ledger_db: str) -> None:
    result = runner.invoke(app, ["show", "nosuchdocument", "--db", ledger_db])
    assert result.exit_code == 1
    assert "newsledger documents" in result.output
