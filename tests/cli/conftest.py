"""A small ledger, built once, that the CLI tests read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsledger.cli import app

# Wide enough that table cells do not wrap mid-word in assertions.
runner = CliRunner(env={"COLUMNS": "200", "NEWSLEDGER_DB": None})

ENGLISH = """Orbital Freight raises $1.18 billion for its GPU fleet

Orbital Freight raised $1.18 billion in a funding round on Monday, the Lisbon company said.

"We will hire [sic] 40 engineers [/x] next year," chief executive Ana Costa said on Tuesday.

[The company] runs 200,000 GPUs at its Lisbon site and plans to sue rival Cargo Atlas in March 2025.
"""

GERMAN = """Nordwerk investiert in Batteriefabriken

Die Hamburger Firma Nordwerk investiert 2,5 Milliarden Euro in neue Batteriefabriken, \
sagte Vorstandschef Karl Brandt am Dienstag.

„Wir bauen drei Werke in Sachsen", sagte Karl Brandt. Nordwerk beschäftigt 12.000 Mitarbeiter.
"""

# The same funding round as ENGLISH, told by another outlet: the two make a story.
ENGLISH_AGAIN = """Lisbon's Orbital Freight lands $1.2 billion from investors

Orbital Freight, the Lisbon logistics start-up, has closed a funding round worth about \
$1.2 billion, chief executive Ana Costa told reporters on Monday.

The company operates a fleet of 180,000 GPUs and competes with Cargo Atlas, Costa said. \
Orbital Freight plans to open offices in Porto and Madrid.
"""


@pytest.fixture(scope="session")
def articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("articles")
    (folder / "orbital.txt").write_text(ENGLISH, encoding="utf-8")
    (folder / "nordwerk.txt").write_text(GERMAN, encoding="utf-8")
    (folder / "orbital-wire.txt").write_text(ENGLISH_AGAIN, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def ledger_db(articles: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A ledger of the two articles, ingested by a relative path as a user would type it."""
    db = str(tmp_path_factory.mktemp("ledger") / "l.db")
    cwd = os.getcwd()
    os.chdir(articles.parent)
    try:
        result = runner.invoke(app, ["ingest", articles.name, "--db", db, "--workers", "1"])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    return db
