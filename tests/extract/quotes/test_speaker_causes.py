"""Wrong-speaker causes found on the SpkAtt dev half (issue 15, third pass).

Invented sentences, one per cause: a preposition's noun taken for a name, a
document as the source ("heißt es in …"), a quote in brackets after a name,
a colon-introduced quote followed by another sentence, a next sentence with
its own reported clause, verb-second subjects, and pronouns that must agree
in gender and number with a description.
"""

from __future__ import annotations

from tests.extract.quotes.test_speakers import direct, run

LENA = {"Lena Hoff": ("kb:hoff", "Lena Hoff", "PERSON")}


def test_noun_after_a_preposition_is_no_speaker() -> None:
    quotes = run(
        "Ihre Hoffnung gründet sich auf Erfahrungen mit der Zollfrage: "
        "„Solche Fragen werden immer erst in letzter Minute entschieden.“",
        "de",
    )
    assert direct(quotes)[0][0] != "Zollfrage"


def test_document_after_heisst_es_is_the_source() -> None:
    quotes = run(
        "„Wir fordern Sie auf, das Konzert abzusagen“, heißt es in dem Schreiben des Vereins "
        "an die Polizei.",
        "de",
    )
    assert direct(quotes) == [
        ("dem Schreiben des Vereins an die Polizei", "Wir fordern Sie auf, das Konzert abzusagen")
    ]
    quotes = run(
        "Auf der Homepage des Museums heißt es dazu: "
        "„Das Bild wurde wegen seiner Klarheit gewählt.“",
        "de",
    )
    assert direct(quotes)[0][0] == "der Homepage des Museums"


def test_document_source_in_english() -> None:
    quotes = run("“The plant will close in May,” it says in the company's letter to staff.")
    assert direct(quotes)[0][0] == "the company's letter to staff"


def test_quote_in_brackets_belongs_to_the_name_before_it() -> None:
    names = {
        "Tom Brand": ("kb:brand", "Tom Brand", "PERSON"),
        "Lena Hoff": ("kb:hoff", "Lena Hoff", "PERSON"),
    }
    quotes = run(
        "Viele gratulierten, so Tom Brand und Lena Hoff („Niemand hat diesen Preis mehr "
        "verdient als sie.“).",
        "de",
        names,
    )
    assert direct(quotes)[0][0] == "Lena Hoff"


def test_verb_before_a_colon_beats_a_cue_in_the_next_sentence() -> None:
    names = {
        "Lena Hoff": ("kb:hoff", "Lena Hoff", "PERSON"),
        "Tom Brand": ("kb:brand", "Tom Brand", "PERSON"),
    }
    quotes = run(
        "Lena Hoff sagte: „Ich sehe kaum eine andere Möglichkeit, wenn wir bauen wollen“. "
        "Die Partei hält den Weg laut Tom Brand für gangbar.",
        "de",
        names,
    )
    assert direct(quotes)[0][0] == "Lena Hoff"


def test_next_sentence_with_its_own_clause_is_not_the_attribution() -> None:
    names = {
        "Lena Hoff": ("kb:hoff", "Lena Hoff", "PERSON"),
        "Tom Brand": ("kb:brand", "Tom Brand", "PERSON"),
    }
    quotes = run(
        "„Wir helfen, wo wir können“, sagte Lena Hoff. „Die Lage ist ernst. Das ist eine "
        "Katastrophe.“ Der Bürgermeister, Tom Brand, teilte am Abend mit, dass 40 Menschen "
        "vermisst werden.",
        "de",
        names,
    )
    assert [s for s, _ in direct(quotes)] == ["Lena Hoff", "Lena Hoff"]


def test_verb_second_subject_with_an_article_before_the_verb() -> None:
    quotes = run(
        "Der Gesandte des Landes nannte die Beschlüsse einen „feindlichen Akt“.",
        "de",
    )
    assert direct(quotes) == [("Gesandte", "feindlichen Akt")]


def test_unknown_name_between_verb_and_particle() -> None:
    quotes = run("Einschränkend fügt Brandt hinzu: „Das gilt nicht für alle Fälle.“", "de")
    assert direct(quotes) == [("Brandt", "Das gilt nicht für alle Fälle.")]


def test_pronoun_agrees_with_the_description_it_refers_to() -> None:
    quotes = run(
        "Die Helfer fanden den Fahrer am Unfallort. Der Fahrer wartete stundenlang, "
        "immer wieder hatte er gefragt: „Wie geht es dem Radler?“",
        "de",
    )
    assert direct(quotes)[0][0] == "Fahrer"


def test_with_the_words_is_no_name() -> None:
    quotes = run("Er meldete sich mit den Worten: „Wir sind gelandet, alles ist gut.“", "de")
    assert direct(quotes)[0][0] != "Worten"


def test_a_quoted_name_the_entity_stage_found_is_no_quote() -> None:
    names = {
        "Lena Hoff": ("kb:hoff", "Lena Hoff", "PERSON"),
        "Morgenkurier": ("kb:mk", "Morgenkurier", "ORG"),
    }
    quotes = run(
        "Lena Hoff lobte den „Morgenkurier“.",
        "de",
        names,
    )
    assert direct(quotes) == []
    quotes = run("Lena Hoff lobte den „Morgenkurier“.", "de", {"Lena Hoff": names["Lena Hoff"]})
    assert direct(quotes) == [("Lena Hoff", "Morgenkurier")]  # no name found: kept


def test_evaluative_verbs_in_the_plural_attribute_a_fragment() -> None:
    quotes = run(
        "Vertreter der Opposition bezeichneten das Vorgehen der Polizei als "
        "„erstaunlich zurückhaltend“.",
        "de",
    )
    assert [t for _, t in direct(quotes)] == ["erstaunlich zurückhaltend"]
    quotes = run("Die Regierung verurteilte den Angriff als „feigen Anschlag“.", "de")
    assert [t for _, t in direct(quotes)] == ["feigen Anschlag"]


def test_fragment_that_is_most_of_its_reported_clause_is_one_record() -> None:
    names = {"Jane Doe": ("kb:doe", "Jane Doe", "PERSON")}
    quotes = run(
        "Jane Doe welcomed the agreement, calling it a “good, fair solution.”",
        names=names,
    )
    assert [(q.speaker, q.form, q.text) for q in quotes] == [
        ("Jane Doe", "direct", "good, fair solution")
    ]


def test_document_cue_in_the_next_sentence_is_not_the_quotes_source() -> None:
    quotes = run(
        "„Wir kommen bestimmt“, sagte Lena Hoff. „Das ist sicher, ganz sicher.“ "
        "In einem Schreiben des Vereins hatte es geheißen: „Niemand kommt.“",
        "de",
        LENA,
    )
    assert [s for s, _ in direct(quotes)] == [
        "Lena Hoff",
        "Lena Hoff",
        "einem Schreiben des Vereins",
    ]


def test_sentence_opening_adverb_is_no_antecedent() -> None:
    quotes = run(
        "Besorgt äußerte sich auch der Vorsitzende des Vereins zu den Vorgängen: "
        "„Wir befürchten das Schlimmste“, sagte er.",
        "de",
    )
    assert direct(quotes)[0][0] != "Besorgt"


def test_verb_second_subject_without_article_and_an_adverb_after_the_verb() -> None:
    quotes = run(
        "Vertreter der Opposition bezeichneten jedoch das Vorgehen als „sehr maßvoll“.",
        "de",
    )
    assert direct(quotes)[0][0] != "Vorgehen"


def test_kb_person_written_as_a_role_keeps_its_name() -> None:
    names = {
        "Chancellor": ("kb:scholz", "Olaf Scholz", "PERSON"),
        "Olaf Scholz": ("kb:scholz", "Olaf Scholz", "PERSON"),
    }
    quotes = run(
        "German Chancellor Olaf Scholz welcomed the agreement, calling it a "
        "“good, socially fair solution.”",
        names=names,
    )
    assert direct(quotes)[0][0] == "Olaf Scholz"
    quotes = run("“We are ready,” said German Chancellor on Monday.", names=names)
    assert direct(quotes)[0][0] == "Olaf Scholz"
