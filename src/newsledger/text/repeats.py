"""Passages repeated inside one document.

Aggregated pages often tell a story twice: once as bullet points and again
as prose, or a summary followed by the article it summarises.  Facts found
in the second telling must not count twice, so this stage marks every
sentence whose content is mostly carried by one earlier sentence.

Matching is language-independent: words are case-folded and cut to a stem
prefix, numbers are kept whole, and each word is weighted by how rare it is
inside the document, so that "$97.4 billion ... Elon Musk ... acquire
OpenAI" matches its rewording while two sentences that merely share the
document's ever-present topic words do not.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from newsledger.model import Span

# Share of a sentence's weighted words that one earlier sentence must carry.
# Calibrated on bullets-then-prose pages: rewordings of the same sentence
# reach 0.55-0.8, different sentences about the same story stay below 0.4.
REPEAT_COVERAGE = 0.6
# The sentences after a repeated one continue the passage at a lower bar
# when they match the sentences after its original, in order.
CONTINUE_COVERAGE = 0.4
CONTINUE_WINDOW = 3
# Short sentences ("Musk isn't just attacking OpenAI.") match by chance on
# names alone; a passage must start with a sentence of this many stems.
MIN_CONTENT_WORDS = 8
MIN_SHARED_WORDS = 4
# Neighbouring sentences share words because they continue one thought; a
# retelling comes later.  The original must be at least this far back.
MIN_DISTANCE = 3
# Stems: the first letters of a word, so that "centered" meets "center"
# and "Musks" meets "Musk" in any language, without a stemmer per language.
STEM_LENGTH = 6
# Words shorter than this are mostly function words in English and German.
MIN_WORD_LENGTH = 4
# Consecutive repeated sentences separated by at most this many characters
# (spaces, bullets, a heading's newline) are reported as one passage.
MERGE_GAP = 3

COMMON_MIN_SENTENCES = 8
COMMON_SHARE = 0.25
# A rare word stops finding candidates once this many earlier originals hold
# it (it still counts towards coverage like a common word), so that the
# search costs linear time in the number of sentences: a 676 KB page of
# sentences over a small vocabulary took 10 s.  A word under COMMON_SHARE
# reaches 50 postings only in documents of over 200 sentences, longer than
# any news article, whose results therefore stay exactly the same.
MAX_POSTINGS = 50

# The upper bound sums the same weights in another order than the exact value,
# so it may round a hair lower; candidates this close are computed exactly.
_BOUND_SLACK = 1e-9

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|\w+", re.UNICODE)


def _stems(text: str) -> set[str]:
    # One comprehension instead of a loop of set.add calls: same elements
    # inserted in the same order, so the set iterates in the same order too.
    return {
        token if token[0].isdigit() else token[:STEM_LENGTH]
        for token in _TOKEN.findall(text.casefold())
        if len(token) >= MIN_WORD_LENGTH or token[0].isdigit()
    }


def find_repeats(text: str, sentences: Sequence[Span]) -> tuple[Span, ...]:
    """Spans that repeat an earlier passage of the same text.

    A sentence starts a repeated passage when one earlier, non-neighbouring
    sentence carries at least ``REPEAT_COVERAGE`` of its words (weighted by
    rarity in the document); the sentences after it continue the passage
    while they match the sentences after that earlier one at
    ``CONTINUE_COVERAGE``.  Adjacent repeated sentences are merged.
    """
    stems = [_stems(text[s.start : s.end]) for s in sentences]
    n = len(stems)
    if n < 2:
        return ()
    df: Counter[str] = Counter()
    for bag in stems:
        df.update(bag)
    weight = {stem: math.log(1.0 + n / count) for stem, count in df.items()}
    # Words in many sentences find candidates poorly and cost quadratic time;
    # they still count once a candidate is found through a rarer word.
    common = max(COMMON_MIN_SENTENCES, n * COMMON_SHARE)

    postings: defaultdict[str, list[int]] = defaultdict(list)
    repeated: list[Span] = []
    source_of_previous: int | None = None  # earlier sentence the last repeat matched
    for j, bag in enumerate(stems):
        source: int | None = None
        # The rare words of ``bag`` in its own order, so sums keep their order.
        rare = [
            (stem, weight[stem])
            for stem in bag
            if df[stem] <= common and len(postings.get(stem, ())) <= MAX_POSTINGS
        ]
        # A sentence too short to start a passage can only continue one.
        starts = range(0, j - MIN_DISTANCE + 1 if len(bag) >= MIN_CONTENT_WORDS else 0)
        window = range(0)
        if source_of_previous is not None:
            window = range(source_of_previous + 1, source_of_previous + 1 + CONTINUE_WINDOW)
        if len(bag) >= MIN_SHARED_WORDS and (starts or window):
            coverage = _coverage(bag, rare, stems, postings, weight, starts, window)
            source = _best(coverage, starts, REPEAT_COVERAGE)
            if source is None and window:
                source = _best(coverage, window, CONTINUE_COVERAGE)
        if source is not None:
            repeated.append(sentences[j])
            source_of_previous = source
            continue  # a repeat is not an original for later sentences
        source_of_previous = None
        for stem, _weight in rare:
            postings[stem].append(j)
    return _merge(text, repeated)


def _coverage(
    bag: set[str],
    rare: list[tuple[str, float]],
    stems: Sequence[set[str]],
    postings: Mapping[str, list[int]],
    weight: Mapping[str, float],
    starts: range,
    window: range,
) -> dict[int, float]:
    """Share of ``bag``'s weight carried by each earlier sentence sharing enough words.

    Candidates come from the postings of ``rare``, ``bag``'s rare words with
    their weights; the other words of ``bag`` are its frequent ones.  Only
    sentences that ``_best`` may choose are returned: those in ``starts``
    that could reach ``REPEAT_COVERAGE`` and those in ``window`` that could
    reach ``CONTINUE_COVERAGE``.  An upper bound (all of ``bag``'s frequent
    words shared) skips the others' set intersections.
    """
    total = sum(weight[s] for s in bag)
    if total <= 0:
        return {}
    frequent_count = len(bag) - len(rare)
    probes = {stem for stem, _weight in rare}
    frequent_weight = sum(weight[s] for s in bag if s not in probes)
    # Per candidate sentence: [rare words shared, their summed weight].
    shared: dict[int, list[float]] = {}
    for stem, stem_weight in rare:
        for i in postings.get(stem, ()):
            entry = shared.get(i)
            if entry is None:
                shared[i] = [1, stem_weight]
            else:
                entry[0] += 1
                entry[1] += stem_weight
    out: dict[int, float] = {}
    continues = (CONTINUE_COVERAGE - _BOUND_SLACK) * total
    repeats = (REPEAT_COVERAGE - _BOUND_SLACK) * total
    for i, (count, w) in shared.items():
        if count + frequent_count < MIN_SHARED_WORDS:
            continue
        bound = w + frequent_weight
        if not ((i in window and bound >= continues) or (i in starts and bound >= repeats)):
            continue
        frequent = [s for s in bag & stems[i] if s not in probes]
        if count + len(frequent) >= MIN_SHARED_WORDS:
            out[i] = (w + sum(weight[s] for s in frequent)) / total
    return out


def _best(coverage: Mapping[int, float], allowed: range, threshold: float) -> int | None:
    best: int | None = None
    best_value = threshold
    for i, value in coverage.items():
        if i in allowed and value >= best_value:
            best, best_value = i, value
    return best


def _merge(text: str, spans: Sequence[Span]) -> tuple[Span, ...]:
    merged: list[Span] = []
    for span in spans:
        if merged:
            last = merged[-1]
            gap = text[last.end : span.start]
            if (
                span.start >= last.end
                and len(gap.strip(" \t\n-–—•*·")) == 0
                and len(gap) <= (MERGE_GAP)
            ):
                merged[-1] = Span(last.start, span.end)
                continue
        merged.append(span)
    return tuple(merged)
