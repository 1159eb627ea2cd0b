"""Numbers: digit strings, written numbers, and amounts rendered and read back."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsledger.extract.figures import extract_figures, parse_number
from newsledger.extract.numbers import parse_digits
from newsledger.lang import load
from newsledger.model import Document


@pytest.mark.parametrize(
    ("span", "code", "value"),
    [
        ("two hundred and fifty thousand", "en", 250_000),
        ("a quarter of a million", "en", 250_000),
        ("half a billion", "en", 5e8),
        ("five and a half million", "en", 5.5e6),
        ("one million and a half", "en", 1.5e6),
        ("one billion and a half million", "en", 1_000_500_000),
        ("twenty-one trillion three hundred", "en", 21e12 + 300),
        ("one thousand and five hundred", "en", 1500),
        ("three thousand million", "en", 3e9),
        ("three lakh crore", "en", 3e12),
        ("1,674.5 million", "en", 1_674_500_000),
        ("12,34,567.89", "en", 1_234_567.89),
        ("zweihundertfünfzigtausend", "de", 250_000),
        ("achtundsiebzig", "de", 78),
        ("einundzwanzig", "de", 21),
        ("eintausendeinhundertfünfzig", "de", 1150),
        ("dreihundertneunundneunzigtausendfuenfhundertneun", "de", 399_509),
        ("anderthalb Milliarden", "de", 1.5e9),
        ("zweieinhalb Millionen", "de", 2.5e6),
        ("eineinhalb Milliarden", "de", 1.5e9),
        ("dreiviertel", "de", 0.75),
        ("ein halbes Dutzend", "de", 6),
        ("2,5 Mio", "de", 2.5e6),
        ("1 234 567,89", "de", 1_234_567.89),
    ],
)
def test_written_numbers_are_read(span: str, code: str, value: float) -> None:
    assert parse_number(span, load(code)) == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # A second number is not part of the first.
        ("raised $5 million two years ago", 5e6),
        ("between one thousand and two thousand users", 1000),
    ],
)
def test_a_number_stops_where_the_next_one_starts(text: str, value: float) -> None:
    doc = Document(id="d", source="t", text=text, language="en")
    found = extract_figures(doc, load("en"))
    assert found and found[0].value == value


def test_space_grouped_digits_do_not_swallow_a_year() -> None:
    assert parse_digits("12 500", ".") == (Decimal(12500), Decimal(1))
    assert parse_digits("2024 500", ".") is None


# Rendering amounts the way news writes them, then reading them back.
_EN_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen "
_EN_ONES += "fourteen fifteen sixteen seventeen eighteen nineteen"
EN_ONES = _EN_ONES.split()
EN_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
DE_ONES = "null ein zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn "
DE_ONES += "vierzehn fünfzehn sechzehn siebzehn achtzehn neunzehn"
DE_ONE = DE_ONES.split()
DE_TENS = [
    "_",
    "_",
    "zwanzig",
    "dreißig",
    "vierzig",
    "fünfzig",
    "sechzig",
    "siebzig",
    "achtzig",
    "neunzig",
]


def en_words(n: int) -> str:
    if n >= 1000:
        rest = n % 1000
        head = f"{en_words(n // 1000)} thousand"
        return head if not rest else f"{head} {'and ' if rest < 100 else ''}{en_words(rest)}"
    if n >= 100:
        rest = n % 100
        head = f"{EN_ONES[n // 100]} hundred"
        return head if not rest else f"{head} and {en_words(rest)}"
    if n >= 20:
        return EN_TENS[n // 10] + (f"-{EN_ONES[n % 10]}" if n % 10 else "")
    return EN_ONES[n]


def de_words(n: int, last: bool = True) -> str:
    """German numbers are one word; 1 is "eins" only at its end ("eintausendeins")."""
    if n >= 1000:
        rest = n % 1000
        return f"{de_words(n // 1000, last=False)}tausend" + (de_words(rest) if rest else "")
    if n >= 100:
        rest = n % 100
        return f"{DE_ONE[n // 100]}hundert" + (de_words(rest) if rest else "")
    if n >= 20:
        return (f"{DE_ONE[n % 10]}und" if n % 10 else "") + DE_TENS[n // 10]
    return "eins" if n == 1 and last else DE_ONE[n]


CURRENCIES = {
    "en": [
        ("$", "", "USD"),
        ("€", "", "EUR"),
        ("£", "", "GBP"),
        ("", " euros", "EUR"),
        ("", " US dollars", "USD"),
        ("", " yen", "JPY"),
        ("CHF ", "", "CHF"),
        ("", " Swiss francs", "CHF"),
        ("", " yuan", "CNY"),
        ("", " rupees", "INR"),
    ],
    "de": [
        ("", " Euro", "EUR"),
        ("", " US-Dollar", "USD"),
        ("", " €", "EUR"),
        ("", " Franken", "CHF"),
        ("", " Pfund", "GBP"),
        ("", " Yuan", "CNY"),
        ("$", "", "USD"),
        ("", " Dollar", "USD"),
    ],
}
SCALES = {
    "en": [
        (" million", 6),
        (" billion", 9),
        ("bn", 9),
        ("m", 6),
        (" trillion", 12),
        (" mn", 6),
        ("k", 3),
    ],
    "de": [
        (" Millionen", 6),
        (" Milliarden", 9),
        (" Mio.", 6),
        (" Mrd.", 9),
        (" Mrd", 9),
        (" Billionen", 12),
        (" Tsd.", 3),
    ],
}
GROUPS = {"en": [",", "\u202f", "\u00a0", " "], "de": [".", "\u202f", "\u00a0", " ", "'"]}


def _grouped(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


@st.composite
def rendered(draw: st.DrawFn, code: str) -> tuple[str, float, str]:
    prefix, suffix, iso = draw(st.sampled_from(CURRENCIES[code]))
    form = draw(st.sampled_from(["scaled", "grouped", "words", "word_scaled"]))
    if form == "scaled":
        whole = draw(st.integers(1, 999))
        tenth = draw(st.integers(0, 9))
        word, power = draw(st.sampled_from(SCALES[code]))
        mark = "." if code == "en" else ","
        number = f"{whole}{mark}{tenth}" if tenth else str(whole)
        value = (whole + tenth / 10) * 10**power
        body = number + word
    elif form == "grouped":
        n = draw(st.integers(1000, 999_999_999))
        body = _grouped(n, draw(st.sampled_from(GROUPS[code])))
        value = n
    elif form == "words":
        n = draw(st.integers(2, 999_999))
        body = en_words(n) if code == "en" else de_words(n)
        value = n
    else:
        n = draw(st.integers(2, 999))
        scale = draw(st.sampled_from([("million", "Millionen", 6), ("billion", "Milliarden", 9)]))
        body = f"{en_words(n)} {scale[0]}" if code == "en" else f"{de_words(n)} {scale[1]}"
        value = n * 10 ** scale[2]
    if prefix and form in ("words", "word_scaled"):
        # "€one thousand" is not written: a currency word follows words.
        prefix, suffix, iso = CURRENCIES[code][3] if code == "en" else CURRENCIES[code][0]
    lead = "The company raised " if code == "en" else "Das Unternehmen sammelte "
    tail = " last week." if code == "en" else " ein."
    return f"{lead}{prefix}{body}{suffix}{tail}", float(value), iso


@pytest.mark.parametrize("code", ["en", "de"])
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_rendered_amounts_are_read_back(code: str, data: st.DataObject) -> None:
    text, value, iso = data.draw(rendered(code))
    doc = Document(id="d", source="t", text=text, language=code)
    found = [(f.value, f.unit) for f in extract_figures(doc, load(code))]
    assert len(found) == 1, (text, found)
    assert found[0][0] == pytest.approx(value, rel=1e-9), text
    assert found[0][1] == iso, text
