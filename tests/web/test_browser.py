"""The web UI in headless Chromium (Debian's), driven by Playwright, as a reader uses it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"
    ),
]

if CHROMIUM.exists():
    from playwright.sync_api import Browser, Page, expect, sync_playwright


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, server: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server)
    page = context.new_page()
    outside: list[str] = []
    # Nothing may be fetched from anywhere but this server.
    page.on(
        "request",
        lambda request: outside.append(request.url) if not request.url.startswith(server) else None,
    )
    yield page
    context.close()
    assert outside == []


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_overview_shows_conflicts_entities_and_languages(page: Page) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    expect(page.locator("p.counts")).to_contain_text("3 documents")
    conflicts = page.locator("section", has=page.get_by_role("heading", name="Conflicts"))
    expect(conflicts).to_contain_text("Colossus")
    expect(conflicts).to_contain_text("more than one million GPUs")
    mentioned = page.locator("section", has=page.get_by_role("heading", name="Most mentioned"))
    expect(mentioned.get_by_role("link", name="Northwind Labs", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="de", exact=True)).to_be_visible()
    shot(page, "overview")


def test_a_conflict_leads_to_the_sentence_in_the_source(page: Page) -> None:
    page.goto("/")
    page.locator("section", has=page.get_by_role("heading", name="Conflicts")).get_by_role(
        "link", name="Colossus"
    ).first.click()
    expect(page.get_by_role("heading", name="Conflicts", exact=True)).to_be_visible()
    card = page.locator("section.conflict").first
    expect(card.locator(".claim")).to_have_count(2)
    expect(card).to_contain_text("über 100.000 Grafikprozessoren")
    expect(card.locator("blockquote").first).to_be_visible()
    shot(page, "conflicts")
    german = card.locator(".claim", has_text="Grafikprozessoren")
    german.get_by_role("link", name="Open in document").click()
    expect(
        page.get_by_role("heading", name="Northwind Labs baut Rechenzentrum Colossus aus")
    ).to_be_visible()
    assert "#f-" in page.url
    target = page.locator("mark.fig:target")
    expect(target).to_have_text("über 100.000 Grafikprozessoren")
    expect(target).to_be_in_viewport()
    shot(page, "document-from-conflict")


def test_search_finds_articles_in_both_languages(page: Page) -> None:
    page.goto("/")
    page.get_by_role("searchbox", name="Search articles").fill("Colossus")
    page.get_by_role("button", name="Search").first.click()
    hits = page.locator("li.hit")
    expect(hits).to_have_count(2)
    expect(hits.locator("mark").first).to_have_text("Colossus")
    expect(page.locator("p.entity-list")).to_contain_text("Colossus")
    shot(page, "search")
    page.get_by_role("link", name="Northwind Labs expands its Colossus data centre").click()
    expect(page.locator("article.doc .text")).to_contain_text("Nobody has this much compute")


def test_entity_page_shows_documents_quotes_and_graph(page: Page) -> None:
    page.goto("/entities")
    page.get_by_role("link", name="Northwind Labs", exact=True).click()
    expect(page.get_by_role("heading", name="Northwind Labs", exact=True)).to_be_visible()
    expect(page.locator("text=Also called:")).to_be_visible()
    documents = page.locator("section", has=page.get_by_role("heading", name="Documents"))
    expect(documents.locator("tbody tr")).to_have_count(3)
    graph = page.locator("svg.graph")
    expect(graph).to_be_visible()
    expect(graph.locator("a")).not_to_have_count(0)
    shot(page, "entity")
    graph.locator("a").first.click()
    expect(page.locator("h1")).not_to_have_text("Northwind Labs")


def test_document_highlights_and_escapes_markup(page: Page) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto("/search?q=researcher")
    page.get_by_role("link", name="Security notes on web pages").click()
    text = page.locator("article.doc .text")
    expect(text).to_contain_text('<script>window.pwned = 1; document.title = "pwned";</script>')
    expect(text).to_contain_text('<img src=x onerror="window.pwned = 2">')
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert "pwned" not in page.title()
    assert dialogs == []
    expect(page.locator(".legend")).to_contain_text("figure")
    page.get_by_role("link", name="Show removed boilerplate").click()
    expect(page.get_by_role("heading", name="Removed boilerplate")).to_be_visible()


def test_pages_fit_a_phone(browser: Browser, server: str) -> None:
    context = browser.new_context(viewport=PHONE, base_url=server)
    page = context.new_page()
    for path, name in (("/", "overview"), ("/conflicts", "conflicts"), ("/entities", "entities")):
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} scrolls sideways at phone width ({width}px)"
        shot(page, f"phone-{name}")
    page.goto("/search?q=Colossus")
    page.locator("li.hit a").first.click()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, "phone-document")
    context.close()


def test_stories_page_lists_stories_and_leads_to_one(page: Page) -> None:
    page.goto("/")
    page.get_by_role("navigation", name="main").get_by_role("link", name="Stories").click()
    expect(page.get_by_role("heading", name="Stories", exact=True)).to_be_visible()
    rows = page.locator("tbody tr")
    expect(rows).not_to_have_count(0)
    first = rows.first
    expect(first).to_contain_text("de, en")
    shot(page, "stories")
    first.locator("a").first.click()
    expect(page.locator("h1")).not_to_have_text("Stories")
    # A story across two languages joins at least two articles.
    expect(page.locator("tbody tr").nth(1)).to_be_visible()


def test_an_unknown_page_is_an_html_404_and_the_api_stays_json(page: Page) -> None:
    answer = page.goto("/no-such-page")
    assert answer is not None and answer.status == 404
    assert answer.headers["content-type"].startswith("text/html")
    expect(page.get_by_role("heading", name="404")).to_be_visible()
    expect(page.get_by_role("link", name="Back to the overview")).to_be_visible()
    shot(page, "not-found")
    api = page.goto("/api/no-such-endpoint")
    assert api is not None and api.status == 404
    assert api.headers["content-type"].startswith("application/json")


# -- a ledger with a disputed claim, a range and one figure from three sources ----------

CLAIM_ARTICLES = {
    "plans/leipzig.txt": (
        "Northwind Labs plans battery plant in Leipzig\n\n"
        "Northwind Labs said on Monday that it will store 10 to 12 GWh of energy at its "
        "Leipzig plant. Northwind Labs raised $2.4 billion from investors, chief executive "
        "Lena Brandt said.\n\n"
        "Northwind Labs will employ 900 workers at the plant by 2027, according to the "
        "company.\n\n"
        "Bluefin Systems disputed the claim by Northwind Labs, calling the figure of 900 "
        "workers misleading.\n"
    ),
    "wire/funding.txt": (
        "Northwind Labs funding round closes\n\n"
        "Northwind Labs raised $2.4 billion in its latest funding round, the company said on "
        "Tuesday. Investors from Norway and Japan took part in the round.\n\n"
        "The battery maker wants to open its plant in Leipzig next year.\n"
    ),
    "wire/investors.txt": (
        "Investors back Northwind Labs\n\n"
        "Battery start-up Northwind Labs has raised $2.4 billion, according to people familiar "
        "with the deal. The money will go to its first factory in Saxony.\n\n"
        "Northwind Labs has raised $3.1 billion in total since it was founded, a spokesperson "
        "said.\n"
    ),
    "wire/plant.txt": (
        "Northwind Labs scales up Leipzig plans\n\n"
        "Northwind Labs will employ 1,500 workers at the plant by 2027, the company "
        "said on Wednesday. Its Leipzig plant will store 20 GWh of energy.\n"
    ),
}


@pytest.fixture(scope="module")
def claims_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from newsledger.ledger import Ledger
    from tests.api.newsledger_live import live_server

    folder = tmp_path_factory.mktemp("claims-ledger")
    for name, text in CLAIM_ARTICLES.items():
        path = folder / "articles" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    db = folder / "ledger.db"
    with Ledger(db) as ledger:
        assert ledger.ingest([folder / "articles"]).ingested == len(CLAIM_ARTICLES)
        disputed = [c for c in ledger.store.claims() if c.disputed]
        # The pages under test show what extraction found; without these it tests nothing.
        assert any(c.attribute == "employees_planned" for c in disputed), disputed
    with live_server(db) as base:
        yield base


@pytest.fixture
def claims_page(browser: Browser, claims_server: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=claims_server)
    page = context.new_page()
    yield page
    context.close()


def test_conflicts_name_documents_and_attributes_as_a_reader_would(claims_page: Page) -> None:
    page = claims_page
    page.goto("/conflicts")
    text = page.locator("main").inner_text()
    assert "employees_planned" not in text and "funding_raised" not in text
    assert re.search(r"\b[0-9a-f]{20}\b", text) is None, "a raw document hash is shown"
    expect(
        page.get_by_role("heading", name="Northwind Labs: employees (planned)").first
    ).to_be_visible()
    between = page.locator("section.conflict", has_text="1,500 workers")
    expect(between.locator("p.muted").first).to_contain_text("Northwind Labs scales up")
    disputed = page.locator("section.conflict", has=page.locator("blockquote.denial")).first
    expect(disputed.locator("blockquote.denial")).to_contain_text(
        "calling the figure of 900 workers misleading"
    )
    ranged = page.locator("section.conflict", has_text="energy (planned)")
    expect(ranged).to_contain_text("10–12 GWh")
    expect(ranged).not_to_contain_text("range")
    shot(page, "conflicts-labels")


def test_entity_page_groups_a_figure_with_all_its_sources(claims_page: Page) -> None:
    page = claims_page
    page.goto("/entities")
    page.get_by_role("link", name="Northwind Labs", exact=True).click()
    claims = page.locator("section", has=page.get_by_role("heading", name="Claims about"))
    row = claims.locator("tbody tr", has_text="$2.4 billion")
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(2)).to_have_text("3")
    expect(row.get_by_role("link")).to_have_count(3)
    expect(claims.locator("tbody tr", has_text="1,500 workers")).to_have_count(1)
    shot(page, "entity-claims")


def test_documents_list_sorts_and_filters(claims_page: Page) -> None:
    page = claims_page
    page.goto("/documents")
    titles = page.locator("tbody tr td:first-child a")
    expect(titles).to_have_count(4)
    page.get_by_role("link", name="title").click()
    expect(titles.first).to_have_text("Investors back Northwind Labs")
    page.get_by_role("link", name="title ▲").click()
    expect(titles.first).to_have_text("Northwind Labs scales up Leipzig plans")
    page.get_by_label("Source").fill("wire")
    page.get_by_role("button", name="Filter").click()
    expect(titles).to_have_count(3)
    expect(page.locator("main")).to_contain_text("3 documents")
    shot(page, "documents-sorted")


def test_a_reader_marks_a_conflict_from_the_conflicts_page(
    browser: Browser, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # A ledger of its own: the mark must not leak into the other pages' tests.
    from tests.api.newsledger_live import TOKEN, build_ledger, live_server

    db = build_ledger(tmp_path_factory.mktemp("feedback-ledger"))
    with live_server(db) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=base)
        page = context.new_page()
        page.goto("/conflicts")
        card = page.locator("section.conflict").first
        card.get_by_label("Write token").fill("wrong")
        card.get_by_role("button", name="Not a conflict").click()
        expect(page.locator("body")).to_contain_text("does not allow writing")
        page.goto("/conflicts")
        card = page.locator("section.conflict").first
        card.get_by_label("Write token").fill(TOKEN)
        card.get_by_role("button", name="Not a conflict").click()
        expect(page).to_have_url(f"{base}/conflicts#{card.get_attribute('id')}")
        expect(page.locator("section.conflict").first).to_contain_text("marked not a conflict")
        shot(page, "conflict-marked")
        page.locator("section.conflict").first.get_by_label("Write token").fill(TOKEN)
        page.locator("section.conflict").first.get_by_role("button", name="Confirm").click()
        expect(page.locator("section.conflict").first).to_contain_text("confirmed as a conflict")
        context.close()
