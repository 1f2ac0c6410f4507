"""The news pack: who published a page, and the page templates of known outlets.

``publisher`` (runs first) fills ``meta["publisher"]`` when nothing set it,
and never edits the text:

1. from the page's URL host (``meta["url"]`` or a URL source), looked up in
   a table of news sites and wires, subdomains included
   (``english.kyodonews.net`` is Kyodo News); ``meta["publisher_source"]``
   is then ``url``;
2. else from the credit the text gives, in general forms, not per outlet:
   a lede that opens with the agency (``(MENAFN) Japan ...``), a dateline
   (``TOKYO, Oct 27 (Kyodo) -``, ``NEW YORK--(BUSINESS WIRE)--``,
   ``... 2025 /PRNewswire/ --``), or a closing credit (``© KYODO``,
   ``Copyright 2025 The Associated Press``, ``==Kyodo``).
   ``publisher_source`` is then ``credit``. Only agencies in the table
   count: ``(GDP)`` or ``(NATO)`` in a first sentence names no publisher.
   A lede credit wins over a closing one, which may be a photo's.

The credit stays in the text: in a lede it is part of the article.

One :class:`thresher.SourceCleaner` per outlet then removes that outlet's
known template, recording each removal with the generic reason codes:

* ``econotimes``: the menu and section bar above the headline, the photo
  caption (``<headline>. Source: <credit>``), the market-data widget and
  the sign-up box that closes every page.
* ``japan-today``: the agency credit stuck to the last paragraph
  (``...seas.© KYODO``) and the reader comments after it (commenter name,
  then their message, one block each).
* ``menafn``: the error-page text its pages carry above the article, the
  legal disclaimer and the empty comment box (``CommentsNo comment``).

They run after learned per-source boilerplate and before the generic block
segmenter, and set ``meta["publisher"]`` themselves (``publisher_source``
``url`` or ``marker``) when ``publisher`` did not, for example on an
EconoTimes page that credits nobody but carries the EconoTimes sign-up box.
"""

from __future__ import annotations

import re

import attrs

from thresher import Cleaner, Document, SourceCleaner, document_domain, hookimpl
from thresher_plugins.publishers import (
    credited_publisher,
    domains_of,
    normalise_domains,
    publisher_of_host,
)

# -- outlets with a page template ----------------------------------------------------------


class EconoTimesCleaner(SourceCleaner):
    """EconoTimes: menu and section bar, photo caption, market-data widget, sign-up box."""

    publisher = "EconoTimes"
    domains = domains_of(publisher)
    markers = (re.compile(r"Welcome to EconoTimes\s*$", re.MULTILINE),)
    head = (("navigation", re.compile(r"Menu|Search|\|\s*[A-Z][\w&,' -]{0,40}")),)
    template = (
        # The caption repeats the headline, then credits the photo.
        ("caption", re.compile(r"[^\n]{10,300}\. Source: [^\n]{2,200}")),
        ("navigation", re.compile(r"(?:•\s*)?Market Data|Close")),
    )
    tail = (("newsletter", re.compile(r"Welcome to EconoTimes")),)


# Japan Today ends each wire story with the agency's credit, glued to the last
# paragraph when the page is flattened to text.
_JAPAN_TODAY_CREDIT = r"©\s?(?:KYODO|AFP-JIJI|JIJI|AFP|Reuters|Japan Today)"


class JapanTodayCleaner(SourceCleaner):
    """Japan Today: the agency credit glued to the last paragraph, and the reader comments."""

    publisher = "Japan Today"
    domains = domains_of(publisher)
    markers = (re.compile(r"© ?KYODO$", re.MULTILINE),)
    glued = (("legal", re.compile(_JAPAN_TODAY_CREDIT)),)
    after = (("comments", re.compile(_JAPAN_TODAY_CREDIT + r"$")),)


class MenafnCleaner(SourceCleaner):
    """MENAFN: error-page text above the article, the legal disclaimer, the empty comment box."""

    publisher = "MENAFN"
    domains = domains_of(publisher)
    markers = (
        re.compile(r"\(MENAFN[)-]"),
        re.compile(r"Legal Disclaimer:\s*MENAFN provides the information"),
    )
    head = (
        (
            "error-page",
            re.compile(
                r"403|Sorry!!|Error! We['’]re sorry, but the page you were looking for "
                r"doesn['’]t exist\."
            ),
        ),
    )
    template = (
        ("legal", re.compile(r"Legal Disclaimer:")),
        ("legal", re.compile(r"MENAFN provides the information\b.{0,600}", re.DOTALL)),
        ("comments", re.compile(r"Comments\s*No comments?")),
    )
    glued = (("comments", re.compile(r"Comments\s*No comments?")),)


OUTLET_CLEANERS: tuple[type[SourceCleaner], ...] = (
    EconoTimesCleaner,
    JapanTodayCleaner,
    MenafnCleaner,
)


@attrs.define
class PublisherCleaner(Cleaner):
    """Name the publisher in meta.publisher from the page's URL or its credit line; text untouched.

    Only fills a missing ``meta["publisher"]``, and says how it was found in
    ``meta["publisher_source"]`` (``url`` or ``credit``).
    """

    name = "publisher"
    # Before every other cleaner, so source-specific cleaners can rely on it.
    order = 50

    #: More hosts (subdomains match too) -> publisher, consulted before the
    #: built-in table: ``-s 'publisher.domains={"harbour.example" = "Harbour Daily"}'``.
    domains: dict[str, str] = attrs.field(factory=dict, converter=normalise_domains)
    #: Look for a credit in the text when the URL names no publisher.
    credits: bool = True

    def applies_to(self, document: Document) -> bool:
        return not document.meta.get("publisher")

    def clean(self, document: Document) -> None:
        publisher, source = self._from_url(document), "url"
        if publisher is None and self.credits:
            publisher, source = credited_publisher(document.text), "credit"
        if publisher is not None:
            document.meta["publisher"] = publisher
            document.meta["publisher_source"] = source

    def _from_url(self, document: Document) -> str | None:
        host = document_domain(document)
        return None if host is None else publisher_of_host(host, self.domains)


@hookimpl
def thresher_register_cleaners() -> list[type[Cleaner]]:
    return [PublisherCleaner, *OUTLET_CLEANERS]
