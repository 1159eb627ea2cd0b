"""Title, date, author and outlet from a page's own metadata (issue 18, item 5)."""

from __future__ import annotations

import json

import lxml.html

from newsledger.model import RawDocument
from newsledger.text.document import build_document
from newsledger.text.html_meta import PageMeta, read_meta

ARTICLE = (
    "<article><h1>{h1}</h1>"
    "<p>Siemens Energy said on Tuesday it would build a new turbine plant in Leipzig, "
    "creating 800 jobs by 2027, the company told reporters at the site.</p>"
    "<p>The plant will supply grid operators across Germany and Poland, and the first "
    "turbines are due to leave the factory in the spring of the following year.</p>"
    "<p>Unions welcomed the plan but asked for guarantees for the existing sites.</p>"
    "</article>"
)


def _page(head: str, body: str = "", h1: str = "Siemens Energy to build plant") -> str:
    return f"<html><head>{head}</head><body>{body}{ARTICLE.format(h1=h1)}</body></html>"


def _meta(html: str) -> PageMeta:
    return read_meta(lxml.html.fromstring(html))


def test_open_graph_and_article_tags_give_every_field() -> None:
    meta = _meta(
        _page(
            '<meta property="og:title" content="Siemens Energy to build plant in Leipzig">'
            '<meta property="article:published_time" content="2026-03-04T09:12:00+01:00">'
            '<meta name="author" content="Jana Weber">'
            '<meta property="og:site_name" content="The Continental Ledger">'
        )
    )
    assert meta.title == "Siemens Energy to build plant in Leipzig"
    assert meta.published == "2026-03-04"
    assert meta.author == "Jana Weber"
    assert meta.site == "The Continental Ledger"


def test_json_ld_in_a_graph_gives_headline_date_authors_and_publisher() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "ignored"},
            {
                "@type": "NewsArticle",
                "headline": "Turbine plant for Leipzig",
                "datePublished": "2026-03-04",
                "author": [{"@type": "Person", "name": "Jana Weber"}, {"name": "Tom Ruiz"}],
                "publisher": {"@type": "Organization", "name": "Leipziger Kurier"},
            },
        ],
    }
    script = f'<script type="application/ld+json">{json.dumps(graph)}</script>'
    meta = _meta(_page('<meta property="og:title" content="Teaser: big news!">' + script))
    # The article's own headline beats the social-media teaser.
    assert meta.title == "Turbine plant for Leipzig"
    assert meta.published == "2026-03-04"
    assert meta.author == "Jana Weber; Tom Ruiz"
    assert meta.site == "Leipziger Kurier"


def test_broken_or_hostile_json_ld_gives_no_metadata_and_no_error() -> None:
    for payload in ("{not json", "[" * 5000 + "]" * 5000, '"just a string"'):
        script = f'<script type="application/ld+json">{payload}</script>'
        meta = _meta(_page("<title>Plant</title>" + script))
        assert meta.published is None


def test_a_byline_marked_as_author_names_the_author_without_its_prefix() -> None:
    meta = _meta(
        _page("<title>Plant</title>", '<p class="byline">By <a rel="author">Jana Weber</a></p>')
    )
    assert meta.author == "Jana Weber"


def test_a_profile_url_or_handle_is_not_an_author() -> None:
    meta = _meta(
        _page(
            '<meta property="article:author" content="https://example.org/authors/jw">'
            '<meta name="twitter:creator" content="@jweber">'
        )
    )
    assert meta.author is None


def test_the_date_comes_from_the_canonical_url_when_the_tags_give_none() -> None:
    meta = _meta(_page('<link rel="canonical" href="https://ledger.example/2026/03/04/plant/">'))
    assert meta.published == "2026-03-04"
    assert meta.site == "ledger.example"


def test_a_dotted_german_date_in_a_meta_tag_is_read_day_first() -> None:
    meta = _meta(_page('<meta name="date" content="04.03.2026">'))
    assert meta.published == "2026-03-04"


def test_a_real_looking_page_gives_title_date_author_and_outlet_to_the_document() -> None:
    page = _page(
        "<title>Siemens Energy to build plant | Leipziger Kurier</title>"
        '<meta property="og:site_name" content="Leipziger Kurier">'
        '<meta name="author" content="Jana Weber">'
        '<meta property="article:published_time" content="2026-03-04T09:12:00Z">',
        body="<nav><a href='/'>Home</a> <a href='/wirtschaft'>Wirtschaft</a></nav>",
    )
    raw = RawDocument(source="kurier.html", data=page.encode(), kind="html")
    doc = build_document(raw)
    assert doc.title == "Siemens Energy to build plant"
    assert doc.published == "2026-03-04"
    assert doc.author == "Jana Weber"
    assert doc.site == "Leipziger Kurier"
    assert "800 jobs" in doc.text
    assert "Wirtschaft" not in doc.text
