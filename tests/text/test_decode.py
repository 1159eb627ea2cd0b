from __future__ import annotations

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
