"""Stories: documents that tell the same story, in any language.

``StoryIndex`` links each new document to the earlier documents that share
enough rare evidence (``newsledger.resolve.story_evidence``: canonical
entities, events, figures, claims, and MinHash bands of the words, which
only match within a language), and lets it join every story whose closest
recent members it is linked to, or start a new one.  A document may
therefore be in several stories, and nothing is re-clustered when
documents arrive.

Cost: features are weighted by inverse document frequency; features found
in a large share of the corpus (a famous name) are ignored, and only the
most recent documents of each feature are scanned, so that adding a
document costs about the same at 1,000 or 1,000,000 documents
(``benchmarks/stories.py``).
"""

from __future__ import annotations

import math
import sys
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from newsledger.model import Story
from newsledger.resolve.packing import (
    Arrays,
    from_bytes,
    pack_ragged,
    pack_strings,
    pack_tokens,
    to_bytes,
    unpack_arrays,
    unpack_ragged,
    unpack_strings,
    unpack_tokens,
)
from newsledger.resolve.story_evidence import KIND_WEIGHT, StoryEvidence, story_evidence

__all__ = ["StoryEvidence", "StoryIndex", "story_evidence", "update_stories"]

# Rarity prior: a corpus is treated as if it held this many more documents
# in which no feature occurs, so that in a handful of articles the names
# every article shares still count a little instead of nothing.
PRIOR_DOCS = 20
# Features found in more than this share of the documents are too common
# to link documents ("Elon Musk" in a tech corpus): they are skipped
# entirely.  Below MIN_DF_CAP documents nothing is skipped, so that a
# running story of a few hundred reports keeps its own names.
MAX_DF_SHARE = 0.02
MIN_DF_CAP = 500
# A feature no other document has (yet) links nothing, but it still shows
# that the document is about something else.  It counts at this share of
# its weight until a second document shares it.
UNSHARED_WEIGHT = 0.3
# Only this many most recent documents of a feature are scanned: a story
# that is still running has recent coverage to link to.
POSTING_WINDOW = 150
# Two documents are linked when their weighted overlap, relative to the
# geometric mean of their evidence, reaches LINK_SIMILARITY; a document
# joins a story when its JOIN_QUORUM closest recent members are on average
# this similar (JOIN_SIMILARITY) and JOIN_LINKED of them are linked to it
# (both members of a story of two).  Calibrated on the seed corpus (the
# feud and compute articles link at 0.16-0.36, the bid report with them at
# 0.11-0.14) and on generated corpora (benchmarks/stories.py: same-story
# pairs have a median of 0.23, unrelated pairs a 90th percentile of 0.05).
LINK_SIMILARITY = 0.15
JOIN_SIMILARITY = 0.18
JOIN_LINKED = 0.75
JOIN_QUORUM = 3
# Documents sharing fewer features than this (text bands aside) are not
# similar at all: in a young corpus every name looks rare, and two reports
# that only both mention a famous person must not become a story.
MIN_SHARED_FEATURES = 2
# Similarities below this are not kept for the join decision (they would
# add next to nothing to an average).
SIMILARITY_FLOOR = 0.02
# A running story drifts: only its most recent members are compared.
JOIN_RECENT = 30
# A new story takes in a neighbour only when it is linked to this share of
# the members already chosen.
JOIN_SHARE = 0.6
MAX_LINKS = 30
# Documents published this many days apart still count fully; beyond, the
# similarity fades (a story about the same people a year later is another).
TIME_WINDOW_DAYS = 30
LABEL_ENTITIES = 3
STORY_ENTITIES = 8
# Layout of ``StoryIndex.to_bytes``; an index of another version is rebuilt.
STATE_VERSION = 3


_WEIGHT_BITS = 20
_WEIGHT_SCALE = float(1 << _WEIGHT_BITS)


class _Postings:
    """Documents per feature, most recent last.

    Most features occur once (a text band, an obscure name): those are kept
    as one packed int (document index and weight), and become arrays only
    when a second document shares them, which cuts memory by about half.
    """

    def __init__(self) -> None:
        self.single: dict[str, int] = {}
        self.docs: dict[str, array[int]] = {}
        self.weights: dict[str, array[float]] = {}

    def df(self, key: str) -> int:
        docs = self.docs.get(key)
        if docs is not None:
            return len(docs)
        return 1 if key in self.single else 0

    def add(self, key: str, index: int, weight: float) -> tuple[int, float] | None:
        """Record ``index``; return the first document and weight if ``key`` just became shared."""
        docs = self.docs.get(key)
        if docs is not None:
            docs.append(index)
            self.weights[key].append(weight)
            return None
        packed = self.single.pop(key, None)
        if packed is None:
            quantised = min(int(weight * _WEIGHT_SCALE), (1 << _WEIGHT_BITS) - 1)
            self.single[key] = (index << _WEIGHT_BITS) | quantised
            return None
        first, first_weight = self._unpack(packed)
        self.docs[key] = array("q", (first, index))
        self.weights[key] = array("d", (first_weight, weight))
        return first, first_weight

    def recent(
        self, key: str, window: int
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]] | None:
        docs = self.docs.get(key)
        if docs is not None:
            start = max(0, len(docs) - window)
            return (
                np.frombuffer(docs, dtype=np.int64)[start:],
                np.frombuffer(self.weights[key], dtype=np.float64)[start:],
            )
        packed = self.single.get(key)
        if packed is None:
            return None
        first, weight = self._unpack(packed)
        return np.array([first], dtype=np.int64), np.array([weight])

    @staticmethod
    def _unpack(packed: int) -> tuple[int, float]:
        return packed >> _WEIGHT_BITS, (packed & ((1 << _WEIGHT_BITS) - 1)) / _WEIGHT_SCALE

    def save(self, into: Arrays) -> None:
        pack_strings("single.keys", self.single, into)
        into["single.packed"] = np.array(list(self.single.values()), dtype=np.int64)
        pack_strings("shared.keys", self.docs, into)
        pack_ragged("shared.docs", list(self.docs.values()), np.int64, into)
        pack_ragged("shared.weights", list(self.weights.values()), np.float64, into)

    @classmethod
    def load(cls, arrays: Mapping[str, npt.NDArray[np.generic]]) -> _Postings:
        postings = cls()
        postings.single = dict(
            zip(
                unpack_strings("single.keys", arrays),
                arrays["single.packed"].tolist(),
                strict=True,
            )
        )
        keys = unpack_strings("shared.keys", arrays)
        postings.docs = dict(zip(keys, unpack_arrays("shared.docs", arrays, "q"), strict=True))
        postings.weights = dict(
            zip(keys, unpack_arrays("shared.weights", arrays, "d"), strict=True)
        )
        return postings


@dataclass
class _StoryState:
    # Labels, entities and dates are worked out from the members when a
    # story is listed: per-story tallies took most of the index's memory
    # when nearly every document starts a story.
    id: str
    members: list[int]


def _day(published: str | None) -> int:
    if not published or len(published) < 10:
        return -1
    try:
        return date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return -1


class StoryIndex:
    """Incremental story clustering state; saved and loaded with ``to_bytes``/``from_bytes``.

    ``add`` places one document; ``stories`` lists the current stories.
    """

    def __init__(self) -> None:
        self.doc_ids: list[str] = []
        self._doc_index: dict[str, int] = {}
        self._mass = array("d")
        self._day = array("q")
        self._postings = _Postings()
        self._links: list[array[int]] = []
        self._doc_stories: list[list[int]] = []
        self._stories: list[_StoryState] = []
        self._names: dict[str, str] = {}
        # Per document, what a story label needs: top entities (ids and
        # weights, kept apart in compact form) and event types.
        self._doc_entity_ids: list[tuple[str, ...]] = []
        self._doc_entity_weights: list[array[float]] = []
        self._doc_events: list[tuple[str, ...]] = []

    def __len__(self) -> int:
        return len(self.doc_ids)

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self._doc_index

    # -- weights ------------------------------------------------------------

    def _idf(self, df: int) -> float:
        return math.log((len(self.doc_ids) + PRIOR_DOCS) / (df + 1))

    def _cap(self) -> float:
        return max(MIN_DF_CAP, MAX_DF_SHARE * len(self.doc_ids))

    # -- adding ---------------------------------------------------------------

    def add(self, evidence: StoryEvidence, assign: bool = True) -> list[str]:
        """Index one document and place it; return the ids of its stories.

        With ``assign=False`` the document is indexed and linked but joins no
        story (used to restore an index from stored stories).
        """
        if evidence.doc_id in self._doc_index:
            index = self._doc_index[evidence.doc_id]
            return [self._stories[s].id for s in self._doc_stories[index]]
        similarities, mass, day = self._similarities(evidence)
        links = sorted(
            ((s, other) for other, s in similarities.items() if s >= LINK_SIMILARITY),
            reverse=True,
        )
        neighbours = [other for _, other in links[:MAX_LINKS]]

        index = len(self.doc_ids)
        self.doc_ids.append(evidence.doc_id)
        self._doc_index[evidence.doc_id] = index
        self._mass.append(mass)
        self._day.append(day)
        self._links.append(array("i", neighbours))
        for other in neighbours:
            self._links[other].append(index)
        self._doc_stories.append([])
        entities = sorted(
            ((sys.intern(k[2:]), w) for k, w in evidence.features if k.startswith("e:")),
            key=lambda kw: -kw[1],
        )
        top = entities[: 2 * STORY_ENTITIES]
        self._doc_entity_ids.append(tuple(entity_id for entity_id, _ in top))
        self._doc_entity_weights.append(array("d", (weight for _, weight in top)))
        self._doc_events.append(tuple(evidence.event_types))
        for key, weight in evidence.features:
            became_shared = self._postings.add(key, index, weight)
            if became_shared is not None:
                # The first document's feature is now shared: count it fully.
                first, first_weight = became_shared
                scale = KIND_WEIGHT.get(key[0], 1.0) * self._idf(1)
                self._mass[first] += (1.0 - UNSHARED_WEIGHT) * first_weight * scale
        self._names.update(evidence.names)
        if assign:
            self._assign(index, neighbours, similarities, evidence)
        return [self._stories[s].id for s in self._doc_stories[index]]

    def _similarities(self, evidence: StoryEvidence) -> tuple[dict[int, float], float, int]:
        """Similarity to each recent document sharing a feature; mass and day of ``evidence``."""
        cap = self._cap()
        df = {key: self._postings.df(key) for key, _ in evidence.features}
        raw = {key: weight for key, weight in evidence.features if df[key] <= cap}
        scale = {key: KIND_WEIGHT.get(key[0], 1.0) * self._idf(df[key]) for key in raw}
        mass = sum(raw[key] * scale[key] * (1.0 if df[key] else UNSHARED_WEIGHT) for key in raw)
        day = _day(evidence.published)
        # Weighted overlap with the recent documents of each feature, summed
        # per document with numpy (postings are arrays, viewed without copy).
        doc_parts: list[npt.NDArray[np.int64]] = []
        score_parts: list[npt.NDArray[np.float64]] = []
        count_parts: list[npt.NDArray[np.float64]] = []
        for key, weight in raw.items():
            recent = self._postings.recent(key, POSTING_WINDOW)
            if recent is None:
                continue
            docs, weights = recent
            doc_parts.append(docs)
            score_parts.append(scale[key] * np.minimum(weights, weight))
            counts_as = 0.0 if key.startswith("w:") else 1.0
            count_parts.append(np.full(len(weights), counts_as))
        if not doc_parts or mass <= 0:
            return {}, mass, day
        others, inverse = np.unique(np.concatenate(doc_parts), return_inverse=True)
        scores = np.bincount(inverse, weights=np.concatenate(score_parts))
        # One shared name is not a story, however rare it looks in a small corpus.
        shared = np.bincount(inverse, weights=np.concatenate(count_parts))
        scores[shared < MIN_SHARED_FEATURES] = 0.0
        masses = np.frombuffer(self._mass, dtype=np.float64)[others]
        similarities = scores / np.sqrt(mass * np.maximum(masses, 1e-12))
        if day >= 0:
            days = np.frombuffer(self._day, dtype=np.int64)[others]
            gap = np.abs(days - day) - TIME_WINDOW_DAYS
            fade = TIME_WINDOW_DAYS / (TIME_WINDOW_DAYS + np.maximum(gap, 0))
            similarities = similarities * np.where(days < 0, 1.0, fade)
        keep = similarities >= SIMILARITY_FLOOR
        return (
            dict(zip(others[keep].tolist(), similarities[keep].tolist(), strict=True)),
            mass,
            day,
        )

    def place(self, evidence: Iterable[StoryEvidence]) -> None:
        """Add documents in publication order (the order ``update_stories`` uses)."""
        for item in _in_order(evidence):
            self.add(item)

    def neighbours(self, evidence: StoryEvidence) -> list[tuple[str, float]]:
        """Indexed documents most similar to ``evidence``, best first (no change to the index)."""
        similarities, _, _ = self._similarities(evidence)
        ranked = sorted(similarities.items(), key=lambda item: (-item[1], item[0]))
        return [
            (self.doc_ids[i], s)
            for i, s in ranked[:MAX_LINKS]
            if self.doc_ids[i] != evidence.doc_id
        ]

    def _assign(
        self,
        index: int,
        neighbours: Sequence[int],
        similarities: Mapping[int, float],
        evidence: StoryEvidence,
    ) -> None:
        linked = set(neighbours)
        touched = sorted({s for other in neighbours for s in self._doc_stories[other]})
        covered: set[int] = set()
        for story_index in touched:
            story = self._stories[story_index]
            recent = story.members[-JOIN_RECENT:]
            # Average link to the story's closest recent members: a story of
            # two needs the document close to both; a long story needs a
            # quorum of its members, since a running story drifts.
            quorum = min(len(recent), JOIN_QUORUM)
            best = sorted((similarities.get(m, 0.0) for m in recent), reverse=True)[:quorum]
            hits = sum(1 for m in recent if m in linked)
            if sum(best) / quorum >= JOIN_SIMILARITY and hits >= math.ceil(JOIN_LINKED * quorum):
                self._join(story_index, index)
                covered.update(story.members)
        rest = [n for n in neighbours if n not in covered]
        if covered and not rest:
            return
        # A new story: this document and the neighbours no joined story
        # holds, keeping only neighbours linked to the members chosen so far.
        members = [index]
        for other in rest:
            other_links = set(self._links[other])
            others = members[1:]
            if sum(1 for m in others if m in other_links) >= math.ceil(
                JOIN_SHARE * len(others) - 1e-9
            ):
                members.append(other)
        if covered and len(members) == 1:
            return
        # A story whose members all belong to the new group grows instead
        # of being duplicated by a larger copy of itself.
        chosen = set(members)
        contained = [
            s
            for s in touched
            if index not in self._stories[s].members and chosen.issuperset(self._stories[s].members)
        ]
        if contained:
            story_index = max(contained, key=lambda s: (len(self._stories[s].members), -s))
            for member in sorted(members):
                self._join(story_index, member)
            return
        story_index = len(self._stories)
        self._stories.append(_StoryState(id=f"story:{evidence.doc_id[:16]}", members=[]))
        for member in sorted(members):
            self._join(story_index, member)

    def _join(self, story_index: int, index: int) -> None:
        story = self._stories[story_index]
        if index in story.members:
            return
        story.members.append(index)
        self._doc_stories[index].append(story_index)

    # -- reading --------------------------------------------------------------

    def stories(self, min_docs: int = 1) -> list[Story]:
        """Current stories with at least ``min_docs`` documents."""
        out: list[Story] = []
        for state in self._stories:
            if len(state.members) >= min_docs:
                out.append(self._story(state))
        return out

    def stories_of(self, doc_id: str) -> list[str]:
        index = self._doc_index.get(doc_id)
        if index is None:
            return []
        return [self._stories[s].id for s in self._doc_stories[index]]

    def _story(self, state: _StoryState) -> Story:
        entity_weight: defaultdict[str, float] = defaultdict(float)
        event_types: Counter[str] = Counter()
        for member in state.members:
            for entity_id, weight in zip(
                self._doc_entity_ids[member],
                self._doc_entity_weights[member],
                strict=True,
            ):
                entity_weight[entity_id] += weight
            event_types.update(self._doc_events[member])
        days = [self._day[m] for m in state.members if self._day[m] >= 0]
        ranked = sorted(
            entity_weight.items(),
            key=lambda item: (
                -item[1] * self._idf(self._postings.df(f"e:{item[0]}")),
                item[0],
            ),
        )
        names = [self._names.get(entity_id, entity_id) for entity_id, _ in ranked]
        label = ", ".join(names[:LABEL_ENTITIES]) or "untitled story"
        if event_types:
            event_type, _ = max(event_types.items(), key=lambda item: (item[1], item[0]))
            label = f"{label}: {event_type.replace('_', ' ')}"
        return Story(
            id=state.id,
            label=label,
            doc_ids=tuple(self.doc_ids[m] for m in state.members),
            entities=tuple(names[:STORY_ENTITIES]),
            first_date=date.fromordinal(min(days)).isoformat() if days else None,
            last_date=date.fromordinal(max(days)).isoformat() if days else None,
        )

    # -- persistence ----------------------------------------------------------

    def to_bytes(self) -> bytes:
        """The whole state (postings included) as flat numpy arrays in one ``.npz``."""
        arrays: Arrays = {"version": np.array([STATE_VERSION], dtype=np.int64)}
        pack_strings("doc_ids", self.doc_ids, arrays)
        arrays["mass"] = np.frombuffer(self._mass, dtype=np.float64)
        arrays["day"] = np.frombuffer(self._day, dtype=np.int64)
        self._postings.save(arrays)
        pack_ragged("links", self._links, np.int32, arrays)
        pack_tokens("doc_entities.ids", self._doc_entity_ids, arrays)
        pack_ragged("doc_entities.weights", self._doc_entity_weights, np.float64, arrays)
        pack_tokens("doc_events", self._doc_events, arrays)
        pack_strings("names.keys", self._names, arrays)
        pack_strings("names.values", self._names.values(), arrays)
        pack_strings("stories.ids", (s.id for s in self._stories), arrays)
        pack_ragged("stories.members", [s.members for s in self._stories], np.int64, arrays)
        return to_bytes(arrays)

    @classmethod
    def from_bytes(cls, data: bytes) -> StoryIndex:
        """The index saved by ``to_bytes``; raises ValueError on another version."""
        arrays = from_bytes(data)
        if arrays["version"].tolist() != [STATE_VERSION]:
            raise ValueError(f"story index version {arrays['version'].tolist()}")
        index = cls()
        index.doc_ids = unpack_strings("doc_ids", arrays)
        index._doc_index = {doc_id: i for i, doc_id in enumerate(index.doc_ids)}
        index._mass = array("d", arrays["mass"].tobytes())
        index._day = array("q", arrays["day"].tobytes())
        index._postings = _Postings.load(arrays)
        index._links = unpack_arrays("links", arrays, "i")
        index._doc_entity_ids = unpack_tokens("doc_entities.ids", arrays)
        index._doc_entity_weights = unpack_arrays("doc_entities.weights", arrays, "d")
        index._doc_events = unpack_tokens("doc_events", arrays)
        index._names = dict(
            zip(
                unpack_strings("names.keys", arrays),
                unpack_strings("names.values", arrays),
                strict=True,
            )
        )
        members = unpack_ragged("stories.members", arrays)
        for story_id, story_members in zip(
            unpack_strings("stories.ids", arrays), members, strict=True
        ):
            index._stories.append(_StoryState(story_id, [int(m) for m in story_members]))
        index._doc_stories = [[] for _ in index.doc_ids]
        for story_index, story in enumerate(index._stories):
            for member in story.members:
                index._doc_stories[member].append(story_index)
        return index

    def restore(self, stories: Iterable[Story], known: Sequence[StoryEvidence]) -> None:
        """Rebuild from stored stories and their documents' evidence, without re-clustering.

        Documents are indexed and linked in publication order; story
        membership is taken from ``stories`` as it is.
        """
        for evidence in _in_order(known):
            self.add(evidence, assign=False)
        for story in stories:
            members = [self._doc_index[d] for d in story.doc_ids if d in self._doc_index]
            if not members:
                continue
            story_index = len(self._stories)
            self._stories.append(_StoryState(id=story.id, members=[]))
            for member in members:
                self._join(story_index, member)


def _in_order(evidence: Iterable[StoryEvidence]) -> list[StoryEvidence]:
    # Publication order (undated last), then id: the same input always gives
    # the same stories.
    return sorted(evidence, key=lambda e: (e.published is None, e.published or "", e.doc_id))


def update_stories(
    existing: Sequence[Story],
    evidence: Sequence[StoryEvidence],
    index: StoryIndex | None = None,
    known: Sequence[StoryEvidence] = (),
) -> list[Story]:
    """Place new documents into stories; return every story.

    Incremental: documents already clustered stay where they are; each new
    document joins the existing stories it is linked to, or starts one.
    Pass the ``index`` kept from the previous run (``StoryIndex.to_bytes``
    persists it); without it, one is rebuilt from ``existing`` and the
    evidence of their documents, ``known``.  ``index`` is updated in place.
    """
    if index is None:
        index = StoryIndex()
        if existing:
            index.restore(existing, known)
    index.place(evidence)
    return index.stories()
