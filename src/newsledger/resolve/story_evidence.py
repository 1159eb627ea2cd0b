"""Story evidence: what one document says, reduced to features that cross languages.

An English and a German report of one event share hardly a word, but they
name the same canonical entities, report the same figures and describe the
same events.  ``story_evidence`` is a pure function of one extraction, so
it runs with the other per-document stages and its result is stored; the
clustering in ``newsledger.resolve.stories`` only reads it.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from datasketch import MinHash

from newsledger.model import Extraction

# How much one kind of shared feature counts, before rarity weighting.  A
# shared event (same type, same actors and targets) is the strongest sign of
# one story; a figure or claim next; entity overlap is the bulk of the
# evidence; the same event type in the same month is weak; text bands only
# match within a language and mostly catch rewrites.
KIND_WEIGHT = {"e": 1.0, "v": 2.0, "f": 1.0, "c": 1.0, "t": 0.5, "w": 1.5}
# MinHash bands over a document's content words: 16 bands of 2 rows match
# with probability J^2 per band, a graded signal for Jaccard 0.2-0.8.
TEXT_PERM = 32
TEXT_ROWS = 2
TEXT_MIN_WORD = 4
# Figures are compared at two significant digits, so that "$97 billion"
# and "$97.4 billion" meet while 1,000,000 and 100,000 GPUs do not.
FIGURE_DIGITS = 2

_WORD = re.compile(r"\w+", re.UNICODE)
_NON_KEY = re.compile(r"\W+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class StoryEvidence:
    """What one document says, reduced to features that cross languages.

    ``features`` maps a feature key to its weight in (0, 1]; keys start with
    a kind letter: ``e:`` canonical entity, ``v:`` event with its actors and
    targets, ``t:`` event type and month, ``f:`` figure value and unit,
    ``c:`` claim subject and figure, ``w:`` MinHash band of the words.
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


def _text_bands(text: str, language: str) -> list[str]:
    words = {w for w in _WORD.findall(text.casefold()) if len(w) >= TEXT_MIN_WORD}
    if not words:
        return []
    minhash = MinHash(num_perm=TEXT_PERM, seed=7)
    minhash.update_batch([w.encode() for w in words])
    values = minhash.hashvalues
    bands = []
    for band in range(TEXT_PERM // TEXT_ROWS):
        chunk = values[band * TEXT_ROWS : (band + 1) * TEXT_ROWS].tobytes()
        digest = hashlib.blake2b(chunk, digest_size=6).hexdigest()
        bands.append(f"w:{language}:{band}:{digest}")
    return bands


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
    bands = _text_bands(doc.text, doc.language)
    for band in bands:
        # The bands together weigh as much as one strong feature.
        features[band] = 1.0 / len(bands)
    return StoryEvidence(
        doc_id=doc.id,
        language=doc.language,
        published=doc.published,
        features=tuple(sorted(features.items())),
        names=tuple(sorted(names.items())),
        event_types=tuple(event_types),
        dates=tuple(sorted(set(dates))),
    )
