"""Tokens and per-language entity rules shared by the entity matchers.

Tokenising is one regex pass: a token is a run of word characters or a
single other character, so "Musk’s" is ``Musk ’ s`` and "OpenAI-Chef" is
``OpenAI - Chef``.  Knowledge-base aliases are tokenised the same way, which
makes possessives and hyphen compounds fall out of token matching.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from newsledger.lang import LangData
from newsledger.model import EntityType

TOKEN_RE = re.compile(r"\w+|[^\w\s]")

# Characters that end a sentence or open a new clause, after which a
# capital letter says nothing about a name.
SENTENCE_BREAKS = frozenset('.!?:;"“”„«»‹›–—•*|()[]')

# A document is treated as all-caps when at least this share of its letters is
# upper case: then capitalisation is no evidence and case-sensitive aliases
# are matched case-insensitively.  0.8 leaves room for lower-case URLs and
# units in shouted text, while normal prose (under 0.2) and headline-heavy
# pages (under 0.4) stay far below.
ALL_CAPS_SHARE = 0.8
# Characters looked at to decide that; a page is shouted throughout or not at all.
CAPS_SAMPLE = 20_000
# Shortest role word matched as the end of a German compound: "minister"
# (8) in "Finanzminister"; "chef" (4) would also hit "Küchenchef" but that is
# a role too, while 3-letter roles ("ceo") never end a compound.
MIN_ROLE_ENDING = 4


@dataclass(frozen=True, slots=True)
class Tokens:
    """The tokens of one text, as parallel lists."""

    text: str
    starts: list[int]
    ends: list[int]
    words: list[str]
    folds: list[str]

    def __len__(self) -> int:
        return len(self.words)

    def spaced(self, i: int) -> bool:
        """True when token ``i`` is separated from token ``i-1`` by plain space."""
        gap = self.text[self.ends[i - 1] : self.starts[i]]
        return gap in (" ", "\u00a0")

    def joined(self, i: int) -> bool:
        """True when token ``i`` touches token ``i-1`` (no space between)."""
        return self.ends[i - 1] == self.starts[i]

    def sentence_start(self, i: int) -> bool:
        """True when token ``i`` opens a sentence, a line or a quoted clause."""
        if i == 0:
            return True
        if "\n" in self.text[self.ends[i - 1] : self.starts[i]]:
            return True
        return self.words[i - 1] in SENTENCE_BREAKS or self.words[i - 1] in ("-", "‘", "'")


@dataclass(slots=True)
class Hit:
    """An entity found at tokens ``[first, last)``."""

    first: int
    last: int
    entity_id: str
    name: str
    type: EntityType
    origin: str


def new_id(etype: str, name: str) -> str:
    """The id of a discovered entity."""
    return f"new:{etype}:{name.casefold()}"


def tokenize(text: str) -> Tokens:
    starts: list[int] = []
    ends: list[int] = []
    words: list[str] = []
    for match in TOKEN_RE.finditer(text):
        starts.append(match.start())
        ends.append(match.end())
        words.append(match.group())
    return Tokens(text, starts, ends, words, [w.casefold() for w in words])


def is_all_caps(text: str) -> bool:
    """True for shouted text; judged on a sample, since such text is caps throughout."""
    sample = text[:CAPS_SAMPLE]
    upper = sum(map(str.isupper, sample))
    lower = sum(map(str.islower, sample))
    letters = upper + lower
    return letters > 0 and upper / letters >= ALL_CAPS_SHARE


def _words(table: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(str(w) for w in table.get(key) or ())


def _folded(table: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(str(w).casefold() for w in table.get(key) or ())


@dataclass(frozen=True)
class Rules:
    """The entity rules of one language, ready for lookups."""

    genitive_s: bool
    capitalised_nouns: bool
    roles: dict[str, str]
    role_links: frozenset[str]
    titles: frozenset[str]
    legal_forms: frozenset[str]
    org_heads: frozenset[str]
    org_connectors: frozenset[str]
    name_particles: frozenset[str]
    org_cues: frozenset[str]
    product_cues: frozenset[str]
    product_tiers: frozenset[str]
    facility_cues: frozenset[str]
    noun_suffixes: tuple[str, ...]
    adjective_suffixes: tuple[str, ...]
    stop_words: frozenset[str]
    common_nouns: frozenset[str]
    first_names: frozenset[str]
    max_role_words: int
    role_endings: tuple[str, ...]
    descriptor_endings: tuple[str, ...] = ()
    org_appositives: frozenset[str] = frozenset()
    product_appositives: frozenset[str] = frozenset()
    org_after: frozenset[str] = frozenset()
    org_before: frozenset[str] = frozenset()
    org_compound_tails: frozenset[str] = frozenset()
    said_verbs: frozenset[str] = frozenset()
    indefinite_articles: frozenset[str] = frozenset()
    place_adjective_suffixes: tuple[str, ...] = ()

    def is_descriptor(self, word: str) -> bool:
        """True for nouns that describe an organisation ("Konzern", "Batteriehersteller")."""
        folded = word.casefold()
        if folded in self.org_cues:
            return True
        # A compound ending in a descriptor ("Autobauer"), not the bare ending ("Bauer", a surname)
        return (
            self.capitalised_nouns
            and folded.endswith(self.descriptor_endings)
            and folded not in self.descriptor_endings
        )

    def looks_like_common_noun(self, word: str) -> bool:
        """True for words that a capitalising language writes like names."""
        if word in self.stop_words or word in self.common_nouns:
            return True
        if not self.capitalised_nouns or not word[:1].isupper() or not word[1:].islower():
            return False
        folded = word.casefold()
        return len(word) > 4 and folded.endswith(self.noun_suffixes)


def _build_rules(lang: LangData) -> Rules:
    table: dict[str, Any] = lang.table("entities") or {}
    roles = {str(k).casefold(): str(v) for k, v in (table.get("roles") or {}).items()}
    return Rules(
        genitive_s=bool(table.get("genitive_s", False)),
        capitalised_nouns=bool(table.get("capitalised_nouns", False)),
        roles=roles,
        role_links=_folded(table, "role_links"),
        titles=_words(table, "titles"),
        legal_forms=_words(table, "legal_forms"),
        org_heads=_words(table, "org_heads"),
        org_connectors=_words(table, "org_connectors"),
        name_particles=_words(table, "name_particles"),
        org_cues=_folded(table, "org_cues"),
        product_cues=_folded(table, "product_cues"),
        product_tiers=_words(table, "product_tiers"),
        facility_cues=_folded(table, "facility_cues"),
        noun_suffixes=tuple(str(s) for s in table.get("noun_suffixes") or ()),
        adjective_suffixes=tuple(str(s) for s in table.get("adjective_suffixes") or ()),
        stop_words=_words(table, "stop_words"),
        common_nouns=_words(table, "common_nouns"),
        first_names=_words(table, "first_names"),
        max_role_words=max((len(r.split()) for r in roles), default=1),
        # Endings for compound roles ("Finanzminister"); short roles such as
        # "chef" are kept out because many plain nouns end in them.
        role_endings=tuple(r for r in roles if len(r) >= MIN_ROLE_ENDING and " " not in r),
        descriptor_endings=tuple(str(s).casefold() for s in table.get("descriptor_endings") or ()),
        org_appositives=_folded(table, "org_appositives"),
        product_appositives=_folded(table, "product_appositives"),
        org_after=_folded(table, "org_after"),
        org_before=_folded(table, "org_before"),
        org_compound_tails=_folded(table, "org_compound_tails"),
        said_verbs=_folded(table, "said_verbs"),
        indefinite_articles=_folded(table, "indefinite_articles"),
        place_adjective_suffixes=tuple(
            str(x).casefold() for x in table.get("place_adjective_suffixes") or ()
        ),
    )


def rules(lang: LangData) -> Rules:
    """The entity rules of ``lang`` (compiled once per language)."""
    return lang.compiled(_build_rules)
