"""Transfer fees, deal values, levels and base amounts.

- A price paid for a person (a player, a coach) is that person's transfer
  fee, about the person: "Rovers will pay €40m for Okafor" is Okafor's fee,
  as "Okafor's €40m move" says.  A sentence naming a transfer makes its price a
  fee, and an article that names a fee tells of one deal, so its other
  prices are that fee too.
- "a deal worth €120m" is the deal's price, not a valuation.
- "a fee that could rise to £120m" states the fee's level, not its growth.
- "€100m plus add-ons" is an exact base amount, the initial part of a sum,
  not "€100m or more".
- "€120 million (£103 million)": an amount restated in another currency right
  after it is the same claim, about the same subject and attribute.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any

from newsledger.extract.alternation import word_alternation
from newsledger.lang import LangData
from newsledger.model import Claim, Figure, Mention

PRICE = "price"
TRANSFER_FEE = "transfer_fee"
VALUATION = "valuation"
# Attributes of a change, which a level ("rise to X") is not.
CHANGES = frozenset({"growth", "decline"})
INITIAL = "initial"
# Words between a deal noun and "worth" ("a deal which could be worth").
DEAL_WORDS_BEFORE = 6
# What may stand between an amount and its restatement in another currency:
# " (", " / ", ", or ".
_RESTATED = re.compile(r"\s*(?:\(|/|,\s*or|or)\s*(?:about|around|rund|etwa|ca\.|roughly)?\s*$")
_CURRENCY = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class TransferLexicon:
    transfer_re: re.Pattern[str]
    deal_re: re.Pattern[str]
    level_re: re.Pattern[str]
    sum_re: re.Pattern[str]


def transfer_lexicon(lang: LangData) -> TransferLexicon:
    """The compiled ``transfers`` table of ``claims.yaml``, once per language."""
    return lang.compiled(_build)


def _words(words: Any, tail: str = "") -> re.Pattern[str]:
    alt = word_alternation((str(w) for w in words or [] if w), any_blank=True) or "(?!)"
    return re.compile(rf"(?<![\w-])(?:{alt})(?![\w-]){tail}", re.IGNORECASE)


def _build(lang: LangData) -> TransferLexicon:
    data: Mapping[str, Any] = lang.table("claims").get("transfers") or {}
    return TransferLexicon(
        transfer_re=_words(data.get("transfer_words")),
        deal_re=_words(data.get("deal_nouns")),
        level_re=_words(data.get("level_before"), r"\s*$"),
        sum_re=_words(data.get("sum_words"), r"\s*$"),
    )


def is_level(text: str, figure: Figure, lex: TransferLexicon) -> bool:
    """The figure follows "to"/"auf": a level reached, not a change."""
    return lex.level_re.search(text[max(0, figure.start - 12) : figure.start]) is not None


def deal_worth(text: str, figure: Figure, lo: int, lex: TransferLexicon) -> bool:
    """A deal noun a few words before the figure: "a deal which could be worth"."""
    words = text[lo : figure.start].split()[-(DEAL_WORDS_BEFORE + 2) :]
    return lex.deal_re.search(" ".join(words)) is not None


def base_of_sum(figure: Figure, lex: TransferLexicon) -> Figure | None:
    """ "€100m plus add-ons": the exact base amount, or None if not one."""
    if figure.qualifier not in (">=", ">") or lex.sum_re.search(figure.text) is None:
        return None
    return replace(figure, qualifier="=")


def names_transfer(text: str, lo: int, hi: int, lex: TransferLexicon) -> bool:
    return lex.transfer_re.search(text, lo, hi) is not None


def main_person(mentions: Sequence[Mention]) -> Mention | None:
    """The person the document names most often (first named on a tie).

    Mentions count by surname, before names are resolved across the ledger:
    "Ada Okafor", "Okafor" and "Okafors" are one person; the fullest name wins.
    """
    counts: dict[str, int] = {}
    fullest: dict[str, Mention] = {}
    first: dict[str, int] = {}
    for m in mentions:
        if m.type != "PERSON" or not m.name.split():
            continue
        key = m.name.split()[-1].casefold()
        counts[key] = counts.get(key, 0) + 1
        first.setdefault(key, m.start)
        if key not in fullest or len(m.name) > len(fullest[key].name):
            fullest[key] = m
    for key in list(counts):
        # A genitive ("Okafors") counts for the name it inflects.
        stem = key.rstrip("s’'")
        if stem != key and stem in counts:
            counts[stem] += counts.pop(key)
    if not counts:
        return None
    best = max(counts, key=lambda k: (counts[k], -first[k]))
    return fullest[best]


def as_transfer_fees(claims: list[Claim], mentions: Sequence[Mention]) -> list[Claim]:
    """An article naming a transfer fee tells of one deal: its prices are that
    fee, and every fee is about the person transferred, the person it names most."""
    if not any(c.attribute == TRANSFER_FEE for c in claims):
        return claims
    person = main_person(mentions)
    if person is None:
        return claims
    return [
        replace(
            c,
            attribute=TRANSFER_FEE,
            subject_id=person.entity_id,
            subject=person.name,
        )
        if c.attribute in (PRICE, TRANSFER_FEE)
        else c
        for c in claims
    ]


def restatements(text: str, claims: list[Claim]) -> list[Claim]:
    """A money claim restating the amount just before it in another currency
    ("€120 million (£103 million)") takes that claim's subject, attribute
    and scope: a conversion says the same thing, and is found as one."""
    ordered = sorted(range(len(claims)), key=lambda i: claims[i].start)
    result = list(claims)
    for i, j in pairwise(ordered):
        a, b = result[i], result[j]
        fa, fb = a.figure, b.figure
        if (
            not (_CURRENCY.fullmatch(fa.unit) and _CURRENCY.fullmatch(fb.unit))
            or fa.unit == fb.unit
        ):
            continue
        if _RESTATED.match(text[fa.end : fb.start]) is None:
            continue
        result[j] = replace(
            b, subject_id=a.subject_id, subject=a.subject, attribute=a.attribute, scope=a.scope
        )
    return result
