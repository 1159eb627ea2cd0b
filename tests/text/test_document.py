from __future__ import annotations

import pytest

from newsledger.errors import EmptyDocumentError
from newsledger.model import RawDocument
from newsledger.text.document import build_document


def _raw(text: str, **fields: str) -> RawDocument:
    return RawDocument(source="t.txt", data=text.encode("utf-8"), kind="text", **fields)


@pytest.mark.parametrize(
    ("dateline", "expected"),
    [
        ("By Jo Writer | March 18, 2026 | 4 min read", "2026-03-18"),
        ("Von Tobias Kern\n13. März 2026, 09:12 Uhr", "2026-03-13"),
    ],
)
def test_a_dateline_near_the_top_gives_the_publication_date(dateline: str, expected: str) -> None:
    body = (
        "Acme opened a plant in Lyon on Tuesday. It will employ 300 people in 2027."
        if dateline.startswith("By")
        else "Acme hat am Dienstag ein Werk in Lyon eröffnet. Dort sollen 300 Menschen arbeiten."
    )
    doc = build_document(_raw(f"Acme opens plant\n\n{dateline}\n\n{body}"))
    assert doc.published == expected


def test_a_date_in_the_article_body_is_not_taken_for_the_publication_date() -> None:
    lead = "Acme opened a plant in Lyon. " * 6
    doc = build_document(_raw(f"{lead}\n\nThe deal closed on March 3, 2021."))
    assert doc.published is None


def test_a_known_publication_date_is_kept() -> None:
    doc = build_document(_raw("Published May 1, 2020\n\nAcme grew.", published="2024-01-02"))
    assert doc.published == "2024-01-02"


def test_whitespace_only_text_is_an_empty_document() -> None:
    with pytest.raises(EmptyDocumentError, match=r"t\.txt"):
        build_document(_raw(" \n\n \t "))


def test_a_page_without_date_metadata_gets_no_guessed_date() -> None:
    page = (
        "<html><head><title>Acme opens plant</title></head><body><article>"
        "<h1>Acme opens plant</h1>"
        "<p>Acme opened a plant in Lyon. The site was first planned on 3 March 2019, "
        "long before the current owners took over the business in the region.</p>"
        "<p>It will employ 300 people and supply carmakers across the south of France.</p>"
        "</article></body></html>"
    )
    raw = RawDocument(source="p.html", data=page.encode("utf-8"), kind="html")
    assert build_document(raw).published is None


def test_html_nested_a_thousand_levels_deep_keeps_its_article_text() -> None:
    # libxml2 drops everything below 256 levels: such pages are flattened first.
    text = "Volkswagen will build a battery plant in Salzgitter for 2 billion euros, it said."
    for depth in (300, 1_000, 20_000):
        page = (
            "<html><head><title>Plant</title><script>var hidden = 1;</script></head><body>"
            + "<div><span>" * depth
            + f"<p>{text}</p>"
            + "</span></div>" * depth
            + "</body></html>"
        )
        raw = RawDocument(source="deep.html", data=page.encode(), kind="html")
        doc = build_document(raw)
        assert doc.text == text, depth
        assert doc.title == "Plant"
        assert "hidden" not in doc.raw_text
