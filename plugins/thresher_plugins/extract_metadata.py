"""The ``metadata`` extractor: title, publication date, publisher and authors.

It starts from what earlier stages found and falls back on the text, so a
run without the clean stage gets the same fields:

* **date** (ISO 8601; a time only when the page gives one): the loader's
  date (a JSON field, a leading ``date 2025-10-27`` token), the date line
  or byline the ``boilerplate`` cleaner moved to meta, else a labelled
  date, a wire dateline or a bare date line in the text (``dates.py``:
  finding is ours, parsing is dateparser's, in the page's language first;
  plain dates are read as it reads them, without it).
  ``meta["date_source"]`` says which.
* **publisher**: kept when a cleaner set it; else the URL host, else the
  credit the text gives (``publishers.py``, shared with the ``publisher``
  cleaner: agencies, Reuters' ``Reporting by``/``Editing by``), else what the
  page calls itself (a copyright line, a masthead), else the URL host.
* **authors**: the byline (``By``, ``Von``, ``Par``, ``Por``...) and wire
  reporting credits; editors are not authors (``bylines.py``).
* **title**: the loader's or the cleaner's, else the first paragraph when
  it reads like a headline.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

import attrs

from thresher import Document, Extractor, document_domain, hookimpl
from thresher_plugins.bylines import authors_in, authors_of
from thresher_plugins.dates import DATE_TOKEN, is_date_line, publication_date
from thresher_plugins.publishers import (
    credited_publisher,
    masthead_line,
    named_publisher,
    publisher_of_host,
)

#: Removals whose text may be the page's date line (taken for a menu or a headline).
DATE_REMOVALS = frozenset({"date", "title", "byline", "navigation", "metadata-date"})
#: Removals whose text may name the site: its footer, sign-up box, menus.
PUBLISHER_REMOVALS = frozenset(
    {"footer", "legal", "newsletter", "navigation", "credit", "related", "consent", "share"}
)
#: Characters at the end searched for a copyright line.
TAIL_CHARS = 1500
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
    """Title, publication date, publisher and authors: earlier stages' findings, else the text."""

    name = "metadata"
    order = 100
    provides = (
        "meta.title",
        "meta.date",
        "meta.date_source",
        "meta.publisher",
        "meta.publisher_source",
        "meta.authors",
    )

    max_title_chars: int = 160
    max_title_words: int = 24
    min_title_words: int = 3

    def extract(self, document: Document) -> Mapping[str, Any]:
        meta = document.meta
        fields: dict[str, Any] = {}
        languages = [meta["language"]] if isinstance(meta.get("language"), str) else []
        found = publication_date(self._date_candidates(document), document.text, languages)
        if found is not None:
            fields["meta.date"] = found.value
            fields["meta.date_source"] = found.how
        if not meta.get("publisher"):
            publisher, how = self.publisher(document)
            if publisher:
                fields["meta.publisher"] = publisher
                fields["meta.publisher_source"] = how
        if not meta.get("authors"):
            byline = meta.get("byline")
            authors = authors_in(byline) if isinstance(byline, str) else []
            authors += authors_of(document.text)
            if authors:
                fields["meta.authors"] = list(dict.fromkeys(authors))
        title = self.title(document)
        if title is not None:
            fields["meta.title"] = title
        return fields

    def title(self, document: Document) -> str | None:
        """A title to set: a headline when there is none, or instead of a date taken for one.

        A page that opens with a date line or a ``date 2025-10-27`` token can
        have it taken for its headline by the cleaner; the words after a
        token are the headline then, else the first headline-like paragraph.
        """
        given = document.meta.get("title")
        if isinstance(given, str) and given.strip():
            token = DATE_TOKEN.match(given)
            if token is None and not is_date_line(given):
                return None
            rest = given[token.end() :].strip() if token else ""
            return self.headline(rest) or self.headline(document.text)
        return self.headline(document.text)

    def _date_candidates(self, document: Document) -> list[tuple[str, str]]:
        """What earlier stages found that may date the page, most trusted first.

        The loader's date, the date line and byline the cleaner moved to
        meta; then a title or standfirst, or removed text, that is only a
        date (a cleaner may take a date line for a headline or a menu).
        """
        candidates = []
        for key, how in (("date", "meta"), ("date_text", "date-line"), ("byline", "byline")):
            value = document.meta.get(key)
            normalized = iso_date(value)
            if normalized is not None:
                candidates.append((how, normalized))
            elif isinstance(value, str) and value.strip():
                candidates.append((how, value))
        for key in ("title", "standfirst"):
            value = document.meta.get(key)
            if isinstance(value, str) and (DATE_TOKEN.match(value) or is_date_line(value)):
                candidates.append((key, value))
        for removal in document.removals:
            if removal.reason in DATE_REMOVALS and is_date_line(removal.text):
                candidates.append(("removed", removal.text))
        return candidates

    def publisher(self, document: Document) -> tuple[str | None, str]:
        host = document_domain(document)
        if host is not None:
            publisher = publisher_of_host(host)
            if publisher is not None:
                return publisher, "url"
        text = document.text
        credit = document.meta.get("credit")
        credit = credit if isinstance(credit, str) else ""
        for candidate in (text, credit):
            publisher = credited_publisher(candidate) if candidate else None
            if publisher is not None:
                return publisher, "credit"
        removed = [r.text for r in document.removals if r.reason in PUBLISHER_REMOVALS]
        named = named_publisher([credit, text[-TAIL_CHARS:], *removed, text[:TAIL_CHARS]])
        if named is not None:
            return named
        if host is not None:
            return host, "domain"  # a site the table does not know, by its own name
        first = removed[0] if removed else text
        ending = "\n".join([text[-TAIL_CHARS:], *removed[1:]])
        masthead = masthead_line(first.split("\n", 1)[0], ending)
        if masthead is not None:
            return masthead, "masthead"
        return None, ""

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
