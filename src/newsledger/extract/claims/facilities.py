"""Plants, factories and sites named by their place, as subjects of claims.

"The Kreuztal-Eichen plant, which employs 500 workers" and "das Werk in
Kreuztal-Eichen mit knapp 600 Beschäftigten" are about the plant, not about
its owner: a plant's headcount and a company's are different facts.  The
recogniser rarely knows a plant by name, so this module finds the phrases
itself from ``facility_nouns`` in ``claims.yaml``: "<Place> plant" (English
only: German capitalises every noun), "<noun> in/near <Place>", and a later
"the plant" / "das Werk" referring back to the last one.  A facility's key is
its place, so "Eastbrook plant" and "Werk in Eastbrook" are one subject in
both languages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from newsledger.extract.alternation import word_alternation
from newsledger.lang import LangData
from newsledger.model import Mention

# Lower-case words allowed between the place and the noun ("the Eastbrook
# chip plant") and between the noun and "in" ("Werk für Chips in …").
MODIFIER_WORDS = 2
# How many sentences back "the plant" / "das Werk" looks for the plant it
# refers to; news names a plant and continues about it within a paragraph.
FACILITY_BACK_SENTENCES = 3

_CAP = r"[A-ZÄÖÜ][\w-]*"


@dataclass(frozen=True)
class FacilityLexicon:
    # The English noun a plant is named with, by lower-cased noun of the
    # language ("werk" -> "plant"): "Eastbrook plant" in every language.
    canonical: Mapping[str, str]
    place_before_re: re.Pattern[str] | None
    place_after_re: re.Pattern[str]
    referring_re: re.Pattern[str]
    not_places: frozenset[str]


def facility_lexicon(lang: LangData) -> FacilityLexicon:
    """The compiled facility phrases of ``lang``, built once per language."""
    return lang.compiled(_from_lang)


def _alt(words: Iterable[str]) -> str:
    return word_alternation((w for w in words if w), any_blank=True) or "(?!)"


def _from_lang(lang: LangData) -> FacilityLexicon:
    return _build(lang.table("claims"))


def _build(data: Mapping[str, Any]) -> FacilityLexicon:
    table = data.get("facility_nouns") or []
    canonical = (
        {str(k).lower(): str(v) for k, v in table.items()}
        if isinstance(table, Mapping)
        else {str(w).lower(): str(w).split()[-1].lower() for w in table}
    )
    nouns = _alt(str(w) for w in table)
    # German compounds end in the noun ("Weiterverarbeitungswerk").
    compound = bool(data.get("compound_attributes"))
    noun = rf"(?i:[\w-]*(?:{nouns}))" if compound else rf"(?i:{nouns})"
    preps = _alt(str(w) for w in data.get("facility_place_prepositions") or [])
    dets = _alt(str(w) for w in data.get("definite_determiners") or [])
    place = rf"({_CAP}(?:[ -]{_CAP})?)"
    gap = rf"(?:[a-zäöüß][\w-]*\s+){{0,{MODIFIER_WORDS}}}?"
    return FacilityLexicon(
        canonical=canonical,
        place_before_re=None
        if compound
        else re.compile(rf"(?<![\w-]){place}['’]?\s+{gap}({noun})(?![\w-])"),
        place_after_re=re.compile(
            rf"(?<![\w-])({noun})\s+(?:[\w-]+\s+){{0,{MODIFIER_WORDS}}}?(?i:{preps})\s+{place}"
        ),
        referring_re=re.compile(
            rf"(?<![\w-])(?:{dets})\s+(?:[\w-]+\s+){{0,{MODIFIER_WORDS}}}?{noun}(?![\w-])",
            re.IGNORECASE,
        ),
        not_places=frozenset(
            str(w).casefold()
            for w in [
                *(data.get("definite_determiners") or []),
                *(data.get("clause_openers") or []),
                *(data.get("prepositions") or []),
            ]
        ),
    )


def facilities(
    doc_id: str, text: str, lex: FacilityLexicon, mentions: Iterable[Mention]
) -> list[Mention]:
    """Every facility named by its place, as a FACILITY mention keyed by the place."""
    known = {(m.start, m.end): m for m in mentions}
    found: dict[int, Mention] = {}
    patterns = [(lex.place_after_re, 2, 1)]
    if lex.place_before_re is not None:
        patterns.append((lex.place_before_re, 1, 2))
    for pattern, group, noun in patterns:
        for m in pattern.finditer(text):
            words = m.group(group).split()
            while words and words[0].casefold() in lex.not_places:
                words = words[1:]
            if not words:
                continue
            place = " ".join(words)
            mention = known.get((m.start(group), m.end(group)))
            if mention is not None and mention.type in ("ORG", "PERSON"):
                continue  # "the Acme plant": the company's, not a place
            name = f"{place} {_canonical(m.group(noun), lex.canonical)}"
            found.setdefault(
                m.start(),
                Mention(
                    doc_id,
                    m.start(),
                    m.end(),
                    m.group(0),
                    f"new:FACILITY:{place.casefold()}",
                    name,
                    "FACILITY",
                    "discovered",
                ),
            )
    return sorted(found.values(), key=lambda f: f.start)


def _canonical(noun: str, canonical: Mapping[str, str]) -> str:
    """The English noun for a facility noun, compounds by their longest ending."""
    word = noun.lower()
    for key in sorted(canonical, key=len, reverse=True):
        if word.endswith(key):
            return canonical[key]
    return word.split()[-1]


# Facts a plant has of its own: people, jobs, output, what it costs and gets.
FACILITY_ATTRIBUTES = frozenset(
    {
        "employees",
        "jobs",
        "job_cuts",
        "people",
        "capacity",
        "invested",
        "cost",
        "subsidy",
        "project_size",
        "power",
        "energy",
    }
)
# Words allowed between a figure and the plant it premodifies ("its 12 billion
# euros ($13 billion) semiconductor manufacturing facility in Eastbrook").
PREMODIFIER_WORDS = 4

_PARENS = re.compile(r"\([^()]*\)")
_BREAK = re.compile(r"[,;:.!?„“”\"]")


def facility_subject(
    text: str,
    found: list[Mention],
    lex: FacilityLexicon,
    figure: tuple[int, int],
    sentence_start: int,
    clause_start: int,
    others: Iterable[Mention],
) -> Mention | None:
    """The plant a figure is about, if the sentence says so.

    The plant right after the figure ("$10 billion plant in X"), the plant
    named earlier in the sentence with no other name in between ("the X
    plant, which employs 500"), or "the plant" / "das Werk" opening the
    figure's clause, referring to the last plant named before it.
    """
    start, end = figure
    for f in found:
        if f.start >= end:
            gap = _PARENS.sub(" ", text[end : f.start])
            if not _BREAK.search(gap) and len(gap.split()) <= PREMODIFIER_WORDS:
                return f
            break
    before = [f for f in found if sentence_start <= f.start and f.end <= start]
    if before:
        last = before[-1]
        if not any(last.end <= m.start and m.end <= start for m in others):
            return last
    ref = lex.referring_re.search(text, clause_start, start)
    if ref is not None and not text[clause_start : ref.start()].strip(" \n\t(–—-"):
        earlier = [f for f in found if f.end <= ref.start()]
        if earlier:
            return earlier[-1]
    return None
