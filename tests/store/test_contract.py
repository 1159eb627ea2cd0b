"""The store contract: what every backend (SQLite, PostgreSQL) must do alike.

Each test runs once per backend through the `make_store` fixture.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import overload

import pytest

from newsledger.model import (
    Boilerplate,
    Claim,
    Conflict,
    Document,
    Entity,
    Event,
    Extraction,
    Failure,
    Figure,
    Mention,
    Quote,
    Span,
)
from newsledger.store import Store
from newsledger.store.schema import SCHEMA_VERSION

MakeStore = Callable[[], Store]

TEXT_A = "Northwind Robotics raised $40.3 billion. „Wir wachsen“, sagte Priya Raman."
TEXT_B = "Die Helix AG baut ein Werk in Leipzig. Kosten: über 100.000 Euro."


def _doc(doc_id: str, text: str, *, language: str = "en", source: str = "") -> Document:
    return Document(
        id=doc_id,
        source=source or f"/news/{doc_id}.txt",
        text=text,
        language=language,
        title=f"Title {doc_id}",
        published="2025-03-0" + doc_id[-1],
        raw_text=text + "\nSubscribe now",
        paragraphs=(Span(0, len(text)),),
        sentences=(Span(0, 10), Span(11, len(text))),
        boilerplate=(Boilerplate(doc_id, len(text) + 1, len(text) + 14, "Subscribe now", "cta"),),
    )


def _extraction(doc_id: str, text: str = TEXT_A, **doc_fields: str) -> Extraction:
    doc = _doc(doc_id, text, **doc_fields)
    figure = Figure(doc_id, 27, 40, "$40.3 billion", 40.3e9, "USD", "=", None, 1e8)
    return Extraction(
        document=doc,
        mentions=(
            Mention(doc_id, 0, 18, "Northwind Robotics", "new:ORG:northwind", "Northwind", "ORG"),
            Mention(doc_id, 61, 72, "Priya Raman", "new:PERSON:raman", "Priya Raman", "PERSON"),
            Mention(doc_id, 61, 66, "Priya", "new:PERSON:priya", "Priya", "PERSON", "discovered"),
        ),
        figures=(figure,),
        claims=(Claim(doc_id, 0, 40, "new:ORG:northwind", "Northwind", "funding", figure, "2025"),),
        quotes=(Quote(doc_id, 42, 55, "Wir wachsen", "Priya Raman", "new:PERSON:raman"),),
        events=(Event(doc_id, 0, 40, TEXT_A[:40], "funding", ("Northwind",), (), "2025", "year"),),
    )


def test_a_batch_reads_back_record_for_record(make_store: MakeStore) -> None:
    extraction = _extraction("doc1")
    store = make_store()
    assert store.write_batch([extraction]) == 1
    doc = extraction.document
    assert store.document("doc1") == doc
    assert store.mentions(doc_id="doc1") == list(extraction.mentions)
    assert store.figures() == list(extraction.figures)
    # A 4-byte float would round 40.3e9; the value must come back exactly.
    assert store.figures()[0].value == 40.3e9
    assert store.claims() == list(extraction.claims)
    assert store.quotes() == list(extraction.quotes)
    assert store.events() == list(extraction.events)
    assert store.boilerplate(doc_id="doc1") == list(doc.boilerplate)
    assert [d.id for d in store.iter_documents()] == ["doc1"]


def test_rewriting_a_batch_adds_nothing_and_a_repeat_inside_a_batch_is_stored_once(
    make_store: MakeStore,
) -> None:
    store = make_store()
    assert store.write_batch([_extraction("doc1"), _extraction("doc1", source="/other.txt")]) == 1
    assert store.write_batch([_extraction("doc1"), _extraction("doc2", TEXT_B)]) == 1
    assert store.count("documents") == 2
    assert store.count("mentions") == 6
    assert store.has_document("doc2") and not store.has_document("doc3")
    assert store.document("doc1") is not None
    assert store.document("doc1").source == "/news/doc1.txt"  # type: ignore[union-attr]


class _Exploding(Sequence[Extraction]):
    """A batch whose second item fails, as a crash in the middle of a write would."""

    def __init__(self, first: Extraction) -> None:
        self.first = first

    def __len__(self) -> int:
        return 2

    @overload
    def __getitem__(self, index: int) -> Extraction: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Extraction]: ...
    def __getitem__(self, index: int | slice) -> Extraction | Sequence[Extraction]:
        if index == 0:
            return self.first
        raise RuntimeError("killed mid-batch")

    def __iter__(self) -> Iterator[Extraction]:
        yield self.first
        raise RuntimeError("killed mid-batch")


def test_a_batch_that_fails_halfway_leaves_nothing_behind(make_store: MakeStore) -> None:
    store = make_store()
    with pytest.raises(RuntimeError):
        store.write_batch(_Exploding(_extraction("doc1")), sources=[("/a.txt", "1:1")])
    assert store.count("documents") == 0
    assert store.count("mentions") == 0
    assert not store.source_seen("/a.txt", "1:1")
    # The store is still usable after the rollback.
    assert store.write_batch([_extraction("doc1")]) == 1


def test_sources_failures_and_state_survive_reopening(make_store: MakeStore) -> None:
    store = make_store()
    store.write_batch(
        [_extraction("doc1")],
        [Failure("/bad.html", "clean", "empty"), Failure("/worse.bin", "read", "binary")],
        [("/news/doc1.txt", "10:1"), ("/bad.html", "3:1")],
    )
    store.write_batch([], [], [("/news/doc1.txt", "11:2")])
    store.put_state("cursor", {"seq": 3})
    store.put_story_evidence({"doc1": {"terms": ["a", "b"]}})
    binary = bytes(range(256)) * 3
    store.put_blob("index", b"old")
    store.put_blob("index", binary)
    store.close()
    again = make_store()
    assert again.source_seen("/news/doc1.txt", "11:2")
    assert not again.source_seen("/news/doc1.txt", "10:1")
    assert again.source_seen("/bad.html", "3:1")
    assert [f.path for f in again.failures()] == ["/bad.html", "/worse.bin"]
    assert again.get_state("cursor") == {"seq": 3}
    assert again.get_state("missing", 7) == 7
    assert again.story_evidence() == {"doc1": {"terms": ["a", "b"]}}
    assert again.get_blob("index") == binary
    assert again.get_blob("missing") is None
    assert again.count("documents") == 1


def test_listing_filters_orders_and_pages_documents(make_store: MakeStore) -> None:
    store = make_store()
    store.write_batch([_extraction("doc1"), _extraction("doc2", TEXT_B, language="de")])
    store.write_batch([_extraction("doc3", source="/archive/deep/doc3.txt")])
    assert [d.id for d in store.documents()] == ["doc1", "doc2", "doc3"]
    assert store.documents()[0].text == ""  # listings leave the text out
    assert [d.id for d in store.documents(language="de")] == ["doc2"]
    assert [d.id for d in store.documents(limit=1, offset=1)] == ["doc2"]
    assert [d.id for d in store.documents(since="2025-03-02")] == ["doc2", "doc3"]
    assert store.count_documents(source="archive") == 1
    assert store.document("deep/doc3.txt") is not None
    assert store.document("nope") is None


def test_resolved_entities_replace_merged_ids_everywhere(make_store: MakeStore) -> None:
    store = make_store()
    store.write_batch([_extraction("doc1"), _extraction("doc2", TEXT_B)])
    raman = Entity("new:PERSON:raman", "Priya Raman", "PERSON", ("Priya",))
    northwind = Entity("new:ORG:northwind", "Northwind Robotics", "ORG")
    store.replace_entities([raman, northwind], {"new:PERSON:priya": "new:PERSON:raman"})
    assert {m.entity_id for m in store.mentions()} == {"new:PERSON:raman", "new:ORG:northwind"}
    ranked = store.entities()
    assert ranked[0] == (raman, 4, 2)
    assert ranked[1] == (northwind, 2, 2)
    assert store.entities(type="ORG") == [(northwind, 2, 2)]
    assert store.entity("PRIYA RAMAN") == raman
    assert store.entity("Priya") == raman  # by the text of a mention
    # Resolving again replaces rather than adds.
    store.replace_entities([raman, northwind], {})
    assert store.count("entities") == 2


def test_duplicates_and_conflicts_are_replaced_as_a_whole(make_store: MakeStore) -> None:
    store = make_store()
    store.write_batch([_extraction("doc1"), _extraction("doc2", TEXT_B)])
    store.set_duplicates({"doc2": "doc1"})
    assert store.duplicates() == {"doc2": "doc1"}
    store.set_duplicates({})
    assert store.duplicates() == {}
    claim = store.claims()[0]
    conflict = Conflict("new:ORG:northwind", "Northwind", "funding", (claim, claim), 2.5, "x")
    store.replace_all("conflicts", [conflict])
    store.replace_all("conflicts", [conflict])
    assert store.conflicts() == [conflict]
    # A generator is written in chunks, however long it is.
    store.replace_all("conflicts", (conflict for _ in range(2500)))
    assert store.count("conflicts") == 2500


def test_a_version_1_ledger_is_upgraded_and_its_json_story_index_dropped(
    make_store: MakeStore,
) -> None:
    store = make_store()
    store.write_batch([_extraction("doc1")])
    # What a version 1 ledger looks like: no blobs table, the index as JSON.
    store.execute("DROP TABLE blobs")
    store.put_state("story_index", {"version": 1, "doc_ids": ["doc1"]})
    store.put_state("kept", [1])
    store._set_schema_version(1)
    store.close()
    again = make_store()
    assert again._schema_version() == SCHEMA_VERSION == 5
    assert again.get_state("story_index") is None
    assert again.get_state("kept") == [1]
    again.put_blob("story_index", b"npz")
    assert again.get_blob("story_index") == b"npz"
    assert again.count("documents") == 1


def test_search_finds_words_of_title_and_text_and_accepts_any_query(
    make_store: MakeStore,
) -> None:
    store = make_store()
    store.write_batch([_extraction("doc1"), _extraction("doc2", TEXT_B)])
    hits = store.search("Leipzig")
    assert [h[0] for h in hits] == ["doc2"]
    assert "[Leipzig]" in hits[0][2]
    assert [h[0] for h in store.search("doc1")] == ["doc1"]  # in the title
    assert store.search('unbalanced "quote AND') == []
    assert store.search("zzzz") == []
    assert [h[0] for h in store.search("Leipzig\x00\x07")] == ["doc2"]


def test_search_pages_in_the_index_and_counts_up_to_a_cap(make_store: MakeStore) -> None:
    store = make_store()
    store.write_batch([_extraction(f"doc{n}", TEXT_B) for n in range(1, 6)])
    everything = store.search("Leipzig", limit=10)
    assert len(everything) == 5
    first = store.search("Leipzig", limit=2)
    rest = store.search("Leipzig", limit=10, offset=2)
    assert first + rest == everything
    assert all("[Leipzig]" in hit[2] for hit in rest)
    assert store.search_total("Leipzig", 100) == 5
    assert store.search_total("Leipzig", 3) == 3
    assert store.search_total("zzzz", 100) == 0
    assert store.search_total('unbalanced "quote AND', 100) == 0


def test_generation_changes_with_each_committed_write_only(make_store: MakeStore) -> None:
    store = make_store()
    first = store.generation()
    store.write_batch([_extraction("doc1")])
    after_write = store.generation()
    assert after_write != first
    store.search("Leipzig")
    store.documents()
    assert store.generation() == after_write
    with store.transaction():
        store.put_state("note", 1)
        store.put_state("other", 2)
    assert store.generation() == after_write + 1
    with pytest.raises(RuntimeError), store.transaction():
        store.put_state("note", 3)
        raise RuntimeError("rolled back")
    assert store.generation() == after_write + 1


def test_outlet_rows_after_reads_only_later_documents(make_store: MakeStore) -> None:
    store = make_store()
    store.write_batch([_extraction("doc1"), _extraction("doc2", TEXT_B, language="de")])
    rows = store.outlet_rows_after(0)
    assert [(r[1], r[4]) for r in rows] == [("en", "/news/doc1.txt"), ("de", "/news/doc2.txt")]
    assert store.outlet_rows_after(rows[0][0]) == rows[1:]
    assert store.outlet_rows_after(rows[-1][0]) == []


def test_streams_and_pages_read_the_same_records_as_the_lists(make_store: MakeStore) -> None:
    store = make_store()
    store.write_batch([_extraction("doc1"), _extraction("doc2", TEXT_B)])
    assert sorted(store.iter_mentions(), key=str) == sorted(store.mentions(), key=str)
    groups = list(store.iter_claim_groups())
    assert [len(g) for g in groups] == [2]
    assert {c.key for c in groups[0]} == {("new:ORG:northwind", "funding")}
    total, first = store.page("mentions", limit=4, offset=0)
    _, rest = store.page("mentions", limit=4, offset=4)
    assert total == 6 and len(first) == 4 and first + rest == store.mentions()
    assert store.page("quotes", limit=10, speaker_id="nobody") == (0, [])


def test_stored_extractions_read_back_as_written(make_store: MakeStore) -> None:
    store = make_store()
    written = [_extraction("doc1"), _extraction("doc2", TEXT_B)]
    store.write_batch(written)
    docs = list(store.iter_documents())
    read = store.extractions_of(list(reversed(docs)))
    assert [e.document.id for e in read] == ["doc2", "doc1"]
    for got, expected in zip(read, reversed(written), strict=True):
        for kind in ("mentions", "figures", "claims", "quotes", "events"):
            assert getattr(got, kind) == getattr(expected, kind), kind
    assert store.extractions_of([]) == []


TEXT_GPUS = "Orbital Freight runs 200,000 GPUs in Lisbon. Its companies raised funds."
TEXT_WERKE = "Die Nordwerk AG baut drei neue Batteriefabriken in Sachsen."


def test_search_stems_each_document_in_its_own_language(make_store: MakeStore) -> None:
    store = make_store()
    store.write_batch(
        [
            _extraction("doc1", TEXT_GPUS),
            _extraction("doc2", TEXT_WERKE, language="de"),
        ]
    )
    hits = store.search("Orbital GPU")
    assert [h[0] for h in hits] == ["doc1"]
    assert "[GPUs]" in hits[0][2]
    assert [h[0] for h in store.search("company funding")] == ["doc1"]
    assert [h[0] for h in store.search("Batteriefabrik")] == ["doc2"]
    assert sorted(h[0] for h in store.search("GPU OR Batteriefabrik")) == ["doc1", "doc2"]
    assert store.search("GPU -Lisbon") == []
    assert [h[0] for h in store.search('"runs 200,000 GPU"')] == ["doc1"]
    assert [h[0] for h in store.search("Batterie*")] == ["doc2"]


def test_a_version_2_ledger_is_reindexed_with_stems(make_store: MakeStore) -> None:
    store = make_store()
    store.write_batch([_extraction("doc1", TEXT_GPUS)])
    # A version 2 ledger's index held unstemmed words; the upgrade rebuilds it.
    store.execute("DELETE FROM documents_fts")
    store._set_schema_version(2)
    store.close()
    again = make_store()
    assert again._schema_version() == SCHEMA_VERSION
    assert [h[0] for h in again.search("GPU")] == ["doc1"]
