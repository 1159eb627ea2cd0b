"""Conflicts between claims (placeholder until issue 4)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from newsledger.model import Claim, Conflict


def find_conflicts(claims: Sequence[Claim], copy_of: Mapping[str, str]) -> list[Conflict]:
    """Groups of claims with the same key that cannot all be true.

    ``copy_of`` maps a document id to the id of the document it copies, so
    that a copy is not counted as an independent source.
    """
    return []
