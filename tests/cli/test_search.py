"""`newsledger search`: stemmed words, and a word when nothing matches."""

from __future__ import annotations

import json

from newsledger.cli import app
from tests.cli.conftest import runner


def test_search_finds_the_plural_the_text_uses(ledger_db: str) -> None:
    result = runner.invoke(app, ["search", "operates GPU", "--db", ledger_db, "-f", "json"])
    assert result.exit_code == 0, result.output
    hits = json.loads(result.output)
    assert [h["title"][:8] for h in hits] == ["Lisbon's"]
    assert "[operates] a fleet of 180,000 [GPUs]" in hits[0]["snippet"]


def test_search_finds_german_words_in_another_form(ledger_db: str) -> None:
    result = runner.invoke(app, ["search", "Batteriefabrik", "--db", ledger_db, "-f", "json"])
    assert [h["title"] for h in json.loads(result.output)] == [
        "Nordwerk investiert in Batteriefabriken"
    ]


def test_search_without_hits_says_so(ledger_db: str) -> None:
    result = runner.invoke(app, ["search", "zzzz", "--db", ledger_db])
    assert result.exit_code == 0
    assert result.output.strip() == "no results"
