"""figures, quotes and events read one page in SQL and say how many there are."""

from __future__ import annotations

import json

from newsledger.cli import app
from newsledger.ledger import Ledger
from tests.cli.conftest import runner


def _json(args: list[str]) -> list[dict[str, object]]:
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    rows: list[dict[str, object]] = json.loads(result.output)
    return rows


def test_a_page_of_figures_equals_the_start_of_the_export(ledger_db: str) -> None:
    with Ledger(ledger_db) as ledger:
        export = ledger.export()
    assert len(export["figures"]) > 2
    assert _json(["figures", "--db", ledger_db, "--limit", "2"]) == export["figures"][:2]
    assert _json(["figures", "--db", ledger_db, "--limit", "0"]) == export["figures"]
    assert _json(["quotes", "--db", ledger_db, "--limit", "0"]) == export["quotes"]
    assert _json(["events", "--db", ledger_db, "--limit", "0"]) == export["events"]


def test_filters_fold_case_beyond_ascii_and_match_the_export(ledger_db: str) -> None:
    with Ledger(ledger_db) as ledger:
        export = ledger.export()
    subject = next(r["subject"] for r in export["figures"] if r["subject"])
    wanted = [r for r in export["figures"] if r["subject"] == subject]
    assert _json(["figures", "--db", ledger_db, "--subject", subject.upper()]) == wanted
    speaker = next(r["speaker"] for r in export["quotes"] if r["speaker"])
    said = [r for r in export["quotes"] if r["speaker"] == speaker]
    assert _json(["quotes", "--db", ledger_db, "--speaker", speaker.swapcase()]) == said
    assert _json(["quotes", "--db", ledger_db, "--speaker", "Nobody Atall"]) == []


def test_the_table_title_counts_every_row_not_only_the_page(ledger_db: str) -> None:
    with Ledger(ledger_db) as ledger:
        total = len(ledger.export()["figures"])
    output = runner.invoke(app, ["figures", "--db", ledger_db, "--limit", "1"]).output
    assert f"figures (1 of {total})" in output
