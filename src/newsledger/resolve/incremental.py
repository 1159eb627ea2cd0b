"""Cross-document resolution of the documents not yet resolved, by the keys they touch.

Documents are stored *pending* with their keys (``resolve.keys``).  Each run
takes them in ingest order, a chunk at a time, and in one transaction per
chunk:

1. duplicates: the chunk's LSH band keys find the stored documents of the
   same buckets; groups that gain a copy choose their original again;
2. site furniture: per-site counts of short lines over originals; lines
   that reach the threshold are marked in every document that has them;
3. entities: the new mentions' discovered ids are merged with the stored
   entities that share a name key with them (``store.derived``), not
   with every stored name; touched entities are counted again;
4. conflicts: claim groups that gained, lost or re-keyed claims;
5. stories: the saved story index places the chunk's evidence; only the
   stories and threads holding the chunk's documents are written again,
   and the index is kept as a log of placed batches between whole saves
   (``save_story_index``).

A chunk is all kept or not at all: a run stopped at any point resumes at
the first chunk not committed, and ends as a run in one go would.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from newsledger.kb import KnowledgeBase
from newsledger.model import Conflict, EntityType
from newsledger.resolve.conflicts import find_conflicts
from newsledger.resolve.duplicates import (
    BUCKET_SCAN,
    DUPLICATE_JACCARD,
    band_keys,
    better_original,
    similarity,
)
from newsledger.resolve.entities import entity_record, merge_into_known, probe_keys
from newsledger.resolve.keys import DocumentKeys, HashedLines, document_keys
from newsledger.resolve.stories import StoryIndex, thread_to_json
from newsledger.resolve.story_evidence import StoryEvidence, story_evidence
from newsledger.store import Store
from newsledger.text.boilerplate import MIN_REPEAT_DOCS, repeated_line_spans

# Where the incremental story index is kept between runs.
STORY_INDEX_STATE = "story_index"
THREADS_STATE = "threads"
# Bumped at each save of the story index: another process's save is seen.
INDEX_VERSION_STATE = "story_index_version"
# A story needs two documents; a lone document is not yet a story.
MIN_STORY_DOCS = 2
# Documents resolved per transaction.  Each chunk rewrites the story index
# and the thread list once (work in the size of the ledger), so a chunk is
# large enough to spread that, and small enough that a stopped run loses
# little.
# NEWSLEDGER_RESOLVE_CHUNK sets both (tests use small chunks).
RESOLVE_CHUNK = int(os.environ.get("NEWSLEDGER_RESOLVE_CHUNK", "2000"))
# ... and on a full rebuild, where every document is pending.
FULL_RESOLVE_CHUNK = int(os.environ.get("NEWSLEDGER_RESOLVE_CHUNK", "10000"))

# Documents whose keys are computed from the store at a time (a ledger of an
# older version): bounds the extractions held in memory.
KEYS_BATCH = 500

PHASES = ("duplicates", "site furniture", "entities", "conflicts", "stories")


@dataclass
class ResolveProgress:
    """Where a resolve run is: its phase, documents done of those pending."""

    total: int
    done: int = 0
    phase: str = "starting"
    # Keys the current phase handles (buckets, lines, entities, claim groups, documents).
    keys: int = 0
    chunks: int = 0
    full: bool = False
    started: float = field(default_factory=time.monotonic)

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def line(self) -> str:
        what = f"resolving {self.done:,}/{self.total:,} documents: {self.phase}"
        return what + (f" ({self.keys:,} keys)" if self.keys else "")


ResolveCallback = Callable[[ResolveProgress], None]


def _signature(keys: DocumentKeys) -> npt.NDArray[np.uint32]:
    return keys.signature_array()


class Resolver:
    """Resolves the pending documents of ``store`` (see the module docstring)."""

    def __init__(
        self,
        store: Store,
        kb: KnowledgeBase,
        progress: ResolveCallback | None = None,
    ) -> None:
        self.store = store
        self.kb = kb
        self.progress = progress
        self.state = ResolveProgress(total=0)

    def _phase(self, phase: str, keys: int = 0) -> None:
        self.state.phase = phase
        self.state.keys = keys
        if self.progress:
            self.progress(self.state)

    def run(self, full: bool = False, chunk: int | None = None) -> ResolveProgress:
        """Resolve every pending document (all of them again with ``full``)."""
        store = self.store
        version = store.get_state(INDEX_VERSION_STATE, 0)
        index = None if full else _cached(store.location, version)
        if index is None:
            index = self._load_index()
        if index is None or full or store.full_resolve_needed():
            store.reset_derived()
            index = StoryIndex()
            full = True
        self.state = ResolveProgress(total=store.count_pending(), full=full)
        chunk_size = chunk or (FULL_RESOLVE_CHUNK if full else RESOLVE_CHUNK)
        while True:
            # Pending documents are chosen inside the chunk's transaction, so
            # that two processes resolving one ledger (server workers) never
            # handle a document twice; the story index is reloaded when
            # another process saved a newer one.
            with store.transaction():
                docs = store.pending(chunk_size)
                if not docs:
                    break
                current = store.get_state(INDEX_VERSION_STATE, 0)
                if current != version:
                    index = self._load_index() or StoryIndex()
                    version = current
                # Changed below: not to be reused unless the chunk is committed.
                _forget(store.location)
                version += 1
                self._chunk([doc_id for doc_id, _ in docs], index, version)
                store.put_state(INDEX_VERSION_STATE, version)
                if full and self.state.chunks == 0:
                    store.full_resolve_started()
            _remember(store.location, version, index)
            self.state.done += len(docs)
            self.state.chunks += 1
            self._phase("committed")
        self._phase("done")
        return self.state

    def _load_index(self) -> StoryIndex | None:
        """The saved story index; None when it is unreadable and documents were placed."""
        return load_story_index(self.store)

    # -- one chunk ------------------------------------------------------------------

    def _chunk(self, ids: list[str], index: StoryIndex, version: int) -> None:
        store = self.store
        keys = self._keys(ids)
        changed = self._duplicates(ids, keys)
        marked, marked_claims, marked_entities = self._furniture(ids, keys, changed)
        remap = self._entities(ids, marked_entities)
        self._conflicts(ids, changed, marked_claims, remap)
        self._stories(ids, keys, marked, index, version)
        store.resolved(ids)

    def _keys(self, ids: Sequence[str]) -> dict[str, tuple[DocumentKeys, int, bool]]:
        """Stored keys of ``ids``; those missing (an older ledger) computed from the store."""
        found = self.store.keys_of(ids)
        missing = [i for i in ids if i not in found]
        if missing:
            self._phase("document keys", len(missing))
            seqs = {doc_id: seq for doc_id, seq in self.store.pending(len(ids) + 1)}
            for start in range(0, len(missing), KEYS_BATCH):
                batch = missing[start : start + KEYS_BATCH]
                docs = [d for d in (self.store.document(i) for i in batch) if d is not None]
                self.store.put_keys(
                    [
                        (document_keys(extraction), seqs.get(extraction.document.id, 0))
                        for extraction in self.store.extractions_of(docs)
                    ]
                )
            found.update(self.store.keys_of(missing))
        return found

    def _duplicates(
        self, ids: Sequence[str], keys: Mapping[str, tuple[DocumentKeys, int, bool]]
    ) -> dict[str, str | None]:
        """Link copies to originals; return the documents whose original changed."""
        store = self.store
        bands = {doc_id: band_keys(_signature(keys[doc_id][0])) for doc_id in ids}
        buckets = store.lsh_members(k for doc_keys in bands.values() for k in doc_keys)
        self._phase("duplicates", len(buckets))
        candidates: set[tuple[str, str]] = set()
        rows: list[tuple[int, int, str]] = []
        for doc_id in ids:
            seq = keys[doc_id][1]
            for band_key in bands[doc_id]:
                members = buckets.setdefault(band_key, [])
                # As the one-go index: the most recent earlier members of the bucket.
                for _, other in members[-BUCKET_SCAN:]:
                    candidates.add((doc_id, other))
                members.append((seq, doc_id))
                rows.append((band_key, seq, doc_id))
        store.add_lsh(rows)
        others = sorted({b for _, b in candidates} - set(keys))
        known = dict(keys)
        known.update(store.keys_of(others))
        # Each signature decoded once: a document is in many candidate pairs.
        arrays = {doc_id: _signature(known[doc_id][0]) for pair in candidates for doc_id in pair}
        edges = [
            (a, b) for a, b in candidates if similarity(arrays[a], arrays[b]) >= DUPLICATE_JACCARD
        ]
        if not edges:
            return {}
        ends = sorted({x for edge in edges for x in edge})
        current = store.duplicate_of(ends)
        roots = sorted({current.get(x) or x for x in ends})
        linked = dict(store.copies_of(roots))
        linked.update({root: "" for root in roots})
        parent = {m: m for m in linked}

        def find(node: str) -> str:
            while parent[node] != node:
                parent[node] = parent[parent[node]]
                node = parent[node]
            return node

        for copy, original in linked.items():
            if original:
                parent[find(copy)] = find(original)
        for a, b in edges:
            parent[find(a)] = find(b)
        info = dict(known)
        info.update(store.keys_of(sorted(set(linked) - set(info))))
        groups: dict[str, list[str]] = defaultdict(list)
        for member in linked:
            groups[find(member)].append(member)
        before = store.duplicate_of(sorted(linked))
        changed: dict[str, str | None] = {}
        for group in groups.values():
            group.sort(key=lambda m: info[m][1])  # ingest order
            original = group[0]
            for node in group[1:]:
                if better_original(_rank(info[node][0]), _rank(info[original][0])):
                    original = node
            for node in group:
                wanted = None if node == original else original
                if before.get(node) != wanted:
                    changed[node] = wanted
        store.update_duplicates(changed)
        return changed

    def _furniture(
        self,
        ids: Sequence[str],
        keys: Mapping[str, tuple[DocumentKeys, int, bool]],
        changed: Mapping[str, str | None],
    ) -> tuple[set[str], set[tuple[str, str]], set[str]]:
        """Count lines over originals and mark repeated ones; return the marked
        documents, and the claim keys and entities they had."""
        store = self.store
        involved = sorted(set(ids) | set(changed))
        info = dict(keys)
        info.update(store.keys_of([d for d in involved if d not in info]))
        copies = store.duplicate_of(involved)
        deltas: dict[str, Counter[int]] = defaultdict(Counter)
        flips: dict[bool, list[str]] = {True: [], False: []}
        for doc_id in involved:
            doc_keys, _, counted = info[doc_id]
            wanted = copies.get(doc_id) is None
            if wanted != counted:
                deltas[doc_keys.site].update({line: 1 if wanted else -1 for line in doc_keys.lines})
                flips[wanted].append(doc_id)
        self._phase("site furniture", sum(len(d) for d in deltas.values()))
        to_mark: dict[str, set[int]] = defaultdict(set)
        for site, delta in deltas.items():
            lines = sorted(delta)
            before = store.line_counts(site, lines)
            store.count_lines(site, delta)
            for line in lines:
                after = before.get(line, 0) + delta[line]
                if after >= MIN_REPEAT_DOCS > before.get(line, 0):
                    for doc_id in store.docs_with_line(site, line):
                        to_mark[doc_id].add(line)
        for flag, docs in flips.items():
            store.set_counted(docs, flag)
        # New documents (copies included) that carry a line already repeated.
        for doc_id in ids:
            doc_keys = info[doc_id][0]
            counts = store.line_counts(doc_keys.site, list(doc_keys.lines))
            hits = {line for line, n in counts.items() if n >= MIN_REPEAT_DOCS}
            if hits:
                to_mark[doc_id] |= hits
        if not to_mark:
            return set(), set(), set()
        marked = sorted(to_mark)
        claim_keys = store.claim_keys(marked)
        entities = {row[0] for row in store.mention_entities(marked)}
        for doc_id in marked:
            doc = store.document(doc_id)
            if doc is None:
                continue
            spans = repeated_line_spans(doc.text, HashedLines(to_mark[doc_id]))
            if spans:
                reason = f"repeated in {MIN_REPEAT_DOCS}+ documents of {doc.outlet}"
                store.mark_boilerplate(doc_id, spans, reason)
        return set(marked), claim_keys, entities

    def _entities(self, ids: Sequence[str], marked_entities: set[str]) -> dict[str, str]:
        """Merge the chunk's entities into the stored ones; return the merges made."""
        store = self.store
        rows = store.mention_entities(ids)
        # Ids merged by an earlier run, seen again in new documents.
        prior = store.remapped_ids({row[0] for row in rows})
        new_names: dict[str, tuple[str, EntityType]] = {}
        counts: Counter[str] = Counter()
        texts: dict[str, list[str]] = defaultdict(list)
        for entity_id, name, etype, text in rows:
            eid = prior.get(entity_id, entity_id)
            counts[eid] += 1
            texts[eid].append(text)
            if not eid.startswith("kb:"):
                new_names.setdefault(eid, (name, etype))  # type: ignore[arg-type]
        # Only the stored names that share a merge block with a new one:
        # read by name key, so the cost follows the new names, not the ledger.
        probes = {k for eid, (name, etype) in new_names.items() for k in probe_keys(name, etype)}
        known = store.entity_names_by_key(probes)
        known_ids = {row[0] for row in known} | store.entity_ids_present(list(counts))
        self._phase("entities", len(counts) + len(known))
        remap = merge_into_known(
            known,
            {e: v for e, v in new_names.items() if e not in known_ids},
            {e: n for e, n in counts.items() if e not in known_ids},
            self.kb,
        )
        touched = {remap.get(e, e) for e in counts} | set(remap.values())
        touched |= {remap.get(e, e) for e in marked_entities}
        base = store.entities_by_id(sorted(touched | set(remap)))
        merged_into: dict[str, list[str]] = defaultdict(list)
        for old, new in remap.items():
            merged_into[new].append(old)
        surfaces: dict[str, list[str]] = defaultdict(list)
        for eid, found in texts.items():
            surfaces[remap.get(eid, eid)].extend(found)
        records = []
        for eid in sorted(touched):
            name_type = (base[eid].name, base[eid].type) if eid in base else new_names.get(eid)
            if name_type is None and eid not in self.kb.entities:
                continue  # dropped below: no mention of it is left
            records.append(
                entity_record(
                    eid,
                    name_type or ("", "MISC"),  # type: ignore[arg-type]
                    surfaces.get(eid, ()),
                    self.kb,
                    base.get(eid),
                    [base[o] for o in merged_into.get(eid, ()) if o in base],
                )
            )
        names = {e.id: e.name for e in records}
        store.merge_entities({**prior, **remap}, names)
        kept = {e.id for e in records}
        store.put_entities(records, sorted((set(remap) | touched) - kept))
        return remap

    def _conflicts(
        self,
        ids: Sequence[str],
        changed: Mapping[str, str | None],
        marked_claims: set[tuple[str, str]],
        remap: Mapping[str, str],
    ) -> None:
        store = self.store
        keys = store.claim_keys(list(ids)) | marked_claims
        keys |= store.claim_keys(sorted(changed))
        keys |= store.subject_keys(sorted(set(remap) | set(remap.values())))
        self._phase("conflicts", len(keys))
        found: list[Conflict] = []
        for key in sorted(keys):
            group = store.claim_group(key)
            if not group:
                continue
            originals = store.duplicate_of(sorted({c.doc_id for c in group}))
            copy_of = {doc: original for doc, original in originals.items() if original}
            found.extend(find_conflicts(group, copy_of))
        store.replace_conflicts(keys, found)

    def _stories(
        self,
        ids: Sequence[str],
        keys: Mapping[str, tuple[DocumentKeys, int, bool]],
        marked: set[str],
        index: StoryIndex,
        version: int,
    ) -> None:
        store = self.store
        self._phase("stories", len(ids))
        evidence: list[StoryEvidence] = []
        redo = [i for i in ids if i in marked]
        if redo:
            # Their facts in furniture lines are gone: evidence from the store.
            docs = [d for d in (store.document(i) for i in redo) if d is not None]
            fresh = {e.document.id: story_evidence(e) for e in store.extractions_of(docs)}
        else:
            fresh = {}
        for doc_id in ids:
            evidence.append(fresh.get(doc_id) or keys[doc_id][0].story_evidence())
        refs = [_entity_refs(e) for e in evidence]
        remap = store.remapped_ids(set().union(*refs))
        # Each document's own merges only: most have none, and remapping every
        # feature of every document took a tenth of a full rebuild.
        placed = [
            e.remapped({i: remap[i] for i in own if i in remap})
            for e, own in zip(evidence, refs, strict=True)
        ]
        index.place(placed)
        # Only the stories and threads the new documents are in changed.
        touched = index.story_ids_of(ids)
        store.replace_stories(touched, index.stories_by_id(touched, MIN_STORY_DOCS))
        threads = index.threads_of(ids, MIN_STORY_DOCS)
        # A thread's id is its first document's: the threads these ones
        # absorbed had the id of one of their documents.
        absorbed = {f"thread:{doc_id[:16]}" for t in threads for doc_id in t.doc_ids}
        store.replace_threads(
            absorbed, [(index.position(t.doc_ids[0]), thread_to_json(t)) for t in threads]
        )
        save_story_index(store, index, placed, version)


# The story index is saved whole (one blob) only now and then; in between,
# each placed batch is kept as a row of its evidence (``story_log``) and
# replayed on load: placing is deterministic, so the index read back is the
# one saved.  The blob is rewritten once the rows hold more documents than
# LOG_SHARE of the index (at least LOG_MIN_DOCS): saving costs about the
# batch, and loading replays at most that share.  Calibrated on the 10,000
# document ledger of benchmarks/incremental.py (machine under load ~12):
# writing the blob took 6 s and reading it 3 s, placing a document about
# 15 ms, so replaying 200 documents costs about what one load does.
LOG_SHARE = 0.02
LOG_MIN_DOCS = 100

# The index of the last ledger resolved in this process, with the version it
# was saved at: a long-lived process (the server, a notebook) skips the load.
_CACHE: dict[str, tuple[int, StoryIndex]] = {}


def _cached(location: str, version: int) -> StoryIndex | None:
    found = _CACHE.get(location)
    return found[1] if found is not None and found[0] == version else None


def _remember(location: str, version: int, index: StoryIndex) -> None:
    _CACHE.clear()  # one ledger's index at a time: it can be hundreds of MB
    _CACHE[location] = (version, index)


def _forget(location: str) -> None:
    _CACHE.pop(location, None)


def load_story_index(store: Store) -> StoryIndex | None:
    """The saved story index with the batches placed since (``story_log``);
    None when it was saved by another version of newsledger."""
    saved = store.get_blob(STORY_INDEX_STATE)
    try:
        index = StoryIndex.from_bytes(saved) if saved else StoryIndex()
    except (ValueError, KeyError, OSError):
        # Saved by another version of newsledger: rebuilt from the documents.
        return None
    for _, data in store.story_log():
        index.place([StoryEvidence.from_json(item) for item in json.loads(data)])
    return index


def save_story_index(
    store: Store, index: StoryIndex, placed: Sequence[StoryEvidence], version: int
) -> None:
    """Keep the batch just placed: a row of its evidence, or the whole index
    when the rows have grown past LOG_SHARE of it."""
    logged = store.story_log_docs()
    if logged + len(placed) > max(LOG_MIN_DOCS, LOG_SHARE * len(index)):
        store.put_blob(STORY_INDEX_STATE, index.to_bytes())
        store.clear_story_log()
    else:
        store.add_story_log(version, len(placed), json.dumps([e.to_json() for e in placed]))


def _rank(keys: DocumentKeys) -> tuple[str | None, int]:
    return (keys.day, keys.length)


def _entity_refs(evidence: StoryEvidence) -> set[str]:
    """Entity ids a piece of evidence names (entities, claim subjects, event parties)."""
    out: set[str] = set()
    for key, _ in evidence.features:
        kind, _, rest = key.partition(":")
        if kind == "e":
            out.add(rest)
        elif kind == "c":
            out.add(rest.partition("|")[0])
        elif kind == "v":
            for part in rest.split("|")[1:3]:
                out.update(i for i in part.split(",") if i)
    return out
