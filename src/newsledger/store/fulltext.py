"""Full-text search with stemming per language, the same on every backend.

Neither SQLite's FTS5 (porter only, English) nor PostgreSQL's ``simple``
configuration stems German, and a store cannot know the language of a query.
So the index holds a stemmed copy of each document, made with the Snowball
stemmer of the document's language, and a query is stemmed once per language
the ledger reads: "GPU" finds "GPUs", "Batteriefabrik" finds
"Batteriefabriken", in the language each was written in.  The query syntax is
the same everywhere: words (all must match), ``"a phrase"``, ``OR`` between
two terms, ``-word`` or ``NOT word`` to exclude, ``prefix*``.  Snippets are cut
from the original text here, so both backends show the same.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import Stemmer

from newsledger.lang import supported_languages

# Snowball algorithm per language code.  English uses the original Porter
# algorithm: Snowball's English keeps the "s" of "GPUs" and "CPUs" (a vowel
# before the s), so the plural of an acronym would not find its singular.
SNOWBALL = {
    "en": "porter",
    "de": "german",
    "fr": "french",
    "es": "spanish",
    "it": "italian",
    "nl": "dutch",
    "pt": "portuguese",
    "da": "danish",
    "sv": "swedish",
    "no": "norwegian",
    "fi": "finnish",
    "ru": "russian",
    "pl": "polish",
    "tr": "turkish",
}

# Words around the first match in a snippet: as many as FTS5's snippet() gave.
SNIPPET_WORDS = 12
# Characters of a document searched for a snippet's first match; past this a
# snippet starts at the beginning of the text (hits are ranked, not located).
SNIPPET_SCAN_CHARS = 20_000

_WORD = re.compile(r"\w+")
_SPACES = re.compile(r"\s+")
_SNIPPET_TOKEN = re.compile(r"\w+(?:[.,'’-]\w+)*")
_QUERY_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def _fold(word: str) -> str:
    # Lower case without diacritics, after stemming: the German stemmer reads
    # umlauts, and "Zürich" typed as "Zurich" should still match.
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@functools.cache
def _stemmer(language: str) -> Stemmer.Stemmer | None:
    algorithm = SNOWBALL.get(language)
    return Stemmer.Stemmer(algorithm) if algorithm else None


def stem_words(words: Iterable[str], language: str) -> list[str]:
    """``words`` lower-cased and stemmed for ``language`` (unstemmed if it has no stemmer)."""
    lowered = [w.lower() for w in words]
    stemmer = _stemmer(language)
    stems = stemmer.stemWords(lowered) if stemmer else lowered
    return [_fold(s) for s in stems]


def index_text(text: str, language: str) -> str:
    """What the search index holds for ``text``: its stems, space-separated."""
    return " ".join(stem_words(_WORD.findall(text), language))


@dataclass(frozen=True, slots=True)
class Phrase:
    """Words that must appear in this order; the last may be a prefix."""

    words: tuple[str, ...]
    prefix: bool = False

    def variants(self, languages: Iterable[str]) -> list[tuple[str, ...]]:
        """The phrase as indexed, once per language (duplicates dropped)."""
        found: dict[tuple[str, ...], None] = {}
        for language in languages:
            stems = stem_words(self.words, language)
            if self.prefix:
                stems[-1] = _fold(self.words[-1].lower())
            found[tuple(stems)] = None
        return list(found)


@dataclass(frozen=True, slots=True)
class Term:
    """One or more phrases joined by OR; a negated term must not match."""

    phrases: tuple[Phrase, ...]
    negated: bool = False


def parse_query(query: str) -> list[Term]:
    """The terms of a query typed by a user; any text is accepted."""
    terms: list[Term] = []
    negate_next = join_next = False
    for match in _QUERY_TOKEN.finditer(query):
        minus, quoted, bare = match.groups()
        negated = negate_next or bool(minus)
        if bare is not None:
            if bare in ("OR", "|"):
                join_next = bool(terms)
                continue
            if bare in ("AND", "+"):
                continue
            if bare == "NOT":
                negate_next = True
                continue
            if bare.startswith("-") and len(bare) > 1:
                negated, bare = True, bare[1:]
        text = quoted if quoted is not None else bare
        words = tuple(_WORD.findall(text))
        if not words:
            continue
        phrase = Phrase(words, prefix=quoted is None and text.rstrip().endswith("*"))
        if join_next and not negated and not terms[-1].negated:
            terms[-1] = Term((*terms[-1].phrases, phrase))
        else:
            terms.append(Term((phrase,), negated))
        negate_next = join_next = False
    return terms


def query_languages() -> tuple[str, ...]:
    """The languages a query is stemmed in: every language newsledger reads."""
    return supported_languages()


def fts5_query(terms: list[Term], languages: Iterable[str]) -> str | None:
    """The terms as an FTS5 MATCH expression; None when nothing can match."""
    languages = tuple(languages)

    def term_sql(term: Term) -> str:
        alternatives = [
            '"' + " ".join(v) + '"' + ("*" if phrase.prefix else "")
            for phrase in term.phrases
            for v in phrase.variants(languages)
        ]
        return "(" + " OR ".join(alternatives) + ")"

    positive = [term_sql(t) for t in terms if not t.negated]
    if not positive:
        return None
    return " AND ".join(positive) + "".join(" NOT " + term_sql(t) for t in terms if t.negated)


def tsquery(terms: list[Term], languages: Iterable[str]) -> str | None:
    """The terms as a PostgreSQL tsquery (for ``to_tsquery('simple', …)``)."""
    languages = tuple(languages)

    def term_sql(term: Term) -> str:
        alternatives = []
        for phrase in term.phrases:
            for v in phrase.variants(languages):
                lexemes = [f"'{w}'" for w in v]
                if phrase.prefix:
                    lexemes[-1] += ":*"
                alternatives.append(" <-> ".join(lexemes))
        return "(" + " | ".join(alternatives) + ")"

    positive = [term_sql(t) for t in terms if not t.negated]
    if not positive:
        return None
    negative = [" & !" + term_sql(t) for t in terms if t.negated]
    return " & ".join(positive) + "".join(negative)


def snippet(text: str, terms: list[Term], language: str) -> str:
    """A few words of ``text`` around its first match, matches in [brackets]."""
    stems: set[str] = set()
    prefixes: list[str] = []
    for term in terms:
        if term.negated:
            continue
        for phrase in term.phrases:
            for variant in phrase.variants(query_languages()):
                if phrase.prefix:
                    prefixes.append(variant[-1])
                    stems.update(variant[:-1])
                else:
                    stems.update(variant)
    # Whole tokens ("1.18", "start-up"), so that a snippet never starts mid-number.
    words = list(_SNIPPET_TOKEN.finditer(text[:SNIPPET_SCAN_CHARS]))
    if not words:
        return text[:80]
    # One stemmer call for the whole text, not one per token.
    token_words = [_WORD.findall(w.group()) for w in words]
    flat = iter(stem_words([word for token in token_words for word in token], language))
    stemmed = [" ".join(next(flat) for _ in token) for token in token_words]
    hits = [
        any(s in stems or any(s.startswith(p) for p in prefixes) for s in token.split())
        for token in stemmed
    ]
    # The window that shows the most different query words, earliest first.
    best, lo = 0, 0
    for i in (i for i, hit in enumerate(hits) if hit):
        start = max(0, i - SNIPPET_WORDS // 3)
        shown = len(
            {stemmed[j] for j in range(start, start + SNIPPET_WORDS) if j < len(hits) and hits[j]}
        )
        if shown > best:
            best, lo = shown, start
    hi = min(len(words), lo + SNIPPET_WORDS)
    parts: list[str] = ["…" if lo > 0 else ""]
    for i in range(lo, hi):
        if i > lo:
            parts.append(_SPACES.sub(" ", text[words[i - 1].end() : words[i].start()]))
        word = words[i].group()
        parts.append(f"[{word}]" if hits[i] else word)
    if hi < len(words) or len(text) > SNIPPET_SCAN_CHARS:
        parts.append("…")
    return "".join(parts)
