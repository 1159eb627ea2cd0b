"""Stories: unordered pairs of documents that share a story."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations


def story_pairs(stories: Iterable[Iterable[str]], keep: Iterable[str]) -> set[frozenset[str]]:
    allowed = set(keep)
    result: set[frozenset[str]] = set()
    for docs in stories:
        members = sorted({d for d in docs if d in allowed})
        result.update(frozenset(p) for p in combinations(members, 2))
    return result
