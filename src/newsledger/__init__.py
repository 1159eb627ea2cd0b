"""newsledger: news articles in, a sourced ledger out.

The public API is small; the CLI and the HTTP API are built on it::

    import newsledger
    with newsledger.Ledger("news.db") as ledger:
        ledger.ingest(["articles/"])
        ledger.export()["conflicts"]
"""

from typing import TYPE_CHECKING, Any

from newsledger.errors import NewsledgerError
from newsledger.ledger import Ledger, ingest
from newsledger.model import Claim, Conflict, Document, Entity, Event, Figure, Quote, Story
from newsledger.settings import Settings

if TYPE_CHECKING:
    from newsledger.pipeline import process_text

__version__ = "0.1.0"

__all__ = [
    "Claim",
    "Conflict",
    "Document",
    "Entity",
    "Event",
    "Figure",
    "Ledger",
    "NewsledgerError",
    "Quote",
    "Settings",
    "Story",
    "ingest",
    "process_text",
]


def __getattr__(name: str) -> Any:
    # The pipeline (spaCy, trafilatura) loads on first use: a command that
    # only reads the ledger starts in a fraction of the time.
    if name == "process_text":
        from newsledger.pipeline import process_text

        return process_text
    raise AttributeError(f"module 'newsledger' has no attribute {name!r}")
