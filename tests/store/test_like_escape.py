"""Document lookups and source filters treat ``%`` and ``_`` as plain characters,
on every backend (issue 12, item 17)."""

from __future__ import annotations

from tests.store.test_contract import TEXT_B, MakeStore, _extraction


def test_lookups_treat_like_wildcards_as_characters(make_store: MakeStore) -> None:
    store = make_store()
    store.write_batch(
        [
            _extraction("doc001", source="/news/a_b.txt"),
            _extraction("doc002", TEXT_B, source="/news/ab1.txt"),
        ]
    )
    assert store.document("%") is None
    assert store.document("_.txt") is None
    assert store.document("a%") is None
    found = store.document("a_b.txt")
    assert found is not None and found.id == "doc001"
    assert store.count_documents(source="%") == 0
    assert store.count_documents(source="_") == 1
    assert [d.id for d in store.documents(source="a_b")] == ["doc001"]


def test_find_document_takes_only_exact_references(make_store: MakeStore) -> None:
    store = make_store()
    store.write_batch([_extraction("doc001", source="/news/101-report.txt")])
    assert store.find_document("1") is None
    assert store.find_document("report.txt") is None
    assert store.find_document("doc0") is None  # too short to be a prefix
    for ref in ("doc001", "/news/101-report.txt"):
        found = store.find_document(ref)
        assert found is not None and found.id == "doc001"
    found = store.find_document("101-report.txt", ["/news/101-report.txt"])
    assert found is not None and found.id == "doc001"
    assert store.source_range(exclude_prefixes=("http://",)) == (
        "/news/101-report.txt",
        "/news/101-report.txt",
    )
