"""`newsledger story` takes an id the way `show` does: whole, or a unique prefix."""

from __future__ import annotations

import json

from newsledger.cli import app
from tests.cli.conftest import runner


def _story_id(db: str) -> str:
    stories = json.loads(runner.invoke(app, ["stories", "--db", db, "--format", "json"]).output)
    assert len(stories) == 1
    story_id: str = stories[0]["id"]
    assert story_id.startswith("story:")
    return story_id


def test_story_accepts_a_prefix_with_or_without_its_tag(ledger_db: str) -> None:
    story_id = _story_id(ledger_db)
    for ref in (story_id, story_id[:12], story_id.removeprefix("story:")[:6]):
        result = runner.invoke(app, ["story", ref, "--db", ledger_db, "--format", "json"])
        assert result.exit_code == 0, (ref, result.output)
        assert len(json.loads(result.output)) == 2


def test_story_refuses_an_unknown_or_too_short_id(ledger_db: str) -> None:
    for ref in ("s1", "ffffffff"):
        result = runner.invoke(app, ["story", ref, "--db", ledger_db])
        assert result.exit_code == 1
        assert "newsledger stories" in result.output
