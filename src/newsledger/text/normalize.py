"""Text normalisation and content-hash ids."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")
_ANY_SPACE = re.compile(r"\s+")
# Zero-width and soft-hyphen characters carry no text but break matching.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def normalize_text(text: str) -> str:
    """NFC, Unix newlines, no invisible characters or trailing spaces."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = _TRAILING_SPACE.sub("\n", text)
    text = _MANY_BLANK_LINES.sub("\n\n", text)
    return text.strip()


def content_id(text: str) -> str:
    """The id of a document: a hash of its text with whitespace and case folded.

    Two copies that differ only in line breaks or spacing get the same id,
    so re-ingesting a folder adds nothing.
    """
    key = _ANY_SPACE.sub(" ", text).strip().casefold()
    return hashlib.blake2b(key.encode("utf-8"), digest_size=10).hexdigest()
