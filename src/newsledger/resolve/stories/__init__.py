"""Stories: documents that tell the same story, in any language.

The package: ``index`` (StoryIndex, linking and placing documents),
``postings`` (documents per feature), ``groups`` (stories and threads as
listed), ``persist`` (saving the index), ``params`` (tuned constants).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newsledger.model import Story, Thread
from newsledger.resolve.stories.common import PairEvidence
from newsledger.resolve.stories.index import StoryIndex
from newsledger.resolve.story_evidence import StoryEvidence, story_evidence

__all__ = [
    "PairEvidence",
    "StoryEvidence",
    "StoryIndex",
    "story_evidence",
    "thread_to_json",
    "update_stories",
]


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
