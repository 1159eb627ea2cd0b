"""Events: the same type (or one the taxonomy's ``also_called`` finds) and a gold actor."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from newsledger.evaluate.common import Counts, Names, name_matches, norm, tally
from newsledger.evaluate.gold import GoldDocument, GoldEvent


@functools.cache
def _type_aliases() -> dict[str, re.Pattern[str]]:
    """Per event type of the taxonomy, the free-form names it also goes by."""
    from newsledger.extract.event_lexicon import event_types

    return {
        norm(name): re.compile("|".join(f"(?:{p})" for p in spec["also_called"]))
        for name, spec in event_types().items()
        if spec.get("also_called")
    }


def _same_type(system: str, gold: str) -> bool:
    s, g = norm(system), norm(gold)
    if s == g:
        return True
    aliases = _type_aliases().get(s)
    return aliases is not None and aliases.search(g.replace(" ", "_")) is not None


def same_type(system: str, gold: str) -> bool:
    """Whether a system type names the gold type (exactly or by ``also_called``)."""
    return _same_type(system, gold)


def event_pairs(
    gold: GoldDocument, system: list[Mapping[str, Any]], names: Names
) -> tuple[Counts, list[tuple[int, int]]]:
    """Counts and the matched (gold index, system index) pairs."""

    def strength(g: GoldEvent, s: Mapping[str, Any]) -> float | None:
        if not _same_type(str(s.get("type") or ""), g.type):
            return None
        actors = s.get("actors") or []
        hits = sum(1 for a in g.actors if any(name_matches(x, a, names) for x in actors))
        targets = s.get("targets") or []
        target_hits = sum(1 for t in g.targets if any(name_matches(x, t, names) for x in targets))
        return None if g.actors and not hits else hits + 0.5 * target_hits

    return tally(gold.events, system, strength)


def score_events(gold: GoldDocument, system: list[Mapping[str, Any]], names: Names) -> Counts:
    return event_pairs(gold, system, names)[0]
