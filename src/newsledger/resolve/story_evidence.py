"""Story evidence: what one document says, reduced to features that cross languages.

An English and a German report of one event share hardly a word, but they
name the same canonical entities, report the same figures and describe the
same events.  ``story_evidence`` is a pure function of one extraction, so
it runs with the other per-document stages and its result is stored; the
clustering in ``newsledger.resolve.stories`` only reads it.
"""

from __future__ import annotations

import importlib
import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from newsledger.model import Extraction

# How much one kind of shared feature counts within its family, before
# rarity weighting.  A shared event (same type, same actors and targets) is
# the strongest sign of one story; a figure or claim next; the same event
# type in the same month is weak.
KIND_WEIGHT = {"e": 1.0, "v": 2.0, "f": 1.0, "c": 1.0, "t": 0.5, "k": 1.0, "n": 1.0}
# The title and lead say what happened; further down, articles drift into
# background.  About the length of a SemEval text (median 1,050 characters).
LEAD_CHARS = 1500
# Words are cut to this many characters, a cheap stem that lets inflections
# and compounds of one word meet ("Übernahme", "Übernahmen").
STEM_CHARS = 6
TEXT_MIN_WORD = 3
# Title words say more about the event than lead words.
TITLE_WEIGHT = 1.0
LEAD_WEIGHT = 0.6
# Figures are compared at two significant digits, so that "$97 billion"
# and "$97.4 billion" meet while 1,000,000 and 100,000 GPUs do not.
FIGURE_DIGITS = 2

_WORD = re.compile(r"[^\W\d_]+|\d[\d.,]*\d|\d", re.UNICODE)
_NON_KEY = re.compile(r"\W+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class StoryEvidence:
    """What one document says, reduced to features that cross languages.

    ``features`` maps a feature key to its weight in (0, 1]; keys start with
    a kind letter: ``e:`` canonical entity, ``v:`` event with its actors and
    targets, ``t:`` event type and month, ``f:`` figure value and unit,
    ``c:`` claim subject and figure, ``k:`` a stemmed word of the title or
    lead in one language, ``n:`` a language-neutral token of the title or
    lead (a number, or a capitalised word, as names are spelled alike across
    languages).
    """

    doc_id: str
    language: str
    published: str | None
    features: tuple[tuple[str, float], ...]
    names: tuple[tuple[str, str], ...] = ()  # entity id -> display name
    event_types: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()  # event dates, ISO, any precision

    def entity_ids(self) -> tuple[str, ...]:
        return tuple(key[2:] for key, _ in self.features if key.startswith("e:"))

    def remapped(self, entity_remap: Mapping[str, str]) -> StoryEvidence:
        """The same evidence with merged entity ids replaced by the kept ids.

        Evidence is computed at ingest; entity resolution may merge ids
        later, so the clustering run applies the latest remap.
        """
        if not entity_remap:
            return self
        features: dict[str, float] = {}
        for key, weight in self.features:
            new_key = _remap_key(key, entity_remap)
            features[new_key] = max(weight, features.get(new_key, 0.0))
        names: dict[str, str] = {}
        for entity_id, name in self.names:
            names.setdefault(entity_remap.get(entity_id, entity_id), name)
        return replace(
            self, features=tuple(sorted(features.items())), names=tuple(sorted(names.items()))
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "language": self.language,
            "published": self.published,
            "features": [list(item) for item in self.features],
            "names": [list(item) for item in self.names],
            "event_types": list(self.event_types),
            "dates": list(self.dates),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> StoryEvidence:
        return cls(
            doc_id=str(data["doc_id"]),
            language=str(data["language"]),
            published=data.get("published"),
            features=tuple((str(k), float(w)) for k, w in data.get("features", ())),
            names=tuple((str(k), str(n)) for k, n in data.get("names", ())),
            event_types=tuple(str(e) for e in data.get("event_types", ())),
            dates=tuple(str(d) for d in data.get("dates", ())),
        )


def _remap_key(key: str, remap: Mapping[str, str]) -> str:
    kind, _, rest = key.partition(":")
    if kind == "e":
        return f"e:{remap.get(rest, rest)}"
    if kind == "c":
        subject, _, figure = rest.partition("|")
        return f"c:{remap.get(subject, subject)}|{figure}"
    if kind == "v":
        event_type, actors, targets = [*rest.split("|"), "", ""][:3]

        def ids(part: str) -> str:
            return ",".join(sorted({remap.get(i, i) for i in part.split(",") if i}))

        return f"v:{event_type}|{ids(actors)}|{ids(targets)}"
    return key


def _figure_key(value: float, unit: str) -> str:
    if value == 0 or not math.isfinite(value):
        return f"{unit}:0"
    return f"{unit}:{float(f'{value:.{FIGURE_DIGITS}g}'):g}"


def _fold(text: str) -> str:
    return _NON_KEY.sub(" ", text.casefold()).strip()


@cache
def _stop_words(language: str) -> frozenset[str]:
    # spaCy's stop word lists are plain data shipped with spaCy (no model).
    try:
        module = importlib.import_module(f"spacy.lang.{language}.stop_words")
    except ImportError:
        return frozenset()
    return frozenset(str(w).casefold() for w in getattr(module, "STOP_WORDS", ()))


def _number_token(token: str) -> str:
    # "35.000", "35,000" and "35000" meet; so do "1,5" and "1.5".
    return token.replace(".", "").replace(",", "")


def text_features(title: str | None, text: str, language: str) -> dict[str, float]:
    """Title and lead words: ``k:`` stems in one language, ``n:`` neutral tokens."""
    stop = _stop_words(language)
    features: dict[str, float] = {}
    parts = ((title or "", TITLE_WEIGHT), (text[:LEAD_CHARS], LEAD_WEIGHT))
    for part, weight in parts:
        sentence_start = True
        for match in _WORD.finditer(part):
            token = match.group()
            first = sentence_start
            tail = part[match.end() : match.end() + 2]
            sentence_start = tail[:1] in {".", "!", "?"} or "\n" in tail
            if token[0].isdigit():
                key = f"n:{_number_token(token)}"
                if len(key) > 3:  # a single digit says nothing
                    features[key] = max(weight, features.get(key, 0.0))
                continue
            folded = token.casefold()
            if len(folded) < TEXT_MIN_WORD or folded in stop:
                continue
            key = f"k:{language}:{folded[:STEM_CHARS]}"
            features[key] = max(weight, features.get(key, 0.0))
            # A capitalised word inside a sentence is a name (or, in German,
            # a noun, which simply finds no partner in English).
            acronym = len(token) > 1 and token.isupper()
            if acronym or (token[0].isupper() and not first):
                neutral = f"n:{folded}"
                features[neutral] = max(weight, features.get(neutral, 0.0))
    return features


def story_evidence(
    extraction: Extraction, entity_remap: Mapping[str, str] | None = None
) -> StoryEvidence:
    """The story features of one document (pure).

    ``entity_remap`` maps entity ids merged by cross-document resolution to
    the id kept, so that two spellings of one entity count as one feature.
    """
    remap = entity_remap or {}
    doc = extraction.document
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for mention in extraction.mentions:
        entity_id = remap.get(mention.entity_id, mention.entity_id)
        counts[entity_id] += 1
        names.setdefault(entity_id, mention.name)
        by_name.setdefault(_fold(mention.name), entity_id)
        by_name.setdefault(_fold(mention.text), entity_id)

    features: dict[str, float] = {}
    if counts:
        top = max(counts.values())
        for entity_id, n in counts.items():
            # Salience: the main actors weigh most; a passing mention little.
            features[f"e:{entity_id}"] = math.sqrt(n / top)

    def actor_id(name: str) -> str:
        return by_name.get(_fold(name)) or remap.get(name) or _fold(name)

    event_types: list[str] = []
    dates: list[str] = []
    for event in extraction.events:
        actors = ",".join(sorted({actor_id(a) for a in event.actors}))
        targets = ",".join(sorted({actor_id(t) for t in event.targets}))
        if actors or targets:
            features[f"v:{event.type}|{actors}|{targets}"] = 1.0
        if event.date:
            features[f"t:{event.type}|{event.date[:7]}"] = 1.0
            dates.append(event.date)
        event_types.append(event.type)
    for figure in extraction.figures:
        features[f"f:{_figure_key(figure.value, figure.unit)}"] = 1.0
    for claim in extraction.claims:
        subject = remap.get(claim.subject_id, claim.subject_id)
        key = _figure_key(claim.figure.value, claim.figure.unit)
        features[f"c:{subject}|{key}"] = 1.0
    features.update(text_features(doc.title, doc.text, doc.language))
    return StoryEvidence(
        doc_id=doc.id,
        language=doc.language,
        published=doc.published,
        features=tuple(sorted(features.items())),
        names=tuple(sorted(names.items())),
        event_types=tuple(event_types),
        dates=tuple(sorted(set(dates))),
    )
