"""Per-language knowledge, loaded from data files.

Each language is a folder ``lang/<code>/`` of YAML files, one per topic
(``figures.yaml``, ``quotes.yaml``, ``events.yaml``, ``boilerplate.yaml``,
``entities.yaml`` ...).  A stage reads the topic it needs with
``LangData.table(topic)`` and builds its own typed structures from it.
Adding a language means adding a folder; no code names a language.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, TypeVar

import yaml

from newsledger.errors import UnsupportedLanguageError

T = TypeVar("T")

# libyaml's parser where PyYAML has it (several times faster at start-up).
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class LangData:
    """The data files of one language, by topic."""

    code: str
    tables: dict[str, Any] = field(default_factory=dict)
    # What stages compiled from these tables (regexes, lookups), by builder.
    _compiled: dict[Callable[..., Any], Any] = field(
        default_factory=dict, compare=False, repr=False
    )

    def table(self, topic: str) -> Any:
        """The parsed contents of ``<topic>.yaml``, or an empty dict."""
        return self.tables.get(topic, {})

    def compiled(self, build: Callable[[LangData], T]) -> T:
        """``build(self)``, computed once per language object and builder.

        Stages compile their data (regexes, lookup tables) through this, so
        the work is done once per process and a LangData built by hand (a
        test's, a user's) never sees another one's compiled rules.
        """
        try:
            return self._compiled[build]  # type: ignore[no-any-return]
        except KeyError:
            value = self._compiled[build] = build(self)
            return value


def supported_languages() -> tuple[str, ...]:
    """Codes of the languages that have a data folder."""
    root = resources.files(__package__)
    return tuple(
        sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("_"))
    )


@functools.cache
def load(code: str) -> LangData:
    """Load every data file of language ``code``.

    Raises UnsupportedLanguageError listing the languages that exist.
    """
    if code not in supported_languages():
        raise UnsupportedLanguageError(code, supported_languages())
    folder = resources.files(__package__) / code
    tables: dict[str, Any] = {}
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if item.name.endswith((".yaml", ".yml")):
            topic = item.name.rsplit(".", 1)[0]
            tables[topic] = yaml.load(item.read_text(encoding="utf-8"), Loader=_YAML_LOADER) or {}
    return LangData(code=code, tables=tables)


def load_or_fallback(code: str, fallback: str = "en") -> LangData:
    """Load ``code``, or the fallback language when ``code`` has no data.

    Used for documents in languages without a lexicon: knowledge-base
    entities are still found, language-specific rules fall back.
    """
    try:
        return load(code)
    except UnsupportedLanguageError:
        return load(fallback)
