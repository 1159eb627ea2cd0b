from __future__ import annotations

from pathlib import Path

import pytest

from newsledger.errors import ConfigError
from newsledger.settings import Settings


def test_file_values_are_overridden_by_flags_and_none_flags_are_ignored(tmp_path: Path) -> None:
    config = tmp_path / "newsledger.toml"
    config.write_text('[newsledger]\nmax_bytes = 1000\nbatch_size = 5\ndb = "a.db"\n')
    settings = Settings.load(config, db="b.db", max_bytes=None)
    assert (settings.db, settings.max_bytes, settings.batch_size) == ("b.db", 1000, 5)


def test_unknown_setting_is_named_with_the_valid_ones(tmp_path: Path) -> None:
    config = tmp_path / "s.toml"
    config.write_text("max_byte = 3\n")
    with pytest.raises(ConfigError, match=r"max_byte.*valid: .*max_bytes"):
        Settings.load(config)


def test_bad_values_and_files_are_reported(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="positive"):
        Settings.load(max_bytes=0)
    with pytest.raises(ConfigError, match="not found"):
        Settings.load(tmp_path / "missing.toml")
    (tmp_path / "bad.toml").write_text("= nope")
    with pytest.raises(ConfigError, match="not valid TOML"):
        Settings.load(tmp_path / "bad.toml")
