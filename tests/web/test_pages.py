"""Page content that needs no browser: rendered HTML over in-process HTTP."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import httpx

from newsledger import Ledger
from newsledger.web.app import create_app

BODY = (
    "Orbital Freight raised $25 million in a funding round on Monday, its chief "
    "executive Ana Costa said. The Lisbon start-up will add 40 staff this year and "
    "open an office in Porto. Investors include two funds from Madrid and Paris."
)


def _get(db: Path, path: str) -> str:
    async def fetch() -> str:
        transport = httpx.ASGITransport(app=create_app(str(db), token=None))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            response = await client.get(path)
            assert response.status_code == 200
            return response.text

    return asyncio.run(fetch())


def test_document_page_links_a_near_duplicate_and_its_original(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY + " More details follow next week.", encoding="utf-8")
    (tmp_path / "b.txt").write_text(BODY + " Details will follow next week.", encoding="utf-8")
    with Ledger(tmp_path / "l.db") as ledger:
        ledger.ingest([tmp_path / "a.txt", tmp_path / "b.txt"])
        ((copy, original),) = ledger.store.duplicates().items()
    copy_page = _get(tmp_path / "l.db", f"/documents/{copy}")
    original_page = _get(tmp_path / "l.db", f"/documents/{original}")
    assert "Near-duplicate of" in copy_page and f"/documents/{original}" in copy_page
    assert "Copied by" in original_page and f"/documents/{copy}" in original_page


def test_unknown_pages_are_html_404s_and_api_paths_json(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    with Ledger(db):
        pass

    async def fetch() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=create_app(str(db), token=None))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return [
                await client.get("/no-such-page"),
                await client.get("/no-such-page", headers={"Accept": "*/*"}),
                await client.get("/api/no-such-endpoint"),
                await client.get("/api/no-such-endpoint", headers={"Accept": "text/html"}),
            ]

    plain, any_type, api, api_html = asyncio.run(fetch())
    for page in (plain, any_type):
        assert page.status_code == 404
        assert page.headers["content-type"].startswith("text/html")
        assert "<h1>404</h1>" in page.text
    for answer in (api, api_html):
        assert answer.status_code == 404
        assert answer.headers["content-type"].startswith("application/json")


def test_stories_page_lists_every_story(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    with Ledger(db):
        pass
    page = _get(db, "/stories")
    assert "<h1>Stories</h1>" in page and "0 stories" in page


DISPUTED = (
    "Northwind Labs plans battery plant in Leipzig\n\n"
    "Northwind Labs raised $40 million in March 2025. It will store 10 to 12 GWh of energy "
    "at its Leipzig plant.\n\n"
    "Northwind Labs will employ 900 workers at the plant by 2027, according to the company.\n\n"
    "Bluefin Systems disputed the claim by Northwind Labs, calling the figure of 900 workers "
    "misleading.\n"
)


def test_disputed_claims_carry_their_denial_and_the_timeline_names_documents(
    tmp_path: Path,
) -> None:
    (tmp_path / "leipzig.txt").write_text(DISPUTED, encoding="utf-8")
    with Ledger(tmp_path / "l.db") as ledger:
        ledger.ingest([tmp_path / "leipzig.txt"])
        assert any(c.disputed for c in ledger.store.claims())

    async def fetch() -> tuple[httpx.Response, httpx.Response]:
        transport = httpx.ASGITransport(app=create_app(str(tmp_path / "l.db"), token=None))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.get("/api/conflicts"), await client.get("/timeline")

    conflicts, timeline = asyncio.run(fetch())
    denials = {c["denied_by"] for item in conflicts.json()["items"] for c in item["claims"]}
    assert any(d and "calling the figure of 900 workers misleading" in d for d in denials)
    assert "Northwind Labs plans battery plant in Leipzig" in timeline.text
    assert "funding round size" in timeline.text and "funding_raised" not in timeline.text
    assert re.search(r">[0-9a-f]{12}<", timeline.text) is None
