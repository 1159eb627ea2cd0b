"""Indirect and reported speech: words given without quotation marks.

Each sentence outside quotation marks is tried, first rule that fits:

- a source cue before its source ("laut X", "nach Angaben der Polizei",
  "according to X") or after it ("X zufolge"): the rest of the sentence;
- "wie X mitteilte, ..." / "as X said, ...": the clause after the comma;
- a reporting verb followed, within a few words ("told Reuters",
  "teilte am Montag mit"), by a complement clause ("that", "dass", a comma
  and a Konjunktiv I verb) or, in English, by a clause with no "that" ("said
  it would ..."): that clause;
- a reporting verb after a comma closing the sentence ("..., sagte er",
  "..., the company said"): the words before the comma;
- German only: a sentence in Konjunktiv I right after attributed speech goes
  on with the same speaker ("Er sagte, ... . Das sei ...");

A speech act with no content ("X kritisierte die Entscheidung", form
``reported`` in SpkAtt) is not taken: measured on the SpkAtt dev split such a
rule found 6 % of them at 42 % precision, and the sentences it took are the
reporter's, not the speaker's words.

Words come from ``lang/<code>/quotes.yaml``; the speaker search is the one of
direct quotes (``speakers``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace
from typing import NamedTuple

from newsledger.extract.quotes.lexicon import MAX_QUOTE_CHARS, Found, Speaker, _Lex, lower_hits
from newsledger.extract.quotes.speakers import SpeakerFinder
from newsledger.model import Document, Quote, QuoteForm, Span

_TOK_RE = re.compile(r"\w(?:[\w’'-]*\w)?|[^\w\s]")
# Words skipped between a reporting verb and its clause ("teilte am Montag
# in Berlin mit, dass"; "told Reuters on Monday that").
MAX_VERB_GAP = 8
# An inverted attribution ("..., sagte der Sprecher des Ministeriums am
# Montag.") has at most this many words after its verb.
MAX_TRAILING_ATTRIBUTION = 10
# Words before an English verb after the comma (", the company's chief said").
MAX_TRAILING_SUBJECT = 6
# Words of a source phrase opening a sentence up to its comma ("According
# to a statement by the Ministry of Economic Affairs, ...").
MAX_SOURCE_WORDS = 14
# Words between a verb and a clause with no "that" ("said on Monday it
# would ..."): a short time or place phrase.
MAX_OPENER_GAP = 4
# Reported words shorter than this are no statement.
MIN_CONTENT_WORDS = 3
# A Konjunktiv I verb this early in a sentence makes it indirect speech.
SUBJUNCTIVE_WINDOW = 10
# A sentence at most this far after attributed speech may continue it.
CONTINUATION_SENTENCES = 1
# Characters after a reporting verb searched for the start of its clause, and
# before it for the comma of an inverted attribution, when deciding whether a
# sentence is worth reading (covers MAX_VERB_GAP and MAX_TRAILING_SUBJECT words).
CLAUSE_MARK_CHARS = 90
# Part of a sentence inside quotation marks above which it is direct speech.
MAX_QUOTED_SHARE = 0.5


class _Tok(NamedTuple):
    # A tuple, not a dataclass: thousands are made per document, and tuple
    # construction is several times cheaper (benchmarks/quotes_events.py).
    start: int
    end: int
    text: str
    low: str


def find_reported(
    doc: Document,
    lex: _Lex,
    attr: SpeakerFinder,
    quoted: list[Span],
    direct: list[Found],
) -> list[Found]:
    """Indirect and reported speech in the sentences of ``doc`` outside quotes."""
    text = doc.text
    qstarts = [q.start for q in quoted]
    said_in: dict[int, Found] = {}
    # Sentences framing an attributed quoted statement ("“…,” an investor
    # told reporters"): their speech is the quotation.  Not so for quoted
    # fragments, which often sit inside indirect speech ("dass er in „seiner
    # eigenen Welt“ lebe").
    framed: set[int] = set()
    for f in direct:
        if f.speaker is not None and f.quote.kind == "statement":
            last_sentence = bisect_right(attr.sent_starts, f.content.end - 1) - 1
            framed.add(bisect_right(attr.sent_starts, f.content.start) - 1)
            framed.add(last_sentence)
            said_in[last_sentence] = f
    out: list[Found] = []
    continued: dict[int, int] = {}  # sentence -> index in out of a continuation
    # One scan of the whole text for cue words, instead of one per sentence.
    starts = attr.sent_starts
    low = text.lower()
    # Sentences with a cue that may have reported words: a source cue, or a
    # verb with a clause mark after it or a comma before it.
    cued: set[int] = set()
    goes_on_at: set[int] = set()
    for i, group in lower_hits(lex.any_cue_re, text, low):
        k = bisect_right(starts, i) - 1
        if group == "goes":
            goes_on_at.add(k)
            continue
        if k in cued or k < 0:
            continue
        sent = attr.sentences[k]
        if (
            group != "verb"
            or lex.clause_mark_re.search(low, i, min(sent.end, i + CLAUSE_MARK_CHARS)) is not None
            or "," in low[max(sent.start, i - CLAUSE_MARK_CHARS) : i]
        ):
            cued.add(k)
    for j, sent in enumerate(attr.sentences):
        prev = said_in.get(j - 1) or said_in.get(j - 2)
        may_go_on = prev is not None and j in goes_on_at
        if j in framed:
            continue
        if not may_go_on and j not in cued:
            opener = text[sent.start : sent.start + 12].split(" ", 1)[0].lower()
            if opener not in lex.as_cues:
                continue  # no cue word and nobody to go on speaking: skipped cheaply
        if sent.end - sent.start > MAX_QUOTE_CHARS:
            continue  # no sentence: unsegmented text
        if _quoted_chars(quoted, qstarts, sent) > MAX_QUOTED_SHARE * (sent.end - sent.start):
            continue  # direct speech, or the reporter's frame of it
        toks = [
            _Tok(m.start(), m.end(), m.group(), m.group().lower())
            for m in _TOK_RE.finditer(text, sent.start, sent.end)
        ]
        if len(toks) < MIN_CONTENT_WORDS + 1:
            continue
        inside = _inside(quoted, qstarts, toks)
        if sum(inside) > MAX_QUOTED_SHARE * len(toks):
            continue
        found = _sentence(doc, lex, attr, toks, inside)
        if found is None:
            goes_on = toks[0].low in lex.continuation_cues or (
                bool(lex.subjunctive) and _subjunctive(lex, toks, inside)
            )
            if prev is not None and goes_on:
                at = continued.get(j - 1)
                if at is not None:
                    # One reported passage over several sentences.
                    out[at] = _extend(doc, out[at], _end(toks))
                    continued[j] = at
                    said_in[j] = out[at]
                    continue
                found = _found(
                    doc, toks[0].start, _end(toks), prev.speaker, prev.quote.cue, "indirect"
                )
                if found is not None:
                    continued[j] = len(out)
        if found is not None:
            out.append(found)
            if found.speaker is not None:
                said_in[j] = found
    return out


def _extend(doc: Document, f: Found, end: int) -> Found:
    words = doc.text[f.content.start : end].split()
    quote = replace(f.quote, end=end, text=" ".join(words))
    return Found(quote, Span(f.content.start, end), f.speaker)


def _quoted_chars(quoted: list[Span], starts: list[int], sent: Span) -> int:
    k = max(bisect_right(starts, sent.start) - 1, 0)
    total = 0
    while k < len(quoted) and quoted[k].start < sent.end:
        total += max(0, min(quoted[k].end, sent.end) - max(quoted[k].start, sent.start))
        k += 1
    return total


def _inside(quoted: list[Span], starts: list[int], toks: list[_Tok]) -> list[bool]:
    """For each token, whether it is inside quotation marks (one merge pass)."""
    out: list[bool] = []
    if not toks:
        return out
    k = bisect_right(starts, toks[0].start) - 1
    for t in toks:
        while k + 1 < len(quoted) and quoted[k + 1].start <= t.start:
            k += 1
        out.append(k >= 0 and quoted[k].start <= t.start < quoted[k].end)
    return out


def _end(toks: list[_Tok]) -> int:
    """The sentence's end before its final punctuation."""
    k = len(toks)
    while k > 0 and toks[k - 1].text in ".!?;:,":
        k -= 1
    return toks[k - 1].end if k else toks[0].start


def _subjunctive(lex: _Lex, toks: list[_Tok], inside: list[bool]) -> bool:
    return any(
        t.low in lex.subjunctive and not q
        for t, q in zip(toks[:SUBJUNCTIVE_WINDOW], inside[:SUBJUNCTIVE_WINDOW], strict=False)
    )


def _found(
    doc: Document,
    start: int,
    end: int,
    speaker: Speaker | None,
    cue: str | None,
    form: QuoteForm,
    unattributed: bool = False,
) -> Found | None:
    words = doc.text[start:end].split()
    if len(words) < MIN_CONTENT_WORDS or (speaker is None and not unattributed):
        return None
    quote = Quote(
        doc_id=doc.id,
        start=start,
        end=end,
        text=" ".join(words),
        speaker=speaker.name if speaker else None,
        speaker_id=speaker.entity_id if speaker else None,
        kind="statement",
        cue=cue,
        form=form,
    )
    return Found(quote, Span(start, end), speaker)


def _sentence(
    doc: Document, lex: _Lex, attr: SpeakerFinder, toks: list[_Tok], inside: list[bool]
) -> Found | None:
    text = doc.text
    first, last = toks[0].start, _end(toks)
    free = [i for i, q in enumerate(inside) if not q]
    if not free:
        return None
    # 1. "laut X", "according to X", "nach Angaben der Polizei", "X zufolge".
    for cue_start, cue_end, cue, source_after in _source_cues(lex, text, toks, inside):
        if not source_after:
            i = cue_end
            if cue_start > 0 and toks[cue_start - 1].text == ",":
                j = _end_index(toks)  # "..., according to a statement by X."
            else:
                comma = next(
                    (
                        n
                        for n in range(i, min(len(toks), i + MAX_SOURCE_WORDS))
                        if toks[n].text == ","
                    ),
                    None,
                )
                j = comma if comma is not None and cue_start <= 1 else _np_end(lex, toks, i)
            if j <= i:
                continue
        else:
            j = cue_start
            i = _np_start(lex, toks, j)
            if i == j:
                continue
        np = Span(toks[i].start, toks[j - 1].end)
        lo, hi = min(i, cue_start), max(j, cue_end)  # the cue and its source
        speaker = attr.source(np.start, np.end)
        if lo <= 1 and hi < len(toks):
            start = (
                toks[hi + 1].start
                if toks[hi].text == "," and hi + 1 < len(toks)
                else toks[hi].start
            )
            start, end = start, last
        elif hi >= len(toks) or toks[hi].start >= last:
            start, end = first, _trim(text, first, toks[lo].start)
        else:
            start, end = first, last
        return _found(doc, start, end, speaker, cue, "indirect")
    # 2. "..., so der Minister."
    for i in free:
        if (
            toks[i].low in lex.trailing_cues
            and i > MIN_CONTENT_WORDS
            and toks[i - 1].text == ","
            and len(toks) - i <= MAX_TRAILING_ATTRIBUTION
            and i + 1 < len(toks)
            and (toks[i + 1].low in lex.determiners or toks[i + 1].text[:1].isupper())
        ):
            np = Span(toks[i + 1].start, last)
            speaker = attr.after(toks[i].end, last) or Speaker(
                text[np.start : np.end], None, "role", np
            )
            return _found(doc, first, toks[i - 1].start, speaker, toks[i].text, "indirect")
    # 3. "wie X mitteilte, ..." / "as X said, ...".
    for i in free:
        if toks[i].low not in lex.as_cues or (i > 0 and toks[i - 1].text != ","):
            continue
        for k in range(i + 1, min(len(toks), i + 2 + MAX_VERB_GAP)):
            if toks[k].text == ",":
                verb = lex.report_verb_re.search(text, toks[i].end, toks[k].start)
                if verb is None or k + 1 >= len(toks):
                    break
                told = attr.subject(toks[i].end, verb.start())
                return _found(doc, toks[k + 1].start, last, told, verb.group(), "indirect")
    # 4. A reporting verb with a content clause.
    for m in lex.report_verb_re.finditer(text, first, last):
        v = _index(toks, m.start())
        if v is None or inside[v] or (v > 0 and toks[v - 1].low in lex.passive_auxiliaries):
            continue
        found = _clause_after(doc, lex, attr, toks, inside, v, m) or _clause_before(
            doc, lex, attr, toks, inside, v, m
        )
        if found is not None:
            return found
    return None


def _clause_after(
    doc: Document,
    lex: _Lex,
    attr: SpeakerFinder,
    toks: list[_Tok],
    inside: list[bool],
    v: int,
    m: re.Match[str],
) -> Found | None:
    """ "X sagte, (dass) ...", "X said (that) ...", "X told Reuters that ..." """
    last = _end(toks)
    verb_end = toks[v].end
    said = lex.comma_opens_clause and lex.verb_re.fullmatch(toks[v].text) is not None
    for k in range(v + 1, min(len(toks), v + 2 + MAX_VERB_GAP)):
        tok = toks[k]
        if tok.start >= last:
            return None
        if inside[k]:
            continue  # a quoted name between verb and clause: "sagte der „Zeitung“, dass"
        start: int | None = None
        if tok.low in lex.complementizers:
            start = tok.start
        elif tok.text in ",:":
            if k + 1 >= len(toks):
                return None
            nxt = toks[k + 1]
            clause = toks[k + 1 : k + 1 + SUBJUNCTIVE_WINDOW]
            if (
                nxt.low in lex.relative_pronouns
                and k > v + 1
                and not _subjunctive(lex, clause, inside[k + 1 :])
            ):
                return None  # "sagt ein Anwalt, der früher ...": no reported words
            if said or nxt.low in lex.complementizers or _subjunctive(lex, clause, inside[k + 1 :]):
                start = nxt.start
            else:
                return None
        elif k <= v + MAX_OPENER_GAP and tok.low in lex.clause_openers and len(toks) - k > 4:
            start = tok.start
        elif tok.text in ".;!?()":
            return None
        if start is not None:
            speaker = _speaker_of(lex, attr, toks, v, verb_end, tok.start)
            # Speech verb and clause say it is reported speech even when
            # the speaker cannot be named.
            return _found(doc, start, last, speaker, m.group(), "indirect", unattributed=said)
    return None


def _clause_before(
    doc: Document,
    lex: _Lex,
    attr: SpeakerFinder,
    toks: list[_Tok],
    inside: list[bool],
    v: int,
    m: re.Match[str],
) -> Found | None:
    """ "..., sagte der Minister." / "..., the company said." """
    if len(toks) - v > MAX_TRAILING_ATTRIBUTION or v < MIN_CONTENT_WORDS:
        return None
    if lex.verb_re.fullmatch(toks[v].text) is None:
        return None  # "..., a move Altman believes essential": no attribution
    comma = next(
        (k for k in range(v - 1, max(-1, v - 2 - MAX_TRAILING_SUBJECT), -1) if toks[k].text == ","),
        None,
    )
    if comma is None or (any(inside[:comma]) and sum(inside[:comma]) * 2 > comma):
        return None
    if any(t.low in lex.relative_pronouns or t.low in lex.complementizers for t in toks[comma:v]):
        return None  # "..., a chip that she says beats ...": a relative clause
    last = _end(toks)
    if comma == v - 1:
        speaker = attr.after(toks[v].end, last)
    else:
        speaker = attr.subject(toks[comma].end, toks[v].start) or attr.after(toks[v].end, last)
    return _found(doc, toks[0].start, toks[comma].start, speaker, m.group(), "indirect")


def _speaker_of(
    lex: _Lex, attr: SpeakerFinder, toks: list[_Tok], v: int, verb_end: int, limit: int
) -> Speaker | None:
    """The subject of the verb ``toks[v]``: before it (X sagte), else after it (sagte X)."""
    k = v
    while k > 0 and toks[k - 1].text not in ",;:()–—":
        k -= 1
    clause = toks[k].start
    if k == v:
        lead = attr.before_apposition(toks[0].start, toks[v].start)
        if lead is not None:
            return lead
    before = attr.subject(clause, toks[v].start) if k < v else None
    if before is not None and before.at is not None and before.at.start <= toks[min(k + 1, v)].end:
        return before
    after = attr.after(verb_end, limit)
    if after is not None or before is not None or k == 0:
        return after or before
    # "Papier, Präsident des Gerichts, sagte, ...": past the apposition.
    return attr.subject(toks[0].start, toks[v].start)


def _source_cues(
    lex: _Lex, text: str, toks: list[_Tok], inside: list[bool]
) -> list[tuple[int, int, str, bool]]:
    """(first token, end token, cue, source before the cue) of every source cue."""
    out: list[tuple[int, int, str, bool]] = []
    first, last = toks[0].start, toks[-1].end
    for regex, after in ((lex.source_before_re, False), (lex.source_after_re, True)):
        for m in regex.finditer(text, first, last):
            i = _index(toks, m.start())
            k = _index(toks, m.end())
            if i is None or inside[i]:
                continue
            out.append((i, k if k is not None else len(toks), m.group(), after))
    for i, t in enumerate(toks):
        if t.low not in lex.source_prepositions or inside[i]:
            continue
        ahead = toks[i + 1 : i + 5]
        stop = next((n for n, x in enumerate(ahead) if x.text in ",;:"), len(ahead))
        if any(_source_noun(lex, x) for x in ahead[:stop]):
            out.append((i, i + 1, t.text, False))
        elif i > 0 and any(_source_noun(lex, x) for x in toks[max(0, i - 3) : i]):
            out.append((i, i + 1, t.text, True))
    out.sort()
    return out


def _source_noun(lex: _Lex, t: _Tok) -> bool:
    return t.text[:1].isupper() and t.low.endswith(lex.source_nouns)


def _end_index(toks: list[_Tok]) -> int:
    k = len(toks)
    while k > 0 and toks[k - 1].text in ".!?;:,":
        k -= 1
    return k


def _index(toks: list[_Tok], pos: int) -> int | None:
    """The first token starting at or after ``pos``."""
    i = bisect_left(toks, pos, key=_start)
    return i if i < len(toks) else None


def _start(t: _Tok) -> int:
    return t.start


def _trim(text: str, start: int, end: int) -> int:
    while end > start and (text[end - 1] in " ,;:–—" or text[end - 1].isspace()):
        end -= 1
    return end


def _np_end(lex: _Lex, toks: list[_Tok], i: int) -> int:
    """The end (exclusive) of the noun phrase naming a source from ``toks[i]``."""
    j = i
    seen_noun = False
    while j < len(toks):
        t = toks[j]
        if t.text[:1].isupper() or t.text[:1].isdigit() or t.low.endswith(lex.source_nouns):
            seen_noun = True  # "according to a statement from Intel"
        elif seen_noun and t.low in lex.owner_links:
            pass
        elif t.low in lex.determiners or t.low in lex.not_subject_before or t.low in lex.np_links:
            if seen_noun and t.low not in lex.np_links:
                break
        elif t.text[:1].islower() and j + 1 < len(toks) and toks[j + 1].text[:1].isupper():
            pass  # an adjective before its noun
        else:
            break
        j += 1
    return j


def _np_start(lex: _Lex, toks: list[_Tok], i: int) -> int:
    """The start of the noun phrase that ends before ``toks[i]`` ("der Polizei zufolge")."""
    k = i
    while k > 0:
        t = toks[k - 1]
        boundary = t.text in ",;:" or (t.text[:1].islower() and t.low not in lex.determiners)
        adjective = t.text[:1].islower() and toks[k].text[:1].isupper() and t.low not in _STOP
        if boundary and not adjective:
            break
        k -= 1
    return k


# Lower-case words that never sit inside a source's noun phrase.
_STOP = frozenset({"und", "sowie", "aber", "oder", "and", "or", "but", "that", "dass"})
