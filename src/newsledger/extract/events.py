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

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from newsledger.extract.dates import DateExpr, best_date, find_dates
from newsledger.extract.event_lexicon import EventLexicon as _Lex
from newsledger.extract.event_lexicon import Trigger as _Trigger
from newsledger.extract.event_lexicon import event_lexicon, trigger_matches
from newsledger.extract.event_lexicon import event_types as event_types  # re-exported
from newsledger.extract.quotes import SpeakerFinder, is_genitive, speaker_finder
from newsledger.lang import LangData
from newsledger.model import Document, Event, Mention, Span

# Words allowed between an agent cue and its mention ("von Investoren wie
# SoftBank"); farther, "von 1 Million Dollar an Trumps" is no agent.
AGENT_WORDS = 3
# Characters after a possessive mention within which an appositive names the
# real participant ("Musk's startup, xAI").
APPOSITIVE_CHARS = 40
# Characters searched on either side of a trigger for its participants: a
# long news sentence is ~300 characters; this bounds the work on run-on text.
REACH = 400
# Characters of a clause kept as the event's text.
MAX_EVENT_TEXT = 400

# Confidence of an event: a verb with actor and target is the surest reading;
# each weakness takes off a share.  Set by reading the seed events: a noun
# trigger or a missing participant is wrong about one time in four.
CONFIDENCE_NOUN = 0.15
CONFIDENCE_MISSING_PARTY = 0.2
CONFIDENCE_NO_DATE = 0.05
# Words right before a trigger within which a negation denies it ("did not
# acquire", "nicht übernommen"); farther, it belongs to another verb ("never
# hid her disdain").
NEGATION_WORDS = 2

_WORD = re.compile(r"[\w$€£%.,-]+")
_QUOTED = re.compile(r"[“„\"«‚‘]([^“”„\"«»]{1,500})[”“\"»‘’]")
_QUOTE_MARKS = re.compile('[“”"„»«‚‘‹›]')


class _Participants:
    """Mention groups around a trigger; built once per document."""

    def __init__(self, doc: Document, mentions: Sequence[Mention], finder: SpeakerFinder) -> None:
        self.text = doc.text
        self.mentions = sorted(
            (
                m
                for m in mentions
                if m.type in ("PERSON", "ORG", "PRODUCT", "PROJECT", "FACILITY", "GPE")
            ),
            key=lambda m: m.start,
        )
        self.starts = [m.start for m in self.mentions]
        self.finder = finder
        self.types: dict[str, str] = {}
        counts: dict[str, int] = {}
        for m in self.mentions:
            self.types.setdefault(m.name, m.type)
            if m.type == "ORG":
                counts[m.name] = counts.get(m.name, 0) + 1
        # The organisation the document names most often (first named on a tie).
        self.topic = max(counts, key=counts.__getitem__) if counts else None

    def within(self, start: int, end: int) -> list[Mention]:
        lo, hi = bisect_left(self.starts, start), bisect_left(self.starts, end)
        return [m for m in self.mentions[lo:hi] if m.end <= end and not self._compound(m)]

    def _compound(self, m: Mention) -> bool:
        """A name inside a compound modifier: "UAE-based", "Trump-Administration"."""
        return self.text[m.end : m.end + 1] == "-" and self.text[m.end + 1 : m.end + 2].isalpha()

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
    start = max(start, trig - REACH)
    before = parts.within(start, trig)
    ok = [
        i
        for i, m in enumerate(before)
        if (not is_genitive(text, m) or _adjacent(text, m.end, trig)) and not _bracketed(text, m)
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
            coordinated = parts.group_back(before, best, lex)[0].end <= opener
            if earlier and not coordinated:
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
    end = min(end, start + REACH)
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
    end = min(end, start + REACH)
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


def _clause(breaks: list[tuple[int, int]], sent: Span, pos: int) -> Span:
    """The clause around ``pos`` given the sentence's clause breaks (start, end)."""
    i = bisect_right(breaks, (pos, pos))
    start = sent.start
    j = i - 1
    while j >= 0 and breaks[j][1] > pos:  # a break spanning pos: look further back
        j -= 1
    if j >= 0:
        start = breaks[j][1]
    end = breaks[i][0] if i < len(breaks) else sent.end
    return Span(start, end)


def _participants(
    parts: _Participants, lex: _Lex, trig: _Trigger, m: re.Match[str], sent: Span, clause: Span
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    text = parts.text
    # Participants are sought around the trigger's first word: a split verb
    # ("stellte Acme Widget 2 vor") holds them inside its match.
    t0 = m.start()
    space = text.find(" ", t0, m.end())
    t1 = space if space >= 0 else m.end()
    # "is raising" is progressive, not passive: an -ing form keeps its roles.
    progressive = bool(lex.participle_re.search(text[t0:t1]))
    passive = (
        not trig.noun
        and not progressive
        and bool(
            lex.aux_before.search(text, max(clause.start, t0 - 60), t0)
            or lex.aux_after.match(text, t1, min(clause.end, t1 + 60))
        )
    )
    if passive:
        actors = _agent(parts, lex.agent_re, t1, sent.end, lex, near=False)
        targets = _actors_before(parts, lex, clause.start, t0, first=True)
        targets = tuple(t for t in targets if t not in actors)
        if not targets:
            # "Ferrowatt wurde von Solvane verklagt": the subject before the agent.
            targets = tuple(n for n in _names(parts.within(clause.start, t0)) if n not in actors)
        return actors, targets[:1] if targets and len(targets) > 1 else targets
    if not trig.noun and (lex.relatives or lex.conjunctions):
        found = _verb_final(parts, lex, clause.start, t0)
        if found is not None:
            return found
    if not trig.noun and lex.verb_second:
        found = _bracketed_verb(parts, lex, clause.start, t0)
        if found is not None:
            return found
    actors = (
        _agent(parts, lex.noun_agent_re, m.end(), clause.end, lex, near=True) if trig.noun else ()
    )
    if trig.noun and not actors:
        # "die Übernahme der Fluglinie Volare durch Acme": the noun's object
        # first, then its "durch/by" agent.
        after, end = _group_after(parts, lex, m.end(), clause.end, set())
        if after:
            actors = _agent(parts, lex.noun_agent_re, end, clause.end, lex, near=True)
            if actors:
                return actors, tuple(n for n in after if n not in actors)
    if not actors and lex.participle_re.search(text[t0:t1]):
        opener = text[max(sent.start, t0 - 20) : t0].split()[-1:]
        if text[:t0].rstrip().endswith(",") or (
            opener and opener[0].lower() in lex.participle_openers
        ):
            actors = _sentence_subject(parts, sent.start, t0)
    actors = actors or _actors_before(parts, lex, clause.start, t0)
    after_from = t1
    if not actors and lex.verb_second and not _prepositional(parts, lex, t1, clause.end):
        actors, after_from = _group_after(parts, lex, t1, clause.end, set())
    if not actors:
        actors = _actors_before(parts, lex, sent.start, t0)
    obj = parts.finder.lex.object_re.match(text, t1 + 1) if t1 + 1 < len(text) else None
    if obj is None:
        obj = parts.finder.lex.object_re.search(text, max(t0, t1 - 6), t1)
    if obj is not None:
        ante = parts.finder.object_of(obj.start(), frozenset(actors))
        if ante is not None:
            return actors, (ante.name,)
    if trig.noun:
        # A noun's target follows before the next comma ("its founding in
        # 2023, nearly as much as OpenAI" names no target).
        comma = text.find(",", after_from, clause.end)
        if comma >= 0 and not parts.within(after_from, comma):
            return actors, ()
    targets, _ = _group_after(parts, lex, after_from, clause.end, set(actors))
    return actors, targets


def _verb_final(
    parts: _Participants, lex: _Lex, start: int, t0: int
) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """(actors, targets) of a verb ending a subordinate clause, else None."""
    text = parts.text
    comma = text.rfind(",", max(start, t0 - REACH), t0)
    if comma < 0:
        return None
    words = text[comma + 1 : t0].split()
    if not words:
        return None
    first = words[0].lower()
    inside = parts.within(comma, t0)
    if first in lex.relatives:
        antecedent = _actors_before(parts, lex, start, comma)
        if not antecedent:
            return None
        return antecedent, tuple(n for n in _names(inside) if n not in antecedent)
    if first in lex.conjunctions and inside:
        actors = _names(parts.group_forward(inside, 0, lex))
        return actors, tuple(n for n in _names(inside) if n not in actors)
    return None


def _bracketed_verb(
    parts: _Participants, lex: _Lex, start: int, t0: int
) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """German perfect or modal ("Solvane hat im März Ferrowatt verklagt"): the
    subject stands before the finite auxiliary (or right after it when
    something else opens the clause), the objects between it and the verb."""
    aux = None
    for found in lex.finite_aux_re.finditer(parts.text, start, t0):
        aux = found
        break
    if aux is None:
        return None
    before = parts.within(start, aux.start())
    if parts.text[start : aux.start()].rstrip().endswith(","):
        # "Wie X berichtet, hat Y …": a clause opens the sentence, the subject follows.
        before = []
    pronoun = None
    for p in parts.finder.lex.pronoun_re.finditer(parts.text, start, aux.start()):
        pronoun = p
    if pronoun is not None and not (before and before[-1].start > pronoun.start()):
        # "Er hatte Acme gestützt": the pronoun is the subject, Acme the object.
        speaker = parts.finder.pronoun(pronoun.start())
        named: tuple[str, ...] = (speaker.name,) if speaker is not None else ()
        inside = parts.within(aux.end(), t0)
        return named, tuple(n for n in _names(inside) if n not in named)
    if before:
        actors = _names(parts.group_back(before, len(before) - 1, lex))
    else:
        inside = parts.within(aux.end(), t0)
        if not inside:
            return None
        actors = _names(parts.group_forward(inside, 0, lex))
    targets = tuple(
        n for n in _names(parts.within(aux.end(), t0)) if n not in actors and n not in ("",)
    )
    return actors, targets


def _prepositional(parts: _Participants, lex: _Lex, start: int, end: int) -> bool:
    """Whether the first mention after ``start`` follows a preposition ("an X")."""
    after = parts.within(start, end)
    if not after:
        return False
    words = parts.text[start : after[0].start].split()
    return bool(words) and words[-1].lower() in lex.target_preps


def _sentence_subject(parts: _Participants, start: int, end: int) -> tuple[str, ...]:
    first = [
        x
        for x in parts.within(start, end)
        if x.type in ("PERSON", "ORG")
        and not is_genitive(parts.text, x)
        and not _bracketed(parts.text, x)
    ]
    return _names(first[:1])


def extract_events(doc: Document, mentions: Sequence[Mention], lang: LangData) -> list[Event]:
    """Every event reported in ``doc``: one per type and sentence, with participants."""
    lex = event_lexicon(lang)
    text = doc.text
    finder = speaker_finder(doc, mentions, lang)
    parts = _Participants(doc, mentions, finder)
    employer = _employer(parts, lex)
    sentences = finder.sentences
    sent_starts = finder.sent_starts
    sentence_dates: dict[int, tuple[list[DateExpr], list[int]]] = {}
    clause_breaks: dict[int, list[tuple[int, int]]] = {}
    by_sentence: dict[int, dict[str, Event]] = {}
    quoted: dict[int, bool] = {}
    for m, trig in trigger_matches(text, lex):
        k = bisect_right(sent_starts, m.start()) - 1
        if k < 0:
            continue
        sent = sentences[k]
        if trig.quote_only:
            if k not in quoted:
                quoted[k] = bool(_QUOTE_MARKS.search(text, sent.start, sent.end))
            if not quoted[k]:
                continue
        if k not in clause_breaks:
            clause_breaks[k] = [
                c.span() for c in lex.clause_re.finditer(text, sent.start, sent.end)
            ]
        clause = _clause(clause_breaks[k], sent, m.start())
        if _not_reported(text, lex, trig, m, sent, clause):
            continue
        actors, targets = _participants(parts, lex, trig, m, sent, clause)
        if trig.type in lex.actor_types:
            # Roles by entity type: every party of the clause, whatever its place.
            targets += tuple(n for n in _names(parts.within(clause.start, clause.end)))
        topic = employer if trig.type in lex.employer else parts.topic
        actors, targets = _roles(lex, trig.type, actors, targets, parts.types, topic)
        if not actors:
            # No one does it: a heading ("Subsidies and approval") or a
            # sentence whose doer the text never names; nothing to record.
            continue
        seen = by_sentence.setdefault(k, {})
        old = seen.get(trig.type)
        if old is not None and len(old.actors) + len(old.targets) >= len(actors) + len(targets):
            continue
        if k not in sentence_dates:
            found_dates = find_dates(text, lang, doc.published, sent.start, sent.end)
            sentence_dates[k] = (found_dates, [d.start for d in found_dates])
        dates = sentence_dates[k][0]
        # The date of the trigger's own clause: "founded in 2024, accused X in
        # 2026" gives each verb its year, nearest first, not across a comma.
        date = _nearest_date(text, dates, clause, m.start())
        snippet = text[clause.start : clause.end].strip()[:MAX_EVENT_TEXT]
        confidence = 1.0
        if trig.noun:
            confidence -= CONFIDENCE_NOUN
        if not actors or not targets:
            confidence -= CONFIDENCE_MISSING_PARTY
        if date is None:
            confidence -= CONFIDENCE_NO_DATE
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
            confidence=round(confidence, 2),
        )
    events: list[Event] = []
    for found in by_sentence.values():
        dropped = {s for t in found for s in lex.suppresses.get(t, ())}
        # A weak reading gives way to another type that is itself kept.
        if len(found.keys() - dropped) > 1:
            dropped |= lex.weak
        events.extend(e for t, e in found.items() if t not in dropped)
    events.sort(key=lambda e: (e.start, e.type))
    # A headline repeated as the first line reports its event once.
    seen_events: set[tuple[str, tuple[str, ...], tuple[str, ...], str]] = set()
    unique = []
    for e in events:
        key = (e.type, e.actors, e.targets, e.text.rstrip(".!? "))
        if key not in seen_events:
            seen_events.add(key)
            unique.append(e)
    return _one_per_happening(unique)


def _same_happening(a: Event, b: Event) -> bool:
    dates = a.date is None or b.date is None or a.date == b.date
    targets = not a.targets or not b.targets or set(a.targets) == set(b.targets)
    return dates and targets


def _one_per_happening(events: list[Event]) -> list[Event]:
    """An article retells its news: a later event of the same type by the same
    actors, on the same date or none and to the same targets or none, is the
    earlier one told again ("Acme will cut 500 jobs. ... The job cuts were
    criticised ...").  Another target is another happening ("delays its plant
    in Ruritania ... also pulls back in Freedonia")."""
    kept: list[Event] = []
    first: dict[tuple[str, tuple[str, ...]], list[Event]] = {}
    for e in events:
        if e.actors:
            earlier = first.setdefault((e.type, e.actors), [])
            if any(_same_happening(x, e) for x in earlier):
                continue
            earlier.append(e)
        kept.append(e)
    return kept


def _roles(
    lex: _Lex,
    etype: str,
    actors: tuple[str, ...],
    targets: tuple[str, ...],
    types: dict[str, str],
    topic: str | None,
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The parties sorted into the roles the event type gives them.

    A type with entity types per role ("an organisation appoints a person")
    sorts every named party by its type, dropping those that fit neither; an
    agentless type ("stores close") takes the first organisation named as its
    actor, else the document's main organisation (``topic``), and the other
    parties (places, plants) as targets.
    """
    actor_types = lex.actor_types.get(etype)
    target_types = lex.target_types.get(etype)
    if actor_types is not None and target_types is not None:
        parties = tuple(dict.fromkeys(actors + targets))
        actors = tuple(n for n in parties if types.get(n) in actor_types)
        targets = tuple(n for n in parties if types.get(n) in target_types and n not in actors)
        if not actors:
            return (), ()  # "a strategic move to slow down OpenAI": no one moves
    if etype in lex.agentless:
        # "16 stores will close", "the plant in Bochum will shut": an
        # organisation does it, the place or plant is where it happens.
        parties = tuple(dict.fromkeys(actors + targets))
        if etype in lex.employer:
            # "the union fears 500 job cuts": the union cuts nothing.
            parties = tuple(n for n in parties if not lex.not_employer_re.search(n))
        orgs = [n for n in parties if types.get(n) == "ORG"]
        actor = orgs[0] if orgs else topic
        if actor is None:
            return (), ()
        return (actor,), tuple(n for n in parties if n != actor and types.get(n) != "PERSON")
    return actors, targets


def _employer(parts: _Participants, lex: _Lex) -> str | None:
    """The organisation the document names most often that is no workers' body."""
    counts: dict[str, int] = {}
    for m in parts.mentions:
        if m.type == "ORG" and not lex.not_employer_re.search(m.name):
            counts[m.name] = counts.get(m.name, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else None


def _nearest_date(text: str, dates: list[DateExpr], clause: Span, at: int) -> DateExpr | None:
    """The best date of the clause among those not behind a comma from the trigger."""
    inside = [d for d in dates if clause.start <= d.start < clause.end]
    if not inside:
        return None

    def commas(d: DateExpr) -> int:
        lo, hi = sorted((d.start, at))
        return text.count(",", lo, hi)

    fewest = min(commas(d) for d in inside)
    return best_date([d for d in inside if commas(d) == fewest])


def _not_reported(
    text: str, lex: _Lex, trig: _Trigger, m: re.Match[str], sent: Span, clause: Span
) -> bool:
    """The trigger is part of an idiom, negated, or inside a quoted statement."""
    lo = max(sent.start, m.start() - 60)
    for idiom in lex.idiom_re.finditer(text, lo, min(sent.end, m.end() + 60)):
        if idiom.start() <= m.start() < idiom.end():
            return True
    before = text[max(clause.start, m.start() - 80) : m.start()].split()[-NEGATION_WORDS:]
    if lex.negation_re.search(" ".join(before)):
        return True
    if lex.hypothetical_re.search(text, max(clause.start, m.start() - REACH), m.start()):
        # "if the talks fail", "droht die Schließung": not (yet) so.
        return True
    stop = min(clause.end, m.end() + REACH)
    comma = text.find(",", m.end(), stop)
    if lex.hypothetical_after_re.search(text, m.end(), comma if comma >= 0 else stop):
        # "closures would have been unprecedented", "wären Streiks möglich gewesen".
        return True
    if trig.quote_only:
        return False
    # Inside a quoted statement: what someone said, not what happened.
    opening = max(text.rfind(c, max(sent.start, m.start() - 500), m.start()) for c in '“„"«')
    if opening < 0:
        return False
    closing = _QUOTED.match(text, opening)
    return closing is not None and closing.end(1) > m.start()
