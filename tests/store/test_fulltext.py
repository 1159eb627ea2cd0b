"""Stems per language, the query syntax and snippets of the full-text index."""

from __future__ import annotations

from newsledger.store.fulltext import (
    Phrase,
    Term,
    fts5_query,
    index_text,
    parse_query,
    snippet,
    tsquery,
)


def test_index_text_stems_english_plurals_of_acronyms_and_german_compounds() -> None:
    assert index_text("GPUs and CPUs", "en") == index_text("GPU and CPU", "en")
    assert index_text("Batteriefabriken", "de") == index_text("Batteriefabrik", "de")
    assert index_text("Zürich", "xx") == "zurich"  # no stemmer: folded words


def test_parse_query_reads_phrases_or_not_and_prefixes() -> None:
    terms = parse_query('"new plant" GPU OR chip -Tesla NOT Musk batter*')
    assert terms == [
        Term((Phrase(("new", "plant")),)),
        Term((Phrase(("GPU",)), Phrase(("chip",)))),
        Term((Phrase(("Tesla",)),), negated=True),
        Term((Phrase(("Musk",)),), negated=True),
        Term((Phrase(("batter",), prefix=True),)),
    ]
    assert parse_query('unbalanced "quote AND') == [
        Term((Phrase(("unbalanced",)),)),
        Term((Phrase(("quote", "AND")),)),
    ]
    assert parse_query("  ") == []


def test_queries_render_alike_for_both_backends() -> None:
    terms = parse_query("GPUs -Musk")
    assert fts5_query(terms, ["en", "de"]) == '("gpu" OR "gpus") NOT ("musk")'
    assert tsquery(terms, ["en", "de"]) == "('gpu' | 'gpus') & !('musk')"
    assert fts5_query(parse_query("-only"), ["en"]) is None
    assert tsquery(parse_query("-only"), ["en"]) is None


def test_snippet_brackets_the_words_that_match_in_the_original_text() -> None:
    text = "Intro words here. " * 5 + "The site runs 200,000 GPUs in Lisbon today."
    cut = snippet(text, parse_query("gpu"), "en")
    assert "[GPUs]" in cut
    assert cut.startswith("…")
    assert "\n" not in snippet("a\n\nGPUs b", parse_query("GPU"), "en")
