"""Coreference for speakers: pronouns, role nouns and "the company" to their antecedents.

- a subject pronoun ("he", "sie") is the latest sentence subject in reach: a
  person mention or an unnamed source, a possessor only as a last resort;
- "the company" / "der Konzern" is the organisation the article is about, or
  the latest one whose name has the noun;
- "the CEO" / "der Sprecher" is the latest person named with that role word,
  else what a pronoun there would refer to.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from newsledger.extract.quotes.lexicon import (
    PRONOUN_CHARS,
    PRONOUN_SENTENCES,
    SPEAKER_GAP,
    Speaker,
)
from newsledger.extract.quotes.mentions import MentionIndex, is_genitive
from newsledger.model import Mention, Span

# How far back "the company" looks for the organisation it refers to.
ORG_BACK_CHARS = 3000


class Coreference(MentionIndex):
    """Antecedents of pronouns and descriptions; ``SpeakerFinder`` adds the phrase search."""

    def _phrase_after(self, start: int, end: int) -> Speaker | None:
        """A name written right after ``start`` with no mention under it (see SpeakerFinder)."""
        raise NotImplementedError

    def pronoun(self, pos: int, end: int | None = None) -> Speaker | None:
        """The antecedent of a subject pronoun at ``pos``: the latest sentence subject.

        A person mention or an unnamed source ("ein Branchenkenner ... sagte
        er" stays the unnamed source).  A possessor ("Mehta's company ... he")
        is taken only when no sentence in reach has a person as its subject.
        """
        at = Span(pos, end if end is not None else pos)
        if pos not in self._pronoun_cache:
            word = self.text[pos:end].lower() if end is not None else ""
            self._pronoun_cache[pos] = self._antecedent(pos, word)
        found = self._pronoun_cache[pos]
        return None if found is None else Speaker(found.name, found.entity_id, "pronoun", at)

    def _antecedent(self, pos: int, pronoun: str = "") -> Speaker | None:
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
        # No person named in reach: the name opening the nearest sentence
        # ("Harper kündigte an ... Er sagte"), unrecognised names too, or a
        # description whose article agrees with the pronoun ("Der Student
        # ... hatte er gefragt", never "Die Einsatzkräfte" for "er").
        agree = self.lex.pronoun_determiners.get(pronoun)
        for back in range(PRONOUN_SENTENCES):
            j = k - back
            if j < 0:
                break
            sent = self.sentences[j]
            stop = min(sent.end, sent.start + SPEAKER_GAP + 40, pos if back == 0 else sent.end)
            found = self._phrase_after(sent.start, stop)
            if found is None or (found.at is not None and found.at.end > pos):
                continue
            first = self.text[sent.start : sent.end].split(" ", 1)[0].lower()
            if agree is not None and first in self.lex.determiners and first not in agree:
                continue  # "die Einsatzkräfte" is no "er"
            if back == 0 and (agree is None or first not in agree):
                continue  # "Besorgt äußerte sich …, sagte er": an adverb, no name
            if found.how == "named" or (
                agree is not None and found.how == "role" and first in agree
            ):
                return Speaker(found.name, found.entity_id, "pronoun", at)
        return None

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
            # The role word among the three words before the name ("CEO Jane
            # Doe", "Kestrel-Insolvenzverwalterin Miriam Okafor") or in an
            # apposition right after it ("Miriam Okafor, die Rechtsanwältin").
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
