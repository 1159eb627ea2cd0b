"""Entity mentions: KB matching, discovery, in-document resolution, spaCy merging."""

from __future__ import annotations

import pytest

from newsledger.errors import ConfigError
from newsledger.extract.entities import extract_mentions
from newsledger.extract.entities.model import merge_mentions, nlp_mentions, spacy_model_mentions
from newsledger.kb import load_kb
from newsledger.lang import load, load_or_fallback
from newsledger.model import Document, EntityType, Mention


def mentions(text: str, lang: str = "en") -> list[Mention]:
    doc = Document(id="d1", source="t", text=text, language=lang)
    return extract_mentions(doc, load_or_fallback(lang), load_kb())


def found(text: str, lang: str = "en") -> set[tuple[str, EntityType]]:
    return {(m.name, m.type) for m in mentions(text, lang)}


def surfaces(text: str, name: str, lang: str = "en") -> list[str]:
    return [m.text for m in mentions(text, lang) if m.name == name]


# -- knowledge-base matching ---------------------------------------------


def test_english_possessive_is_the_person() -> None:
    ms = [m for m in mentions("Musk’s offer was rejected.") if m.name == "Elon Musk"]
    assert [m.text for m in ms] == ["Musk"]
    assert ms[0].entity_id.startswith("kb:")


def test_german_genitive_s_covers_the_whole_token() -> None:
    assert surfaces("Das ist Musks Behauptung.", "Elon Musk", "de") == ["Musks"]


def test_genitive_s_is_not_stripped_in_english() -> None:
    assert ("Tesla", "ORG") not in found("He sold two Teslas last year.")


def test_german_hyphen_compounds_name_their_first_part() -> None:
    text = "OpenAI-Chef Sam Altman lobte die Nvidia-Grafikprozessoren in einem X-Beitrag."
    names = found(text, "de")
    assert {("OpenAI", "ORG"), ("Nvidia", "ORG"), ("X", "PRODUCT")} <= names


def test_role_phrase_before_a_name_is_a_mention_of_the_person() -> None:
    ms = mentions("OpenAI CEO Sam Altman spoke.")
    assert any(m.text == "OpenAI CEO" and m.name == "Sam Altman" for m in ms)


def test_descriptor_names_the_known_role_holder() -> None:
    assert "the Tesla CEO" in surfaces(
        "Analysts doubt the plan, and the Tesla CEO has not said more.", "Elon Musk"
    )


def test_nicknames_are_aliases() -> None:
    text = "He calls him “Scam Altman” and „Swindly Sam“."
    assert surfaces(text, "Sam Altman") == ["Scam Altman", "Swindly Sam"]


def test_german_inflected_alias() -> None:
    assert ("White House", "ORG") in found("Eine Pressekonferenz im Weißen Haus.", "de")


def test_one_letter_typo_needs_the_name_in_the_document() -> None:
    assert "Altmann" in surfaces("Sam Altman spoke. Later Altmann replied.", "Sam Altman")
    assert ("Sam Altman", "PERSON") not in found("Der Handwerker Altmann kam spät.", "de")


def test_ambiguous_alias_needs_context() -> None:
    assert ("X", "PRODUCT") not in found("Point X marks the spot on the map.")
    assert ("X", "PRODUCT") in found("He replied on X within minutes.")
    assert ("X", "PRODUCT") in found("Er schrieb auf X, die Kritik sei unfair.", "de")
    assert ("Gemini", "PRODUCT") not in found("The Gemini constellation is bright.")
    assert ("Gemini", "PRODUCT") in found("Google said Gemini now has more users.")


def test_x_ray_is_not_the_platform_even_with_musk_around() -> None:
    assert ("X", "PRODUCT") not in found("Elon Musk needed an X-ray after the fall.")


def test_case_matters_for_short_aliases() -> None:
    assert ("United States", "GPE") not in found("Let us know what you think.")
    assert ("United States", "GPE") in found("Exports to the US rose.")


def test_product_versions_are_their_own_products() -> None:
    names = found("xAI released Grok 3 while OpenAI shipped GPT-4o and Claude 3.5 Sonnet.")
    assert {("Grok 3", "PRODUCT"), ("GPT-4o", "PRODUCT"), ("Claude 3.5 Sonnet", "PRODUCT")} <= names


def test_year_after_a_product_is_not_a_version() -> None:
    assert ("ChatGPT", "PRODUCT") in found("ChatGPT 2024 was a big year.")


def test_acronym_defined_in_brackets_resolves_to_the_long_name() -> None:
    text = "The Global Chip Alliance (GCA) met. GCA members agreed."
    assert surfaces(text, "Global Chip Alliance") == ["Global Chip Alliance", "GCA", "GCA"]


def test_place_inside_an_organisation_descriptor_is_dropped() -> None:
    names = found("Investoren wie der Middle East AI Fund MGX zahlen.", "de")
    assert ("Middle East", "GPE") not in names
    assert ("MGX", "ORG") in names


def test_country_prefix_of_a_role_is_not_a_mention() -> None:
    names = found("Der designierte US-Präsident Donald Trump sprach.", "de")
    assert ("United States", "GPE") not in names
    assert ("Donald Trump", "PERSON") in names


def test_given_name_before_a_country_is_a_person() -> None:
    names = found("Michael Jordan visited Jordan last week.")
    assert ("Jordan", "GPE") in names
    assert ("Michael Jordan", "PERSON") in names


# -- discovery -----------------------------------------------------------------


def test_discovers_people_from_first_names_and_short_forms() -> None:
    text = "Analysts like Needham’s Quinn Bolton were upbeat. Bolton expects growth."
    ms = [m for m in mentions(text) if m.name == "Quinn Bolton"]
    assert [m.text for m in ms] == ["Quinn Bolton", "Bolton"]
    assert {m.entity_id for m in ms} == {"new:PERSON:quinn bolton"}
    assert all(m.origin == "discovered" for m in ms)


def test_discovers_people_from_titles_and_roles() -> None:
    assert ("Tim Höttges", "PERSON") in found("Telekom-Chef Tim Höttges sprach.", "de")
    assert ("Katherina Reiche", "PERSON") in found(
        "Wirtschaftsministerin Katherina Reiche reiste ab.", "de"
    )
    assert ("Krishna Rao", "PERSON") in found(
        "“We see demand,” said Krishna Rao, Anthropic’s chief financial officer."
    )


def test_discovers_organisations_from_suffixes_and_cues() -> None:
    names = found("Acme Robotics Inc. hired staff. The French startup Pigment grew.")
    assert {("Acme Robotics", "ORG"), ("Pigment", "ORG")} <= names
    names = found("Das Start-up Parloa und die Müller GmbH wachsen.", "de")
    assert {("Parloa", "ORG"), ("Müller", "ORG")} <= names


def test_discovers_products_from_cue_nouns() -> None:
    assert ("Scorpio", "PRODUCT") in found("They expect the Scorpio chips to sell.")
    assert ("Kennedy", "PRODUCT") not in found("She met the Kennedy family.")


def test_discovers_places_before_a_known_state() -> None:
    assert ("Midland", "GPE") in found("A site near Midland, Texas, was chosen.")


def test_german_common_nouns_are_never_entities() -> None:
    text = (
        "Das Rechenzentrum kostet Milliarden. Die Regierung plant neue Gesetze. "
        "Der Konzern hat Milliarden investiert. Künstliche Intelligenz verändert die Arbeit. "
        "Die Zeit drängt, sagte ein Sprecher."
    )
    assert found(text, "de") == set()


def test_title_case_headlines_and_sentence_starts_are_not_names() -> None:
    text = "A Partnership Turned Power Struggle\nProponents argue the Letter of Intent matters."
    assert found(text) == set()


# -- bad input -------------------------------------------------------------------


def test_text_without_entities_and_empty_text() -> None:
    assert mentions("") == []
    assert mentions("it was a quiet day, nothing happened.") == []


def test_language_without_a_lexicon_still_finds_kb_entities() -> None:
    text = "Le président Emmanuel Macron a rencontré OpenAI à Paris."
    names = found(text, "fr")
    assert {("Emmanuel Macron", "PERSON"), ("OpenAI", "ORG"), ("Paris", "GPE")} <= names


def test_all_caps_text_finds_long_names_and_discovers_nothing() -> None:
    names = found("BREAKING: SAM ALTMAN AND MICROSOFT TALK TO US OFFICIALS IN BERLIN")
    assert {("Sam Altman", "PERSON"), ("Microsoft", "ORG"), ("Berlin", "GPE")} <= names
    assert all(t != "PERSON" or n == "Sam Altman" for n, t in names)


def test_long_document_spans_point_into_the_text() -> None:
    text = "Satya Nadella, CEO of Microsoft, met Jane Doe in Berlin. " * 2000
    ms = mentions(text)
    assert len(ms) >= 8000
    assert all(text[m.start : m.end] == m.text for m in ms)


# -- optional spaCy pipeline ---------------------------------------------------


def test_missing_spacy_pipeline_says_how_to_install() -> None:
    with pytest.raises(ConfigError, match="spacy download"):
        spacy_model_mentions(
            Document(id="d", source="t", text="x", language="en"), "xx_no_such_pipeline"
        )


def test_model_mentions_merge_without_overlap() -> None:
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(  # type: ignore[attr-defined]
        [
            {"label": "ORG", "pattern": "Microsoft"},
            {"label": "PERSON", "pattern": "Ada Quill"},
            {"label": "GPE", "pattern": "Paris"},
            {"label": "DATE", "pattern": "Monday"},
        ]
    )
    text = "Microsoft hired Ada Quill on Monday; she moves from Paris."
    doc = Document(id="d", source="t", text=text, language="en")
    kb = load_kb()
    ours = extract_mentions(doc, load("en"), kb)
    model = nlp_mentions(doc, nlp)
    assert {m.type for m in model} == {"ORG", "PERSON", "GPE"}
    merged = merge_mentions(ours, model, kb)
    by_text = {m.text: m for m in merged}
    assert by_text["Microsoft"].origin == "kb"  # ours win on overlap
    assert by_text["Ada Quill"].origin == "model"
    assert by_text["Ada Quill"].entity_id == "new:PERSON:ada quill"
    assert [m.start for m in merged] == sorted(m.start for m in merged)
    assert sum(1 for m in merged if m.text == "Microsoft") == 1


def test_pipeline_hook_reports_a_missing_pipeline() -> None:
    from newsledger.extract.entities import merge_model_mentions

    doc = Document(id="d", source="t", text="Sam Altman spoke.", language="en")
    with pytest.raises(ConfigError, match="not installed"):
        merge_model_mentions(doc, mentions("Sam Altman spoke."), "xx_missing_pipeline")


@pytest.mark.parametrize(
    ("text", "lang", "person", "org"),
    [
        (
            "Peter Schmidt of Harbor Analytics Group said the plan was sound.",
            "en",
            "Peter Schmidt",
            "Harbor Analytics Group",
        ),
        (
            "„Die Zahlen stimmen nicht“, sagte Martin Keller von Bluefin Systems in Hamburg.",
            "de",
            "Martin Keller",
            "Bluefin Systems",
        ),
    ],
)
def test_a_person_of_an_organisation_is_two_entities(
    text: str, lang: str, person: str, org: str
) -> None:
    assert {(person, "PERSON"), (org, "ORG")} <= found(text, lang)
