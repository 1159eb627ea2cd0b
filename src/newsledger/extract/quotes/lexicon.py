"""Quote lexicons from ``lang/<code>/quotes.yaml``, and paragraph and sentence spans."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from newsledger.extract.alternation import word_alternation
from newsledger.lang import LangData
from newsledger.model import Document, Quote, Span

# Longest quotation kept.  Real quotes in news run to a few paragraphs
# (~2,000 characters); anything longer is an unbalanced mark.
MAX_QUOTE_CHARS = 4000
# Paragraphs one quotation may span under the reopening convention.
MAX_QUOTE_PARAGRAPHS = 6
# Characters after a closing mark searched for "said X" (covers
# ", said Norrland Compute CEO Ines Vogt in a post on X on Thursday").
AFTER_WINDOW = 160
# Characters before an opening mark searched for "X said:" / "laut X".
BEFORE_WINDOW = 220
# Characters between a speech verb and the speaker's name after it
# ("said Norrland's chief executive, Ines Vogt").
SPEAKER_GAP = 45
# Sentences, and at most this many characters, searched backwards for a
# pronoun's antecedent (the character bound keeps run-on text linear).
PRONOUN_SENTENCES = 4
PRONOUN_CHARS = 1500
# A quote opening a sentence is a statement when it ends in punctuation or
# has this many words; mid-sentence it needs twice as many and punctuation.
# Shorter quoted words are fragments of the reporter's sentence.
STATEMENT_MIN_WORDS = 4

_DOUBLE = '“”"„»«'
_SINGLE = "‘’'‚‹›"
_NO_OPEN_AFTER = ",.;:!?)]}"
_WORD_RE = re.compile(r"\w+")
_SENT_END_RE = re.compile(r"[.!?…][\"”“»«’']*(?=\s+[\"„“»«‚‘A-ZÄÖÜ0-9\[])")
_PARA_RE = re.compile(r"\n\s*")


@dataclass(frozen=True)
class _Lex:
    openers: dict[str, frozenset[str]]
    verb_re: re.Pattern[str]
    cue_before_re: re.Pattern[str]
    cue_after_re: re.Pattern[str]
    # The three above in one lower-case pattern (groups ``verb``, ``before``,
    # ``after``): one scan of a segment instead of three, case-insensitive
    # matching being the slow part (see ``lower_hits``).
    attribution_re: re.Pattern[str]
    pronouns: dict[str, str]
    pronoun_re: re.Pattern[str]
    object_re: re.Pattern[str]
    unnamed_re: re.Pattern[str]
    unnamed: dict[str, str]
    role_re: re.Pattern[str]
    medium_re: re.Pattern[str]
    # Names of media, lower-case: told to them, they are no speaker ("told CNBC").
    media: frozenset[str]
    # Endings of participles: "..., suggesting Musk was ..." opens no inverted
    # attribution ("..., said Musk").
    participle_endings: tuple[str, ...]
    # Determiners of an object ("sagte dem Spiegel"): no subject follows them.
    object_determiners: frozenset[str]
    # Whether a finite verb opening a clause puts its subject after it
    # ("..., sagte er"; "Gegenüber der Zeitung erklärte sie:"), as in German.
    verb_second: bool
    term_markers: frozenset[str]
    determiners: frozenset[str]
    clause_re: re.Pattern[str]
    # Abbreviated titles whose full stop ends no sentence ("Mr.", "Dr.").
    honorifics: frozenset[str]
    # Role nouns, and endings that make a compound a role ("Außenbeauftragte").
    role_words: frozenset[str]
    role_endings: tuple[str, ...]
    # Words before a name that make it no speaker ("asked about Ferrowatt").
    not_subject_before: frozenset[str]
    # Capitalised words that start no name (sentence adverbs, function words).
    not_names: frozenset[str]
    # Indirect and reported speech.
    report_verb_re: re.Pattern[str]
    particles: frozenset[str]
    complementizers: frozenset[str]
    subjunctive: frozenset[str]
    clause_openers: frozenset[str]
    source_before_re: re.Pattern[str]
    source_after_re: re.Pattern[str]
    as_cues: frozenset[str]
    source_prepositions: frozenset[str]
    source_nouns: tuple[str, ...]
    trailing_cues: frozenset[str]
    continuation_cues: frozenset[str]
    np_links: frozenset[str]
    # Words after a source noun that introduce whose it is ("Angaben der Bahn",
    # "a statement by the ministry").
    owner_links: frozenset[str]
    definite: frozenset[str]
    org_nouns: frozenset[str]
    # Organisation nouns that fit any organisation ("the company", "der Konzern").
    generic_org_nouns: frozenset[str]
    passive_auxiliaries: frozenset[str]
    relative_pronouns: frozenset[str]
    comma_opens_clause: bool
    title_words: frozenset[str]
    # Lower-case words inside personal names ("de", "van", "von").
    name_particles: frozenset[str]
    # "heißt es (in dem Schreiben)", "it says (in the report)": the source is a
    # document named by a phrase after one of ``document_prepositions``.
    document_cue_re: re.Pattern[str]
    document_prepositions: frozenset[str]
    # Words between a verb and the subject after it ("äußerte sich auch der …").
    verb_adjuncts: frozenset[str]
    # Determiners a description must open with to be what a pronoun refers
    # to ("er" -> "der Student", not "die Einsatzkräfte"); a pronoun missing
    # here takes any description.
    pronoun_determiners: dict[str, frozenset[str]]
    # Any word that can start indirect speech; a sentence without one is skipped.
    # It runs on the lower-cased text (see ``lower_hits``); its group ``verb``
    # is a reporting verb, ``goes`` a Konjunktiv I form or a continuation cue
    # (the previous speaker may go on).
    any_cue_re: re.Pattern[str]
    # What a reporting verb needs near it to have reported words: a comma or
    # colon, a complementizer, a clause opener or a Konjunktiv I form.  A
    # sentence whose only cues are verbs and that has none of these is skipped.
    clause_mark_re: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who a quote is attributed to, and how the speaker was found."""

    name: str
    entity_id: str | None
    how: str  # "named", "pronoun", "role", "unnamed", "continued"
    # Where the speaker is written (the pronoun itself for a pronoun).
    at: Span | None = None


@dataclass(frozen=True, slots=True)
class Found:
    """A quote with where its words and its speaker are written."""

    quote: Quote
    content: Span
    speaker: Speaker | None


def _alt(words: Sequence[str]) -> str:
    return word_alternation(words) or "(?!)"


def _words(table: dict[str, Any], key: str) -> list[str]:
    return [str(w) for w in table.get(key) or ()]


def _lower(table: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _words(table, key))


_SOURCE_KEYS = ("source_cues_before", "source_cues_after", "source_prepositions")


def _lowered(t: dict[str, Any], *keys: str) -> list[str]:
    return [w.lower() for k in keys for w in _words(t, k)]


def _build(lang: LangData) -> _Lex:
    t: dict[str, Any] = lang.table("quotes")
    openers = {str(k): frozenset(str(c) for c in v) for k, v in (t.get("pairs") or {}).items()}
    pronouns = {str(k).lower(): str(v) for k, v in (t.get("pronouns") or {}).items()}
    unnamed = {str(k).lower(): str(v) for k, v in (t.get("unnamed_sources") or {}).items()}
    media = _alt(_words(t, "media"))
    mediums = [
        re.escape(p).replace(re.escape("{medium}"), f"(?P<m{i}>{media})")
        for i, p in enumerate(_words(t, "medium_patterns"))
    ]
    indef = _alt(_words(t, "indefinite_determiners"))
    definite = _alt(_words(t, "definite_determiners"))
    trailing = _words(t, "trailing_cues")
    return _Lex(
        openers=openers,
        verb_re=re.compile(rf"(?i)(?<![\w-])(?:{_alt(_words(t, 'speech_verbs'))})(?![\w-])"),
        cue_before_re=re.compile(
            rf"(?i)(?<![\w-])(?:{_alt(_words(t, 'cues_before_speaker'))})(?![\w-])"
        ),
        cue_after_re=re.compile(
            rf"(?i)(?<![\w-])(?:{_alt(_words(t, 'cues_after_speaker'))})(?![\w-])"
        ),
        attribution_re=re.compile(
            rf"\b(?:(?P<verb>{_alt([w.lower() for w in _words(t, 'speech_verbs')])})"
            rf"|(?P<before>{_alt([w.lower() for w in _words(t, 'cues_before_speaker')])})"
            rf"|(?P<after>{_alt([w.lower() for w in _words(t, 'cues_after_speaker')])}))(?![\w-])"
        ),
        pronouns=pronouns,
        pronoun_re=re.compile(rf"(?i)(?<![\w-])(?:{_alt(list(pronouns))})(?![\w-])"),
        object_re=re.compile(
            rf"(?i)(?<![\w-])(?:{_alt([str(w) for w in t.get('object_pronouns') or ()])})(?![\w-])"
        ),
        unnamed_re=re.compile(
            rf"(?i)(?<![\w-])(?:{indef})\s+(?:[\w-]+\s+){{0,2}}?(?:(?P<prefix>\w+)-)?(?P<noun>{_alt(list(unnamed))})"
            r"(?![\w-])"
        ),
        unnamed=unnamed,
        role_re=re.compile(
            rf"(?<![\w-])(?i:{definite})\s+(?:[\w’'.-]+\s+){{0,3}}?"
            rf"(?:{_alt(_words(t, 'roles') + _words(t, 'org_nouns'))})(?![\w-])"
        ),
        medium_re=re.compile("|".join(mediums) or "(?!)"),
        media=frozenset(w.lower() for w in _words(t, "media")),
        verb_second=bool(t.get("verb_second")),
        object_determiners=_lower(t, "object_determiners"),
        participle_endings=tuple(_lower(t, "participle_endings")),
        term_markers=frozenset(w.lower() for w in _words(t, "term_markers")),
        determiners=frozenset(
            w.lower()
            for w in _words(t, "definite_determiners") + _words(t, "indefinite_determiners")
        ),
        clause_re=re.compile(_alt(_words(t, "clause_breaks"))),
        honorifics=frozenset(w.lower().rstrip(".") for w in _words(t, "honorifics")),
        role_words=frozenset(w.lower() for w in _words(t, "roles") + _words(t, "role_nouns")),
        role_endings=tuple(w.lower() for w in _words(t, "role_endings")),
        not_subject_before=frozenset(w.lower() for w in _words(t, "not_subject_before")),
        not_names=frozenset(w.lower() for w in _words(t, "not_names")),
        report_verb_re=re.compile(
            rf"(?i)(?<![\w-])(?:{_alt(_words(t, 'speech_verbs') + _words(t, 'reporting_verbs'))})"
            r"(?![\w-])"
        ),
        particles=_lower(t, "verb_particles"),
        complementizers=_lower(t, "complementizers"),
        subjunctive=_lower(t, "subjunctive"),
        clause_openers=_lower(t, "clause_openers"),
        source_before_re=re.compile(
            rf"(?i)(?<![\w-])(?:{_alt(_words(t, 'source_cues_before'))})(?![\w-])"
        ),
        source_after_re=re.compile(
            rf"(?i)(?<![\w-])(?:{_alt(_words(t, 'source_cues_after'))})(?![\w-])"
        ),
        as_cues=_lower(t, "as_cues"),
        source_prepositions=_lower(t, "source_prepositions"),
        source_nouns=tuple(_lower(t, "source_nouns")),
        trailing_cues=_lower(t, "trailing_cues"),
        continuation_cues=_lower(t, "continuation_cues"),
        np_links=_lower(t, "np_links"),
        owner_links=_lower(t, "owner_links"),
        definite=_lower(t, "definite_determiners"),
        org_nouns=_lower(t, "org_nouns"),
        generic_org_nouns=_lower(t, "generic_org_nouns"),
        passive_auxiliaries=_lower(t, "passive_auxiliaries"),
        relative_pronouns=_lower(t, "relative_pronouns"),
        comma_opens_clause=bool(t.get("comma_opens_clause")),
        title_words=_lower(t, "title_words"),
        name_particles=_lower(t, "name_particles"),
        document_cue_re=re.compile(
            rf"(?i)(?<![\w-])(?:{_alt(_words(t, 'document_cues'))})(?![\w-])"
            if _words(t, "document_cues")
            else "(?!)"
        ),
        document_prepositions=_lower(t, "document_prepositions"),
        verb_adjuncts=_lower(t, "verb_adjuncts"),
        pronoun_determiners={
            str(k).lower(): frozenset(str(w).lower() for w in v)
            for k, v in (t.get("pronoun_determiners") or {}).items()
        },
        any_cue_re=re.compile(
            rf"\b(?:(?P<verb>{_alt(_lowered(t, 'speech_verbs', 'reporting_verbs'))})"
            rf"|(?P<goes>{_alt(_lowered(t, 'subjunctive', 'continuation_cues'))})"
            rf"|{_alt(_lowered(t, *_SOURCE_KEYS))})(?![\w-])"
            rf"|,\s*(?:{_alt([w.lower() for w in _words(t, 'as_cues') + trailing])})\s"
        ),
        clause_mark_re=re.compile(
            rf"[,:]|\b(?:{_alt(_lowered(t, 'complementizers', 'clause_openers', 'subjunctive'))})"
            r"(?![\w-])"
        ),
    )


def lower_hits(regex: re.Pattern[str], text: str, low: str) -> list[tuple[int, str | None]]:
    """(start, group) of every match of ``regex`` (compiled for lower-case text).

    Matching the lower-cased text without ``(?i)`` and with ``\\b`` instead of
    a look-behind is several times faster on whole documents; a word glued to
    a hyphen before it ("Ex-sagte") is dropped here instead.  When lower-casing
    changes the length ("İ"), the offsets would drift: the text is matched
    case-insensitively instead.
    """
    if len(low) != len(text):
        regex = re.compile(regex.pattern, re.IGNORECASE)
        low = text
    return [
        (m.start(), m.lastgroup)
        for m in regex.finditer(low)
        if m.start() == 0 or low[m.start() - 1] != "-" or low[m.start()] == ","
    ]


def _lex(lang: LangData) -> _Lex:
    return lang.compiled(_build)


def sentence_end(lex: _Lex, text: str, start: int, end: int) -> int | None:
    """Where the first sentence in ``text[start:end]`` ends (before its mark), if it does.

    A full stop after an honorific ("Mr.", "Dr.") or a single initial ends no
    sentence, so "said Mr. Trump" and "sagte Dr. Müller" stay whole.
    """
    for m in _SENT_END_RE.finditer(text, start, end):
        if text[m.start()] == "." and _abbreviation(lex, text, m.start()):
            continue
        return m.start()
    return None


def _abbreviation(lex: _Lex, text: str, dot: int) -> bool:
    j = dot
    while j > 0 and (text[j - 1].isalpha()):
        j -= 1
    word = text[j:dot].lower()
    return bool(word) and (word in lex.honorifics or (len(word) == 1 and text[j].isupper()))


# The last unsegmented document split into lines, and its lines: the quote
# stage asks three times per document (one read of the tuple, so threads at
# worst split again).
_LAST_SPLIT: tuple[Document | None, tuple[Span, ...]] = (None, ())


def paragraph_spans(doc: Document) -> list[Span]:
    """The document's paragraphs, or its lines when segmentation is absent."""
    global _LAST_SPLIT
    if doc.paragraphs:
        return list(doc.paragraphs)
    last_doc, last_spans = _LAST_SPLIT
    if last_doc is doc:
        return list(last_spans)
    spans: list[Span] = []
    pos = 0
    for m in _PARA_RE.finditer(doc.text):
        if m.start() > pos:
            spans.append(Span(pos, m.start()))
        pos = m.end()
    if pos < len(doc.text):
        spans.append(Span(pos, len(doc.text)))
    _LAST_SPLIT = (doc, tuple(spans))
    return spans


def sentence_spans(doc: Document) -> list[Span]:
    """The document's sentences, or a punctuation split when absent."""
    if doc.sentences:
        return list(doc.sentences)
    spans: list[Span] = []
    text = doc.text
    for para in paragraph_spans(doc):
        pos = para.start
        for m in _SENT_END_RE.finditer(text, para.start, para.end):
            spans.append(Span(pos, m.end()))
            pos = m.end()
            while pos < para.end and text[pos] in " \t":
                pos += 1
        if pos < para.end:
            spans.append(Span(pos, para.end))
    return spans
