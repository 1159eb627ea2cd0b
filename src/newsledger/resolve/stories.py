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
from typing import Any

import numpy as np
import numpy.typing as npt

from newsledger.model import Story, Thread
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

__all__ = [
    "PairEvidence",
    "StoryEvidence",
    "StoryIndex",
    "story_evidence",
    "thread_to_json",
    "update_stories",
]

# Rarity prior: a corpus is treated as if it held this many more documents
# in which no feature occurs, so that in a handful of articles the names
# every article shares still count a little instead of nothing.  Chosen
# among 0.5, 2, 5 and 20 on the dev gold stories and the seeds (pairwise
# F1 dev .96/.96/.96/.95, seeds .25/.83/1.0/.82); on the 657 SemEval texts
# it makes no difference.
PRIOR_DOCS = 5
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
# Title and lead words are many per document and mostly common: fewer of
# their recent documents are scanned (a same-event report shares rare names
# and figures too, which scan the full window).  Keeps placing a document
# near 2 ms at 100,000 documents (benchmarks/stories.py).
TEXT_POSTING_WINDOW = 40
# Two documents are linked when their similarity reaches LINK_SIMILARITY;
# a document joins a story when its JOIN_QUORUM closest recent members are
# on average this similar (JOIN_SIMILARITY) and JOIN_LINKED of them are
# linked to it (both members of a story of two).  Calibrated together with
# FAMILY_WEIGHT: on the dev gold stories 0.15 gave pairwise P .93 R .96
# (0.12: P .84; 0.18: P .96 R .93); on the SemEval fit half the best
# threshold for these weights was 0.11.
LINK_SIMILARITY = 0.15
JOIN_SIMILARITY = 0.18
JOIN_LINKED = 0.75
JOIN_QUORUM = 3
# Evidence families, each compared on its own (a TF-IDF cosine over the
# family's features) and then averaged with these weights over the families
# both documents have: entities, facts (figures, claims, events), title and
# lead words (same language only), and language-neutral tokens of title and
# lead (names, numbers).  Calibrated on the fit half of the SemEval-2022
# pairs (quality/stories.py; words and neutral tokens 3 : 0.5 were best
# there) and on the dev gold stories, which need the entities at weight 1
# to keep separate events about the same companies apart (the SemEval fit
# alone gave entities 0 and over-merged dev stories, P 0.69).
FAMILY_OF = {"e": 0, "f": 1, "c": 1, "v": 1, "t": 1, "k": 2, "n": 3}
FAMILY_NAMES = ("entities", "figures and events", "title and lead words", "names and numbers")
FAMILY_WEIGHT = (1.0, 0.5, 3.0, 0.5)
# Across languages the words cannot meet, and the names and numbers of title
# and lead take their place (SemEval fit half, de-en pairs: F1 .35 with the
# weights above minus words, .47 with these; entities at 0.5 gave .53 there
# but dev stories .92 and seeds .83 instead of .94 and .92).
FAMILY_WEIGHT_ACROSS = (1.0, 0.5, 0.0, 3.0)
FAMILIES = len(FAMILY_WEIGHT)
WORDS_FAMILY = 2
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
# A thread runs for weeks; an event story is reported within days (reports
# a week apart count at 3/7 for the event, fully for the thread).  Set on
# the sample articles (examples/README.md: reports of one event are at most
# a day apart there, other events of the same rivalry a week or more).
TIME_WINDOW_DAYS = 30
EVENT_WINDOW_DAYS = 3
LABEL_ENTITIES = 3
STORY_ENTITIES = 8
# Two documents whose similarity reaches this share a thread (a longer
# topic: the same rare names, not the same happening).
THREAD_SIMILARITY = 0.08
# Layout of ``StoryIndex.to_bytes``; an index of another version is rebuilt.
STATE_VERSION = 4


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


def _fade(days_apart: npt.NDArray[np.int64], window: int) -> npt.NDArray[np.float64]:
    """1 within ``window`` days, then falling as window / (window + days beyond)."""
    gap = np.maximum(days_apart - window, 0)
    return np.asarray(window / (window + gap), dtype=np.float64)


def _family(key: str) -> int:
    return FAMILY_OF.get(key[0], 0)


def _describe(key: str, names: Mapping[str, str]) -> str:
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
        # Evidence mass per document and family (FAMILIES floats a document).
        self._mass = array("d")
        self._day = array("q")
        # Language per document, as an index into ``_languages``.
        self._lang = array("q")
        self._languages: list[str] = []
        self._postings = _Postings()
        self._links: list[array[int]] = []
        # Looser links: documents of one thread (see THREAD_SIMILARITY).
        self._related: list[array[int]] = []
        self._doc_stories: list[list[int]] = []
        self._stories: list[_StoryState] = []
        self._names: dict[str, str] = {}
        # Per document, what a story label needs: top entities (ids and
        # weights, kept apart in compact form) and event types.
        self._doc_entity_ids: list[tuple[str, ...]] = []
        self._doc_entity_weights: list[array[float]] = []
        self._doc_events: list[tuple[str, ...]] = []
        # Features of the documents of the batch being placed that are not
        # indexed yet: rarity is judged over the whole batch, so that the
        # first documents of a young ledger do not take every word for rare.
        self._pending: Counter[str] = Counter()
        self._pending_docs = 0

    def __len__(self) -> int:
        return len(self.doc_ids)

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self._doc_index

    # -- weights ------------------------------------------------------------

    def _idf(self, df: int) -> float:
        return math.log((len(self.doc_ids) + self._pending_docs + PRIOR_DOCS) / (df + 1))

    def _df(self, key: str) -> int:
        return self._postings.df(key) + self._pending.get(key, 0)

    def _cap(self) -> float:
        return max(MIN_DF_CAP, MAX_DF_SHARE * (len(self.doc_ids) + self._pending_docs))

    def _language(self, code: str) -> int:
        if code not in self._languages:
            self._languages.append(code)
        return self._languages.index(code)

    # -- adding ---------------------------------------------------------------

    def add(self, evidence: StoryEvidence, assign: bool = True) -> list[str]:
        """Index one document and place it; return the ids of its stories.

        With ``assign=False`` the document is indexed and linked but joins no
        story (used to restore an index from stored stories).
        """
        if evidence.doc_id in self._doc_index:
            index = self._doc_index[evidence.doc_id]
            return [self._stories[s].id for s in self._doc_stories[index]]
        if self._pending_docs:
            self._pending_docs -= 1
            for key, _ in evidence.features:
                left = self._pending.get(key, 0) - 1
                if left > 0:
                    self._pending[key] = left
                else:
                    self._pending.pop(key, None)
        similarities, mass, day, thread_similarities = self._similarities(evidence)
        links = sorted(
            ((s, other) for other, s in similarities.items() if s >= LINK_SIMILARITY),
            reverse=True,
        )
        neighbours = [other for _, other in links[:MAX_LINKS]]
        related = sorted(
            ((s, other) for other, s in thread_similarities.items() if s >= THREAD_SIMILARITY),
            reverse=True,
        )
        related_docs = [other for _, other in related[:MAX_LINKS]]

        index = len(self.doc_ids)
        self.doc_ids.append(evidence.doc_id)
        self._doc_index[evidence.doc_id] = index
        self._mass.extend(mass)
        self._day.append(day)
        self._lang.append(self._language(evidence.language))
        self._links.append(array("i", neighbours))
        for other in neighbours:
            self._links[other].append(index)
        self._related.append(array("i", related_docs))
        for other in related_docs:
            self._related[other].append(index)
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
                self._mass[first * FAMILIES + _family(key)] += (1.0 - UNSHARED_WEIGHT) * (
                    first_weight * scale
                ) ** 2
        self._names.update(evidence.names)
        if assign:
            self._assign(index, neighbours, similarities, evidence)
        return [self._stories[s].id for s in self._doc_stories[index]]

    def _weigh(self, evidence: StoryEvidence) -> tuple[dict[str, float], dict[str, float]]:
        """Features not too common to count, and each one's rarity weight."""
        cap = self._cap()
        df = {key: self._df(key) for key, _ in evidence.features}
        raw = {key: weight for key, weight in evidence.features if df[key] <= cap}
        scale = {key: KIND_WEIGHT.get(key[0], 1.0) * self._idf(df[key]) for key in raw}
        return raw, scale

    def _masses(
        self,
        evidence: StoryEvidence,
        weighed: tuple[dict[str, float], dict[str, float]] | None = None,
    ) -> list[float]:
        raw, scale = weighed or self._weigh(evidence)
        mass = [0.0] * FAMILIES
        for key, weight in raw.items():
            shared = 1.0 if self._df(key) else UNSHARED_WEIGHT
            mass[_family(key)] += (weight * scale[key]) ** 2 * shared
        return mass

    def _similarities(
        self, evidence: StoryEvidence
    ) -> tuple[dict[int, float], list[float], int, dict[int, float]]:
        """Similarity to each recent document sharing a feature (event level);
        masses and day of ``evidence``; similarity at thread level."""
        raw, scale = self._weigh(evidence)
        mass = self._masses(evidence, (raw, scale))
        day = _day(evidence.published)
        # Weighted overlap with the recent documents of each feature, summed
        # per document and family with numpy (postings are arrays, viewed
        # without copy).
        doc_parts: list[npt.NDArray[np.int64]] = []
        weight_parts: list[npt.NDArray[np.float64]] = []
        factors: list[float] = []
        families: list[int] = []
        lengths: list[int] = []
        for key, weight in raw.items():
            window = TEXT_POSTING_WINDOW if key[0] in "kn" else POSTING_WINDOW
            recent = self._postings.recent(key, window)
            if recent is None:
                continue
            docs, weights = recent
            doc_parts.append(docs)
            weight_parts.append(weights)
            factors.append(scale[key] ** 2 * weight)
            families.append(_family(key))
            lengths.append(len(docs))
        if not doc_parts or sum(mass) <= 0:
            return {}, mass, day, {}
        # One numpy pass over all postings: per-feature factors are repeated
        # over each feature's documents instead of one multiply per feature.
        counts = np.array(lengths)
        scores = np.concatenate(weight_parts) * np.repeat(np.array(factors), counts)
        others, inverse = np.unique(np.concatenate(doc_parts), return_inverse=True)
        cells = inverse * FAMILIES + np.repeat(np.array(families, dtype=np.int64), counts)
        overlap = np.bincount(cells, weights=scores, minlength=len(others) * FAMILIES).reshape(
            -1, FAMILIES
        )
        masses = np.frombuffer(self._mass, dtype=np.float64).reshape(-1, FAMILIES)[others]
        own = np.array(mass)
        both = masses * own
        per_family = np.where(both > 0, overlap / np.sqrt(np.maximum(both, 1e-12)), 0.0)
        languages = np.frombuffer(self._lang, dtype=np.int64)[others]
        same_language = languages == self._language(evidence.language)
        weights = np.where(
            same_language[:, None], np.array(FAMILY_WEIGHT), np.array(FAMILY_WEIGHT_ACROSS)
        )
        # Families that one of the two documents lacks say nothing either way.
        weights[both <= 0] = 0.0
        total = weights.sum(axis=1)
        similarities = (weights * per_family).sum(axis=1) / np.maximum(total, 1e-12)
        thread = similarities
        if day >= 0:
            days = np.frombuffer(self._day, dtype=np.int64)[others]
            apart = np.where(days < 0, 0, np.abs(days - day))
            similarities = similarities * _fade(apart, EVENT_WINDOW_DAYS)
            thread = thread * _fade(apart, TIME_WINDOW_DAYS)
        keep = similarities >= SIMILARITY_FLOOR
        keep_thread = thread >= SIMILARITY_FLOOR
        return (
            dict(zip(others[keep].tolist(), similarities[keep].tolist(), strict=True)),
            mass,
            day,
            dict(zip(others[keep_thread].tolist(), thread[keep_thread].tolist(), strict=True)),
        )

    def compare(self, first: StoryEvidence, second: StoryEvidence) -> PairEvidence:
        """Why two documents are (or are not) one story, with the rarity of this index.

        The same measure ``add`` links documents with, computed from the two
        documents' evidence alone (both may be indexed or not).
        """
        raw_a, scale_a = self._weigh(first)
        raw_b, _ = self._weigh(second)
        mass_a, mass_b = self._masses(first), self._masses(second)
        overlap = [0.0] * FAMILIES
        shared: list[tuple[str, float]] = []
        for key in raw_a.keys() & raw_b.keys():
            part = scale_a[key] ** 2 * raw_a[key] * raw_b[key]
            overlap[_family(key)] += part
            shared.append((key, part))
        parts: list[float] = []
        total = weighted = 0.0
        same = first.language == second.language
        family_weight = FAMILY_WEIGHT if same else FAMILY_WEIGHT_ACROSS
        for family in range(FAMILIES):
            both = mass_a[family] * mass_b[family]
            value = overlap[family] / math.sqrt(both) if both > 0 else 0.0
            parts.append(value)
            if both > 0:
                total += family_weight[family]
                weighted += family_weight[family] * value
        similarity = weighted / total if total else 0.0
        day_a, day_b = _day(first.published), _day(second.published)
        days = abs(day_a - day_b) if day_a >= 0 and day_b >= 0 else None
        if days is not None:
            similarity *= float(_fade(np.array([days]), EVENT_WINDOW_DAYS)[0])
        names = dict(first.names) | dict(second.names)
        shared.sort(key=lambda item: (-item[1], item[0]))
        return PairEvidence(
            first=first.doc_id,
            second=second.doc_id,
            similarity=similarity,
            linked=similarity >= LINK_SIMILARITY,
            families=tuple(zip(FAMILY_NAMES, parts, strict=True)),
            shared=tuple((_describe(key, names), part) for key, part in shared),
            days_apart=days,
        )

    def place(self, evidence: Iterable[StoryEvidence]) -> None:
        """Add documents in publication order (the order ``update_stories`` uses)."""
        items = [e for e in _in_order(evidence) if e.doc_id not in self._doc_index]
        self._pending = Counter(key for item in items for key, _ in item.features)
        self._pending_docs = len(items)
        for item in items:
            self.add(item)
        self._pending.clear()
        self._pending_docs = 0

    def neighbours(self, evidence: StoryEvidence) -> list[tuple[str, float]]:
        """Indexed documents most similar to ``evidence``, best first (no change to the index)."""
        similarities, _, _, _ = self._similarities(evidence)
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
        if covered:
            # Already in a story: a second one needs as close a partner as
            # joining a story of two would (not merely a link).
            rest = [n for n in rest if similarities.get(n, 0.0) >= JOIN_SIMILARITY]
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

    def threads(self, min_docs: int = 2) -> list[Thread]:
        """Topics that several events belong to: stories joined by looser links.

        Each story is one event, and so is each document in no story; events
        whose documents are related (similarity of at least
        THREAD_SIMILARITY: the same rare names, not the same happening) form
        a thread.  Only threads of two events or more are listed.  Linear in
        the links: a union-find over documents.
        """
        parent = list(range(len(self.doc_ids)))

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        def union(a: int, b: int) -> None:
            ra, rb = root(a), root(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)

        for state in self._stories:
            for member in state.members[1:]:
                union(state.members[0], member)
        for i, related in enumerate(self._related):
            for other in related:
                union(i, other)
        groups: defaultdict[int, list[int]] = defaultdict(list)
        for i in range(len(self.doc_ids)):
            groups[root(i)].append(i)
        out: list[Thread] = []
        for first, members in sorted(groups.items()):
            events: set[tuple[str, int]] = set()
            story_ids: list[str] = []
            for member in members:
                homes = self._doc_stories[member]
                if not homes:
                    events.add(("doc", member))
                for story_index in homes:
                    events.add(("story", story_index))
                    story = self._stories[story_index]
                    if len(story.members) >= min_docs and story.id not in story_ids:
                        story_ids.append(story.id)
            if len(events) < 2:
                continue
            label, entities, first_date, last_date = self._summary(members)
            out.append(
                Thread(
                    id=f"thread:{self.doc_ids[first][:16]}",
                    label=label,
                    story_ids=tuple(story_ids),
                    doc_ids=tuple(self.doc_ids[m] for m in members),
                    entities=entities,
                    first_date=first_date,
                    last_date=last_date,
                )
            )
        return out

    def _story(self, state: _StoryState) -> Story:
        label, entities, first_date, last_date = self._summary(state.members)
        return Story(
            id=state.id,
            label=label,
            doc_ids=tuple(self.doc_ids[m] for m in state.members),
            entities=entities,
            first_date=first_date,
            last_date=last_date,
        )

    def _summary(
        self, members: Sequence[int]
    ) -> tuple[str, tuple[str, ...], str | None, str | None]:
        """Label, main entities and date span of a group of documents."""
        entity_weight: defaultdict[str, float] = defaultdict(float)
        event_types: Counter[str] = Counter()
        for member in members:
            for entity_id, weight in zip(
                self._doc_entity_ids[member],
                self._doc_entity_weights[member],
                strict=True,
            ):
                entity_weight[entity_id] += weight
            event_types.update(self._doc_events[member])
        days = [self._day[m] for m in members if self._day[m] >= 0]
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
        return (
            label,
            tuple(names[:STORY_ENTITIES]),
            date.fromordinal(min(days)).isoformat() if days else None,
            date.fromordinal(max(days)).isoformat() if days else None,
        )

    # -- persistence ----------------------------------------------------------

    def to_bytes(self) -> bytes:
        """The whole state (postings included) as flat numpy arrays in one ``.npz``."""
        arrays: Arrays = {"version": np.array([STATE_VERSION], dtype=np.int64)}
        pack_strings("doc_ids", self.doc_ids, arrays)
        arrays["mass"] = np.frombuffer(self._mass, dtype=np.float64)
        arrays["day"] = np.frombuffer(self._day, dtype=np.int64)
        self._postings.save(arrays)
        arrays["lang"] = np.frombuffer(self._lang, dtype=np.int64)
        pack_strings("languages", self._languages, arrays)
        pack_ragged("links", self._links, np.int32, arrays)
        pack_ragged("related", self._related, np.int32, arrays)
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
        index._lang = array("q", arrays["lang"].tobytes())
        index._languages = unpack_strings("languages", arrays)
        index._links = unpack_arrays("links", arrays, "i")
        index._related = unpack_arrays("related", arrays, "i")
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


def thread_to_json(thread: Thread) -> dict[str, Any]:
    """A thread as the export shows it (``threads`` beside ``stories``)."""
    return {
        "id": thread.id,
        "label": thread.label,
        "stories": list(thread.story_ids),
        "docs": list(thread.doc_ids),
        "entities": list(thread.entities),
        "first_date": thread.first_date,
        "last_date": thread.last_date,
    }


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
