"""One record per entity, whatever finds them: the built-in rules or a spaCy pipeline.

Every entities extractor gives the same shape, so exporters and users read
one format: ``{text, label, count, spans, mentions}`` (and ``roles`` for a
person whose titles the article gives), ``text`` the fullest form,
``spans`` every ``[start, end]`` in text order of discovery, ``mentions``
each distinct written form.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


class EntityTable:
    """Mentions gathered per ``(label, canonical name)``."""

    def __init__(self) -> None:
        self._found: dict[tuple[str, str], dict[str, Any]] = {}

    def add(self, label: str, canonical: str, written: str, start: int, end: int) -> None:
        entity = self._found.setdefault(
            (label, canonical),
            {"text": canonical, "label": label, "count": 0, "spans": [], "mentions": []},
        )
        entity["count"] += 1
        entity["spans"].append([start, end])
        if written not in entity["mentions"]:
            entity["mentions"].append(written)

    def set_roles(self, label: str, canonical: str, roles: Iterable[str]) -> None:
        """Record a found entity's roles ("Defense Minister"); unknown entities are skipped."""
        entity = self._found.get((label, canonical))
        if entity is not None:
            entity["roles"] = list(roles)

    def records(self) -> list[dict[str, Any]]:
        """The entities in order of their first mention."""
        for entity in self._found.values():
            entity["spans"].sort()
        return sorted(self._found.values(), key=lambda e: e["spans"][0][0])
