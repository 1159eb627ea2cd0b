"""The sentences, clauses and mentions of one document, indexed for the
lookups of the claims stage: which sentence and clause a figure is
in, which mentions are in a phrase, a dateline or a modifier, the document's
main company, and names no mention covers."""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import replace

from newsledger.extract.claims.lexicon import ClaimLexicon as _ClaimLexicon
from newsledger.model import Document, Figure, Mention, Span

# A comma between digits ("7,000", "1,5") is part of a number, not a break.
_CLAUSE_BREAK = re.compile(r"(?<!\d),|,(?!\d)|[;:()\[\]„“”\"«»–—]|\s-\s")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"„“'A-ZÄÖÜ0-9])|\n+")
_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_POSSESSIVE_TAIL = re.compile(r"(?:['’]s?)(?!\w)")
# How often a place must be named to be taken for the article's company when
# no organisation is recognised: a real place is named once or twice in a
# company story, a mistyped company name throughout.
TOPIC_PLACE_MENTIONS = 3
# The id prefix of a place name the recogniser found but no knowledge base knows.
_DISCOVERED_PLACE = "new:GPE:"
# A dateline place opening a sentence ("BERLIN —", "AUSTIN, Texas —").
_DATELINE_TAIL = re.compile(r"(?:,\s*[^\W\d][\w.]*(?:\s[^\W\d][\w.]*)?)?\s*[—–-]\s")


class Context:
    """Sentences, clauses and mentions of one document, indexed for lookups."""

    def __init__(self, doc: Document, mentions: list[Mention], lex: _ClaimLexicon) -> None:
        self.doc = doc
        self.text = doc.text
        self.lex = lex
        self.sentences = list(doc.sentences) or split_sentences(doc.text)
        self.sentence_starts = [s.start for s in self.sentences]
        self.mentions = mentions
        self.mention_starts = [m.start for m in mentions]
        # Every figure of a sentence asks the same questions about the same
        # mentions; the answers are kept per mention (by id: ``mentions``
        # holds them for the context's lifetime) and per sentence.
        self._clauses: dict[tuple[int, int, int, int], tuple[int, int]] = {}
        self._in_phrase: dict[int, bool] = {}
        self._never_subject: dict[int, bool] = {}
        # Where a name a mention owns may start (``_owned_starts``), by mention id.
        self.owned: dict[int, frozenset[int]] = {}
        self._sentence_mentions: dict[int, tuple[list[Mention], frozenset[int]]] = {}
        # Whether a word looks like a name, by word: asked once per document.
        self._name_like: dict[str, bool] = {}

    def sentence_index(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.sentence_starts, offset) - 1)

    def sentence(self, index: int) -> Span:
        if 0 <= index < len(self.sentences):
            return self.sentences[index]
        return Span(0, len(self.text))

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        lo = bisect.bisect_left(self.mention_starts, start)
        hi = bisect.bisect_left(self.mention_starts, end)
        return [m for m in self.mentions[lo:hi] if m.end <= end]

    def sentence_mentions(self, index: int) -> tuple[list[Mention], frozenset[int]]:
        """The mentions of a sentence, and their start offsets."""
        found = self._sentence_mentions.get(index)
        if found is None:
            sentence = self.sentence(index)
            mentions = self.mentions_in(sentence.start, sentence.end)
            found = (mentions, frozenset(m.start for m in mentions))
            self._sentence_mentions[index] = found
        return found

    def clause(self, figure: Figure, sentence: Span) -> tuple[int, int]:
        """The stretch of the sentence around the figure between clause breaks."""
        key = (figure.start, figure.end, sentence.start, sentence.end)
        found = self._clauses.get(key)
        if found is None:
            found = self._clauses[key] = self._clause(figure, sentence)
        return found

    def _clause(self, figure: Figure, sentence: Span) -> tuple[int, int]:
        start, end = sentence.start, sentence.end
        for brk in _CLAUSE_BREAK.finditer(self.text, sentence.start, figure.start):
            start = brk.end()
        after = _CLAUSE_BREAK.search(self.text, figure.end, end)
        if after is not None:
            end = after.start()
        return start, end

    def word_before(self, offset: int) -> str:
        words = _WORD.findall(self.text[max(0, offset - 30) : offset])
        return words[-1].lower() if words else ""

    def in_phrase(self, mention: Mention) -> bool:
        """The mention follows a preposition ("in Narvik", "of Norrland Compute")
        or names a source ("laut Finanzchef X")."""
        found = self._in_phrase.get(id(mention))
        if found is None:
            found = self._in_phrase[id(mention)] = self._phrase(mention)
        return found

    def _phrase(self, mention: Mention) -> bool:
        if self.word_before(mention.start) in self.lex.prepositions:
            return True
        lo = max(0, mention.start - 60)
        return self.lex.source_re.search(self.text[lo : mention.start]) is not None

    def never_subject(self, mention: Mention) -> bool:
        """A place in a phrase ("in Memphis"), a dateline ("BERLIN —"), or a name
        used as a modifier ("UAE-based", "US-Dollar", "the Berlin start-up")."""
        found = self._never_subject.get(id(mention))
        if found is None:
            found = self._never_subject[id(mention)] = self._never(mention)
        return found

    def _never(self, mention: Mention) -> bool:
        if self.lex.reporter_re.search(mention.name):
            return True  # "the plan, seen by a news agency": the agency reports it
        after = self.text[mention.end : mention.end + 2]
        if len(after) == 2 and after[0] == "-" and after[1].isalpha():
            # "UAE-based" is a modifier; "Acme-Aktie", "Acme-Chef" (a German
            # compound noun) is Acme's share, Acme's chief: an owner.
            return not (after[1].isupper() and mention.type in ("ORG", "PERSON"))
        if mention.type != "GPE":
            return False
        if self.in_phrase(mention) or self.lex.modifier_head_re.match(self.text, mention.end):
            return True
        return self._dateline(mention)

    def _dateline(self, mention: Mention) -> bool:
        sentence = self.sentence(self.sentence_index(mention.start))
        if self.text[sentence.start : mention.start].strip():
            return False
        return bool(_DATELINE_TAIL.match(self.text, mention.end))

    def unknown_subject(self, start: int, end: int) -> bool:
        """The first word of ``[start, end)`` that is no function word is a
        name no mention covers ("…, wo Oostvaart rund 700 Mitarbeiter hat")."""
        for first in _WORD.finditer(self.text, start, end):
            word = first.group(0)
            if word.lower() in self.lex.phrase_openers:
                return False  # "Nach Informationen …", "The deal …": no bare name
            if word.lower() in self.lex.function_words:
                continue
            if not word[0].isupper() or any(
                m.start <= first.start() < m.end for m in self.mentions_in(start, end)
            ):
                return False
            return self._looks_like_name(word.rstrip("s’'"))
        return False

    def _looks_like_name(self, word: str) -> bool:
        """Capitalised inside a sentence somewhere in the document, never in lower case."""
        found = self._name_like.get(word)
        if found is None:
            lower = re.search(rf"(?<![\w-]){re.escape(word.lower())}(?![\w-])", self.text)
            inside = re.search(rf"(?<=[\w,] ){re.escape(word)}(?!\w)", self.text)
            found = self._name_like[word] = lower is None and inside is not None
        return found

    def unknown_opener(self, index: int) -> bool:
        """The sentence opens with a name no mention covers ("Oostvaart
        betreibt …" when only "Oostvaart Logistiek" is known)."""
        sentence = self.sentence(index)
        return self.unknown_subject(sentence.start, sentence.end)

    @functools.cached_property
    def topic(self) -> Mention | None:
        """The organisation, plant or product the document names most often."""
        counts: dict[str, int] = {}
        first: dict[str, Mention] = {}
        for m in self.mentions:
            if m.type not in ("PERSON", "GPE"):
                counts[m.entity_id] = counts.get(m.entity_id, 0) + 1
                first.setdefault(m.entity_id, m)
        if not counts:
            # No organisation recognised: a name the recogniser typed as a
            # place is the article's company when it recurs (a chain named after a town).
            for m in self.mentions:
                if m.type == "GPE" and not self._dateline(m):
                    counts[m.entity_id] = counts.get(m.entity_id, 0) + 1
                    first.setdefault(m.entity_id, m)
            counts = {k: n for k, n in counts.items() if n >= TOPIC_PLACE_MENTIONS}
        if not counts:
            return None
        best = max(counts, key=lambda k: (counts[k], -first[k].start))
        found = first[best]
        if found.type == "GPE" and found.entity_id.startswith(_DISCOVERED_PLACE):
            # Taken for a company, it is the company other articles name: a
            # discovered name keeps its words and takes the organisation's id.
            name_key = found.entity_id.removeprefix(_DISCOVERED_PLACE)
            return replace(found, type="ORG", entity_id=f"new:ORG:{name_key}")
        return found

    def possessive_end(self, mention: Mention) -> int | None:
        """End of the owner phrase if the mention is an owner ("Vogt's", "Vogts")."""
        tail = _POSSESSIVE_TAIL.match(self.text, mention.end)
        if tail is not None:
            return tail.end()
        last_name = mention.name.split()[-1] if mention.name else ""
        if mention.text.endswith(("s", "’", "'")) and not last_name.endswith("s"):
            return mention.end
        return None


def split_sentences(text: str) -> list[Span]:
    spans: list[Span] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > start:
            spans.append(Span(start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append(Span(start, len(text)))
    return spans
