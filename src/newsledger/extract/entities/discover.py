"""Discovery of names the knowledge base does not know.

A run of capitalised words is a name only with positive evidence: a title or
role before it ("analyst", "Präsident"), a given name, an organisation suffix
("Labs", "GmbH"), a cue noun ("startup X", "the X chatbot"), a role after it
("Jane Doe, CEO of ..."), a state or country after it ("Abilene, Texas"), or
the inner capitals of a brand ("DeepSeek").  Capitalisation alone is never
enough, which is what keeps German nouns ("Rechenzentrum", "Milliarden") and
sentence-initial words out.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from newsledger.extract.entities.single import appositive
from newsledger.extract.entities.text import Rules, Tokens, is_capitalised
from newsledger.model import EntityType

# Longest run of capitalised words taken as one name.
MAX_NAME_WORDS = 4
# A line is a headline (title case, no discovery) when at least this share of
# its words of four letters or more is capitalised.  English prose runs at
# 0.1-0.3 and German prose at 0.3-0.5; title-case headlines are near 1.0.
HEADLINE_CAPS_SHARE = 0.7
HEADLINE_MIN_WORDS = 3

OPEN_QUOTES = frozenset("„“\"‚‘'«»")
ARTICLES = frozenset(
    {"a", "an", "the", "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen"}
    | {"einem", "einer", "its", "his", "her", "their"}
)
BRAND_RE = re.compile(r"[a-z][A-Z]|^[a-z]+[A-Z]")
EXCHANGES = frozenset({"NASDAQ", "Nasdaq", "NYSE", "XETRA", "ETR", "LSE", "TSX", "OTC", "FRA"})
HEADLINE_WORD_RE = re.compile(r"[^\W\d_]{4,}")
SPACE_RUN_RE = re.compile(r"\s+")
HEADLINE_ENDS = (".", "!", "?", "”", '"', "“")

__all__ = ["Discoverer", "Found", "is_capitalised"]


@dataclass(frozen=True, slots=True)
class Found:
    first: int
    last: int
    type: EntityType
    name: str


class Discoverer:
    """Discovery over one document's tokens."""

    def __init__(self, tokens: Tokens, taken: list[str | None], rules: Rules) -> None:
        self.t = tokens
        self.taken = taken  # per token: the type of the KB match covering it
        self.r = rules
        # The line of the last ``headline`` question, [start, end), and its answer:
        # questions mostly come in text order, so most hit the same line again.
        self.line = (0, -1, False)
        self.headlines: dict[int, tuple[int, bool]] = {}  # line start -> end, answer

    # -- context helpers -------------------------------------------------

    def headline(self, i: int) -> bool:
        """True when token ``i`` is on a title-case line (a headline)."""
        offset = self.t.starts[i]
        start, end, verdict = self.line
        if start <= offset < end:
            return verdict
        text = self.t.text
        start = text.rfind("\n", 0, offset) + 1
        cached = self.headlines.get(start)
        if cached is not None:
            end, verdict = cached
        else:
            end = text.find("\n", offset)
            if end < 0:
                end = len(text)
            line = text[start:end].strip()
            # Prose lines end in a full stop: decided without counting their words.
            verdict = not line.endswith(HEADLINE_ENDS)
            if verdict:
                words = HEADLINE_WORD_RE.findall(line)
                caps = sum(1 for w in words if w[0].isupper())
                verdict = len(words) >= HEADLINE_MIN_WORDS and caps >= HEADLINE_CAPS_SHARE * len(
                    words
                )
            self.headlines[start] = (end, verdict)
        self.line = (start, end, verdict)
        return verdict

    def _prev(self, i: int) -> tuple[int, str]:
        """Index and text of the word before ``i``, looking through an opening quote."""
        words = self.t.words
        j = i - 1
        while j >= 0 and words[j] in OPEN_QUOTES:
            j -= 1
        if j > 0 and words[j] == "." and words[j - 1] in self.r.titles:
            j -= 1  # "Dr. Jane Doe"
        return j, words[j] if j >= 0 else ""

    def _compound_before(self, j: int) -> str:
        """The hyphen compound ending at token ``j`` ("US-Präsidenten")."""
        words, gaps = self.t.words, self.t.gaps
        start = j
        while start >= 2 and words[start - 1] == "-" and not gaps[start - 1]:
            start -= 2
        return words[j] if start == j else "".join(words[start : j + 1])

    def _cues_before(self, i: int, lexicons: tuple[frozenset[str], ...]) -> list[bool]:
        """Per lexicon, whether a cue noun of it stands before token ``i``."""
        j, word = self._prev(i)
        if j < 0 or self.taken[j] is not None:
            return [False] * len(lexicons)
        folded = word.casefold()
        compound = self._compound_before(j).casefold()
        pair = f"{self.t.folds[j - 1]} {folded}" if j >= 1 else None
        r = self.r
        verdicts = []
        for lexicon in lexicons:
            verdicts.append(
                folded in lexicon
                or compound in lexicon
                # "Batteriehersteller Acme"
                or (lexicon is r.org_cues and r.capitalised_nouns and r.is_descriptor(word))
                or (pair is not None and pair in lexicon)
            )
        return verdicts

    def _role_before(self, i: int) -> str | None:
        j, word = self._prev(i)
        if j < 0 or self.taken[j] is not None:
            return None
        if word in self.r.titles:
            return "title"
        if self.r.is_role(word) or self._compound_before(j).casefold() in self.r.roles:
            return "role"  # also "Wirtschaftsministerin", "Vorstandschefin"
        if word[:1].islower() and self._role_ends_at(j):
            return "role"  # "chief executive Jane Doe"
        if word == "," and j >= 1 and self._role_ends_at(j - 1):
            return "role"  # "its chief executive, Jane Doe,"
        return None

    def _role_ends_at(self, j: int) -> bool:
        return self.r.role_ends_at(self.t.folds, j) and self.taken[j] is None

    def _role_after(self, j: int) -> bool:
        """True for ", CEO of", ", an analyst at", ", den Gründer von" after a name."""
        words, folds = self.t.words, self.t.folds
        if j >= len(words) or words[j] != ",":
            return False
        k = j + 1
        if k < len(words) and folds[k] in ARTICLES:
            k += 1
        # ", Anthropic's chief financial officer": an organisation and its possessive
        while k < len(words) and self.taken[k] == "ORG":
            k += 1
        if k + 1 < len(words) and folds[k] in self.r.org_appositives and words[k + 1] in "’'":
            k += 1  # ", the company's chief executive"
        if k + 1 < len(words) and words[k] in ("’", "'") and folds[k + 1] == "s":
            k += 2
        return self.r.role_starts_at(folds, k)

    def _name(self, a: int, b: int) -> str:
        return SPACE_RUN_RE.sub(" ", self.t.text[self.t.starts[a] : self.t.ends[b - 1]])

    def _word_indices(self, a: int, b: int) -> list[int]:
        caps = self.t.caps
        return [k for k in range(a, b) if caps[k]]

    # -- the run -----------------------------------------------------------

    def _run_end(self, i: int) -> int:
        t, taken = self.t, self.taken
        caps, gaps = t.caps, t.gaps
        n = len(caps)
        j = i + 1
        while j < n:
            if taken[j] is None and caps[j] and (gaps[j] == " " or gaps[j] == "\u00a0"):
                j += 1
            elif self._joins(j):
                j += 2
            else:
                break
        return j

    def _joins(self, j: int) -> bool:
        """True when token ``j`` links two parts of one name ("Hewlett-Packard", "Bank of")."""
        t = self.t
        k = j + 1
        if k >= len(t.words) or self.taken[k] is not None or not t.caps[k]:
            return False
        word, gaps = t.words[j], t.gaps
        if word == "-" and not gaps[j] and not gaps[k]:
            return True
        r = self.r
        return (
            (word in r.org_connectors or word in r.name_particles)
            and (gaps[j] == " " or gaps[j] == "\u00a0")
            and (gaps[k] == " " or gaps[k] == "\u00a0")
            and t.words[k] not in r.stop_words
        )

    def _person_from(self, a: int, b: int, max_words: int) -> int:
        """End of a person name starting at ``a`` (0 when the words do not fit)."""
        t = self.t
        end = a
        count = 0
        k = a
        while k < b and count < max_words:
            word = t.words[k]
            linking = word in self.r.name_particles or word in self.r.org_connectors
            if linking and self._org_within(k + 1, b):
                break  # "Jane Doe of Acme Group", "Jan Kern von Brix Systems"
            if word in self.r.name_particles and k + 1 < b:
                k += 1
                continue
            if word == "-":
                k += 1
                continue
            if self.r.bad(word) or word in self.r.org_heads or word in self.r.legal_forms:
                break
            count += 1
            k += 1
            end = k
        while end > a and not t.caps[end - 1]:
            end -= 1  # a name never ends in "of" or "von"
        return end if count else 0

    def _org_within(self, a: int, b: int) -> bool:
        """True when ``[a, b)`` holds an organisation head or legal form."""
        words = self.t.words
        return any(
            words[k] in self.r.org_heads or words[k] in self.r.legal_forms for k in range(a, b)
        )

    def _after_descriptors(self, a: int, b: int) -> int:
        """Start of the name once leading descriptors are cut off.

        "Batteriehersteller Acme Energy", "Acmes Konkurrent Brix Cells" and
        "Acme-Chefin Jane Doe" name "Acme Energy", "Brix Cells" and "Jane Doe";
        the descriptor or role stays as evidence before the new start.
        """
        r, words, caps = self.r, self.t.words, self.t.caps
        last = b - 1
        while last > a and not caps[last]:
            last -= 1
        start = a
        for k in range(a, last):
            if r.describes(words[k]):
                start = k + 1
        while start < b and not caps[start]:
            start += 1
        return start if start < b else a

    def _generic(self, a: int, b: int, names: list[int]) -> bool:
        """ "einer Frankfurter Bank": a place adjective and a head noun after an
        indefinite article describe some organisation, they do not name one."""
        r, t = self.r, self.t
        if len(names) != 2 or t.words[names[-1]] not in r.org_heads:
            return False
        j, _ = self._prev(a)
        return (
            j >= 0
            and t.folds[j] in r.indefinite_articles
            and t.folds[names[0]].endswith(r.place_adjective_suffixes)
        )

    def classify(self, a: int, b: int) -> tuple[Found | None, int]:
        """The entity in run ``[a, b)`` and the token where the next run starts."""
        r, t = self.r, self.t
        words, caps = t.words, t.caps
        while a < b and (
            words[a] in r.stop_words
            or words[a] in r.titles
            or not caps[a]
            or (a + 1 < b and t.folds[a] in r.org_cues)
        ):
            a += 1
        while b > a and not caps[b - 1]:
            b -= 1
        if a >= b:
            return None, b
        if b == a + 1 and r.bad(words[a]):
            # A lone common noun is no name whatever surrounds it (the rules
            # below would each reject it); most German runs end here.
            return None, b
        a = self._after_descriptors(a, b)
        names = self._word_indices(a, b)
        if not names:
            return None, b
        if self._generic(a, b, names):
            return None, b
        last = words[b - 1]
        if (
            len(names) >= 2
            and (last in r.legal_forms or last in r.org_heads)
            and self.r.is_role(words[a - 1] if a else "")
        ):
            # "Investor Harbor Rock Capital": the head makes it a firm, not a person
            return Found(a, b, "ORG", self._name(a, b)), b
        role = self._role_before(a)
        if role is None and len(names) >= 3 and self.r.is_role(words[a]):
            a = names[1]  # "Wirtschaftsministerin Katherina Reiche" as one run
            names = names[1:]
            role = "role"
        if role is not None:
            end = self._person_from(a, b, 3)
            count = len(self._word_indices(a, end)) if end else 0
            if count >= 2 or (count == 1 and role == "title"):
                return Found(a, end, "PERSON", self._name(a, end)), end
        if words[a] in r.first_names and len(names) >= 2:
            end = self._person_from(a, b, 3)
            if len(self._word_indices(a, end)) >= 2:
                return Found(a, end, "PERSON", self._name(a, end)), end
        last = words[b - 1]
        before_product_cue = b < len(words) and t.folds[b] in r.product_cues
        if len(names) >= 2 and words[a] not in r.stop_words and not before_product_cue:
            if last in r.legal_forms:
                core = b - 1
                while core > a and not caps[core - 1]:
                    core -= 1
                return Found(a, b, "ORG", self._name(a, core)), b
            if last in r.org_heads and not any(self.r.bad(words[k]) for k in names[:-1]):
                return Found(a, b, "ORG", self._name(a, b)), b
        if len(names) > MAX_NAME_WORDS:
            return None, b
        if before_product_cue:
            return self._product(a, b), b
        if any(self.r.bad(words[k]) for k in names):
            return None, b
        found = self._by_context(a, b, names)
        return found, b

    def _by_context(self, a: int, b: int, names: list[int]) -> Found | None:
        r, t = self.r, self.t
        words, n = t.words, len(t)
        single = len(names) == 1
        initial = t.sentence_start(a)
        if 2 <= len(names) <= 3 and self._role_after(b):
            return Found(a, b, "PERSON", self._name(a, b))
        if b + 2 < n and words[b] == "(" and words[b + 1] in EXCHANGES:
            return Found(a, b, "ORG", self._name(a, b))
        if not single and b < n and words[b] == ",":
            kind = appositive(t, r, b)  # "Acme Cells, a battery maker"
            if kind is not None:
                return Found(a, b, kind, self._name(a, b))
        adjective = single and words[a].casefold().endswith(r.adjective_suffixes)
        nxt = b
        while nxt < n and words[nxt] in ("”", "“", '"', "’"):
            nxt += 1
        if nxt < n and t.folds[nxt] in r.product_cues and self.taken[nxt] is None:
            return self._product(a, b)
        product, org, facility = self._cues_before(a, (r.product_cues, r.org_cues, r.facility_cues))
        if product and not adjective:
            return Found(a, b, "PRODUCT", self._name(a, b))
        if org and not adjective:
            return Found(a, b, "ORG", self._name(a, b))
        if facility:
            return Found(a, b, "FACILITY", self._name(a, b))
        if (
            b + 1 < n
            and words[b] == ","
            and self.taken[b + 1] == "GPE"
            and not initial
            and not adjective
        ):
            return Found(a, b, "GPE", self._name(a, b))
        if single and len(words[a]) >= 4 and BRAND_RE.search(words[a]) and not words[a].isupper():
            return Found(a, b, "ORG", words[a])
        return None

    def _product(self, a: int, b: int) -> Found | None:
        """ "the Scorpio chips", "Scorpio AI platforms": the name before a product noun."""
        r, words = self.r, self.t.words
        end = b
        while end > a + 1 and words[end - 1] in r.stop_words:
            end -= 1  # "Scorpio AI platforms" names Scorpio
        names = self._word_indices(a, end)
        single = len(names) == 1
        if any(self.r.bad(words[k]) for k in names):
            return None
        if single and (
            words[a].casefold().endswith(r.adjective_suffixes) or self.t.sentence_start(a)
        ):
            return None
        return Found(a, end, "PRODUCT", self._name(a, end))

    def run(self) -> list[Found]:
        found: list[Found] = []
        taken, words, bad = self.taken, self.t.words, self.r.bad
        end = 0
        for i in itertools.compress(range(len(taken)), self.t.caps):
            if i < end or taken[i] is not None or self.headline(i):
                continue
            end = self._run_end(i)
            if end == i + 1 and bad(words[i]):
                continue  # what ``classify`` says of a lone common noun, without asking
            start = i
            while start < end:
                item, nxt = self.classify(start, end)
                if item is not None:
                    found.append(item)
                start = max(nxt, start + 1)
        return found
