"""The web UI in headless Chromium (Debian's), driven by Playwright, as a reader uses it."""

from __future__ import annotations

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
