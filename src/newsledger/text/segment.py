"""Paragraphs and sentences.

Sentences come from spaCy's rule-based sentencizer on a blank pipeline of the
document's language: no model weights, and a user's own pipeline can be
swapped in.  Paragraphs are blocks separated by blank lines, or single lines
when the text has no blank lines.  A sentence never crosses a paragraph or
line boundary; very long paragraphs are segmented in chunks spaCy accepts.

Running the pipeline costs ~1 ms per article, mostly the sentencizer's Python
loop over tokens.  ``_split_block`` gives the very same spans from cached
per-chunk decisions of the tokenizer (see there); the property test in
tests/text/test_segment.py holds it to the pipeline run line by line.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator

import spacy
from spacy.lang.tokenizer_exceptions import URL_MATCH
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokenizer import Tokenizer

from newsledger.model import Span

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_LINE = re.compile(r"\n")
# spaCy refuses texts over nlp.max_length; longer documents are split into
# paragraph-aligned chunks of at most this many characters.
_CHUNK_CHARS = 200_000


@functools.cache
def _sentencizer(code: str) -> Language:
    try:
        nlp = spacy.blank(code)
    except ImportError:
        nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    return nlp


# Cached chunk answers per language; cleared when full so memory stays bounded
# over millions of documents (news text repeats its punctuated words a lot).
# Answers are shared objects, so a full cache holds ~15 MB, mostly its keys.
_MAX_CACHED_CHUNKS = 100_000
# Per chunk: for "seen_period" False and True on entry, the chunk-relative
# offsets of tokens that start a sentence, and "seen_period" on exit.
_Decision = tuple[tuple[tuple[int, ...], bool], tuple[tuple[int, ...], bool]]


class _Chunks:
    """Sentencizer decisions for whitespace-free chunks that hold punctuation."""

    def __init__(self, nlp: Language) -> None:
        sentencizer = nlp.get_pipe("sentencizer")
        assert isinstance(sentencizer, Sentencizer)
        self.tokenizer = nlp.tokenizer
        self.periods = frozenset(sentencizer.punct_chars)
        bmp = "".join(sorted(c for c in _punctuation() | self.periods if c <= "\uffff"))
        # Characters past the BMP all count as possible marks: a character class
        # listing the few astral ones makes the regex ten times slower, and
        # sending a chunk to the tokenizer when unneeded only costs time.
        marks = re.escape(bmp) + "\U00010000-\U0010ffff"
        # A chunk starts after whitespace; "[^\\s{marks}]*" keeps the match linear.
        self.pattern = re.compile(rf"(?<!\S)[^\s{marks}]*[{marks}]\S*")
        self.cache: dict[str, _Decision] = {}
        self.answers: dict[_Decision, _Decision] = {}  # few distinct ones
        self.numbers = _Numbers.for_tokenizer(self.tokenizer)

    def decide(self, chunk: str) -> _Decision:
        decision = self.cache.get(chunk)
        if decision is None:
            key = self.numbers.key(chunk) if self.numbers is not None else chunk
            decision = self.cache.get(key)
            if decision is None:
                if len(self.cache) >= _MAX_CACHED_CHUNKS:
                    self.cache.clear()
                decision = self._tokenize(key)
                decision = self.cache[key] = self.answers.setdefault(decision, decision)
        return decision

    def _tokenize(self, chunk: str) -> _Decision:
        tokens = [(t.idx, t.text in self.periods, t.is_punct) for t in self.tokenizer(chunk)]

        def run(seen: bool) -> tuple[tuple[int, ...], bool]:
            starts: list[int] = []
            for offset, period, punct in tokens:
                if seen and not punct and not period:
                    starts.append(offset)
                    seen = False
                elif period:
                    seen = True
            return tuple(starts), seen

        return run(False), run(True)


# Numbers ("$31.6", "34,653", "2029.") are the chunks news repeats least, and
# an unseen chunk costs the tokenizer ~50 us.  Where the tokenizer cannot tell
# one ASCII digit from another, every digit is replaced by one representative
# and numbers of one shape share a decision.  At most two separators: the URL
# pattern's IP-address branch, which names digit ranges, needs three dots.
_NUMBER = re.compile(r"[$€£¥]?[0-9]+(?:[.,][0-9]+){0,2}%?[.,]?")
_NUMBER_CHARS = frozenset("$€£¥0123456789.,%")
_DIGITS = frozenset(range(ord("0"), ord("9") + 1))


class _Numbers:
    """Digit-blind cache keys for number chunks, when the tokenizer allows them."""

    def __init__(self, representative: str, specials: tuple[str, ...]) -> None:
        self.translation = str.maketrans("0123456789", representative * 10)
        self.specials = specials

    @classmethod
    def for_tokenizer(cls, tokenizer: object) -> _Numbers | None:
        """None unless the tokenizer's splitting rules treat all ASCII digits alike."""
        if not isinstance(tokenizer, Tokenizer) or tokenizer.token_match is not None:
            return None
        if tokenizer.url_match is not None and tokenizer.url_match is not URL_MATCH:
            return None
        for search in (tokenizer.prefix_search, tokenizer.suffix_search, tokenizer.infix_finditer):
            pattern = getattr(search, "__self__", None)
            if search is not None and not (
                isinstance(pattern, re.Pattern) and _digit_blind(pattern.pattern)
            ):
                return None
        # Special cases made of number characters ("0.0" is an emoticon) must
        # never occur in a chunk or in its key: the key's digit avoids them.
        specials = tuple(k for k in tokenizer.rules or {} if set(k) <= _NUMBER_CHARS)
        for representative in "5731":
            if not any(representative in k for k in specials):
                return cls(representative, specials)
        return None

    def key(self, chunk: str) -> str:
        if _NUMBER.fullmatch(chunk) and not any(k in chunk for k in self.specials):
            return chunk.translate(self.translation)
        return chunk


def _digit_blind(pattern: str) -> bool:
    """Whether a regex never names a particular ASCII digit (only classes of all ten)."""
    try:
        return _blind(re._parser.parse(pattern))  # type: ignore[attr-defined]
    except Exception:  # re._parser is private and may change: then no sharing
        return False


def _blind(items: object) -> bool:
    for op, value in items:  # type: ignore[attr-defined]
        name = str(op)
        if name in ("LITERAL", "NOT_LITERAL") and value in _DIGITS:
            return False
        if name == "IN":
            digits: set[int] = set()
            for kind, item in value:
                if str(kind) == "LITERAL" and item in _DIGITS:
                    digits.add(item)
                elif str(kind) == "RANGE":
                    digits |= _DIGITS & set(range(item[0], item[1] + 1))
            if digits and len(digits) < len(_DIGITS):
                return False
        elif isinstance(value, re._parser.SubPattern):  # type: ignore[attr-defined]
            if not _blind(value):
                return False
        elif isinstance(value, (tuple, list)):
            for part in value:
                if isinstance(part, re._parser.SubPattern) and not _blind(part):  # type: ignore[attr-defined]
                    return False
                if isinstance(part, list) and not all(  # BRANCH alternatives
                    _blind(alt)
                    for alt in part
                    if isinstance(alt, re._parser.SubPattern)  # type: ignore[attr-defined]
                ):
                    return False
    return True


@functools.cache
def _punctuation() -> frozenset[str]:
    """The BMP characters spaCy's ``is_punct`` accepts (Unicode category P)."""
    return frozenset(c for c in map(chr, range(0x10000)) if unicodedata.category(c)[0] == "P")


@functools.cache
def _chunks(code: str) -> _Chunks:
    return _Chunks(_sentencizer(code))


def split_paragraphs(text: str) -> tuple[Span, ...]:
    """Spans of the paragraphs of ``text``, without surrounding whitespace."""
    separator = _BLANK_LINE if _BLANK_LINE.search(text) else _LINE
    spans: list[Span] = []
    start = 0
    for match in separator.finditer(text):
        _add_stripped(text, start, match.start(), spans)
        start = match.end()
    _add_stripped(text, start, len(text), spans)
    return tuple(spans)


def split_sentences(text: str, paragraphs: tuple[Span, ...], language: str) -> tuple[Span, ...]:
    """Sentence spans; a sentence never crosses a paragraph or line boundary."""
    spans: list[Span] = []
    # Tokenizers other than spaCy's rule-based one (Chinese, Japanese...) need
    # not split whitespace-free chunks on their own: they get the pipeline.
    rule_based = isinstance(_sentencizer(language).tokenizer, Tokenizer)
    for block_start, block_end, fast in _blocks(text, paragraphs):
        fast = fast and rule_based
        if fast:
            _split_block(text, block_start, block_end, language, spans)
        else:
            _split_with_pipeline(text, block_start, block_end, language, spans)
    return _move_opening_marks(text, spans)


def _blocks(text: str, paragraphs: tuple[Span, ...]) -> list[tuple[int, int, bool]]:
    """Runs of paragraphs that one tokenizer call can segment like separate calls would.

    Paragraphs join a run when only whitespace holding a line break lies
    between them: the tokenizer then keeps a token of that whitespace, which
    ends any run of punctuation, so no boundary decision crosses paragraphs.
    A paragraph longer than ``_CHUNK_CHARS`` is a block of its own.
    """
    blocks: list[tuple[int, int, bool]] = []
    for paragraph in paragraphs:
        if paragraph.end <= paragraph.start:
            continue
        if paragraph.end - paragraph.start > _CHUNK_CHARS:
            # Alone: the chunked pipeline would cost quadratic time on a long
            # whitespace-free run; the per-chunk path bounds every chunk.
            blocks.append((paragraph.start, paragraph.end, True))
            continue
        if blocks:
            start, end, fast = blocks[-1]
            gap = text[end : paragraph.start]
            if fast and paragraph.end - start <= _CHUNK_CHARS and "\n" in gap and gap.isspace():
                blocks[-1] = (start, paragraph.end, True)
                continue
        blocks.append((paragraph.start, paragraph.end, True))
    return blocks


def _split_block(text: str, start: int, end: int, language: str, spans: list[Span]) -> None:
    """The sentencizer's rule over ``text[start:end]``, from cached per-chunk answers.

    spaCy's sentencizer starts a sentence at the first token that is neither
    punctuation nor one of its ``punct_chars`` after a token in ``punct_chars``.
    Its tokenizer cuts the text at whitespace first and splits each chunk
    between spaces on its own, so the decision only needs each chunk's tokens
    and the whitespace between chunks.  A chunk without punctuation is all
    words (no token of it can be punctuation), so only chunks holding a
    punctuation mark are tokenized, once each, through ``_Chunks``.  Between
    chunks, any whitespace but one plain space is a whitespace token, which
    the sentencizer treats as a word; line breaks always sit in one.
    """
    chunks = _chunks(language)
    block = text[start:end]
    cuts: list[int] = []
    seen = False  # the sentencizer's "seen_period"
    position = 0
    for match in chunks.pattern.finditer(block):
        chunk_start = match.start()
        if seen and (chunk_start - position > 1 or block[position] != " "):
            # The first word or whitespace token before this chunk starts a sentence.
            cuts.append(position + 1 if block[position] == " " else position)
            seen = False
        for piece_start, piece in _pieces(match.group()):
            relative, seen = chunks.decide(piece)[seen]
            cuts.extend(chunk_start + piece_start + cut for cut in relative)
        position = match.end()
    if seen and len(block) > position and block[position:] != " ":
        cuts.append(position + 1 if block[position] == " " else position)
    _add_pieces(text, start, block, cuts, spans)


# spaCy's tokenizer peels prefixes and suffixes off a whitespace-free chunk one
# at a time, each time searching the whole rest: a run of punctuation ("!!!…",
# „“»«…) costs quadratic time or worse (6 KB: 3 s).  Chunks up to
# ``_WHOLE_CHUNK`` characters (all of real prose, measured: news chunks longer
# than 40 are URLs) are tokenized whole, exactly as spaCy would; longer ones
# are cut into pieces of about ``_PIECE_CHARS``, where two non-alphanumeric
# characters meet (a token boundary in practice), or after ``_MAX_PIECE``
# characters when there is no such place.  A run of 32 marks tokenizes in
# ~0.1 ms, so every chunk costs linear time; offsets stay exact.
_WHOLE_CHUNK = 64
_PIECE_CHARS = 32
_MAX_PIECE = 1024


def _pieces(chunk: str) -> Iterator[tuple[int, str]]:
    """``chunk`` as (offset, piece) pairs, each piece short enough to tokenize fast."""
    size = len(chunk)
    if size <= _WHOLE_CHUNK or (size <= _MAX_PIECE and URL_MATCH(chunk)):
        yield 0, chunk
        return
    start = 0
    while size - start > _PIECE_CHARS:
        cut = _cut(chunk, start)
        yield start, chunk[start:cut]
        start = cut
    if start < size:
        yield start, chunk[start:]


def _cut(chunk: str, start: int) -> int:
    """Where the piece starting at ``start`` ends: see ``_pieces``."""
    for cut in range(start + _PIECE_CHARS, start, -1):
        if not chunk[cut - 1].isalnum() and not chunk[cut].isalnum():
            return cut
    limit = min(len(chunk) - 1, start + _MAX_PIECE)
    for cut in range(start + _PIECE_CHARS + 1, limit + 1):
        if not chunk[cut - 1].isalnum() and not chunk[cut].isalnum():
            return cut
    return min(len(chunk), start + _MAX_PIECE)


def _add_pieces(text: str, start: int, block: str, cuts: list[int], spans: list[Span]) -> None:
    """Add the pieces of ``block`` between sentence cuts and line breaks, stripped."""
    cuts.append(len(block) + 1)  # sentinel past every line end
    position = 0
    next_cut = 0
    while True:
        line_end = block.find("\n", position)
        if line_end < 0:
            line_end = len(block)
        while cuts[next_cut] < line_end:
            cut = cuts[next_cut]
            next_cut += 1
            if cut > position:
                _add_stripped(text, start + position, start + cut, spans)
                position = cut
        _add_stripped(text, start + position, start + line_end, spans)
        if line_end >= len(block):
            return
        position = line_end + 1


def _split_with_pipeline(text: str, start: int, end: int, language: str, spans: list[Span]) -> None:
    """The sentencizer itself, line by line in chunks spaCy accepts (huge paragraphs)."""
    nlp = _sentencizer(language)
    offset = start
    for line in _LINE.split(text[start:end]):
        for chunk_start in range(0, len(line), _CHUNK_CHARS):
            chunk = line[chunk_start : chunk_start + _CHUNK_CHARS]
            base = offset + chunk_start
            for sent in nlp(chunk).sents:
                _add_stripped(text, base + sent.start_char, base + sent.end_char, spans)
        offset += len(line) + 1


# The sentencizer keeps an opening quote mark that follows a full stop with
# the sentence before it ("… am Dienstag. „"); it belongs to the next one.
_OPENING_MARKS = "„“‚‘«»‹›\"'"


def _move_opening_marks(text: str, spans: list[Span]) -> tuple[Span, ...]:
    fixed = list(spans)
    for i in range(len(fixed) - 1):
        current, following = fixed[i], fixed[i + 1]
        last = text[current.end - 1]
        if (
            last in _OPENING_MARKS
            and current.end - current.start > 1
            and text[current.end - 2].isspace()
            and following.start >= current.end
        ):
            end = current.end - 1
            while end > current.start and text[end - 1].isspace():
                end -= 1
            fixed[i] = Span(current.start, end)
            fixed[i + 1] = Span(current.end - 1, following.end)
    return tuple(fixed)


def _add_stripped(text: str, start: int, end: int, spans: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(Span(start, end))
