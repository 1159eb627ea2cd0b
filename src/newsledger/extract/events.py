"""Events: who did what to whom, and when.

A trigger word from ``lang/<code>/events.yaml`` gives the event type (the
taxonomy is ``data/event_types.yaml``); the entities of its clause give the
participants.  For a verb the actor is the subject: the nearest mention or
pronoun before the trigger with everything coordinated to it ("Microsoft,
in collaboration with BlackRock and MGX"), or, in verb-second languages when
nothing precedes, the first group after it ("2015 gründeten Musk und Altman
OpenAI").  A passive swaps the roles: the subject becomes the target and the
"by/von X" phrase the actor.  A noun trigger takes its possessor ("Musk's
bid") or its "from/by X" phrase as actor.  The target is the next group after
the trigger, or the antecedent of an object pronoun ("called him").  The date
is the most informative date expression of the clause, else of the sentence.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from newsledger.extract.dates import DateExpr, best_date, find_dates
from newsledger.extract.quotes import SpeakerFinder, is_genitive, speaker_finder
from newsledger.lang import LangData
from newsledger.model import Document, Event, Mention, Span

# A passive auxiliary this many words from a participle makes it passive
# ("was quickly founded", "angekündigt worden war").
PASSIVE_WORDS = 2
# Words allowed between an agent cue and its mention ("von Investoren wie
# SoftBank"); farther, "von 1 Million Dollar an Trumps" is no agent.
AGENT_WORDS = 3
# Words allowed after a coordinator before the next mention of a group
# ("and UAE-based MGX").
COORD_WORDS = 2
# Characters after a possessive mention within which an appositive names the
# real participant ("Musk's startup, xAI").
APPOSITIVE_CHARS = 40
# Characters of a clause kept as the event's text.
MAX_EVENT_TEXT = 400

_WORD = re.compile(r"[\w$€£%.,-]+")
_QUOTE_MARKS = re.compile("[“”\"„»«‚‘‹›]")
_CLAUSE = re.compile(r";|:\s|\s[–—-]\s|—")


@dataclass(frozen=True, slots=True)
class _Trigger:
    type: str
    noun: bool
    quote_only: bool


@dataclass(frozen=True)
class _Lex:
    trigger_re: re.Pattern[str]
    groups: dict[str, _Trigger]
    aux_before: re.Pattern[str]
    aux_after: re.Pattern[str]
    agent_re: re.Pattern[str]
    noun_agent_re: re.Pattern[str]
    participle_re: re.Pattern[str]
    coord_re: re.Pattern[str]
    verb_second: bool
    suppresses: dict[str, frozenset[str]]
    weak: frozenset[str]


_CACHE: dict[str, _Lex] = {}


@functools.cache
def event_types() -> dict[str, dict[str, Any]]:
    """The taxonomy: event type -> description and relations."""
    path = resources.files("newsledger") / "data" / "event_types.yaml"
    loaded: dict[str, dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return loaded


def _alt(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) or "(?!)"


def _build(lang: LangData) -> _Lex:
    t: dict[str, Any] = lang.table("events")
    taxonomy = event_types()
    entries: list[tuple[str, _Trigger]] = []
    for etype, forms in (t.get("triggers") or {}).items():
        if etype not in taxonomy:
            continue
        for pos in ("verbs", "nouns"):
            for pattern in forms.get(pos) or ():
                entries.append((str(pattern), _Trigger(etype, pos == "nouns", False)))
    for etype, patterns in (t.get("quote_triggers") or {}).items():
        for pattern in patterns or ():
            entries.append((str(pattern), _Trigger(str(etype), False, True)))
    # Longer patterns first: the regex takes the first alternative that fits.
    entries.sort(key=lambda e: len(e[0]), reverse=True)
    groups = {f"g{i}": trig for i, (_, trig) in enumerate(entries)}
    body = "|".join(f"(?P<g{i}>{p})" for i, (p, _) in enumerate(entries)) or "(?!)"
    aux = _alt([str(a) for a in t.get("passive_auxiliaries") or ()])
    coords = _alt([str(c) for c in t.get("coordinators") or ()])
    return _Lex(
        trigger_re=re.compile(rf"(?i)(?<![\w-])(?:{body})(?![\w-])"),
        groups=groups,
        aux_before=re.compile(rf"(?i)(?<![\w-])(?:{aux})\s+(?:\w+\s+){{0,{PASSIVE_WORDS - 1}}}$"),
        aux_after=re.compile(rf"(?i)\s*(?:\w+\s+){{0,{PASSIVE_WORDS - 1}}}(?:{aux})(?![\w-])"),
        agent_re=re.compile(
            rf"(?i)(?<![\w-])(?:{_alt([str(a) for a in t.get('agent_cues') or ()])})\s+"
        ),
        noun_agent_re=re.compile(
            rf"(?i)(?<![\w-])(?:{_alt([str(a) for a in t.get('noun_agent_cues') or ()])})\s+"
        ),
        participle_re=re.compile(str(t.get("participle") or "(?!)")),
        coord_re=re.compile(
            rf"(?i)\s*(?:{coords})\s*(?:[\w’'-]+\s+){{0,{COORD_WORDS}}}"
        ),
        verb_second=bool(t.get("verb_second")),
        suppresses={
            k: frozenset(str(s) for s in v.get("suppresses") or ()) for k, v in taxonomy.items()
        },
        weak=frozenset(k for k, v in taxonomy.items() if v.get("weak")),
    )


def _lex(lang: LangData) -> _Lex:
    found = _CACHE.get(lang.code)
    if found is None:
        found = _CACHE[lang.code] = _build(lang)
    return found


class _Participants:
    """Mention groups around a trigger; built once per document."""

    def __init__(self, doc: Document, mentions: Sequence[Mention], finder: SpeakerFinder) -> None:
        self.text = doc.text
        self.mentions = sorted(
            (m for m in mentions if m.type in ("PERSON", "ORG", "PRODUCT", "PROJECT", "FACILITY",
                                               "GPE")),
            key=lambda m: m.start,
        )
        self.starts = [m.start for m in self.mentions]
        self.finder = finder

    def within(self, start: int, end: int) -> list[Mention]:
        lo, hi = bisect_left(self.starts, start), bisect_left(self.starts, end)
        return [m for m in self.mentions[lo:hi] if m.end <= end]

    def group_back(self, items: list[Mention], idx: int, lex: _Lex) -> list[Mention]:
        """The mention at ``idx`` with the ones coordinated before it."""
        group = [items[idx]]
        while idx > 0:
            gap = self.text[items[idx - 1].end : items[idx].start]
            if not lex.coord_re.fullmatch(gap):
                break
            idx -= 1
            group.insert(0, items[idx])
        return group

    def group_forward(self, items: list[Mention], idx: int, lex: _Lex) -> list[Mention]:
        group = [items[idx]]
        while idx + 1 < len(items):
            gap = self.text[items[idx].end : items[idx + 1].start]
            if not lex.coord_re.fullmatch(gap):
                break
            idx += 1
            group.append(items[idx])
        return group


def _names(group: Sequence[Mention]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m.name for m in group))


def _actors_before(
    parts: _Participants, lex: _Lex, start: int, trig: int, first: bool = False
) -> tuple[str, ...]:
    """The subject before a trigger: nearest mention group or subject pronoun.

    With ``first`` the clause's first group (a passive's subject).  A mention
    inside an appositive ("Musk, now head of xAI, accuses") or in brackets
    ("Astera Labs (NASDAQ:ALAB)") is passed over for the one it describes.
    """
    text = parts.text
    before = parts.within(start, trig)
    ok = [
        i
        for i, m in enumerate(before)
        if (not is_genitive(text, m) or _adjacent(text, m.end, trig))
        and not _bracketed(text, m)
    ]
    if first:
        return _names(parts.group_forward(before, ok[0], lex)) if ok else ()
    pron_pos = -1
    for p in parts.finder.lex.pronoun_re.finditer(text, start, trig):
        pron_pos = p.start()
    best = ok[-1] if ok else -1
    if best >= 0:
        comma = text.rfind(",", before[best].end, trig)
        if comma >= 0 and len(_WORD.findall(text[comma + 1 : trig])) <= 2:
            opener = text.rfind(",", start, before[best].start)
            earlier = [i for i in ok if opener >= 0 and before[i].end <= opener]
            if earlier:
                best = earlier[-1]
    if pron_pos >= 0 and (best < 0 or pron_pos > before[best].start):
        speaker = parts.finder.pronoun(pron_pos)
        return (speaker.name,) if speaker is not None else ()
    if best < 0:
        return ()
    return _names(parts.group_back(before, best, lex))


def _bracketed(text: str, m: Mention) -> bool:
    left = text.rfind("(", max(0, m.start - 20), m.start)
    return left >= 0 and ")" not in text[left : m.start] and ")" in text[m.end : m.end + 20]


def _adjacent(text: str, end: int, trig: int) -> bool:
    """A possessor right before a noun trigger: "Musk's $97bn bid"."""
    return len(_WORD.findall(text[end:trig])) <= 4


def _group_after(
    parts: _Participants, lex: _Lex, start: int, end: int, exclude: set[str]
) -> tuple[tuple[str, ...], int]:
    """The first mention group after ``start`` and where it ends."""
    after = [m for m in parts.within(start, end) if m.name not in exclude]
    if not after:
        return (), start
    i = 0
    head = after[0]
    if is_genitive(parts.text, head) and len(after) > 1:
        # "Musk's startup, xAI, ..." names xAI; "Musk's claim that SoftBank" does not.
        gap = parts.text[head.end : after[1].start]
        closing = parts.text[after[1].end : after[1].end + 1]
        if len(gap) <= APPOSITIVE_CHARS and "," in gap and (not closing or closing in ",;.)"):
            i = 1
    group = parts.group_forward(after, i, lex)
    return _names(group), group[-1].end


def _agent(
    parts: _Participants, cues: re.Pattern[str], start: int, end: int, lex: _Lex, near: bool
) -> tuple[str, ...]:
    """Actors named by "by/from X" after a trigger (``near``: right after it)."""
    for cue in cues.finditer(parts.text, start, end):
        if near and len(_WORD.findall(parts.text[start : cue.start()])) > AGENT_WORDS:
            break
        for m in parts.within(cue.end(), end):
            if len(_WORD.findall(parts.text[cue.end() : m.start])) > AGENT_WORDS:
                break
            if is_genitive(parts.text, m):
                continue
            items = parts.within(m.start, end)
            return _names(parts.group_forward(items, 0, lex))
    return ()


def _clause(text: str, sent: Span, pos: int) -> Span:
    start, end = sent.start, sent.end
    for m in _CLAUSE.finditer(text, sent.start, sent.end):
        if m.end() <= pos:
            start = m.end()
        elif m.start() >= pos:
            end = m.start()
            break
    return Span(start, end)


def _participants(
    parts: _Participants, lex: _Lex, trig: _Trigger, m: re.Match[str], sent: Span, clause: Span
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    text = parts.text
    t0, t1 = m.span()
    passive = not trig.noun and bool(
        lex.aux_before.search(text, clause.start, t0) or lex.aux_after.match(text, t1, clause.end)
    )
    if passive:
        actors = _agent(parts, lex.agent_re, t1, sent.end, lex, near=False)
        targets = _actors_before(parts, lex, clause.start, t0, first=True)
        return actors, tuple(t for t in targets if t not in actors)
    actors = _agent(parts, lex.noun_agent_re, t1, clause.end, lex, near=True) if trig.noun else ()
    if not actors and lex.participle_re.search(m.group(0)) and text[:t0].rstrip().endswith(","):
        actors = _sentence_subject(parts, sent.start, t0)
    actors = actors or _actors_before(parts, lex, clause.start, t0)
    after_from = t1
    if not actors and lex.verb_second:
        actors, after_from = _group_after(parts, lex, t1, clause.end, set())
    if not actors:
        actors = _sentence_subject(parts, sent.start, t0)
    obj = parts.finder.lex.object_re.match(text, t1 + 1) if t1 + 1 < len(text) else None
    if obj is None:
        obj = parts.finder.lex.object_re.search(text, max(t0, t1 - 6), t1)
    if obj is not None:
        ante = parts.finder.object_of(obj.start(), frozenset(actors))
        if ante is not None:
            return actors, (ante.name,)
    targets, _ = _group_after(parts, lex, after_from, clause.end, set(actors))
    return actors, targets


def _sentence_subject(parts: _Participants, start: int, end: int) -> tuple[str, ...]:
    first = [
        x
        for x in parts.within(start, end)
        if x.type in ("PERSON", "ORG") and not is_genitive(parts.text, x)
        and not _bracketed(parts.text, x)
    ]
    return _names(first[:1])


def extract_events(doc: Document, mentions: Sequence[Mention], lang: LangData) -> list[Event]:
    """Every event reported in ``doc``: one per type and sentence, with participants."""
    lex = _lex(lang)
    text = doc.text
    finder = speaker_finder(doc, mentions, lang)
    parts = _Participants(doc, mentions, finder)
    sentences = finder.sentences
    sent_starts = finder.sent_starts
    dates = find_dates(text, lang, doc.published)
    date_starts = [d.start for d in dates]
    by_sentence: dict[int, dict[str, Event]] = {}
    quoted: dict[int, bool] = {}
    for m in lex.trigger_re.finditer(text):
        name = m.lastgroup
        if name is None:
            continue
        trig = lex.groups[name]
        k = bisect_right(sent_starts, m.start()) - 1
        if k < 0:
            continue
        sent = sentences[k]
        if trig.quote_only:
            if k not in quoted:
                quoted[k] = bool(_QUOTE_MARKS.search(text, sent.start, sent.end))
            if not quoted[k]:
                continue
        clause = _clause(text, sent, m.start())
        actors, targets = _participants(parts, lex, trig, m, sent, clause)
        if not actors and not targets:
            continue
        seen = by_sentence.setdefault(k, {})
        old = seen.get(trig.type)
        if old is not None and len(old.actors) + len(old.targets) >= len(actors) + len(targets):
            continue
        date = _date_in(dates, date_starts, clause) or _date_in(dates, date_starts, sent)
        snippet = text[clause.start : clause.end].strip()[:MAX_EVENT_TEXT]
        seen[trig.type] = Event(
            doc_id=doc.id,
            start=clause.start,
            end=clause.end,
            text=snippet,
            type=trig.type,
            actors=actors,
            targets=targets,
            date=date.value if date else None,
            date_precision=date.precision if date and date.value else None,
            date_text=date.text if date else None,
        )
    events: list[Event] = []
    for found in by_sentence.values():
        dropped = {s for t in found for s in lex.suppresses.get(t, ())}
        if len(found) > 1:
            dropped |= lex.weak
        events.extend(e for t, e in found.items() if t not in dropped)
    events.sort(key=lambda e: (e.start, e.type))
    return events


def _date_in(dates: list[DateExpr], starts: list[int], span: Span) -> DateExpr | None:
    lo, hi = bisect_left(starts, span.start), bisect_left(starts, span.end)
    return best_date(dates[lo:hi])
