"""Timeline of events and dated claims (placeholder until issue 5)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from newsledger.model import Claim, Event


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    date: str
    label: str
    doc_id: str


def build_timeline(
    events: Sequence[Event], claims: Sequence[Claim], entity: str | None = None
) -> list[TimelineEntry]:
    """Dated events and claims in date order."""
    return []


def timeline_svg(entries: Sequence[TimelineEntry]) -> str:
    """A self-contained SVG timeline chart."""
    return '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>'
