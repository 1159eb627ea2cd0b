"""Pages too small for article extraction still give their paragraphs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsledger.errors import EmptyDocumentError
from newsledger.ingest.sources import SourceFile, read_source
from newsledger.model import RawDocument
from newsledger.text.document import build_document
from newsledger.text.html_fallback import visible_paragraphs

SHORT = "<p>Northwind Labs said on Monday that it raised $400 million from investors.</p>"


def test_a_single_short_paragraph_is_an_article() -> None:
    raw = RawDocument(source="x.jsonl:1", data=SHORT.encode(), kind="html")
    doc = build_document(raw)
    assert "$400 million" in doc.text


def test_a_jsonl_record_with_one_paragraph_of_html_is_ingested(tmp_path: Path) -> None:
    path = tmp_path / "items.jsonl"
    path.write_text(json.dumps({"title": "Funding", "html": SHORT}) + "\n", encoding="utf-8")
    source = SourceFile(str(path), path.stat().st_size, path.stat().st_mtime_ns)
    (raw,) = list(read_source(source, 1_000_000))
    assert isinstance(raw, RawDocument)
    assert "$400 million" in build_document(raw).text


def test_navigation_scripts_and_forms_are_not_paragraphs() -> None:
    html = (
        "<nav><p>Home</p></nav><script>var x = '<p>no</p>';</script>"
        "<form><p>Sign up</p></form><h1>Title</h1><p>First  paragraph.</p>"
        "<blockquote><p>Quoted words.</p></blockquote>"
    )
    assert visible_paragraphs(html) == "Title\n\nFirst paragraph.\n\nQuoted words."


def test_a_page_with_no_paragraphs_is_still_refused() -> None:
    raw = RawDocument(source="menu.html", data=b"<div><nav>Home</nav></div>", kind="html")
    with pytest.raises(EmptyDocumentError, match=r"menu\.html"):
        build_document(raw)
