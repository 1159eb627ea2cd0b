"""Quotes and speakers: literal English and German passages per attribution pattern."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsledger.extract.quotes import MAX_QUOTE_CHARS, extract_quotes, sentence_spans
from newsledger.lang import load
from newsledger.model import Document, EntityType, Mention

PEOPLE: dict[str, tuple[str, EntityType]] = {
    "Elon Musk": ("Elon Musk", "PERSON"),
    "Musks": ("Elon Musk", "PERSON"),
    "Musk": ("Elon Musk", "PERSON"),
    "Sam Altman": ("Sam Altman", "PERSON"),
    "Altman": ("Sam Altman", "PERSON"),
    "Ines Vogt": ("Ines Vogt", "PERSON"),
    "Vogt": ("Ines Vogt", "PERSON"),
    "Raj Mehta": ("Raj Mehta", "PERSON"),
    "Mehtas": ("Raj Mehta", "PERSON"),
    "Mehta": ("Raj Mehta", "PERSON"),
    "Norrland Compute": ("Norrland Compute", "ORG"),
    "Jane Roe": ("Jane Roe", "PERSON"),
    "Roe": ("Jane Roe", "PERSON"),
    "OpenAI": ("OpenAI", "ORG"),
    "Tesla": ("Tesla", "ORG"),
    "X": ("X", "PRODUCT"),
}


def mentions(
    doc: Document, extra: dict[str, tuple[str, EntityType]] | None = None
) -> list[Mention]:
    table = {**PEOPLE, **(extra or {})}
    pattern = "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True))
    found = []
    for m in re.finditer(rf"(?<!\w)(?:{pattern})(?!\w)", doc.text):
        name, etype = table[m.group(0)]
        found.append(Mention(doc.id, m.start(), m.end(), m.group(0), f"kb:{name}", name, etype))
    return found


def quotes(
    text: str, code: str = "en", extra: dict[str, tuple[str, EntityType]] | None = None
) -> list[tuple[str | None, str, str]]:
    """The direct quotes of ``text`` (indirect speech: tests/extract/quotes/test_reported.py)."""
    doc = Document(id="d1", source="t", text=text, language=code, published="2025-01-22")
    return [
        (q.speaker, q.text, q.kind)
        for q in extract_quotes(doc, mentions(doc, extra), load(code))
        if q.form == "direct"
    ]


def test_speaker_named_after_quote_en() -> None:
    assert quotes('"We will build the biggest computer," said Elon Musk.') == [
        ("Elon Musk", "We will build the biggest computer", "statement")
    ]
    assert quotes("“We are not for sale at any price,” Altman said on Monday.") == [
        ("Sam Altman", "We are not for sale at any price", "statement")
    ]


def test_speaker_id_and_cue_are_kept() -> None:
    doc = Document(
        id="d1", source="t", text="“It is over now for them,” Musk wrote.", language="en"
    )
    (q,) = extract_quotes(doc, mentions(doc), load("en"))
    assert (q.speaker_id, q.cue) == ("kb:Elon Musk", "wrote")
    assert doc.text[q.start : q.end].startswith("It is over")


def test_pronoun_resolves_to_latest_subject_person() -> None:
    text = (
        "Vogt has turned her rivalry with Mehta into a personal one. "
        "“That merger is a sham and everybody can see it,” she said."
    )
    assert quotes(text) == [
        ("Ines Vogt", "That merger is a sham and everybody can see it", "statement")
    ]


def test_speaker_before_colon_and_according_to() -> None:
    assert quotes("Altman was blunt: “We will not sell the company to anyone.”") == [
        ("Sam Altman", "We will not sell the company to anyone.", "statement")
    ]
    assert quotes("According to Roe, “the board never saw the offer at all.”")[0][0] == "Jane Roe"


def test_unnamed_source_keeps_short_description() -> None:
    assert quotes("“Nobody believes that any more,” an investor told reporters.") == [
        ("an investor", "Nobody believes that any more", "statement")
    ]
    assert quotes(
        "„Das hält hier keiner für glaubwürdig“, sagt ein Anwalt, der einst Mehtas Zorn traf.",
        "de",
    ) == [("a lawyer", "Das hält hier keiner für glaubwürdig", "statement")]


def test_role_phrase_uses_covering_mention_or_stays_a_role() -> None:
    text = "“We will open the second hall next spring, as planned,” the Norrland Compute CEO said."
    assert quotes(text)[0][0] == "the Norrland Compute CEO"
    covered = {"the Norrland Compute CEO": ("Ines Vogt", "PERSON")}
    assert quotes(text, extra=covered)[0][0] == "Ines Vogt"


def test_medium_is_kept_en_and_de() -> None:
    doc = Document(
        id="d1",
        source="t",
        language="en",
        text="“Their numbers simply don't add up,” Vogt wrote on X late Thursday.",
    )
    (q,) = extract_quotes(doc, mentions(doc), load("en"))
    assert (q.speaker, q.medium) == ("Ines Vogt", "X")
    doc = Document(
        id="d1",
        source="t",
        language="de",
        text="„Das stimmt so einfach nicht“, schrieb Mehta in einem X-Beitrag.",
    )
    (q,) = extract_quotes(doc, mentions(doc), load("de"))
    assert (q.speaker, q.medium) == ("Raj Mehta", "X")


def test_quote_split_by_attribution_keeps_speaker() -> None:
    text = "“Die Zahlen stimmen nicht”, schrieb Vogt. „Er hat kaum Kunden. Das sehe ich täglich.“"
    assert quotes(text, "de") == [
        ("Ines Vogt", "Die Zahlen stimmen nicht", "statement"),
        ("Ines Vogt", "Er hat kaum Kunden. Das sehe ich täglich.", "statement"),
    ]


def test_statement_interrupted_by_attribution() -> None:
    assert quotes("“We are,” Musk said, “ready to go.”") == [
        ("Elon Musk", "We are", "statement"),
        ("Elon Musk", "ready to go.", "statement"),
    ]


def test_more_english_patterns() -> None:
    assert (
        quotes("“We remain committed to the mission,” the company said in a statement.")[0][0]
        == "the company"
    )
    found = quotes("Roe told CNBC: “The board never saw the offer at all.”")
    assert found == [("Jane Roe", "The board never saw the offer at all.", "statement")]
    assert quotes("“It is a sham,” according to a person familiar with the matter.") == [
        ("a person familiar with the matter", "It is a sham", "statement")
    ]
    assert quotes("‘We will appeal the ruling,’ Altman said.") == [
        ("Sam Altman", "We will appeal the ruling", "statement")
    ]


def test_more_german_patterns() -> None:
    assert quotes("„Wir prüfen das sehr genau“, teilte ein Sprecher von Tesla mit.", "de") == [
        ("a spokesperson", "Wir prüfen das sehr genau", "statement")
    ]
    assert quotes("Laut Musk ist das alles „völliger Unsinn“.", "de") == [
        ("Elon Musk", "völliger Unsinn", "fragment")
    ]
    assert quotes("„Das ist ein Skandal für alle“, so der Minister.", "de")[0][0] == "der Minister"


def test_german_speaker_after_verb_and_pronoun() -> None:
    assert (
        quotes("„Das ist gut für die ganze Region“, antwortete Mehta am Donnerstag.", "de")[0][0]
        == "Raj Mehta"
    )
    text = "Musk blieb gelassen. „Wir werden das Projekt trotzdem bauen“, sagte er."
    assert quotes(text, "de") == [
        ("Elon Musk", "Wir werden das Projekt trotzdem bauen", "statement")
    ]


def test_fragments_inside_reporter_sentences() -> None:
    text = (
        "Vogt has turned her rivalry with Mehta into a personal one. She has called him a "
        "“fraud” and a “showman” and mocks him as “Raj the Bluff.”"
    )
    assert quotes(text) == [
        ("Ines Vogt", "fraud", "fragment"),
        ("Ines Vogt", "showman", "fragment"),
        ("Ines Vogt", "Raj the Bluff", "fragment"),
    ]


def test_german_fragments_with_cue_and_v2_order() -> None:
    text = "„Bluff-Raj“ – so nennt Ines Vogt den Gründer von Norrland Compute."
    assert quotes(text, "de") == [("Ines Vogt", "Bluff-Raj", "fragment")]
    text = "Für Kritiker wie Jane Roe wäre das ein „riskantes Experiment“."
    assert quotes(text, "de") == [("Jane Roe", "riskantes Experiment", "fragment")]
    text = (
        "Doch Mehta bleibt gelassen. Im Podcast ließ er verlauten, dass er "
        "„allein den Kunden verpflichtet“ sei."
    )
    assert quotes(text, "de") == [("Raj Mehta", "allein den Kunden verpflichtet", "fragment")]


def test_unattributed_fragments_and_scare_quotes_are_dropped() -> None:
    assert (
        quotes("The spread of these “robo advisers” could strain regulators, analysts warn.") == []
    )
    assert quotes("The plan, wrapped in a “strategic review,” unsettled investors.") == []
    assert quotes("Er erweitert seine Rechnerhalle „Basalt“ in Narvik.", "de") == []


def test_apostrophes_are_not_quote_marks() -> None:
    text = "Musk’s firm and Altman's don't agree; it's the investors’ money, he's sure."
    assert quotes(text) == []
    text = "„Grimm’sche Märchenstunde“, so verspottet Vogt die Pläne von Norrland Compute."
    assert quotes(text, "de")[0][1] == "Grimm’sche Märchenstunde"


@pytest.mark.parametrize(
    "text",
    [
        "»Wir bauen das größte Rechenzentrum der Welt«, sagte Musk.",
        "«Wir bauen das größte Rechenzentrum der Welt», sagte Musk.",
        "„Wir bauen das größte Rechenzentrum der Welt”, sagte Musk.",
        '„Wir bauen das größte Rechenzentrum der Welt", sagte Musk.',
        "‚Wir bauen das größte Rechenzentrum der Welt‘, sagte Musk.",
        "‹Wir bauen das größte Rechenzentrum der Welt›, sagte Musk.",
        "'Wir bauen das größte Rechenzentrum der Welt', sagte Musk.",
    ],
)
def test_every_mark_style_and_mismatched_pairs(text: str) -> None:
    assert quotes(text, "de") == [
        ("Elon Musk", "Wir bauen das größte Rechenzentrum der Welt", "statement")
    ]


def test_nested_quote_stays_inside_outer_quote() -> None:
    text = "„Er nannte es ‚Betrug‘ und ging einfach weg“, sagte Altman."
    assert quotes(text, "de") == [
        ("Sam Altman", "Er nannte es ‚Betrug‘ und ging einfach weg", "statement")
    ]


def test_quote_over_several_paragraphs() -> None:
    text = (
        "Musk spoke at length.\n"
        "“We will build it in Narvik and no hall in Europe will be bigger.\n"
        "“Nobody else can do this in the time we have,” he said."
    )
    (q,) = quotes(text)
    assert q[0] == "Elon Musk"
    assert q[1].startswith("We will build it in Narvik") and q[1].endswith("time we have")


def test_unbalanced_quotes_do_not_swallow_the_document() -> None:
    text = (
        "“This never closes, said Musk.\n"
        "Another paragraph follows here.\n"
        "“A proper quote with an ending,” Altman said."
    )
    assert quotes(text) == [("Sam Altman", "A proper quote with an ending", "statement")]
    assert quotes("He said ” this and “ that ” and „ nothing.") == []


def test_huge_paragraph_in_quotes_is_capped_and_fast() -> None:
    body = "word " * 10_000  # 50,000 characters
    text = f"Musk wrote: “{body}”\n“A real quote that closes,” Altman said.\nEnd."
    start = time.perf_counter()
    found = quotes(text)
    assert time.perf_counter() - start < 2.0
    assert all(len(t) <= MAX_QUOTE_CHARS for _, t, _ in found)
    assert found == [("Sam Altman", "A real quote that closes", "statement")]


def test_uses_document_sentences_when_given() -> None:
    doc = Document(id="d1", source="t", text="One. Two.", language="en")
    spans = sentence_spans(doc)
    assert [doc.text[s.start : s.end] for s in spans] == ["One.", "Two."]


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet="ab .,:\n“”\"„»«‚‘'‹›’", max_size=120))
def test_arbitrary_marks_never_crash_and_spans_are_valid(text: str) -> None:
    doc = Document(id="d1", source="t", text=text, language="en")
    for q in extract_quotes(doc, [], load("en")):
        assert 0 <= q.start <= q.end <= len(text)
        assert len(q.text) <= MAX_QUOTE_CHARS


def test_word_alternation_prefers_the_longest_word() -> None:
    import re

    from newsledger.extract.alternation import word_alternation

    pattern = re.compile(rf"(?:{word_alternation(['said', 'said to', 'sa', 'told'])})(?!\w)")
    assert [m.group(0) for m in pattern.finditer("he said to me, she said, sa, told")] == [
        "said to",
        "said",
        "sa",
        "told",
    ]
    assert word_alternation([]) == ""


def test_an_unnamed_source_spelt_with_lookalike_letters_is_kept_as_written() -> None:
    # "ſ" (long s) matches "s" in a case-insensitive regex but not in a lookup.
    found = quotes("“Nobody believes that any more,” an inveſtor told reporters.")
    assert [(speaker, text) for speaker, text, _ in found] == [
        ("inveſtor", "Nobody believes that any more")
    ]
