"""The story index: documents linked by rare shared evidence, placed into stories.

``StoryIndex`` links each new document to the earlier documents that share
enough rare evidence (``newsledger.resolve.story_evidence``: canonical
entities, events, figures, claims, title and lead words, and
language-neutral names and numbers), and lets it join every story whose
closest recent members it is linked to, or start a new one.  A document may
therefore be in several stories, and nothing is re-clustered when
documents arrive.

Cost: candidates come from an inverted index on the document's rarest
features, each with a capped list of recent documents, and only those
candidates are scored (exactly, on every shared feature, with numpy), so
that adding a document costs about the same at 1,000 or 1,000,000
documents (``benchmarks/stories.py``).  Features found in a large share of
the corpus (a famous name) are ignored.
"""

from __future__ import annotations

import math
import sys
from array import array
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

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
from newsledger.resolve.stories.groups import story_of, threads, threads_of
from newsledger.resolve.stories.params import (
    CANDIDATE_BUDGET,
    CANDIDATE_KEYS,
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
    MAX_CANDIDATES,
    MAX_DF_SHARE,
    MAX_LINKS,
    MIN_DF_CAP,
    POSTING_CAP,
    PRIOR_DOCS,
    SIMILARITY_FLOOR,
    THREAD_SIMILARITY,
    TIME_WINDOW_DAYS,
    UNSHARED_WEIGHT,
)
from newsledger.resolve.stories.persist import load, save
from newsledger.resolve.stories.postings import Features, Grow, Vector, Vectors
from newsledger.resolve.story_evidence import KIND_WEIGHT, StoryEvidence

_FAMILY_WEIGHT = np.array(FAMILY_WEIGHT)
_FAMILY_WEIGHT_ACROSS = np.array(FAMILY_WEIGHT_ACROSS)


def _top(candidates: Vector, scores: Vector, threshold: float) -> list[int]:
    """Up to MAX_LINKS candidates scoring at least ``threshold``, best first."""
    chosen = np.flatnonzero(scores >= threshold)
    order = np.lexsort((-candidates[chosen], -scores[chosen]))[:MAX_LINKS]
    return [int(c) for c in candidates[chosen][order].tolist()]


class StoryIndex:
    """Incremental story clustering state; saved and loaded with ``to_bytes``/``from_bytes``.

    ``place`` adds documents (``add`` one); ``stories`` and ``threads`` list
    the current groups.
    """

    def __init__(self) -> None:
        self.doc_ids: list[str] = []
        self._doc_index: dict[str, int] = {}
        self._features = Features()
        self._vectors = Vectors()
        # Evidence mass per document and family (FAMILIES floats a document),
        # with the rarity of the day it was added.
        self._mass = Grow(np.float64)
        self._day = Grow(np.int64)
        # Language per document, as an index into ``_languages``.
        self._lang = Grow(np.int64)
        self._languages: list[str] = []
        # Links as compact arrays: a list of Python ints costs nine times
        # the memory at 100,000 documents.
        self._links: list[array[int]] = []
        # Looser links: documents of one thread (see THREAD_SIMILARITY).
        self._related: list[array[int]] = []
        self._doc_stories: list[list[int]] = []
        self._stories: list[StoryState] = []
        self._names: dict[str, str] = {}
        self._doc_events: list[tuple[str, ...]] = []
        # Documents counted in the feature frequencies but not indexed yet
        # (the rest of the batch being placed), with their feature ids.
        self._pending: dict[str, tuple[Vector, Vector]] = {}

    def __len__(self) -> int:
        return len(self.doc_ids)

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self._doc_index

    # -- weights ------------------------------------------------------------

    def _counted(self) -> int:
        return len(self.doc_ids) + len(self._pending)

    def _cap(self) -> float:
        return max(MIN_DF_CAP, MAX_DF_SHARE * self._counted())

    def _language(self, code: str) -> int:
        if code not in self._languages:
            self._languages.append(code)
        return self._languages.index(code)

    def _weigh(self, fids: Vector, weights: Vector) -> tuple[Vector, Vector, Vector]:
        """Per entry of documents counted in the frequencies: the squared rarity
        scale, the contribution to its document's mass, and its family."""
        features = self._features
        # Frequency among the other documents (each of these is counted).
        df = features.df.view()[fids].astype(np.float64) - 1.0
        counted = self._counted()
        scale = features.kind_weight.view()[fids] * (
            math.log(counted - 1 + PRIOR_DOCS) - np.log(df + 1.0)
        )
        scale = np.where(df <= self._cap(), scale, 0.0)
        # A feature no other document has counts at UNSHARED_WEIGHT.
        shared = np.where(df >= 1, 1.0, UNSHARED_WEIGHT)
        return scale * scale, (weights * scale) ** 2 * shared, features.family.view()[fids]

    def _now_shared(self, fid: int, first: int) -> None:
        """A feature of document ``first`` found its first partner: it now counts fully.

        A document's mass is kept from when it was added, with its features
        no other document had at UNSHARED_WEIGHT; this raises one of them.
        """
        offsets = self._vectors.offsets.view()
        start, end = int(offsets[first]), int(offsets[first + 1])
        row = self._vectors.fids.view()[start:end]
        weight = float(self._vectors.weights.view()[start + int(np.searchsorted(row, fid))])
        features = self._features
        scale = float(features.kind_weight.view()[fid]) * (
            math.log(self._counted() + PRIOR_DOCS) - math.log(2.0)
        )
        cell = first * FAMILIES + int(features.family.view()[fid])
        self._mass.view()[cell] += (1.0 - UNSHARED_WEIGHT) * (weight * scale) ** 2

    def _register(self, evidence: StoryEvidence) -> tuple[Vector, Vector]:
        keys = [key for key, _ in evidence.features]
        fids = self._features.register(keys)
        weights = np.array([w for _, w in evidence.features], dtype=np.float64)
        order = np.argsort(fids, kind="stable")
        return fids[order], weights[order]

    # -- adding ---------------------------------------------------------------

    def place(self, evidence: Iterable[StoryEvidence]) -> None:
        """Add documents in publication order (the order ``update_stories`` uses).

        Rarity is judged over the indexed documents and the whole batch, so
        that the first documents of a young ledger do not take every word
        for rare.
        """
        items = [e for e in in_order(evidence) if e.doc_id not in self._doc_index]
        for item in items:
            if item.doc_id not in self._pending:
                self._pending[item.doc_id] = self._register(item)
        for item in items:
            self.add(item)

    def add(self, evidence: StoryEvidence, assign: bool = True) -> list[str]:
        """Index one document and place it; return the ids of its stories.

        With ``assign=False`` the document is indexed and linked but joins no
        story (used to restore an index from stored stories).
        """
        if evidence.doc_id in self._doc_index:
            index = self._doc_index[evidence.doc_id]
            return [self._stories[s].id for s in self._doc_stories[index]]
        if evidence.doc_id not in self._pending:
            self._pending[evidence.doc_id] = self._register(evidence)
        fids, weights = self._pending[evidence.doc_id]
        day = day_number(evidence.published)
        language = self._language(evidence.language)
        candidates = self._candidates(fids)
        event, thread, mass = self._score(fids, weights, language, day, candidates)
        neighbours = _top(candidates, event, LINK_SIMILARITY)
        related_docs = _top(candidates, thread, THREAD_SIMILARITY)

        index = len(self.doc_ids)
        del self._pending[evidence.doc_id]
        self.doc_ids.append(evidence.doc_id)
        self._doc_index[evidence.doc_id] = index
        self._vectors.add(fids, weights)
        self._day.append(day)
        self._lang.append(language)
        self._links.append(array("i", neighbours))
        for other in neighbours:
            self._links[other].append(index)
        self._related.append(array("i", related_docs))
        for other in related_docs:
            self._related[other].append(index)
        self._doc_stories.append([])
        self._doc_events.append(tuple(sys.intern(e) for e in evidence.event_types))
        self._mass.extend(mass)
        for fid, first in self._features.post(fids, index):
            self._now_shared(fid, first)
        self._names.update(evidence.names)
        if assign:
            close = event >= SIMILARITY_FLOOR
            similarities = dict(zip(candidates[close].tolist(), event[close].tolist(), strict=True))
            self._assign(index, neighbours, similarities, (fids, weights, language, day))
        return [self._stories[s].id for s in self._doc_stories[index]]

    def _candidates(self, fids: Vector) -> Vector:
        """Indexed documents sharing the rarest features of a document.

        At most CANDIDATE_KEYS features are read, rarest first, until
        CANDIDATE_BUDGET postings were read; the MAX_CANDIDATES documents
        sharing the most of them are kept.
        """
        features = self._features
        df = features.df.view()[fids]
        usable = (df >= 2) & (df - 1 <= self._cap())
        ranked = fids[usable][np.argsort(df[usable], kind="stable")][:CANDIDATE_KEYS]
        found = array("i")
        shared = features.shared
        first = features.first.view()
        for fid in ranked.tolist():
            docs = shared.get(fid)
            if docs is not None:
                found.extend(docs[-POSTING_CAP:])
            elif first[fid] >= 0:
                found.append(int(first[fid]))
            if len(found) >= CANDIDATE_BUDGET:
                break
        if not found:
            return np.zeros(0, dtype=np.int64)
        candidates, hits = np.unique(np.frombuffer(found, dtype=np.int32), return_counts=True)
        if len(candidates) > MAX_CANDIDATES:
            best = np.argsort(-hits, kind="stable")[:MAX_CANDIDATES]
            candidates = np.sort(candidates[best])
        return candidates.astype(np.int64)

    def _score(
        self, fids: Vector, weights: Vector, language: int, day: int, others: Vector
    ) -> tuple[Vector, Vector, Vector]:
        """Similarity of a document to indexed documents ``others``: event and
        thread level, and the document's own evidence mass per family.

        Per family, a cosine of rarity-weighted features; families averaged
        with FAMILY_WEIGHT (FAMILY_WEIGHT_ACROSS between languages) over
        those both documents have; then faded by the days apart.  The other
        documents' masses are the ones kept since they were added.
        """
        squared, own_part, own_family = self._weigh(fids, weights)
        own = np.bincount(own_family, own_part, minlength=FAMILIES)
        if len(others) == 0 or own.sum() <= 0:
            zeros = np.zeros(len(others), dtype=np.float64)
            return zeros, zeros, own
        their_fids, their_weights, owner = self._vectors.of(others)
        where = np.minimum(np.searchsorted(fids, their_fids), len(fids) - 1)
        hit = fids[where] == their_fids
        at = where[hit]
        overlap = np.bincount(
            owner[hit] * FAMILIES + own_family[at],
            squared[at] * weights[at] * their_weights[hit],
            minlength=len(others) * FAMILIES,
        ).reshape(-1, FAMILIES)
        masses = self._mass.view().reshape(-1, FAMILIES)[others]
        both = masses * own
        present = both > 0
        per_family = overlap / np.sqrt(np.where(present, both, 1.0))
        same_language = self._lang.view()[others] == language
        family_weight = np.where(same_language[:, None], _FAMILY_WEIGHT, _FAMILY_WEIGHT_ACROSS)
        # Families that one of the two documents lacks say nothing either way.
        family_weight = family_weight * present
        total = family_weight.sum(axis=1)
        similarity = (family_weight * per_family).sum(axis=1) / np.maximum(total, 1e-12)
        if day < 0:
            return similarity, similarity, own
        days = self._day.view()[others]
        apart = np.where(days < 0, 0, np.abs(days - day))
        return (
            similarity * fade(apart, EVENT_WINDOW_DAYS),
            similarity * fade(apart, TIME_WINDOW_DAYS),
            own,
        )

    def compare(self, first: StoryEvidence, second: StoryEvidence) -> PairEvidence:
        """Why two documents are (or are not) one story, with the rarity of this index.

        The same measure ``add`` links documents with, computed from the two
        documents' evidence alone (both may be indexed or not).
        """
        raw_a, scale_a, mass_a = self._weigh_one(first)
        raw_b, _, mass_b = self._weigh_one(second)
        overlap = [0.0] * FAMILIES
        shared: list[tuple[str, float]] = []
        for key in raw_a.keys() & raw_b.keys():
            part = scale_a[key] ** 2 * raw_a[key] * raw_b[key]
            if part <= 0:
                continue
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

    def _weigh_one(
        self, evidence: StoryEvidence
    ) -> tuple[dict[str, float], dict[str, float], list[float]]:
        """Weights, rarity scales and family masses of one document, as ``_weigh`` gives them."""
        counted = evidence.doc_id in self._doc_index or evidence.doc_id in self._pending
        own = 1 if counted else 0
        total = self._counted()
        cap = self._cap()
        raw: dict[str, float] = {}
        scale: dict[str, float] = {}
        mass = [0.0] * FAMILIES
        for key, weight in evidence.features:
            # Frequency among the other documents, as ``_weigh``.
            df = self._features.df_of(key) - own
            value = KIND_WEIGHT.get(key[0], 1.0) * (
                math.log(total - own + PRIOR_DOCS) - math.log(df + 1.0)
            )
            if df > cap:
                value = 0.0
            raw[key], scale[key] = weight, value
            share = 1.0 if df >= 1 else UNSHARED_WEIGHT
            mass[family_of(key)] += (weight * value) ** 2 * share
        return raw, scale, mass

    def _assign(
        self,
        index: int,
        neighbours: Sequence[int],
        similarities: Mapping[int, float],
        query: tuple[Vector, Vector, int, int],
    ) -> None:
        linked = set(neighbours)
        touched = sorted({s for other in neighbours for s in self._doc_stories[other]})
        # Recent members of those stories that were not among the candidates
        # are scored too, so that the join decision sees the whole quorum.
        unscored = sorted(
            {
                m
                for s in touched
                for m in self._stories[s].members[-JOIN_RECENT:]
                if m not in similarities and m != index
            }
        )
        if unscored:
            fids, weights, language, day = query
            extra, _, _ = self._score(fids, weights, language, day, np.array(unscored, np.int64))
            similarities = dict(similarities)
            for member, value in zip(unscored, extra.tolist(), strict=True):
                similarities[member] = value
                if value >= LINK_SIMILARITY:
                    linked.add(member)
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
            if s not in self._doc_stories[index] and chosen.issuperset(self._stories[s].members)
        ]
        if contained:
            story_index = max(contained, key=lambda s: (len(self._stories[s].members), -s))
            for member in sorted(members):
                self._join(story_index, member)
            return
        story_index = len(self._stories)
        self._stories.append(StoryState(id=f"story:{self.doc_ids[index][:16]}", members=[]))
        for member in sorted(members):
            self._join(story_index, member)

    def _join(self, story_index: int, index: int) -> None:
        if story_index in self._doc_stories[index]:
            return
        self._stories[story_index].members.append(index)
        self._doc_stories[index].append(story_index)

    # -- reading --------------------------------------------------------------

    def stories(self, min_docs: int = 1) -> list[Story]:
        """Current stories with at least ``min_docs`` documents."""
        return [story_of(self, s) for s in self._stories if len(s.members) >= min_docs]

    def stories_by_id(self, ids: Iterable[str], min_docs: int = 1) -> list[Story]:
        """The stories with these ids and at least ``min_docs`` documents, in index order."""
        wanted = set(ids)
        return [
            story_of(self, s)
            for s in self._stories
            if s.id in wanted and len(s.members) >= min_docs
        ]

    def story_ids_of(self, doc_ids: Iterable[str]) -> set[str]:
        """Ids of the stories holding any of ``doc_ids``."""
        out: set[str] = set()
        for doc_id in doc_ids:
            out.update(self.stories_of(doc_id))
        return out

    def position(self, doc_id: str) -> int:
        """Where a document is in the index (the order documents were placed)."""
        return self._doc_index[doc_id]

    def stories_of(self, doc_id: str) -> list[str]:
        index = self._doc_index.get(doc_id)
        if index is None:
            return []
        return [self._stories[s].id for s in self._doc_stories[index]]

    def threads(self, min_docs: int = 2) -> list[Thread]:
        """Topics that several events belong to (``groups.threads``)."""
        return threads(self, min_docs)

    def threads_of(self, doc_ids: Iterable[str], min_docs: int = 2) -> list[Thread]:
        """The threads holding any of ``doc_ids`` (``groups.threads_of``)."""
        return threads_of(self, doc_ids, min_docs)

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
