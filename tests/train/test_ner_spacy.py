"""The spaCy comparison keeps the pipeline's tokens and spans exactly."""

from __future__ import annotations

import spacy

from newsledger.train.ner_data import Sentence
from newsledger.train.ner_spacy import _bio, _doc


def test_spans_survive_the_round_trip_through_a_spacy_doc() -> None:
    s = Sentence(
        "t",
        "t:0",
        ("Anna", "Schmidt", "flew", "to", "Baden", "-", "Baden", "."),
        (False, False, False, False, False, True, True, True),
        ("B-PER", "I-PER", "O", "O", "B-LOC", "I-LOC", "I-LOC", "O"),
    )
    nlp = spacy.blank("de")
    doc = _doc(nlp, s, True)
    assert doc.text == "Anna Schmidt flew to Baden-Baden."
    assert _bio(doc) == list(s.tags)
    assert _bio(_doc(nlp, s, False)) == ["O"] * len(s.words)
