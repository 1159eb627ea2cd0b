"""newsledger: news articles in, a sourced ledger out.

The public API is small; the CLI and the HTTP API are built on it::

    import newsledger
    with newsledger.Ledger("news.db") as ledger:
        ledger.ingest(["articles/"])
        ledger.export()["conflicts"]
"""

from newsledger.errors import NewsledgerError
from newsledger.ledger import Ledger, ingest
from newsledger.model import Claim, Conflict, Document, Entity, Event, Figure, Quote, Story
from newsledger.pipeline import process_text
from newsledger.settings import Settings

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
