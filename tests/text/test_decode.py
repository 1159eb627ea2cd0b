from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsledger.errors import DecodeError
from newsledger.text.decode import decode_bytes


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "cp1252", "latin-1"])
def test_german_text_decodes_from_common_encodings(encoding: str) -> None:
    text = "Die Größe des Rechenzentrums überraschte Analysten in München und Köln. " * 3
    assert decode_bytes(text.encode(encoding), "x.txt") == text


def test_utf8_bom_is_dropped() -> None:
    assert decode_bytes("\ufeffHallo Welt".encode(), "x") == "Hallo Welt"


def test_binary_data_is_refused_naming_the_file() -> None:
    with pytest.raises(DecodeError, match=r"img\.txt: binary"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "img.txt")


@given(st.text(min_size=1, max_size=200).filter(lambda t: "\x00" not in t))
def test_any_utf8_text_round_trips(text: str) -> None:
    try:
        assert decode_bytes(text.encode("utf-8"), "x") == text.removeprefix("\ufeff")
    except DecodeError:
        # Text made mostly of control characters is taken for binary.
        assert sum(ch < " " and ch not in "\t\n\r\f" for ch in text) > 0


REAL_STRAY_BYTE_PAGE = Path(
    "/work/shared/corpora/html/pages/der-erfolg-gibt-recht.de.rinderleber.html"
)


def _page(charset: str, body: str) -> str:
    return (
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        f"<title>Test</title></head><body>{body}</body></html>"
    )


def test_declared_utf8_page_with_one_stray_byte_keeps_its_umlauts() -> None:
    body = "<p>Die Größe des Rechenzentrums überraschte Analysten in München.</p>" * 30
    data = _page("UTF-8", body).encode("utf-8").replace(b"</body>", b"K\xfcchenblogs</body>")
    text = decode_bytes(data, "page.html")
    assert "Größe" in text and "München" in text
    assert "Ã" not in text
    assert "K\ufffdchenblogs" in text


def test_a_declaration_that_lies_is_overruled_by_detection() -> None:
    body = "<p>Die Größe des Rechenzentrums überraschte Analysten in München.</p>" * 30
    text = decode_bytes(_page("utf-8", body).encode("cp1252"), "page.html")
    assert "Größe" in text and "\ufffd" not in text


def test_latin1_declaration_reads_windows_quotes() -> None:
    body = "<p>Er sagte „Das Zentrum wächst“ – und ging.</p>" * 10
    text = decode_bytes(_page("iso-8859-1", body).encode("cp1252"), "page.html")
    assert "„Das Zentrum wächst“ –" in text


@pytest.mark.skipif(not REAL_STRAY_BYTE_PAGE.exists(), reason="needs /work/shared corpora")
def test_real_utf8_page_with_a_stray_byte_decodes_as_declared() -> None:
    text = decode_bytes(REAL_STRAY_BYTE_PAGE.read_bytes(), REAL_STRAY_BYTE_PAGE.name)
    assert "Olivenöl" in text and "Gemüsebrühe" in text
    assert "Ã¶" not in text and "Ã¤" not in text and "Ã¼" not in text
