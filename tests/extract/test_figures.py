"""Figure parsing: literal sentences in English and German, and the non-figures."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsledger.extract.figure_context import in_repeats, repeat_index
from newsledger.extract.figures import extract_figures
from newsledger.extract.numbers import parse_digits
from newsledger.lang import LangData, load
from newsledger.model import Document, Span

B = 1e9
M = 1e6


def figures(text: str, code: str) -> list[tuple[float, float | None, str, str]]:
    doc = Document(id="d", source="t", text=text, language=code)
    return [(f.value, f.value_max, f.unit, f.qualifier) for f in extract_figures(doc, load(code))]


def one(text: str, code: str) -> tuple[float, float | None, str, str]:
    found = figures(text, code)
    assert len(found) == 1, found
    return found[0]


EN = [
    # money: symbols, codes, words, scales, short scales
    ("They paid $97 billion for it.", 97 * B, None, "USD", "="),
    ("A $97.4 billion offer arrived.", 97.4 * B, None, "USD", "="),
    ("It raised $30bn last week.", 30 * B, None, "USD", "="),
    ("It raised $30 bn last week.", 30 * B, None, "USD", "="),
    ("The seed round was $5m.", 5 * M, None, "USD", "="),
    ("Revenue hit US$1.2 billion.", 1.2 * B, None, "USD", "="),
    ("Revenue hit USD 3 million.", 3 * M, None, "USD", "="),
    ("The fine was €4.3 billion.", 4.3 * B, None, "EUR", "="),
    ("It sold for £250 million.", 250 * M, None, "GBP", "="),
    ("The deal is worth 2 billion euros.", 2 * B, None, "EUR", "="),
    ("He owes 5 million dollars.", 5 * M, None, "USD", "="),
    ("The fund holds 7 million USD.", 7 * M, None, "USD", "="),
    ("It cost $1,250,000 to build.", 1_250_000, None, "USD", "="),
    ("It cost $1,000.50 in total.", 1000.5, None, "USD", "="),
    ("A $2 trillion market.", 2e12, None, "USD", "="),
    ("Tickets cost $40.", 40, None, "USD", "="),
    ("A ¥500 million loan.", 500 * M, None, "JPY", "="),
    ("The budget was CHF 20 million.", 20 * M, None, "CHF", "="),
    ("He got a billion dollars.", 1 * B, None, "USD", "="),
    ("It raised half a billion dollars.", 0.5 * B, None, "USD", "="),
    ("Another $10 billion is sought.", 10 * B, None, "USD", "="),
    ("Valued at $31 Billion today.", 31 * B, None, "USD", "="),
    ("It lost 3.5 trillion yen.", 3.5e12, None, "JPY", "="),
    ("Sales of $5k per month.", 5000, None, "USD", "="),
    # qualifiers
    ("It has more than $5 billion in cash.", 5 * B, None, "USD", ">"),
    ("over one million GPUs were installed", 1 * M, None, "GPU", ">"),
    ("It employs over 10,000 people.", 10_000, None, "person", ">"),
    ("at least 300 employees left", 300, None, "employee", ">="),
    ("less than $1 million was spent", 1 * M, None, "USD", "<"),
    ("fewer than 50 employees remain", 50, None, "employee", "<"),
    ("under $20 billion in sales", 20 * B, None, "USD", "<"),
    ("up to $500 billion could flow", 500 * B, None, "USD", "<="),
    ("as many as 2,000 jobs are cut", 2000, None, "job", "<="),
    # a ceiling stated with a modal verb (issue 14)
    ("The settlement could rise to $800 million.", 800 * M, None, "USD", "<="),
    ("Repair costs could reach £2.5bn by 2030.", 2.5 * B, None, "GBP", "<="),
    ("The penalty may climb to €60 million.", 60 * M, None, "EUR", "<="),
    ("Losses might potentially grow to 40 million dollars.", 40 * M, None, "USD", "<="),
    ("The scheme costs potentially up to $7 billion.", 7 * B, None, "USD", "<="),
    ("Its fleet can eventually reach 3,000 vehicles.", 3000, None, "vehicle", "<="),
    ("Revenue rose to $900 million last year.", 900 * M, None, "USD", "="),
    ("The fine will rise to $30 million.", 30 * M, None, "USD", "="),
    ("Sales could not reach $4 billion.", 4 * B, None, "USD", "="),
    ("The bill could rise to $5 billion or more.", 5 * B, None, "USD", ">="),
    ("Bonuses could lift the deal up to a total of $9 billion.", 9 * B, None, "USD", "<="),
    ("It may pay as much as an estimated annual sum of $4 million.", 4 * M, None, "USD", "<="),
    ("The cuts hit up to a third of 600 employees.", 600, None, "employee", "="),
    ("around 6.8 million tokens a year", 6.8 * M, None, "token", "~"),
    ("about 5 million users joined", 5 * M, None, "user", "~"),
    ("roughly $3 billion was raised", 3 * B, None, "USD", "~"),
    ("nearly 300 million weekly users", 300 * M, None, "user", "~"),
    ("almost 2 million subscribers", 2 * M, None, "subscriber", "~"),
    ("an estimated $7 billion spent", 7 * B, None, "USD", "~"),
    ("10 million users or more", 10 * M, None, "user", ">="),
    # number words
    ("one million GPUs in one building", 1 * M, None, "GPU", "="),
    ("two billion users log in", 2 * B, None, "user", "="),
    ("a dozen agents were deployed", 12, None, "agent", "="),
    ("twenty-five employees quit", 25, None, "employee", "="),
    ("three hundred employees quit", 300, None, "employee", "="),
    ("a million users signed up", 1 * M, None, "user", "="),
    ("ten thousand GPUs arrived", 10_000, None, "GPU", "="),
    # percentages, points, multipliers
    ("a 38% revenue growth", 38, None, "%", "="),
    ("shares fell 3.5 percent", 3.5, None, "%", "="),
    ("margins grew 12 per cent", 12, None, "%", "="),
    ("rates rose 2 percentage points", 2, None, "pp", "="),
    ("costs dropped -5% overall", -5, None, "%", "="),
    ("up to 12 times more tokens", 12, None, "x", "<="),
    ("a 25x increase", 25, None, "x", "="),
    ("a tenfold rise, or 10-fold", 10, None, "x", "="),
    # ranges
    ("between 1.5 billion and 18 billion AI agents", 1.5 * B, 18 * B, "agent", "range"),
    ("between 2.5 and 18 billion agents", 2.5 * B, 18 * B, "agent", "range"),
    ("from $10 billion to $12 billion", 10 * B, 12 * B, "USD", "range"),
    ("10–12 million users", 10 * M, 12 * M, "user", "range"),
    ("$5-7 billion in funding", 5 * B, 7 * B, "USD", "range"),
    ("10 to 12 million users", 10 * M, 12 * M, "user", "range"),
    # counted things past adjectives
    ("300 million weekly active users", 300 * M, None, "user", "="),
    ("5,000 Nvidia H100 chips", 5000, None, "chip", "="),
    ("a 405 billion parameters model", 405 * B, None, "parameter", "="),
    ("It hired 150 engineers and 20 employees", 20, None, "employee", "="),
    ("2,500 data centers worldwide", 2500, None, "data centre", "="),
    ("It plans 5 gigawatts of capacity.", 5, None, "GW", "="),
    ("50 million downloads so far", 50 * M, None, "download", "="),
    # unitless figures with a scale word
    ("a population of 8 million", 8 * M, None, "", "="),
    ("with 1.2 billion in the bank", 1.2 * B, None, "", "="),
    ("a budget of 3 thousand", 3000, None, "", "="),
]

DE = [
    ("bis zu 300 Milliarden US-Dollar fließen", 300 * B, None, "USD", "<="),
    ("zunächst 40 Milliarden US-Dollar zugesagt", 40 * B, None, "USD", "="),
    ("deutlich weniger als 8 Milliarden US-Dollar", 8 * B, None, "USD", "<"),
    ("geschätzt 7 Milliarden US-Dollar ausgegeben", 7 * B, None, "USD", "~"),
    ("über 100.000 Nvidia-Grafikprozessoren", 100_000, None, "GPU", ">"),
    ("ein Zuschuss von 1 Million Dollar", 1 * M, None, "USD", "="),
    ("Der Umsatz lag bei 1,5 Milliarden Euro.", 1.5 * B, None, "EUR", "="),
    ("Es kostet 2,5 Mio. Euro.", 2.5 * M, None, "EUR", "="),
    ("Es kostet 3 Mrd. Euro.", 3 * B, None, "EUR", "="),
    ("Der Kaufpreis: 44 Mrd. US-Dollar", 44 * B, None, "USD", "="),
    ("Die Staatsschulden: 2 Billionen Euro", 2e12, None, "EUR", "="),
    ("Eine Billion Euro steht im Raum.", 1e12, None, "EUR", "="),
    ("Schulden von 1.000.000,50 Euro", 1_000_000.5, None, "EUR", "="),
    ("Es kostet 1.250 Euro.", 1250, None, "EUR", "="),
    ("Ein Preis von 99,99 €.", 99.99, None, "EUR", "="),
    ("Ein Preis von 100€ pro Monat", 100, None, "EUR", "="),
    # "über" after an order, a loan, a round: "of", not "more than" (issue 14).
    ("Ein Auftrag über 20 Mio. € kam.", 20 * M, None, "EUR", "="),
    ("Die Firma zahlte 300 Millionen Dollar.", 300 * M, None, "USD", "="),
    ("Der Fonds hat 5 Mrd. Dollar.", 5 * B, None, "USD", "="),
    ("Er erhielt 2 Millionen Pfund.", 2 * M, None, "GBP", "="),
    ("Sie zahlte 40 Millionen Franken.", 40 * M, None, "CHF", "="),
    ("Ein Kredit über 800 Millionen Yen", 800 * M, None, "JPY", "="),
    ("Der Umsatz lag über 800 Millionen Yen", 800 * M, None, "JPY", ">"),
    ("Es geht um eine Milliarde Euro.", 1 * B, None, "EUR", "="),
    ("zwei Milliarden Euro flossen", 2 * B, None, "EUR", "="),
    ("Es waren drei Millionen Euro.", 3 * M, None, "EUR", "="),
    ("zwölf Millionen Nutzer", 12 * M, None, "user", "="),
    ("eine halbe Milliarde Euro", 0.5 * B, None, "EUR", "="),
    ("ein Dutzend Agenten arbeiten", 12, None, "agent", "="),
    ("mehr als 500 Mitarbeiter", 500, None, "employee", ">"),
    ("weit mehr als 2.000 Beschäftigte", 2000, None, "employee", ">"),
    ("mindestens 300 Mitarbeitende", 300, None, "employee", ">="),
    ("weniger als 50 Angestellte", 50, None, "employee", "<"),
    ("unter 10 Millionen Euro", 10 * M, None, "EUR", "<"),
    ("höchstens 3 Milliarden Euro", 3 * B, None, "EUR", "<="),
    # Obergrenze mit Modalverb (Issue 14)
    ("Die Entschädigung könnte auf 800 Millionen Euro steigen.", 800 * M, None, "EUR", "<="),
    ("Die Kosten könnten bis 2030 auf 4 Milliarden Euro klettern.", 4 * B, None, "EUR", "<="),
    (
        "Er rechnet damit, dass der Schaden auf 70 Mio. Euro anwachsen könnte.",
        70 * M,
        None,
        "EUR",
        "<=",
    ),
    ("Die Förderung beträgt maximal 25 Millionen Euro.", 25 * M, None, "EUR", "<="),
    ("Das Bußgeld kann bis zu 15 Millionen Euro betragen.", 15 * M, None, "EUR", "<="),
    ("Die Zahl könnte nicht auf 900 Millionen Nutzer steigen.", 900 * M, None, "user", "="),
    ("Der Umsatz stieg auf 6 Milliarden Euro.", 6 * B, None, "EUR", "="),
    ("Die Kosten werden auf 2 Milliarden Euro steigen.", 2 * B, None, "EUR", "="),
    ("Der Preis könnte auf 3 Milliarden Euro sinken.", 3 * B, None, "EUR", "="),
    ("Sie haftet bis zu einer Gesamtsumme von 40 Millionen Euro.", 40 * M, None, "EUR", "<="),
    ("rund 400 Millionen Nutzer", 400 * M, None, "user", "~"),
    ("etwa 5 Millionen Abonnenten", 5 * M, None, "subscriber", "~"),
    ("ungefähr 10.000 Kunden", 10_000, None, "customer", "~"),
    ("knapp 1 Million Euro", 1 * M, None, "EUR", "~"),
    ("fast 2 Milliarden Nutzer", 2 * B, None, "user", "~"),
    ("ca. 300 Mitarbeiter", 300, None, "employee", "~"),
    ("schätzungsweise 6,8 Millionen Token", 6.8 * M, None, "token", "~"),
    ("10 Millionen Nutzer und mehr", 10 * M, None, "user", ">="),
    ("Der Umsatz stieg um 242 Prozent.", 242, None, "%", "="),
    ("Der Umsatz stieg um 242%.", 242, None, "%", "="),
    ("Der Anteil stieg um 12,5 %.", 12.5, None, "%", "="),
    ("Der Zins stieg um 2 Prozentpunkte.", 2, None, "pp", "="),
    ("um 0,5 Prozentpunkten gesenkt", 0.5, None, "pp", "="),
    ("bis zu 25-mal mehr Token", 25, None, "x", "<="),
    ("eine 25-fache Steigerung", 25, None, "x", "="),
    ("zwischen 1,5 und 18 Milliarden KI-Agenten", 1.5 * B, 18 * B, "agent", "range"),
    ("zwischen 2,5 Milliarden und 18 Milliarden Agenten", 2.5 * B, 18 * B, "agent", "range"),
    ("von 10 bis 12 Millionen Nutzern", 10 * M, 12 * M, "user", "range"),
    ("10–12 Millionen Euro", 10 * M, 12 * M, "EUR", "range"),
    ("5 bis 7 Milliarden Euro", 5 * B, 7 * B, "EUR", "range"),
    ("100.000 Grafikprozessoren", 100_000, None, "GPU", "="),
    ("100\u202f000 Grafikprozessoren", 100_000, None, "GPU", "="),
    ("20.000 Hochleistungsgrafikprozessoren", 20_000, None, "GPU", "="),
    ("400 Millionen wöchentliche Nutzer", 400 * M, None, "user", "="),
    ("5.000 neue Arbeitsplätze", 5000, None, "job", "="),
    ("3 Millionen Elektroautos", 3 * M, None, "vehicle", "="),
    ("200 Rechenzentren weltweit", 200, None, "data centre", "="),
    ("1,2 Milliarden Menschen", 1.2 * B, None, "person", "="),
    ("50 Millionen Downloads", 50 * M, None, "download", "="),
    ("10 Gigawatt Leistung", 10, None, "GW", "="),
    ("30 KI-Beschleuniger", 30, None, "GPU", "="),
    ("Die Stadt hat 8 Millionen Einwohner.", 8 * M, None, "", "="),
    ("Ein Polster von 1,2 Milliarden", 1.2 * B, None, "", "="),
    ("gut 100 Mitarbeiter", 100, None, "employee", "~"),
    ("Es kostet 2 Mio Euro.", 2 * M, None, "EUR", "="),
    ("Ein Gewinn von 7 Mrd. Euro", 7 * B, None, "EUR", "="),
    ("mehr als eine Million Nutzer", 1 * M, None, "user", ">"),
    ("Das sind 2 Dutzend Roboter.", 24, None, "robot", "="),
]


@pytest.mark.parametrize(("text", "value", "value_max", "unit", "qualifier"), EN)
def test_english_figure_is_parsed(
    text: str, value: float, value_max: float | None, unit: str, qualifier: str
) -> None:
    got = one(text, "en")
    assert got[0] == pytest.approx(value, rel=1e-9)
    assert got[1] == (None if value_max is None else pytest.approx(value_max, rel=1e-9))
    assert got[2:] == (unit, qualifier)


@pytest.mark.parametrize(("text", "value", "value_max", "unit", "qualifier"), DE)
def test_german_figure_is_parsed(
    text: str, value: float, value_max: float | None, unit: str, qualifier: str
) -> None:
    got = one(text, "de")
    assert got[0] == pytest.approx(value, rel=1e-9)
    assert got[1] == (None if value_max is None else pytest.approx(value_max, rel=1e-9))
    assert got[2:] == (unit, qualifier)


NOT_FIGURES = [
    ("en", "Norrland Compute was founded in 2016 as a cooperative."),
    ("en", "By 2019, the strains were obvious."),
    ("en", "In 2024 users complained."),
    ("en", "On February 12, 2025, the board met."),
    ("en", "It came 1st, then 2nd and 3rd."),
    ("en", "It was the third Vogt government."),
    ("en", "Vogt unveiled Fjord 3 in March."),
    ("en", "GPT-4 and Fjord-2 compete with o3 and V3."),
    ("en", "The A100 and H100 chips sell well."),
    ("en", "a short three-page memo"),
    ("en", "a 10-year plan"),
    ("en", "It needed billions in new capital."),
    ("en", "one thing is certain"),
    ("en", "one of the users"),
    ("en", "Version 1.2.3 shipped."),
    ("en", "A lone $ sign."),
    ("en", "It is 10,,000 of something."),
    ("en", "See https://example.com/2024/10/500-million-users for more."),
    ("en", "Run `pip install x==2.5` first."),
    ("en", "| 2024 | 500 users | 10 |\n"),
    ("en", "The meeting is at 10:30 on 3/4."),
    ("en", "Call 555 0199 now."),
    ("en", "There were 12 of them."),
    ("en", "Chapter 7 begins."),
    ("en", "It is 5G ready and 3D printed."),
    ("en", "The score was 3 to 1."),
    ("en", "from 2020 to 2024"),
    ("en", "NYSE:NRLD rose."),
    ("en", "Email me at user2024@example.com today."),
    ("en", "It costs 1e400 dollars."),
    ("en", "The 1990s were different."),
    ("en", "a 9,999,999,999,999,999,999 billion dollar joke"),
    ("de", "2016 gründeten Vogt und Mehta die Firma."),
    ("de", "Im Jahr 2024 stieg der Umsatz."),
    ("de", "Am 3. März trafen sie sich."),
    ("de", "Er belegte den 2. Platz."),
    ("de", "Am 12.02.2025 kam die Nachricht."),
    ("de", "Die nächste Runde ist am 5. Mai."),
    ("de", "„Fjord-2“ konkurriert mit GPT-4."),
    ("de", "und dürfte Milliarden mehr kosten"),
    ("de", "Ein Nutzer beschwerte sich."),
    ("de", "eine Seite des Konflikts"),
    ("de", "an die zweite Stelle rücken"),
    ("de", "Version 1.2.3 ist da."),
    ("de", "Es sind 10,,000 Stück."),
    ("de", "Ein einzelnes € Zeichen."),
    ("de", "Siehe www.example.de/artikel/100-millionen-nutzer dazu."),
    ("de", "von 2020 bis 2024 wuchs es"),
    ("de", "Um 14:30 Uhr begann es."),
    ("de", "Das Unternehmen hat zwei Standorte."),
    ("de", "Seit 2023 ist das so."),
    ("de", "Tausende Menschen protestierten."),
    ("de", "In 30 Sekunden war es vorbei."),
]


@pytest.mark.parametrize(("code", "text"), NOT_FIGURES)
def test_non_figure_gives_nothing(code: str, text: str) -> None:
    assert figures(text, code) == []


def test_figure_keeps_span_and_precision() -> None:
    text = "He offered $97.4 billion, then over one million GPUs."
    doc = Document(id="d", source="t", text=text, language="en")
    found = extract_figures(doc, load("en"))
    assert [text[f.start : f.end] for f in found] == ["$97.4 billion", "over one million GPUs"]
    assert [f.text for f in found] == ["$97.4 billion", "over one million GPUs"]
    assert found[0].precision == pytest.approx(1e8)
    assert found[1].precision == pytest.approx(1e6)
    assert all(f.doc_id == "d" for f in found)


def test_precision_of_round_and_decimal_figures() -> None:
    doc = Document(id="d", source="t", text="$97 billion and 1,5 Mrd.", language="en")
    assert extract_figures(doc, load("en"))[0].precision == pytest.approx(1e9)
    de = Document(id="d", source="t", text="1,25 Milliarden Euro", language="de")
    assert extract_figures(de, load("de"))[0].precision == pytest.approx(1e7)


def test_several_figures_in_one_sentence_are_all_found() -> None:
    text = "Norrland Compute is raising $6 billion, hoping for a valuation of $40 billion."
    assert [f[0] for f in figures(text, "en")] == [6 * B, 40 * B]


def test_english_billion_and_german_billion_differ() -> None:
    assert one("a 2 billion euro fund", "en")[0] == pytest.approx(2e9)
    assert one("ein Fonds von 2 Billionen Euro", "de")[0] == pytest.approx(2e12)


def test_figures_inside_repeated_passages_are_dropped() -> None:
    text = "It raised $5 billion. It raised $5 billion."
    doc = Document(id="d", source="t", text=text, language="en", repeats=(Span(22, 43),))
    assert len(extract_figures(doc, load("en"))) == 1


def test_modal_ceilings_come_from_the_language_data() -> None:
    # The phrases live in figures.yaml: a language that lists "would" as a
    # ceiling modal reads "would rise to" as "<="; one with no table, as "=".
    text = "The bill would rise to $5 billion."
    base = load("en")
    tables = dict(base.tables)
    figures_table = dict(tables["figures"])
    figures_table["ceiling"] = {**figures_table["ceiling"], "modals": ["would"]}
    with_would = LangData(code="en", tables={**tables, "figures": figures_table})
    without = LangData(
        code="en",
        tables={**tables, "figures": {k: v for k, v in figures_table.items() if k != "ceiling"}},
    )
    doc = Document(id="d", source="t", text=text, language="en")
    assert [f.qualifier for f in extract_figures(doc, with_would)] == ["<="]
    assert [f.qualifier for f in extract_figures(doc, without)] == ["="]
    assert [f.qualifier for f in extract_figures(doc, base)] == ["="]


def test_a_figure_after_a_short_span_inside_a_long_one_is_dropped() -> None:
    # The nearest span start before the figure (the short one) ends before it;
    # the long span that starts earlier still covers it.
    text = "It raised $5 billion. Later: it raised $5 billion, it said, and $7 billion."
    doc = Document(
        id="d", source="t", text=text, language="en", repeats=(Span(22, 75), Span(29, 35))
    )
    assert [f.value for f in extract_figures(doc, load("en"))] == [5 * B]


_SPANS = st.lists(
    st.tuples(st.integers(0, 200), st.integers(0, 60)).map(lambda t: Span(t[0], t[0] + t[1])),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(spans=_SPANS, offsets=st.lists(st.integers(-5, 270), max_size=40))
def test_repeat_bisection_agrees_with_checking_every_span(
    spans: list[Span], offsets: list[int]
) -> None:
    index = repeat_index(spans)
    for offset in offsets:
        assert in_repeats(index, offset) == any(s.start <= offset < s.end for s in spans)


@pytest.mark.parametrize(
    ("raw", "decimal", "expected"),
    [
        ("1,000.5", ".", "1000.5"),
        ("1.000,5", ",", "1000.5"),
        ("1.000,5", ".", "1000.5"),
        ("100.000", ",", "100000"),
        ("1,5", ",", "1.5"),
        ("1,5", ".", "1.5"),
        ("1\u202f000\u202f000", ".", "1000000"),
        ("1'000", ".", "1000"),
        ("1.2.3", ".", None),
        ("1,00,0", ".", None),
        ("007", ".", None),
        ("1,000,00", ".", None),
        ("1.000.000,5,5", ",", None),
    ],
)
def test_parse_digits(raw: str, decimal: str, expected: str | None) -> None:
    got = parse_digits(raw, decimal)
    if expected is None:
        assert got is None
    else:
        assert got is not None
        assert got[0] == Decimal(expected)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_parser_never_crashes_on_arbitrary_text(text: str) -> None:
    for code in ("en", "de"):
        doc = Document(id="d", source="t", text=text, language=code)
        for f in extract_figures(doc, load(code)):
            assert 0 <= f.start < f.end <= len(text)
            assert abs(f.value) <= 1e16


_NUMBERISH = st.text(alphabet="0123456789.,$€% -–kmbMilionenBillarde", max_size=40)


@settings(max_examples=300, deadline=None)
@given(_NUMBERISH)
def test_parser_never_crashes_on_number_like_text(text: str) -> None:
    for code in ("en", "de"):
        doc = Document(id="d", source="t", text=text, language=code)
        for f in extract_figures(doc, load(code)):
            assert f.text == text[f.start : f.end]


def test_number_words_match_in_any_case_and_not_after_hyphen_or_letters() -> None:
    # The candidate scan starts with one character class; case and word
    # boundaries must still be decided as by the plain alternation.
    assert one("THE FIRM HAS FORTY-TWO MILLION USERS.", "en") == (42 * M, None, "user", "=")
    assert one("Die Firma hat ZWEI Millionen Kunden.", "de")[0] == 2 * M
    assert figures("The GPT-four model and xtwo million users.", "en") == []


def test_number_in_url_or_table_row_is_no_figure_but_prose_nearby_is() -> None:
    assert figures("See http://example.com/report_2024/15 million users", "en") == []
    assert figures("| Revenue | $5 million | $7 million |", "en") == []
    assert one("It raised $5 million. Details: www.example.org", "en")[0] == 5 * M


def test_a_scale_word_spelt_with_lookalike_letters_reads_as_the_matcher_reads_it() -> None:
    # "ı" (dotless i) matches "i" in a case-insensitive regex; the lookup
    # folds it the same way (issue 19), so it is the scale, not a crash.
    found = figures("Revenue was $4 bıllıon and then $5 billion.", "en")
    assert [value for value, *_ in found] == [4 * B, 5 * B]


# Silent wrong values listed in issue 14: each read right now.
@pytest.mark.parametrize(
    ("text", "code", "expected"),
    [
        ("Der Haushalt beläuft sich auf 12 500 EUR.", "de", (12_500, None, "EUR", "=")),
        ("The budget is 12 500 EUR.", "en", (12_500, None, "EUR", "=")),
        ("two hundred and fifty thousand people marched", "en", (250_000, None, "person", "=")),
        ("a quarter of a million people marched", "en", (250_000, None, "person", "=")),
        ("Output fell by minus 0.5 percent.", "en", (-0.5, None, "%", "=")),
        ("The unit reported a loss of ($99.99) per order.", "en", (-99.99, None, "USD", "=")),
        ("eine Finanzierungsrunde über 2,4 Milliarden Dollar", "de", (2.4 * B, None, "USD", "=")),
        ("Acme plans to invest $100 billion.", "en", (100 * B, None, "USD", "=")),
        (
            "Prices were between $90 and $105 per kilowatt-hour.",
            "en",
            (90, 105, "USD/kWh", "range"),
        ),
        ("zweihundertfünfzigtausend Menschen demonstrierten", "de", (250_000, None, "person", "=")),
        ("Sie sammelte anderthalb Milliarden Euro ein.", "de", (1.5 * B, None, "EUR", "=")),
        ("It raised half a billion dollars.", "en", (0.5 * B, None, "USD", "=")),
        ("dreiviertel Millionen Nutzer", "de", (750_000, None, "user", "=")),
        ("It lost −€3 million.", "en", (-3 * M, None, "EUR", "=")),
        ("It raised 5 million Swiss francs.", "en", (5 * M, None, "CHF", "=")),
        ("Sie zahlte 16,4 Millionen kanadische Dollar.", "de", (16.4 * M, None, "CAD", "=")),
        (
            "It paid 420 million yuan.",
            "en",
            (420 * M, None, "CNY", "="),
        ),
        ("It paid 35 lakh rupees.", "en", (3.5 * M, None, "INR", "=")),
        ("It paid 9 million metric tons.", "en", (9 * M, None, "tonne", "=")),
        ("about 500 staff or more", "en", (500, None, "employee", ">=")),
    ],
)
def test_issue_14_values_are_read_right(
    text: str, code: str, expected: tuple[float, float | None, str, str]
) -> None:
    value, value_max, unit, qualifier = one(text, code)
    assert value == pytest.approx(expected[0], rel=1e-9)
    assert value_max == (None if expected[1] is None else pytest.approx(expected[1], rel=1e-9))
    assert (unit, qualifier) == expected[2:]


def test_a_conversion_in_parentheses_is_no_loss() -> None:
    found = figures("It wrote down €1 billion ($1.1 billion) last year.", "en")
    assert [(v, u) for v, _, u, _ in found] == [(1 * B, "EUR"), (1.1 * B, "USD")]


def test_anonymous_sources_are_no_figure() -> None:
    assert figures("two people familiar with the matter said so", "en") == []
    assert figures("three people briefed on the talks said", "en") == []
    assert one("Two hundred people were hired.", "en")[2] == "person"


def test_over_after_an_order_noun_is_of_but_over_alone_is_more_than() -> None:
    assert one("Ein Milliardenauftrag über 2 Mrd. Euro", "de")[3] == "="
    assert one("Der Umsatz stieg auf über 2 Mrd. Euro", "de")[3] == ">"


def test_years_and_ordinals_are_no_counts() -> None:
    assert figures("In 2024 the 3rd plant opened.", "en") == []
    assert figures("Im Jahr 2024 eröffnete das 3. Werk.", "de") == []


# Issue 19: case-insensitive, any-blank matches looked up exactly raised KeyError.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("US\t$5 million", (5 * M, "USD", "=")),
        ("more  than $5 million", (5 * M, "USD", ">")),
        ("almoſt $5 million", (5 * M, "USD", "~")),
        ("5 million US  dollars", (5 * M, "USD", "=")),
        ("Microsoft raised $5 million or  more.", (5 * M, "USD", ">=")),
        ("2 employeeſ", (2, "employee", "=")),
        ("Microsoft reported ſales of $5 billion.", (5 * B, "USD", "=")),
        ("Microsoft raised $5 billion yeſterday.", (5 * B, "USD", "=")),
        ("5 \u212a users", None),  # Kelvin sign: no short scale glued, no crash
    ],
)
def test_lookalike_letters_and_blank_runs_find_their_entry(
    text: str, expected: tuple[float, str, str] | None
) -> None:
    found = figures(text, "en")
    if expected is not None:
        assert [(v, u, q) for v, _, u, q in found] == [expected]


@pytest.mark.parametrize(
    ("text", "code", "expected"),
    [
        ("Revenue nearly doubled last year.", "en", (2, None, "x", "~")),
        ("Profit halved.", "en", (0.5, None, "x", "=")),
        ("Der Umsatz hat sich verdreifacht.", "de", (3, None, "x", "=")),
        ("Die Zahl hat sich mehr als verdoppelt.", "de", (2, None, "x", ">")),
    ],
)
def test_multiplier_verbs_are_figures(
    text: str, code: str, expected: tuple[float, float | None, str, str]
) -> None:
    assert one(text, code) == expected


@pytest.mark.parametrize(
    ("text", "code", "expected"),
    [
        ("Prices above $1,000 and below $1,500 are common.", "en", (1000, 1500, "USD", "range")),
        ("at most 100 and at least 20 people", "en", (20, 100, "person", "range")),
        (
            "Mehr als 5 Millionen und weniger als 8 Millionen Euro flossen.",
            "de",
            (5 * M, 8 * M, "EUR", "range"),
        ),
        ("They paid 75 USD million for it.", "en", (75 * M, None, "USD", "=")),
    ],
)
def test_bounds_joined_by_and_and_a_scale_after_the_code(
    text: str, code: str, expected: tuple[float, float | None, str, str]
) -> None:
    value, value_max, unit, qualifier = one(text, code)
    assert value == pytest.approx(expected[0])
    assert value_max == (None if expected[1] is None else pytest.approx(expected[1]))
    assert (unit, qualifier) == expected[2:]


def test_bounds_of_two_different_things_stay_two_figures() -> None:
    found = figures("more than 100 employees and less than 300 customers", "en")
    assert [(v, u, q) for v, _, u, q in found] == [(100, "employee", ">"), (300, "customer", "<")]


def directions(text: str, code: str) -> list[tuple[float, str | None]]:
    doc = Document(id="d", source="t", text=text, language=code)
    return [(f.value, f.direction) for f in extract_figures(doc, load(code))]


@pytest.mark.parametrize(
    ("text", "code", "expected"),
    [
        ("Shares fell by more than 5% on Monday.", "en", [(5, "down")]),
        ("Revenue rose 12% to $5 billion.", "en", [(12, "up"), (5 * B, None)]),
        ("Sales were down 4% and profit up 3%.", "en", [(4, "down"), (3, "up")]),
        ("Der Umsatz stieg um 5 Prozent auf 3 Milliarden Euro.", "de", [(5, "up"), (3 * B, None)]),
        ("Es gab ein Minus von 3,5 Prozent.", "de", [(3.5, "down")]),
        # "es ging um" is "it was about", no direction.
        ("Es ging um 5 Millionen Euro.", "de", [(5 * M, None)]),
        ("The rate rose to 5%.", "en", [(5, None)]),
    ],
)
def test_a_change_keeps_its_value_positive_and_states_its_direction(
    text: str, code: str, expected: list[tuple[float, str | None]]
) -> None:
    assert directions(text, code) == expected


def test_a_rise_and_a_fall_of_the_same_size_are_two_figures() -> None:
    assert directions("Exports rose 3% while imports fell 3%.", "en") == [(3, "up"), (3, "down")]


# Issue 14, span recall by pattern: code-and-dollar marks, codes with a
# scale, glued k/b alone, one unit of a currency, an article as one euro.
@pytest.mark.parametrize(
    ("text", "code", "expected"),
    [
        ("It cost usd$ 15 in the end.", "en", (15.0, None, "USD", "=")),
        ("It cost NZD$15 in the end.", "en", (15.0, None, "NZD", "=")),
        ("It refers to 48.5 MGBP already paid.", "en", (48.5 * M, None, "GBP", "=")),
        ("Grants totalled twenty MUSD.", "en", (20 * M, None, "USD", "=")),
        ("The channel passed 100k this week.", "en", (1e5, None, "", "=")),
        ("The startup is valued at 1.2b now.", "en", (1.2 * B, None, "", "=")),
        ("Debt reached 10 tln last year.", "en", (1e13, None, "", "=")),
        ("It withdrew its one-yen bid.", "en", (1.0, None, "JPY", "=")),
        ("Hast du mal einen Euro für mich?", "de", (1.0, None, "EUR", "=")),
        ("Es kostet 30 kambodschanische Riel.", "de", (30.0, None, "KHR", "=")),
    ],
)
def test_figure_patterns_of_issue_14_are_found(
    text: str, code: str, expected: tuple[float, float | None, str, str]
) -> None:
    assert one(text, code) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("He ran 5m in a euro zone country.", "en"),
        ("It is a dollar store with one of the people.", "en"),
        ("Ein Euro-Land trat bei.", "de"),
    ],
)
def test_article_and_glued_metres_are_no_money(text: str, code: str) -> None:
    assert figures(text, code) == []


@pytest.mark.parametrize(
    ("text", "code", "expected"),
    [
        # Silent wrong values before: 50 EUR, 4,000.
        ("It costs 50 euro cents.", "en", (0.5, None, "EUR", "=")),
        ("Es kostet 50 Eurocent.", "de", (0.5, None, "EUR", "=")),
        ("4 thousand 3 hundred people came.", "en", (4300.0, None, "person", "=")),
        # Currency names with their country's adjective.
        ("It cost 12 Georgian lari.", "en", (12.0, None, "GEL", "=")),
        ("It cost 11 Costa Rican colones.", "en", (11.0, None, "CRC", "=")),
        ("It cost Rs. 8 in all.", "en", (8.0, None, "INR", "=")),
        ("Es kostete 6 chinesische Yuan.", "de", (6.0, None, "CNY", "=")),
        ("Es kostete 30 japanische Yen.", "de", (30.0, None, "JPY", "=")),
    ],
)
def test_minor_units_digit_groups_and_named_currencies(
    text: str, code: str, expected: tuple[float, float | None, str, str]
) -> None:
    assert one(text, code) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "code", "value"),
    [
        # Silent wrong values before: 1e9, 1e6, 666,667, 1e6.
        ("It paid three fifths of a billion dollars.", "en", 0.6 * B),
        ("It reached a fifth of a million people.", "en", 0.2 * M),
        ("It counted six and two thirds million people.", "en", 6e6 + 2e6 / 3),
        ("Es zählte sechs und zwei Drittel Millionen Menschen.", "de", 6e6 + 2e6 / 3),
        ("Es kostete ein Fünftel einer Million Euro.", "de", 0.2 * M),
    ],
)
def test_fractions_of_scales_and_mixed_fractions(text: str, code: str, value: float) -> None:
    assert one(text, code)[0] == pytest.approx(value)


def test_an_ordinal_fifth_is_no_fraction() -> None:
    assert figures("The fifth largest bank fell on the fifth of May.", "en") == []


@pytest.mark.parametrize(
    ("text", "code", "value"),
    [
        ("Prices rose 5pc last year.", "en", 5.0),
        ("Prices rose 7 per-cent last year.", "en", 7.0),
        ("Prices rose 10 p.c. last year.", "en", 10.0),
        ("Die Preise stiegen um 5 vom Hundert.", "de", 5.0),
        ("Die Preise stiegen um 7 v. H.", "de", 7.0),
    ],
)
def test_more_percent_words(text: str, code: str, value: float) -> None:
    assert one(text, code)[:3] == (value, None, "%")


@pytest.mark.parametrize(
    ("span", "code", "value"),
    [
        # A plural fraction after a compound count divides all of it.
        ("twenty-three fifths", "en", 4.6),
        ("ninety - five hundred fifths", "en", 1900.0),
        # Tens and a fraction after a hundred are one denominator.
        ("one hundred thirty-fifths", "en", 100 / 35),
        # Mixed fractions keep their whole part.
        ("five and two thirds", "en", 5 + 2 / 3),
        ("zweieinhalb Millionen", "de", 2.5e6),
        ("dreieinhalb", "de", 3.5),
    ],
)
def test_fractions_after_counts_parse(span: str, code: str, value: float) -> None:
    from newsledger.extract.figures import parse_number

    assert parse_number(span, load(code)) == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "code", "value", "unit"),
    [
        # Was two figures, 10 USD and 30 USD.
        ("It cost 10 $ 30 cent.", "en", 10.3, "USD"),
        ("It cost $10 and 30 cents.", "en", 10.3, "USD"),
        ("Es kostet 10 Euro 30 Cent.", "de", 10.3, "EUR"),
    ],
)
def test_major_and_minor_units_are_one_amount(
    text: str, code: str, value: float, unit: str
) -> None:
    assert one(text, code)[::2] == (pytest.approx(value), unit)
