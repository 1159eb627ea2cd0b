"""One-word names known only from their context ("Acme said", "Acme-Chefin").

A lone capitalised word is weak evidence (sentence starts, German nouns), so
run-based discovery takes one only right after a cue noun.  Here the whole
document votes instead: a word is a name when one of its occurrences has
strong evidence -- a descriptor or cue before it ("Batteriehersteller Acme"),
an appositive after it ("Acme, a Dutch rival"), a role after its possessive,
genitive or hyphen ("Acme's chief executive", "Acmes Chefin", "Acme-Chefin"),
a role and link before it ("analyst at Acme"), share words ("Acme shares",
"Acme-Aktie") -- or, in English, when it speaks ("Acme said") and is also
written capitalised in mid-sentence.  Then every occurrence counts, German
genitive -s and hyphen compounds included.  A word also written in lower
case in the same document is a common word and never a name.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from newsledger.extract.entities.retype import corporate_near
from newsledger.extract.entities.text import SENTENCE_BREAKS, Hit, Rules, Tokens, new_id
from newsledger.model import EntityType

# Shorter capitalised words are initials, units or function words.
MIN_LENGTH = 3
# Tokens looked at after "Acme, the" for the noun that types it: enough for
# "the Berlin-based battery start-up" (8 tokens) without running into the
# next clause.
APPOSITIVE_WINDOW = 10
DETERMINERS = frozenset(
    {"a", "an", "the", "ein", "eine", "einer", "der", "die", "das", "its", "his", "her"}
)
APOSTROPHES = frozenset({"’", "'"})
QUOTES = frozenset("„“\"‚‘'«»")


@dataclass(slots=True)
class _Votes:
    places: list[tuple[int, bool]] = field(default_factory=list)  # token, genitive form
    org: int = 0
    product: int = 0
    weak: int = 0
    mid: bool = False


class _Context:
    def __init__(self, tokens: Tokens, taken: list[str | None], rules: Rules) -> None:
        self.t, self.taken, self.r = tokens, taken, rules

    def compound_before(self, j: int) -> str:
        t = self.t
        start = j
        while start >= 2 and t.words[start - 1] == "-" and t.joined(start - 1) and t.joined(start):
            start -= 2
        return "".join(t.folds[start : j + 1])

    def role_at(self, k: int) -> bool:
        folds, r = self.t.folds, self.r
        for size in range(r.max_role_words, 0, -1):
            if k + size <= len(folds) and " ".join(folds[k : k + size]) in r.roles:
                return True
        return False

    def role_ending_at(self, j: int) -> bool:
        folds, r = self.t.folds, self.r
        for size in range(r.max_role_words, 0, -1):
            if j - size + 1 >= 0 and " ".join(folds[j - size + 1 : j + 1]) in r.roles:
                return True
        return False

    def is_role_word(self, folded: str) -> bool:
        r = self.r
        return folded in r.roles or (r.capitalised_nouns and folded.endswith(r.role_endings))

    def product_noun(self, folded: str) -> bool:
        r = self.r
        return folded in r.product_cues or (
            r.capitalised_nouns and len(folded) > 4 and folded.endswith(tuple(r.product_cues))
        )

    def vote_before(self, i: int, votes: _Votes) -> None:
        t, r = self.t, self.r
        j = i - 1
        while j >= 0 and t.words[j] in QUOTES:
            j -= 1
        if j < 0 or self.taken[j] is not None or not t.spaced(j + 1):
            return
        word = t.words[j]
        before = self.compound_before(j)
        if r.is_descriptor(word) or r.is_descriptor(before) or before in r.org_cues:
            votes.org += 1
        elif self.product_noun(t.folds[j]):
            votes.product += 1  # "the chatbot Acme", "Planungssoftware Acme"
        elif j >= 1 and f"{t.folds[j - 1]} {t.folds[j]}" in r.org_before:
            votes.org += 1
        elif t.folds[j] in r.role_links and j >= 1 and self.role_ending_at(j - 1):
            votes.org += 1  # "analyst at Acme", "Chefin von Acme"

    def vote_after(self, i: int, genitive: bool, votes: _Votes) -> None:
        t, r, n = self.t, self.r, len(self.t)
        words, folds = t.words, t.folds
        k = i + 1
        if k >= n:
            return
        if words[k] == "-" and t.joined(k) and k + 1 < n and t.joined(k + 1):
            tail = folds[k + 1]
            if tail in r.org_compound_tails or self.is_role_word(tail):
                votes.org += 1  # "Acme-Chefin", "Acme-Aktie"
            return
        possessive = genitive
        if k + 1 < n and words[k] in APOSTROPHES and folds[k + 1] == "s" and t.joined(k):
            possessive = True
            k += 2
        if k >= n or not t.spaced(k):
            if k < n and words[k] == "," and not possessive:
                self.vote_appositive(k, votes)
            return
        folded = folds[k]
        if folded in r.org_after:
            votes.org += 1
        elif possessive and (self.role_at(k) or r.is_descriptor(words[k])):
            votes.org += 1  # "Acme's chief executive", "Acmes Konkurrent"
        elif not possessive and folded in r.product_cues:
            votes.product += 1
        elif not possessive and folded in r.said_verbs:
            votes.weak += 1

    def vote_appositive(self, k: int, votes: _Votes) -> None:
        kind = appositive(self.t, self.r, k)
        if kind == "ORG":
            votes.org += 1
        elif kind == "PRODUCT":
            votes.product += 1


def appositive(t: Tokens, r: Rules, k: int) -> EntityType | None:
    """The type that an appositive at comma ``k`` gives the name before it.

    "Acme, a Dutch rival that ..." is an organisation, "Orbix, the new
    battery cell" a product: the last head noun before the clause ends.
    """
    words, folds, n = t.words, t.folds, len(t)
    k += 1
    if k >= n or folds[k] not in DETERMINERS:
        return None
    k += 1
    end = min(n, k + APPOSITIVE_WINDOW)
    kind: EntityType | None = None
    while k < end:
        word = words[k]
        if word in SENTENCE_BREAKS or word == "," or word.capitalize() in r.stop_words:
            break
        if not word.isalnum():
            k += 1
            continue
        start = k
        folded, k = _compound(t, k)
        if k < n and words[k] in APOSTROPHES:
            break  # "the company's chief executive" describes a person
        if folded in r.roles:
            return None  # "Jane Doe, a partner at ...": a person
        # The head is the last noun: "a battery maker" is a firm, "a chip designer" unknown.
        if folded in r.org_appositives or r.is_descriptor(folded):
            kind = "ORG"
        elif folded in r.product_appositives or folded.split("-")[-1] in r.product_appositives:
            kind = "PRODUCT"
        elif not words[start][:1].isupper():
            kind = None
    return kind


def _compound(t: Tokens, k: int) -> tuple[str, int]:
    """The hyphen compound starting at token ``k``, folded, and the token after it."""
    n = len(t)
    end = k + 1
    while end + 1 < n and t.words[end] == "-" and t.joined(end) and t.joined(end + 1):
        end += 2
    return "".join(t.folds[k:end]), end


# Per language rules (by identity), the verdict of ``_check`` per word: the
# same capitalised words recur across documents, and the check is the hot path.
_CANDIDATES: dict[int, tuple[Rules, dict[str, bool]]] = {}
# Words remembered per language before the cache starts afresh.
MAX_CACHED_WORDS = 1 << 17


def _candidates(r: Rules) -> dict[str, bool]:
    """The verdicts of ``_check`` remembered for ``r``."""
    entry = _CANDIDATES.get(id(r))
    if entry is None or entry[0] is not r or len(entry[1]) > MAX_CACHED_WORDS:
        entry = _CANDIDATES[id(r)] = (r, {})
    return entry[1]


def _candidate(word: str, r: Rules, cache: dict[str, bool]) -> bool:
    verdict = cache.get(word)
    if verdict is None:
        verdict = cache[word] = _check(word, r)
    return verdict


def _check(word: str, r: Rules) -> bool:
    if len(word) < MIN_LENGTH or not word[0].isupper() or not word.isalpha():
        return False
    if word.isupper() or word in r.stop_words or word in r.titles or word in r.first_names:
        return False
    folded = word.casefold()
    if r.looks_like_common_noun(word) or r.is_descriptor(word) or folded in r.roles:
        return False
    if r.capitalised_nouns and folded.endswith(r.role_endings):
        return False
    return not folded.endswith(r.adjective_suffixes)


def _unseen_company(
    tokens: Tokens, name: str, entry: _Votes, r: Rules, lexicon: Mapping[str, str] | None
) -> bool:
    if not lexicon or name in lexicon or name.casefold() in lexicon:
        return False
    return any(corporate_near(tokens, i, i + 1, r) for i, _ in entry.places)


def single_word_hits(
    tokens: Tokens,
    taken: list[str | None],
    hits: list[Hit],
    rules: Rules,
    headline: Callable[[int], bool],
    lexicon: Mapping[str, str] | None = None,
) -> list[Hit]:
    """Mentions of one-word names that the document's context vouches for.

    ``lexicon`` (the learned model's word lists) adds one case in English: a
    word that speaks ("Acme raised") only at sentence starts counts when the
    training text never showed it in any form (an unseen word, not "Officials"
    or "Smith") and company words stand near it ("$40 million, its CEO said").
    """
    words, gaps = tokens.words, tokens.gaps
    r = rules
    ctx = _Context(tokens, taken, r)
    raw: dict[str, list[int]] = {}
    tails: set[str] = set()
    known_words = _candidates(r)
    # A candidate starts with a capital and is all letters, so it is capitalised.
    for i in itertools.compress(range(len(words)), tokens.caps):
        if taken[i] is not None:
            continue
        word = words[i]
        verdict = known_words.get(word)
        if verdict is None:
            verdict = known_words[word] = _check(word, r)
        if not verdict:
            continue
        if i >= 2 and words[i - 1] == "-" and not gaps[i] and not gaps[i - 1]:
            continue  # the tail of a compound ("US-Konzern")
        raw.setdefault(word, []).append(i)
        if (
            i
            and (gaps[i] == " " or gaps[i] == "\u00a0")
            and (words[i - 1] in r.first_names or _candidate(words[i - 1], r, known_words))
            and not ctx.product_noun(tokens.folds[i - 1])
            and not headline(i)
        ):
            tails.add(word)
    if not raw:
        return []
    # Words of the document: a name written in lower case too is a common word.
    present = set(words)
    known: dict[str, Hit] = {}
    for hit in hits:
        if hit.last - hit.first == 1 and hit.origin == "discovered":
            known.setdefault(words[hit.first], hit)
    votes: dict[str, _Votes] = {}
    for word, places in raw.items():
        if word in tails and word not in known:
            continue  # the last word of a longer name ("Jane Doe", "Harbor Rock")
        base = word
        genitive = False
        if r.genitive_s and word.endswith("s") and (word[:-1] in raw or word[:-1] in known):
            base, genitive = word[:-1], True
        folded = base.casefold()
        if folded[:1].islower() and folded in present:
            continue
        entry = votes.setdefault(base, _Votes())
        entry.places.extend((i, genitive) for i in places)
    found: list[Hit] = []
    for name, entry in votes.items():
        owner = known.get(name)
        if owner is None:
            for i, genitive in entry.places:
                if not genitive:
                    ctx.vote_before(i, entry)
                ctx.vote_after(i, genitive, entry)
                if entry.org or entry.product:
                    break  # one piece of strong evidence is enough
                if not entry.mid and not tokens.sentence_start(i) and not headline(i):
                    entry.mid = True
            strong = entry.org + entry.product
            weak = entry.weak and not r.capitalised_nouns
            if not strong and not (
                weak and (entry.mid or _unseen_company(tokens, name, entry, r, lexicon))
            ):
                continue
            etype: EntityType = "PRODUCT" if entry.product > entry.org else "ORG"
            owner = Hit(0, 0, new_id(etype, name), name, etype, "discovered")
        for i, _ in entry.places:
            if taken[i] is None:
                found.append(Hit(i, i + 1, owner.entity_id, owner.name, owner.type, "discovered"))
                taken[i] = owner.type
    return found
