"""Errors raised by newsledger.

The library raises; the CLI and the API turn an error into one line or a
JSON body.  Every error says what failed, where, and what to do.

    NewsledgerError
    ├── InputError             a file, folder or record that cannot be read
    │   ├── SourceNotFoundError    a path that does not exist
    │   ├── FileTooLargeError      a file over the size cap
    │   ├── DecodeError            bytes that are not text in any encoding
    │   └── EmptyDocumentError     no article text left after cleaning
    ├── StageError             a pipeline stage failed on one document (a bug)
    ├── UnsupportedLanguageError   no data folder for a language
    ├── StoreError             the ledger database cannot be opened or used
    │   └── SchemaVersionError     the database is newer than this newsledger
    ├── ConfigError            a settings file or option with a bad value
    ├── KnowledgeBaseError     a knowledge-base file that cannot be read
    └── GoldFormatError        a gold file that does not follow gold/FORMAT.md
"""

from __future__ import annotations


class NewsledgerError(Exception):
    """Base class of every error newsledger raises on purpose."""


class InputError(NewsledgerError):
    """An input that cannot be ingested; carries its path."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class SourceNotFoundError(InputError):
    def __init__(self, path: str) -> None:
        super().__init__(path, "no such file or folder; check the path")


class FileTooLargeError(InputError):
    def __init__(self, path: str, size: int, cap: int) -> None:
        super().__init__(
            path,
            f"file is {size:,} bytes, over the cap of {cap:,} bytes; "
            "raise it with --max-bytes if this is intended",
        )


class DecodeError(InputError):
    pass


class EmptyDocumentError(InputError):
    pass


class StageError(NewsledgerError):
    """A stage failed unexpectedly on one document; carries the path, stage and a readable reason.

    Raised instead of the stage's own exception so that a batch records one
    Failure for that document and goes on.
    """

    def __init__(self, path: str, stage: str, reason: str) -> None:
        self.path = path
        self.stage = stage
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class UnsupportedLanguageError(NewsledgerError):
    def __init__(self, code: str, supported: tuple[str, ...]) -> None:
        self.code = code
        self.supported = supported
        super().__init__(f"language {code!r} has no data folder; supported: {', '.join(supported)}")


class StoreError(NewsledgerError):
    def __init__(self, location: str, reason: str) -> None:
        self.location = location
        super().__init__(f"{location}: {reason}")


class SchemaVersionError(StoreError):
    pass


class ConfigError(NewsledgerError):
    pass


class KnowledgeBaseError(NewsledgerError):
    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        super().__init__(f"{path}: {reason}")


class GoldFormatError(NewsledgerError):
    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        super().__init__(f"{path}: {reason}")
