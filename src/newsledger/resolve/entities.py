"""Cross-document entity resolution (placeholder until issue 3)."""

from __future__ import annotations

from collections.abc import Sequence

from newsledger.kb import KnowledgeBase
from newsledger.model import Entity, Mention


def resolve_entities(
    mentions: Sequence[Mention], kb: KnowledgeBase
) -> tuple[list[Entity], dict[str, str]]:
    """Canonical entities for ``mentions``, and a map from merged ids to the kept id."""
    seen: dict[str, Entity] = {}
    for mention in mentions:
        if mention.entity_id not in seen:
            seen[mention.entity_id] = Entity(
                id=mention.entity_id, name=mention.name, type=mention.type
            )
    return list(seen.values()), {}
