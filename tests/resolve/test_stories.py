"""Story clustering from language-independent evidence, incremental and overlapping."""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence

import pytest

from newsledger.model import Document, Event, Extraction, Figure, Mention, Story
from newsledger.resolve.stories import (
    StoryEvidence,
    StoryIndex,
    story_evidence,
    update_stories,
)

# Names each document mentions, with how often; ids are KB-style keys.
Entities = dict[str, int]


def _extraction(
    doc_id: str,
    language: str,
    entities: Entities,
    figures: Sequence[tuple[float, str]] = (),
    events: Sequence[tuple[str, tuple[str, ...], tuple[str, ...], str | None]] = (),
    published: str | None = "2025-03-04",
    text: str = "",
) -> Extraction:
    document = Document(
        id=doc_id, source=doc_id, text=text or doc_id, language=language, published=published
    )
    mentions = tuple(
        Mention(doc_id, 0, 1, name, f"kb:{name.lower().replace(' ', '-')}", name, "ORG")
        for name, count in entities.items()
        for _ in range(count)
    )
    return Extraction(
        document=document,
        mentions=mentions,
        figures=tuple(Figure(doc_id, 0, 1, "", value, unit) for value, unit in figures),
        events=tuple(
            Event(doc_id, 0, 1, "", kind, actors, targets, when)
            for kind, actors, targets, when in events
        ),
    )


# One event told by an English and a German outlet: same entities, figures, event.
BID_EN = _extraction(
    "bid-en",
    "en",
    {"Northwind Energy": 6, "Solaris": 4, "Maria Lindqvist": 2, "Nevada": 2, "Reuters": 1},
    figures=[(4.2e9, "USD"), (800, "employee")],
    events=[("acquisition_bid", ("Northwind Energy",), ("Solaris",), "2025-03")],
    text="Northwind Energy bids $4.2 billion for the Solaris battery plant in Nevada.",
)
BID_DE = _extraction(
    "bid-de",
    "de",
    {"Northwind Energy": 5, "Solaris": 3, "Maria Lindqvist": 1, "Nevada": 1, "dpa": 1},
    figures=[(4.2e9, "USD")],
    events=[("acquisition_bid", ("Northwind Energy",), ("Solaris",), "2025-03")],
    published="2025-03-05",
    text="Northwind Energy bietet 4,2 Milliarden Dollar für das Batteriewerk Solaris.",
)
# Two unrelated reports that share one famous name, and nothing else.
ROCKET = _extraction(
    "rocket",
    "en",
    {"Elon Musk": 3, "SpaceX": 6, "Starship": 5, "Boca Chica": 2, "FAA": 2},
    figures=[(1.2e2, "m")],
    events=[("launch", ("SpaceX",), ("Starship",), "2025-03")],
)
CARS = _extraction(
    "cars",
    "en",
    {"Elon Musk": 3, "Tesla": 6, "Model Y": 4, "Berlin": 2, "IG Metall": 2},
    figures=[(5e5, "car")],
    events=[("production", ("Tesla",), ("Model Y",), "2025-03")],
)


def _pairs(stories: Sequence[Story]) -> set[frozenset[str]]:
    return {
        frozenset(pair)
        for story in stories
        for pair in itertools.combinations(sorted(story.doc_ids), 2)
    }


def _background(n: int) -> list[StoryEvidence]:
    """Unrelated single reports, most of which name the famous person in passing."""
    return [
        story_evidence(
            _extraction(
                f"bg-{i:02d}",
                "en",
                {f"Company {i}": 5, f"Person {i}": 3, f"City {i}": 1}
                | ({"Elon Musk": 1} if i % 3 else {}),
                figures=[(1000.0 * (i + 1), "USD")],
                published=f"2025-03-{1 + i % 28:02d}",
            )
        )
        for i in range(n)
    ]


def test_evidence_is_language_independent() -> None:
    english, german = story_evidence(BID_EN), story_evidence(BID_DE)
    shared = {k for k, _ in english.features} & {k for k, _ in german.features}
    assert "e:kb:northwind-energy" in shared
    assert "f:USD:4.2e+09" in shared
    assert "v:acquisition_bid|kb:northwind-energy|kb:solaris" in shared
    assert dict(english.names)["kb:solaris"] == "Solaris"


def test_entity_remap_merges_two_ids_of_one_entity() -> None:
    evidence = story_evidence(BID_DE, {"kb:dpa": "kb:reuters"})
    assert "e:kb:reuters" in dict(evidence.features)
    assert "e:kb:dpa" not in dict(evidence.features)


def test_a_translation_like_pair_is_one_story() -> None:
    stories = update_stories([], [story_evidence(BID_EN), story_evidence(BID_DE)])
    assert frozenset({"bid-en", "bid-de"}) in _pairs(stories)


def test_documents_sharing_only_a_famous_name_are_not_one_story() -> None:
    evidence = [story_evidence(x) for x in (ROCKET, CARS, BID_EN, BID_DE)]
    stories = update_stories([], _background(30) + evidence)
    pairs = _pairs(stories)
    assert frozenset({"rocket", "cars"}) not in pairs
    assert frozenset({"bid-en", "bid-de"}) in pairs
    assert not any(p for p in pairs if any(d.startswith("bg-") for d in p))


def test_a_new_document_joins_an_existing_story_without_reclustering() -> None:
    index = StoryIndex()
    first = update_stories([], [story_evidence(BID_EN), story_evidence(ROCKET)], index)
    bid_story = next(s for s in first if "bid-en" in s.doc_ids)
    second = update_stories(first, [story_evidence(BID_DE)], index)
    grown = next(s for s in second if s.id == bid_story.id)
    assert set(grown.doc_ids) == {"bid-en", "bid-de"}
    assert {s.id for s in first} <= {s.id for s in second}
    assert index.stories_of("bid-de") == [bid_story.id]


def test_a_story_has_a_label_main_entities_and_a_date_span() -> None:
    stories = update_stories([], [story_evidence(BID_EN), story_evidence(BID_DE)])
    story = next(s for s in stories if "bid-en" in s.doc_ids)
    assert story.entities[0] == "Northwind Energy"
    assert story.label.startswith("Northwind Energy")
    assert "acquisition bid" in story.label
    assert (story.first_date, story.last_date) == ("2025-03-04", "2025-03-05")


def _feature_doc(doc_id: str, entities: Entities) -> StoryEvidence:
    return story_evidence(_extraction(doc_id, "en", entities))


def test_a_document_can_belong_to_two_stories() -> None:
    # "a" and "b" share one thread, "c" and "d" another; "x" covers both.
    thread_one = {"Alpha Corp": 5, "Beta Labs": 4, "Gamma Fund": 3}
    thread_two = {"Delta Grid": 5, "Epsilon Power": 4, "Zeta Bank": 3}
    docs = [
        _feature_doc("a", thread_one | {"Noise A": 2}),
        _feature_doc("b", thread_one | {"Noise B": 2}),
        _feature_doc("c", thread_two | {"Noise C": 2}),
        _feature_doc("d", thread_two | {"Noise D": 2}),
        _feature_doc("x", thread_one | thread_two),
    ]
    stories = update_stories([], docs)
    homes = [s for s in stories if "x" in s.doc_ids]
    assert len(homes) == 2
    assert {frozenset(s.doc_ids) for s in homes} == {
        frozenset({"a", "b", "x"}),
        frozenset({"c", "d", "x"}),
    }
    assert frozenset({"a", "c"}) not in _pairs(stories)


def test_the_result_does_not_depend_on_input_order() -> None:
    evidence = [story_evidence(x) for x in (BID_EN, BID_DE, ROCKET, CARS)]
    forward = update_stories([], evidence)
    backward = update_stories([], list(reversed(evidence)))
    assert _pairs(forward) == _pairs(backward)
    assert [s.id for s in forward] == [s.id for s in backward]


def test_the_index_round_trips_through_bytes() -> None:
    index = StoryIndex()
    update_stories([], [story_evidence(x) for x in (BID_EN, BID_DE, ROCKET)], index)
    restored = StoryIndex.from_bytes(index.to_bytes())
    assert restored.to_bytes() == index.to_bytes()
    assert restored.stories() == index.stories()
    expected = update_stories([], [story_evidence(CARS)], index)
    assert update_stories([], [story_evidence(CARS)], restored) == expected


def test_an_index_saved_in_another_layout_is_refused() -> None:
    from newsledger.resolve.packing import from_bytes, to_bytes

    arrays = from_bytes(StoryIndex().to_bytes())
    arrays["version"] = arrays["version"] + 1
    with pytest.raises(ValueError, match="story index version"):
        StoryIndex.from_bytes(to_bytes(arrays))


def test_without_an_index_stored_stories_and_evidence_are_restored() -> None:
    known = [story_evidence(BID_EN), story_evidence(ROCKET)]
    existing = update_stories([], known)
    again = update_stories(existing, [story_evidence(BID_DE)], known=known)
    bid = next(s for s in again if "bid-en" in s.doc_ids)
    assert set(bid.doc_ids) == {"bid-en", "bid-de"}
    assert len(again) == len(existing)


def test_adding_a_known_document_changes_nothing() -> None:
    index = StoryIndex()
    update_stories([], [story_evidence(BID_EN), story_evidence(BID_DE)], index)
    before = index.to_bytes()
    update_stories([], [story_evidence(BID_EN)], index)
    assert index.to_bytes() == before


def test_evidence_round_trips_through_json_and_takes_a_later_remap() -> None:
    evidence = story_evidence(BID_DE)
    assert StoryEvidence.from_json(json.loads(json.dumps(evidence.to_json()))) == evidence
    merged = evidence.remapped({"kb:solaris": "kb:solaris-plant"})
    keys = dict(merged.features)
    assert "e:kb:solaris-plant" in keys and "e:kb:solaris" not in keys
    assert "v:acquisition_bid|kb:northwind-energy|kb:solaris-plant" in keys
    assert dict(merged.names)["kb:solaris-plant"] == "Solaris"


def _crowd(n: int) -> list[StoryEvidence]:
    """``n`` reports that all share one word, each with a rare name of its own."""
    return [
        StoryEvidence(
            doc_id=f"crowd-{i:04d}",
            language="en",
            published=f"2025-02-{1 + i % 28:02d}",
            features=((f"e:kb:firm-{i}", 1.0), ("k:en:market", 0.6), (f"n:firm{i}", 1.0)),
        )
        for i in range(n)
    ]


def test_candidates_come_from_capped_postings_not_from_every_document() -> None:
    # Regression: every posting of a feature was scanned (150 a feature),
    # and a batch's stories were listed after each batch: placing 100,000
    # documents took 1,919 s.  Now a feature keeps its recent documents only
    # and a document is scored against a bounded number of candidates.
    from newsledger.resolve.stories.params import MAX_CANDIDATES, POSTING_CAP

    index = StoryIndex()
    index.place(_crowd(600))
    fid = index._features.ids["k:en:market"]
    assert len(index._features.shared[fid]) < 2 * POSTING_CAP
    assert int(index._features.df.view()[fid]) == 600  # the frequency stays exact
    probe = _crowd(601)[-1]
    index.place([probe])
    fids = index._vectors.fids.view()[index._vectors.offsets.view()[600] :]
    assert len(index._candidates(fids)) <= MAX_CANDIDATES


def test_a_feature_shared_later_counts_fully_for_its_first_document() -> None:
    # The first document's mass is kept from when it was added; when a
    # second document shares one of its features, that feature counts fully.
    first, second = _crowd(2)
    index = StoryIndex()
    index.place([first])
    before = index._mass.view().copy()
    index.place([_with_features(second, first.features)])
    assert index._mass.view()[:4].sum() > before.sum()


def _with_features(evidence: StoryEvidence, features: Sequence[tuple[str, float]]) -> StoryEvidence:
    from dataclasses import replace

    return replace(evidence, features=tuple(features))
