"""The learned recogniser: unseen names found, exact offsets, rules first, loaded once."""

from __future__ import annotations

import pytest

from newsledger import process_text
from newsledger.extract.entities import extract_mentions
from newsledger.extract.entities.learned import LABELS, load_recogniser, sentences
from newsledger.extract.entities.text import tokenize
from newsledger.kb import load_kb
from newsledger.lang import load
from newsledger.model import Document, EntityType, Mention

pytestmark = pytest.mark.skipif(
    load_recogniser("en") is None or load_recogniser("de") is None,
    reason="no shipped models: run `make models`",
)


def mentions(text: str, lang: str = "en", learned: bool = True) -> list[Mention]:
    doc = Document(id="d1", source="t", text=text, language=lang)
    return extract_mentions(doc, load(lang), load_kb(), learned=learned)


def found(text: str, lang: str = "en") -> set[tuple[str, EntityType]]:
    return {(m.text, m.type) for m in mentions(text, lang)}


def test_readme_example_finds_the_unknown_company() -> None:
    # A sentence-initial word the training text never showed, that speaks
    # ("raised") among company words ("$40 million", "CEO"): a company.
    extraction = process_text("Acme raised $40 million on Tuesday, its CEO said.")
    assert ("Acme", "ORG") in {(m.text, m.type) for m in extraction.mentions}


def test_known_common_word_opening_a_sentence_is_no_company() -> None:
    # "officials" is a common word of the training text: no name.
    got = found("Officials said the company raised $40 million on Tuesday.")
    assert not any(name == "Officials" for name, _ in got)


def test_unseen_word_speaking_without_company_words_is_not_typed_a_company() -> None:
    got = found("Kowalskiego said the weather was fine on Tuesday.")
    assert ("Kowalskiego", "ORG") not in got


def test_unknown_company_mid_sentence_is_found() -> None:
    got = found("Shares rose after Acme raised $40 million on Tuesday, its CEO said.")
    assert ("Acme", "ORG") in got


def test_places_after_port_and_city_are_found() -> None:
    got = found("The port of Rotterdam and the city of Duisburg signed a deal on rail freight.")
    assert ("Rotterdam", "GPE") in got
    assert ("Duisburg", "GPE") in got


@pytest.mark.parametrize("city", ["Karlsruhe", "Aachen", "Lübeck", "Kiel"])
def test_german_cities_in_an_ordinary_sentence(city: str) -> None:
    text = f"Die Stadtwerke in {city} erhöhen im kommenden Jahr die Preise für Strom und Gas."
    assert (city, "GPE") in found(text, "de")


def test_unseen_english_person_is_found() -> None:
    got = found("Marta Kowalczyk, who runs the shelter, said the funding was cut last week.")
    assert ("Marta Kowalczyk", "PERSON") in got


def test_unseen_german_person_is_found() -> None:
    got = found("Nach Angaben von Jürgen Hasselbrink wurde die Brücke am Montag gesperrt.", "de")
    assert ("Jürgen Hasselbrink", "PERSON") in got


def test_model_mentions_are_exact_character_spans() -> None:
    text = "In  Duisburg,\nMarta Kowalczyk (the mayor) met U.S. officials from Acme Corp."
    for m in mentions(text):
        assert text[m.start : m.end] == m.text


def test_knowledge_base_mentions_win_on_overlap() -> None:
    # (The second revision's English model no longer finds a bare "flew on
    # to Duisburg" at the 0.4 confidence cut; "the city of" is its cue.)
    text = "Elon Musk visited Berlin on Monday and flew on to the city of Duisburg."
    without = {(m.start, m.end, m.entity_id) for m in mentions(text, learned=False)}
    with_model = {(m.start, m.end, m.entity_id) for m in mentions(text)}
    # Every rule mention stays as it was; the model only adds.
    assert without <= with_model
    assert any(m.origin == "model" for m in mentions(text))


def test_without_the_model_the_unknown_places_are_missed() -> None:
    # The regression the model fixes: the rules alone find neither place here.
    text = "The port of Rotterdam and the city of Duisburg signed a deal on rail freight."
    assert not {"Rotterdam", "Duisburg"} & {m.text for m in mentions(text, learned=False)}
    assert {"Rotterdam", "Duisburg"} <= {m.text for m in mentions(text)}


def test_misc_is_not_stored() -> None:
    assert "MISC" not in LABELS


def test_model_loads_once_per_process() -> None:
    first = load_recogniser("en")
    assert load_recogniser("en") is first
    assert load_recogniser.cache_info().hits >= 1


def test_language_without_a_model_gets_none() -> None:
    assert load_recogniser("xx") is None


def test_sentences_break_after_full_stops_and_lines() -> None:
    tokens = tokenize("One here. Two there\nThree. U.S.-based")
    words = [tokens.words[a:b] for a, b in sentences(tokens)]
    assert words[0] == ["One", "here", "."]
    assert words[1] == ["Two", "there"]
    assert words[2] == ["Three", "."]


def test_model_names_carry_no_edge_punctuation() -> None:
    for m in mentions("Die Werke stehen in Bochum. Auch Magdeburg, Kiel: alle betroffen.", "de"):
        assert m.text[-1].isalnum() and m.text[0].isalnum()


def test_one_name_gets_one_type_per_document() -> None:
    text = (
        "Kowalczyk Partners opened an office. Later, Kowalczyk Partners hired ten people. "
        "A spokesperson for Kowalczyk Partners confirmed it."
    )
    types = {m.type for m in mentions(text) if m.text == "Kowalczyk Partners"}
    assert len(types) <= 1


def test_document_context_marks_a_sentence_start_the_article_capitalises_elsewhere() -> None:
    from newsledger.extract.entities.features import Featurizer, document_context

    doc = [["Acme", "raised", "$", "40", "million", "."], ["Investors", "in", "Acme", "cheered"]]
    context = document_context(doc)
    assert "acme" in context.capital
    # "Investors" opens its sentence: that capital is no evidence.
    assert "investors" not in context.capital
    feats = Featurizer({}).sentence(doc[0], [False] * 6, context)
    assert "ini-dc" in feats[0]
    assert "ini-dc" not in Featurizer({}).sentence(doc[0], [False] * 6)[0]


def test_a_capitalised_word_the_article_also_writes_in_lower_case_is_marked() -> None:
    from newsledger.extract.entities.features import Featurizer, document_context

    context = document_context([["Apple", "pie", "."], ["An", "apple", "a", "day"]])
    assert "dl" in Featurizer({}).sentence(["Apple", "pie"], [False, False], context)[0]


def test_shipped_models_stay_within_the_size_budget() -> None:
    from importlib import resources

    # Issue 13: the trained files live in the package, at most 40 MB in all.
    root = resources.files("newsledger") / "models"
    total = sum(len(f.read_bytes()) for f in root.iterdir() if f.is_file())
    assert total <= 40 * 2**20
