"""Figures: value (a range only against a range) and unit; subject accuracy on matches."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from newsledger.evaluate.common import Counts, Names, close, name_matches, norm, number, tally
from newsledger.evaluate.gold import GoldDocument, GoldFigure


def figure_pairs(
    gold: GoldDocument, system: list[Mapping[str, Any]], names: Names
) -> tuple[Counts, list[tuple[int, int]]]:
    """Counts and the matched (gold index, system index) pairs."""

    def strength(g: GoldFigure, s: Mapping[str, Any]) -> float | None:
        value, value_max = number(s.get("value")), number(s.get("value_max"))
        if value is None or norm(str(s.get("unit") or "")) != norm(g.unit):
            return None
        if not (close(value, g.value) and close(value_max, g.value_max)):
            return None
        error = abs(value - g.value) / max(abs(value), abs(g.value), 1e-12)
        subject = g.subject is not None and name_matches(s.get("subject"), g.subject, names)
        return (1.0 if subject else 0.0) - error

    return tally(gold.figures, system, strength)


def score_figures(
    gold: GoldDocument, system: list[Mapping[str, Any]], names: Names
) -> tuple[Counts, int]:
    counts, pairs = figure_pairs(gold, system, names)
    subjects = sum(
        1
        for gi, si in pairs
        if (subject := gold.figures[gi].subject) is not None
        and name_matches(system[si].get("subject"), subject, names)
    )
    return counts, subjects
