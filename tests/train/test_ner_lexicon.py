"""Word lists and corpus statistics behind the recogniser's lexicon features."""

from __future__ import annotations

from newsledger.extract.entities.features import Featurizer
from newsledger.train.ner_lexicon import merge, name_words, word_stats


def test_word_stats_band_frequency_and_lower_case_share() -> None:
    text = [
        ["The", "shares", "rose", "."],
        ["Shares", "of", "Acme", "rose", "."],
        ["He", "sold", "shares", "in", "Acme", "."],
        ["Acme", "said", "the", "shares", "rose", "."],
    ]
    stats = word_stats(text)
    # "shares": four times, always lower case where a capital would mean a name.
    assert stats["shares"] == {"fq2", "cr4"}
    # "Acme": capitalised mid-sentence both times (the sentence start does not count).
    assert stats["acme"] == {"fq2", "cr0"}
    # Seen once: no band, as an unseen word at run time.
    assert "sold" not in stats


def test_name_words_need_most_of_a_words_occurrences_inside_names() -> None:
    rows = [
        (["Paris", "is", "big"], ["B-LOC", "O", "O"]),
        (["The", "Times", "said"], ["B-ORG", "I-ORG", "O"]),
        (["The", "city"], ["O", "O"]),
        (["The", "end"], ["O", "O"]),
    ]
    names = name_words(rows)
    assert names["Paris"] == {"gloc"}
    assert names["Times"] == {"gorg"}
    # "The" opens one name in three occurrences: not a name word.
    assert "The" not in names


def test_unseen_word_gets_the_unseen_band_and_a_known_one_its_own() -> None:
    lexicon = merge({"Paris": "loc"}, {"paris": {"fq5", "cr0"}, "said": {"fq100", "cr4"}})
    feats = Featurizer(lexicon)
    acme = feats.sentence(["Acme", "said"], [False, False])[0]
    assert "st=fq0" in acme
    paris = feats.sentence(["Paris", "said"], [False, False])[0]
    assert {"st=fq5", "st=cr0", "lex=loc"} <= set(paris)
    # Statistics describe a word itself, never its neighbour.
    assert not any(
        f.startswith("lex-1=fq") for f in feats.sentence(["Paris", "said"], [False, False])[1]
    )
