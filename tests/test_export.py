"""The export's record shapes."""

from __future__ import annotations

import json
from pathlib import Path

from newsledger.export import singular, to_jsonl


def test_jsonl_kinds_are_singular_nouns() -> None:
    export = {
        "entities": [{"id": "e1"}],
        "stories": [{"id": "s1"}],
        "quotes": [{"id": "q1"}],
        "timeline": [{"date": "2025"}],
        "counts": {"documents": 1},
    }
    kinds = [json.loads(line)["kind"] for line in to_jsonl(export)]
    assert kinds == ["entity", "story", "quote", "timeline"]


def test_singular_of_every_plain_plural() -> None:
    assert [singular(k) for k in ("documents", "claims", "threads", "conflicts")] == [
        "document",
        "claim",
        "thread",
        "conflict",
    ]


def test_a_stated_fall_is_exported_with_its_direction(tmp_path: Path) -> None:
    from newsledger import Ledger

    article = tmp_path / "a.txt"
    article.write_text(
        "Acme results\n\nBERLIN, March 3, 2025 - Acme Corp said its revenue fell by 5% in 2024, "
        "while its staff grew to 1,200 people.\n",
        encoding="utf-8",
    )
    with Ledger(tmp_path / "news.db") as ledger:
        ledger.ingest([str(article)])
        figures = ledger.export()["figures"]
    by_text = {f["text"]: f for f in figures}
    fall = next(f for text, f in by_text.items() if "5%" in text or "5 %" in text)
    assert fall["direction"] == "down"
    assert fall["value"] > 0
    staff = next(f for text, f in by_text.items() if "1,200" in text)
    assert staff["direction"] is None
