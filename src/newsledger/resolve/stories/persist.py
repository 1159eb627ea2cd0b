"""Saving and loading the story index as flat numpy arrays in one ``.npz``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

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
from newsledger.resolve.stories.common import StoryState
from newsledger.resolve.stories.params import STATE_VERSION
from newsledger.resolve.stories.postings import Features, Grow, Vectors

if TYPE_CHECKING:
    from newsledger.resolve.stories.index import StoryIndex


def save(index: StoryIndex) -> bytes:
    """The whole state (postings included) as flat numpy arrays in one ``.npz``."""
    if index._pending:
        raise ValueError("story index: a batch is still being placed; save it after place()")
    arrays: Arrays = {"version": np.array([STATE_VERSION], dtype=np.int64)}
    pack_strings("doc_ids", index.doc_ids, arrays)
    index._features.save(arrays)
    index._vectors.save(arrays)
    arrays["mass"] = index._mass.view()
    arrays["day"] = index._day.view()
    arrays["lang"] = index._lang.view()
    pack_strings("languages", index._languages, arrays)
    pack_ragged("links", index._links, np.int32, arrays)
    pack_ragged("related", index._related, np.int32, arrays)
    pack_tokens("doc_events", index._doc_events, arrays)
    pack_strings("names.keys", index._names, arrays)
    pack_strings("names.values", index._names.values(), arrays)
    pack_strings("stories.ids", (s.id for s in index._stories), arrays)
    pack_ragged("stories.members", [s.members for s in index._stories], np.int64, arrays)
    return to_bytes(arrays)


def load(index: StoryIndex, data: bytes) -> StoryIndex:
    """Fill the empty ``index`` with the state ``save`` wrote; ValueError on another version."""
    arrays = from_bytes(data)
    if arrays["version"].tolist() != [STATE_VERSION]:
        raise ValueError(f"story index version {arrays['version'].tolist()}")
    index.doc_ids = unpack_strings("doc_ids", arrays)
    index._doc_index = {doc_id: i for i, doc_id in enumerate(index.doc_ids)}
    index._features = Features.load(arrays)
    index._vectors = Vectors.load(arrays)
    index._mass = Grow(np.float64, arrays["mass"])
    index._day = Grow(np.int64, arrays["day"])
    index._lang = Grow(np.int64, arrays["lang"])
    index._languages = unpack_strings("languages", arrays)
    index._links = unpack_arrays("links", arrays, "i")
    index._related = unpack_arrays("related", arrays, "i")
    index._doc_events = [tuple(row) for row in unpack_tokens("doc_events", arrays)]
    index._names = dict(
        zip(
            unpack_strings("names.keys", arrays),
            unpack_strings("names.values", arrays),
            strict=True,
        )
    )
    members = unpack_ragged("stories.members", arrays)
    for story_id, story_members in zip(unpack_strings("stories.ids", arrays), members, strict=True):
        index._stories.append(StoryState(story_id, [int(m) for m in story_members]))
    index._doc_stories = [[] for _ in index.doc_ids]
    for story_index, story in enumerate(index._stories):
        for member in story.members:
            index._doc_stories[member].append(story_index)
    return index
