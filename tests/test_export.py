"""The export's record shapes."""

from __future__ import annotations

import json

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
