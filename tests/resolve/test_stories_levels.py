"""Event stories and threads, title and lead evidence, and why two documents were joined."""

from __future__ import annotations

from newsledger.model import Document, Extraction, Mention
from newsledger.resolve.stories import (
    StoryEvidence,
    StoryIndex,
    story_evidence,
    thread_to_json,
    update_stories,
)
from newsledger.resolve.story_evidence import text_features


def _evidence(
    doc_id: str,
    text: str,
    entities: dict[str, int],
    published: str | None = "2025-03-04",
    language: str = "en",
    title: str | None = None,
) -> StoryEvidence:
    document = Document(
        id=doc_id,
        source=doc_id,
        text=text,
        language=language,
        title=title,
        published=published,
    )
    mentions = tuple(
        Mention(doc_id, 0, 1, name, f"kb:{name.lower().replace(' ', '-')}", name, "ORG")
        for name, count in entities.items()
        for _ in range(count)
    )
    return story_evidence(Extraction(document=document, mentions=mentions))


def _background(n: int) -> list[StoryEvidence]:
    """Unrelated reports: each its own company, but the same everyday words."""
    return [
        _evidence(
            f"bg-{i:02d}",
            f"Company{i} said on Monday its quarterly profit rose as sales in Region{i} grew.",
            {f"Company{i}": 3, f"Region{i}": 1},
            published=f"2025-01-{1 + i % 28:02d}",
        )
        for i in range(20)
    ]


RIVALS = {"Northwind Energy": 4, "Solaris Power": 3}
BID_A = _evidence(
    "bid-a",
    "Northwind Energy bids 4.2 billion dollars for the Solaris Power battery plant in Reno.",
    RIVALS,
    title="Northwind bids for Solaris plant",
)
BID_B = _evidence(
    "bid-b",
    "Northwind Energy offered 4.2 billion dollars for the Reno battery plant of Solaris Power.",
    RIVALS,
    published="2025-03-05",
    title="Northwind offers 4.2 billion for Solaris plant",
)
SUIT = _evidence(
    "suit",
    "Solaris Power sued Northwind Energy over patents for its solid-state cells in Texas.",
    RIVALS,
    published="2025-03-20",
    title="Solaris sues Northwind over patents",
)
SUIT_DE = _evidence(
    "suit-de",
    "Solaris Power verklagt Northwind Energy in Texas wegen Patenten für Festkörperzellen.",
    RIVALS,
    published="2025-03-20",
    language="de",
    title="Solaris verklagt Northwind",
)


def test_title_and_lead_give_stemmed_words_and_neutral_names_and_numbers() -> None:
    features = text_features(
        "Ferrowatt sammelt Milliarden", "Der Konzern Ferrowatt hat 35.000 Stellen.", "de"
    )
    assert "k:de:ferrow" in features and "k:de:millia" in features
    assert "n:ferrowatt" in features and "n:35000" in features
    assert "k:de:der" not in features  # a stop word says nothing
    english = text_features(None, "Ferrowatt cuts 35,000 jobs.", "en")
    assert "n:35000" in english  # "35.000" and "35,000" meet across languages


def test_two_reports_of_one_event_are_a_story_and_a_later_event_is_not() -> None:
    stories = update_stories([], [*_background(20), BID_A, BID_B, SUIT])
    groups = {frozenset(s.doc_ids) for s in stories if len(s.doc_ids) > 1}
    assert frozenset({"bid-a", "bid-b"}) in groups
    assert not any("suit" in g and ("bid-a" in g or "bid-b" in g) for g in groups)


def test_events_about_the_same_rivals_form_one_thread() -> None:
    index = StoryIndex()
    update_stories([], [*_background(20), BID_A, BID_B, SUIT, SUIT_DE], index)
    threads = index.threads()
    rivalry = [t for t in threads if "suit" in t.doc_ids]
    assert len(rivalry) == 1
    thread = rivalry[0]
    assert {"bid-a", "bid-b", "suit", "suit-de"} <= set(thread.doc_ids)
    assert not any(d.startswith("bg-") for d in thread.doc_ids)
    bid_story = next(s for s in index.stories(2) if "bid-a" in s.doc_ids)
    assert bid_story.id in thread.story_ids
    exported = thread_to_json(thread)
    assert exported["docs"] == list(thread.doc_ids)
    assert exported["stories"] == list(thread.story_ids)


def test_a_report_in_another_language_joins_through_names_and_numbers() -> None:
    stories = update_stories([], [*_background(20), SUIT, SUIT_DE])
    assert any({"suit", "suit-de"} <= set(s.doc_ids) for s in stories)


def test_why_names_the_shared_evidence_of_a_pair() -> None:
    index = StoryIndex()
    update_stories([], [*_background(20), BID_A, BID_B], index)
    why = index.compare(BID_A, BID_B)
    assert why.linked
    assert why.days_apart == 1
    shared = [name for name, _ in why.shared]
    assert "entity Northwind Energy" in shared
    assert any(name.startswith("name or number 42") for name in shared)
    families = dict(why.families)
    assert families["title and lead words"] > 0
    unrelated = index.compare(BID_A, _background(1)[0])
    assert not unrelated.linked


def test_reports_weeks_apart_share_a_thread_but_not_an_event() -> None:
    later = _evidence(
        "bid-later",
        "Northwind Energy bids 4.2 billion dollars for the Solaris Power battery plant in Reno.",
        RIVALS,
        published="2025-04-10",
        title="Northwind bids for Solaris plant",
    )
    index = StoryIndex()
    update_stories([], [*_background(20), BID_A, later], index)
    assert not index.compare(BID_A, later).linked
    assert any({"bid-a", "bid-later"} <= set(t.doc_ids) for t in index.threads())


def test_rarity_is_judged_over_the_whole_batch() -> None:
    # Placed first, two unrelated reports sharing everyday words must not
    # link just because the ledger is still empty.
    first = _evidence(
        "first",
        "Alphacorp said on Monday its quarterly profit rose as sales grew.",
        {"Alphacorp": 2},
        published="2024-12-01",
    )
    second = _evidence(
        "second",
        "Betalabs said on Monday its quarterly profit rose as sales grew.",
        {"Betalabs": 2},
        published="2024-12-01",
    )
    stories = update_stories([], [first, second, *_background(20)])
    assert not any({"first", "second"} <= set(s.doc_ids) for s in stories)
