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
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import numpy.typing as npt

from newsledger.model import Story, Thread
from newsledger.resolve.stories.common import (
    PairEvidence,
    StoryState,
    day_number,
    describe,
    fade,
    family_of,
    in_order,
)
from newsledger.resolve.stories.groups import story_of, threads
from newsledger.resolve.stories.params import (
    EVENT_WINDOW_DAYS,
    FAMILIES,
    FAMILY_NAMES,
    FAMILY_WEIGHT,
    FAMILY_WEIGHT_ACROSS,
    JOIN_LINKED,
    JOIN_QUORUM,
    JOIN_RECENT,
    JOIN_SHARE,
    JOIN_SIMILARITY,
    LINK_SIMILARITY,
    MAX_DF_SHARE,
    MAX_LINKS,
    MIN_DF_CAP,
    POSTING_WINDOW,
    PRIOR_DOCS,
    SIMILARITY_FLOOR,
    STORY_ENTITIES,
    TEXT_POSTING_WINDOW,
    THREAD_SIMILARITY,
    TIME_WINDOW_DAYS,
    UNSHARED_WEIGHT,
)
from newsledger.resolve.stories.persist import load, save
from newsledger.resolve.stories.postings import Postings
from newsledger.resolve.story_evidence import KIND_WEIGHT, StoryEvidence


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
        self._postings = Postings()
        self._links: list[array[int]] = []
        # Looser links: documents of one thread (see THREAD_SIMILARITY).
        self._related: list[array[int]] = []
        self._doc_stories: list[list[int]] = []
        self._stories: list[StoryState] = []
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
                self._mass[first * FAMILIES + family_of(key)] += (1.0 - UNSHARED_WEIGHT) * (
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
            mass[family_of(key)] += (weight * scale[key]) ** 2 * shared
        return mass

    def _similarities(
        self, evidence: StoryEvidence
    ) -> tuple[dict[int, float], list[float], int, dict[int, float]]:
        """Similarity to each recent document sharing a feature (event level);
        masses and day of ``evidence``; similarity at thread level."""
        raw, scale = self._weigh(evidence)
        mass = self._masses(evidence, (raw, scale))
        day = day_number(evidence.published)
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
            families.append(family_of(key))
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
            similarities = similarities * fade(apart, EVENT_WINDOW_DAYS)
            thread = thread * fade(apart, TIME_WINDOW_DAYS)
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
            overlap[family_of(key)] += part
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
        day_a, day_b = day_number(first.published), day_number(second.published)
        days = abs(day_a - day_b) if day_a >= 0 and day_b >= 0 else None
        if days is not None:
            similarity *= float(fade(np.array([days]), EVENT_WINDOW_DAYS)[0])
        names = dict(first.names) | dict(second.names)
        shared.sort(key=lambda item: (-item[1], item[0]))
        return PairEvidence(
            first=first.doc_id,
            second=second.doc_id,
            similarity=similarity,
            linked=similarity >= LINK_SIMILARITY,
            families=tuple(zip(FAMILY_NAMES, parts, strict=True)),
            shared=tuple((describe(key, names), part) for key, part in shared),
            days_apart=days,
        )

    def place(self, evidence: Iterable[StoryEvidence]) -> None:
        """Add documents in publication order (the order ``update_stories`` uses)."""
        items = [e for e in in_order(evidence) if e.doc_id not in self._doc_index]
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
        self._stories.append(StoryState(id=f"story:{evidence.doc_id[:16]}", members=[]))
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
        return [story_of(self, s) for s in self._stories if len(s.members) >= min_docs]

    def stories_of(self, doc_id: str) -> list[str]:
        index = self._doc_index.get(doc_id)
        if index is None:
            return []
        return [self._stories[s].id for s in self._doc_stories[index]]

    def threads(self, min_docs: int = 2) -> list[Thread]:
        """Topics that several events belong to (``groups.threads``)."""
        return threads(self, min_docs)

    # -- persistence ----------------------------------------------------------

    def to_bytes(self) -> bytes:
        """The whole state (postings included) as flat numpy arrays in one ``.npz``."""
        return save(self)

    @classmethod
    def from_bytes(cls, data: bytes) -> StoryIndex:
        """The index saved by ``to_bytes``; raises ValueError on another version."""
        return load(cls(), data)

    def restore(self, stories: Iterable[Story], known: Sequence[StoryEvidence]) -> None:
        """Rebuild from stored stories and their documents' evidence, without re-clustering.

        Documents are indexed and linked in publication order; story
        membership is taken from ``stories`` as it is.
        """
        for evidence in in_order(known):
            self.add(evidence, assign=False)
        for story in stories:
            members = [self._doc_index[d] for d in story.doc_ids if d in self._doc_index]
            if not members:
                continue
            story_index = len(self._stories)
            self._stories.append(StoryState(id=story.id, members=[]))
            for member in members:
                self._join(story_index, member)
