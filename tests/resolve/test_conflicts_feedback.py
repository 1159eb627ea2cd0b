"""Conflict feedback and explanations through the CLI: marks survive re-resolve."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from newsledger.cli import app
from newsledger.ledger import Ledger
from tests.api.newsledger_live import build_ledger

runner = CliRunner(env={"COLUMNS": "200", "NEWSLEDGER_DB": None})


def _conflicts(db: Path) -> list[dict[str, object]]:
    result = runner.invoke(app, ["conflicts", "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    return list(json.loads(result.output))


def test_mark_is_kept_across_resolve_and_shown_in_exports(tmp_path: Path) -> None:
    db = build_ledger(tmp_path)
    [conflict] = _conflicts(db)
    assert conflict["feedback"] is None
    ident = str(conflict["id"])
    marked = runner.invoke(
        app, ["conflicts", "--db", str(db), "--mark", ident, "rejected", "--note", "rounding"]
    )
    assert marked.exit_code == 0, marked.output
    assert f"marked {ident} rejected" in marked.output
    with Ledger(db) as ledger:
        ledger.resolve()  # replaces every conflict
        export = ledger.export()
    [again] = export["conflicts"]
    assert again["id"] == ident
    assert (again["feedback"], again["feedback_note"]) == ("rejected", "rounding")
    # Marking again changes the verdict.
    runner.invoke(app, ["conflicts", "--db", str(db), "--mark", ident, "confirmed"])
    assert _conflicts(db)[0]["feedback"] == "confirmed"


def test_bad_verdict_and_unknown_conflict_are_refused(tmp_path: Path) -> None:
    db = build_ledger(tmp_path)
    ident = str(_conflicts(db)[0]["id"])
    bad = runner.invoke(app, ["conflicts", "--db", str(db), "--mark", ident, "maybe"])
    assert bad.exit_code == 2
    assert "confirmed, rejected" in bad.output
    unknown = runner.invoke(app, ["conflicts", "--db", str(db), "--mark", "cnope", "confirmed"])
    assert unknown.exit_code == 1
    assert "no conflict 'cnope'" in unknown.output


def test_explain_says_why_each_pair_was_or_was_not_flagged(tmp_path: Path) -> None:
    db = build_ledger(tmp_path)
    result = runner.invoke(app, ["conflicts", "--db", str(db), "--explain", "Colossus"])
    assert result.exit_code == 0, result.output
    assert "flagged as a conflict" in result.output
    funding = runner.invoke(
        app, ["conflicts", "--db", str(db), "--explain", "Northwind Labs"]
    ).output
    # $12 billion and "rund 12 Milliarden US-Dollar": compatible, and says so.
    assert "not flagged, compatible after rounding and qualifiers" in funding
    nothing = runner.invoke(app, ["conflicts", "--db", str(db), "--explain", "Nobody"]).output
    assert "no two documents make claims about 'Nobody'" in nothing


def test_eval_reports_the_marks_of_the_ledger_it_scores(tmp_path: Path) -> None:
    db = build_ledger(tmp_path)
    ident = str(_conflicts(db)[0]["id"])
    runner.invoke(app, ["conflicts", "--db", str(db), "--mark", ident, "confirmed"])
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps({"documents": {}}), encoding="utf-8")
    result = runner.invoke(
        app,
        ["eval", "--gold", str(gold), "--ledger", str(db), "--json", str(tmp_path / "articles")],
    )
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)["categories"]["contradictions"]
    assert (scores["marked_confirmed"], scores["marked_rejected"]) == (1, 0)
