from __future__ import annotations

from newsledger.text.normalize import content_id, normalize_text


def test_normalize_unifies_newlines_spaces_and_invisible_characters() -> None:
    raw = "Hello\u00a0world  \r\n\r\n\r\n\r\nSoft\u00adhyphen\u200b here"
    assert normalize_text(raw) == "Hello world\n\nSofthyphen here"


def test_content_id_ignores_spacing_and_case_but_not_words() -> None:
    assert content_id("A  story\n\nhere") == content_id("a story here")
    assert content_id("a story here") != content_id("a story there")


def test_normalize_handles_old_mac_newlines_tabs_and_long_blank_runs() -> None:
    raw = "Line one\t \rLine two\r\n\r\n\r\nLine\u200d three\ufeff\t\n"
    assert normalize_text(raw) == "Line one\nLine two\n\nLine three"
    assert normalize_text("Cafe\u0301 ") == "Café"


def test_content_id_folds_every_kind_of_whitespace() -> None:
    assert content_id("a\u2028story\u3000here\t") == content_id("A story here")
    assert content_id("Straße") == content_id("STRASSE")
