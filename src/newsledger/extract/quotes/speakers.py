"""Who said it: the speaker search shared by every quote form and by events.

``SpeakerFinder`` reads the speaker phrase around a speech verb or cue (names,
honorifics, role words, appositions, unnamed sources, source nouns);
``coreference`` resolves pronouns and descriptions, ``mentions`` indexes the
document's mentions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsledger.extract.quotes.coreference import Coreference
from newsledger.extract.quotes.lexicon import (
    _WORD_RE,
    SPEAKER_GAP,
    Speaker,
    _abbreviation,
    _lex,
)
from newsledger.extract.quotes.mentions import GENITIVE, TOKEN_RE, is_genitive
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
# One capitalised word, then a lower-case word (a verb particle) or punctuation.
_LONE_NAME_RE = re.compile(r"(?P<name>[A-ZÄÖÜ][\w’'-]+)(?:\s+(?P<next>[a-zäöü]+)\b|\s*[:,.;]|\s*$)")


class SpeakerFinder(Coreference):
    """Speaker and antecedent search over one document; built once per document."""

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

    def after(self, pos: int, limit: int, guess: bool = True) -> Speaker | None:
        """The speaker named right after a verb at ``pos`` ("said X", "sagte er").

        With ``guess`` false only a pronoun, a description or a person (or an
        organisation right after the verb) counts, never a medium ("told
        CNBC") or capitalised words with no mention under them.
        """
        end = min(limit, pos + SPEAKER_GAP + 60)
        seg = self.text[pos:end]
        lead = len(seg) - len(seg.lstrip(" ,"))
        # "äußerte sich auch der Vorsitzende": reflexives and adverbs between
        # the verb and its subject are passed over.
        while True:
            word = seg[lead:].split(" ", 1)[0]
            if not word or word.lower() not in self.lex.verb_adjuncts or " " not in seg[lead:]:
                break
            lead += len(word) + 1
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
            # "fügt Gall hinzu:": one unknown name between the verb and its
            # particle or the clause's end.
            lone = _LONE_NAME_RE.match(head)
            if (
                lone is not None
                and lone.group("name").lower() not in self.lex.not_names
                and not self._is_role(lone.group("name"))
                and (lone.group("next") is None or lone.group("next").lower() in self.lex.particles)
            ):
                name = lone.group("name")
                return Speaker(name, None, "named", Span(at, at + len(name)))
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

    def _phrase_after(self, start: int, end: int) -> Speaker | None:
        """A name or description written right after a verb, with no mention under it.

        "sagte Dr. Müller", "sagte der Bundespräsident", "said Jane Doe",
        "sagte Kestrel-Chefin Miriam Okafor" (the role word is dropped).
        """
        words = list(TOKEN_RE.finditer(self.text, start, end))
        i = 0
        det = False
        if words and words[0].group().lower() in self.lex.determiners:
            det, i = True, 1
        taken: list[re.Match[str]] = []
        for n, w in enumerate(words[i:], start=i):
            tok = w.group()
            if tok == "," or tok.endswith(GENITIVE):
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
        words = list(TOKEN_RE.finditer(self.text, start, end))
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
        # "mit der Türkeifrage:", "zum eigenen Erfolgskriterium erklärt": a
        # noun after a preposition (over its article and adjectives) is no subject.
        j = k - 1
        while j >= 0 and (
            words[j].group().lower() in self.lex.determiners or words[j].group()[:1].islower()
        ):
            if words[j].group().lower() in self.lex.not_subject_before:
                return None
            j -= 1
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
            words = list(TOKEN_RE.finditer(self.text, owner, end))
            k = 0
            while k < len(words) and words[k].group().lower() in self.lex.determiners:
                k += 1
            if k < len(words) and words[k].group()[:1].isupper():
                w = words[k]
                covering = [m for m in self._in(owner, end) if m.start <= w.start() < m.end]
                if covering:
                    return self._named(covering[0])
                name = w.group().rstrip(".")
                if name.lower() not in self.lex.not_names and not name.endswith(GENITIVE):
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
        words = list(TOKEN_RE.finditer(self.text, start, end))
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


def speaker_finder(doc: Document, mentions: Sequence[Mention], lang: LangData) -> SpeakerFinder:
    """A SpeakerFinder for other stages (events resolve pronouns with it)."""
    return SpeakerFinder(doc, mentions, _lex(lang), [])
