"""Language identification.

py3langid was measured against lingua-language-detector on short and long
news text (``benchmarks/language.py``): see the figures there.  py3langid is
the default.
"""

from __future__ import annotations

import functools
import re

from py3langid.langid import MODEL_FILE, LanguageIdentifier

# Characters sampled for detection: enough for a stable answer on news text
# (benchmarks/language.py: long sentences are 99.6 % right), short enough that
# detection costs about 0.4 ms per document.
_SAMPLE_CHARS = 1500
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
