"""The ``relative-dates`` extractor: dates the text gives against its own date.

``on Wednesday``, ``yesterday``, ``last month``, ``last March``, ``two weeks
ago``; ``am Mittwoch``, ``im vergangenen Jahr``; ``mercredi dernier``, ``il y
a deux jours``; ``el miércoles``, ``el año pasado``: each resolved against
the page's publication date to an ISO 8601 date at its own granularity, a
day, an ISO week, a month or a year (``relative_dates.py`` has the rules,
tense included: ``will meet on Friday`` looks ahead, ``met on Friday`` back).

It runs after ``language`` (50) and ``metadata`` (100): the date is
``meta.date``, the language ``meta.language``. A page without a publication
date gives an empty list, since there is nothing to count from; one in a
language other than English, German, French or Spanish gives an empty list
too; a page of unknown language is read in all four.

Each item: ``{text, start, end, date, unit, sentence}``, ``start``/``end``
offsets in the document's text, ``unit`` one of ``day``, ``week``,
``month``, ``year``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from thresher import Document, Extractor, hookimpl
from thresher_plugins.relative_dates import find_relative_dates, publication_day
from thresher_plugins.sentences import sentences_of


@attrs.define
class RelativeDatesExtractor(Extractor):
    """``on Wednesday``, ``last month``, ``vor zwei Wochen``: resolved against ``meta.date``."""

    name = "relative-dates"
    order = 150
    provides = ("relative_dates",)

    def extract(self, document: Document) -> Mapping[str, Any]:
        published = publication_day(document.meta.get("date"))
        if published is None:
            return {"relative_dates": []}
        language = document.meta.get("language")
        languages = [language] if isinstance(language, str) and language else None
        text = document.text
        sentences = sentences_of(text)
        found = find_relative_dates(text, published, languages, sentences)
        return {
            "relative_dates": [
                {
                    "text": item.text,
                    "start": item.start,
                    "end": item.end,
                    "date": item.date,
                    "unit": item.unit,
                    "sentence": sentences.around(item.start, item.end),
                }
                for item in found
            ]
        }


@hookimpl
def thresher_register_extractors() -> list[type[Extractor]]:
    return [RelativeDatesExtractor]
