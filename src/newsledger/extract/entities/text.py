"""Tokens and per-language entity rules shared by the entity matchers.

Tokenising is one regex pass: a token is a run of word characters or a
single other character, so "Musk’s" is ``Musk ’ s`` and "OpenAI-Chef" is
``OpenAI - Chef``.  Knowledge-base aliases are tokenised the same way, which
makes possessives and hyphen compounds fall out of token matching.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from itertools import accumulate, chain
from typing import Any

from newsledger.lang import LangData
from newsledger.model import EntityType

TOKEN_RE = re.compile(r"\w+|[^\w\s]")
# The same tokens, each with the white space before it: one findall gives
# words and gaps, and the offsets follow from their lengths.
_GAP_TOKEN_RE = re.compile(r"(\s*+)(\w++|[^\w\s])")
# Gap before the first token: neither a space nor nothing, so token 0 is
# neither spaced from nor joined to a token before it.
_NO_GAP = "\x00"

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
# Characters counted at a time before checking whether the rest could still
# make the text all-caps.
CAPS_CHUNK = 256
# Stop early only when the share is surely below ALL_CAPS_SHARE, by more
# than any rounding of the final division.
CAPS_MARGIN = 0.01
# Shortest role word matched as the end of a German compound: "minister"
# (8) in "Finanzminister"; "chef" (4) would also hit "Küchenchef" but that is
# a role too, while 3-letter roles ("ceo") never end a compound.
MIN_ROLE_ENDING = 4
# Words whose per-word verdicts a Rules object remembers before starting
# afresh: far more than one language's capitalised vocabulary in a day of
# news, small enough (a few MiB) to bound memory over millions of articles.
MAX_CACHED_WORDS = 1 << 17


@functools.lru_cache(maxsize=1 << 16)
def is_capitalised(word: str) -> bool:
    """True for "Musk", "OpenAI", "xAI"; false for "the", "42", "-"."""
    first = word[:1]
    if first.isupper():
        return word.isalnum()
    return word.isalnum() and first.islower() and not word.islower() and not word.isdigit()


@dataclass(frozen=True, slots=True)
class Tokens:
    """The tokens of one text, as parallel lists.

    ``gaps[i]`` is the white space between token ``i-1`` and token ``i`` (a
    sentinel for token 0) and ``caps[i]`` is ``is_capitalised(words[i])``:
    the matchers ask both of nearly every token, so they are computed once.
    """

    text: str
    starts: list[int]
    ends: list[int]
    words: list[str]
    folds: list[str]
    gaps: list[str] = field(default_factory=list)
    caps: list[bool] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.words)

    def spaced(self, i: int) -> bool:
        """True when token ``i`` is separated from token ``i-1`` by plain space."""
        if i <= 0:
            return self._gap(i) in (" ", "\u00a0")
        gap = self.gaps[i]
        return gap == " " or gap == "\u00a0"

    def joined(self, i: int) -> bool:
        """True when token ``i`` touches token ``i-1`` (no space between)."""
        if i <= 0:
            return self.ends[i - 1] == self.starts[i]
        return not self.gaps[i]

    def sentence_start(self, i: int) -> bool:
        """True when token ``i`` opens a sentence, a line or a quoted clause."""
        if i == 0:
            return True
        if "\n" in (self.gaps[i] if i > 0 else self._gap(i)):
            return True
        return self.words[i - 1] in SENTENCE_BREAKS or self.words[i - 1] in ("-", "‘", "'")

    def _gap(self, i: int) -> str:
        # Token 0 and negative indices wrap around, as plain offsets would.
        return self.text[self.ends[i - 1] : self.starts[i]]


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
    pairs = _GAP_TOKEN_RE.findall(text)
    if not pairs:
        return Tokens(text, [], [], [], [], [], [])
    gap_tuple, word_tuple = zip(*pairs, strict=True)
    words = list(word_tuple)
    gaps = list(gap_tuple)
    # Running total of gap and word lengths: even places are starts, odd ones ends.
    offsets = list(
        accumulate(chain.from_iterable(zip(map(len, gaps), map(len, words), strict=True)))
    )
    gaps[0] = _NO_GAP
    return Tokens(
        text,
        offsets[0::2],
        offsets[1::2],
        words,
        list(map(str.casefold, words)),
        gaps,
        list(map(is_capitalised, words)),
    )


def is_all_caps(text: str) -> bool:
    """True for shouted text; judged on a sample, since such text is caps throughout."""
    sample = text[:CAPS_SAMPLE]
    upper = lower = 0
    for at in range(0, len(sample), CAPS_CHUNK):
        chunk = sample[at : at + CAPS_CHUNK]
        upper += sum(map(str.isupper, chunk))
        lower += sum(map(str.islower, chunk))
        # Even if every character left were upper case the share would stay
        # short of ALL_CAPS_SHARE: normal prose stops here after a few chunks.
        most = upper + len(sample) - at - len(chunk)
        if most < (ALL_CAPS_SHARE - CAPS_MARGIN) * (most + lower):
            return False
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
    # Document context for types (``entities.retype``).
    corporate_words: frozenset[str] = frozenset()
    corporate_endings: tuple[str, ...] = ()
    sports_words: frozenset[str] = frozenset()
    club_prefixes: frozenset[str] = frozenset()
    locatives: frozenset[str] = frozenset()
    # First and last token of every role: a role phrase can only start or end
    # at a token in these, which spares building the phrases elsewhere.
    role_firsts: frozenset[str] = field(init=False, compare=False, repr=False)
    role_lasts: frozenset[str] = field(init=False, compare=False, repr=False)
    # Per-word verdicts of ``bad`` and ``is_role``; the same words recur in every document.
    _bad: dict[str, bool] = field(init=False, compare=False, repr=False)
    _role: dict[str, bool] = field(init=False, compare=False, repr=False)
    _describes: dict[str, bool] = field(init=False, compare=False, repr=False)
    _common: dict[str, bool] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        firsts = frozenset(r.split(" ")[0] for r in self.roles)
        lasts = frozenset(r.split(" ")[-1] for r in self.roles)
        object.__setattr__(self, "role_firsts", firsts)
        object.__setattr__(self, "role_lasts", lasts)
        object.__setattr__(self, "_bad", {})
        object.__setattr__(self, "_role", {})
        object.__setattr__(self, "_describes", {})
        object.__setattr__(self, "_common", {})

    def bad(self, word: str) -> bool:
        """True for words that never make part of a name: common nouns, stop words, titles."""
        verdict = self._bad.get(word)
        if verdict is None:
            verdict = _remember(self._bad, word, self._bad_uncached(word))
        return verdict

    def _bad_uncached(self, word: str) -> bool:
        return self.looks_like_common_noun(word) or word in self.titles

    def is_role(self, word: str) -> bool:
        """True for role words, German compound roles ("Finanzminister") included."""
        verdict = self._role.get(word)
        if verdict is None:
            verdict = _remember(self._role, word, self._is_role_uncached(word))
        return verdict

    def _is_role_uncached(self, word: str) -> bool:
        folded = word.casefold()
        return folded in self.roles or bool(
            self.capitalised_nouns and folded.endswith(self.role_endings)
        )

    def describes(self, word: str) -> bool:
        """True for a word that is a role or, in German, an organisation descriptor."""
        verdict = self._describes.get(word)
        if verdict is None:
            verdict = _remember(self._describes, word, self._describes_uncached(word))
        return verdict

    def _describes_uncached(self, word: str) -> bool:
        return word.isalnum() and (
            self.is_role(word) or (self.capitalised_nouns and self.is_descriptor(word))
        )

    def role_ends_at(self, folds: list[str], j: int) -> bool:
        """True when a role phrase ends at token ``j`` ("chief executive")."""
        if j < 0 or folds[j] not in self.role_lasts:
            return False
        roles = self.roles
        for size in range(self.max_role_words, 0, -1):
            if j - size + 1 >= 0 and " ".join(folds[j - size + 1 : j + 1]) in roles:
                return True
        return False

    def role_starts_at(self, folds: list[str], k: int) -> bool:
        """True when a whole role phrase starts at token ``k`` ("CEO of")."""
        if k >= len(folds) or folds[k] not in self.role_firsts:
            return False
        roles = self.roles
        for size in range(self.max_role_words, 0, -1):
            if k + size <= len(folds) and " ".join(folds[k : k + size]) in roles:
                return True
        return False

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
        verdict = self._common.get(word)
        if verdict is None:
            verdict = _remember(self._common, word, self._looks_like_common_noun(word))
        return verdict

    def _looks_like_common_noun(self, word: str) -> bool:
        if word in self.stop_words or word in self.common_nouns:
            return True
        if not self.capitalised_nouns or not word[:1].isupper() or not word[1:].islower():
            return False
        folded = word.casefold()
        return len(word) > 4 and folded.endswith(self.noun_suffixes)


def _remember(cache: dict[str, bool], word: str, verdict: bool) -> bool:
    """Keep a per-word verdict; the cache is emptied when full, so memory stays bounded."""
    if len(cache) > MAX_CACHED_WORDS:
        cache.clear()
    cache[word] = verdict
    return verdict


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
        corporate_words=_folded(table, "corporate_words"),
        corporate_endings=tuple(str(s).casefold() for s in table.get("corporate_endings") or ()),
        sports_words=_folded(table, "sports_words"),
        club_prefixes=_words(table, "club_prefixes"),
        locatives=_folded(table, "locatives"),
    )


def rules(lang: LangData) -> Rules:
    """The entity rules of ``lang`` (compiled once per language)."""
    return lang.compiled(_build_rules)
