"""Where a scraped news page gives its publication date, and what date that is.

Finding and parsing are apart. *Finding* is ours, since no library knows
the shapes a date takes in text flattened from a news page: a labelled line
(``Published: 12 March 2026 | 09:14 GMT``, ``Stand: 05.02.2026 07:30 Uhr``,
``Publié le 3 février 2026``), a byline with a date (``By Ana Ruiz | March
3, 2026``), a wire dateline (``TOKYO, Oct 27 (Kyodo) -``, ``BERLIN (Reuters)
-`` has none), a line that is only a date. *Parsing* the text found is
dateparser's (200+ locales, numeric orders per language, time zones), with
the page's language first; ISO 8601 goes through the standard library, and
plain dates ("27 October 2025", "Oct 27", "27.10.2025") in seven languages
are read here as dateparser reads them, in microseconds, not milliseconds.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any, NamedTuple

#: Labels that introduce a publication date, and ones that introduce a
#: later one (an update): a page's first publication wins.
PUBLISHED_LABELS = (
    "published", "posted", "first published", "date", "released", "issued",
    "veröffentlicht", "erschienen", "stand", "datum",
    "publié le", "publié", "paru le", "date de publication",
    "publicado", "publicado el", "fecha",
    "pubblicato", "pubblicato il", "data",
    "gepubliceerd", "geplaatst",
)  # fmt: skip
UPDATED_LABELS = (
    "updated", "last updated", "modified", "aktualisiert", "zuletzt aktualisiert",
    "mis à jour", "mis à jour le", "actualizado", "actualizado el", "aggiornato",
    "aggiornato il", "bijgewerkt",
)  # fmt: skip
#: Month and weekday names (English, German, French, Spanish, Italian), lower case:
#: a number next to one is a date, and a capitalised one is no name.
CALENDAR_WORDS = frozenset(
    """january february march april may june july august september october november
    december jan feb mar apr jun jul aug sep sept oct nov dec januar februar märz mai
    juni juli oktober dezember janvier février mars avril juin juillet août septembre
    octobre novembre décembre enero febrero marzo abril mayo junio julio agosto
    septiembre octubre noviembre diciembre gennaio febbraio aprile maggio giugno
    luglio settembre ottobre dicembre monday tuesday wednesday thursday friday
    saturday sunday""".split()
)
#: Characters at the top and bottom of a text searched for a date line.
HEAD_CHARS, TAIL_CHARS = 2000, 600
#: A line longer than this is prose, not a date line.
MAX_DATE_LINE_CHARS = 80
#: A time with its zone ("09:14 GMT", "07:30 Uhr"), after a separator.
MAX_TIME_CHARS = 20

_MONTH_WORD = (
    r"(?i:jan|feb|fév|fev|mär|mar|apr|avr|abr|may|mai|mag|mayo|jun|juin|giu|jul|juil|lug"
    r"|aug|aoû|aou|ago|sep|set|oct|okt|ott|nov|dec|déc|dez|dic|ene|gen|ener|janv|févr"
    r"|enero|febrero|marzo|abril|junio|julio|agosto|septiembre|octubre|noviembre|diciembre"
    r"|januar|februar|märz|juni|juli|august|oktober|dezember|janvier|février|mars|avril"
    r"|juillet|août|septembre|octobre|novembre|décembre|gennaio|febbraio|aprile|maggio"
    r"|giugno|luglio|settembre|ottobre|dicembre|january|february|march|april|june|july"
    r"|september|october|november|december)\.?"
)
# What every date we look for has: a month word next to a day or year, or
# an all-numeric day-month-year.
_HAS_DATE = re.compile(
    rf"\b\d{{1,2}}\.?\s*(?:de\s+)?{_MONTH_WORD}(?!\w)"
    rf"|(?<!\w){_MONTH_WORD}\s+\d{{1,2}}\b"
    rf"|(?<!\w){_MONTH_WORD}\s+(?:de\s+)?\d{{4}}\b"
    r"|\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b"
    r"|\b\d{4}-\d{2}-\d{2}T\d{2}"
)
_LABEL = re.compile(
    r"^[^\S\n]*(?P<label>{})[^\S\n]*(?::|\b)[^\S\n]*(?P<rest>[^\n]*)$".format(
        "|".join(re.escape(label) for label in sorted(
            (*PUBLISHED_LABELS, *UPDATED_LABELS), key=len, reverse=True))
    ),
    re.IGNORECASE | re.MULTILINE,
)  # fmt: skip
# A wire dateline: a place in capitals or with a comma, then the date, then
# the agency in parentheses or slashes: "TOKYO, Oct 27 (Kyodo) -",
# "PARIS, 12 mars (AFP) -", "NEW YORK, Oct. 27, 2025 /PRNewswire/ --".
_DATELINE = re.compile(
    r"^[^\S\n]*[A-ZÀ-Ý][\w.'’ -]{1,40},[^\S\n]*(?:[A-Z][\w.]+,[^\S\n]*)?"
    r"(?P<date>[^()\n/]{3,40}?)[^\S\n]*(?:\([^()\n]{2,40}\)|/[^/\n]{2,40}/)[^\S\n]*[-–—]",
    re.MULTILINE,
)
# Reuters' own: "CHICAGO, March 13 -", "RICHMOND, Va., March 5 -": a place in
# capitals, a month and day, a dash, and no agency credit.
_BARE_DATELINE = re.compile(
    r"^[^\S\n]*[A-Z][A-Z.'’ -]{1,40},[^\S\n]*(?:[A-Z][\w.]*,[^\S\n]*)?"
    rf"(?P<date>{_MONTH_WORD}[^\S\n]+\d{{1,2}}|\d{{1,2}}\.?[^\S\n]+{_MONTH_WORD})[^\S\n]*[-–—]",
    re.MULTILINE,
)
# A leading "date 2025-10-27" token, as scrapers put it before the page text.
DATE_TOKEN = re.compile(r"^\s*date\s+(?P<date>\d{4}-\d{2}-\d{2})\b")
# Words a date line may hold besides the date: a weekday, a label, a time zone.
_DATE_LINE_EXTRA_WORDS = 3
# "09:14", "10h15", "7.30 Uhr", "8 pm"; not "05.02" (a day and month).
_TIME = re.compile(
    r"\b\d{1,2}[:h]\d{2}\b|\b\d{1,2}\.\d{2}[^\S\n]*(?i:uhr|h)\b"
    r"|\b\d{1,2}(?:[.:]\d{2})?[^\S\n]*(?i:am|pm|a\.m\.|p\.m\.)"
)
# A year from 1980 to 2099. Each branch opens with its digit, so that re
# skips through a text to the 1s and 2s; the boundary before the year is
# checked after that digit, as a \b first would have re try every position.
_YEAR = re.compile(r"(1(?<!\w1)9[89]\d|2(?<!\w2)0\d\d)\b")
# Where a date line's parts are cut ("By X | March 3, 2026 - 14:22"): bars,
# bullets and spaced dashes; a time in the next part stays with the date.
_SEPARATORS = re.compile(r"\s*[|•·]\s*|\s+[-–—]\s+")
# ", updated Thu 19 Feb", ", mis à jour à 09h12": where a second, later date begins.
_UPDATE_AFTER = re.compile(
    r"[,;(]\s*(?:{})\b".format("|".join(re.escape(label) for label in UPDATED_LABELS)),
    re.IGNORECASE,
)


class FoundDate(NamedTuple):
    """A publication date and where it came from (``label``, ``byline``, ``dateline``...)."""

    value: str  # ISO 8601: a date, or a date and time when the text gives one
    how: str
    text: str


def iso(value: dt.datetime, with_time: bool) -> str:
    if not with_time:
        return value.date().isoformat()
    return value.replace(microsecond=0).isoformat()


def parse_date(text: str, languages: Sequence[str] = (), base: dt.date | None = None) -> str | None:
    """``text`` (a date as written) in ISO 8601, or ``None``.

    A year left out is the one that puts the date on or before ``base``
    (the end of the year the page names most, see :func:`publication_date`;
    without one, today).
    """
    text = text.strip().strip(",;:-–— ")
    if not text or len(text) > MAX_DATE_LINE_CHARS:
        return None
    for iso_form in (dt.date.fromisoformat, dt.datetime.fromisoformat):
        try:
            return iso_form(text.replace("Z", "+00:00")).isoformat()
        except ValueError:
            pass
    date = _HAS_DATE.search(text)
    if date is None:
        return None
    found = _parse(text, tuple(languages), base)
    if found is None:
        # Words dateparser does not know around the date ("14:30 hrs", a
        # source name): the date alone, through its year.
        year = _YEAR.search(text, date.end())
        alone = text[date.start() : year.end() if year else date.end()]
        if alone != text:
            found = _parse(alone, tuple(languages), base)
    return found


@lru_cache(maxsize=4096)
def _parse(text: str, languages: tuple[str, ...], base: dt.date | None) -> str | None:
    plain = _plain_date(text, languages, base) or _plain_date_time(text, languages, base)
    if plain is not None:
        return plain
    parsed = _parser(languages, base).get_date_data(text).date_obj
    if parsed is None:
        return None
    return iso(parsed, bool(_TIME.search(text)))


# -- plain dates, read without dateparser ------------------------------------------------------

#: Page languages whose all-numeric dates put the month first ("02/05/2026").
_MONTH_FIRST_LANGUAGES = ("en", "en-US")
#: Month names and abbreviations as dateparser reads them, January to
#: December, for the languages whose plain dates are read without it. Not
#: "set" (Spanish, Italian, Portuguese September): dateparser reads "7 set
#: 2025" as 31 July.
_MONTH_NAMES: dict[str, tuple[str, ...]] = {
    "en": ("jan january", "feb february", "mar march", "apr april", "may", "jun june",
           "jul july", "aug august", "sep sept september", "oct october", "nov november",
           "dec december"),
    "de": ("jan januar jänner", "feb februar feber", "mär märz mrz", "apr april", "mai",
           "jun juni", "jul juli", "aug august", "sep sept september", "okt oktober",
           "nov november", "dez dezember"),
    "fr": ("jan janv janvier", "fév févr février", "mars", "avr avril", "mai", "jun juin",
           "jul juil juillet", "aoû août", "sep sept septembre", "oct octobre",
           "nov novembre", "déc décembre"),
    "es": ("ene enero", "feb febrero", "mar marzo", "abr abril", "may mayo", "jun junio",
           "jul julio", "ago agosto", "sep sept septiembre setiembre", "oct octubre",
           "nov noviembre", "dic diciembre"),
    "it": ("gen gennaio", "feb febbraio", "mar marzo", "apr aprile", "mag maggio",
           "giu giugno", "lug luglio", "ago agosto", "settembre", "ott ottobre",
           "nov novembre", "dic dicembre"),
    "pt": ("jan janeiro", "fev fevereiro", "mar março", "abr abril", "mai maio",
           "jun junho", "jul julho", "ago agosto", "setembro septembro", "out outubro",
           "nov novembro", "dez dezembro"),
    "nl": ("jan januari", "feb februari", "maart mrt", "apr april", "mei", "jun juni",
           "jul juli", "aug augustus", "sep september", "okt oktober", "nov november",
           "dec december"),
}  # fmt: skip
_MONTHS: dict[str, dict[str, int]] = {
    language: {name: month for month, names in enumerate(months, 1) for name in names.split()}
    for language, months in _MONTH_NAMES.items()
}
#: Languages that write "12 de febrero de 2026".
_DE_LANGUAGES = frozenset({"es", "pt"})
# A day, a month and maybe a year, either way round, or all in digits; one
# space between words, as most datelines and date lines have them. ASCII
# digits only: what dateparser makes of others was not checked.
_PLAIN_DATE = re.compile(
    r"(?P<day>[0-9]{1,2})\.? (?P<de>de )?(?P<month>[^\W\d_]+)\.?"
    r"(?:(?:,? | (?P<de_year>de) )(?P<year>(?:19|20)[0-9]{2}))?"
    r"|(?P<month_first>[^\W\d_]+)\.? (?P<day_after>[0-9]{1,2})"
    r"(?:,? (?P<year_after>(?:19|20)[0-9]{2}))?"
    r"|(?P<first>[0-9]{1,2})(?P<mark>[./-])(?P<second>[0-9]{1,2})(?P=mark)"
    r"(?P<numeric_year>(?:19|20)[0-9]{2})"
    r"|(?P<iso>(?:19|20)[0-9]{2}-[0-9]{2}-[0-9]{2})"
)


def _plain_date(text: str, languages: tuple[str, ...], base: dt.date | None) -> str | None:
    """``text`` in ISO 8601 if it is a plain date in the page's language, else ``None``.

    dateparser takes 1 to 5 ms to read a date (each of its parsers tried in
    turn, in each language), more than all the rest of the extraction. The
    dates most pages give, "27 October 2025", "Oct. 27, 2025", "Oct 27",
    "27.10.2025", are read here, to what dateparser makes of them (a test
    checks each form against it); anything else is left to it: ``None``.
    """
    if len(languages) != 1:
        return None
    language = languages[0]
    months = _MONTHS.get(language.split("-")[0])
    plain = _PLAIN_DATE.fullmatch(text) if months is not None else None
    if months is None or plain is None:
        return None
    if plain["iso"]:  # cut from a longer text that did not parse ("2025-10-27 TOKYO, ...")
        year, month, day = map(int, plain["iso"].split("-"))
        return _valid_date(year, month, day)
    if plain["numeric_year"]:
        first, second = int(plain["first"]), int(plain["second"])
        month_first = language in _MONTH_FIRST_LANGUAGES  # as _parser tells dateparser
        month, day = (first, second) if month_first else (second, first)
        return _valid_date(int(plain["numeric_year"]), month, day)
    if (plain["de"] or plain["de_year"]) and language.split("-")[0] not in _DE_LANGUAGES:
        return None
    named_month = months.get((plain["month"] or plain["month_first"]).lower())
    if named_month is None:
        return None
    day = int(plain["day"] or plain["day_after"])
    written_year = plain["year"] or plain["year_after"]
    if written_year is not None:
        return _valid_date(int(written_year), named_month, day)
    # No year: the latest that puts the date on or before base (today without one).
    latest = base or dt.date.today()
    after = (named_month, day) > (latest.month, latest.day)
    return _valid_date(latest.year - 1 if after else latest.year, named_month, day)


# -- plain dates with a time: most of what reached dateparser on cleaned pages -----------------

#: Time zones at the fixed offsets dateparser gives them, in minutes (a test
#: checks each); others ("IST" is Israel's to it, "GMT+1") are left to it.
_ZONES = {"GMT": 0, "UTC": 0, "CET": 60, "CEST": 120, "EST": -300, "EDT": -240,
          "CST": -360, "CDT": -300, "PST": -480, "PDT": -420}  # fmt: skip
#: What only one language may put with a time, as dateparser reads it only
#: in that one: "07:30 Uhr", "20/02/2026 à 07h30", "a las 09:45" ("h": "07h30").
_TIME_WORDS = {"Uhr": "de", "à": "fr", "h": "fr", "a las": "es"}
# "09:14", "9:14:07 pm", "6:40a.m.", "07:30 Uhr", "07h30"; then maybe a zone.
_CLOCK = (
    r"(?P<hour>[0-9]{1,2})(?:(?P<h>h)(?P<h_minute>[0-9]{2})"
    r"|:(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2}))?"
    r"(?: ?(?P<half>(?i:[ap]m|[ap]\.m\.))| (?P<uhr>Uhr))?)"
    r"(?: (?P<zone>[A-Z]{3,4}))?"
)
# A plain date (see _PLAIN_DATE) then its time, after spaces (a bar the date
# line had is one), a comma, a spaced dash or slash, "à" or "a las"; or the
# time first: "4:12 PM EST, January 22, 2026".
_DATE_THEN_TIME = re.compile(rf"(?P<date>.+?)(?:,? +| +[-–—/] +| (?P<at>à|a las) ){_CLOCK}")
_TIME_THEN_DATE = re.compile(rf"{_CLOCK},? (?P<date>.+)")


def _plain_date_time(text: str, languages: tuple[str, ...], base: dt.date | None) -> str | None:
    """``text`` in ISO 8601 if it is a plain date with its year and a time, else ``None``.

    What dateparser makes of it, as :func:`_plain_date` (a test checks the
    forms in four languages): "12 March 2026 09:14", "Feb 04, 2026, 7:05 PM",
    "05.02.2026 07:30 Uhr", "20/02/2026 à 07h30", "4:12 PM EST, January 22, 2026".
    """
    found = _DATE_THEN_TIME.fullmatch(text) or _TIME_THEN_DATE.fullmatch(text)
    if found is None or not _YEAR.search(found["date"]):  # a year left out: left to dateparser
        return None
    date = _plain_date(found["date"], languages, base)  # one known language, or None
    language = languages[0].split("-")[0] if languages else ""
    words = [word for word in (found["uhr"], found["h"], found.groupdict().get("at")) if word]
    if date is None or any(_TIME_WORDS[word] != language for word in words):
        return None
    hour, second = int(found["hour"]), int(found["second"] or 0)
    minute = int(found["minute"] or found["h_minute"])
    if found["half"]:  # "12:30 am" is half past midnight; "13:00 pm" left to dateparser
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if found["half"][0] in "pP" else 0)
    zone = None
    if found["zone"]:
        if found["zone"] not in _ZONES:
            return None
        zone = dt.timezone(dt.timedelta(minutes=_ZONES[found["zone"]]))
    if hour > 23 or minute > 59 or second > 59:
        return None
    day = dt.date.fromisoformat(date)
    return dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=zone).isoformat()


def _valid_date(year: int, month: int, day: int) -> str | None:
    """The date in ISO 8601; ``None`` for no such day (31 April), which dateparser reads its way."""
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


@lru_cache(maxsize=64)
def _parser(languages: tuple[str, ...], base: dt.date | None) -> Any:
    """A dateparser for pages in ``languages`` (none: dateparser guesses, which is slower)."""
    from dateparser.date import DateDataParser  # 0.3 s to import: only when a date is parsed

    known = [language for language in languages if language.split("-")[0] in _supported()]
    settings: dict[str, Any] = {
        "PREFER_DATES_FROM": "past",
        # All-numeric dates: month first only on American English pages
        # ("02/05/2026"); everyone else writes the day first ("05.02.2026").
        "DATE_ORDER": "MDY" if known and known[0] in _MONTH_FIRST_LANGUAGES else "DMY",
        "PREFER_LOCALE_DATE_ORDER": False,
    }
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(base, dt.time(23, 59))
    # English last: a page in any language may date itself in English.
    chosen = [*dict.fromkeys([*(k.split("-")[0] for k in known), "en"])] if known else None
    return DateDataParser(languages=chosen, settings=settings, try_previous_locales=False)


@lru_cache(maxsize=1)
def _supported() -> frozenset[str]:
    from dateparser.languages.loader import LocaleDataLoader

    return frozenset(LocaleDataLoader().get_locale_map().keys())


def years_in(text: str) -> list[int]:
    return [int(year) for year in _YEAR.findall(text)]


def publication_date(
    candidates: Iterable[tuple[str, str]], text: str, languages: Sequence[str] = ()
) -> FoundDate | None:
    """The page's publication date: from ``candidates`` (how, text) first, then the text.

    ``candidates`` are what earlier stages found (a loader's date field, the
    date line or byline the cleaner moved to meta), in order of trust; an
    update's date among them waits until the text has been read. In the
    text, see :func:`date_lines`.
    """
    base = _latest_year_end(text)
    given: list[tuple[str, str, str]] = []
    updates: list[tuple[str, str, str]] = []
    for how, value in candidates:
        token = DATE_TOKEN.match(value)
        labelled = _LABEL.match(value.strip())
        if token:
            given.append((how, token["date"], value))
        elif labelled:
            is_update = labelled["label"].casefold() in UPDATED_LABELS
            written = _first_part(_until_update(labelled["rest"]))
            (updates if is_update else given).append((how, written, value))
        else:
            given.append((how, _first_part(_until_update(value)), value))
    # date_lines gives each date already cut from its line
    found_in_text = [(how, value, value) for how, value in date_lines(text)]
    for how, written, value in [*given, *found_in_text, *updates]:
        found = parse_date(written, languages, base)
        if found is not None:
            return FoundDate(found, how, value)
    return None


def date_lines(text: str) -> list[tuple[str, str]]:
    """(how, text) of every date-like line near the top or bottom, most trusted first.

    A leading ``date`` token; a labelled publication date; a dateline or a
    bare date line that gives the year; a labelled update; then datelines
    and date lines without a year (the year is then a guess).
    """
    head = text[:HEAD_CHARS]
    tail = text[-TAIL_CHARS:] if len(text) > HEAD_CHARS else ""
    published: list[tuple[str, str]] = []
    updated: list[tuple[str, str]] = []
    for part in (head, tail):
        for match in _at_line_starts(_LABEL, part):
            rest = _first_part(_until_update(match["rest"]))
            if not _HAS_DATE.search(rest):
                continue
            label = match["label"].casefold()
            (updated if label in UPDATED_LABELS else published).append(("label", rest))
    lines: list[tuple[str, str]] = []
    lede = len(head)  # a date line after the dateline is in the story, not about it
    for pattern in (_DATELINE, _BARE_DATELINE):
        dateline = next(_at_line_starts(pattern, head), None)
        if dateline is not None and _HAS_DATE.search(dateline["date"]):
            lines.append(("dateline", dateline["date"]))
            lede = min(lede, dateline.start())
    offset = 0
    for line in head.splitlines(keepends=True)[:15]:
        start, offset = offset, offset + len(line)
        line = line.strip()
        if start >= lede:
            break
        labelled = _LABEL.match(line) is not None  # read with its label above
        if not labelled and len(line) <= MAX_DATE_LINE_CHARS and is_date_line(line):
            lines.append(("date-line", _first_part(line)))
    with_year = [line for line in lines if _YEAR.search(line[1])]
    without_year = [line for line in lines if not _YEAR.search(line[1])]
    token = DATE_TOKEN.match(text)
    leading = [("token", token["date"])] if token else []
    return [*leading, *published, *with_year, *updated, *without_year]


def _at_line_starts(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern that starts at a line's start and ends on its line.

    A search tries the pattern at every position, each turned away by its
    ``^`` but not for free; tried at line starts alone it costs half as much.
    """
    start = 0
    while True:
        match = pattern.match(text, start)
        if match is not None:
            yield match
        newline = text.find("\n", start)
        if newline < 0:
            return
        start = newline + 1


def _until_update(value: str) -> str:
    """``value`` up to an update it also gives: "19 Feb 2026 at 7:02am, updated ..." """
    match = _UPDATE_AFTER.search(value)
    return value[: match.start()] if match else value


def is_date_line(line: str) -> bool:
    """A line that is a date and little else: a weekday, a time, a label; a byline's part.

    A line of prose that mentions a date ("the port opened on 12 March
    2019") is not one: beside the date it has more than a few words.
    """
    if _HAS_DATE.search(line) is None:
        return False
    for part in _SEPARATORS.split(line):
        if _HAS_DATE.search(part) is None:
            continue
        rest = _TIME.sub(" ", _YEAR.sub(" ", _HAS_DATE.sub(" ", part)))
        words = [w for w in re.findall(r"[^\W\d_]{2,}", rest) if w.casefold() not in CALENDAR_WORDS]
        if len(words) <= _DATE_LINE_EXTRA_WORDS:
            return True
    return False


def _first_part(value: str) -> str:
    """The part of ``value`` that holds a date, with its time if the next part is one.

    "By X | March 3, 2026" gives "March 3, 2026"; "12 March 2026 | 09:14 GMT"
    all of it but the bar. Parts are cut at bars, bullets and spaced dashes.
    """
    value = value.strip()
    bounds = [0]
    for separator in _SEPARATORS.finditer(value):
        bounds += [separator.start(), separator.end()]
    bounds.append(len(value))
    parts = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]
    parts = [(start, end) for start, end in parts if end > start]
    for index, (start, end) in enumerate(parts):
        part = value[start:end]
        if _HAS_DATE.search(part) or part[:4].isdigit():
            if index + 1 < len(parts):
                following = value[parts[index + 1][0] : parts[index + 1][1]]
                if _TIME.match(following) and len(following) <= MAX_TIME_CHARS:
                    return value[start : parts[index + 1][1]].replace("|", " ")
            return part
    return value[parts[0][0] : parts[0][1]] if parts else ""


def _latest_year_end(text: str) -> dt.date | None:
    """The end of the year the text names most (the earliest of a tie), or ``None``.

    A date without a year falls on or before it: news names its own year
    more than any other, while the latest year named is often a target
    ("by 2035").
    """
    counts = Counter(years_in(text))
    if not counts:
        return None
    year = min(counts, key=lambda y: (-counts[y], y))
    return dt.date(year, 12, 31)
