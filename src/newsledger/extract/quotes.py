"""Quotes and their speakers.

Two passes find quotations: double marks (“ ” " „ » «) first, then single
marks (‘ ’ ' ‚ ‹ ›) outside them, so that an apostrophe or a stray single mark
can never swallow a double-quoted passage.  A mark opens or closes by its
context (space before and a letter after opens; a letter or punctuation before
closes), which handles English, German, French and mismatched styles alike;
letters on both sides make an apostrophe (Vogt’s, don't).  A quote never
crosses a paragraph unless the next paragraph reopens it (the multi-paragraph
convention), and never exceeds MAX_QUOTE_CHARS.

Attribution looks, in order, after the quote ("…", said X / sagte er),
before it (X said: "…" / laut X), and at the previous quote of the same
paragraph (a statement split by its attribution).  A speaker is a mention
(its canonical name), a pronoun resolved to the latest subject-position
PERSON, a role phrase ("the Acme CEO"), or an unnamed source kept as its
short description ("an investor").  Words come from ``lang/<code>/quotes.yaml``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from newsledger.extract.alternation import word_alternation
from newsledger.lang import LangData
from newsledger.model import Document, Mention, Quote, Span

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


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who a quote is attributed to, and how the speaker was found."""

    name: str
    entity_id: str | None
    how: str  # "named", "pronoun", "role", "unnamed", "continued"


@dataclass(frozen=True)
class _Lex:
    openers: dict[str, frozenset[str]]
    verb_re: re.Pattern[str]
    cue_before_re: re.Pattern[str]
    cue_after_re: re.Pattern[str]
    pronouns: dict[str, str]
    pronoun_re: re.Pattern[str]
    object_re: re.Pattern[str]
    unnamed_re: re.Pattern[str]
    unnamed: dict[str, str]
    role_re: re.Pattern[str]
    medium_re: re.Pattern[str]
    term_markers: frozenset[str]
    determiners: frozenset[str]
    clause_re: re.Pattern[str]


def _alt(words: Sequence[str]) -> str:
    return word_alternation(words) or "(?!)"


def _words(table: dict[str, Any], key: str) -> list[str]:
    return [str(w) for w in table.get(key) or ()]


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
    return _Lex(
        openers=openers,
        verb_re=re.compile(rf"(?i)(?<![\w-])(?:{_alt(_words(t, 'speech_verbs'))})(?![\w-])"),
        cue_before_re=re.compile(
            rf"(?i)(?<![\w-])(?:{_alt(_words(t, 'cues_before_speaker'))})(?![\w-])"
        ),
        cue_after_re=re.compile(
            rf"(?i)(?<![\w-])(?:{_alt(_words(t, 'cues_after_speaker'))})(?![\w-])"
        ),
        pronouns=pronouns,
        pronoun_re=re.compile(rf"(?i)(?<![\w-])(?:{_alt(list(pronouns))})(?![\w-])"),
        object_re=re.compile(
            rf"(?i)(?<![\w-])(?:{_alt([str(w) for w in t.get('object_pronouns') or ()])})(?![\w-])"
        ),
        unnamed_re=re.compile(
            rf"(?i)(?<![\w-])(?:{indef})\s+(?:[\w-]+\s+){{0,2}}?(?P<noun>{_alt(list(unnamed))})"
            r"(?![\w-])"
        ),
        unnamed=unnamed,
        role_re=re.compile(
            rf"(?<![\w-])(?i:{definite})\s+(?:[\w’'.-]+\s+){{0,3}}?"
            rf"(?:{_alt(_words(t, 'roles'))})(?![\w-])"
        ),
        medium_re=re.compile("|".join(mediums) or "(?!)"),
        term_markers=frozenset(w.lower() for w in _words(t, "term_markers")),
        determiners=frozenset(
            w.lower()
            for w in _words(t, "definite_determiners") + _words(t, "indefinite_determiners")
        ),
        clause_re=re.compile(_alt(_words(t, "clause_breaks"))),
    )


def _lex(lang: LangData) -> _Lex:
    return lang.compiled(_build)


def paragraph_spans(doc: Document) -> list[Span]:
    """The document's paragraphs, or its lines when segmentation is absent."""
    if doc.paragraphs:
        return list(doc.paragraphs)
    spans: list[Span] = []
    pos = 0
    for m in _PARA_RE.finditer(doc.text):
        if m.start() > pos:
            spans.append(Span(pos, m.start()))
        pos = m.end()
    if pos < len(doc.text):
        spans.append(Span(pos, len(doc.text)))
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


# --- finding quotation marks ---------------------------------------------------------


def _context(text: str, i: int) -> tuple[bool, bool]:
    """(can open, can close) for the mark at ``i``."""
    p = text[i - 1] if i > 0 else " "
    n = text[i + 1] if i + 1 < len(text) else " "
    if p.isalnum() and n.isalnum():
        return False, False  # an apostrophe: Vogt’s, don't, Grimm’sche
    can_open = (not p.isalnum() and p not in ".,") and not n.isspace() and n not in _NO_OPEN_AFTER
    can_close = not p.isspace() and not n.isalnum()
    return can_open, can_close


def _scan(
    text: str, marks: str, openers: dict[str, frozenset[str]], paras: list[Span], skip: list[Span]
) -> list[tuple[int, int, list[Span]]]:
    """(open, close, inner segments) of every balanced quotation using ``marks``."""
    found: list[tuple[int, int, list[Span]]] = []
    para_starts = [p.start for p in paras]
    skip_starts = [s.start for s in skip]
    mark_re = re.compile("[" + re.escape(marks) + "]")
    open_at = -1
    closers: frozenset[str] = frozenset()
    segments: list[Span] = []
    seg_start = 0
    open_para = 0
    n_paras = 0
    for m in mark_re.finditer(text):
        i = m.start()
        ch = text[i]
        if skip:
            k = bisect_right(skip_starts, i) - 1
            if k >= 0 and skip[k].end > i:
                continue
        can_open, can_close = _context(text, i)
        if open_at >= 0:
            para = bisect_right(para_starts, i) - 1
            if i - open_at > MAX_QUOTE_CHARS:
                open_at = -1
            elif para != open_para:
                reopened = (
                    para == open_para + 1
                    and ch in openers
                    and can_open
                    and not text[paras[para].start : i].strip()
                    and n_paras < MAX_QUOTE_PARAGRAPHS
                )
                if reopened:
                    segments.append(Span(seg_start, paras[open_para].end))
                    seg_start, open_para, n_paras = i + 1, para, n_paras + 1
                    continue
                open_at = -1
            elif ch in closers and can_close:
                segments.append(Span(seg_start, i))
                found.append((open_at, i + 1, segments))
                open_at = -1
                continue
            else:
                continue
        if ch in openers and can_open:
            open_at, closers, seg_start = i, openers[ch], i + 1
            segments = []
            open_para = max(bisect_right(para_starts, i) - 1, 0)
            n_paras = 1
    return found


# --- speakers --------------------------------------------------------------------------


def is_genitive(text: str, m: Mention) -> bool:
    nxt = text[m.end : m.end + 2]
    if nxt[:1] in ("’", "'") and nxt[1:2] in ("s", " ", ""):
        return True
    word = m.text.rsplit(" ", 1)[-1]
    return word.endswith("s") and word not in m.name.split()


class SpeakerFinder:
    """Speaker and antecedent search over one document; built once per document."""

    def __init__(
        self, doc: Document, mentions: Sequence[Mention], lex: _Lex, quotes: list[Span]
    ) -> None:
        self.text = doc.text
        self.lex = lex
        qstarts = [q.start for q in quotes]

        def outside(m: Mention) -> bool:
            k = bisect_right(qstarts, m.start) - 1
            return k < 0 or quotes[k].end <= m.start

        self.mentions = sorted((m for m in mentions if outside(m)), key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]
        self.sentences = sentence_spans(doc)
        self.sent_starts = [s.start for s in self.sentences]

    def _in(self, start: int, end: int) -> list[Mention]:
        lo = bisect_left(self.starts, start)
        hi = bisect_left(self.starts, end)
        return [m for m in self.mentions[lo:hi] if m.end <= end]

    def _named(self, m: Mention) -> Speaker:
        return Speaker(m.name, m.entity_id, "named")

    def subject(self, start: int, end: int) -> Speaker | None:
        """The subject of a clause ``[start, end)``: first person, else organisation."""
        seg = self.text[start:end]
        media = [(start + m.start(), start + m.end()) for m in self.lex.medium_re.finditer(seg)]
        found = [
            m
            for m in self._in(start, end)
            if not is_genitive(self.text, m) and not any(a <= m.start < b for a, b in media)
        ]
        people = [m for m in found if m.type == "PERSON"]
        if people:
            return self._named(people[0])
        last_pronoun = max((p.start() for p in self.lex.pronoun_re.finditer(seg)), default=-1)
        if last_pronoun >= 0:
            return self.pronoun(start + last_pronoun)
        described = self._description(start, seg)
        if described is not None:
            return described
        orgs = [m for m in found if m.type == "ORG"]
        return self._named(orgs[0]) if orgs else None

    def _description(self, start: int, seg: str) -> Speaker | None:
        u = self.lex.unnamed_re.search(seg)
        if u is not None:
            return self._unnamed(u.group("noun"))
        r = self.lex.role_re.search(seg)
        if r is not None:
            return self._role(start + r.start(), start + r.end())
        return None

    def _unnamed(self, noun: str) -> Speaker:
        # Case-insensitive regexes take "ı" for "i" and "ſ" for "s", lower()
        # does not: such a spelling is kept as written.
        return Speaker(self.lex.unnamed.get(noun.lower(), noun), None, "unnamed")

    def _role(self, start: int, end: int) -> Speaker:
        people = [m for m in self._in(start, end + 1) if m.type == "PERSON"]
        if people:
            return self._named(people[-1])
        return Speaker(self.text[start:end], None, "role")

    def after(self, pos: int, limit: int) -> Speaker | None:
        """The speaker named right after a verb at ``pos`` ("said X", "sagte er")."""
        end = min(limit, pos + SPEAKER_GAP + 60)
        seg = self.text[pos:end]
        lead = len(seg) - len(seg.lstrip(" ,"))
        head = seg[lead:]
        p = self.lex.pronoun_re.match(head)
        if p is not None:
            return self.pronoun(pos + lead)
        u = self.lex.unnamed_re.match(head)
        if u is not None:
            return self._unnamed(u.group("noun"))
        r = self.lex.role_re.match(head)
        if r is not None:
            return self._role(pos + lead, pos + lead + r.end())
        chain: list[Mention] = []
        cursor = pos
        for m in self._in(pos, end):
            gap = self.text[cursor : m.start]
            if m.start - pos > SPEAKER_GAP or any(c in gap for c in ".;:!?\n"):
                break
            if chain and ("," in gap and len(_WORD_RE.findall(gap)) > 3):
                break
            chain.append(m)
            cursor = m.end
        people = [m for m in chain if m.type == "PERSON" and not is_genitive(self.text, m)]
        if people:
            return self._named(people[0])
        if chain:
            return self._named(chain[0])
        return None

    def pronoun(self, pos: int) -> Speaker | None:
        """The antecedent of a subject pronoun at ``pos``: the latest sentence subject.

        A possessor ("Mehta's company ... he") is taken only when no sentence
        in reach has a person as its subject.
        """
        k = bisect_right(self.sent_starts, pos) - 1
        for allow_genitive in (False, True):
            for back in range(PRONOUN_SENTENCES):
                j = k - back
                if j < 0:
                    break
                sent = self.sentences[j]
                stop = pos if back == 0 else sent.end
                for m in self._in(max(sent.start, pos - PRONOUN_CHARS), stop):
                    if (
                        m.type == "PERSON"
                        and (allow_genitive or not is_genitive(self.text, m))
                        and not self._modifier(m)
                    ):
                        return Speaker(m.name, m.entity_id, "pronoun")
        return None

    def _modifier(self, m: Mention) -> bool:
        """A name used as a modifier: "the Trump administration", "Trump-Regierung"."""
        if self.text[m.end : m.end + 1] == "-":
            return True
        words = self.text[max(0, m.start - 12) : m.start].split()
        return bool(words) and words[-1].lower() in self.lex.determiners

    def object_of(self, pos: int, exclude: frozenset[str]) -> Mention | None:
        """The antecedent of an object pronoun: the latest person not in ``exclude``."""
        k = bisect_right(self.sent_starts, pos) - 1
        for back in range(PRONOUN_SENTENCES):
            j = k - back
            if j < 0:
                break
            sent = self.sentences[j]
            stop = pos if back == 0 else sent.end
            for m in self._in(max(sent.start, pos - PRONOUN_CHARS), stop):
                if m.type == "PERSON" and m.name not in exclude:
                    return m
        return None

    def sentence(self, pos: int) -> Span:
        k = max(bisect_right(self.sent_starts, pos) - 1, 0)
        return self.sentences[k] if self.sentences else Span(0, len(self.text))


def speaker_finder(doc: Document, mentions: Sequence[Mention], lang: LangData) -> SpeakerFinder:
    """A SpeakerFinder for other stages (events resolve pronouns with it)."""
    return SpeakerFinder(doc, mentions, _lex(lang), [])


# --- the stage ----------------------------------------------------------------------


def _kind(text: str, open_at: int, inner: str, para_start: int) -> str:
    before = text[para_start:open_at].rstrip()
    words = len(_WORD_RE.findall(inner))
    at_start = not before or before[-1] in ".!?:–—-"
    ends = inner.rstrip()[-1:] in ".!?,…"
    if at_start and (ends or words >= STATEMENT_MIN_WORDS):
        return "statement"
    if ends and words >= 2 * STATEMENT_MIN_WORDS:
        return "statement"
    return "fragment"


def _clean(inner: str, kind: str) -> str:
    inner = " ".join(inner.split())
    return inner.rstrip(".,;:!?…") if kind == "fragment" else inner.rstrip(",")


def _first(regexes: Sequence[re.Pattern[str]], seg: str) -> list[re.Match[str]]:
    hits = [m for r in regexes for m in r.finditer(seg)]
    return sorted(hits, key=lambda m: m.start())


def extract_quotes(doc: Document, mentions: Sequence[Mention], lang: LangData) -> list[Quote]:
    """Every quotation in ``doc`` with its speaker.

    Statements are kept even when no speaker is found; fragments (quoted
    words inside a reporter's sentence) only when someone said them, since an
    unattributed fragment is a title, a name or the writer's scare quote.
    """
    lex = _lex(lang)
    text = doc.text
    paras = paragraph_spans(doc)
    doubles = _scan(text, _DOUBLE, lex.openers, paras, [])
    double_spans = [Span(a, b) for a, b, _ in doubles]
    singles = _scan(text, _SINGLE, lex.openers, paras, double_spans)
    found = sorted(doubles + singles, key=lambda q: q[0])
    spans = [Span(a, b) for a, b, _ in found]
    attr = SpeakerFinder(doc, mentions, lex, spans)
    para_starts = [p.start for p in paras]
    quotes: list[Quote] = []
    last: dict[int, Quote] = {}
    for idx, (open_at, close_at, segments) in enumerate(found):
        k = max(bisect_right(para_starts, open_at) - 1, 0)
        para = paras[k] if paras else Span(0, len(text))
        inner = " ".join(text[s.start : s.end] for s in segments)
        if not inner.strip():
            continue
        kind = _kind(text, open_at, inner, para.start)
        prev = last.get(k)
        if kind == "fragment" and prev is not None and prev.kind == "statement":
            # "We are," Vogt said, "ready to go." : the second part goes on
            # with the statement that the attribution interrupted.
            gap = text[spans[idx - 1].end : open_at]
            if len(gap) <= AFTER_WINDOW and gap.rstrip().endswith(",") and lex.verb_re.search(gap):
                kind = "statement"
        next_open = spans[idx + 1].start if idx + 1 < len(spans) else len(text)
        prev_close = spans[idx - 1].end if idx > 0 else 0
        close_para = paras[max(bisect_right(para_starts, close_at - 1) - 1, 0)] if paras else para
        speaker, cue, medium = _attribute(
            attr, lex, open_at, close_at, next_open, prev_close, kind, para, close_para.end
        )
        sent_start = attr.sentence(open_at).start
        # A statement split by its attribution continues the previous
        # statement of the paragraph; a fragment continues only within its
        # sentence ("called him a “fraud” and a “showman”").
        if (
            speaker is None
            and prev is not None
            and (kind == "statement" or attr.sentence(prev.start).start == sent_start)
        ):
            speaker = Speaker(prev.speaker or "", prev.speaker_id, "continued")
            cue, medium = prev.cue, prev.medium
        if kind == "fragment" and (speaker is None or _is_term(text, open_at, lex)):
            continue
        start, end = segments[0].start, segments[-1].end
        while start < end and text[start].isspace():
            start += 1
        quote = Quote(
            doc_id=doc.id,
            start=start,
            end=end,
            text=_clean(inner, kind),
            speaker=speaker.name if speaker else None,
            speaker_id=speaker.entity_id if speaker else None,
            kind="statement" if kind == "statement" else "fragment",
            medium=medium,
            cue=cue,
        )
        if quote.text:
            quotes.append(quote)
            if speaker is not None:
                last[k] = quote
    return quotes


def _is_term(text: str, open_at: int, lex: _Lex) -> bool:
    before = text[max(0, open_at - 30) : open_at].split()
    return bool(before) and before[-1].lower() in lex.term_markers


def _attribute(
    attr: SpeakerFinder,
    lex: _Lex,
    open_at: int,
    close_at: int,
    next_open: int,
    prev_close: int,
    kind: str,
    para: Span,
    tail_limit: int,
) -> tuple[Speaker | None, str | None, str | None]:
    """(speaker, cue word, medium) of the quote ``[open_at, close_at)``."""
    text = attr.text
    sent = attr.sentence(max(open_at - 1, para.start))
    # After the quote, up to the end of its sentence or the next quote.
    end = min(close_at + AFTER_WINDOW, next_open, tail_limit)
    tail = text[close_at:end]
    stop = _SENT_END_RE.search(tail)
    if stop is not None and not (kind == "statement" and stop.start() == 0):
        tail = tail[: stop.start()]
    if tail.strip():
        found = _from_verbs(attr, lex, close_at, tail)
        if found is not None:
            return found[0], found[1], _medium(lex, text[close_at : close_at + len(tail)])
    # Before the quote, within its sentence and after the previous quote.
    start = max(open_at - BEFORE_WINDOW, prev_close, para.start, sent.start)
    head = text[start:open_at]
    clauses = list(lex.clause_re.finditer(head))
    if clauses:
        start, head = start + clauses[-1].end(), head[clauses[-1].end() :]
    if head.strip():
        found = _from_verbs(attr, lex, start, head, before_quote=True)
        if found is not None:
            return found[0], found[1], _medium(lex, head)
        if head.rstrip().endswith(":"):
            speaker = attr.subject(start, start + len(head))
            if speaker is not None:
                return speaker, None, _medium(lex, head)
    return None, None, None


def _from_verbs(
    attr: SpeakerFinder, lex: _Lex, base: int, seg: str, before_quote: bool = False
) -> tuple[Speaker, str] | None:
    """The speaker of the first speech verb or cue in ``seg`` that yields one."""
    hits = _first((lex.verb_re, lex.cue_before_re, lex.cue_after_re), seg)
    if before_quote:
        hits.reverse()  # the verb nearest the quote governs it
    for m in hits:
        word = m.group(0)
        lo, hi = base + m.start(), base + m.end()
        if m.re is lex.cue_after_re:
            speaker = attr.subject(base, lo)
        elif m.re is lex.cue_before_re:
            speaker = attr.after(hi, base + len(seg))
        else:
            speaker = attr.subject(base, lo) or attr.after(hi, base + len(seg))
        if speaker is not None:
            return speaker, word
    return None


def _medium(lex: _Lex, seg: str) -> str | None:
    m = lex.medium_re.search(seg)
    if m is None:
        return None
    return next((v for v in m.groupdict().values() if v), None)
