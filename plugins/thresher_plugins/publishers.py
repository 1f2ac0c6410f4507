"""Who published a page: news sites, wires and press-release services, and how text credits them.

Shared by the ``publisher`` cleaner and the ``metadata`` extractor, so that a
run without the clean stage names the same publishers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

#: News sites, wires and press-release services: the publisher's name, the
#: hosts of its pages, and the tokens it is credited with in text (matched
#: ignoring case).
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
    ("MENAFN", ("menafn.com",), ("MENAFN",)),
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
    ("Japan Today", ("japantoday.com",), ()),
    # European, American and Pacific papers and broadcasters
    ("Le Monde", ("lemonde.fr",), ()),
    ("Le Figaro", ("lefigaro.fr",), ()),
    ("Libération", ("liberation.fr",), ()),
    ("Ouest-France", ("ouest-france.fr",), ()),
    ("Les Echos", ("lesechos.fr",), ()),
    ("Radio France", ("radiofrance.fr", "franceinfo.fr"), ()),
    ("Radio-Canada", ("radio-canada.ca", "ici.radio-canada.ca"), ()),
    ("CBC News", ("cbc.ca",), ()),
    ("The Globe and Mail", ("theglobeandmail.com",), ()),
    ("RTBF", ("rtbf.be",), ()),
    ("Le Soir", ("lesoir.be",), ()),
    ("RTS", ("rts.ch",), ()),
    ("Neue Zürcher Zeitung", ("nzz.ch",), ()),
    ("tagesschau", ("tagesschau.de",), ()),
    ("Der Spiegel", ("spiegel.de",), ()),
    ("Die Zeit", ("zeit.de",), ()),
    ("Frankfurter Allgemeine Zeitung", ("faz.net",), ()),
    ("Süddeutsche Zeitung", ("sueddeutsche.de",), ()),
    ("Die Welt", ("welt.de",), ()),
    ("Handelsblatt", ("handelsblatt.com",), ()),
    ("Der Standard", ("derstandard.at",), ()),
    ("ORF", ("orf.at",), ()),
    ("El País", ("elpais.com",), ()),
    ("El Mundo", ("elmundo.es",), ()),
    ("ABC", ("abc.es",), ()),
    ("La Vanguardia", ("lavanguardia.com",), ()),
    ("RTVE", ("rtve.es",), ()),
    ("Clarín", ("clarin.com",), ()),
    ("La Nación", ("lanacion.com.ar",), ()),
    ("El Universal", ("eluniversal.com.mx",), ()),
    ("Corriere della Sera", ("corriere.it",), ()),
    ("la Repubblica", ("repubblica.it",), ()),
    ("The Independent", ("independent.co.uk",), ()),
    ("The Telegraph", ("telegraph.co.uk",), ()),
    ("The Times", ("thetimes.co.uk", "thetimes.com"), ()),
    ("Daily Mail", ("dailymail.co.uk",), ()),
    ("Sky News", ("news.sky.com",), ()),
    ("The Irish Times", ("irishtimes.com",), ()),
    ("RTÉ", ("rte.ie",), ()),
    ("ABC News", ("abc.net.au",), ()),
    ("The Sydney Morning Herald", ("smh.com.au",), ()),
    ("The Australian", ("theaustralian.com.au",), ()),
    ("RNZ", ("rnz.co.nz",), ()),
    ("The Korea Herald", ("koreaherald.com",), ()),
    ("Mainichi", ("mainichi.jp",), ()),
    ("Asahi Shimbun", ("asahi.com",), ()),
    ("EconoTimes", ("econotimes.com",), ()),
)

#: URL host -> publisher.
NEWS_DOMAINS: dict[str, str] = {domain: name for name, domains, _ in OUTLETS for domain in domains}

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
    """The publisher the text credits, or ``None``; lede credits first.

    Besides the agency's name, Reuters' house style credits it: stories end
    "Reporting by ...; Editing by ...".
    """
    lede = text[:LEDE_CHARS]
    for credit in _PAREN_CREDIT.finditer(lede):
        if _starts_a_dateline(lede, credit.start()):
            return CREDIT_TOKENS[credit["token"].casefold()]
    match = _SLUG.search(lede)
    if match is None:
        closing = (_search_closing(pattern, needles, text) for needles, pattern in _CLOSING)
        match = next((found for found in closing if found), None)
    if match is not None:
        return CREDIT_TOKENS[match["token"].casefold()]
    return (
        "Reuters" if _REUTERS_CREDIT.search(text, max(len(text) - REUTERS_TAIL_CHARS, 0)) else None
    )


# Reuters closes its stories with "Reporting by ...; Editing by ...".
_REUTERS_CREDIT = re.compile(
    r"^[^\S\n]*(?:Reporting|Writing) by .{3,200}?;[^\S\n]*Editing by ", re.MULTILINE
)
#: Characters at the end searched for Reuters' reporting credit.
REUTERS_TAIL_CHARS = 1500


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


def normalise_domains(value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise ValueError(f"domains must map host names to publisher names, got {value!r}")
    return {k.strip().casefold().removeprefix("www."): v for k, v in value.items()}


def host_and_parents(host: str) -> Iterator[str]:
    """``a.b.example.com``, ``b.example.com``, ``example.com``: most specific first."""
    labels = host.split(".")
    for start in range(max(len(labels) - 1, 1)):
        yield ".".join(labels[start:])


# -- a publisher the table does not know: what its own page calls it ------------------------

_NAME = (
    r"(?P<name>(?:(?:The|Der|Die|Das|Le|La|Les|El|Il)[^\S\n]+)?[A-Z][\w&'’.-]*"
    r"(?:[^\S\n]+(?:[A-Z0-9][\w&'’.-]*|de|del|de la|du|des|da|do|di|of|l['’][\w-]+)){0,4})"
)
#: "Copyright 2026 The Hartwell Herald.", "© 2026 Pacific Wire News", "© EuroBusiness Daily 2026".
_COPYRIGHT = re.compile(
    r"^[^\S\n]*(?:©|\([cC]\)|Copyright|COPYRIGHT)[^\S\n]*(?:©[^\S\n]*)?(?:\d{4}[^\S\n]+)?"
    rf"{_NAME}(?:[^\S\n]+\d{{4}})?[^\S\n]*(?:[.,;|–-]|$)",
    re.MULTILINE,
)
_RIGHTS = (
    r"(?i:all rights reserved|tous droits réservés|todos los derechos reservados"
    r"|alle rechte vorbehalten|tutti i diritti riservati)"
)
#: "Agencia EFE © Todos los derechos reservados",
#: "Les Nouvelles de l'Industrie – Tous droits réservés".
_NAME_THEN_RIGHTS = re.compile(
    rf"^[^\S\n]*{_NAME}[^\S\n]*(?:©|[-–—|])[^\S\n]*(?:\d{{4}}[^\S\n]*)?{_RIGHTS}",
    re.MULTILINE,
)
#: What a site says of itself in its furniture: "Welcome to Atlantic Ledger",
#: "Sign up for the Trackside Daily newsletter" ("More from X" is as often a section).
_MASTHEAD = re.compile(
    r"(?i:welcome to|subscribe to|sign up for|head to|newsletter:)[^\S\n]+"
    rf"(?:the[^\S\n]+)?{_NAME}"
    r"(?=[^\S\n]*(?:[.!,:|]|$|[^\S\n]+(?i:newsletter|app)\b))",
    re.MULTILINE,
)
# A company's legal form after the masthead's name: "Konkan Times Media Pvt Ltd".
_LEGAL_FORM = re.compile(
    r"(?:[^\S\n]+(?:Media|Group|Holdings|Publishing|Publications|Communications))?"
    r"[^\S\n]+(?:Pvt\.?[^\S\n]+)?"
    r"(?:Ltd\.?|Limited|Inc\.?|LLC|GmbH|AG|S\.A\.|SA|SL|plc|PLC|Corp\.?|Co\.)$"
)
_NOT_A_NAME = re.compile(
    r"(?i)^(?:the[^\S\n]+)?(?:newsletter|our|us|you|your|all|email|daily updates)\b"
)


# Ignoring case, the rights line and the masthead patterns are tried at
# every position of every text searched: four fifths of the metadata
# extractor's time on a page whose publisher it does not know. Every rights
# line holds one of these phrases and every masthead starts with one, found
# in a text's lower case: a search starts at the first one, or is not made.
_RIGHTS_PHRASES = (
    "rights reserved", "droits réservés", "derechos reservados", "rechte vorbehalten",
    "diritti riservati",
)  # fmt: skip
_MASTHEAD_OPENINGS = ("welcome to", "subscribe to", "sign up for", "head to", "newsletter:")
#: The characters re's ignoring case pairs with a letter of those phrases
#: that lower-case to something else (the long s, the dotless i, the dotted
#: capital I, which lower-cases to two characters; a test derives them again).
_FOLDED_APART = ("ſ", "ı", "İ")


def named_publisher(texts: Sequence[str]) -> tuple[str, str] | None:
    """(name, how) a page gives itself: a copyright line, a rights line, its masthead.

    ``texts`` in order of trust: the end of the page first (where copyright
    lines are), then what cleaning removed from it (footers, sign-up boxes).
    """
    for text in texts:
        for match in _COPYRIGHT.finditer(text):
            name = _tidy(match["name"])
            if name:
                return name, "copyright"
    lowered = [_lower_case(text) for text in texts]
    for text, lower in zip(texts, lowered, strict=True):
        phrase = _first_of(_RIGHTS_PHRASES, lower)
        if phrase is None:
            continue
        # from the start of its line: a rights line is a line of its own
        for match in _NAME_THEN_RIGHTS.finditer(text, text.rfind("\n", 0, phrase) + 1):
            name = _tidy(match["name"])
            if name:
                return name, "copyright"
    for text, lower in zip(texts, lowered, strict=True):
        opening = _first_of(_MASTHEAD_OPENINGS, lower)
        if opening is None:
            continue
        for match in _MASTHEAD.finditer(text, opening):
            name = _tidy(match["name"])
            if name:
                return name, "masthead"
    return None


def _lower_case(text: str) -> str | None:
    """``text`` in lower case, each character where it was; ``None`` if that cannot stand for it."""
    if any(character in text for character in _FOLDED_APART):
        return None
    return text.lower()


def _first_of(phrases: tuple[str, ...], lower: str | None) -> int | None:
    """Where the first of ``phrases`` is in ``lower`` (a text's lower case); ``None`` if nowhere.

    Without the lower case (:func:`_lower_case`), 0: search it all.
    """
    if lower is None:
        return 0
    found = [at for at in map(lower.find, phrases) if at >= 0]
    return min(found) if found else None


def masthead_line(first: str, ending: str) -> str | None:
    """The page's first line when it is a short name the end of the page repeats.

    A site's name heads its pages ("Metro Ledger") and comes back in its
    footer ("Metro Ledger | About us"); a headline does not.
    """
    first = first.strip()
    words = first.split()
    # One word is more often a section ("Science") than a masthead.
    if not 2 <= len(words) <= 5 or not all(w[:1].isupper() for w in words):
        return None
    if any(c in first for c in "|•·:"):
        return None  # a menu, not a name
    return first if first in ending else None


def _tidy(name: str) -> str | None:
    name = _LEGAL_FORM.sub("", name.strip().rstrip(".,;")).strip()
    name = re.sub(r"[^\S\n]+(?:19|20)\d\d$", "", name)  # "© EuroBusiness Daily 2026"
    if _NOT_A_NAME.match(name) or re.fullmatch(_RIGHTS, name) or len(name) < 3:
        return None
    return name


def publisher_of_host(host: str, extra: Mapping[str, str] | None = None) -> str | None:
    """The publisher of a URL host (subdomains included), ``extra`` consulted first."""
    for candidate in host_and_parents(host.casefold().removeprefix("www.")):
        publisher = (extra or {}).get(candidate) or NEWS_DOMAINS.get(candidate)
        if publisher is not None:
            return publisher
    return None


def domains_of(publisher: str) -> tuple[str, ...]:
    """The hosts the table gives ``publisher``."""
    return tuple(d for name, domains, _ in OUTLETS if name == publisher for d in domains)
