"""Counts, score records and the matching helpers every category shares."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from newsledger.evaluate.gold import GoldEntity

# FORMAT.md: values agree within 1 %; quotes overlap by 60 % of gold tokens.
VALUE_TOLERANCE = 0.01
QUOTE_OVERLAP = 0.6
# Words this short are mostly articles and prepositions ("an", "the", "ein");
# dropping them keeps "an investor" from matching "an industry insider".
DESCRIPTION_MIN_CHARS = 4
# A boilerplate line this long, ending like a sentence, is probably article
# text that the cleaner threw away (the brief's definition).
SENTENCE_MIN_WORDS = 8

CATEGORIES = (
    "entities",
    "figures",
    "quotes",
    "direct_quotes",
    "events",
    "contradictions",
    "stories",
    "boilerplate",
)

_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_SOURCE_SEP = re.compile(r"[\\/]")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})

T = TypeVar("T")
U = TypeVar("U")
Extra = Mapping[str, float | int | None]


@dataclass(frozen=True)
class Counts:
    system: int = 0
    gold: int = 0
    system_matched: int = 0
    gold_matched: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.system + other.system,
            self.gold + other.gold,
            self.system_matched + other.system_matched,
            self.gold_matched + other.gold_matched,
        )

    @property
    def applicable(self) -> bool:
        return bool(self.system or self.gold)

    @property
    def precision(self) -> float | None:
        if not self.applicable:
            return None
        return self.system_matched / self.system if self.system else 0.0

    @property
    def recall(self) -> float | None:
        if not self.applicable:
            return None
        return self.gold_matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class CategoryScore:
    name: str
    total: Counts
    per_document: Mapping[str, Counts]
    extra: Extra
    document_extra: Mapping[str, Extra]


@dataclass(frozen=True)
class Scores:
    categories: tuple[CategoryScore, ...]
    missing_documents: tuple[str, ...]
    unscored_documents: tuple[str, ...]

    def category(self, name: str) -> CategoryScore:
        for category in self.categories:
            if category.name == name:
                return category
        raise KeyError(f"no category {name!r}; choose from {', '.join(CATEGORIES)}")


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES)
    return _SPACE.sub(" ", text).strip().casefold()


def tokens(text: str) -> list[str]:
    return _WORD.findall(norm(text))


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= VALUE_TOLERANCE * max(abs(a), abs(b))


def number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


Names = Mapping[str, frozenset[str]]


def gold_names(entities: Iterable[GoldEntity]) -> dict[str, frozenset[str]]:
    """Normalised canonical name -> every normalised form that refers to it."""
    forms: dict[str, set[str]] = {}
    for entity in entities:
        key = norm(entity.name)
        forms.setdefault(key, {key}).update(norm(m) for m in entity.mentions)
    return {key: frozenset(value) for key, value in forms.items()}


def name_matches(system: Any, gold: str, names: Names) -> bool:
    if not isinstance(system, str):
        return False
    s, g = norm(system), norm(gold)
    return s == g or s in names.get(g, frozenset())


def description_matches(system: Any, gold: str) -> bool:
    if not isinstance(system, str):
        return False
    a = {t for t in tokens(system) if len(t) >= DESCRIPTION_MIN_CHARS}
    b = {t for t in tokens(gold) if len(t) >= DESCRIPTION_MIN_CHARS}
    shared = len(a & b)
    return shared > 0 and 2 * shared >= min(len(a), len(b))


def greedy(
    gold: Sequence[T], system: Sequence[U], strength: Callable[[T, U], float | None]
) -> list[tuple[int, int]]:
    """One-to-one pairs, strongest first; ties go to the item with fewer options."""
    candidates = [
        (s, gi, si)
        for gi, g in enumerate(gold)
        for si, item in enumerate(system)
        if (s := strength(g, item)) is not None
    ]
    gold_degree = Counter(gi for _, gi, _ in candidates)
    system_degree = Counter(si for _, _, si in candidates)
    candidates.sort(key=lambda c: (-c[0], gold_degree[c[1]], system_degree[c[2]], c[1], c[2]))
    used_gold: set[int] = set()
    used_system: set[int] = set()
    pairs = []
    for _, gi, si in candidates:
        if gi not in used_gold and si not in used_system:
            used_gold.add(gi)
            used_system.add(si)
            pairs.append((gi, si))
    return pairs


def tally(
    gold: Sequence[T], system: Sequence[U], strength: Callable[[T, U], float | None]
) -> tuple[Counts, list[tuple[int, int]]]:
    pairs = greedy(gold, system, strength)
    return Counts(len(system), len(gold), len(pairs), len(pairs)), pairs


def basename(source: Any) -> str:
    return _SOURCE_SEP.split(str(source or ""))[-1]


def by_doc(records: Iterable[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]]]:
    grouped: dict[str, list[Mapping[str, Any]]] = {}
    for record in records:
        grouped.setdefault(str(record.get("doc")), []).append(record)
    return grouped
