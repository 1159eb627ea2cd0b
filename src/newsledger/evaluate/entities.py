"""Entities: same type and a matching name."""

from __future__ import annotations

from newsledger.evaluate.common import Counts, Names, name_matches, norm, tally
from newsledger.evaluate.gold import GoldDocument, GoldEntity


def score_entities(gold: GoldDocument, system: list[tuple[str, str]], names: Names) -> Counts:
    def strength(g: GoldEntity, s: tuple[str, str]) -> float | None:
        if norm(s[1]) != norm(g.type) or not name_matches(s[0], g.name, names):
            return None
        return 1.0 if norm(s[0]) == norm(g.name) else 0.5

    return tally(gold.entities, system, strength)[0]
