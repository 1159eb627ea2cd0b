"""Reading the story index: stories and threads with labels and date spans."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

import numpy as np

from newsledger.model import Story, Thread
from newsledger.resolve.stories.common import StoryState
from newsledger.resolve.stories.params import LABEL_ENTITIES, PRIOR_DOCS, STORY_ENTITIES

if TYPE_CHECKING:
    from newsledger.resolve.stories.index import StoryIndex


def threads(index: StoryIndex, min_docs: int = 2) -> list[Thread]:
    """Topics that several events belong to: stories joined by looser links.

    Each story is one event, and so is each document in no story; events
    whose documents are related (similarity of at least
    THREAD_SIMILARITY: the same rare names, not the same happening) form
    a thread.  Only threads of two events or more are listed.  Linear in
    the links: a union-find over documents.
    """
    parent = list(range(len(index.doc_ids)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for state in index._stories:
        for member in state.members[1:]:
            union(state.members[0], member)
    for i, related in enumerate(index._related):
        for other in related:
            union(i, other)
    groups: defaultdict[int, list[int]] = defaultdict(list)
    for i in range(len(index.doc_ids)):
        groups[root(i)].append(i)
    return [
        thread
        for _, members in sorted(groups.items())
        if (thread := thread_of(index, members, min_docs)) is not None
    ]


def threads_of(index: StoryIndex, doc_ids: Iterable[str], min_docs: int = 2) -> list[Thread]:
    """The threads (as ``threads`` lists them) holding any of ``doc_ids``.

    Walks the links out from those documents only, so that resolving a few
    new documents costs the size of their threads, not of the ledger.
    """
    seen: set[int] = set()
    out: list[Thread] = []
    for doc_id in doc_ids:
        start = index._doc_index.get(doc_id)
        if start is None or start in seen:
            continue
        component = {start}
        todo = [start]
        # Each story's members are read once: overlapping stories made
        # reading them per member quadratic in a large thread.
        stories_seen: set[int] = set()
        while todo:
            i = todo.pop()
            neighbours: list[int] = list(index._related[i])
            for story_index in index._doc_stories[i]:
                if story_index not in stories_seen:
                    stories_seen.add(story_index)
                    neighbours.extend(index._stories[story_index].members)
            for other in neighbours:
                if other not in component:
                    component.add(other)
                    todo.append(other)
        seen |= component
        thread = thread_of(index, sorted(component), min_docs)
        if thread is not None:
            out.append(thread)
    return out


def thread_of(index: StoryIndex, members: Sequence[int], min_docs: int) -> Thread | None:
    """The thread of one connected group of documents (ascending), or None
    when it holds fewer than two events."""
    first = members[0]
    events: set[tuple[str, int]] = set()
    # A dict keeps the order and answers "seen?" at once: a list made
    # listing a large thread quadratic (1,100 s at 100,000 documents).
    story_ids: dict[str, None] = {}
    for member in members:
        homes = index._doc_stories[member]
        if not homes:
            events.add(("doc", member))
        for story_index in homes:
            events.add(("story", story_index))
            story = index._stories[story_index]
            if len(story.members) >= min_docs:
                story_ids.setdefault(story.id)
    if len(events) < 2:
        return None
    label, entities, first_date, last_date = summary(index, members)
    return Thread(
        id=f"thread:{index.doc_ids[first][:16]}",
        label=label,
        story_ids=tuple(story_ids),
        doc_ids=tuple(index.doc_ids[m] for m in members),
        entities=entities,
        first_date=first_date,
        last_date=last_date,
    )


def story_of(index: StoryIndex, state: StoryState) -> Story:
    label, entities, first_date, last_date = summary(index, state.members)
    return Story(
        id=state.id,
        label=label,
        doc_ids=tuple(index.doc_ids[m] for m in state.members),
        entities=entities,
        first_date=first_date,
        last_date=last_date,
    )


def summary(
    index: StoryIndex, members: Sequence[int]
) -> tuple[str, tuple[str, ...], str | None, str | None]:
    """Label, main entities and date span of a group of documents.

    Entities are ranked by their salience summed over the members, times
    their rarity in the ledger; the label adds the most frequent event type.
    """
    docs = np.array(members, dtype=np.int64)
    features = index._features
    fids, weights, _ = index._vectors.of(docs)
    entity = features.is_entity.view()[fids]
    ids, inverse = np.unique(fids[entity], return_inverse=True)
    totals = np.bincount(inverse, weights[entity], minlength=len(ids))
    df = features.df.view()[ids].astype(np.float64)
    scores = totals * (math.log(index._counted() + PRIOR_DOCS) - np.log(df + 1.0))
    if len(ids) > 4 * STORY_ENTITIES:
        # Ties are broken by id below: keep every entity scoring as high
        # as the STORY_ENTITIES-th.
        floor = np.partition(scores, -STORY_ENTITIES)[-STORY_ENTITIES]
        keep = scores >= floor
        ids, scores = ids[keep], scores[keep]
    keys = features.keys
    ranked = sorted(
        (
            (float(score), keys[fid][2:])
            for fid, score in zip(ids.tolist(), scores.tolist(), strict=True)
        ),
        key=lambda item: (-item[0], item[1]),
    )
    names = [index._names.get(entity_id, entity_id) for _, entity_id in ranked]
    label = ", ".join(names[:LABEL_ENTITIES]) or "untitled story"
    event_types: Counter[str] = Counter()
    for member in members:
        event_types.update(index._doc_events[member])
    if event_types:
        event_type, _ = max(event_types.items(), key=lambda item: (item[1], item[0]))
        label = f"{label}: {event_type.replace('_', ' ')}"
    days = index._day.view()[docs]
    days = days[days >= 0]
    return (
        label,
        tuple(names[:STORY_ENTITIES]),
        date.fromordinal(int(days.min())).isoformat() if len(days) else None,
        date.fromordinal(int(days.max())).isoformat() if len(days) else None,
    )
