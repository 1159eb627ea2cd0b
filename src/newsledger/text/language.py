"""Language identification.

py3langid was measured against lingua-language-detector on short and long
news text (``benchmarks/language.py``): see the figures there.  py3langid is
the default.
"""

from __future__ import annotations

import functools
import re

from py3langid.langid import MODEL_FILE, LanguageIdentifier

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


@functools.cache
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str:
    """ISO 639-1 code of the language of ``text``, or ``"und"`` when it has no letters."""
    sample = text[:_SAMPLE_CHARS]
    if len(_LETTERS.findall(sample[:200])) < 3 and not _LETTERS.search(sample):
        return UNKNOWN
    code, _probability = _identifier().classify(sample)
    return str(code)
