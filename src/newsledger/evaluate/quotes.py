"""Quotes: speaker (a name or a description) and token overlap with the gold text."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from newsledger.evaluate.common import (
    QUOTE_OVERLAP,
    Counts,
    Names,
    description_matches,
    name_matches,
    norm,
    tally,
    tokens,
)
from newsledger.evaluate.gold import GoldDocument, GoldQuote


def score_quotes(gold: GoldDocument, system: list[Mapping[str, Any]], names: Names) -> Counts:
    def strength(g: GoldQuote, s: Mapping[str, Any]) -> float | None:
        speaker = s.get("speaker")
        named = name_matches(speaker, g.speaker, names)
        if not named and (norm(g.speaker) in names or not description_matches(speaker, g.speaker)):
            return None
        wanted = Counter(tokens(g.text))
        found = Counter(tokens(str(s.get("text") or "")))
        if not wanted:
            return None
        overlap = sum((wanted & found).values()) / sum(wanted.values())
        return overlap if overlap >= QUOTE_OVERLAP else None

    return tally(gold.quotes, system, strength)[0]
