"""The mention index under the speaker search: mentions outside quotes, names.

``MentionIndex`` holds one document's mentions (sorted, trimmed, titles
dropped) and turns a mention into a ``Speaker``; ``coreference`` and
``speakers`` build on it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import replace

from newsledger.extract.quotes.lexicon import Speaker, _Lex, sentence_spans
from newsledger.model import Document, Mention, Span

GENITIVE = ("’s", "'s")
TOKEN_RE = re.compile(r"[\w’'.-]+|,")


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


class MentionIndex:
    """One document's mentions outside quotes, and the speakers they name."""

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

        kept: list[Mention] = []
        # Names written inside quotation marks: a quoted name ("im
        # „Tagesspiegel“", "auf „Twitter“") is a title, no quotation.
        quoted: set[tuple[int, int]] = set()
        for m in mentions:
            if outside(m):
                if person_like(m):
                    kept.append(self._trimmed(m))
            elif m.type != "PERSON":
                quoted.add((m.start, m.end))
        self.quoted_names = frozenset(quoted)
        self.mentions = sorted(kept, key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]
        self.sentences = sentence_spans(doc)
        self.sent_starts = [s.start for s in self.sentences]
        # Per-mention and per-pronoun results: a speaker is looked up again
        # for every quote near it (benchmarks/quotes_events.py).
        self._named_cache: dict[int, Speaker] = {}
        self._pronoun_cache: dict[int, Speaker | None] = {}
        # Speech verbs and cues of the whole document, found on first use by
        # one scan instead of one per quote (benchmarks/quotes_events.py).
        self._hits: list[tuple[int, int, str | None]] | None = None
        self._hit_starts: list[int] = []
        self.has_document_cue = lex.document_cue_re.search(self.text) is not None
        self.has_medium = lex.medium_re.search(self.text) is not None

    def attribution_hits(self, start: int, end: int) -> list[tuple[int, int, str | None]]:
        """(start, end, group) of every speech verb or cue inside ``[start, end)``.

        Groups as in ``_Lex.attribution_re``; a word glued to a hyphen before
        it ("Ex-sagte") is no verb.
        """
        if self._hits is None:
            low = self.text.lower()
            regex = self.lex.attribution_re
            if len(low) != len(self.text):
                # Lower-casing moved the offsets ("İ"): match as written.
                regex = re.compile(regex.pattern, re.IGNORECASE)
                low = self.text
            self._hits = [
                (m.start(), m.end(), m.lastgroup)
                for m in regex.finditer(low)
                if m.start() == 0 or low[m.start() - 1] != "-"
            ]
            self._hit_starts = [h[0] for h in self._hits]
        lo = bisect_left(self._hit_starts, start)
        hi = bisect_left(self._hit_starts, end)
        return [h for h in self._hits[lo:hi] if h[1] <= end]

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

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        """The mentions inside ``[start, end)``, in order."""
        return self._in(start, end)

    def named(self, m: Mention) -> Speaker:
        """The speaker a mention names (its canonical name, or as written)."""
        return self._named(m)

    def _named(self, m: Mention) -> Speaker:
        found = self._named_cache.get(m.start)
        if found is None or found.at is None or found.at.end != m.end:
            found = self._named_cache[m.start] = self._name_of_mention(m)
        return found

    def _name_of_mention(self, m: Mention) -> Speaker:
        # A KB entity shares only a surname with the name written here
        # ("Markus Lindner" linked to another Lindner): keep the name as
        # written and link nothing.
        # A KB person written as a role ("Chancellor" for Olaf Scholz) has no
        # surname to share: "German Chancellor" is no first name and surname.
        if (
            m.entity_id.startswith("kb:")
            and m.type == "PERSON"
            and not self._is_role(m.text.split()[-1])
        ):
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
        words = list(TOKEN_RE.finditer(self.text, max(0, m.start - 30), m.start))
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

    def _is_role(self, word: str) -> bool:
        w = word.lower().rsplit("-", 1)[-1]
        return w in self.lex.role_words or w.endswith(self.lex.role_endings)

    def _unnamed(self, noun: str, start: int, end: int, prefix: str | None = None) -> Speaker:
        # Case-insensitive regexes take "ı" for "i" and "ſ" for "s", lower()
        # does not: such a spelling is kept as written.
        name = self.lex.unnamed.get(noun.lower(), noun)
        if prefix and prefix[:1].isupper() and " " in name:
            # "ein Siemens-Sprecher": "a Siemens spokesperson".
            article, rest = name.split(" ", 1)
            name = f"{'a' if article == 'an' else article} {prefix} {rest}"
        return Speaker(name, None, "unnamed", Span(start, end))

    def _modifier(self, m: Mention) -> bool:
        """A name used as a modifier: "the Trump administration", "Trump-Regierung"."""
        if self.text[m.end : m.end + 1] == "-":
            return True
        words = self.text[max(0, m.start - 12) : m.start].split()
        return bool(words) and words[-1].lower() in self.lex.determiners

    def sentence(self, pos: int) -> Span:
        k = max(bisect_right(self.sent_starts, pos) - 1, 0)
        return self.sentences[k] if self.sentences else Span(0, len(self.text))
