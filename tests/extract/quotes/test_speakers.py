"""Speakers of quotes: honorifics, roles, appositions, unnamed sources, names with no mention.

One test per case listed in issue 15; each failed before the speaker search
was reworked.
"""

from __future__ import annotations

import re

from newsledger.extract.quotes import extract_quotes
from newsledger.lang import load
from newsledger.model import Document, EntityType, Mention, Quote


def run(
    text: str, code: str = "en", names: dict[str, tuple[str, str, EntityType]] | None = None
) -> list[Quote]:
    """Quotes of ``text``; ``names`` maps a written name to (entity id, name, type)."""
    doc = Document(id="d1", source="t", text=text, language=code)
    mentions = []
    table = names or {}
    if table:
        pattern = "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True))
        for m in re.finditer(rf"(?<!\w)(?:{pattern})(?!\w)", text):
            eid, name, etype = table[m.group(0)]
            mentions.append(Mention("d1", m.start(), m.end(), m.group(0), eid, name, etype))
    return extract_quotes(doc, mentions, load(code))


def direct(quotes: list[Quote]) -> list[tuple[str | None, str]]:
    return [(q.speaker, q.text) for q in quotes if q.form == "direct"]


TRUMP = {"Trump": ("kb:trump", "Donald Trump", "PERSON")}


def test_full_stop_after_an_honorific_does_not_end_the_speaker_search() -> None:
    quotes = run("“We will win this,” Mr. Trump said on Friday.", names=TRUMP)
    assert direct(quotes) == [("Donald Trump", "We will win this")]
    quotes = run("“We will win this,” said Sen. Trump.", names=TRUMP)
    assert direct(quotes) == [("Donald Trump", "We will win this")]


def test_german_honorific_keeps_the_quote_and_names_the_speaker() -> None:
    quotes = run("„Die Lage ist ernst“, sagte Dr. Müller am Montag.", "de")
    assert direct(quotes) == [("Dr. Müller", "Die Lage ist ernst")]


def test_name_without_mention_is_taken_as_written() -> None:
    quotes = run("„Wir bauen weiter“, sagte Miriam Okafor.", "de")
    assert direct(quotes) == [("Miriam Okafor", "Wir bauen weiter")]
    quotes = run("“We keep building,” said Jane Doe.")
    assert direct(quotes) == [("Jane Doe", "We keep building")]


def test_person_after_a_role_word_beats_the_role_organisation() -> None:
    eu = {"EU": ("kb:eu", "European Union", "ORG")}
    quotes = run(
        "„Ich gehe von einer Einigung aus“, sagte EU-Außenbeauftragte Javier Solana.", "de", eu
    )
    assert direct(quotes) == [("Javier Solana", "Ich gehe von einer Einigung aus")]
    kestrel = {"Kestrel": ("kb:kestrel", "Kestrel", "ORG")}
    quotes = run("Kestrel-Chefin Miriam Okafor sagte: „Wir liefern pünktlich.“", "de", kestrel)
    assert direct(quotes) == [("Miriam Okafor", "Wir liefern pünktlich.")]


def test_apposition_after_a_role_names_the_speaker() -> None:
    quotes = run("“Demand is strong,” said the company's chief executive, Jane Doe, on Monday.")
    assert direct(quotes) == [("Jane Doe", "Demand is strong")]


def test_shared_surname_does_not_link_another_kb_person() -> None:
    lindner = {"Markus Lindner": ("kb:lindner", "Christian Lindner", "PERSON")}
    (q,) = run("„Wir streiken weiter“, sagte Verdi-Sekretär Markus Lindner.", "de", lindner)
    assert (q.speaker, q.speaker_id) == ("Markus Lindner", None)


def test_unnamed_source_stays_unnamed_through_a_pronoun() -> None:
    lindner = {"Lindner": ("kb:lindner", "Christian Lindner", "PERSON")}
    text = (
        "Finanzminister Lindner schwieg. Ein Branchenkenner hält den Plan für verfehlt. "
        "„Das wird teuer“, sagte er."
    )
    (q,) = direct_quotes = [q for q in run(text, "de", lindner) if q.form == "direct"]
    assert direct_quotes and (q.speaker, q.speaker_id) == ("an industry insider", None)


def test_organisation_asked_about_is_not_the_speaker() -> None:
    names = {
        "Jane Doe": ("kb:doe", "Jane Doe", "PERSON"),
        "Ferrowatt": ("kb:ferrowatt", "Ferrowatt", "ORG"),
    }
    text = "Jane Doe ran the meeting. Asked about Ferrowatt, she said: “They are late again.”"
    assert direct(run(text, names=names)) == [("Jane Doe", "They are late again.")]


def test_the_company_refers_to_the_latest_organisation() -> None:
    names = {"Intel": ("kb:intel", "Intel", "ORG")}
    text = "Intel cut its forecast. The company said it would delay two factories."
    (q,) = run(text, names=names)
    assert (q.speaker, q.form) == ("Intel", "indirect")


def test_the_spokesman_stays_a_description() -> None:
    text = "“We are on schedule,” the spokesman said."
    assert direct(run(text)) == [("the spokesman", "We are on schedule")]


def test_titles_of_publications_and_nicknames_are_no_quotes() -> None:
    text = "Der Minister sagte der „Berliner Zeitung“, dass der Plan stehe."
    assert direct(run(text, "de")) == []
    text = "Elon Musk, nicknamed “Technoking”, said nothing new."
    assert direct(run(text)) == []
    text = "Sie las das Buch „Der Name der Rose“ im Urlaub, sagte Anna Berg."
    assert direct(run(text, "de")) == []


def test_first_name_before_a_surname_mention_keeps_another_kb_person_out() -> None:
    lindner = {"Lindner": ("kb:lindner", "Christian Lindner", "PERSON")}
    (q,) = run("„Wir streiken weiter“, sagte Verdi-Sekretär Markus Lindner.", "de", lindner)
    assert (q.speaker, q.speaker_id) == ("Markus Lindner", None)
    (q,) = run("„Wir sparen“, sagte Christian Lindner.", "de", lindner)
    assert (q.speaker, q.speaker_id) == ("Christian Lindner", "kb:lindner")


def test_name_particles_stay_inside_names() -> None:
    quotes = run("“That is not how you treat people,” said Sanne de Vries, a secretary at FNV.")
    assert direct(quotes) == [("Sanne de Vries", "That is not how you treat people")]
