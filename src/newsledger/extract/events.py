"""Events: who did what to whom, and when (placeholder until issue 5)."""

from __future__ import annotations

from collections.abc import Sequence

from newsledger.lang import LangData
from newsledger.model import Document, Event, Mention


def extract_events(doc: Document, mentions: Sequence[Mention], lang: LangData) -> list[Event]:
    """Every event reported in ``doc``."""
    return []
