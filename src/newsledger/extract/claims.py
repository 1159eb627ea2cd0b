"""Claims: figures attached to a subject and attribute (placeholder until issue 4)."""

from __future__ import annotations

from collections.abc import Sequence

from newsledger.lang import LangData
from newsledger.model import Claim, Document, Figure, Mention, Quote


def extract_claims(
    doc: Document,
    figures: Sequence[Figure],
    mentions: Sequence[Mention],
    quotes: Sequence[Quote],
    lang: LangData,
) -> list[Claim]:
    """A claim for every figure whose subject and attribute can be found."""
    return []
