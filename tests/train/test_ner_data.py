"""The NER corpora reader: re-cut tokens, name pieces, the split, exact-span scoring."""

from __future__ import annotations

from newsledger.train.ner_data import Sentence, is_dev, retokenize, score, spans


def test_glued_punctuation_is_not_part_of_the_name() -> None:
    # OCR sources glue full stops and brackets to names; the model must not
    # learn to end a place on a full stop.
    words, joined, tags = retokenize([("in", "O"), ("Wolfsburg.", "B-LOC"), ("(Berlin", "B-LOC")])
    assert words == ["in", "Wolfsburg", ".", "(", "Berlin"]
    assert joined == [False, False, True, False, True]
    assert tags == ["O", "B-LOC", "O", "O", "B-LOC"]


def test_abbreviation_keeps_its_final_dot_and_possessive_is_dropped() -> None:
    _w, _j, tags = retokenize([("U.S.", "B-LOC"), ("Guardiola's", "B-PER")])
    assert tags == ["B-LOC", "I-LOC", "I-LOC", "I-LOC", "B-PER", "O", "O"]


def test_split_token_spreads_its_tag() -> None:
    words, _j, tags = retokenize([("Baden-Württemberg", "B-LOC"), ("AG", "I-ORG")])
    assert words == ["Baden", "-", "Württemberg", "AG"]
    assert tags == ["B-LOC", "I-LOC", "I-LOC", "I-ORG"]


def test_spans_and_exact_scoring() -> None:
    gold = ["B-PER", "I-PER", "O", "B-LOC"]
    assert spans(gold) == {(0, 2, "PER"), (3, 4, "LOC")}
    result = score([gold], [["B-PER", "O", "O", "B-LOC"]])
    # The person is cut short: an exact-span miss, not half a hit.
    assert result["PER"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert result["LOC"]["f1"] == 1.0


def test_split_is_by_document_and_deterministic() -> None:
    a = Sentence("x", "x:doc1:0", ("A",), (False,), ("O",))
    b = Sentence("x", "x:doc1:0", ("B",), (False,), ("O",))
    assert is_dev(a) == is_dev(b)
