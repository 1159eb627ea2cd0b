"""Boilerplate lines: navigation, calls to action, share prompts, bylines, stray slugs.

Trafilatura removes most web furniture from HTML, but plain text, feeds and
already-extracted pages keep lines such as "Subscribe for our weekly
newsletter", "Source Link" or a URL slug like ``abc-1-xyz``.  A line is
removed only on positive evidence: a call to action from the language's
lexicon (``lang/<code>/boilerplate.yaml``), a slug, a navigation bar, a
share prompt, a byline at the edge of the text, a trailing run of short
fragments after the last sentence, or a line that the same site repeats in
many documents (``BoilerplateHistory``).  Shortness alone is never enough:
titles and section headings are short lines without a full stop too.

Removed lines are returned as ``Boilerplate`` records with offsets into the
input text, so that they can be shown on request.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from newsledger.lang import LangData
from newsledger.model import Boilerplate

# Calls to action are short: the longest in the lexicons ("Subscribe for our
# weekly newsletter and never miss a story") has nine words.  Headings that
# merely start like one ("Subscribers are leaving cable for streaming
# services in record numbers") are usually longer.
MAX_CTA_WORDS = 10
# Sentence-shaped calls to action ("For more information on X, visit Y.")
# are one sentence; a paragraph that happens to start the same way is longer.
MAX_TEMPLATE_WORDS = 30
# Bylines sit in the first or last few lines of an article.
BYLINE_EDGE_LINES = 3
MAX_BYLINE_WORDS = 8
# A photo credit line ("Wolfgang Rattay | Reuters") is a few words.
MAX_CREDIT_WORDS = 8
# Trailing fragments after the last sentence ("Source Link", "Become a
# Partner") are a handful of words; longer lines without a full stop at the
# end of an article are more likely a quote or a list item.
MAX_TRAILING_WORDS = 6
MAX_TRAILING_LINES = 8
# A navigation bar has at least this many separated items, each short.
MIN_NAV_ITEMS = 3
MAX_NAV_ITEM_WORDS = 3
# A line repeated by one site in at least this many documents is furniture
# (footer, disclaimer, newsletter prompt).  Three keeps a heading that two
# articles of a series share.
MIN_REPEAT_DOCS = 3
# Long sentences repeated across a site are standard background paragraphs
# ("OpenAI is the maker of ChatGPT."): they are article text, keep them.
MAX_REPEAT_WORDS = 20

_LINE = re.compile(r"[^\n]*\n?")
_SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)+$")
_SLUG_DIGIT = re.compile(r"\d")
_HAS_DIGIT = _SLUG_DIGIT
_LETTERS = re.compile(r"[^\W\d_]{2,}")
_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_EDGE_TRIM = "-–—•*·>»›‹«|#:;,.!?…→←↗️ \t\"'“”„‘’()[]"
_LEAD_TRIM = "-–—•*·>»›|#→ \t"
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”“»«’)\]]*$|[\"”“»«]$")
_NAV_SPLIT = re.compile(r"\s*(?:\||»|›|•|·|/|>|::)\s*")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)
_BULLET = re.compile(r"^\s*(?:[-–—•*·▪►]|\d+[.)])\s+")
_SPACES = re.compile(r"\s+")
_CAPITALISED = re.compile(r"^[A-ZÄÖÜÀ-ÝĀ-Ž][\w.'’-]*$")
# Agency captions end with the day the picture was taken: "..., August 3, 2022."
_CAPTION_DATE = re.compile(r"\b(?:1[89]|20)\d{2}\.?$")
_NAME_JOINERS = frozenset({"and", "und", "&", "with", "mit", "de", "van", "von", "der", "da"})


def normalise_line(line: str) -> str:
    """Case-folded line without bullets, edge punctuation or repeated spaces."""
    text = unicodedata.normalize("NFKC", line).casefold()
    text = _SPACES.sub(" ", text).strip(_EDGE_TRIM)
    return text


@dataclass(frozen=True)
class _Rules:
    exact: frozenset[str]
    prefixes: tuple[str, ...]
    templates: tuple[re.Pattern[str], ...]
    byline_words: tuple[str, ...]
    social: frozenset[str]
    fragments: tuple[re.Pattern[str], ...]
    credit_words: frozenset[str]


def _rules(lang: LangData) -> _Rules:
    """Compiled lexicon of ``lang``, built once per language."""
    return lang.compiled(_build_rules)


def _build_rules(lang: LangData) -> _Rules:
    table: Mapping[str, Any] = lang.table("boilerplate")
    return _Rules(
        exact=frozenset(normalise_line(s) for s in table.get("exact", ())),
        prefixes=tuple(
            sorted({s.casefold().strip() for s in table.get("prefixes", ())}, key=len, reverse=True)
        ),
        templates=tuple(re.compile(p, re.IGNORECASE) for p in table.get("templates", ())),
        byline_words=tuple(
            sorted({s.casefold() for s in table.get("byline_words", ())}, key=len, reverse=True)
        ),
        social=frozenset(s.casefold() for s in table.get("social", ())),
        fragments=tuple(re.compile(p) for p in table.get("fragments", ())),
        credit_words=frozenset(s.casefold() for s in table.get("credit_words", ())),
    )


@dataclass(frozen=True, slots=True)
class _Line:
    start: int  # offset of the first non-space character
    end: int  # offset after the last non-space character
    text: str


def _lines(text: str) -> Iterator[_Line]:
    for match in _LINE.finditer(text):
        raw = match.group()
        if not raw:
            break
        stripped = raw.strip()
        if not stripped:
            continue
        start = match.start() + (len(raw) - len(raw.lstrip()))
        yield _Line(start, start + len(stripped), stripped)


def _words(line: str) -> list[str]:
    return _WORD.findall(line)


def _is_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line.rstrip()))


def _starts_with(folded: str, prefix: str) -> bool:
    if not folded.startswith(prefix):
        return False
    rest = folded[len(prefix) :]
    return not rest or not prefix[-1].isalnum() or not rest[0].isalnum()


def _is_byline(line: str, rules: _Rules) -> bool:
    return _byline_names(line, rules) is not None


def _byline_names(line: str, rules: _Rules) -> str | None:
    head = re.split(r"[|·•–—]", line, maxsplit=1)[0]
    # What follows a separator is a date or reading time, not more names.
    if not 2 <= len(head.split()) <= MAX_BYLINE_WORDS or len(line.split()) > 2 * MAX_BYLINE_WORDS:
        return None
    folded = line.casefold()
    for cue in rules.byline_words:
        if _starts_with(folded, cue) and len(line) > len(cue):
            rest = line[len(cue) :].strip(" :")
            # A date or outlet may follow the names after a separator.
            names = re.split(r"[,|·•–—]", rest, maxsplit=1)[0].split()
            if not names:
                return None
            capitalised = [w for w in names if w.casefold() not in _NAME_JOINERS]
            if 1 <= len(capitalised) <= 4 and all(_CAPITALISED.match(w) for w in capitalised):
                return " ".join(names)
            return None
    return None


def byline_author(line: str, lang: LangData) -> str | None:
    """The names of a byline ("Von Katrin Wendler" -> "Katrin Wendler"), or None."""
    return _byline_names(line.strip(), _rules(lang))


def _is_credit(line: str, rules: _Rules) -> bool:
    """A photo credit on its own line: "Wolfgang Rattay | Reuters", "Foto: dpa"."""
    words = _words(line)
    if not 1 <= len(words) <= MAX_CREDIT_WORDS or _is_sentence(line.rstrip(".")):
        return False
    parts = [p.strip().casefold() for p in re.split(r"[|/]", line) if p.strip()]
    return len(parts) >= 2 and any(p in rules.credit_words for p in parts)


def _is_navigation(line: str) -> bool:
    items = [item for item in _NAV_SPLIT.split(line) if item.strip()]
    # "12/03/2025" or "Q1 / Q2 / Q3" are data; menu items are words.
    if sum(1 for item in items if _LETTERS.search(item)) < MIN_NAV_ITEMS:
        return False
    return all(len(_words(item)) <= MAX_NAV_ITEM_WORDS for item in items) and not _is_sentence(line)


def _is_share_prompt(folded: str, rules: _Rules) -> bool:
    tokens = [t for t in re.split(r"[\s,|/·•]+", folded) if t]
    if len(tokens) < 2:
        return False
    return all(t.strip(_EDGE_TRIM) in rules.social for t in tokens)


def line_reason(line: str, lang: LangData) -> str | None:
    """Why a single line is boilerplate by its own cues, or None.

    Position-dependent cues (bylines, trailing fragments) and cross-document
    repetition are applied by ``strip_boilerplate``.
    """
    return _own_reason(line, _rules(lang))


def _own_reason(line: str, rules: _Rules) -> str | None:
    stripped = line.strip()
    if _SLUG.match(stripped) and (
        _SLUG_DIGIT.search(stripped) or stripped.count("-") + stripped.count("_") >= 2
    ):
        return "slug"
    if _URL.match(stripped):
        return "url"
    folded = normalise_line(_BULLET.sub("", stripped))
    if not folded:
        return "symbols"
    n_words = len(_words(folded))
    if n_words <= MAX_CTA_WORDS:
        if folded in rules.exact:
            return "call to action"
        if not _is_sentence(stripped) or n_words <= 4:
            for prefix in rules.prefixes:
                if _starts_with(folded, prefix):
                    return "call to action"
        if _is_share_prompt(folded, rules):
            return "share prompt"
        if _is_navigation(stripped):
            return "navigation"
    if n_words <= MAX_TEMPLATE_WORDS:
        for template in rules.templates:
            if template.search(folded):
                return "call to action"
    return None


def strip_boilerplate(
    text: str,
    lang: LangData,
    doc_id: str,
    repeated: Collection[str] = frozenset(),
) -> tuple[str, list[Boilerplate]]:
    """``text`` without its boilerplate lines, and the lines removed.

    ``repeated`` holds normalised lines (see ``normalise_line``) that the
    document's site repeats across documents, from ``BoilerplateHistory``.
    Offsets of the returned records point into ``text``.
    """
    rules = _rules(lang)
    lines = list(_lines(text))
    reasons: list[str | None] = [_own_reason(line.text, rules) for line in lines]

    edge = set(range(min(BYLINE_EDGE_LINES, len(lines))))
    edge |= set(range(max(0, len(lines) - BYLINE_EDGE_LINES), len(lines)))
    for i in edge:
        if reasons[i] in (None, "navigation") and _is_byline(lines[i].text, rules):
            reasons[i] = "byline"

    if repeated:
        for i, line in enumerate(lines):
            if (
                reasons[i] is None
                and len(_words(line.text)) <= MAX_REPEAT_WORDS
                and normalise_line(line.text) in repeated
            ):
                reasons[i] = "repeated across site"

    for i, line in enumerate(lines):
        if reasons[i] is None and _is_credit(line.text, rules):
            reasons[i] = "photo credit"
            # The caption above a credit line: short, and either no sentence
            # or ending in the date the picture was taken (agency style).
            if i > 0 and reasons[i - 1] is None:
                above = lines[i - 1].text
                if len(_words(above)) <= MAX_TEMPLATE_WORDS and (
                    not _is_sentence(above) or _CAPTION_DATE.search(above)
                ):
                    reasons[i - 1] = "photo caption"

    _mark_trailing(lines, reasons)

    removed: list[Boilerplate] = []
    cuts: list[tuple[int, int]] = []
    for line, reason in zip(lines, reasons, strict=True):
        if reason is None:
            for start, end in _fragments(line, rules):
                fragment = text[start:end].strip()
                if fragment:
                    removed.append(Boilerplate(doc_id, start, end, fragment, "fragment"))
                    cuts.append((start, end))
            continue
        removed.append(Boilerplate(doc_id, line.start, line.end, line.text, reason))
        line_start = text.rfind("\n", 0, line.start) + 1
        line_end = text.find("\n", line.end)
        line_end = len(text) if line_end < 0 else line_end + 1
        cuts.append((line_start, line_end))
    if not removed:
        return text, []
    kept: list[str] = []
    cursor = 0
    for start, end in sorted(cuts):
        kept.append(text[cursor:start])
        cursor = max(cursor, end)
    kept.append(text[cursor:])
    clean = "".join(kept)
    removed.sort(key=lambda b: b.start)
    return re.sub(r"\n{3,}", "\n\n", clean).strip(), removed


def _fragments(line: _Line, rules: _Rules) -> list[tuple[int, int]]:
    """Spans of ``line`` that are furniture inside article text ("(Foto: dpa)").

    Each language pattern must leave words on the line: a line that is only
    furniture is handled as a whole line.
    """
    spans: list[tuple[int, int]] = []
    # A leading fragment may follow another ("date 2024-12-18 Berlin (dpa) –"):
    # later patterns see the line from the end of the leading cut.
    lead = 0
    for pattern in rules.fragments:
        rest = line.text[lead:]
        for match in pattern.finditer(rest):
            start, end = lead + match.start(), lead + match.end()
            if end > start and (line.text[lead:start].strip() or line.text[end:].strip()):
                spans.append((line.start + start, line.start + end))
                if match.start() == 0:
                    lead = end
    return spans


def _mark_trailing(lines: Sequence[_Line], reasons: list[str | None]) -> None:
    """Mark the run of short fragments after the article's last sentence.

    A heading introduces text below it; a short line with nothing but other
    fragments after it introduces nothing, so it is furniture.  The run only
    counts when one of its lines is already known boilerplate, or when the
    article above it ends with a sentence, so that a text made only of
    fragments (a list, a table) is left alone.
    """
    run: list[int] = []
    ends_with_sentence = False
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i].text
        if reasons[i] is not None:
            run.append(i)
            continue
        if _is_sentence(line):
            ends_with_sentence = True
            break
        if (
            len(_words(line)) > MAX_TRAILING_WORDS
            or _BULLET.match(line)
            or _HAS_DIGIT.search(line)  # "Profit: $1bn" is data, not furniture
            or any(c in line for c in '"“”„«»')
        ):
            break
        run.append(i)
        if len(run) > MAX_TRAILING_LINES:
            return
    else:
        return  # the whole text is fragments
    if ends_with_sentence or any(reasons[i] is not None for i in run):
        for i in run:
            if reasons[i] is None:
                reasons[i] = "trailing fragment"


@dataclass
class BoilerplateHistory:
    """Lines seen per site, to find furniture a site repeats in many documents.

    A small state object: ``observe`` each document of a site at ingest,
    then pass ``repeated(site)`` to ``strip_boilerplate``.  It holds counts
    of normalised short lines only, and round-trips through JSON.
    """

    min_docs: int = MIN_REPEAT_DOCS
    counts: dict[str, Counter[str]] = field(default_factory=dict)

    def observe(self, site: str, text: str) -> None:
        """Count the short lines of one document of ``site`` (each line once)."""
        seen = _candidate_lines(line.text for line in _lines(text))
        self.counts.setdefault(site, Counter()).update(seen)

    def repeated(self, site: str) -> frozenset[str]:
        """Normalised lines that ``site`` repeated in at least ``min_docs`` documents."""
        counter = self.counts.get(site)
        if not counter:
            return frozenset()
        return frozenset(line for line, n in counter.items() if n >= self.min_docs)

    def to_json(self) -> dict[str, Any]:
        return {
            "min_docs": self.min_docs,
            "sites": {site: dict(counter) for site, counter in self.counts.items()},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> BoilerplateHistory:
        return cls(
            min_docs=int(data.get("min_docs", MIN_REPEAT_DOCS)),
            counts={site: Counter(lines) for site, lines in data.get("sites", {}).items()},
        )


def repeated_line_spans(text: str, repeated: Collection[str]) -> list[tuple[int, int, str]]:
    """(start, end, line) of each line of ``text`` whose normalised form is in ``repeated``."""
    if not repeated:
        return []
    return [
        (line.start, line.end, line.text)
        for line in _lines(text)
        if normalise_line(line.text) in repeated
    ]


def _candidate_lines(lines: Iterator[str] | Sequence[str]) -> set[str]:
    out: set[str] = set()
    for line in lines:
        # A repeated sentence may be a stock phrase of the articles ("X did
        # not respond to a request for comment"); furniture is not a sentence.
        if _is_sentence(line):
            continue
        if len(_words(line)) <= MAX_REPEAT_WORDS:
            folded = normalise_line(line)
            if folded:
                out.add(folded)
    return out


def repeated_lines(
    lines_by_doc: Mapping[str, Sequence[str]], min_docs: int = MIN_REPEAT_DOCS
) -> set[str]:
    """Normalised lines found in at least ``min_docs`` of the documents of one site.

    ``lines_by_doc`` maps a document id to its lines; pass the documents of
    one source or site.  Each document counts a line once.
    """
    counts: Counter[str] = Counter()
    for lines in lines_by_doc.values():
        counts.update(_candidate_lines(lines))
    return {line for line, n in counts.items() if n >= min_docs}
