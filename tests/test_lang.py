from __future__ import annotations

import pytest

from newsledger.errors import UnsupportedLanguageError
from newsledger.lang import LangData, load, supported_languages


def test_english_and_german_are_supported_and_unknown_codes_name_them() -> None:
    assert {"en", "de"} <= set(supported_languages())
    with pytest.raises(UnsupportedLanguageError, match=r"supported: .*de.*en"):
        load("xx")


def test_compiled_data_is_built_once_per_language_object() -> None:
    calls: list[str] = []

    def build(lang: LangData) -> str:
        calls.append(lang.code)
        return lang.code.upper()

    custom = LangData("en", {"quotes": {}})
    assert load("en").compiled(build) == load("en").compiled(build) == "EN"
    # A hand-built LangData never shares another object's compiled rules.
    assert custom.compiled(build) == "EN"
    assert calls == ["en", "en"]
