"""Indirect speech without quotation marks, English and German (issue 15)."""

from __future__ import annotations

import pytest

from tests.extract.quotes.test_speakers import run

ACME = {
    "Acme": ("kb:acme", "Acme", "ORG"),
    "Jane Doe": ("kb:doe", "Jane Doe", "PERSON"),
    "Doe": ("kb:doe", "Jane Doe", "PERSON"),
}


def indirect(text: str, code: str = "en") -> list[tuple[str | None, str | None, str]]:
    return [(q.speaker, q.cue, q.text) for q in run(text, code, ACME) if q.form == "indirect"]


@pytest.mark.parametrize(
    ("text", "speaker", "cue", "content"),
    [
        ("Doe said that the plant would open in May.", "Jane Doe", "said", "that the plant"),
        ("Acme said it would cut 300 jobs next year.", "Acme", "said", "it would cut 300 jobs"),
        (
            "Doe told Reuters on Monday that the deal was off.",
            "Jane Doe",
            "told",
            "that the deal was off",
        ),
        (
            "Acme said on Wednesday it has raised its stake to 28%.",
            "Acme",
            "said",
            "it has raised its stake",
        ),
        ("Doe warned that prices could rise again.", "Jane Doe", "warned", "that prices"),
        ("Doe argued that the plan was too costly.", "Jane Doe", "argued", "that the plan"),
        ("Acme denied that it had misled investors.", "Acme", "denied", "that it had misled"),
        (
            "According to Acme, the new line will start in March.",
            "Acme",
            "According to",
            "the new line will start in March",
        ),
        (
            "The new line will start in March, according to Acme.",
            "Acme",
            "according to",
            "The new line will start in March",
        ),
    ],
)
def test_english_indirect_speech(text: str, speaker: str, cue: str, content: str) -> None:
    (found,) = indirect(text)
    assert found[0] == speaker and found[1] == cue and found[2].startswith(content)


@pytest.mark.parametrize(
    ("text", "speaker", "cue", "content"),
    [
        (
            "Doe sagte, das Werk sei im Mai fertig.",
            "Jane Doe",
            "sagte",
            "das Werk sei im Mai fertig",
        ),
        ("Laut Acme wurden 300 Stellen gestrichen.", "Acme", "Laut", "wurden 300 Stellen"),
        ("Acme zufolge wurden 300 Stellen gestrichen.", "Acme", "zufolge", "wurden 300 Stellen"),
        (
            "Wie Acme am Montag mitteilte, wird das Werk im Mai eröffnet.",
            "Acme",
            "mitteilte",
            "wird das Werk im Mai eröffnet",
        ),
        (
            "Doe betonte, dass der Plan finanziert sei.",
            "Jane Doe",
            "betonte",
            "dass der Plan finanziert sei",
        ),
        (
            "Doe erklärte am Montag in Berlin, man habe keine Wahl.",
            "Jane Doe",
            "erklärte",
            "man habe keine Wahl",
        ),
        (
            "Doe kritisierte, der Plan komme viel zu spät.",
            "Jane Doe",
            "kritisierte",
            "der Plan komme viel zu spät",
        ),
        (
            "Das Werk sei im Mai fertig, sagte Doe.",
            "Jane Doe",
            "sagte",
            "Das Werk sei im Mai fertig",
        ),
    ],
)
def test_german_indirect_speech(text: str, speaker: str, cue: str, content: str) -> None:
    (found,) = indirect(text, "de")
    assert found[0] == speaker and found[1] == cue and found[2].startswith(content)


def test_konjunktiv_sentences_go_on_with_the_speaker() -> None:
    text = (
        "Doe sagte, das Werk sei im Mai fertig. Die Kosten seien gedeckt. "
        "Man habe genug Personal gefunden. Der Winter war kalt."
    )
    found = indirect(text, "de")
    assert [f[0] for f in found] == ["Jane Doe", "Jane Doe"]
    assert found[1][2] == "Die Kosten seien gedeckt. Man habe genug Personal gefunden"


def test_no_reported_speech_without_a_cue() -> None:
    assert indirect("Acme opened a plant in May and hired 300 people.") == []
    assert indirect("Acme eröffnete im Mai ein Werk und stellte 300 Leute ein.", "de") == []
    # An object, not a clause: "announced a partnership" reports no words.
    assert indirect("Acme announced a partnership with Doe's startup, Kestrel, on Monday.") == []
    # A relative clause after the speaker is not what was said.
    text = "„Niemand glaubt das“, sagt ein Anwalt, der früher für Acme arbeitete."
    assert indirect(text, "de") == []


def test_passive_said_has_no_speaker() -> None:
    assert indirect("The plant, dubbed Colossus, is said to be the largest in the world.") == []


def test_indirect_quotes_keep_form_and_cue_through_the_record() -> None:
    (q,) = [q for q in run("Acme said it would cut 300 jobs.", "en", ACME)]
    assert (q.form, q.cue, q.kind, q.speaker_id) == ("indirect", "said", "statement", "kb:acme")
