"""Bytes of unknown encoding to text."""

from __future__ import annotations

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
        return _detect(data, source)


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
