"""Finding documents by reference, sources as shown, and list shapes (issue 12, 17-19)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest

from newsledger.ledger import Ledger
from newsledger.store import open_store
from newsledger.web.app import create_app
from tests.api.newsledger_live import DE_ARTICLE, EN_ARTICLE, SCRIPT_ARTICLE

TOKEN = "lookup-token"
WIRE = (
    "Bluefin Systems opens a research lab\n\n"
    "Bluefin Systems said on Tuesday it will spend $2 billion on a new lab in Austin."
)


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("lookup")
    articles = folder / "articles"
    (articles / "en").mkdir(parents=True)
    (articles / "de").mkdir()
    (articles / "en" / "10-northwind.txt").write_text(EN_ARTICLE, encoding="utf-8")
    (articles / "de" / "a_b.txt").write_text(DE_ARTICLE, encoding="utf-8")
    record = {"url": "https://www.example.org/notes", "text": SCRIPT_ARTICLE}
    (articles / "wire.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    db = folder / "ledger.db"
    with Ledger(db) as built:
        assert built.ingest([articles]).ingested == 3
    return db


@pytest.fixture
def client(ledger: Path) -> Iterator[Any]:
    app = create_app(str(ledger), TOKEN)

    def call(method: str, path: str, **kwargs: Any) -> httpx.Response:
        async def go() -> httpx.Response:
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
                return await c.request(method, path, **kwargs)

        return anyio.run(go)

    yield call


def _docs(client: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = client("GET", "/api/documents").json()["items"]
    return items


# -- 17: lookup ------------------------------------------------------------------------


def test_a_short_number_finds_no_unrelated_document(client: Any) -> None:
    for ref in ("1", "10", "%", "_", "%25", "a%", "northwind.txt"):
        answer = client("GET", f"/api/documents/{ref}")
        assert answer.status_code == 404, (ref, answer.text)


def test_a_document_is_found_by_id_unique_prefix_or_exact_source(client: Any) -> None:
    doc = next(d for d in _docs(client) if d["language"] == "de")
    for ref in (doc["id"], doc["id"][:8], doc["source"]):
        found = client("GET", f"/api/documents/{ref}")
        assert found.status_code == 200, (ref, found.text)
        assert found.json()["id"] == doc["id"]


def test_source_filter_treats_wildcards_as_characters(client: Any) -> None:
    assert client("GET", "/api/documents", params={"source": "_"}).json()["total"] == 1
    assert client("GET", "/api/documents", params={"source": "%"}).json()["total"] == 0


def test_the_store_lookup_escapes_like_wildcards(ledger: Path) -> None:
    store = open_store(str(ledger))
    try:
        assert store.document("%") is None
        assert store.document("_.txt") is None
        assert store.document("a_b.txt") is not None
        assert store.count_documents(source="%") == 0
    finally:
        store.close()


# -- 18: sources and outlets ---------------------------------------------------------------


def test_sources_are_relative_to_what_was_ingested(client: Any, ledger: Path) -> None:
    sources = {d["source"] for d in _docs(client)}
    assert sources == {"en/10-northwind.txt", "de/a_b.txt", "wire.jsonl:1"}
    doc = client("GET", f"/api/documents/{_docs(client)[0]['id']}").json()
    assert not doc["source"].startswith("/")
    assert str(ledger.parent) not in json.dumps(_docs(client))


def test_stats_count_outlets_not_folders(client: Any) -> None:
    stats = client("GET", "/api/stats").json()
    assert stats["outlets"] == {"example.org": 1}
    assert stats["without_outlet"] == 2
    assert "sources" not in stats


# -- 19: list shapes and repeated posts -----------------------------------------------------


def test_timeline_is_a_page_like_every_list(client: Any) -> None:
    page = client("GET", "/api/timeline", params={"limit": 2}).json()
    assert set(page) == {"total", "limit", "offset", "items"}
    assert page["limit"] == 2 and len(page["items"]) <= 2
    assert page["total"] >= len(page["items"])


def test_posting_a_document_again_answers_200_with_its_id(
    ledger: Path, tmp_path: Path, client: Any
) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    first = client("POST", "/api/documents", json={"text": WIRE}, headers=headers, timeout=60)
    assert first.status_code == 201, first.text
    doc_id = first.json()["documents"][0]
    assert first.headers["location"] == f"/api/documents/{doc_id}"
    again = client("POST", "/api/documents", json={"text": WIRE}, headers=headers, timeout=60)
    assert again.status_code == 200, again.text
    assert again.json()["existing"] == [doc_id]
    assert again.json()["documents"] == []
    assert again.headers["location"] == f"/api/documents/{doc_id}"
