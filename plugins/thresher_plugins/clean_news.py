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
from collections.abc import Iterator
from typing import Any

import attrs

from thresher import Cleaner, Document, SourceCleaner, document_domain, hookimpl

# -- outlets with a page template ----------------------------------------------------------


class EconoTimesCleaner(SourceCleaner):
    """EconoTimes: menu and section bar, photo caption, market-data widget, sign-up box."""

    publisher = "EconoTimes"
    domains = ("econotimes.com",)
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
    domains = ("japantoday.com",)
    markers = (re.compile(r"© ?KYODO$", re.MULTILINE),)
    glued = (("legal", re.compile(_JAPAN_TODAY_CREDIT)),)
    after = (("comments", re.compile(_JAPAN_TODAY_CREDIT + r"$")),)


class MenafnCleaner(SourceCleaner):
    """MENAFN: error-page text above the article, the legal disclaimer, the empty comment box."""

    publisher = "MENAFN"
    domains = ("menafn.com",)
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

# -- who published a page ------------------------------------------------------------------

#: News sites, wires and press-release services: the publisher's name, the
#: hosts of its pages, and the tokens it is credited with in text (matched
#: ignoring case). Outlets with a cleaner above bring their own domains.
OUTLETS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    # wires and agencies
    ("Reuters", ("reuters.com",), ("Reuters", "Thomson Reuters")),
    ("Associated Press", ("apnews.com", "ap.org"), ("AP", "Associated Press")),
    ("AFP", ("afp.com",), ("AFP", "AFP-JIJI", "Agence France-Presse")),
    ("Kyodo News", ("kyodonews.net", "kyodonews.jp"), ("Kyodo", "Kyodo News")),
    ("Jiji Press", ("jiji.com",), ("Jiji", "Jiji Press")),
    ("Bloomberg", ("bloomberg.com",), ("Bloomberg",)),
    ("dpa", ("dpa.com", "dpa-international.com"), ("dpa",)),
    ("ANSA", ("ansa.it",), ("ANSA", "ANSAmed")),
    ("Agenzia Nova", ("agenzianova.com",), ("Agenzia Nova",)),
    ("EFE", ("efe.com",), ("EFE",)),
    ("Europa Press", ("europapress.es",), ("Europa Press",)),
    ("Xinhua", ("xinhuanet.com", "news.cn"), ("Xinhua",)),
    ("Yonhap", ("yna.co.kr",), ("Yonhap",)),
    ("TASS", ("tass.com", "tass.ru"), ("TASS",)),
    ("Interfax", ("interfax.com", "interfax.ru"), ("Interfax",)),
    ("Anadolu Agency", ("aa.com.tr",), ("Anadolu", "Anadolu Agency")),
    ("UPI", ("upi.com",), ("UPI",)),
    ("PTI", ("ptinews.com",), ("PTI",)),
    ("IANS", ("ianslive.in",), ("IANS",)),
    ("ANI", ("aninews.in",), ("ANI",)),
    ("Bernama", ("bernama.com",), ("Bernama",)),
    ("MENAFN", (), ("MENAFN",)),
    # press-release services
    ("PR Newswire", ("prnewswire.com", "prnewswire.co.uk"), ("PRNewswire", "PR Newswire")),
    ("Business Wire", ("businesswire.com",), ("Business Wire", "BusinessWire")),
    ("GlobeNewswire", ("globenewswire.com",), ("GlobeNewswire", "Globe Newswire")),
    # broadcasters and newspapers
    ("CNN", ("cnn.com",), ("CNN",)),
    ("CNBC", ("cnbc.com",), ("CNBC",)),
    ("BBC", ("bbc.com", "bbc.co.uk"), ()),
    ("The New York Times", ("nytimes.com",), ()),
    ("The Washington Post", ("washingtonpost.com",), ()),
    ("The Wall Street Journal", ("wsj.com",), ()),
    ("The Guardian", ("theguardian.com",), ()),
    ("Financial Times", ("ft.com",), ()),
    ("The Economist", ("economist.com",), ()),
    ("Politico", ("politico.com", "politico.eu"), ()),
    ("Axios", ("axios.com",), ()),
    ("NPR", ("npr.org",), ()),
    ("NBC News", ("nbcnews.com",), ()),
    ("ABC News", ("abcnews.go.com",), ()),
    ("CBS News", ("cbsnews.com",), ()),
    ("Fox News", ("foxnews.com",), ()),
    ("USA Today", ("usatoday.com",), ()),
    ("Los Angeles Times", ("latimes.com",), ()),
    ("Forbes", ("forbes.com",), ()),
    ("Al Jazeera", ("aljazeera.com",), ()),
    ("Deutsche Welle", ("dw.com",), ()),
    ("France 24", ("france24.com",), ()),
    ("Euronews", ("euronews.com",), ()),
    ("NHK", ("nhk.or.jp",), ()),
    ("The Japan Times", ("japantimes.co.jp",), ()),
    ("Nikkei Asia", ("asia.nikkei.com",), ()),
    ("Nikkei", ("nikkei.com",), ()),
    ("South China Morning Post", ("scmp.com",), ()),
    ("The Straits Times", ("straitstimes.com",), ()),
    ("CNA", ("channelnewsasia.com",), ()),
    ("The Hindu", ("thehindu.com",), ()),
    ("The Times of India", ("timesofindia.indiatimes.com",), ()),
)

#: URL host -> publisher.
NEWS_DOMAINS: dict[str, str] = {
    **{domain: name for name, domains, _ in OUTLETS for domain in domains},
    **{domain: cleaner.publisher for cleaner in OUTLET_CLEANERS for domain in cleaner.domains},
}

#: Credit token, case-folded -> publisher.
CREDIT_TOKENS: dict[str, str] = {
    token.casefold(): name for name, _, tokens in OUTLETS for token in tokens
}

# Longest first, so "AFP-JIJI" is read whole rather than as "AFP".
_TOKEN = "(?i:{})".format(
    "|".join(re.escape(token) for token in sorted(CREDIT_TOKENS, key=len, reverse=True))
)
# An agency in parentheses: "(Kyodo)", "(BUSINESS WIRE)", "(MENAFN- Harbour Daily)".
# A credit only when what follows starts a sentence or is a dash, and only a
# place and a date come before it on its line (_starts_a_dateline): "(AP)
# said" in running text is not a credit. Looking for the parenthesis first,
# rather than for the start of a line, keeps the scan on re's fast path.
_PAREN_CREDIT = re.compile(
    rf"\((?P<token>{_TOKEN})(?:[^\S\n]*[-–/][^()\n]{{0,60}})?\)"
    r"(?=[^\S\n]*(?:[-–—:]|[A-Z“\"‘']))"
)
#: The longest place and date before a dateline credit ("AUSTIN, Texas, March 03, 2026").
MAX_DATELINE_CHARS, MAX_DATELINE_WORDS = 80, 8
# PR Newswire's slug in the dateline: "NEW YORK, Oct. 27, 2025 /PRNewswire/ --".
_SLUG = re.compile(rf"/[^\S\n]?(?P<token>{_TOKEN})(?:-[\w-]+)?[^\S\n]?/")
# Closing credits: "© KYODO", "(c) Reuters", "Copyright 2025 The Associated Press",
# "==Kyodo"; not a photo credit ("© AFP/Getty", "© AFP Photo"). They are
# looked for in the whole text, so each opening is its own pattern starting
# with a literal (re's fast path), or comes with the text every match has from
# its second character on ("[Cc]opyright" alone would stop at every "c"): the
# search then starts where that text first occurs, or is skipped if it never
# does.
_NOT_A_PHOTO_CREDIT = r"(?![\w/-])(?![^\S\n]*(?i:photo|image|via)\b)"
_CLOSING: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = tuple(
    (
        needles,
        re.compile(
            rf"{opening}(?:\d{{4}}[^\S\n]+)?(?:(?i:the)[^\S\n]+)?"
            rf"(?P<token>{_TOKEN}){_NOT_A_PHOTO_CREDIT}"
        ),
    )
    for needles, opening in (
        ((), r"©[^\S\n]*"),
        ((), r"\([cC]\)[^\S\n]*(?:(?i:copyright)[^\S\n]*)?"),
        (("opyright", "OPYRIGHT"), r"(?:[Cc]opyright|COPYRIGHT)[^\S\n]+"),
        ((), r"==[^\S\n]?"),
    )
)

#: Characters from the top of the text in which a lede credit is looked for:
#: past any menu or error text, without scanning a whole long document.
LEDE_CHARS = 5000


def credited_publisher(text: str) -> str | None:
    """The publisher the text credits, or ``None``; lede credits first."""
    lede = text[:LEDE_CHARS]
    for credit in _PAREN_CREDIT.finditer(lede):
        if _starts_a_dateline(lede, credit.start()):
            return CREDIT_TOKENS[credit["token"].casefold()]
    match = _SLUG.search(lede)
    if match is None:
        closing = (_search_closing(pattern, needles, text) for needles, pattern in _CLOSING)
        match = next((found for found in closing if found), None)
    return CREDIT_TOKENS[match["token"].casefold()] if match else None


def _search_closing(
    pattern: re.Pattern[str], needles: tuple[str, ...], text: str
) -> re.Match[str] | None:
    if not needles:
        return pattern.search(text)
    found = [position for position in map(text.find, needles) if position >= 0]
    if not found:
        return None
    # A match starts one character before a needle ("C" + "opyright"), so
    # none starts before the first needle's first occurrence.
    return pattern.search(text, max(min(found) - 1, 0))


def _starts_a_dateline(text: str, position: int) -> bool:
    """Whether only a place and a date ("TOKYO, Oct 27") precede ``position`` on its line.

    A place and date is short, and either a single word, or opens with a
    capitalised place ("NEW YORK--"), or has a comma ("Tokyo, Mar. 3"):
    "Officials told the agency (Reuters) ..." is a sentence, not a dateline.
    """
    before = text[text.rfind("\n", 0, position) + 1 : position].strip()
    if not before:
        return True
    words = before.split()
    return (
        len(before) <= MAX_DATELINE_CHARS
        and len(words) <= MAX_DATELINE_WORDS
        and before[0].isupper()
        and "(" not in before
        and ")" not in before
        and (len(words) == 1 or words[0].isupper() or "," in before)
    )


def _normalise_domains(value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise ValueError(f"domains must map host names to publisher names, got {value!r}")
    return {k.strip().casefold().removeprefix("www."): v for k, v in value.items()}


def _host_and_parents(host: str) -> Iterator[str]:
    """``a.b.example.com``, ``b.example.com``, ``example.com``: most specific first."""
    labels = host.split(".")
    for start in range(max(len(labels) - 1, 1)):
        yield ".".join(labels[start:])


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
    domains: dict[str, str] = attrs.field(factory=dict, converter=_normalise_domains)
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
        if host is None:
            return None
        for candidate in _host_and_parents(host):
            publisher = self.domains.get(candidate) or NEWS_DOMAINS.get(candidate)
            if publisher is not None:
                return publisher
        return None


@hookimpl
def thresher_register_cleaners() -> list[type[Cleaner]]:
    return [PublisherCleaner, *OUTLET_CLEANERS]
