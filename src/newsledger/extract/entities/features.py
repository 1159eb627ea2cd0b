"""Token features of the learned name recogniser, shared by training and tagging.

One function turns a sentence of tokens (the ``entities.text`` tokens, so
training and tagging see the same units) into a list of string features per
token, the form CRFsuite takes without conversion.  Word-level features are
computed once per word type and cached; context features look at two tokens
either side.  Changing anything here changes what the shipped models mean:
retrain them (``make models``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

# Distinct word types whose own features are kept: news vocabulary for days.
_WORD_CACHE = 1 << 17
# Characters a shape keeps; longer runs say nothing more ("Xx" for every title-case word).
_SHAPE_LEN = 5
# Words longer than this get a feature of their own (German compounds, URLs).
LONG_WORD = 12
# Tokens after which a capital letter opens a sentence or a clause.
BREAKS = frozenset('.!?:;"“”„«»()–—-•|')
# Lexicon tags that are corpus statistics of a word's lower-case form (how
# often it occurs, how often it is written in lower case; ``train.ner_lexicon``)
# rather than list memberships: they describe the word, never its neighbours.
_STAT_PREFIXES = ("fq", "cr")


@dataclass(frozen=True)
class Context:
    """How a document writes its words elsewhere: the evidence a sentence start lacks.

    "Acme raised $40 million." says nothing about Acme by its capital; "...
    said Acme's chief executive" later in the same article does.
    """

    capital: frozenset[str]  # folded words written capitalised mid-sentence
    lower: frozenset[str]  # folded words written in lower case


NO_CONTEXT = Context(frozenset(), frozenset())


def document_context(sentences: Iterable[Sequence[str]]) -> Context:
    """The ``Context`` of a document given as its sentences' words."""
    capital: set[str] = set()
    lower: set[str] = set()
    for words in sentences:
        for i, word in enumerate(words):
            if not word[:1].isalpha():
                continue
            if word.islower():
                lower.add(word)
            elif word[:1].isupper() and i and words[i - 1] not in BREAKS:
                capital.add(word.casefold())
    return Context(frozenset(capital), frozenset(lower))


def shape(word: str) -> str:
    """ "Musk" -> "Xx", "OpenAI" -> "XxX", "B2B" -> "XdX", "." -> "."; repeats collapsed."""
    out: list[str] = []
    for ch in word:
        if ch.isupper():
            c = "X"
        elif ch.isalpha():
            c = "x"
        elif ch.isdigit():
            c = "d"
        else:
            c = ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out[:_SHAPE_LEN])


class Featurizer:
    """Features of one language's tokens; ``lexicon`` maps a word to its list tags.

    A lexicon hit ("fn" for a given name, "loc" for a place) is a feature, so
    a name the training data never showed is still recognised when a list
    knows it.  Word-level features are cached per word type.
    """

    def __init__(self, lexicon: Mapping[str, str]) -> None:
        self.lexicon = lexicon
        self._cache: dict[str, tuple[str, str, tuple[str, ...], tuple[str, ...]]] = {}

    def word(self, word: str) -> tuple[str, str, tuple[str, ...], tuple[str, ...]]:
        """(folded word, shape, own features, list tags) of one word type."""
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        fold = word.casefold()
        shp = shape(word)
        feats = [
            "w=" + fold,
            "sh=" + shp,
            "p2=" + fold[:2],
            "p3=" + fold[:3],
            "s2=" + fold[-2:],
            "s3=" + fold[-3:],
            "s4=" + fold[-4:],
        ]
        if len(word) == 1:
            feats.append("len1")
        elif len(word) > LONG_WORD:
            feats.append("long")
        own = self.lexicon.get(word, "").split()
        names = tuple(t for t in own if not t.startswith(_STAT_PREFIXES))
        feats.extend("lex=" + t for t in names)
        folded = own if fold == word else self.lexicon.get(fold, "").split()
        if fold != word and "lc" in folded:
            # A capitalised word whose lower-case form is common ("The", "Raised",
            # German adjectives at sentence start) is seldom a name; "Acme" is.
            feats.append("lcv")
        stats = [t for t in folded if t.startswith(_STAT_PREFIXES)]
        # A word the training text has (almost) never shown is more often a
        # name than not: "fq0" lets a sentence-initial "Acme" be one.
        feats.extend("st=" + t for t in stats or ("fq0",))
        if len(self._cache) > _WORD_CACHE:
            self._cache.clear()
        hit = self._cache[word] = (fold, shp, tuple(feats), names)
        return hit

    def sentence(
        self, words: Sequence[str], joined: Sequence[bool], context: Context = NO_CONTEXT
    ) -> list[list[str]]:
        """Features of each token of one sentence of a document.

        ``joined[i]`` is true when token ``i`` touches token ``i-1`` (no
        space), as in "U.S." or "Baden-Württemberg"; ``context`` is how the
        whole document writes its words (``document_context``).
        """
        n = len(words)
        info = [self.word(w) for w in words]
        folds = [x[0] for x in info]
        shapes = [x[1] for x in info]
        tags = [x[3] for x in info]
        out: list[list[str]] = []
        for i in range(n):
            feats = ["b", *info[i][2]]
            if i == 0 or folds[i - 1] in BREAKS:
                # Sentence-initial capitals say little; the shape there is its own feature,
                # and the document may say elsewhere whether the word is a name.
                feats.append("ini=" + shapes[i])
                if folds[i] in context.capital:
                    feats.append("ini-dc")
            if folds[i] in context.lower and folds[i] != words[i]:
                feats.append("dl")
            if i == 0:
                feats.append("BOS")
            else:
                feats.extend("lex-1=" + t for t in tags[i - 1])
                feats.append("w-1=" + folds[i - 1])
                feats.append("b-1=" + folds[i - 1] + "|" + folds[i])
                feats.append("sh-1=" + shapes[i - 1])
                feats.append("ws-1=" + shapes[i - 1] + "|" + shapes[i])
                if joined[i]:
                    feats.append("j")
                feats.append("w-2=" + (folds[i - 2] if i > 1 else "<s>"))
            if i + 1 >= n:
                feats.append("EOS")
            else:
                feats.append("w+1=" + folds[i + 1])
                feats.append("b+1=" + folds[i] + "|" + folds[i + 1])
                feats.extend("lex+1=" + t for t in tags[i + 1])
                feats.append("sh+1=" + shapes[i + 1])
                if joined[i + 1]:
                    feats.append("j+1")
                feats.append("w+2=" + (folds[i + 2] if i + 2 < n else "</s>"))
            out.append(feats)
        return out
