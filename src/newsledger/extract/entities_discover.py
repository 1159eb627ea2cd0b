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

import bisect
import functools
import re
from dataclasses import dataclass

from newsledger.extract.entities_single import appositive
from newsledger.extract.entities_text import Rules, Tokens
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


@dataclass(frozen=True, slots=True)
class Found:
    first: int
    last: int
    type: EntityType
    name: str


@functools.lru_cache(maxsize=1 << 16)
def is_capitalised(word: str) -> bool:
    """True for "Musk", "OpenAI", "xAI"; false for "the", "42", "-"."""
    first = word[:1]
    if first.isupper():
        return word.isalnum()
    return word.isalnum() and first.islower() and not word.islower() and not word.isdigit()


class Discoverer:
    """Discovery over one document's tokens."""

    def __init__(self, tokens: Tokens, taken: list[str | None], rules: Rules) -> None:
        self.t = tokens
        self.taken = taken  # per token: the type of the KB match covering it
        self.r = rules
        self.headlines: dict[int, bool] = {}
        self.breaks: list[int] | None = None  # offsets of line breaks, found on first use

    # -- context helpers -------------------------------------------------

    def headline(self, i: int) -> bool:
        """True when token ``i`` is on a title-case line (a headline)."""
        text = self.t.text
        if self.breaks is None:
            self.breaks = [m.start() for m in re.finditer("\n", text)]
        k = bisect.bisect_left(self.breaks, self.t.starts[i])
        start = self.breaks[k - 1] + 1 if k > 0 else 0
        cached = self.headlines.get(start)
        if cached is None:
            end = self.breaks[k] if k < len(self.breaks) else len(text)
            line = text[start:end].strip()
            words = [w for w in re.findall(r"[^\W\d_]{4,}", line)]
            caps = sum(1 for w in words if w[0].isupper())
            cached = (
                len(words) >= HEADLINE_MIN_WORDS
                and caps >= HEADLINE_CAPS_SHARE * len(words)
                and not line.endswith((".", "!", "?", "”", '"', "“"))
            )
            self.headlines[start] = cached
        return cached

    def _prev(self, i: int) -> tuple[int, str]:
        """Index and text of the word before ``i``, looking through an opening quote."""
        j = i - 1
        while j >= 0 and self.t.words[j] in OPEN_QUOTES:
            j -= 1
        if j > 0 and self.t.words[j] == "." and self.t.words[j - 1] in self.r.titles:
            j -= 1  # "Dr. Jane Doe"
        return j, self.t.words[j] if j >= 0 else ""

    def _compound_before(self, j: int) -> str:
        """The hyphen compound ending at token ``j`` ("US-Präsidenten")."""
        words = self.t.words
        start = j
        while start >= 2 and words[start - 1] == "-" and self.t.joined(start - 1):
            start -= 2
        return "".join(words[start : j + 1])

    def _cue_before(self, i: int, lexicon: frozenset[str]) -> bool:
        j, word = self._prev(i)
        if j < 0 or self.taken[j] is not None:
            return False
        folded = word.casefold()
        if folded in lexicon or self._compound_before(j).casefold() in lexicon:
            return True
        if lexicon is self.r.org_cues and self.r.capitalised_nouns and self.r.is_descriptor(word):
            return True  # "Batteriehersteller Acme"
        return j >= 1 and f"{self.t.folds[j - 1]} {folded}" in lexicon

    def _role_before(self, i: int) -> str | None:
        j, word = self._prev(i)
        if j < 0 or self.taken[j] is not None:
            return None
        if word in self.r.titles:
            return "title"
        if self._is_role(word) or self._compound_before(j).casefold() in self.r.roles:
            return "role"  # also "Wirtschaftsministerin", "Vorstandschefin"
        if word[:1].islower() and self._role_ends_at(j):
            return "role"  # "chief executive Jane Doe"
        if word == "," and j >= 1 and self._role_ends_at(j - 1):
            return "role"  # "its chief executive, Jane Doe,"
        return None

    def _role_ends_at(self, j: int) -> bool:
        folds = self.t.folds
        for size in range(self.r.max_role_words, 0, -1):
            if j - size + 1 >= 0 and " ".join(folds[j - size + 1 : j + 1]) in self.r.roles:
                return self.taken[j] is None
        return False

    def _is_role(self, word: str) -> bool:
        folded = word.casefold()
        return folded in self.r.roles or (
            self.r.capitalised_nouns and folded.endswith(self.r.role_endings)
        )

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
        for size in range(self.r.max_role_words, 0, -1):
            if " ".join(folds[k : k + size]) in self.r.roles and k + size <= len(words):
                return True
        return False

    def _bad(self, word: str) -> bool:
        return self.r.looks_like_common_noun(word) or word in self.r.titles

    def _name(self, a: int, b: int) -> str:
        return re.sub(r"\s+", " ", self.t.text[self.t.starts[a] : self.t.ends[b - 1]])

    def _word_indices(self, a: int, b: int) -> list[int]:
        return [k for k in range(a, b) if is_capitalised(self.t.words[k])]

    # -- the run -----------------------------------------------------------

    def _run_end(self, i: int) -> int:
        t, taken, n = self.t, self.taken, len(self.t)
        j = i + 1
        while j < n:
            if taken[j] is None and t.spaced(j) and is_capitalised(t.words[j]):
                j += 1
            elif self._joins(j):
                j += 2
            else:
                break
        return j

    def _joins(self, j: int) -> bool:
        """True when token ``j`` links two parts of one name ("Hewlett-Packard", "Bank of")."""
        t, taken, n = self.t, self.taken, len(self.t)
        return (
            t.words[j] == "-"
            and j + 1 < n
            and t.joined(j)
            and t.joined(j + 1)
            and taken[j + 1] is None
            and is_capitalised(t.words[j + 1])
        ) or (
            (t.words[j] in self.r.org_connectors or t.words[j] in self.r.name_particles)
            and j + 1 < n
            and t.spaced(j)
            and t.spaced(j + 1)
            and taken[j + 1] is None
            and is_capitalised(t.words[j + 1])
            and t.words[j + 1] not in self.r.stop_words
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
            if self._bad(word) or word in self.r.org_heads or word in self.r.legal_forms:
                break
            count += 1
            k += 1
            end = k
        while end > a and not is_capitalised(t.words[end - 1]):
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
        r, words = self.r, self.t.words
        last = b - 1
        while last > a and not is_capitalised(words[last]):
            last -= 1
        start = a
        for k in range(a, last):
            word = words[k]
            if not word.isalnum():
                continue
            if self._is_role(word) or (r.capitalised_nouns and r.is_descriptor(word)):
                start = k + 1
        while start < b and not is_capitalised(words[start]):
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
        words = t.words
        while a < b and (
            words[a] in r.stop_words
            or words[a] in r.titles
            or not is_capitalised(words[a])
            or (a + 1 < b and t.folds[a] in r.org_cues)
        ):
            a += 1
        while b > a and not is_capitalised(words[b - 1]):
            b -= 1
        if a >= b:
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
            and self._is_role(words[a - 1] if a else "")
        ):
            # "Investor Harbor Rock Capital": the head makes it a firm, not a person
            return Found(a, b, "ORG", self._name(a, b)), b
        role = self._role_before(a)
        if role is None and len(names) >= 3 and self._is_role(words[a]):
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
                while core > a and not is_capitalised(words[core - 1]):
                    core -= 1
                return Found(a, b, "ORG", self._name(a, core)), b
            if last in r.org_heads and not any(self._bad(words[k]) for k in names[:-1]):
                return Found(a, b, "ORG", self._name(a, b)), b
        if len(names) > MAX_NAME_WORDS:
            return None, b
        if before_product_cue:
            return self._product(a, b), b
        if any(self._bad(words[k]) for k in names):
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
        if self._cue_before(a, r.product_cues) and not adjective:
            return Found(a, b, "PRODUCT", self._name(a, b))
        if self._cue_before(a, r.org_cues) and not adjective:
            return Found(a, b, "ORG", self._name(a, b))
        if self._cue_before(a, r.facility_cues):
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
        if any(self._bad(words[k]) for k in names):
            return None
        if single and (
            words[a].casefold().endswith(r.adjective_suffixes) or self.t.sentence_start(a)
        ):
            return None
        return Found(a, end, "PRODUCT", self._name(a, end))

    def run(self) -> list[Found]:
        found: list[Found] = []
        t, taken = self.t, self.taken
        n = len(t)
        i = 0
        while i < n:
            if taken[i] is not None or not is_capitalised(t.words[i]) or self.headline(i):
                i += 1
                continue
            end = self._run_end(i)
            start = i
            while start < end:
                item, nxt = self.classify(start, end)
                if item is not None:
                    found.append(item)
                start = max(nxt, start + 1)
            i = end
        return found
