"""Token features of the learned name recogniser, shared by training and tagging.

One function turns a sentence of tokens (the ``entities_text`` tokens, so
training and tagging see the same units) into a list of string features per
token, the form CRFsuite takes without conversion.  Word-level features are
computed once per word type and cached; context features look at two tokens
either side.  Changing anything here changes what the shipped models mean:
retrain them (``make models``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

# Distinct word types whose own features are kept: news vocabulary for days.
_WORD_CACHE = 1 << 17
# Characters a shape keeps; longer runs say nothing more ("Xx" for every title-case word).
_SHAPE_LEN = 5
# Words longer than this get a feature of their own (German compounds, URLs).
LONG_WORD = 12
# Tokens after which a capital letter opens a sentence or a clause.
_BREAKS = frozenset('.!?:;"“”„«»()–—-•|')


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
        self._cache: dict[str, tuple[str, str, tuple[str, ...]]] = {}

    def word(self, word: str) -> tuple[str, str, tuple[str, ...]]:
        """(folded word, shape, own features) of one word type."""
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
        tags = self.lexicon.get(word)
        if tags:
            feats.extend("lex=" + t for t in tags.split())
        if fold != word and "lc" in self.lexicon.get(fold, "").split():
            # A capitalised word whose lower-case form is common ("The", "Raised",
            # German adjectives at sentence start) is seldom a name; "Acme" is.
            feats.append("lcv")
        if len(self._cache) > _WORD_CACHE:
            self._cache.clear()
        hit = self._cache[word] = (fold, shp, tuple(feats))
        return hit

    def sentence(self, words: Sequence[str], joined: Sequence[bool]) -> list[list[str]]:
        """Features of each token of one sentence.

        ``joined[i]`` is true when token ``i`` touches token ``i-1`` (no
        space), as in "U.S." or "Baden-Württemberg".
        """
        n = len(words)
        info = [self.word(w) for w in words]
        folds = [f for f, _s, _x in info]
        shapes = [s for _f, s, _x in info]
        lexicon = self.lexicon
        tags = [lexicon.get(w, "") for w in words]
        out: list[list[str]] = []
        for i in range(n):
            feats = ["b", *info[i][2]]
            if i == 0 or folds[i - 1] in _BREAKS:
                # Sentence-initial capitals say little; the shape there is its own feature.
                feats.append("ini=" + shapes[i])
            if i == 0:
                feats.append("BOS")
            else:
                if tags[i - 1]:
                    feats.extend("lex-1=" + t for t in tags[i - 1].split())
                feats.append("w-1=" + folds[i - 1])
                feats.append("sh-1=" + shapes[i - 1])
                feats.append("ws-1=" + shapes[i - 1] + "|" + shapes[i])
                if joined[i]:
                    feats.append("j")
                feats.append("w-2=" + (folds[i - 2] if i > 1 else "<s>"))
            if i + 1 >= n:
                feats.append("EOS")
            else:
                feats.append("w+1=" + folds[i + 1])
                if tags[i + 1]:
                    feats.extend("lex+1=" + t for t in tags[i + 1].split())
                feats.append("sh+1=" + shapes[i + 1])
                if joined[i + 1]:
                    feats.append("j+1")
                feats.append("w+2=" + (folds[i + 2] if i + 2 < n else "</s>"))
            out.append(feats)
        return out
