"""Relative dates in news text, resolved against the page's publication date.

News dates its events against its own date: ``on Wednesday``, ``yesterday``,
``last month``, ``last March``, ``two weeks ago``; ``am Mittwoch``, ``im
vergangenen Jahr``; ``mercredi dernier``, ``il y a deux jours``; ``el
miércoles``, ``el año pasado``. :func:`find_relative_dates` finds them in
English, German, French and Spanish and resolves each to an ISO 8601 date at
the expression's own granularity: a day (``2026-02-11``), an ISO week
(``2026-W07``), a month (``2026-02``) or a year (``2026``).

**Finding.** One pass of a trie of *anchor* words per language (weekdays,
month names, ``today``/``gestern``/``demain``/``ayer``..., and the nouns
day/week/month/year); each anchor is then read with the few words around
it (``last``, ``am``, ``dernier``, ``pasado``, a number and ``ago``), and
only when the word before it is one those patterns may end with. A 5 KB
page costs a scan and a handful of small matches. dateparser would parse
the phrases but finds them slowly and noisily (``search_dates`` reads
``may`` and ``march`` as months), and tense is not its concern.

**Resolving.** Calendar arithmetic, and tense for what the calendar leaves
open:

* A weekday is the nearest such day: on or before the publication date
  (news mostly reports what happened), or on or after it when its clause
  looks ahead: ``will``, ``is due to``, ``plans to``, ``forecast``;
  ``wird``, ``soll``; a French or Spanish future or conditional
  (``seront``, ``pourraient``, ``destinará``), ``doit``, ``prevé``; or a
  preposition that points forward (``until``, ``bis``, ``à partir de``,
  ``hasta``). The clause is the text back to the last comma, colon or
  quotation mark; an expression that opens it (``On Friday, the council
  will vote``) is read with the clause after it, and German, which puts
  its verb last, always is. A reporting verb right before a weekday
  (``said Monday``) dates the report: the past. The publication day itself
  when it is that weekday. ``last`` / ``next`` (``dernier``, ``pasado``,
  ``kommenden``...) are strictly before / after it.
* A month without a year (``in March``, ``im Juni``, ``en mars``): the same
  rule at month level; ``last March`` is the most recent March before the
  publication month, ``March last year`` / ``Juni vergangenen Jahres`` the
  March of the year before.
* ``the previous month``, ``im Vorjahr``, ``la veille``, ``el año anterior``
  count from the nearest earlier expression of the same unit that this
  module resolved (``last month ... the previous month``); without one, or
  with a year written in between, they are left out: the text dates them
  against something it does not say.

Left out on purpose: weekdays and months that come with a day number or a
year (``Monday, Feb. 3``, ``in March 2024``: absolute dates), a month
name alone (``May``, ``March``: verbs and names as often as months), habits
(``every Friday``, ``los lunes``, ``on Mondays``, ``on a Sunday``), named
days (``Black Friday``, ``Monday Night Football``, ``Viernes Santo``),
spans of time (``over the last year``, ``the past week``), vague periods
(``recently``, ``the summer``), weekends, clock times and hours. A present
tense that speaks of the future (German ``dass am Montag der Unterricht
ausfällt``) reads as the past: nothing in it marks the future.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping, Sequence
from typing import Literal, NamedTuple

from thresher_plugins.sentences import SentenceFinder
from thresher_plugins.tries import trie, trie_branches

Unit = Literal["day", "week", "month", "year"]
#: Back from the publication date (-1) or ahead of it (1).
Direction = Literal[-1, 1]
#: Languages with word lists, as ISO 639-1 codes.
LANGUAGES: tuple[str, ...] = ("en", "de", "fr", "es")
#: Characters before an expression searched for its tense (within its clause).
CLAUSE_CHARS = 150
#: How far back an anaphor (``the previous month``) looks for what it counts from.
ANAPHOR_CHARS = 1500


class RelativeDate(NamedTuple):
    """One expression: its text and offsets in the text, and the date it stands for."""

    text: str
    start: int
    end: int
    date: str  # YYYY-MM-DD, YYYY-Www, YYYY-MM or YYYY
    unit: Unit


class When(NamedTuple):
    """A resolved date: its unit and a day inside it (the first day of a month or year)."""

    unit: Unit
    day: dt.date

    def iso(self) -> str:
        if self.unit == "day":
            return self.day.isoformat()
        if self.unit == "week":
            year, week, _ = self.day.isocalendar()
            return f"{year:04d}-W{week:02d}"
        if self.unit == "month":
            return f"{self.day.year:04d}-{self.day.month:02d}"
        return f"{self.day.year:04d}"


# -- calendar arithmetic -----------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after ``day``'s (before, when negative)."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _steps_to(current: int, target: int, cycle: int, direction: Direction, strictly: bool) -> int:
    """Signed steps from ``current`` to the nearest ``target`` in ``direction`` on a cycle of
    ``cycle`` places (a week's days, a year's months): 0 when they are the same place,
    unless ``strictly``, which goes round the whole cycle instead."""
    gap = (direction * (target - current)) % cycle
    return direction * (gap or (cycle if strictly else 0))


def nearest_weekday(
    base: dt.date, weekday: int, direction: Direction, *, strictly: bool = False
) -> dt.date:
    """The nearest day with ``weekday`` (Monday 0) on or before ``base`` (``direction``
    -1) or on or after it (1); not ``base`` itself if ``strictly``."""
    return base + dt.timedelta(days=_steps_to(base.weekday(), weekday, 7, direction, strictly))


def nearest_month(
    base: dt.date, month: int, direction: Direction, *, strictly: bool = False
) -> dt.date:
    """The first day of the nearest ``month`` (1-12) on or before ``base``'s month
    (``direction`` -1) or on or after it (1); not ``base``'s own month if ``strictly``."""
    return add_months(base, _steps_to(base.month, month, 12, direction, strictly))


def shift(when: When, steps: int) -> When:
    """``when`` moved by ``steps`` of its own unit."""
    if when.unit == "day":
        return When("day", when.day + dt.timedelta(days=steps))
    if when.unit == "week":
        return When("week", when.day + dt.timedelta(weeks=steps))
    if when.unit == "month":
        return When("month", add_months(when.day, steps))
    return When("year", dt.date(when.day.year + steps, 1, 1))


def period(base: dt.date, unit: Unit, steps: int) -> When:
    """The ``unit`` holding ``base``, moved by ``steps`` (``last month``: ``-1``)."""
    return shift(When(unit, base), steps)


def ago(base: dt.date, unit: Unit, count: int) -> When:
    """``count`` units before ``base`` (after it when negative): ``two weeks ago`` is a day."""
    if unit in ("day", "week"):
        days = count * (7 if unit == "week" else 1)
        return When("day", base - dt.timedelta(days=days))
    return period(base, unit, -count)


def publication_day(value: object) -> dt.date | None:
    """The day of an ISO 8601 date or date-time (``meta.date``), else ``None``.

    The date as the page wrote it: ``2026-02-11T23:30:00-05:00`` is the 11th,
    the day its readers' ``yesterday`` counts from.
    """
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


# -- word lists --------------------------------------------------------------------------------

_WEEKDAYS: dict[str, tuple[str, ...]] = {
    "en": ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    "de": ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"),
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
}
_MONTHS: dict[str, tuple[str, ...]] = {
    "en": ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"),
    "de": ("januar", "februar", "märz", "april", "mai", "juni", "juli", "august",
           "september", "oktober", "november", "dezember"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"),
}  # fmt: skip
#: Other spellings: Austrian ``Jänner``, ``Sonnabend``, ``setiembre``.
_EXTRA_DAYS: dict[str, dict[str, int]] = {"de": {"sonnabend": 5}}
_EXTRA_MONTHS: dict[str, dict[str, int]] = {"de": {"jänner": 1}, "es": {"setiembre": 9}}
#: German writes a part of the day into the weekday: ``Mittwochabend``.
_DAY_PARTS_DE = ("", "abend", "morgen", "nachmittag", "vormittag", "mittag", "nacht", "früh")
#: Words that stand for a day by themselves, and its distance from the publication day.
_DAY_WORDS: dict[str, dict[str, int]] = {
    "en": {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0,
           "this evening": 0, "yesterday": -1, "tomorrow": 1,
           "the day before yesterday": -2, "the day after tomorrow": 2},
    "de": {"heute": 0, "gestern": -1, "morgen": 1, "vorgestern": -2, "übermorgen": 2},
    "fr": {"aujourd'hui": 0, "ce matin": 0, "ce soir": 0, "cet après-midi": 0, "hier": -1,
           "demain": 1, "avant-hier": -2, "après-demain": 2},
    "es": {"hoy": 0, "esta mañana": 0, "esta tarde": 0, "esta noche": 0, "ayer": -1,
           "mañana": 1, "anteayer": -2, "antes de ayer": -2, "pasado mañana": 2},
}  # fmt: skip
#: Nouns of a unit of time, singular and plural (a period needs the singular).
_UNITS: dict[str, dict[str, tuple[Unit, bool]]] = {
    "en": {"day": ("day", False), "days": ("day", True), "week": ("week", False),
           "weeks": ("week", True), "month": ("month", False), "months": ("month", True),
           "year": ("year", False), "years": ("year", True)},
    "de": {"tag": ("day", False), "tage": ("day", True), "tagen": ("day", True),
           "woche": ("week", False), "wochen": ("week", True), "monat": ("month", False),
           "monats": ("month", False), "monates": ("month", False),
           "monate": ("month", True), "monaten": ("month", True), "jahr": ("year", False),
           "jahres": ("year", False), "jahrs": ("year", False), "jahre": ("year", True),
           "jahren": ("year", True)},
    "fr": {"jour": ("day", False), "jours": ("day", True), "semaine": ("week", False),
           "semaines": ("week", True), "mois": ("month", False), "an": ("year", False),
           "ans": ("year", True), "année": ("year", False), "années": ("year", True)},
    "es": {"día": ("day", False), "días": ("day", True), "semana": ("week", False),
           "semanas": ("week", True), "mes": ("month", False), "meses": ("month", True),
           "año": ("year", False), "años": ("year", True)},
}  # fmt: skip
#: One word for "the unit before / after the one just named": German ``Vorjahr``,
#: French ``la veille``, Spanish ``la víspera``.
_ANAPHOR_WORDS: dict[str, dict[str, tuple[Unit, int]]] = {
    "en": {},
    "de": {"vortag": ("day", -1), "vortages": ("day", -1), "vorwoche": ("week", -1),
           "vormonat": ("month", -1), "vormonats": ("month", -1), "vorjahr": ("year", -1),
           "vorjahres": ("year", -1), "folgetag": ("day", 1)},
    "fr": {"veille": ("day", -1), "lendemain": ("day", 1)},
    "es": {"víspera": ("day", -1)},
}  # fmt: skip
_NUMBERS: dict[str, dict[str, int]] = {
    "en": {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12},
    "de": {"einem": 1, "einer": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6,
           "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12},
    "fr": {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
           "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12},
    "es": {"un": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6,
           "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12},
}  # fmt: skip
#: German adjectives for the last, next and this (``vergangenen``, ``kommende``, ``diesem``),
#: as stems that take any of the endings.
_STEMS_DE: dict[str, tuple[str, ...]] = {
    "last": ("vergangen", "letzt", "vorig"),
    "next": ("nächst", "kommend"),
    "this": ("dies", "laufend"),
}
_ENDINGS_DE = ("e", "em", "en", "er", "es")
#: The words a pattern before an anchor may end with (besides numbers and digits):
#: an anchor after any other word is read without looking back.
_PREFIX_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        """on last past next coming this previous preceding prior following in early mid mid-
        late until till by starting beginning of since""".split()
    ),
    "de": frozenset(
        """am im anfang mitte ende bis ab zum seit jeden heute gestern eines guten den
        diesen frühen des dem der""".split()
        + [
            stem + ending
            for stems in _STEMS_DE.values()
            for stem in stems
            for ending in _ENDINGS_DE
        ]
    ),
    "fr": frozenset(
        """ce cette cet la le l' en début fin mi- jusqu'à jusqu'au dès de du d'ici
        depuis""".split()
    ),
    "es": frozenset(
        """el este esta pasado pasada próximo próxima cada la en de del hasta para desde una
        media esa aquella misma""".split()
    ),
}
#: A word before a weekday that makes it a habit or any such day: ``every Friday``,
#: ``los lunes``, ``on a Sunday``.
_HABIT_WORDS = frozenset(
    "every each a an jeden jedem immer ein einem einen le les chaque un los cada".split()
)
#: A reporting verb right before a weekday dates the report: ``said Monday``.
_REPORTED = frozenset(
    """said told announced reported confirmed wrote added stated disclosed revealed showed
    published released unveiled""".split()
)
#: Capitalised words that make a weekday a named day: ``Black Friday``, ``Schwarzer Freitag``.
_NAMED_DAY_WORDS = frozenset(
    """black good super cyber ash easter palm holy maundy bloody giving shrove whit fat great
    blue schwarzer schwarzen blauer blauen weißer weißen stiller stillen""".split()
)
#: Words that put a clause in the future (lower case; a phrase's words apart by spaces).
#: English intentions count in the present only: what someone ``aims to`` do is ahead,
#: what they ``vowed to`` do may be done already.
_FUTURE_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("will", "shall", "won't", "'ll", "is due", "are due", "due to", "is set to",
           "are set to", "is to", "are to", "was to", "were to", "scheduled", "is expected",
           "are expected", "expected to", "expect", "expects", "plans to", "plan to",
           "planned", "planning", "aims to", "aim to", "aiming to", "intends to", "intend to",
           "intending to", "hopes to", "hope to", "hoping to", "seeks to", "seek to",
           "seeking to", "wants to", "want to", "going to", "forecast", "forecasts",
           "predicted", "upcoming", "coming", "next"),
    "de": ("wird", "werden", "wirst", "soll", "sollen", "will", "wollen", "plant", "planen",
           "geplant", "voraussichtlich", "künftig", "kommende", "kommenden", "nächste",
           "nächsten"),
    "fr": ("doit", "doivent", "devrait", "devraient", "va", "vont", "prévu", "prévue",
           "prévus", "prévues", "prévoit", "prévoient", "prochain", "prochaine", "prochains",
           "prochaines"),
    "es": ("va a", "van a", "prevé", "prevén", "previsto", "prevista", "próximo", "próxima",
           "próximos", "próximas", "que viene", "podría", "podrían", "debería", "deberían",
           "sería", "serían", "habría", "habrían", "tendría", "tendrían", "haría", "harían",
           "estaría", "estarían"),
}  # fmt: skip
#: Endings of the future and conditional tenses (``seront``, ``pourraient``, ``destinará``):
#: a lower-case word of four letters or more that ends so is a verb.
_FUTURE_ENDINGS: dict[str, tuple[str, ...]] = {
    "fr": ("ra", "ront", "raient", "rait"),
    "es": ("rá", "rán"),
}
#: What ends a clause: tense markers do not reach across.
_CLAUSE_BREAKS = ',;:()[]—–«»"“”„'
#: Characters skipped back to the end of the sentence before (opening quotes, spaces).
_OPENERS = " \t\u00a0\"'“”‘’«»("
_SENTENCE_ENDS = ".!?…:\n"
_SPACE = r"[^\S\n]"  # a space within a line
#: What may stand between a weekday or a month and its day number: ``Monday, Feb. 3``.
_DATE_JOINERS = "., \t\u00a0"
#: Anchors start a text or follow one of these (a word boundary the scan can skip to).
_ANCHOR_AFTER = "\n\t\u00a0(\"'“‘«„—–/’-"


class _Shared(NamedTuple):
    """Patterns every language uses."""

    #: words after a weekday that make it a named day: ``mardi gras``, ``Viernes Santo``
    named_day_after: re.Pattern[str]
    #: a weekday with its day number or month: ``Monday, Feb. 3``, ``Montag, 18.02.2026``
    weekday_date: re.Pattern[str]
    #: a day number or a year after a month: ``March 3``, ``in March 2024``, ``marzo de 2024``
    month_date_after: re.Pattern[str]
    #: a day number before a month: ``3 March``, ``9. Februar``, ``26 de marzo``
    month_date_before: re.Pattern[str]
    #: a year written in full: an anaphor does not reach back past one
    year: re.Pattern[str]
    #: the text up to the last clause break
    to_last_break: re.Pattern[str]
    clause_break: re.Pattern[str]
    #: the article an anaphor word takes: ``im Vorjahr``, ``la veille``
    anaphor_article: re.Pattern[str]
    #: a capitalised word: after ``the Sunday`` it makes a name (``the Sunday Times``)
    capitalised_after: re.Pattern[str]


@functools.cache
def _shared() -> _Shared:
    s = _SPACE
    month = trie(sorted(_MONTH_NAMES))
    return _Shared(
        named_day_after=re.compile(rf"{s}+(?i:gras|saint|santo|negro|de{s}+ramos|de{s}+pascua)\b"),
        weekday_date=re.compile(
            rf",?{s}*(?i:(?:the|den|der|le|el){s}+)?\d{{1,2}}(?:st|nd|rd|th|er|\.|º)?{s}*"
            rf"(?i:(?:de|of){s}+)?(?i:{month})\b|,?{s}*(?i:{month})\.?{s}+\d"
            rf"|,?{s}*\d{{1,4}}[./-]\d{{1,2}}\b"
        ),
        month_date_after=re.compile(
            rf"\.?{s}*,?{s}*(?:\d{{1,2}}(?:st|nd|rd|th)?\b(?![.,:]\d)"
            rf"|(?:(?i:de|del|of){s}+)?(?:19|20)\d\d\b)"
        ),
        month_date_before=re.compile(
            rf"\d{{1,4}}(?:\.|st|nd|rd|th|er|º)?{s}*(?:(?i:de|of){s}+)?\Z"
        ),
        year=re.compile(r"\b(?:19|20)\d\d\b"),
        to_last_break=re.compile(f".*[{re.escape(_CLAUSE_BREAKS)}]", re.DOTALL),
        clause_break=re.compile(f"[{re.escape(_CLAUSE_BREAKS)}]"),
        anaphor_article=re.compile(rf"(?i:im|am|in{s}+der|des|dem|la|le|el){s}+\Z|(?i:l['’])\Z"),
        capitalised_after=re.compile(rf"{s}+[A-Z]"),
    )


class _Rules(NamedTuple):
    """One language's patterns around an anchor (``None``: the language has no such words).

    The ``*_before`` patterns end with ``\\Z`` and are matched from the start
    of one of the few words before an anchor up to the anchor (a search
    through a window would try every character of it): the farthest that
    matches wins, so the longest form is taken (``on next`` Friday, not ``next``).
    Named groups say which way an expression points: ``last`` and ``next``
    (strictly before or after the publication date), ``this``, and for a unit
    noun ``prev`` and ``foll`` (counted from the expression before it).
    """

    #: span words before a weekday (``on``, ``am``, ``el``, ``este``)
    weekday_before: re.Pattern[str]
    #: span words before a unit noun (``last``, ``im vergangenen``, ``cette``);
    #: ``article``/``elided`` when a word after it must say which (``la semaine dernière``)
    period_before: re.Pattern[str]
    #: a number before a unit noun (in German, French and Spanish with the word for
    #: ``ago`` before it, or ``within``: ``dans``, ``dentro de``)
    count_before: re.Pattern[str]
    #: span words before a month (``last``, ``in``, ``im``, ``en``, ``el pasado``)
    month_before: re.Pattern[str]
    #: span words after a month (``dernier``, ``last year``, ``vergangenen Jahres``)
    month_after: re.Pattern[str]
    #: prepositions before an expression that set its direction (``until``, ``seit``),
    #: with ``fwd``/``back``; not part of the span
    cue_before: re.Pattern[str]
    #: span words after a weekday (``dernier``, ``pasado``)
    weekday_after: re.Pattern[str] | None = None
    #: span words after a unit noun (``dernier``, ``pasado``, ``-ci``)
    period_after: re.Pattern[str] | None = None
    #: ``ago`` after a unit noun (English)
    count_after: re.Pattern[str] | None = None
    #: words before a day word that make it something else (``la mañana``, ``heute Morgen``)
    not_day_word: re.Pattern[str] | None = None
    #: the whole clause after an expression may hold its verb (German puts it last:
    #: "dass die Brücke am Freitag gesperrt wird")
    verb_last: bool = False


def _c(pattern: str) -> re.Pattern[str]:
    """``pattern``, ignoring case, with each space standing for a run of spaces within a line."""
    return re.compile(pattern.replace(" ", f"{_SPACE}+"), re.IGNORECASE)


def _phrases(phrases: Sequence[str]) -> re.Pattern[str]:
    """Any of ``phrases`` (lower case) ending a word; where it starts is checked at each hit."""
    body = "|".join(trie_branches(sorted(phrases))).replace(r"\ ", f"{_SPACE}+")
    return re.compile(rf"(?:{body})(?!\w)")


def _adjective_de(which: str) -> str:
    """The German adjectives for ``last``, ``next`` or ``this`` with any ending."""
    endings = "|".join(_ENDINGS_DE)
    return "|".join(f"{stem}(?:{endings})" for stem in _STEMS_DE[which])


_LAST_DE = _adjective_de("last")
_NEXT_DE = _adjective_de("next")
_THIS_DE = _adjective_de("this")


def _rules(language: str) -> _Rules:
    """A language's patterns (compiled once, on first use)."""
    if language == "en":
        return _Rules(
            weekday_before=_c(
                r"(?:on )?(?:(?P<last>last|this past)|(?P<next>next|this coming)|this) \Z"
                r"|on \Z"
            ),
            period_before=_c(
                r"(?:(?:earlier|later) )?(?:(?P<this>this)|(?P<last>last|this past)"
                r"|(?P<next>next|this coming)) \Z"
                r"|the (?:(?P<prev>previous|preceding|prior)|(?P<foll>following)) \Z"
            ),
            count_before=_c(r"(?P<n>\d{1,3}|[a-z]+) \Z"),
            count_after=_c(r" ago\b"),
            month_before=_c(
                r"(?:(?P<last>last)|(?P<next>next)|(?P<this>this)|(?:in )?(?:early|mid|late)|in)"
                r" \Z|(?:in )?mid-\Z"
            ),
            month_after=_c(
                r" (?:(?P<last_year>last year)|(?P<next_year>next year)|(?P<this_year>this year))"
                r"\b"
            ),
            cue_before=_c(
                r"(?:(?P<fwd>until|till|by|starting|beginning|ahead of)|(?P<back>since)) \Z"
            ),
        )
    if language == "de":
        return _Rules(
            weekday_before=_c(
                rf"(?:am )?(?:(?P<last>{_LAST_DE})|(?P<next>{_NEXT_DE})|{_THIS_DE}) \Z|am \Z"
            ),
            period_before=_c(
                rf"(?:(?:im|in der|in|des|der|am|zum) )?(?:(?P<this>{_THIS_DE})"
                rf"|(?P<last>{_LAST_DE})|(?P<next>{_NEXT_DE})) \Z"
            ),
            count_before=_c(r"vor (?P<n>\d{1,3}|[a-zäöüß]+) \Z"),
            month_before=_c(
                rf"(?:im )?(?:(?P<last>{_LAST_DE})|(?P<next>{_NEXT_DE})|(?P<this>{_THIS_DE})) \Z"
                r"|(?:im|anfang|mitte|ende) \Z"
            ),
            month_after=_c(
                rf" (?:des )?(?:(?P<last_year>{_LAST_DE})|(?P<next_year>{_NEXT_DE})"
                rf"|(?P<this_year>{_THIS_DE})) Jahr(?:es|s)?\b"
            ),
            cue_before=_c(r"(?:(?P<fwd>bis|ab|bis zum)|(?P<back>seit)) \Z"),
            not_day_word=_c(r"(?:heute|gestern|am|jeden|eines|guten|den|diesen|am frühen) \Z"),
            verb_last=True,
        )
    if language == "fr":
        return _Rules(
            weekday_before=_c(r"ce \Z"),
            weekday_after=_c(r" (?:(?P<last>dernier)|(?P<next>prochain))\b"),
            period_before=_c(
                r"(?P<this>cette|ce|cet) \Z|(?P<article>la|le) \Z|(?P<elided>l['’])\Z"
            ),
            period_after=_c(
                r"(?P<this>-ci)\b|(?P<that>-là)|(?: (?:(?P<last>dernier|dernière|passé|passée)"
                r"|(?P<next>prochain|prochaine)|(?P<prev>précédent|précédente)"
                r"|(?P<foll>suivant|suivante))\b)"
            ),
            count_before=_c(r"(?:il y a|(?P<within>dans)) (?P<n>\d{1,3}|[a-zéèû]+) \Z"),
            month_before=_c(r"(?:en|début|fin) \Z|mi-\Z"),
            month_after=_c(
                r" (?:(?P<last>dernier)|(?P<next>prochain))\b"
                r"|(?: de)? l['’](?:an|année) (?:(?P<last_year>dernier|dernière|passé|passée)"
                r"|(?P<next_year>prochain|prochaine))\b"
            ),
            cue_before=_c(
                r"(?:(?P<fwd>jusqu['’]à|jusqu['’]au|dès|à partir de|à partir du|d['’]ici)"
                r"|(?P<back>depuis)) \Z"
            ),
        )
    if language == "es":
        return _Rules(
            weekday_before=_c(r"(?:el (?:(?P<last>pasado)|(?P<next>próximo)) |(?:el|este) )\Z"),
            weekday_after=_c(r" (?:(?P<last>pasado)|(?P<next>próximo|que viene))\b"),
            period_before=_c(
                r"(?P<this>este|esta) \Z"
                r"|(?:el|la) (?:(?P<last>pasado|pasada)|(?P<next>próximo|próxima)) \Z"
                r"|(?P<article>el|la) \Z"
            ),
            period_after=_c(
                r" (?:(?P<last>pasado|pasada)|(?P<next>próximo|próxima|que viene)"
                r"|(?P<prev>anterior)|(?P<foll>siguiente))\b"
            ),
            count_before=_c(r"(?:hace|(?P<within>dentro de)) (?P<n>\d{1,3}|[a-zéíóúñ]+) \Z"),
            month_before=_c(
                r"(?:en|(?:el )?(?P<last>pasado)|(?:el )?(?P<next>próximo)"
                r"|(?:principios|mediados|finales|fines) de) \Z"
            ),
            month_after=_c(
                r" (?:(?P<last>pasado)|(?P<next>próximo|que viene))\b"
                r"| del año (?:(?P<last_year>pasado)|(?P<next_year>próximo|que viene))\b"
                r"| de este año(?P<this_year>)\b"
            ),
            cue_before=_c(r"(?:(?P<fwd>hasta|a partir de|a partir del|para)|(?P<back>desde)) \Z"),
            not_day_word=_c(
                r"(?:la|una|cada|toda la|por la|de la|en la|media|de|esa|aquella|misma) \Z"
            ),
        )
    raise ValueError(f"no relative-date rules for language {language!r}")


class _Words(NamedTuple):
    language: str
    #: anchors after a space (the scan skips from space to space), and after anything
    #: else that ends a word (rarer: a line break, a quote, an apostrophe, a hyphen)
    after_space: re.Pattern[str]
    after_other: re.Pattern[str]
    #: an anchor opening the text
    at_start: re.Pattern[str]
    weekdays: Mapping[str, int]
    months: Mapping[str, int]
    day_words: Mapping[str, int]
    units: Mapping[str, tuple[Unit, bool]]
    anaphors: Mapping[str, tuple[Unit, int]]
    numbers: Mapping[str, int]
    #: the words an anchor's pattern before it may end with
    prefix_words: frozenset[str]
    #: words and phrases that put a clause in the future, on lower-cased text
    future: re.Pattern[str]
    #: endings of future verbs (French, Spanish)
    future_endings: tuple[str, ...]
    rules: _Rules


@functools.cache
def _words(language: str) -> _Words:
    """A language's anchors as a trie, and what each anchor is (compiled on first use)."""
    weekdays: dict[str, int] = {}
    for index, name in enumerate(_WEEKDAYS[language]):
        parts = _DAY_PARTS_DE if language == "de" else ("",)
        weekdays.update({name + part: index for part in parts})
    weekdays.update(_EXTRA_DAYS.get(language, {}))
    months = {name: index for index, name in enumerate(_MONTHS[language], 1)}
    months.update(_EXTRA_MONTHS.get(language, {}))
    day_words = _DAY_WORDS[language]
    units = _UNITS[language]
    anaphors = _ANAPHOR_WORDS[language]
    anchors = {*weekdays, *months, *day_words, *units, *anaphors}
    # Lower case and capitalised rather than ignoring case, and a separator before
    # rather than a lookbehind: re then jumps from one space to the next instead of
    # trying the trie at every character (a fifth of the time).
    forms = sorted(anchors | {anchor[0].upper() + anchor[1:] for anchor in anchors})
    body = "|".join(trie_branches(forms)).replace("'", "['’]").replace(r"\ ", f"{_SPACE}+")
    other = re.escape(_ANCHOR_AFTER)
    return _Words(
        language=language,
        after_space=re.compile(rf" (?P<a>{body})(?!\w)"),
        after_other=re.compile(rf"[{other}](?P<a>{body})(?!\w)"),
        at_start=re.compile(rf"(?P<a>{body})(?!\w)"),
        weekdays=weekdays,
        months=months,
        day_words=day_words,
        units=units,
        anaphors=anaphors,
        numbers=_NUMBERS[language],
        prefix_words=_PREFIX_WORDS[language],
        future=_phrases(_FUTURE_WORDS[language]),
        future_endings=_FUTURE_ENDINGS.get(language, ()),
        rules=_rules(language),
    )


_MONTH_NAMES = frozenset(
    {name for names in _MONTHS.values() for name in names}
    | {name for names in _EXTRA_MONTHS.values() for name in names}
    | {name[:3] for names in _MONTHS.values() for name in names}
    | {"sept", "janv", "févr", "avr", "juil", "déc"}
)
#: How a weekday's date (``Monday, Feb. 3``, ``lundi 9 février``) or a month's day number
#: or year (``March 3``, ``marzo de 2024``) may start, three letters lower case.
_WEEKDAY_DATE_STARTS = frozenset(
    {name[:3] for name in _MONTH_NAMES} | {"the", "den", "der", "le ", "el "}
)
_MONTH_DATE_STARTS = frozenset({"de ", "del", "of "})


# -- finding -----------------------------------------------------------------------------------


def find_relative_dates(
    text: str,
    published: dt.date,
    languages: Sequence[str] | None = None,
    sentences: SentenceFinder | None = None,
) -> list[RelativeDate]:
    """Every relative date in ``text`` resolved against ``published``, in text order.

    ``languages``: the page's language(s) as ISO 639-1 codes (``en-GB`` is
    ``en``); only those of :data:`LANGUAGES` are read, so a page in another
    language gives nothing. ``None`` (not known): all four, without French
    ``hier``, which is German for *here*. ``sentences``: the text's sentence
    finder, when the caller has one (sentences bound the clauses read for tense).
    """
    if languages is None:
        chosen, skipped = list(LANGUAGES), frozenset({"hier"})
    else:
        codes = (code.replace("_", "-").split("-")[0].lower() for code in languages)
        chosen = [code for code in dict.fromkeys(codes) if code in LANGUAGES]
        skipped = frozenset()
    sentences = sentences or SentenceFinder(text)
    found: list[RelativeDate] = []
    for language in chosen:
        found += _Scanner(text, published, _words(language), sentences).scan(skipped)
    return _without_overlaps(found) if len(chosen) > 1 else found


def _without_overlaps(found: list[RelativeDate]) -> list[RelativeDate]:
    """In text order, the longest of overlapping finds (from different languages)."""
    kept: list[RelativeDate] = []
    for item in sorted(found, key=lambda f: (f.start, f.start - f.end)):
        if not kept or item.start >= kept[-1].end:
            kept.append(item)
    return kept


class _Found(NamedTuple):
    start: int
    end: int
    when: When | None  # None for an anaphor, resolved against what came before
    anaphor: tuple[Unit, int] | None = None


def _span(
    start: int, end: int, before: re.Match[str] | None, after: re.Match[str] | None
) -> tuple[int, int]:
    """An anchor's span widened by the words read before and after it."""
    return (before.start() if before else start), (after.end() if after else end)


def _names(*matches: re.Match[str] | None) -> dict[str, str]:
    """The named groups that took part in any of ``matches``."""
    names: dict[str, str] = {}
    for match in matches:
        if match is not None:
            names.update({k: v for k, v in match.groupdict().items() if v is not None})
    return names


class _Scanner:
    """One text in one language: anchors read with their neighbours, in text order."""

    def __init__(
        self, text: str, published: dt.date, words: _Words, sentences: SentenceFinder
    ) -> None:
        self.text = text
        self.published = published
        self.words = words
        self.rules = words.rules
        self.shared = _shared()
        self.sentences = sentences
        #: the last expression resolved in each unit, and where it ends: what an anaphor
        #: ("the previous month") counts from
        self.last: dict[Unit, tuple[int, When]] = {}
        #: the words before a position, asked for by several patterns in turn
        self._previous_words: dict[int, tuple[str, str]] = {}
        self._starts: dict[int, list[int]] = {}

    def scan(self, skipped: frozenset[str] = frozenset()) -> list[RelativeDate]:
        text, words = self.text, self.words
        anchors = sorted(
            [
                *words.after_space.finditer(text),
                *words.after_other.finditer(text),
                *filter(None, [words.at_start.match(text)]),
            ],
            key=lambda anchor: anchor.start("a"),
        )
        found: list[RelativeDate] = []
        covered = 0
        for anchor in anchors:
            start, end = anchor.span("a")
            if start < covered:
                continue  # read already, inside the expression before ("Juni vergangenen Jahres")
            key = " ".join(anchor["a"].casefold().replace("’", "'").split())
            if key in skipped:
                continue
            result = self._read(key, start, end)
            if result is None or result.start < covered:
                continue
            when = result.when
            if when is None and result.anaphor is not None:
                when = self._antecedent(result.start, *result.anaphor)
            if when is None:
                continue
            covered = result.end
            self.last[when.unit] = (result.end, when)
            written = text[result.start : result.end]
            found.append(RelativeDate(written, result.start, result.end, when.iso(), when.unit))
        return found

    def _read(self, key: str, start: int, end: int) -> _Found | None:
        words = self.words
        if key in words.weekdays:
            return self._weekday(words.weekdays[key], start, end)
        if key in words.months:
            return self._month(words.months[key], start, end)
        if key in words.day_words:
            return self._day_word(key, start, end)
        if key in words.units:
            return self._unit(*words.units[key], start, end)
        if key in words.anaphors:
            return self._anaphor_word(words.anaphors[key], start, end)
        return None

    # -- the kinds of anchor -------------------------------------------------------------------

    def _weekday(self, weekday: int, start: int, end: int) -> _Found | None:
        text, rules, shared = self.text, self.rules, self.shared
        if self._dated(end, _WEEKDAY_DATE_STARTS) and shared.weekday_date.match(text, end):
            return None
        if shared.named_day_after.match(text, end) or self._named_day(start, end):
            return None
        if self._previous(start) in _HABIT_WORDS:
            return None
        before = self._before(rules.weekday_before, start, 3)
        after = self._after(rules.weekday_after, end)
        if before is None and self._in_a_name(start, end):
            return None
        if before is not None and any(
            before.groupdict().get(mark) and self._after_the(before.start(mark))
            for mark in ("last", "next")
        ):
            return None  # "the last Friday of the month"
        span_start, span_end = _span(start, end, before, after)
        direction, strictly = self._direction(_names(before, after), span_start, span_end)
        day = nearest_weekday(self.published, weekday, direction, strictly=strictly)
        return _Found(span_start, span_end, When("day", day))

    def _month(self, month: int, start: int, end: int) -> _Found | None:
        text, rules, shared = self.text, self.rules, self.shared
        if self.words.language == "en" and text[start].islower():
            return None  # "may", "march": a verb
        if self._dated(end, _MONTH_DATE_STARTS) and shared.month_date_after.match(text, end):
            return None
        if self._before(shared.month_date_before, start, 2):
            return None
        before = self._before(rules.month_before, start, 2)
        after = rules.month_after.match(text, end)
        if before is None and after is None and not self._before(rules.cue_before, start, 3):
            return None  # a bare month name: too often a name or a verb
        span_start, span_end = _span(start, end, before, after)
        names = _names(before, after)
        year = self.published.year
        if "last_year" in names:
            day = dt.date(year - 1, month, 1)
        elif "next_year" in names:
            day = dt.date(year + 1, month, 1)
        elif "this_year" in names or "this" in names:
            day = dt.date(year, month, 1)
        else:
            direction, strictly = self._direction(names, span_start, span_end)
            day = nearest_month(self.published, month, direction, strictly=strictly)
        return _Found(span_start, span_end, When("month", day))

    def _day_word(self, key: str, start: int, end: int) -> _Found | None:
        text, rules = self.text, self.rules
        if key in ("today", "morgen", "mañana"):
            if text[start].isupper() and not self._sentence_start(start):
                return None  # "USA Today"; German "Morgen" is also the morning
            if rules.not_day_word is not None and self._before(rules.not_day_word, start, 2):
                return None  # "heute Morgen", "la mañana"
        if key == "mañana" and re.match(rf"{_SPACE}+de", text[end : end + 5]):
            return None  # "mañana del jueves": the morning of
        if key == "hoy" and re.match(rf"{_SPACE}+(?:en{_SPACE}+)?día\b", text[end : end + 12]):
            return None  # "hoy (en) día": nowadays
        days = self.words.day_words[key]
        return _Found(start, end, When("day", self.published + dt.timedelta(days=days)))

    def _unit(self, unit: Unit, plural: bool, start: int, end: int) -> _Found | None:
        text, rules = self.text, self.rules
        counted = self._counted(unit, plural, start, end)
        if counted is not None or plural:
            return counted
        before = self._before(rules.period_before, start, 3)
        after = self._after(rules.period_after, end)
        names = _names(before, after)
        relation = names.keys() & {"this", "last", "next", "prev", "foll"}
        if not relation or "that" in names:
            return None  # "la semaine", "el año", "cette année-là": no word says which one
        if ("article" in names or "elided" in names) and after is None:
            return None
        if unit == "day" and not relation & {"prev", "foll"}:
            return None  # "this day", "last day"
        if text[start:end].casefold() == "an" and "elided" not in names:
            return None  # French "an" alone: "par an", "un an"
        if before is not None and relation & {"last", "next"} and self._after_the(before.start()):
            return None  # "the last year": a span of time
        span_start, span_end = _span(start, end, before, after)
        if relation & {"prev", "foll"}:
            return _Found(span_start, span_end, None, (unit, -1 if "prev" in names else 1))
        steps = -1 if "last" in names else 1 if "next" in names else 0
        return _Found(span_start, span_end, period(self.published, unit, steps))

    def _counted(self, unit: Unit, plural: bool, start: int, end: int) -> _Found | None:
        """``two weeks ago``, ``vor drei Tagen``, ``il y a un an``, ``dentro de dos meses``."""
        rules = self.rules
        previous = self._previous(start)
        if previous not in self.words.numbers and not previous.isdigit():
            return None  # every count pattern ends with the number
        ago_word = self._after(rules.count_after, end)
        if rules.count_after is not None and ago_word is None:
            return None
        number = self._before(rules.count_before, start, 4, gate=False)
        if number is None:
            return None
        written = number["n"]
        count = int(written) if written.isdigit() else self.words.numbers.get(written.casefold())
        if count is None or (not written.isdigit() and (count == 1) == plural):
            return None  # "many years ago"; "a years", "two year"
        if ago_word is not None:
            return _Found(number.start(), ago_word.end(), ago(self.published, unit, count))
        sign = -1 if number.groupdict().get("within") else 1
        return _Found(number.start(), end, ago(self.published, unit, sign * count))

    def _anaphor_word(self, anaphor: tuple[Unit, int], start: int, end: int) -> _Found:
        article = self._before(self.shared.anaphor_article, start, 2)
        return _Found(article.start() if article else start, end, None, anaphor)

    def _antecedent(self, start: int, unit: Unit, steps: int) -> When | None:
        """The date an anaphor stands for: ``steps`` from the last ``unit`` resolved before it."""
        last = self.last.get(unit)
        if last is None:
            return None
        end, when = last
        if start - end > ANAPHOR_CHARS or self.shared.year.search(self.text, end, start):
            return None
        return shift(when, steps)

    # -- context --------------------------------------------------------------------------------

    def _word_starts(self, position: int, count: int) -> list[int]:
        """Where the ``count`` words before ``position`` on its line start, nearest first.

        A word here runs from a space to a space, less the punctuation it
        opens with (``"Last``, ``(on``); ``l'année`` is the word ``l'`` before
        ``année``.
        """
        known = self._starts.get(position)
        if known is not None and len(known) >= count:
            return known[:count]
        text = self.text
        # a few words back: no need to look further, however long the line
        line = max(text.rfind("\n", max(position - 200, 0), position) + 1, position - 200, 0)
        starts: list[int] = []
        end = position
        while len(starts) < count:
            while end > line and text[end - 1] in " \t\u00a0":
                end -= 1
            if end <= line:
                break
            begin = max(text.rfind(" ", line, end), text.rfind("\u00a0", line, end)) + 1
            begin = max(begin, line)
            word_end = begin
            while word_end < end and not text[word_end].isalnum():
                word_end += 1
            if word_end == end:
                break  # a dash, a bracket: no word to read across
            starts.append(word_end)
            end = begin
        self._starts[position] = starts
        return starts

    def _previous(self, position: int, fold: bool = True) -> str:
        """The word before ``position`` (from the space before it), lower case.

        ``l'`` before ``année``, ``mi-`` before ``mars``, ``said`` before ``on``.
        """
        known = self._previous_words.get(position)
        if known is None:
            text = self.text
            end = position
            while end > 0 and text[end - 1] in " \t\u00a0":
                end -= 1
            low = max(0, end - 30)
            begin = max(text.rfind(" ", low, end), text.rfind("\n", low, end)) + 1
            raw = text[begin:end].lstrip(_OPENERS)
            known = self._previous_words[position] = (raw, raw.casefold().replace("’", "'"))
        return known[1] if fold else known[0]

    def _before(
        self, pattern: re.Pattern[str], position: int, words: int, gate: bool = True
    ) -> re.Match[str] | None:
        """``pattern`` (ending with ``\\Z``) from the start of one of the ``words`` words before
        ``position`` up to it; the farthest start that matches wins.

        Most anchors have no such words before them: unless the word right before
        is one a pattern may end with (``gate``), nothing is matched at all.
        """
        if gate:
            previous = self._previous(position)
            if previous not in self.words.prefix_words and not previous[:1].isdigit():
                return None
        for start in reversed(self._word_starts(position, words)):
            found = pattern.match(self.text, start, position)
            if found is not None:
                return found
        return None

    def _after(self, pattern: re.Pattern[str] | None, position: int) -> re.Match[str] | None:
        """``pattern`` right after ``position``, when the language has one."""
        return pattern.match(self.text, position) if pattern is not None else None

    def _dated(self, end: int, starts: frozenset[str]) -> bool:
        """Whether what follows ``end`` may be a day number, a year or a month: a digit
        or one of ``starts`` (``the``, ``de``, a month's first three letters), after a
        comma or a point."""
        following = self.text[end : end + 12].lstrip(_DATE_JOINERS)
        return following[:1].isdigit() or following[:3].casefold() in starts

    def _after_the(self, position: int) -> bool:
        """``the`` before ``position``: "the last year" is a span of time, not a year."""
        return self._previous(position) == "the"

    def _named_day(self, start: int, end: int) -> bool:
        """``Black Friday``, ``the Sunday Times``; in French and Spanish, which write
        weekdays in lower case, a capitalised one mid-sentence (``Plácido Domingo``)."""
        text = self.text
        if self.words.language in ("fr", "es"):
            return text[start].isupper() and not self._sentence_start(start)
        previous = self._previous(start, fold=False)
        if previous[:1].isupper() and previous.casefold() in _NAMED_DAY_WORDS:
            return True
        return previous.casefold() == "the" and bool(self.shared.capitalised_after.match(text, end))

    def _in_a_name(self, start: int, end: int) -> bool:
        """An English weekday with no preposition before it and a capitalised word after
        it: ``Monday Night Football``. (``said Monday President ...`` is a date.)"""
        if self.words.language != "en" or not self.shared.capitalised_after.match(self.text, end):
            return False
        return self._sentence_start(start) or self._previous(start) not in _REPORTED

    def _sentence_start(self, position: int) -> bool:
        text = self.text
        while position > 0 and text[position - 1] in _OPENERS:
            position -= 1
        return position == 0 or text[position - 1] in _SENTENCE_ENDS

    def _direction(self, names: Mapping[str, str], start: int, end: int) -> tuple[Direction, bool]:
        """Which way from the publication date ``text[start:end]`` points, and whether
        strictly: ``last``/``next`` say so, else the tense of its clause."""
        if "last" in names:
            return -1, True
        if "next" in names:
            return 1, True
        return (1 if self._forward(start, end) else -1), False

    def _forward(self, start: int, end: int) -> bool:
        """Whether the clause of ``text[start:end]`` speaks of what is still to come."""
        text, rules = self.text, self.rules
        cue = self._before(rules.cue_before, start, 3)
        if cue is not None:
            return cue["fwd"] is not None
        if self._previous(start) in _REPORTED:
            return False  # "said Monday": when it was said
        before = text[max(self.sentences.start_of(start), start - CLAUSE_CHARS) : start]
        last_break = self.shared.to_last_break.match(before)
        clause = before[last_break.end() :] if last_break else before
        if self._future_in(clause):
            return True
        after = text[end : min(self.sentences.end_of(end), end + CLAUSE_CHARS)]
        opens = len(clause.split()) <= 1  # nothing before it but a preposition ("Dès lundi")
        if opens:
            after = after.lstrip(" \t,:")  # "On Friday, the council will vote"
        cut = self.shared.clause_break.search(after)
        after = after[: cut.start()] if cut else after
        if opens or rules.verb_last:
            return self._future_in(after)
        # "The council on Tuesday will vote": only a marker in the first two words
        # counts; one further on may belong to another verb ("voted on Tuesday for
        # a plan that will")
        return self._future_in(" ".join(after.split()[:2]))

    def _future_in(self, clause: str) -> bool:
        """A future marker in ``clause``."""
        lowered = clause.lower().replace("’", "'")
        for found in self.words.future.finditer(lowered):
            at = found.start()
            if at == 0 or lowered[at] == "'" or not lowered[at - 1].isalnum():
                return True
        endings = self.words.future_endings
        if endings:
            for word in clause.split():
                word = word.strip(".,;:!?\"'«»()")
                if len(word) >= 4 and word.islower() and word.endswith(endings):
                    return True
        return False
