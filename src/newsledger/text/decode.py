"""Bytes of unknown encoding to text."""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from newsledger.errors import DecodeError

# Share of NUL or other control bytes above which a file is binary, not text.
# Real text in any encoding has almost none; 1 % leaves room for stray bytes.
_BINARY_CONTROL_SHARE = 0.01
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
_SAMPLE = 65_536


def decode_bytes(data: bytes, source: str) -> str:
    """Decode ``data``: UTF-8 when valid, otherwise the detected encoding."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    sample = data[:_SAMPLE]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _detect(data, source)
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if sample and controls / len(sample) > _BINARY_CONTROL_SHARE:
        raise DecodeError(source, "binary data, not text (control bytes found)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = declared_encoding(sample)
    if declared is not None:
        text = data.decode(declared, errors="replace")
        # A page is what it declares unless the declaration is plainly wrong:
        # one stray byte in a UTF-8 page must not turn every umlaut into "Ã¼".
        if text.count("\ufffd") <= len(text) * _DECLARED_MAX_BAD_SHARE:
            return text
    return _detect(data, source)


# Share of characters that may fail to decode in the declared encoding before
# the declaration is taken for a lie and the encoding is detected instead.
# Pages with a stray byte have a handful in tens of thousands of characters;
# a cp1252 page declared UTF-8 has one per accented letter (several percent
# in German), so 0.1 % keeps the two apart.
_DECLARED_MAX_BAD_SHARE = 0.001
# Bytes searched for a declaration: it belongs in the head, which rarely
# runs longer than this even with inline scripts and styles before it.
_DECLARATION_SCAN = 16_384
# Where a page says its encoding: <meta charset=...>, <meta http-equiv=
# "Content-Type" content="...; charset=...">, or an XML declaration.
_DECLARATION = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)"""
    rb"""|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""",
    re.IGNORECASE,
)


def declared_encoding(sample: bytes) -> str | None:
    """The encoding a page or XML file declares in its head, if Python knows it."""
    found = _DECLARATION.search(sample[:_DECLARATION_SCAN])
    if found is None:
        return None
    label = (found.group(1) or found.group(2)).decode("ascii").lower()
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # As browsers do (WHATWG Encoding): pages labelled Latin-1 or ASCII are
    # written in windows-1252, whose quotes and dashes Latin-1 lacks.
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name


# Encodings news pages are actually published in.  On short texts several
# rare code pages decode with equal "chaos" (hp_roman8 reads cp1252 German as
# well-formed); among near-equal candidates the common one is right.
_COMMON_ENCODINGS = (
    "utf_16",
    "utf_32",
    "cp1252",
    "iso8859_15",
    "latin_1",
    "cp1250",
    "iso8859_2",
    "cp1251",
    "koi8_r",
    "shift_jis",
    "euc_jp",
    "gb18030",
    "big5",
    "euc_kr",
)
_CHAOS_TOLERANCE = 0.02


def _detect(data: bytes, source: str) -> str:
    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        raise DecodeError(source, "bytes are not text in any known encoding")
    best = min(m.chaos for m in matches)
    close = [m for m in matches if m.chaos <= best + _CHAOS_TOLERANCE]
    for encoding in _COMMON_ENCODINGS:
        for match in close:
            if match.encoding == encoding:
                return str(match)
    return str(min(matches, key=lambda m: m.chaos))
