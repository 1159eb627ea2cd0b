"""Contradictions: conflicts against the gold list, and false alarms on the traps."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from newsledger.evaluate.common import Counts, close, gold_names, name_matches, number, tally
from newsledger.evaluate.gold import Gold, GoldClaim, GoldContradiction


def _claims_hit(claim: GoldClaim, system_claims: list[tuple[str, Mapping[str, Any]]]) -> bool:
    for doc, s in system_claims:
        if doc != claim.doc:
            continue
        if claim.value is not None and close(number(s.get("value")), claim.value):
            return True
        if claim.qualifier == "disputed" and s.get("disputed") is True:
            return True
    return False


def score_contradictions(
    gold: Gold, conflicts: list[Mapping[str, Any]], doc_names: Mapping[str, str]
) -> tuple[Counts, int]:
    names = gold_names(e for doc in gold.documents.values() for e in doc.entities)
    claims = [
        [(doc_names.get(str(c.get("doc")), ""), c) for c in (conflict.get("claims") or [])]
        for conflict in conflicts
    ]

    def strength(g: GoldContradiction, index: int) -> float | None:
        if not name_matches(conflicts[index].get("subject"), g.subject, names):
            return None
        shared = sum(1 for c in g.claims if _claims_hit(c, claims[index]))
        return float(shared) if shared else None

    indices = list(range(len(conflicts)))
    counts, pairs = tally(gold.contradictions, indices, strength)
    matched = {si for _, si in pairs}
    alarms = 0
    for index in indices:
        if index in matched:
            continue
        for entry in gold.not_contradictions:
            wanted = min(2, len(entry.claims))
            if wanted and (strength(entry, index) or 0) >= wanted:
                alarms += 1
                break
    return counts, alarms
