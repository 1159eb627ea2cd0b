"""Language identification among the supported languages, plus "other".

py3langid was measured against lingua-language-detector on short and long
news text (``benchmarks/language.py``): see the figures there.  py3langid is
the detector; its answer is narrowed to what the pipeline can use:

- a supported language (one with a ``lang/<code>`` folder) when it ranks first;
- ``"other"`` when another language ranks first with high confidence on a
  text long enough to judge; such documents get the fallback rules and one
  shared multi-language tokenizer, instead of a tokenizer per label;
- otherwise the best-ranked supported language, when it clearly leads the
  other supported ones (else "other", and the caller's fallback decides): a short line ("Acme raised
  $40 million") that py3langid half-reads as Luxembourgish or Pidgin is far
  more likely one of the languages this engine is fed.
"""

from __future__ import annotations

import functools
import re

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from newsledger.lang import supported_languages

# Characters sampled for detection.  py3langid walks its automaton one byte
# at a time in Python, so the cost is linear in the sample: 600 characters
# take ~0.25 ms against ~0.6 ms for 1,500.  Calibrated on every window that
# starts at a sentence of the seed and sample articles (en and de, 200-1,500
# characters): no window of 200 characters or more disagreed with the whole
# document, and 300 generated articles keep their language; 600 leaves a
# threefold margin (benchmarks/language.py: long sentences are 99.6 % right).
_SAMPLE_CHARS = 600
_LETTERS = re.compile(r"[^\W\d_]")
UNKNOWN = "und"
OTHER = "other"
# A language we have no rules for is named only on this many letters or more
# and at this probability or more.  On the 764 en/de sentences of the seed,
# sample and dev articles, py3langid put another language first for 20
# (up to 43 letters long), never with a probability above 0.42; a French or
# Spanish sentence of ordinary length scores 0.99 or more.
MIN_OTHER_LETTERS = 40
# When another language ranks first on a short text, the best supported
# language is taken only when it is at least this many times as likely as the
# next supported one: "Kurz notiert" (de 37 times en) is German, while "Home"
# (en and de equally unlikely) is no evidence at all.
MIN_SUPPORTED_LEAD = 2.0
MIN_OTHER_PROBABILITY = 0.9


@functools.cache
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@functools.cache
def _supported() -> frozenset[str]:
    return frozenset(supported_languages())


def detect_language(text: str) -> str:
    """The language of ``text``: a supported code, ``"other"``, or ``"und"`` without letters."""
    sample = text[:_SAMPLE_CHARS]
    letters = len(_LETTERS.findall(sample))
    if letters < 3 and not _LETTERS.search(sample):
        return UNKNOWN
    ranked = _identifier().rank(sample)
    supported = _supported()
    code, probability = ranked[0]
    if code in supported:
        return str(code)
    if letters >= MIN_OTHER_LETTERS and probability >= MIN_OTHER_PROBABILITY:
        return OTHER
    ours = [(c, p) for c, p in ranked if c in supported][:2]
    if len(ours) == 2 and ours[0][1] < MIN_SUPPORTED_LEAD * ours[1][1]:
        # No evidence either way ("Home"): the caller's fallback language decides.
        return OTHER
    return str(ours[0][0])
