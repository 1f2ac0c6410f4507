"""The ``metadata`` extractor: title and date from what the loader found.

The loader may have found a title (a JSON field) and a date (a leading
``date 2025-10-27`` token, a JSON field). This extractor normalises the
date to ISO 8601 and, when no title was given, takes the first paragraph
if it reads like a headline.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

import attrs

from thresher import Document, Extractor, hookimpl

_TERMINAL = re.compile(r"[.,;:!…]$|[.!?]['\"”’)]?$")
_DIGITS_ONLY = re.compile(r"^[\W\d_]+$")


def iso_date(value: Any) -> str | None:
    """ISO 8601 for dates already written in ISO-like or epoch form, else ``None``.

    Free-text dates ("27 October 2025") are the job of a language-aware
    extractor; this one only normalises what is unambiguous.
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return dt.datetime.fromtimestamp(value, tz=dt.timezone.utc).isoformat()
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().replace("Z", "+00:00")
    for parse in (dt.date.fromisoformat, dt.datetime.fromisoformat):
        try:
            return parse(text).isoformat()
        except ValueError:
            continue
    return None


@attrs.define
class MetadataExtractor(Extractor):
    """Title and ISO 8601 date from the loader's findings and the first paragraph."""

    name = "metadata"
    order = 100
    provides = ("meta.title", "meta.date")

    max_title_chars: int = 160
    max_title_words: int = 24
    min_title_words: int = 3

    def extract(self, document: Document) -> Mapping[str, Any]:
        fields: dict[str, Any] = {}
        date = document.meta.get("date")
        normalized = iso_date(date)
        if normalized is not None and normalized != date:
            fields["meta.date"] = normalized
        if not document.meta.get("title"):
            title = self.headline(document.text)
            if title:
                fields["meta.title"] = title
        return fields

    def headline(self, text: str) -> str | None:
        """The first paragraph when it is short, unpunctuated and made of words."""
        first = text.strip().split("\n", 1)[0].strip()
        words = first.split()
        if not (self.min_title_words <= len(words) <= self.max_title_words):
            return None
        if len(first) > self.max_title_chars or _TERMINAL.search(first):
            return None
        if _DIGITS_ONLY.match(first):
            return None
        return first


@hookimpl
def thresher_register_extractors() -> list[type[Extractor]]:
    return [MetadataExtractor]
