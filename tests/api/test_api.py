"""The HTTP API against a real `newsledger serve` process on loopback."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path
from urllib.parse import quote, urlsplit

import anyio
import httpx

from newsledger.web.app import create_app
from tests.api.newsledger_live import DE_ARTICLE, TOKEN, live_server


def get(base: str, path: str, **params: object) -> httpx.Response:
    return httpx.get(base + path, params=params, timeout=30)  # type: ignore[arg-type]


def raw_request(base: str, target: str) -> tuple[int, bytes]:
    """Send ``target`` exactly as written (no client-side normalisation of ``..``)."""
    parts = urlsplit(base)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(
            f"GET {target} HTTP/1.1\r\nHost: {parts.netloc}\r\nConnection: close\r\n\r\n".encode()
        )
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    status = int(data.split(b" ", 2)[1])
    return status, data


def assert_error(response: httpx.Response, status: int) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error", "detail"}
    assert isinstance(body["error"], str) and body["error"]
    assert "Traceback" not in response.text
    return body  # type: ignore[no-any-return]


# -- reading ---------------------------------------------------------------------------


def test_stats_count_what_was_ingested(server: str) -> None:
    stats = get(server, "/api/stats").json()
    assert stats["documents"] == 3
    assert stats["languages"] == {"en": 2, "de": 1}
    assert stats["conflicts"] >= 1


def test_documents_filter_by_language(server: str) -> None:
    page = get(server, "/api/documents", language="de").json()
    assert page["total"] == 1
    assert [d["language"] for d in page["items"]] == ["de"]
    assert page["items"][0]["title"] == DE_ARTICLE.splitlines()[0]


def test_documents_pages_cover_every_document_once(server: str) -> None:
    seen = []
    for offset in range(3):
        page = get(server, "/api/documents", limit=1, offset=offset).json()
        assert page["total"] == 3 and page["limit"] == 1 and page["offset"] == offset
        seen += [d["id"] for d in page["items"]]
    assert len(set(seen)) == 3
    beyond = get(server, "/api/documents", limit=10, offset=3).json()
    assert beyond["items"] == [] and beyond["total"] == 3


def test_documents_filter_by_entity_and_source(server: str) -> None:
    entities = get(server, "/api/entities", limit=500).json()["items"]
    colossus = next(e for e in entities if e["name"] == "Colossus")
    page = get(server, "/api/documents", entity=colossus["id"]).json()
    assert page["total"] == 2
    assert {d["language"] for d in page["items"]} == {"en", "de"}
    by_name = get(server, "/api/documents", entity="Colossus").json()
    assert by_name["total"] == 2
    assert get(server, "/api/documents", source="markup").json()["total"] == 1


def test_document_by_id_has_text_and_sentences(server: str) -> None:
    doc_id = get(server, "/api/documents", language="de").json()["items"][0]["id"]
    doc = get(server, f"/api/documents/{doc_id}").json()
    assert doc["id"] == doc_id
    assert "über 100.000 Grafikprozessoren" in doc["text"]
    assert doc["sentences"] and doc["counts"]["figures"] >= 1


def test_unknown_ids_are_404_json(server: str) -> None:
    for path in (
        "/api/documents/ffffffffffffffffffff",
        "/api/entities/no-such-entity",
        "/api/conflicts/c000000000000",
        "/api/stories/s-none",
        "/api/no-such-endpoint",
    ):
        assert_error(get(server, path), 404)


def test_figures_filter_by_unit_and_claims_by_entity(server: str) -> None:
    figures = get(server, "/api/figures", unit="GPU").json()
    assert figures["total"] == 2
    assert {f["value"] for f in figures["items"]} == {100_000.0, 1_000_000.0}
    claims = get(server, "/api/claims", entity="Colossus").json()
    assert claims["total"] >= 2
    assert all(c["subject"] == "Colossus" for c in claims["items"])


def test_conflicts_carry_sources_and_sentences(server: str) -> None:
    page = get(server, "/api/conflicts").json()
    assert page["total"] >= 1
    conflict = next(c for c in page["items"] if c["subject"] == "Colossus")
    texts = {c["figure"]["text"] for c in conflict["claims"]}
    assert {"more than one million GPUs", "über 100.000 Grafikprozessoren"} <= texts
    for claim in conflict["claims"]:
        assert claim["figure"]["text"] in claim["sentence"]
    again = get(server, f"/api/conflicts/{conflict['id']}").json()
    assert again == conflict


def test_entities_filter_by_type_and_get_by_id(server: str) -> None:
    people = get(server, "/api/entities", type="person").json()["items"]
    assert people and all(e["type"] == "PERSON" for e in people)
    colossus = get(server, "/api/entities", name="coloss").json()["items"][0]
    entity = get(server, "/api/entities/" + quote(colossus["id"], safe="")).json()
    assert entity["name"] == "Colossus"
    assert len(entity["in_documents"]) == 2
    assert entity["appears_with"], "Colossus shares its documents with other entities"


def test_quotes_filter_by_speaker(server: str) -> None:
    every = get(server, "/api/quotes").json()
    spoken = [x for x in every["items"] if x["speaker_id"]]
    assert spoken, "the English article attributes a quote to its speaker"
    speaker = spoken[0]["speaker_id"]
    page = get(server, "/api/quotes", speaker=speaker).json()
    assert page["total"] >= 1
    assert all(x["speaker_id"] == speaker for x in page["items"])


def test_search_finds_both_languages_and_survives_bad_syntax(server: str) -> None:
    hits = get(server, "/api/search", q="Colossus").json()
    assert hits["total"] == 2
    assert all("Colossus" in h["snippet"] for h in hits["items"])
    assert get(server, "/api/search", q='"unbalanced AND (').status_code == 200
    assert_error(get(server, "/api/search"), 422)


def test_search_pages_report_the_whole_total(server: str) -> None:
    both = get(server, "/api/search", q="Colossus").json()["items"]
    second = get(server, "/api/search", q="Colossus", limit=1, offset=1).json()
    assert second["total"] == 2
    assert second["items"] == both[1:]
    beyond = get(server, "/api/search", q="Colossus", offset=5).json()
    assert beyond["total"] == 2 and beyond["items"] == []


def test_bad_parameters_are_422_json(server: str) -> None:
    assert_error(get(server, "/api/documents", limit=0), 422)
    assert_error(get(server, "/api/documents", limit=100000), 422)
    assert_error(get(server, "/api/documents", since="yesterday"), 422)
    body = assert_error(get(server, "/api/documents", offset=-1), 422)
    assert "offset" in str(body["error"])


def test_wrong_method_is_405_json(server: str) -> None:
    assert_error(httpx.delete(server + "/api/documents"), 405)


def test_openapi_schema_lists_the_endpoints(server: str) -> None:
    schema = get(server, "/openapi.json").json()
    for path in ("/api/documents", "/api/entities", "/api/conflicts", "/api/search"):
        assert path in schema["paths"]
    assert "post" in schema["paths"]["/api/documents"]
    # The interactive docs would load scripts from a CDN; they are off.
    assert get(server, "/docs").status_code == 404


# -- security ----------------------------------------------------------------------------


def test_writes_need_the_token(server: str) -> None:
    body = {"text": "Northwind Labs opened an office in Berlin on Tuesday."}
    refused = httpx.post(server + "/api/documents", json=body)
    assert_error(refused, 401)
    assert refused.headers["www-authenticate"] == "Bearer"
    wrong = httpx.post(
        server + "/api/documents", json=body, headers={"Authorization": "Bearer nope"}
    )
    assert_error(wrong, 403)
    assert get(server, "/api/stats").json()["documents"] == 3


def test_bodies_over_the_cap_are_413(server: str) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    big = b'{"text": "' + b"a" * (6 * 1024 * 1024) + b'"}'
    assert_error(httpx.post(server + "/api/documents", content=big, headers=headers), 413)

    def chunks() -> object:
        # No Content-Length: the cap is counted while the body streams.
        for _ in range(7):
            yield b"a" * (1024 * 1024)

    streamed = httpx.post(server + "/api/documents", content=chunks(), headers=headers)  # type: ignore[arg-type]
    assert_error(streamed, 413)


def test_paths_cannot_reach_files(server: str) -> None:
    for target in (
        "/static/../../pyproject.toml",
        "/static/..%2F..%2Fpyproject.toml",
        "/static/%2e%2e/%2e%2e/pyproject.toml",
        "/documents/..%2F..%2Fetc%2Fpasswd",
        "/api/documents/..%2F..%2Fetc%2Fpasswd",
        "/api/documents/%2Fetc%2Fpasswd",
        "/entities/..%2F..%2F..%2Fetc%2Fpasswd",
    ):
        status, data = raw_request(server, target)
        assert status == 404, target
        assert b"root:" not in data and b"[project]" not in data, target
    assert get(server, "/static/style.css").status_code == 200


def test_markup_in_articles_is_escaped(server: str) -> None:
    doc = get(server, "/api/documents", source="markup").json()["items"][0]
    page = httpx.get(f"{server}/documents/{doc['id']}")
    assert page.status_code == 200
    assert "&lt;script&gt;window.pwned = 1;" in page.text
    assert "<script" not in page.text
    assert "<img src=x" not in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_read_token_guards_reads(ledger_db: Path) -> None:
    with live_server(ledger_db, "--read-token", "reader") as base:
        assert_error(httpx.get(base + "/api/documents"), 401)
        assert_error(
            httpx.get(base + "/api/documents", headers={"Authorization": "Bearer bad"}), 403
        )
        for token in ("reader", TOKEN):
            answer = httpx.get(
                base + "/api/documents", headers={"Authorization": f"Bearer {token}"}
            )
            assert answer.status_code == 200 and answer.json()["total"] == 3


# -- writing -----------------------------------------------------------------------------


def test_post_ingests_text_html_and_feeds(ledger_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(ledger_db, db)
    headers = {"Authorization": f"Bearer {TOKEN}"}
    text = (
        "Bluefin Systems opens a research lab\n\n"
        "Bluefin Systems said on Tuesday it will spend $2 billion on a new lab in Austin."
    )
    html = (
        "<html><head><title>Keller joins Northwind</title></head><body><article>"
        "<h1>Keller joins Northwind</h1><p>Martin Keller will join Northwind Labs as chief "
        "scientist, the company said. He led research at Bluefin Systems for ten years.</p>"
        "</article></body></html>"
    )
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        "<item><title>Memphis grid upgrade</title><link>https://example.org/a</link>"
        "<pubDate>Tue, 04 Mar 2025 10:00:00 GMT</pubDate><description>The Memphis utility "
        "approved a grid upgrade for the Colossus data centre on Tuesday.</description></item>"
        "<item><title>Second item</title><link>https://example.org/b</link>"
        "<description>Dana Whitfield said Northwind Labs will hire 500 engineers this year."
        "</description></item></channel></rss>"
    )
    with live_server(db) as base:
        url = base + "/api/documents"
        first = httpx.post(
            url, json={"text": text, "published": "2025-03-05"}, headers=headers, timeout=60
        )
        assert first.status_code == 201, first.text
        assert first.json()["ingested"] == 1
        doc_id = first.json()["documents"][0]
        assert get(base, f"/api/documents/{doc_id}").json()["published"] == "2025-03-05"
        dated = get(base, "/api/documents", since="2025-03-01", until="2025-03-31").json()
        assert doc_id in [d["id"] for d in dated["items"]]

        again = httpx.post(url, json={"text": text}, headers=headers, timeout=60).json()
        assert again["ingested"] == 0 and again["duplicates"] == 1

        page = httpx.post(url, json={"html": html}, headers=headers, timeout=60)
        assert page.status_code == 201 and page.json()["ingested"] == 1, page.text
        entries = httpx.post(url, json={"feed": feed}, headers=headers, timeout=60)
        assert entries.status_code == 201 and entries.json()["ingested"] == 2, entries.text
        assert get(base, "/api/stats").json()["documents"] == 7

        both = httpx.post(url, json={"text": "a", "html": "<p>b</p>"}, headers=headers)
        assert_error(both, 422)
        empty = httpx.post(url, json={"text": "   "}, headers=headers, timeout=60)
        assert_error(empty, 422)
        assert_error(httpx.post(url, json={"feed": "not a feed"}, headers=headers), 422)


def test_server_without_token_refuses_all_writes(ledger_db: Path) -> None:
    with live_server(ledger_db, token=None) as base:
        answer = httpx.post(
            base + "/api/documents", json={"text": "x"}, headers={"Authorization": "Bearer x"}
        )
        body = assert_error(answer, 403)
        assert "--token" in str(body["error"])


def test_a_broken_store_is_a_json_error_not_a_trace(tmp_path: Path) -> None:
    not_a_db = tmp_path / "garbage.db"
    not_a_db.write_bytes(b"this is not sqlite" * 100)
    app = create_app(str(not_a_db), None)

    async def fetch() -> tuple[httpx.Response, httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return (
                await client.get("/api/documents"),
                await client.get("/", headers={"Accept": "text/html"}),
            )

    answer, page = anyio.run(fetch)
    body = assert_error(answer, 503)
    assert body["error"] == "the ledger database cannot be used"
    assert page.status_code == 503 and "<h1>503</h1>" in page.text


def test_search_with_control_characters_is_not_an_error(server: str) -> None:
    for query in ("\x00", "Colossus\x00", "\x01\x02"):
        answer = get(server, "/api/search", q=query)
        assert answer.status_code == 200, (query, answer.text)
    assert get(server, "/api/search", q="Colossus\x00").json()["total"] == 2


def test_threads_are_listed_as_a_page(server: str) -> None:
    body = get(server, "/api/threads").json()
    assert set(body) >= {"total", "limit", "items"}
    for thread in body["items"]:
        assert thread["docs"] and thread["id"].startswith("thread:")
