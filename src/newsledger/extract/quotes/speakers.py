"""Who said it: the speaker search shared by every quote form and by events."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import replace

from newsledger.extract.quotes.lexicon import (
    _WORD_RE,
    PRONOUN_CHARS,
    PRONOUN_SENTENCES,
    SPEAKER_GAP,
    Speaker,
    _abbreviation,
    _Lex,
    _lex,
    sentence_spans,
)
from newsledger.lang import LangData
from newsledger.model import Document, Mention, Span

# "…, Jane Doe," after a role phrase: two to four capitalised words.
_APPOSITION_RE = re.compile(
    r",\s+(?P<name>(?:[A-ZÄÖÜ][\w’'.-]*\s+){1,3}[A-ZÄÖÜ][\w’'-]*)(?=\s*[,.;)]|\s+[a-zäöü])"
)
# Entity types that speak for themselves; a place speaks only as a whole
# phrase ("Berlin said"), never as part of one ("a Munich spokesman").
_SPEAKING = frozenset({"PERSON", "ORG"})
# Words between two quotes up to which the second goes on with the first
# one's speaker whoever is named in between ("“…,” she said of Merkel. “…”").
CONTINUATION_WORDS = 8
# How far back "the company" looks for the organisation it refers to.
ORG_BACK_CHARS = 3000
_GENITIVE = ("’s", "'s")
_TOKEN_RE = re.compile(r"[\w’'.-]+|,")


def _other_first_name(m: Mention) -> bool:
    """The mention writes a first name that the KB name does not have."""
    written = m.text.split()
    name = m.name.split()
    return (
        len(written) >= 2
        and len(name) >= 2
        and written[-1] == name[-1]
        and written[0][:1].isupper()
        and written[0] not in name
    )


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

        def person_like(m: Mention) -> bool:
            # "German Chancellor", "Siemens Energy CEO": a title, not a name.
            return m.type != "PERSON" or not self._is_role(m.name.split()[-1])

        self.mentions = sorted(
            (self._trimmed(m) for m in mentions if outside(m) and person_like(m)),
            key=lambda m: m.start,
        )
        self.starts = [m.start for m in self.mentions]
        self.sentences = sentence_spans(doc)
        self.sent_starts = [s.start for s in self.sentences]
        # Per-mention and per-pronoun results: a speaker is looked up again
        # for every quote near it (benchmarks/quotes_events.py).
        self._named_cache: dict[int, Speaker] = {}
        self._pronoun_cache: dict[int, Speaker | None] = {}

    def _trimmed(self, m: Mention) -> Mention:
        """A discovered person's name ends before an article ("Helmut Renk der
        DW"), unless a name particle comes first ("Ursula von der Leyen")."""
        if m.type != "PERSON" or m.origin == "kb":
            return m
        words = m.text.split(" ")
        for i in range(2, len(words)):
            if (
                words[i].lower() in self.lex.determiners
                and words[i - 1].lower() not in self.lex.name_particles
            ):
                text = " ".join(words[:i])
                name = text if m.name == m.text else m.name
                return replace(m, end=m.start + len(text), text=text, name=name)
        return m

    def _in(self, start: int, end: int) -> list[Mention]:
        lo = bisect_left(self.starts, start)
        hi = bisect_left(self.starts, end)
        return [m for m in self.mentions[lo:hi] if m.end <= end]

    def _named(self, m: Mention) -> Speaker:
        found = self._named_cache.get(m.start)
        if found is None or found.at is None or found.at.end != m.end:
            found = self._named_cache[m.start] = self._name_of_mention(m)
        return found

    def _name_of_mention(self, m: Mention) -> Speaker:
        # A KB entity shares only a surname with the name written here
        # ("Markus Lindner" linked to another Lindner): keep the name as
        # written and link nothing.
        if m.entity_id.startswith("kb:") and m.type == "PERSON":
            if _other_first_name(m):
                return Speaker(" ".join(m.text.split()), None, "named", Span(m.start, m.end))
            first = self._first_name_before(m)
            if first is not None:
                return Speaker(
                    f"{self.text[first : m.start].strip()} {m.text}",
                    None,
                    "named",
                    Span(first, m.end),
                )
        return Speaker(m.name, m.entity_id, "named", Span(m.start, m.end))

    def _first_name_before(self, m: Mention) -> int | None:
        """Where a first name written before a surname-only mention starts, if the KB
        name has another one ("Markus Lindner" with the mention "Lindner" linked to
        Christian Lindner)."""
        words = list(_TOKEN_RE.finditer(self.text, max(0, m.start - 30), m.start))
        if (
            not words
            or self.text[words[-1].end() : m.start] != " "
            or self._in(words[-1].start(), m.start)
        ):
            return None  # another sentence, or another name ("Altman Musk")
        w = words[-1].group()
        name = m.name.split()
        if (
            len(name) >= 2
            and w[:1].isupper()
            and w.isalpha()
            and w not in name
            and w.lower() not in self.lex.not_names
            and w.lower() not in self.lex.honorifics
            and not self._is_role(w)
            and w.lower() not in self.lex.determiners
        ):
            return words[-1].start()
        return None

    def subject(self, start: int, end: int, guess: bool = True) -> Speaker | None:
        """The subject of a clause ``[start, end)`` ending at its speech verb.

        A person mention first, then a pronoun, an unnamed source or a role
        phrase, then an organisation; a name after a preposition ("Asked
        about Ferrowatt, he said") or inside a medium ("told CNN") is no
        subject.  With no mention, the capitalised name or description right
        before the verb is taken as written.
        """
        seg = self.text[start:end]
        mentions = self._in(start, end)
        media = (
            [(start + m.start(), start + m.end()) for m in self.lex.medium_re.finditer(seg)]
            if mentions
            else []
        )

        def subject_like(m: Mention) -> bool:
            return (
                not is_genitive(self.text, m)
                and not any(a <= m.start < b for a, b in media)
                and not self._after_preposition(start, m.start)
                and not self._modifier(m)
            )

        for m in mentions:
            if m.type == "PERSON" and subject_like(m):
                return self._named(m)
        pronouns = list(self.lex.pronoun_re.finditer(seg))
        if pronouns:
            p = pronouns[-1]
            return self.pronoun(start + p.start(), start + p.end())
        described = self._description(start, seg)
        if described is not None:
            return described
        for m in mentions:
            if m.type == "ORG" and subject_like(m):
                return self._named(m)
        # With no mention, pronoun or description, the capitalised words
        # before the verb are a guess ("Insbesondere bemängelte ...").
        return self._phrase_before(start, end) if guess else None

    def other_person_between(self, start: int, end: int, speaker: str | None) -> bool:
        """Whether a reporter's sentence between two quotes names another person
        ("… sagte Merkel. Als „verpasste Chance“ beurteilte Volker Beck … „…“"):
        then the second quote does not go on with the first one's speaker."""
        if len(self.text[start:end].split()) <= CONTINUATION_WORDS:
            return False
        return any(
            m.type == "PERSON" and m.name != speaker and not is_genitive(self.text, m)
            for m in self._in(start, end)
        )

    def before_apposition(self, start: int, verb: int) -> Speaker | None:
        """The name opening ``[start, verb)`` when an apposition closes it off.

        "Musk, Chef von xAI, beschuldigt OpenAI, ...": the verb after the
        second comma has Musk as its subject, not the object after it.
        """
        first_comma = self.text.find(",", start, verb)
        if first_comma <= start or self.text.count(",", start, verb) < 2:
            return None
        lead = self.subject(start, first_comma, guess=False)
        if lead is None or lead.at is None or len(self.text[start : lead.at.start].split()) > 1:
            return None
        return lead

    def guess_before(self, start: int, end: int) -> Speaker | None:
        """The capitalised words before a verb at ``end`` taken as its subject,
        for when ``subject(start, end, guess=False)`` found nothing."""
        return self._phrase_before(start, end)

    def _after_preposition(self, start: int, pos: int) -> bool:
        words = self.text[max(start, pos - 20) : pos].split()
        return bool(words) and words[-1].lower() in self.lex.not_subject_before

    def _description(self, start: int, seg: str) -> Speaker | None:
        u = self.lex.unnamed_re.search(seg)
        if u is not None:
            return self._unnamed(
                u.group("noun"), start + u.start(), start + u.end(), u.group("prefix")
            )
        r = self.lex.role_re.search(seg)
        if r is not None:
            return self._role(start + r.start(), start + r.end())
        return None

    def _unnamed(self, noun: str, start: int, end: int, prefix: str | None = None) -> Speaker:
        # Case-insensitive regexes take "ı" for "i" and "ſ" for "s", lower()
        # does not: such a spelling is kept as written.
        name = self.lex.unnamed.get(noun.lower(), noun)
        if prefix and prefix[:1].isupper() and " " in name:
            # "ein Siemens-Sprecher": "a Siemens spokesperson".
            article, rest = name.split(" ", 1)
            name = f"{'a' if article == 'an' else article} {prefix} {rest}"
        return Speaker(name, None, "unnamed", Span(start, end))

    def _role(self, start: int, end: int) -> Speaker:
        people = [m for m in self._in(start, end + 1) if m.type == "PERSON"]
        if people:
            return self._named(people[-1])
        # "the company's chief executive, Jane Doe": the apposition names her.
        appos = self._apposition(end)
        if appos is not None:
            return appos
        return self._described(start, end)

    def _apposition(self, end: int) -> Speaker | None:
        m = _APPOSITION_RE.match(self.text, end)
        if m is None:
            return None
        lo, hi = m.start("name"), m.end("name")
        people = [x for x in self._in(lo, hi + 1) if x.type == "PERSON"]
        if people:
            return self._named(people[0])
        words = m.group("name").split()
        if any(w.lower() in self.lex.not_names for w in words) or self._is_role(words[0]):
            return None
        return Speaker(" ".join(words), None, "named", Span(lo, hi))

    def _is_role(self, word: str) -> bool:
        w = word.lower().rsplit("-", 1)[-1]
        return w in self.lex.role_words or w.endswith(self.lex.role_endings)

    def after(self, pos: int, limit: int, guess: bool = True) -> Speaker | None:
        """The speaker named right after a verb at ``pos`` ("said X", "sagte er").

        With ``guess`` false only a pronoun, a description or a person (or an
        organisation right after the verb) counts, never a medium ("told
        CNBC") or capitalised words with no mention under them.
        """
        end = min(limit, pos + SPEAKER_GAP + 60)
        seg = self.text[pos:end]
        lead = len(seg) - len(seg.lstrip(" ,"))
        head = seg[lead:]
        at = pos + lead
        p = self.lex.pronoun_re.match(head)
        if p is not None:
            return self.pronoun(at, at + p.end())
        u = self.lex.unnamed_re.match(head)
        if u is not None:
            return self._unnamed(u.group("noun"), at, at + u.end(), u.group("prefix"))
        r = self.lex.role_re.match(head)
        if r is not None:
            return self._role(at, at + r.end())
        chain: list[Mention] = []
        cursor = pos
        for m in self._in(pos, end):
            gap = self.text[cursor : m.start]
            if m.start - pos > SPEAKER_GAP or self._breaks(gap, cursor):
                break
            if chain and ("," in gap and len(_WORD_RE.findall(gap)) > 3):
                break
            chain.append(m)
            cursor = m.end
        chain = [m for m in chain if m.text.lower() not in self.lex.media]
        people = [m for m in chain if m.type == "PERSON" and not is_genitive(self.text, m)]
        if people:
            return self._named(people[0])
        heads = [
            m for m in chain if not self._modifier(m) and (m.type in _SPEAKING or m.start <= at + 1)
        ]
        if not guess:
            first = heads[0] if heads else None
            if first is not None and first.start <= at + 1:
                return self._named(first)
            # "sagte ein Wissenschaftler", "erklärte der Bundestrainer": a
            # noun phrase in the subject's case right after the verb.
            det = head.split(" ", 1)[0].lower()
            if det in self.lex.determiners and det not in self.lex.object_determiners:
                return self._phrase_after(at, end)
            return None
        phrase = self._phrase_after(at, end)
        if phrase is not None and phrase.name.lower() in self.lex.media:
            phrase = None  # "telling CNBC that ...": the medium, not the speaker
        if heads and (phrase is None or phrase.how != "named" or heads[0].start <= at + 1):
            return self._named(heads[0])
        return phrase

    def _breaks(self, gap: str, base: int) -> bool:
        """Punctuation in ``gap`` (at ``base``) that ends the speaker's phrase."""
        for i, c in enumerate(gap):
            if c in ";:!?\n":
                return True
            if c == "." and not _abbreviation(self.lex, self.text, base + i):
                return True
        return False

    # --- names with no mention under them ----------------------------------------

    def _phrase_after(self, start: int, end: int) -> Speaker | None:
        """A name or description written right after a verb, with no mention under it.

        "sagte Dr. Müller", "sagte der Bundespräsident", "said Jane Doe",
        "sagte Kestrel-Chefin Miriam Okafor" (the role word is dropped).
        """
        words = list(_TOKEN_RE.finditer(self.text, start, end))
        i = 0
        det = False
        if words and words[0].group().lower() in self.lex.determiners:
            det, i = True, 1
        taken: list[re.Match[str]] = []
        for n, w in enumerate(words[i:], start=i):
            tok = w.group()
            if tok == "," or tok.endswith(_GENITIVE):
                break  # "Musk’s move": the possessor is no speaker
            if tok.endswith(".") and not _abbreviation(self.lex, self.text, w.end() - 1):
                tok = tok[:-1]
                if tok[:1].isupper() and tok.lower() not in self.lex.not_names:
                    taken.append(w)
                break
            if tok[:1].isupper() and tok.lower() not in self.lex.not_names:
                taken.append(w)
            elif (
                taken
                and tok in self.lex.name_particles
                and n + 1 < len(words)
                and words[n + 1].group()[:1].isupper()
            ):
                taken.append(w)  # "Sanne de Vries", "Pieter van Dam"
            elif det and not taken and (tok[:1].islower() or tok[:1].isdigit()):
                continue  # an adjective: "der stellvertretende Vorsitzende", "der 23-jährige"
            else:
                break
        if not taken:
            return None
        return self._name_of(taken, det, taken[0].start() if not det else words[0].start())

    def _phrase_before(self, start: int, end: int) -> Speaker | None:
        """The name or description written right before a verb at ``end``."""
        words = list(_TOKEN_RE.finditer(self.text, start, end))
        if not words:
            return None
        head = words[0].group()
        if head.lower() in self.lex.determiners or (
            head[:1].isupper() and head.lower() not in self.lex.not_names
        ):
            # The clause opens with a noun phrase: in "Ein Regierungssprecher
            # in Berlin sagte" that phrase, not "Berlin", is the subject.
            phrase = self._phrase_after(words[0].start(), end)
            if phrase is not None:
                return phrase
        taken: list[re.Match[str]] = []
        for w in reversed(words):
            tok = w.group().rstrip(".")
            name_like = tok[:1].isupper() and tok.lower() not in self.lex.not_names
            if name_like or (tok.lower() in self.lex.honorifics and taken):
                taken.insert(0, w)
            else:
                break
        if not taken:
            return None
        k = words.index(taken[0])
        det = k > 0 and words[k - 1].group().lower() in self.lex.determiners
        first = words[k - 1].start() if det else taken[0].start()
        if not det and k > 0 and self._after_preposition(start, taken[0].start()):
            return None
        return self._name_of(taken, det, first)

    def _name_of(self, taken: list[re.Match[str]], det: bool, first: int) -> Speaker | None:
        toks = [w.group().rstrip(".") for w in taken]
        roles = [j for j, t in enumerate(toks) if self._is_role(t)]
        last = taken[-1].end()
        if self.text[last - 1] == "." and not _abbreviation(self.lex, self.text, last - 1):
            last -= 1
        if roles and roles[-1] + 1 < len(taken):
            # Role words before a name: the person is the name after them.
            lo = taken[roles[-1] + 1].start()
            named = self._in(lo, last + 1)
            if named:
                return self._named(named[0])
            return Speaker(self.text[lo:last], None, "named", Span(lo, last))
        named = [
            m
            for m in self._in(first, last + 1)
            if not self._modifier(m)
            and not is_genitive(self.text, m)
            and (m.type in _SPEAKING or (m.start <= first and m.end >= last))
        ]
        if named:
            return self._named(named[0])
        if det or roles:
            # A description: "der Bundespräsident", "die Firma", "der Bericht".
            return self._described(first, last)
        return Speaker(
            self.text[taken[0].start() : last], None, "named", Span(taken[0].start(), last)
        )

    def source(self, start: int, end: int) -> Speaker:
        """Who a source phrase names ("a statement by the ministry", "der Polizei")."""
        found = [
            m
            for m in self._in(start, end)
            if m.type in _SPEAKING and not self._modifier(m) and not is_genitive(self.text, m)
        ]
        for wanted in ("PERSON", "ORG"):
            for m in found:
                if m.type == wanted:
                    return self._named(m)
        owner = self._source_owner(start, end)
        if owner is not None:
            # "Angaben der Bahn", "a statement released by the ministry": the
            # source is whoever the statement or report is of.
            # Its phrase is the first noun after the link, unless a mention
            # goes on ("laut Angaben der Bahn Lokführer ...": "Bahn").
            words = list(_TOKEN_RE.finditer(self.text, owner, end))
            k = 0
            while k < len(words) and words[k].group().lower() in self.lex.determiners:
                k += 1
            if k < len(words) and words[k].group()[:1].isupper():
                w = words[k]
                covering = [m for m in self._in(owner, end) if m.start <= w.start() < m.end]
                if covering:
                    return self._named(covering[0])
                name = w.group().rstrip(".")
                if name.lower() not in self.lex.not_names and not name.endswith(_GENITIVE):
                    return Speaker(name, None, "named", Span(w.start(), w.start() + len(name)))
        seg = self.text[start:end]
        described = self._description(start, seg)
        if described is not None:
            return described
        phrase = self._phrase_after(start, end)
        if phrase is not None:
            return phrase
        return Speaker(" ".join(seg.split()), None, "role", Span(start, end))

    def after_cue(self, pos: int, limit: int) -> Speaker | None:
        """The source after a cue ("according to X", "laut Angaben der Bahn")."""
        owner = self._source_owner(pos, limit)
        if owner is not None:
            return self.source(owner, min(limit, owner + SPEAKER_GAP + 60))
        return self.after(pos, limit)

    def _source_owner(self, start: int, end: int) -> int | None:
        """Where the owner of a source noun starts ("Angaben | der Bahn",
        "a statement released by | Germany's ministry"), if the phrase opens
        with a source noun."""
        words = list(_TOKEN_RE.finditer(self.text, start, end))
        k = 0
        while k < len(words) and words[k].group().lower() in self.lex.determiners:
            k += 1
        if k >= len(words) or not words[k].group().lower().endswith(self.lex.source_nouns):
            return None
        for n in range(k + 1, min(len(words), k + 4)):
            w = words[n].group().lower()
            if w in self.lex.owner_links:
                return words[n + 1].start() if n + 1 < len(words) else None
        return None

    def _described(self, first: int, last: int) -> Speaker:
        """A description, resolved to the entity it refers to when the text allows.

        - "the company", "der Wolfsburger Konzern": the most mentioned
          organisation of the last ORG_BACK_CHARS (a generic organisation noun),
          or the latest one whose name has the noun ("das Ministerium" ->
          "Bundeswirtschaftsministerium");
        - "der CEO", "der Rechtsanwalt": the latest person named with that
          role word, else what a pronoun there would refer to;
        - "die Unicredit": a single name after an article is that name.
        """
        span = Span(first, last)
        words = self.text[first:last].split()
        if len(words) < 2 or words[0].lower() not in self.lex.definite:
            return Speaker(self.text[first:last], None, "role", span)
        noun = words[-1].strip(".,;:")
        middle = words[1:-1]
        adjectives = all(w[:1].islower() or w.endswith("er") for w in middle)
        low = noun.lower()
        if adjectives and low in self.lex.org_nouns:
            org = self._organisation(first, low)
            if org is not None:
                return Speaker(org.name, org.entity_id, "role", span)
        elif adjectives and len(middle) <= 2 and self._is_role(noun):
            person = self._person_with_role(first, low)
            if person is not None:
                return Speaker(person.name, person.entity_id, "role", span)
        elif len(words) == 2 and noun[:1].isupper() and low not in self.lex.unnamed:
            return Speaker(noun, None, "named", Span(last - len(noun), last))
        return Speaker(self.text[first:last], None, "role", span)

    def _organisation(self, first: int, noun: str) -> Speaker | None:
        orgs = [
            m
            for m in self._in(max(0, first - ORG_BACK_CHARS), first)
            if m.type == "ORG" and not self._modifier(m) and m.text.lower() not in self.lex.media
        ]
        if noun not in self.lex.generic_org_nouns:
            named = [m for m in orgs if noun in m.name.lower()]
            return self._named(named[-1]) if named else None
        if not orgs:
            return None
        counts: dict[str, int] = {}
        for m in self.mentions:
            if m.type == "ORG":
                counts[m.name] = counts.get(m.name, 0) + 1
        best = max(range(len(orgs)), key=lambda i: (counts.get(orgs[i].name, 0), i))
        return self._named(orgs[best])

    def _person_with_role(self, first: int, role: str) -> Speaker | None:
        people = [
            m
            for m in self._in(0, first)
            if m.type == "PERSON" and not self._modifier(m) and not is_genitive(self.text, m)
        ]
        for m in reversed(people):
            # The role word among the three words before the name ("CEO Andrea
            # Orcel", "Galeria-Insolvenzverwalter Stefan Denkhaus") or in an
            # apposition right after it ("Stefan Denkhaus, der Rechtsanwalt").
            pre = re.split(r"[.!?;:,]\s", self.text[max(0, m.start - 40) : m.start])[-1]
            before = pre.lower().split()[-3:]
            after = self.text[m.end : m.end + 40].lower()
            if any(w.rsplit("-", 1)[-1] == role for w in before) or (
                after.startswith(",") and role in after.split(",")[1].split()
            ):
                return self._named(m)
        # Otherwise the role phrase refers back like a pronoun: the latest
        # subject, a named person or an unnamed source ("ein Sprecher ...
        # sagte der Sprecher").
        return self._antecedent(first)

    def pronoun(self, pos: int, end: int | None = None) -> Speaker | None:
        """The antecedent of a subject pronoun at ``pos``: the latest sentence subject.

        A person mention or an unnamed source ("ein Branchenkenner ... sagte
        er" stays the unnamed source).  A possessor ("Mehta's company ... he")
        is taken only when no sentence in reach has a person as its subject.
        """
        at = Span(pos, end if end is not None else pos)
        if pos not in self._pronoun_cache:
            self._pronoun_cache[pos] = self._antecedent(pos)
        found = self._pronoun_cache[pos]
        return None if found is None else Speaker(found.name, found.entity_id, "pronoun", at)

    def _antecedent(self, pos: int) -> Speaker | None:
        at = Span(pos, pos)
        k = bisect_right(self.sent_starts, pos) - 1
        for allow_genitive in (False, True):
            for back in range(PRONOUN_SENTENCES):
                j = k - back
                if j < 0:
                    break
                sent = self.sentences[j]
                stop = pos if back == 0 else sent.end
                lo = max(sent.start, pos - PRONOUN_CHARS)
                unnamed = self.lex.unnamed_re.search(self.text, lo, stop)
                for m in self._in(lo, stop):
                    if unnamed is not None and unnamed.start() < m.start:
                        break
                    if (
                        m.type == "PERSON"
                        and (allow_genitive or not is_genitive(self.text, m))
                        and not self._modifier(m)
                    ):
                        named = self._named(m)
                        return Speaker(named.name, named.entity_id, "pronoun", at)
                if unnamed is not None and not allow_genitive:
                    u = self._unnamed(
                        unnamed.group("noun"),
                        unnamed.start(),
                        unnamed.end(),
                        unnamed.group("prefix"),
                    )
                    return Speaker(u.name, None, "pronoun", at)
        # No person named in reach: the name opening the nearest earlier
        # sentence ("Harper kündigte an ... Er sagte"), unrecognised names too.
        for back in range(1, PRONOUN_SENTENCES):
            j = k - back
            if j < 0:
                break
            sent = self.sentences[j]
            found = self._phrase_after(sent.start, min(sent.end, sent.start + SPEAKER_GAP + 40))
            if found is not None and found.how == "named":
                return Speaker(found.name, found.entity_id, "pronoun", at)
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
