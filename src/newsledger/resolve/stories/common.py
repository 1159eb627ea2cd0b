"""Small pieces the story index, its listings and its explanations share."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from newsledger.resolve.stories.params import FAMILY_OF
from newsledger.resolve.story_evidence import StoryEvidence


@dataclass
class StoryState:
    # Labels, entities and dates are worked out from the members when a
    # story is listed: per-story tallies took most of the index's memory
    # when nearly every document starts a story.
    id: str
    members: list[int]


def fade(days_apart: npt.NDArray[np.int64], window: int) -> npt.NDArray[np.float64]:
    """1 within ``window`` days, then falling as window / (window + days beyond)."""
    gap = np.maximum(days_apart - window, 0)
    return np.asarray(window / (window + gap), dtype=np.float64)


def family_of(key: str) -> int:
    return FAMILY_OF.get(key[0], 0)


def describe(key: str, names: Mapping[str, str]) -> str:
    """A feature key in words: ``entity Volkswagen``, ``figure 35000 job``."""
    kind, _, rest = key.partition(":")
    if kind == "e":
        return f"entity {names.get(rest, rest)}"
    if kind == "f":
        unit, _, value = rest.partition(":")
        return f"figure {value} {unit}"
    if kind == "c":
        subject, _, figure = rest.partition("|")
        return f"claim {names.get(subject, subject)} {figure}"
    if kind == "v":
        event_type, *who = rest.split("|")
        ids = [i for part in who for i in part.split(",") if i]
        return f"event {event_type.replace('_', ' ')} " + ", ".join(names.get(i, i) for i in ids)
    if kind == "t":
        return f"event type and month {rest}"
    if kind == "k":
        return f"word {rest.partition(':')[2]}"
    if kind == "n":
        return f"name or number {rest}"
    return key


@dataclass(frozen=True)
class PairEvidence:
    """Why two documents were (or were not) joined: ``newsledger story ID --why``."""

    first: str
    second: str
    similarity: float
    linked: bool
    families: tuple[tuple[str, float], ...]
    shared: tuple[tuple[str, float], ...]  # shared feature, contribution
    days_apart: int | None


def day_number(published: str | None) -> int:
    if not published or len(published) < 10:
        return -1
    try:
        return date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return -1


def in_order(evidence: Iterable[StoryEvidence]) -> list[StoryEvidence]:
    # Publication order (undated last), then id: the same input always gives
    # the same stories.
    return sorted(evidence, key=lambda e: (e.published is None, e.published or "", e.doc_id))
