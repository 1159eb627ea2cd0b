"""Hypothesis strategies for hostile input: text, HTML, JSONL lines and feeds.

Inputs are built from news-like fragments (lexicon phrases, numbers, dates,
quotes) that reach every extractor, mutated the ways issue 19 found
dangerous: look-alike letters (``ſ``, ``ı``, the Kelvin sign), tabs and runs
of blanks inside phrases, mutated numbers and dates, huge tokens, runs of
punctuation, deep nesting and repeated passages.
"""

from __future__ import annotations

import json
import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Profiles: "fuzz-ci" keeps the whole fuzz suite to a few minutes on a 2-core
# machine; "fuzz-long" (make fuzz) runs 2,000 inputs per test, 10,000 in all.
settings.register_profile(
    "fuzz-ci",
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
)
settings.register_profile(
    "fuzz-long",
    max_examples=2_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = settings(
    settings.get_profile(os.environ.get("NEWSLEDGER_FUZZ_PROFILE", "fuzz-ci")),
    # NEWSLEDGER_FUZZ_EXAMPLES=N overrides the profile's inputs per test.
    **(
        {"max_examples": int(os.environ["NEWSLEDGER_FUZZ_EXAMPLES"])}
        if os.environ.get("NEWSLEDGER_FUZZ_EXAMPLES")
        else {}
    ),
)

# Inputs stay below the size of a long article with its hostile parts: the
# 2 s bound is per input; scaling to 1 MB is benchmarks/adversarial.py's job.
MAX_TEXT = 50_000

PHRASES = [
    "Microsoft", "Siemens Energy", "Volkswagen", "Angela Merkel", "the company", "said",
    "sagte", "told reporters", "more than", "almost", "about", "at least", "up to", "nearly",
    "raised", "reported sales of", "revenue rose", "fell", "employees", "jobs", "workers",
    "US dollars", "dollars", "euros", "Millionen Euro", "Milliarden", "million", "billion",
    "per cent", "percent", "Prozent", "or more", "last year", "yesterday", "on Tuesday",
    "last week", "next month", "im vergangenen Jahr", "am Dienstag", "gestern", "acquired",
    "will buy", "sued", "denied", "announced", "plans to", "in Berlin", "in Leipzig", "US",
    "Inc.", "Dr.", "z.B.", "according to", "laut", "the plant", "Werk", "die Firma",
]  # fmt: skip
NUMBERS = [
    "$5 million", "€4,1 Mrd.", "5,000", "3.5%", "1.2.3.4", "10,00,000", "-0", "1e309",
    "99999999999999999999999", "0.0000001", "$", "€", "%", "5 million US dollars",
    "2 employees", "$5bn", "1,5 Millionen", "½", "٣", "５", "$.5", "5..5", "5,,000",
]  # fmt: skip
DATES = [
    "2024-02-30", "31. Februar 2025", "0001-01-01", "9999-12-31", "March 4, 2026",
    "10. März 2026", "Q5 2025", "2026", "1/2/3", "on 30 February", "am 32. Mai",
]  # fmt: skip
QUOTES = ['"', "“", "”", "„", "«", "»", "'", "‘", "’", "‹", "›"]
LOOKALIKES = {"s": "ſ", "i": "ı", "k": "\u212a", "K": "\u212a", "I": "İ", " ": "\u00a0"}
HOSTILE_CHARS = [
    "ſ", "ı", "İ", "\u212a", "\t", "  ", "   ", "\u00a0", "\u200b", "\u200e", "\u202e",
    "\ufeff", "\u0301", "ß", "ẞ", "ﬁ", "\u2028", "\u0000", "\x0b", "\r", "\ufffd", "😀",
]  # fmt: skip
SEPARATORS = [" ", " ", " ", "", "  ", "\t", "\n", "\n\n", ". ", ", ", " \t "]
PUNCT_RUNS = ["!", "?", ".", '"', "'", "(", ")", "[", "]", "%", "„“»«", "…", "-", "$€"]

HTML_EXTRAS = ["", "<script>var a = '</p>';</script>", "<p>", "</div>", "<!--", "<![CDATA[",
               "&#xD800;", "&#0;", "<title>T</title>"]  # fmt: skip
FEED_EXTRAS = ["", "&#xD800;", "&#0;", "&#x110000;", "&#99999999999;", "&#1;", "&bogus;", "]]>",
               "&#xDFFF;"]  # fmt: skip
FEED_DATES = ["", "<pubDate>Tue, 31 Feb 2026 10:00:00 GMT</pubDate>",
              "<pubDate>Mon, 01 Jan 0001 00:00:00 GMT</pubDate>"]  # fmt: skip

PUBLISHED = st.one_of(
    st.none(),
    st.sampled_from(
        ["2026-03-04", "0001-01-01", "9999-12-31", "2024-02-30", "2026", "garbage", ""]
    ),
)


@st.composite
def _huge(draw: st.DrawFn) -> str:
    unit = draw(st.sampled_from([*PUNCT_RUNS, "a", "ab%", "1", "a!"]))
    return unit * draw(st.integers(min_value=50, max_value=3_000))


@st.composite
def _mutate(draw: st.DrawFn, text: str) -> str:
    """Look-alike letters and odd blanks swapped in at a few places."""
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        source = draw(st.sampled_from(sorted(LOOKALIKES)))
        if source in text:
            text = text.replace(source, LOOKALIKES[source], draw(st.integers(1, 3)))
    if draw(st.booleans()):
        text = text.replace(" ", draw(st.sampled_from(["  ", "\t", " \t", "\u00a0"])), 2)
    return text


FRAGMENT = st.one_of(
    st.sampled_from(PHRASES),
    st.sampled_from(NUMBERS),
    st.sampled_from(DATES),
    st.sampled_from(QUOTES),
    st.sampled_from(HOSTILE_CHARS),
    st.text(max_size=12),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    _huge(),
)


@st.composite
def texts(draw: st.DrawFn) -> str:
    """A hostile article: fragments, mutated, maybe with a passage repeated."""
    parts = draw(st.lists(st.tuples(FRAGMENT, st.sampled_from(SEPARATORS)), max_size=40))
    text = "".join(fragment + separator for fragment, separator in parts)
    text = draw(_mutate(text))
    if text and draw(st.integers(min_value=0, max_value=4)) == 0:
        text = (text + "\n\n") * draw(st.integers(min_value=2, max_value=30))
    return text[:MAX_TEXT]


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    """A page around a hostile text: deep nesting, scripts, broken markup."""
    body = draw(texts())
    depth = draw(st.sampled_from([0, 1, 3, 50, 300, 1_200]))
    tag = draw(st.sampled_from(["div", "span", "section", "b", "blockquote", "p"]))
    extra = draw(st.sampled_from(HTML_EXTRAS))
    inner = f"<p>{body}</p>{extra}"
    return f"<html><body>{f'<{tag}>' * depth}{inner}{f'</{tag}>' * depth}</body></html>"


_DEEP_JSON = st.integers(min_value=1, max_value=3_000).map(lambda n: "[" * n + "]" * n)


@st.composite
def jsonl_lines(draw: st.DrawFn) -> bytes:
    """One JSONL line: a record with hostile text, or a hostile non-record."""
    kind = draw(st.integers(min_value=0, max_value=5))
    if kind == 0:
        return draw(_DEEP_JSON).encode("utf-8")
    if kind == 1:
        digits = draw(st.integers(min_value=4_000, max_value=5_000))
        return b'{"text": "Microsoft raised $5 million.", "n": ' + b"7" * digits + b"}"
    if kind == 2:
        return draw(st.binary(max_size=200)).replace(b"\n", b" ")
    text = draw(texts())
    escaped = json.dumps(text)  # \u escapes, then lone surrogates and NULs spliced in
    escaped = escaped[:-1] + draw(st.sampled_from(["", "\\ud800", "\\u0000", "\\udfff x"])) + '"'
    field = draw(st.sampled_from(["text", "html", "title"]))
    published = draw(st.sampled_from(["", ', "published": "0001-01-01"', ', "published": 5']))
    return f'{{"{field}": {escaped}{published}}}'.encode()


@st.composite
def feeds(draw: st.DrawFn) -> bytes:
    """An RSS feed with hostile entries, character references and dates."""
    items = []
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        body = draw(texts()).replace("&", "&amp;").replace("<", "&lt;")
        body += draw(st.sampled_from(FEED_EXTRAS))
        date = draw(st.sampled_from(FEED_DATES))
        items.append(f"<item><title>T</title>{date}<description>{body}</description></item>")
    feed = '<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>'
    feed += "".join(items) + "</channel></rss>"
    return feed.encode("utf-8", "surrogatepass")
