"""Language identification: py3langid against lingua-language-detector.

Labelled sentences come from the seed corpus (when ../shared is beside the
repository) and the project's sample articles: every sentence of a document
is labelled with the document's language.  Prints accuracy on short
(at most 6 words) and long sentences, and texts per second, for both.

    .venv/bin/python benchmarks/language.py
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT.parent / "shared" / "corpus" / "seeds", ROOT / "examples" / "articles"]
# Document language by file, where the file name does not say it.
SHORT_WORDS = 6


def labelled_sentences() -> list[tuple[str, str]]:
    from newsledger.text.language import detect_language

    pairs: list[tuple[str, str]] = []
    for folder in SOURCES:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            # The whole document is long enough for either detector to be right.
            label = detect_language(text)
            for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
                if len(sentence.split()) >= 2:
                    pairs.append((sentence.strip(), label))
    return pairs


def measure(name: str, detect: Callable[[str], str], pairs: list[tuple[str, str]]) -> None:
    short = [(t, lab) for t, lab in pairs if len(t.split()) <= SHORT_WORDS]
    long = [(t, lab) for t, lab in pairs if len(t.split()) > SHORT_WORDS]
    start = time.perf_counter()
    right_short = sum(detect(t) == lab for t, lab in short)
    right_long = sum(detect(t) == lab for t, lab in long)
    elapsed = time.perf_counter() - start
    print(
        f"{name:<10} short {right_short}/{len(short)} = {right_short / max(len(short), 1):.3f}  "
        f"long {right_long}/{len(long)} = {right_long / max(len(long), 1):.3f}  "
        f"{len(pairs) / elapsed:,.0f} texts/s"
    )


def main() -> None:
    pairs = labelled_sentences()
    print(f"{len(pairs)} labelled sentences")
    from newsledger.text.language import detect_language

    detect_language("warm up")
    measure("py3langid", detect_language, pairs)
    try:
        from lingua import LanguageDetectorBuilder
    except ImportError:
        print("lingua not installed (pip install -e '.[dev]')")
        return
    started = time.perf_counter()
    detector = LanguageDetectorBuilder.from_all_languages().with_preloaded_language_models().build()
    print(f"lingua load {time.perf_counter() - started:.1f} s")

    def lingua_detect(text: str) -> str:
        found = detector.detect_language_of(text)
        return found.iso_code_639_1.name.lower() if found else "und"

    measure("lingua", lingua_detect, pairs)


if __name__ == "__main__":
    main()
