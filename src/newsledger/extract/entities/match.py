"""Knowledge-base alias matching over tokens.

The index maps the case-folded first token of every alias to its patterns,
longest first; it is built once per knowledge base and cached on it, so a
document costs one dictionary lookup per token.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from newsledger.extract.entities.text import TOKEN_RE, Rules, Tokens
from newsledger.kb import Alias, KnowledgeBase

# Aliases of this many characters or fewer must match case exactly even in
# an all-caps document ("US" is not "us", "X" is not "x").
SHORT_ALIAS = 3

VERSION_RE = re.compile(r"(?:[vV]?\d{1,2}[a-z]?|[A-Za-z]\d{1,2})\Z")
# A following number this large is a year or a quantity, not a version.
MAX_VERSION = 99


@dataclass(frozen=True, slots=True)
class Pattern:
    """One alias as a token sequence."""

    words: tuple[str, ...]  # original case
    folds: tuple[str, ...]
    spaced: tuple[bool, ...]  # per joint: True when the alias has a space there
    alias: Alias


@dataclass(frozen=True, slots=True)
class Cue:
    before: tuple[str, ...]
    after: tuple[str, ...]


@dataclass(slots=True)
class Match:
    """A KB alias found at tokens ``[first, last)``."""

    first: int
    last: int
    entity_id: str
    ambiguous: bool
    nickname: bool


@dataclass(frozen=True, slots=True)
class Bucket:
    """The patterns of one first token, split so that a token is tried only
    against patterns that can match there.

    ``by_second`` holds the multi-token patterns under their second token
    (and, for two-token patterns, that token plus a genitive -s); ``singles``
    the one-token patterns.  Both keep the bucket's order (longest first), and
    every multi-token pattern comes before every single one, so trying the
    second-token list and then the singles is trying the whole bucket.
    """

    by_second: dict[str, list[Pattern]]
    singles: list[Pattern]


@dataclass(frozen=True)
class Index:
    patterns: dict[str, list[Pattern]]
    cues: dict[str, tuple[Cue, ...]]
    buckets: dict[str, Bucket]
    # Folds at which a match can start: first tokens, and for languages with a
    # genitive -s also one-token aliases plus "s".
    openers: frozenset[str]
    genitive_openers: frozenset[str]


def _pattern(alias: Alias) -> Pattern | None:
    found = list(TOKEN_RE.finditer(alias.text))
    if not found:
        return None
    words = tuple(m.group() for m in found)
    spaced = tuple(found[k].start() > found[k - 1].end() for k in range(1, len(found)))
    return Pattern(words, tuple(w.casefold() for w in words), spaced, alias)


def _cue(text: str) -> Cue | None:
    if "_" not in text:
        return None
    before, _, after = text.partition("_")
    return Cue(
        tuple(w.casefold() for w in TOKEN_RE.findall(before)),
        tuple(w.casefold() for w in TOKEN_RE.findall(after)),
    )


def index(kb: KnowledgeBase) -> Index:
    """The compiled alias index of ``kb`` (built once, cached on the KB)."""
    cached = kb.cache.get("index")
    if isinstance(cached, Index):
        return cached
    patterns: dict[str, list[Pattern]] = {}
    for alias in kb.aliases:
        pattern = _pattern(alias)
        if pattern is not None:
            patterns.setdefault(pattern.folds[0], []).append(pattern)
    for bucket in patterns.values():
        # Longest first; among equals, unambiguous before ambiguous.
        bucket.sort(key=lambda p: (-len(p.folds), p.alias.ambiguous))
    cues: dict[str, tuple[Cue, ...]] = {}
    for entity_id, texts in kb.cues.items():
        cues[entity_id] = tuple(c for c in map(_cue, texts) if c is not None)
    buckets: dict[str, Bucket] = {}
    for first, bucket in patterns.items():
        by_second: dict[str, list[Pattern]] = {}
        for pattern in bucket:
            if len(pattern.folds) > 1:
                by_second.setdefault(pattern.folds[1], []).append(pattern)
                if len(pattern.folds) == 2:
                    by_second.setdefault(pattern.folds[1] + "s", []).append(pattern)
        buckets[first] = Bucket(by_second, [p for p in bucket if len(p.folds) == 1])
    openers = frozenset(buckets)
    genitives = frozenset(
        first + "s"
        for first, b in buckets.items()
        if b.singles and len(first) + 1 > SHORT_ALIAS + 1
    )
    built = Index(patterns, cues, buckets, openers, openers | genitives)
    kb.cache["index"] = built
    return built


def _case_ok(pattern: Pattern, words: list[str], first: int, genitive: bool, caps: bool) -> bool:
    alias_len = len(pattern.alias.text)
    for k, word in enumerate(pattern.words):
        text = words[first + k]
        if genitive and k == len(pattern.words) - 1:
            text = text[:-1]
        if text == word:
            continue
        if caps and alias_len > SHORT_ALIAS:
            continue
        if text.isupper() and alias_len > SHORT_ALIAS and word.upper() == text:
            continue  # "NASDAQ", "OPENAI" in a headline
        if len(pattern.words) > 1 and word.islower() and text == word.capitalize():
            continue  # "Bank Of America" in title case
        return False
    return True


def _fits(pattern: Pattern, tokens: Tokens, first: int, genitive: bool) -> bool:
    expected = pattern.folds
    n = len(expected)
    folds = tokens.folds
    if first + n > len(folds):
        return False
    gaps = tokens.gaps
    for k in range(1, n):
        fold = folds[first + k]
        if genitive and k == n - 1:
            if fold != expected[k] + "s":
                return False
        elif fold != expected[k]:
            return False
        gap = gaps[first + k]
        if pattern.spaced[k - 1]:
            if gap != " " and gap != "\u00a0":
                return False  # glued, or a line break inside a multi-word alias
        elif gap:
            return False
    return True


def _genitive_ok(pattern: Pattern) -> bool:
    last = pattern.folds[-1]
    return len(pattern.alias.text) > SHORT_ALIAS and not last.endswith(("s", "x", "z", "ß"))


def _candidates(bucket: Bucket | None, folds: list[str], i: int) -> Iterable[Pattern]:
    """The patterns of ``bucket`` that may match at token ``i``, in bucket order."""
    if bucket is None:
        return ()
    multi = bucket.by_second.get(folds[i + 1]) if i + 1 < len(folds) else None
    if multi is None:
        return bucket.singles
    return (*multi, *bucket.singles)


def find_aliases(tokens: Tokens, idx: Index, rules: Rules, caps: bool) -> list[Match]:
    """Longest alias matches, left to right, without overlaps."""
    buckets = idx.buckets
    folds = tokens.folds
    words = tokens.words
    genitive_lang = rules.genitive_s
    matches: list[Match] = []
    openers = idx.genitive_openers if genitive_lang else idx.openers
    after = 0  # first token not inside the last match
    for i in itertools.compress(range(len(folds)), map(openers.__contains__, folds)):
        if i < after:
            continue
        fold = folds[i]
        found: tuple[Pattern, bool] | None = None
        bucket = buckets.get(fold)
        for pattern in _candidates(bucket, folds, i):
            genitive = False
            if not _fits(pattern, tokens, i, genitive):
                if not (genitive_lang and len(pattern.folds) > 1 and _genitive_ok(pattern)):
                    continue
                genitive = True
                if not _fits(pattern, tokens, i, genitive):
                    continue
            if _case_ok(pattern, words, i, genitive, caps):
                found = (pattern, genitive)
                break
        if found is None and genitive_lang and len(fold) > SHORT_ALIAS + 1 and fold[-1] == "s":
            short = buckets.get(fold[:-1])
            for pattern in short.singles if short is not None else ():
                if _genitive_ok(pattern) and _case_ok(pattern, words, i, True, caps):
                    found = (pattern, True)
                    break
        if found is None:
            continue
        pattern = found[0]
        after = i + len(pattern.folds)
        alias = pattern.alias
        matches.append(Match(i, after, alias.entity_id, alias.ambiguous, alias.nickname))
    return matches


def _cue_matches(cue: Cue, tokens: Tokens, match: Match) -> bool:
    folds = tokens.folds
    start = match.first - len(cue.before)
    end = match.last + len(cue.after)
    if start < 0 or end > len(folds):
        return False
    return tuple(folds[start : match.first]) == cue.before and (
        tuple(folds[match.last : end]) == cue.after
    )


def _compound_with_lowercase(tokens: Tokens, match: Match) -> bool:
    """True for "X-ray": a short alias glued by a hyphen to a lower-case word."""
    j = match.last
    return (
        j + 1 < len(tokens)
        and tokens.words[j] == "-"
        and tokens.joined(j)
        and tokens.joined(j + 1)
        and tokens.words[j + 1][:1].islower()
    )


def keep_in_context(
    matches: Iterable[Match], tokens: Tokens, kb: KnowledgeBase, idx: Index, rules: Rules
) -> list[Match]:
    """Drop ambiguous matches that nothing in the document supports.

    An ambiguous alias counts when one of its cues surrounds it ("on X",
    "X-Beitrag"), when an entry it is related to is named unambiguously in
    the document, when its own entity is, or, for a product, when a version
    follows it ("Claude 3.5").
    """
    matches = list(matches)
    present = {m.entity_id for m in matches if not m.ambiguous}
    kept: list[Match] = []
    for match in matches:
        if match.ambiguous:
            if _compound_with_lowercase(tokens, match):
                continue
            supported = (
                match.entity_id in present
                or not kb.related_ids(match.entity_id).isdisjoint(present)
                or any(_cue_matches(c, tokens, match) for c in idx.cues.get(match.entity_id, ()))
                or (
                    kb.entities[match.entity_id].type == "PRODUCT"
                    and version_end(tokens, match.last, rules) > match.last
                )
            )
            if not supported:
                continue
        kept.append(match)
    return kept


def version_end(tokens: Tokens, last: int, rules: Rules) -> int:
    """End token of a version or tier after a product name ("Grok 3", "GPT-4o", "Pro")."""
    words = tokens.words
    n = len(words)
    j = last
    while j < n:
        k = j
        if words[k] == "-" and k + 1 < n and tokens.joined(k) and tokens.joined(k + 1):
            k += 1
        elif not tokens.spaced(k):
            break
        word = words[k]
        if VERSION_RE.match(word) and not (word.isdigit() and int(word) > MAX_VERSION):
            k += 1
            # "3.5": a decimal part glued to the number
            if (
                k + 1 < n
                and words[k] == "."
                and tokens.joined(k)
                and tokens.joined(k + 1)
                and words[k + 1].isdigit()
            ):
                k += 2
            j = k
        elif word in rules.product_tiers:
            j = k + 1
        else:
            break
    return j
