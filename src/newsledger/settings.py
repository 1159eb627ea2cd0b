"""One settings object per run: packaged defaults, the user's file, the flags."""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsledger.errors import ConfigError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# Documents per store transaction: large enough to amortise commit cost
# (fsync in WAL mode), small enough that a killed run loses little work.
DEFAULT_BATCH_SIZE = 200


@dataclass(frozen=True)
class Settings:
    """Everything a run can be told; built once and passed explicitly."""

    db: str = "newsledger.db"
    max_bytes: int = DEFAULT_MAX_BYTES
    batch_size: int = DEFAULT_BATCH_SIZE
    workers: int = 1
    kb_files: tuple[str, ...] = ()
    ner_model: str | None = None
    # Language used for rules when a document's language has no data folder.
    fallback_language: str = "en"
    resolve: bool = True

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then the TOML file at ``path`` (if any), then ``overrides``.

        ``None`` values in ``overrides`` mean "not given" and are ignored, so
        CLI flags can be passed straight through.
        """
        values: dict[str, Any] = {}
        if path is not None:
            values.update(_read_toml(Path(path)))
        values.update({k: v for k, v in overrides.items() if v is not None})
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ConfigError(
                f"unknown setting(s) {', '.join(unknown)}; valid: {', '.join(sorted(known))}"
            )
        if "kb_files" in values:
            values["kb_files"] = tuple(values["kb_files"])
        settings = cls(**values)
        settings.validate()
        return settings

    def validate(self) -> None:
        if self.max_bytes <= 0:
            raise ConfigError(f"max_bytes must be positive, got {self.max_bytes}")
        if self.batch_size <= 0:
            raise ConfigError(f"batch_size must be positive, got {self.batch_size}")
        if self.workers <= 0:
            raise ConfigError(f"workers must be positive, got {self.workers}")

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"{path}: settings file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    section = data.get("newsledger", data)
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: expected a [newsledger] table")
    return section
