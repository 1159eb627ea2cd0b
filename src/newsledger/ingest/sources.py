"""Finding and reading inputs: files, folders, feeds and JSONL.

Each reader turns one file into RawDocuments, or into a Failure naming the
file and the problem.  Nothing here stops a run: a bad file is reported and
the walk goes on.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import feedparser

from newsledger.errors import DecodeError, InputError
from newsledger.model import Failure, RawDocument
from newsledger.text.decode import decode_bytes

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml", ".feed"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES | JSONL_SUFFIXES


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file to read, with what identifies its version for resuming."""

    path: str
    size: int
    mtime_ns: int

    @property
    def fingerprint(self) -> str:
        return f"{self.size}:{self.mtime_ns}"


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file in a folder that newsledger does not read, and why."""

    path: str
    reason: str


def walk(paths: Iterable[str | os.PathLike[str]]) -> Iterator[SourceFile | Failure]:
    """Every supported file under ``paths``, in a stable order, streamed.

    Missing paths and unsupported files named in ``paths`` become Failures;
    unsupported files inside folders, and hidden files and folders, are
    passed over (``walk_reporting_skipped`` names the unsupported ones).
    """
    for item in walk_reporting_skipped(paths):
        if not isinstance(item, Skipped):
            yield item


def walk_reporting_skipped(
    paths: Iterable[str | os.PathLike[str]],
) -> Iterator[SourceFile | Failure | Skipped]:
    """``walk``, plus a Skipped for each unsupported file found in a folder."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from _walk_folder(path)
        elif path.exists():
            yield _stat_or_failure(path, explicit=True)
        else:
            yield Failure(str(path), "read", "no such file or folder; check the path")


def _walk_folder(folder: Path) -> Iterator[SourceFile | Failure | Skipped]:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield Failure(str(folder), "read", f"cannot list folder: {exc.strerror}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            yield from _walk_folder(path)
        elif entry.is_file() and path.suffix.lower() in SUPPORTED_SUFFIXES:
            yield _stat_or_failure(path, explicit=False)
        elif entry.is_file():
            yield Skipped(str(path), unsupported_reason(path))


def _stat_or_failure(path: Path, explicit: bool) -> SourceFile | Failure:
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        return Failure(str(path), "read", unsupported_reason(path))
    try:
        stat = path.stat()
    except OSError as exc:
        return Failure(str(path), "read", f"cannot read file: {exc.strerror}")
    return SourceFile(str(path), stat.st_size, stat.st_mtime_ns)


def unsupported_reason(path: Path) -> str:
    return f"unsupported file type {path.suffix or '(none)'!r}; supported: " + ", ".join(
        sorted(SUPPORTED_SUFFIXES)
    )


def read_source(source: SourceFile, max_bytes: int) -> Iterator[RawDocument | Failure]:
    """The documents in one file: one for text and HTML, one per entry or line otherwise."""
    if source.size > max_bytes and Path(source.path).suffix.lower() not in JSONL_SUFFIXES:
        yield Failure(
            source.path,
            "read",
            f"file is {source.size:,} bytes, over the cap of {max_bytes:,}; "
            "raise it with --max-bytes if this is intended",
        )
        return
    suffix = Path(source.path).suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(source.path, max_bytes)
        return
    try:
        data = Path(source.path).read_bytes()
    except OSError as exc:
        yield Failure(source.path, "read", f"cannot read file: {exc.strerror}")
        return
    if not data.strip():
        yield Failure(source.path, "read", "empty file")
        return
    if suffix in TEXT_SUFFIXES:
        yield RawDocument(source=source.path, data=data, kind="text")
    elif suffix in HTML_SUFFIXES:
        yield RawDocument(source=source.path, data=data, kind="html")
    else:
        yield from _read_feed(source.path, data)


# Character references that name no character (surrogates, past U+10FFFF) or
# a control character: feedparser raises on the first kind, and the second
# turns text into "binary data".  They become U+FFFD before parsing.
_BAD_CHARREF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")


def _charref(match: re.Match[bytes]) -> bytes:
    digits = match.group(1) or match.group(2)
    if len(digits) > 8:
        return b"&#xFFFD;"
    code = int(digits, 16 if match.group(1) else 10)
    if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF or (code < 32 and code not in (9, 10, 13)):
        return b"&#xFFFD;"
    return match.group(0)


def _read_feed(path: str, data: bytes) -> Iterator[RawDocument | Failure]:
    try:
        parsed = feedparser.parse(_BAD_CHARREF.sub(_charref, data))
    except Exception as exc:  # feedparser's own bugs must cost this file only
        yield Failure(path, "read", f"not a readable RSS or Atom feed ({type(exc).__name__})")
        return
    entries = parsed.get("entries") or []
    if not entries:
        reason = "not a readable RSS or Atom feed"
        if parsed.get("bozo"):
            reason += f": {parsed.get('bozo_exception')}"
        yield Failure(path, "read", reason)
        return
    site = _str_or_none(parsed.get("feed", {}).get("title"))
    for index, entry in enumerate(entries):
        try:
            yield _feed_entry(f"{path}#{index}", entry, site)
        except Exception as exc:  # one odd entry costs that entry only
            yield Failure(
                f"{path}#{index}", "read", f"unreadable feed entry ({type(exc).__name__})"
            )


def _feed_entry(
    where: str, entry: feedparser.FeedParserDict, site: str | None
) -> RawDocument | Failure:
    body = ""
    contents = entry.get("content") or []
    if contents:
        body = "\n".join(str(c.get("value", "")) for c in contents)
    body = _clean(body or str(entry.get("summary", "")))
    if not body.strip():
        return Failure(where, "read", "feed entry has no text")
    title = _str_or_none(entry.get("title"))
    return RawDocument(
        source=where,
        data=_as_html_page(title or "", body).encode("utf-8"),
        kind="html",
        url=_str_or_none(entry.get("link")),
        title=title,
        published=_feed_date(entry),
        author=_str_or_none(entry.get("author")),
        site=site,
    )


def _as_html_page(title: str, body: str) -> str:
    # Feed bodies are fragments (often plain text); wrapping them gives the
    # HTML extractor a whole page and keeps markup-free bodies intact.
    if "<" not in body:
        paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n") if p.strip())
        body = paragraphs or f"<p>{body}</p>"
    return f"<html><body><article>{body}</article></body></html>"


def _feed_date(entry: feedparser.FeedParserDict) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed:
        return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}"
    return None


# Byte-order marks of the encodings whose lines cannot be split on b"\n".
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# JSON opens with "{" or blanks, ASCII: in UTF-16/32 its first characters
# carry NUL bytes.  Bytes that merely start like a BOM (a UTF-8 file whose
# first line is the bytes FE FF) have none, and are read line by line.
_WIDE_HEAD = 16


def _wide_encoding(head: bytes) -> str | None:
    for bom, encoding in _WIDE_BOMS:
        if head.startswith(bom):
            rest = head[len(bom) :]
            return encoding if not rest or b"\0" in rest else None
    return None


# Python refuses to turn longer digit strings into int (a denial-of-service guard).
_MAX_INT_DIGITS = 4_300


def _read_jsonl(path: str, max_bytes: int) -> Iterator[RawDocument | Failure]:
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed in finally, lines streamed
    except OSError as exc:
        yield Failure(path, "read", f"cannot read file: {exc.strerror}")
        return
    try:
        head = handle.read(_WIDE_HEAD)
        handle.seek(0)
        wide = _wide_encoding(head)
        lines: Iterable[bytes | str] = handle
        if wide is not None:
            lines = io.TextIOWrapper(handle, encoding=wide, errors="replace", newline=None)
        records = 0
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            records += 1
            yield _jsonl_line(line, f"{path}:{number}", max_bytes)
        if records == 0:
            yield Failure(path, "read", "empty file")
    except (OSError, UnicodeError) as exc:
        yield Failure(path, "read", f"cannot read file: {exc}")
    finally:
        handle.close()


def _jsonl_line(line: bytes | str, where: str, max_bytes: int) -> RawDocument | Failure:
    """One JSONL line to its document, or a Failure costing this line only."""
    if len(line) > max_bytes:
        return Failure(where, "read", f"line over the cap of {max_bytes:,} bytes")
    try:
        text = line if isinstance(line, str) else decode_bytes(line, where)
        record = json.loads(text, parse_int=_parse_int)
    except DecodeError as exc:
        return Failure(where, "read", f"not a JSON object: {exc.reason}")
    except json.JSONDecodeError as exc:
        return Failure(where, "read", f"not a JSON object: {exc}")
    except RecursionError:
        return Failure(where, "read", "not a readable JSON object: nested too deeply")
    except Exception as exc:  # the json module's other refusals cost this line only
        return Failure(where, "read", f"not a readable JSON object ({type(exc).__name__})")
    return _jsonl_record(record, where)


def _parse_int(digits: str) -> int | str:
    # A huge number in some field must not cost the record its text.
    return int(digits) if len(digits) <= _MAX_INT_DIGITS else digits


# Escaped control characters (\u0000) and lone surrogates (\ud800) are valid
# JSON but not text: controls are dropped, surrogates become U+FFFD.
_CONTROLS = dict.fromkeys(c for c in range(32) if c not in (9, 10, 12, 13))
_SURROGATE = re.compile("[\ud800-\udfff]")


def _clean(text: str) -> str:
    return _SURROGATE.sub("\ufffd", text.translate(_CONTROLS))


def _jsonl_record(record: object, where: str) -> RawDocument | Failure:
    if not isinstance(record, dict):
        return Failure(where, "read", "expected a JSON object with 'text' or 'html'")
    text, html = _str_or_none(record.get("text")), _str_or_none(record.get("html"))
    if text is not None:
        data, kind = text, "text"
    elif html is not None:
        data, kind = html, "html"
    else:
        return Failure(where, "read", "record has neither 'text' nor 'html'")
    return RawDocument(
        source=where,
        data=data.encode("utf-8"),
        kind="text" if kind == "text" else "html",
        url=_str_or_none(record.get("url")),
        title=_str_or_none(record.get("title")),
        published=_str_or_none(record.get("published")),
        author=_str_or_none(record.get("author")),
        site=_str_or_none(record.get("site")),
    )


def _str_or_none(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = _clean(value)
    return value if value.strip() else None


def failure_from_error(error: InputError, stage: str) -> Failure:
    return Failure(error.path, stage, error.reason)
