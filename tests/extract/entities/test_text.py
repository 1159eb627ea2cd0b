"""Tokens and the all-caps test that every entity matcher builds on."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from newsledger.extract.entities.text import is_all_caps, is_capitalised, tokenize

TOKEN_RE = re.compile(r"\w+|[^\w\s]")


def test_tokens_carry_offsets_gaps_and_capitals() -> None:
    t = tokenize("  Musk’s\u00a0OpenAI-Chef\n sagt.")
    assert t.words == ["Musk", "’", "s", "OpenAI", "-", "Chef", "sagt", "."]
    assert [t.text[a:b] for a, b in zip(t.starts, t.ends, strict=True)] == t.words
    assert t.caps == [True, False, False, True, False, True, False, False]
    assert t.joined(1) and t.joined(2) and not t.joined(3)
    assert t.spaced(3) and not t.spaced(4) and not t.spaced(6)
    assert t.sentence_start(0) and t.sentence_start(6) and not t.sentence_start(3)
    assert not t.spaced(0) and not t.joined(0)


def test_empty_text_has_no_tokens() -> None:
    assert len(tokenize("")) == 0
    assert len(tokenize(" \n\t ")) == 0


@given(st.text(alphabet="aB1_ -’.\n\t\u00a0\u2003ßü²", max_size=40))
def test_tokens_and_gaps_agree_with_plain_offsets(text: str) -> None:
    t = tokenize(text)
    spans = [m.span() for m in TOKEN_RE.finditer(text)]
    assert list(zip(t.starts, t.ends, strict=True)) == spans
    assert t.folds == [w.casefold() for w in t.words]
    assert t.caps == [is_capitalised(w) for w in t.words]
    for i in range(1, len(t)):
        gap = text[t.ends[i - 1] : t.starts[i]]
        assert t.spaced(i) == (gap in (" ", "\u00a0"))
        assert t.joined(i) == (gap == "")
        assert t.sentence_start(i) == (
            "\n" in gap or t.words[i - 1] in set(".!?:;\"“”„«»‹›–—•*|()[]-‘'")
        )


def test_all_caps_is_judged_on_the_whole_sample() -> None:
    assert is_all_caps("BREAKING: MUSK SAYS XAI WILL RAISE $6 BILLION")
    assert not is_all_caps("Musk says xAI will raise $6 billion")
    # A lower-case start does not decide early when the rest is shouted.
    assert is_all_caps("see " + "SHOUTED TEXT " * 400)
    assert not is_all_caps("quiet text " * 100 + "SHOUTED " * 200)
    assert is_all_caps("A" * 4 + "a")  # exactly 0.8
    assert not is_all_caps("123 ...")


@given(st.text(alphabet="Aa .", max_size=3000))
def test_all_caps_equals_the_share_of_upper_case_letters(text: str) -> None:
    upper = sum(map(str.isupper, text))
    letters = upper + sum(map(str.islower, text))
    assert is_all_caps(text) == (letters > 0 and upper / letters >= 0.8)
