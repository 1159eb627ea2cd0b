from __future__ import annotations

from newsledger.text.language import _SAMPLE_CHARS, OTHER, UNKNOWN, detect_language

ENGLISH = (
    "The city council approved the new budget on Tuesday after a long debate about "
    "schools, roads and the future of the public library. "
)
GERMAN = (
    "Der Stadtrat hat am Dienstag nach einer langen Debatte über Schulen, Straßen und "
    "die Zukunft der Bibliothek den neuen Haushalt beschlossen. "
)


def test_news_sentences_get_their_language() -> None:
    assert detect_language(ENGLISH) == "en"
    assert detect_language(GERMAN) == "de"


def test_text_without_letters_is_undetermined() -> None:
    assert detect_language("12.03.2024 — 4,5 % / 17:30") == UNKNOWN
    assert detect_language("") == UNKNOWN


def test_only_the_opening_of_a_document_is_read() -> None:
    opening = ENGLISH * (_SAMPLE_CHARS // len(ENGLISH) + 1)
    assert len(opening) > _SAMPLE_CHARS
    # A long German continuation does not change the answer (or the cost).
    assert detect_language(opening + GERMAN * 20) == "en"
    assert detect_language(GERMAN * 5 + ENGLISH * 20) == "de"


def test_short_english_lines_are_not_routed_elsewhere() -> None:
    # py3langid alone ranks such lines as Luxembourgish, Pidgin or Norwegian.
    assert detect_language("Acme raised $40 million on Tuesday, its CEO said.") == "en"
    assert detect_language("Weekly Digest | Health | Science") == "en"


def test_short_german_lines_stay_german() -> None:
    # py3langid alone ranks "Kurz notiert" Latvian first.
    assert detect_language("Kurz notiert") == "de"
    assert detect_language("Siemens baut 300 Stellen ab") == "de"


def test_confident_unsupported_language_is_other() -> None:
    french = (
        "Le conseil municipal a approuvé le nouveau budget mardi après un long débat "
        "sur les écoles et les routes."
    )
    assert detect_language(french) == OTHER


def test_short_unsupported_text_falls_back_to_a_supported_language() -> None:
    assert detect_language("Bonjour") in ("en", "de")


def test_text_without_evidence_is_left_to_the_fallback() -> None:
    # A one-word navigation page is as unlikely English as German.
    assert detect_language("Home") == OTHER
