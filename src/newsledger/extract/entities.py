"""Entity mentions: knowledge-base matching and discovery (placeholder until issue 3)."""

from __future__ import annotations

from newsledger.kb import KnowledgeBase
from newsledger.lang import LangData
from newsledger.model import Document, Mention


def extract_mentions(doc: Document, lang: LangData, kb: KnowledgeBase) -> list[Mention]:
    """Every span of ``doc`` that names an entity, with its canonical id."""
    return []
