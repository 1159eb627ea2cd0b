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
from bisect import bisect_right

from newsledger.extract.quotes.lexicon import (
    _WORD_RE,
    AFTER_WINDOW,
    BEFORE_WINDOW,
    MAX_QUOTE_CHARS,
    MAX_QUOTE_PARAGRAPHS,
    STATEMENT_MIN_WORDS,
    Found,
    Speaker,
    _Lex,
    paragraph_spans,
    sentence_end,
)
from newsledger.extract.quotes.mentions import TOKEN_RE as _TOKEN_RE
from newsledger.extract.quotes.speakers import SpeakerFinder
from newsledger.model import Document, Quote, Span

_DOUBLE = '“”"„»«'
_SINGLE = "‘’'‚‹›"
_NO_OPEN_AFTER = ",.;:!?)]}"
_COMMA_WORD_RE = re.compile(r",\s*(\w+)")
_PHRASE_END_RE = re.compile(r"[,;:!?]|\.(?=\s|$)")


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


# --- the stage ----------------------------------------------------------------------


def _kind(text: str, open_at: int, inner: str, para_start: int) -> str:
    # The last character before the mark, found by stepping back over blanks:
    # slicing from the paragraph start was quadratic in a paragraph of
    # thousands of quotation marks (issue 19).
    before = open_at
    while before > para_start and text[before - 1].isspace():
        before -= 1
    words = len(_WORD_RE.findall(inner))
    at_start = before == para_start or text[before - 1] in ".!?:–—-"
    ends = inner.rstrip()[-1:] in ".!?,…"
    if at_start and (ends or words >= STATEMENT_MIN_WORDS):
        return "statement"
    if ends and words >= 2 * STATEMENT_MIN_WORDS:
        return "statement"
    return "fragment"


def _clean(inner: str, kind: str) -> str:
    inner = " ".join(inner.split())
    return inner.rstrip(".,;:!?…") if kind == "fragment" else inner.rstrip(",")


def quoted_spans(doc: Document, lex: _Lex) -> list[tuple[int, int, list[Span]]]:
    """(open, close, inner segments) of every quotation of ``doc``, in order."""
    paras = paragraph_spans(doc)
    doubles = _scan(doc.text, _DOUBLE, lex.openers, paras, [])
    double_spans = [Span(a, b) for a, b, _ in doubles]
    singles = _scan(doc.text, _SINGLE, lex.openers, paras, double_spans)
    return sorted(doubles + singles, key=lambda q: q[0])


def find_direct(
    doc: Document,
    lex: _Lex,
    attr: SpeakerFinder,
    found: list[tuple[int, int, list[Span]]],
) -> list[Found]:
    """Every quotation in ``doc`` with its speaker.

    Statements are kept even when no speaker is found; fragments (quoted
    words inside a reporter's sentence) only when someone said them, since an
    unattributed fragment is a title, a name or the writer's scare quote.
    """
    text = doc.text
    paras = paragraph_spans(doc)
    spans = [Span(a, b) for a, b, _ in found]
    para_starts = [p.start for p in paras]
    quotes: list[Found] = []
    last: dict[int, Found] = {}
    for idx, (open_at, close_at, segments) in enumerate(found):
        k = max(bisect_right(para_starts, open_at) - 1, 0)
        para = paras[k] if paras else Span(0, len(text))
        inner = " ".join(text[s.start : s.end] for s in segments)
        if not inner.strip():
            continue
        kind = _kind(text, open_at, inner, para.start)
        prev_found = last.get(k)
        prev = prev_found.quote if prev_found is not None else None
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
            and not attr.other_person_between(prev.end, open_at, prev.speaker)
        ):
            at = prev_found.speaker.at if prev_found and prev_found.speaker else None
            speaker = Speaker(prev.speaker or "", prev.speaker_id, "continued", at)
            cue, medium = prev.cue, prev.medium
        if kind == "fragment" and (
            speaker is None
            or _is_term(text, open_at, lex)
            or _is_title(text, open_at, inner, lex)
            or _is_name(attr, segments)
        ):
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
            quotes.append(Found(quote, Span(start, end), speaker))
            if speaker is not None:
                last[k] = quotes[-1]
    return quotes


def _is_name(attr: SpeakerFinder, segments: list[Span]) -> bool:
    """Whether the quoted words are one name the entity stage found ("„Twitter“")."""
    text = attr.text
    start, end = segments[0].start, segments[-1].end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in " .,;:!?":
        end -= 1
    return (start, end) in attr.quoted_names


def _is_term(text: str, open_at: int, lex: _Lex) -> bool:
    before = text[max(0, open_at - 30) : open_at].split()
    return bool(before) and before[-1].lower() in lex.term_markers


def _is_title(text: str, open_at: int, inner: str, lex: _Lex) -> bool:
    """A name of a work or publication: every word capitalised, after a noun or preposition.

    "im „Tagesspiegel“", "the newspaper “Berliner Zeitung”", "die Oper „Le
    Grand Macabre“"; a nickname someone uses ("nennt ihn „Bluff-Raj“") is
    kept, since its speaker comes right before it.
    """
    words = [w for w in _WORD_RE.findall(inner) if w.lower() not in lex.title_words]
    if not words or not all(w[:1].isupper() or w[:1].isdigit() for w in words):
        return False
    before = text[max(0, open_at - 30) : open_at].rsplit("\n", 1)[-1].split()
    if not before or before[-1][-1:] in ".!?:;–—-":
        return False  # the quote opens its sentence or clause
    prev = before[-1].strip(",(")
    if prev.lower() in lex.determiners:
        return len(words) > 1  # "der „Berliner Zeitung“"; "eine „Fantastin“" is a word
    return prev.lower() in lex.not_subject_before or prev[:1].isupper()


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
    """(speaker, cue word, medium) of the quote ``[open_at, close_at)``.

    After the quote first ("…,” said X), then before it (X said: "…").  A
    quoted sentence closed by its own full stop and followed by a new
    sentence ("… described the deal as “… viability.” German Chancellor
    Olaf Scholz welcomed …") is attributed before it first: the next
    sentence starts someone else's words.
    """
    text = attr.text
    sent = attr.sentence(max(open_at - 1, para.start))
    inner_end = text[max(open_at, close_at - 8) : close_at].rstrip(_DOUBLE + _SINGLE + " ")[-1:]
    after = text[close_at : close_at + 3].lstrip()
    new_sentence = inner_end in ".!?…" and after[:1].isupper()
    # After the quote, up to the end of its sentence or the next quote.
    end = min(close_at + AFTER_WINDOW, next_open, tail_limit)
    tail = text[close_at:end]
    stop = sentence_end(lex, text, close_at, end)
    if stop is not None and not (kind == "statement" and stop == close_at):
        tail = text[close_at:stop]
    # Before the quote, within its sentence and after the previous quote.
    start = max(open_at - BEFORE_WINDOW, prev_close, para.start, sent.start)
    head = text[start:open_at]
    clauses = list(lex.clause_re.finditer(head))
    if clauses:
        start, head = start + clauses[-1].end(), head[clauses[-1].end() :]
    bracketed = _bracketed(attr, open_at, start)
    if bracketed is not None:
        return bracketed, None, None
    for base, seg, after_quote in ((close_at, tail, True), (start, head, False)):
        document = (
            _document_source(attr, lex, base, seg, after_quote) if attr.has_document_cue else None
        )
        if document is not None:
            return document
    if new_sentence and head.strip() and head.rstrip()[-1:] not in ".!?":
        found = _from_head(attr, lex, start, head)
        if found[0] is not None:
            return found
    elif head.rstrip().endswith(":"):
        # "X sagte: „…“. Die SPD hält ... laut Y": a speech verb introducing
        # the quote beats a verb or cue in the sentence after it.
        verbs = _from_verbs(attr, lex, start, head, before_quote=True)
        if verbs is not None:
            return verbs[0], verbs[1], _medium(attr, lex, head)
    if new_sentence and _own_clause(lex, tail):
        # "„….“ Der Bürgermeister, Bob Parker, teilte mit, dass …": the next
        # sentence reports its own words, not the quote's.
        tail = ""
    if tail.strip():
        from_tail = _from_verbs(attr, lex, close_at, tail)
        if from_tail is not None:
            return (
                from_tail[0],
                from_tail[1],
                _medium(attr, lex, text[close_at : close_at + len(tail)]),
            )
    if head.strip():
        return _from_head(attr, lex, start, head)
    return None, None, None


def _bracketed(attr: SpeakerFinder, open_at: int, start: int) -> Speaker | None:
    """The person a quote in brackets follows: "Mohammed ElBaradei („…“)"."""
    text = attr.text
    k = open_at
    while k > start and text[k - 1].isspace():
        k -= 1
    if k <= start or text[k - 1] != "(":
        return None
    k -= 1
    while k > start and text[k - 1].isspace():
        k -= 1
    people = [m for m in attr.mentions_in(start, k) if m.end == k and m.type == "PERSON"]
    return attr.named(people[-1]) if people else None


def _own_clause(lex: _Lex, tail: str) -> bool:
    """Whether ``tail`` goes on to a reported clause of its own (", dass …")."""
    return any(m.group(1).lower() in lex.complementizers for m in _COMMA_WORD_RE.finditer(tail))


def _document_source(
    attr: SpeakerFinder, lex: _Lex, base: int, seg: str, after_quote: bool
) -> tuple[Speaker, str, None] | None:
    """A document as the source: "…“, heißt es in dem Schreiben", "Im Bericht heißt es:".

    The phrase after a document preposition, next to the cue ("heißt es",
    "it says"), up to the next comma or stop; before the cue it must open
    the clause ("Auf der Homepage heißt es:").
    """
    m = lex.document_cue_re.search(seg)
    if m is None:
        return None
    if after_quote and seg[: m.start()].strip(" ,"):
        return None  # after a quote the cue must follow it: "…“, heißt es in …"
    cue = seg[m.start() : m.end()]
    after = _TOKEN_RE.match(seg, m.end() + (len(seg[m.end() :]) - len(seg[m.end() :].lstrip())))
    if after is not None and after.group().lower() in lex.document_prepositions:
        lo = after.end()
        hi = _phrase_end(seg, lo, len(seg))
    else:
        clause = seg[: m.start()]
        lead = len(clause) - len(clause.lstrip(" ,"))
        first = _TOKEN_RE.match(clause, lead)
        if first is None or first.group().lower() not in lex.document_prepositions:
            return None
        lo = first.end()
        hi = _phrase_end(seg, lo, m.start())
        # "In einer Erklärung … hatte es geheißen": drop a trailing auxiliary.
        words = seg[lo:hi].split()
        while words and words[-1][:1].islower() and len(words) > 1:
            hi = seg.rindex(words.pop(), lo, hi)
    while lo < hi and seg[lo].isspace():
        lo += 1
    while hi > lo and seg[hi - 1] in " \t\n":
        hi -= 1
    if hi <= lo:
        return None
    span = Span(base + lo, base + hi)
    return Speaker(" ".join(seg[lo:hi].split()), None, "role", span), cue, None


def _phrase_end(seg: str, lo: int, hi: int) -> int:
    """Where a noun phrase from ``lo`` ends: the first comma, colon or stop before ``hi``."""
    m = _PHRASE_END_RE.search(seg, lo, hi)
    return m.start() if m is not None else hi


def _from_head(
    attr: SpeakerFinder, lex: _Lex, start: int, head: str
) -> tuple[Speaker | None, str | None, str | None]:
    found = _from_verbs(attr, lex, start, head, before_quote=True)
    if found is not None:
        return found[0], found[1], _medium(attr, lex, head)
    if head.rstrip().endswith(":"):
        end = start + len(head)
        speaker = attr.subject(start, end, guess=False)
        words = head.split()
        if speaker is None and lex.verb_second and len(words) >= 3:
            # "Insbesondere bemängelte das Gericht ...:": one word, the verb,
            # then the subject.
            first, verb = words[0], words[1]
            if first[:1].isupper() and first.lower() not in lex.determiners and verb.islower():
                at = head.index(verb, len(first)) + len(verb)
                speaker = attr.after(start + at, end, guess=False)
        speaker = speaker or attr.subject(start, end)
        if speaker is not None:
            return speaker, None, _medium(attr, lex, head)
    return None, None, None


def _from_verbs(
    attr: SpeakerFinder, lex: _Lex, base: int, seg: str, before_quote: bool = False
) -> tuple[Speaker, str] | None:
    """The speaker of the first speech verb or cue in ``seg`` that yields one."""
    hits = attr.attribution_hits(base, base + len(seg))
    if before_quote:
        hits.reverse()  # the verb nearest the quote governs it
    for lo, hi, group in hits:
        word = seg[lo - base : hi - base]
        if before_quote and len(hits) > 1 and word.lower() in lex.particles:
            continue  # "fügt Brandt hinzu:": the finite verb, not its particle
        if group == "after":
            speaker = attr.subject(base, lo)
        elif group == "before":
            speaker = attr.after_cue(hi, base + len(seg))
        else:
            speaker = _verb_subject(attr, lex, base, lo, hi, base + len(seg))
        if speaker is not None:
            return speaker, word
    return None


def _verb_subject(
    attr: SpeakerFinder, lex: _Lex, base: int, lo: int, hi: int, end: int
) -> Speaker | None:
    """Who speaks with the verb ``[lo, hi)``, searched in ``[base, end)``.

    A verb opening its clause ("..., sagte er", "…,” said Smith") has its
    subject after it.  Otherwise a named subject before the verb comes
    first; in a verb-second language a pronoun, description or person right
    after the verb beats a guess from capitalised words before it ("Als
    Begründung sagte ein Wissenschaftler:", "Gegenüber der Zeitung erklärte
    sie:"); in English the guess before the verb wins ("Jane Doe told Reuters").
    """
    text = attr.text
    clause = base
    for c in ",;:":
        clause = max(clause, text.rfind(c, base, lo) + 1)
    participle = text[lo:hi].lower().endswith(lex.participle_endings)
    if not text[clause:lo].strip() and not participle:
        lead = attr.before_apposition(base, lo)
        if lead is not None:
            return lead
        found = attr.after(hi, end)
        if found is not None:
            return found
    speaker = attr.subject(clause, lo, guess=False) or (
        attr.subject(base, lo, guess=False) if clause > base else None
    )
    if speaker is None and lex.verb_second:
        # "Der Vertreter Libyens nannte die Sanktionen …": a clause opening
        # with a subject-case article has its subject before the verb.
        words = text[clause:lo].split()
        first = words[0].lower() if words else ""
        if len(words) >= 2 and (
            first in lex.determiners - lex.object_determiners
            or (
                words[0][:1].isupper()
                and first not in lex.not_names
                and first not in lex.not_subject_before
            )
        ):
            speaker = attr.guess_before(clause, lo)
        speaker = speaker or attr.after(hi, end, guess=False)
    # Nothing named, described or pronominal: the capitalised words before
    # the verb (the strict search above already failed there), then after it.
    return speaker or attr.guess_before(base, lo) or attr.after(hi, end)


def _medium(attr: SpeakerFinder, lex: _Lex, seg: str) -> str | None:
    m = lex.medium_re.search(seg) if attr.has_medium else None
    if m is None:
        return None
    return next((v for v in m.groupdict().values() if v), None)
