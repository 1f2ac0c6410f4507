"""The ``quantities`` extractor: the figures an article gives, with value, unit and sentence.

Four kinds, in English, German, French, Spanish and Italian:

* ``percent``: ``2%``, ``1.8 percent``, ``3,5 Prozent``, ``12 %``; a share of
  something keeps it (``2% of GDP``: ``"of": "GDP"``); percentage points
  are unit ``pp``;
* ``money``: ``$4.2 billion``, ``€300m``, ``¥1.2 trillion``, ``2,5 Milliarden
  Euro``, ``300 millions d'euros``, value in units and an ISO 4217 code;
* ``measure``: ``600 kilometers``, ``40 km``, ``12 degrees Celsius``,
  ``5,000 tonnes``, normalised unit symbols; ``duration``: ``two years``;
* ``count``: a number and the noun it counts, ``55,000 troops``, ``120
  bases``, ``three ships``, ``55,000 US soldiers`` (unit ``soldiers``).

A range or a change keeps both ends together: ``from 1.8% to 2%``,
``between 3 and 5 percent``, ``3-5%`` give one quantity with ``value`` and
``value_to``; ``up 4.5% to $12 billion`` stays two (the units differ).
Years, dates, times, ordinals and numbers inside names (``G7``,
``F-35``, ``Covid-19``) are not quantities.

Why hand-written: quantulum3, the library for numbers with units, is
English only, reads years and bare numbers as quantities, leaves counts
without their noun (``55,000`` rather than ``55,000 troops``), and took
105 ms on a 2.5 KB article here (the budget for all extraction is 5 ms).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from thresher import Document, Extractor, hookimpl
from thresher_plugins.dates import CALENDAR_WORDS
from thresher_plugins.numerals import (
    DIGITS,
    NUMBER,
    SCALE,
    WORD_NUMBERS,
    WORDS,
    number_value,
    scale_value,
)
from thresher_plugins.sentences import sentences_of
from thresher_plugins.tries import trie

CURRENCY_SYMBOLS: dict[str, str] = {
    "$": "USD", "US$": "USD", "C$": "CAD", "A$": "AUD", "HK$": "HKD", "NZ$": "NZD",
    "S$": "SGD", "R$": "BRL", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW",
    "Rs": "INR", "Rs.": "INR", "CHF": "CHF", "USD": "USD", "EUR": "EUR", "GBP": "GBP",
    "JPY": "JPY", "CNY": "CNY", "RMB": "CNY",
}  # fmt: skip
CURRENCY_WORDS: dict[str, str] = {
    "dollars": "USD", "dollar": "USD", "us dollars": "USD", "dólares": "USD",
    "dollari": "USD", "euros": "EUR", "euro": "EUR", "yen": "JPY", "pounds": "GBP",
    "pounds sterling": "GBP", "sterling": "GBP", "yuan": "CNY", "renminbi": "CNY",
    "francs": "CHF", "swiss francs": "CHF", "franken": "CHF", "rupees": "INR",
    "won": "KRW", "roubles": "RUB", "rubles": "RUB", "pesos": "MXN", "reais": "BRL",
    "kronor": "SEK", "krona": "SEK", "rand": "ZAR", "lira": "TRY", "rupiah": "IDR",
    "ringgit": "MYR", "baht": "THB", "naira": "NGN", "shekels": "ILS", "zloty": "PLN",
    "forint": "HUF", "hryvnias": "UAH",
    "usd": "USD", "eur": "EUR", "gbp": "GBP", "jpy": "JPY", "cny": "CNY", "chf": "CHF",
}  # fmt: skip
PERCENT_WORDS: dict[str, str] = {
    "%": "%", "percent": "%", "per cent": "%", "pct": "%", "prozent": "%",
    "pour cent": "%", "por ciento": "%", "per cento": "%",
    "percentage points": "pp", "percentage point": "pp", "prozentpunkte": "pp",
    "points de pourcentage": "pp", "puntos porcentuales": "pp", "punti percentuali": "pp",
}  # fmt: skip
MEASURE_UNITS: dict[str, str] = {
    "km": "km", "kilometers": "km", "kilometres": "km", "kilometer": "km", "kilometre": "km",
    "kilomètres": "km", "kilómetros": "km", "chilometri": "km", "miles": "mi", "mile": "mi",
    "meters": "m", "metres": "m", "meter": "m", "mètres": "m", "metros": "m", "metri": "m",
    "feet": "ft", "ft": "ft", "cm": "cm", "centimeters": "cm", "centimetres": "cm",
    "kg": "kg", "kilograms": "kg", "kilogrammes": "kg", "kilogramm": "kg", "kilos": "kg",
    "tonnes": "t", "tons": "t", "tonnen": "t", "toneladas": "t", "tonnellate": "t",
    "hectares": "ha", "hektar": "ha", "hectáreas": "ha", "ha": "ha",
    "square kilometers": "km2", "square kilometres": "km2", "km²": "km2", "km2": "km2",
    "degrees celsius": "°C", "degrees": "°", "°c": "°C", "grad": "°C", "degrés": "°C",
    "grados": "°C", "°f": "°F", "degrees fahrenheit": "°F",
    "barrels": "bbl", "barrels per day": "bbl/d", "litres": "l", "liters": "l", "liter": "l",
    "mw": "MW", "gw": "GW", "kw": "kW", "kwh": "kWh", "mwh": "MWh", "gwh": "GWh", "twh": "TWh",
    "megawatts": "MW", "gigawatts": "GW", "mph": "mph", "km/h": "km/h",
    "kilometres per hour": "km/h", "kilometers per hour": "km/h", "miles per hour": "mph",
    "micrograms per liter": "µg/L", "micrograms per litre": "µg/L",
    "milligrams per liter": "mg/L", "milligrams per litre": "mg/L",
    "cubic meters": "m³", "cubic metres": "m³", "m³": "m³", "m3": "m³",
    "teu": "TEU", "teus": "TEU", "twenty-foot equivalent units": "TEU",
}  # fmt: skip
DURATION_UNITS: dict[str, str] = {
    "years": "years", "year": "years", "jahre": "years", "jahren": "years", "ans": "years",
    "années": "years", "años": "years", "anni": "years", "months": "months",
    "month": "months", "monate": "months", "monaten": "months", "mois": "months",
    "meses": "months", "mesi": "months", "weeks": "weeks", "wochen": "weeks",
    "semaines": "weeks", "semanas": "weeks", "days": "days", "tage": "days",
    "tagen": "days", "jours": "days", "días": "days", "giorni": "days", "hours": "hours",
    "stunden": "hours", "heures": "hours", "horas": "hours", "minutes": "minutes",
    "minuten": "minutes", "minutos": "minutes", "decades": "decades",
}  # fmt: skip


#: Words that end a count's noun phrase: a number followed by one of these counts nothing.
_FUNCTION_WORDS = frozenset(
    """a an the of in on at to by for from with and or but as than per into over under
    about after before since until between against among during while that which who
    is are was were be been has have had will would could should may might can do did
    said says percent years old o'clock am pm times across this thus plus towards always
    uhr h hrs per cent
    der die das den dem des ein eine und oder in im am zu von mit für auf aus bei bis
    nach über unter um gegen seit als wie ist sind war waren wird werden hat haben
    le la les un une des du de et ou en au aux à par pour sur dans avec sans que qui
    est sont était ont a été
    el los las una unos unas del al y o en con por para sobre entre que es son fue han
    il lo gli della dei delle e con per tra fra che sono è""".split()
)
#: English nouns counted without a plural "s".
_PLURALS_WITHOUT_S = frozenset(
    """people children men women police staff personnel aircraft cattle sheep fish
    deer crew feet teeth mice geese data media""".split()
)


def _alternatives(words: Mapping[str, str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


_SYMBOL = _alternatives(CURRENCY_SYMBOLS)
_UNIT_WORDS = {**CURRENCY_WORDS, **PERCENT_WORDS, **MEASURE_UNITS, **DURATION_UNITS}
# A trie, not a list: ignoring case, re enters each alternative it tries, and
# a list of 164 units tried after every number was a third of the figures' cost.
_UNIT = trie(sorted(_UNIT_WORDS))
_GAP = r"[^\S\n]?"
# A letter, digit or dot before a number, or a letter and a hyphen, makes it
# part of a name or a code (G7, F-35, v2.1; "3-5%" is a range).
_BEFORE = r"(?<![\w.,:])(?<![^\W\d_][-/])"


def _quantity_pattern(number: str, first: str) -> re.Pattern[str]:
    """A figure whose number is ``number``; ``first`` is what such a match can start with.

    re tries a pattern at every position of the text: a lookahead on the
    first character turns almost all of them away at once.
    """
    return re.compile(
        rf"(?={first})"
        rf"(?:(?P<sign>(?i:minus)[^\S\n]+|[-−](?=\d)))?"
        rf"{_BEFORE}(?:(?P<symbol>{_SYMBOL}){_GAP})?"
        rf"(?P<number>{number})"
        rf"(?:(?P<attached>(?i:bn|mn|m|k|tn|b)\b)|{_GAP}(?P<scale>{SCALE}))?"
        rf"(?:(?:{_GAP}|-)(?:(?i:de|d['’])[^\S\n]?)?(?P<unit>(?i:{_UNIT}))(?![\w]))?"
        rf"(?P<after>[^\S\n]+[^\W\d_][\w’'-]*(?:[^\S\n]+[^\W\d_][\w’'-]*){{0,3}})?"
    )


# Two scans, digits and words: one pattern for both costs re an attempt of
# the word list at every position. A figure in digits starts with a sign, a
# currency or a digit; one in words with a letter that starts a sign or a
# number word.
_SYMBOL_STARTS = "".join(sorted({re.escape(symbol[0]) for symbol in CURRENCY_SYMBOLS}))
_WORD_STARTS = "".join(sorted({re.escape(c) for w in WORD_NUMBERS for c in (w[0], w[0].upper())}))


@functools.cache
def _quantity_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Compiled on first use: 20 ms of compiling that a run without extraction never needs."""
    return (
        _quantity_pattern(DIGITS, rf"[\d\-−{_SYMBOL_STARTS}mM]"),
        _quantity_pattern(WORDS, rf"[{_WORD_STARTS}mM]"),
    )


# Where the patterns are tried. Even turned away at its first character, a
# pattern tried at every position of a text cost half the extractor's time;
# every figure holds a number, so each pattern is searched from a little
# before each number in digits or words, to the end of its line. Neither
# pattern matches a newline, and at the end of a search bounded by a line's
# end their lookarounds (\b, (?![\w]), (?=\d)) read that end as they read a
# newline: a bounded search finds what a search of the whole text finds there.
_DIGIT_RUN = re.compile(r"\d+")
_DIGIT = re.compile(r"\d")
#: Words that open a range: "from 3 to 5%", "between 3 and 5%".
_RANGE_OPENERS = ("from", "between", "von", "zwischen", "de", "du", "entre", "tra", "fra", "da")
#: The most a figure or a range head writes before its number, besides a
#: word and spaces: a currency symbol and a space.
_SYMBOL_AND_GAP = max(map(len, CURRENCY_SYMBOLS)) + 1
#: The longest word before those: a sign ("minus") or a range's opener.
_LEAD_WORD = max(map(len, ["minus", *_RANGE_OPENERS]))


@functools.cache
def _number_word() -> re.Pattern[str]:
    """The character before a number word, in a text's lower case.

    Ignoring case, re would try the words at every position of a text; in
    lower case, after a character that ends a word, it skips through the
    text to those characters and tries the words in one step each. Rather
    than \\W, a class re tests faster: no ASCII or Latin-1 lower-case letter,
    digit or underscore. It holds every character \\W does, and a few letters
    more ("être"): a figure searched from there finds what a search finds.
    """
    return re.compile(rf"[^a-z0-9_ß-öø-ÿ](?={trie(sorted(WORD_NUMBERS))}\b)")


#: The characters re's ignoring case pairs with a letter of a number word
#: that lower-case to something else: the long s, the dotless i, and the
#: dotted capital I, whose lower case is two characters (a test derives them
#: again). A text with one is not searched in lower case.
_FOLDED_APART = ("ſ", "ı", "İ")


def _lowers_in_place(text: str) -> bool:
    """Whether number words in ``text.lower()`` are where re finds them ignoring case in ``text``.

    ``case_blind.lowers_in_place`` answers for every letter, at the cost of
    a pass over the text with a class of a hundred characters.
    """
    return not any(character in text for character in _FOLDED_APART)


def _number_word_starts(text: str) -> list[int]:
    """Where number words start in ``text``, which must lower in place (:func:`_lowers_in_place`).

    Searched with a space in front, for the start of the text: each match
    is the character before a word, so where it starts is where the word
    starts in ``text``.
    """
    return [match.start() for match in _number_word().finditer(f" {text.lower()}")]


def _figure_matches(text: str, digit_runs: list[int]) -> list[re.Match[str]]:
    """What ``finditer`` of the two quantity patterns finds, in order of start (digits first).

    ``digit_runs``: where the text's runs of digits start, in order.
    """
    digits, words = _quantity_patterns()
    in_digits = list(_near_numbers(digits, text, digit_runs))
    if _lowers_in_place(text):
        in_words = list(_near_numbers(words, text, _number_word_starts(text)))
    else:  # a character re folds apart from its lower case: the words searched everywhere
        in_words = list(words.finditer(text))
    if not in_words:
        return in_digits
    return sorted([*in_digits, *in_words], key=lambda match: match.start())


def _near_numbers(
    pattern: re.Pattern[str], text: str, numbers: list[int]
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a quantity pattern, searched from a little before each number.

    ``numbers`` are where the numbers the pattern reads may start, in order
    (digit runs, number words): a figure starts at most its lead
    (:func:`_lead_start`) before its number. A search from there finds the
    next figure, after the number if that one is none ("G7"); bounded by
    the line's end, it finds nothing if the line holds no more.
    """
    searched_to = 0  # every figure that starts before is found
    line_end = -1
    for number in numbers:
        if number < searched_to:
            continue  # inside a figure found ("1,000"), or on a line searched to its end
        if number > line_end:
            line_end = text.find("\n", number)
            line_end = len(text) if line_end < 0 else line_end
        match = pattern.search(text, max(searched_to, _lead_start(text, number)), line_end)
        if match is None:
            searched_to = line_end
            continue
        yield match
        searched_to = match.end()


def _lead_start(text: str, number: int) -> int:
    """The earliest a figure or a range head whose number starts at ``number`` can start.

    Before the number either may have a currency symbol and a space (four
    characters at most), after a word and any run of spaces: a sign
    ("minus  $5") or an opener ("between 3"). So: four characters back,
    then past any spaces there, and room for the longest such word.
    """
    start = max(number - _SYMBOL_AND_GAP, 0)
    while start > 0 and text[start - 1] != "\n" and text[start - 1].isspace():
        start -= 1
    return max(start - _LEAD_WORD, 0)


def _range_head_before(text: str, start: int) -> re.Match[str] | None:
    """The range head ending at ``start``: ``_range_head()`` searched in the 60 characters before.

    Tried at every position, the head's number words ignoring case cost a
    tenth of the extractor's time: the search starts from the first number.
    """
    window = max(start - 60, 0)
    number = _first_number(text, window, start)
    if number == start:
        return None  # no number, no head
    return _range_head().search(text, max(window, _lead_start(text, number)), start)


def _first_number(text: str, start: int, end: int) -> int:
    """Where the first number in ``text[start:end]`` may start (digit, number word), or ``end``."""
    digit = _DIGIT.search(text, start, end)
    if digit is not None:
        end = digit.start()
    part = text[start:end]
    if not _lowers_in_place(part):
        return start  # a character re folds apart from its lower case: anywhere
    word = _number_word().search(f" {part.lower()}")  # as in _number_word_starts
    return start + word.start() if word is not None else end


def _not_quantities(text: str, numbers: list[int]) -> list[tuple[int, int]]:
    """Spans of ISO dates and match scores: ``_NOT_QUANTITIES.finditer``, tried at ``numbers``.

    ``numbers``: where the text's runs of digits start. Each match starts
    with a digit after no word character, so those are the only places a
    search of the whole text would find one.
    """
    spans: list[tuple[int, int]] = []
    for number in numbers:
        if spans and number < spans[-1][1]:
            continue
        match = _NOT_QUANTITIES.match(text, number)
        if match is not None:
            spans.append(match.span())
    return spans


@functools.cache
def _range_head() -> re.Pattern[str]:
    """A number (and unit) and a joiner right before a figure: "between 3 and", "3-"."""
    return re.compile(
        rf"(?:(?P<opener>(?i:{'|'.join(_RANGE_OPENERS)}))[^\S\n]+)?"
        rf"(?P<symbol>{_SYMBOL})?(?P<number>{NUMBER})"
        rf"(?:{_GAP}(?P<unit>(?i:{_UNIT}))(?![\w]))?"
        rf"[^\S\n]*(?P<joiner>(?i:to|and|bis|auf|und|à|a|et|y|al|e)|[-–])[^\S\n]*$"
    )


# "2% of its gross domestic product (GDP) by 2027": what the share is of, up
# to a preposition or a clause (five words at most).
_JOINED = re.compile(r"(?:\b(?i:to|and|bis|auf|und|à|a|et|y|al|e)|[-–])[^\S\n]*$")
_SHARE_OF = re.compile(
    r"[^\S\n]+(?:of|des|der|du|del|della)[^\S\n]+"
    r"(?P<of>[^\W\d_][^\s,.;:]*(?:[^\S\n]+[^\s,.;:]+){0,4}?)"
    r"(?=[,.;:]|[^\S\n]+(?:by|in|from|to|and|for|with|at|on|bis|im|zum|für|à|en|pour|por"
    r"|para|per|this|last|next|which|that|who)\b|[^\S\n]*$)",
    re.MULTILINE,
)
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
# Numbers that are no quantities: an ISO date or time, a match score ("3-1 win").
_NOT_QUANTITIES = re.compile(
    r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?\b"
    r"|\b\d{1,2}[-–]\d{1,2}[^\S\n]+(?i:win|victory|defeat|loss|draw|lead|home|away|sieg|"
    r"niederlage|victoire|défaite|victoria|derrota|empate)\b"
)
_FROM_WORDS = frozenset({"from", "von", "de", "desde", "da", "du"})
_TO_WORDS = frozenset({"to", "auf", "à", "a", "hasta"})
_OPENER = re.compile(
    r"(?P<word>(?i:from|between|von|zwischen|de|du|entre|tra|fra|da|to|auf|à|a))[^\S\n]+$"
)
_RANGE_JOINER = re.compile(
    r"[^\S\n]*(?:(?i:to|and|bis|auf|und|à|a|et|y|al|e|from|von|de|desde|hasta)|[-–])[^\S\n]*"
)
_TIME_OR_DATE_AFTER = re.compile(r"[:/.]\d|(?i:st|nd|rd|th|er|e|º|°)\b")


@attrs.define
class QuantitiesExtractor(Extractor):
    """Percentages, money, measures and counts with their unit or noun, and ranges kept whole."""

    name = "quantities"
    order = 300
    provides = ("quantities",)

    #: Also time spans ("two years", "six months").
    durations: bool = True
    #: Keep counts (a number and a noun); percentages, money and measures always.
    counts: bool = True

    def extract(self, document: Document) -> Mapping[str, Any]:
        language = document.meta.get("language")
        language = language if isinstance(language, str) else None
        return {"quantities": self.find(document.text, language)}

    def find(self, text: str, language: str | None = None) -> list[dict[str, Any]]:
        sentences = sentences_of(text)
        found: list[dict[str, Any]] = []
        digit_runs = [run.start() for run in _DIGIT_RUN.finditer(text)]
        skipped = _not_quantities(text, digit_runs)
        for match in _figure_matches(text, digit_runs):
            if skipped and any(a <= match.start("number") < b for a, b in skipped):
                continue  # inside an ISO date or a match score
            quantity = self._quantity(match, text, language)
            if quantity is None or (found and quantity["start"] < found[-1]["end"]):
                continue
            if found and self._join_pair(found[-1], quantity, text):
                continue
            self._join_range(quantity, text, language, found)
            quantity["sentence"] = sentences.around(quantity["start"], quantity["end"])
            found.append(quantity)
        return found

    def _quantity(
        self, match: re.Match[str], text: str, language: str | None
    ) -> dict[str, Any] | None:
        value = number_value(match["number"], language)
        if value is None:
            return None
        end = match.end("number")
        symbol, unit_word = match["symbol"], match["unit"]
        scale = match["attached"] or match["scale"]
        if (
            match["attached"]
            and not symbol
            and not (unit_word and unit_word.casefold() in CURRENCY_WORDS)
        ):
            scale = None  # "300m" alone: metres or a million, unclear
        if scale:
            value *= scale_value(scale, language)
            end = match.end("attached") if match["attached"] else match.end("scale")
        unit: str | None = None
        kind = ""
        if symbol:
            unit, kind = CURRENCY_SYMBOLS[symbol], "money"
        if unit_word:
            word_unit = self._unit_of_word(unit_word.casefold(), money=kind == "money")
            if word_unit is not None:
                unit, kind = word_unit
                end = match.end("unit")
        start = match.start("symbol") if symbol else match.start("number")
        if unit is None:
            if not self.counts or self._not_a_count(match, text, value, scale):
                return None
            noun = self._noun(match["after"] or "", language, value)
            if noun is None:
                return None
            unit, kind = noun[0], "count"
            end = match.start("after") + noun[1]
        if match["sign"] and kind == "measure":
            # "minus 170 degrees Celsius", "-30 °C": a sign only a measure keeps
            value, start = -value, match.start("sign")
        quantity: dict[str, Any] = {
            "text": text[start:end],
            "value": _tidy(value),
            "unit": unit,
            "kind": kind,
            "start": start,
            "end": end,
        }
        if kind == "percent":
            share = _SHARE_OF.match(text, end)
            if share is not None:
                quantity["of"] = share["of"].strip()
        return quantity

    def _unit_of_word(self, folded: str, money: bool) -> tuple[str, str] | None:
        """The unit and kind a unit word gives; after a currency symbol only a currency word."""
        if folded in CURRENCY_WORDS:
            return CURRENCY_WORDS[folded], "money"
        if money:
            return None
        if folded in PERCENT_WORDS:
            return PERCENT_WORDS[folded], "percent"
        if folded in MEASURE_UNITS:
            return MEASURE_UNITS[folded], "measure"
        if folded in DURATION_UNITS and self.durations:
            return DURATION_UNITS[folded], "duration"
        return None

    def _not_a_count(
        self, match: re.Match[str], text: str, value: float, scale: str | None
    ) -> bool:
        number = match["number"]
        if scale is None and _YEAR.fullmatch(number):
            return True  # a year
        if value == 1 and not number[0].isdigit():
            return True  # "one of the", "one day": too common to be a figure
        after = text[match.end("number") : match.end("number") + 3]
        if _TIME_OR_DATE_AFTER.match(after):
            return True  # "08:00", "27/10", "3rd", "1er"
        before = text[max(match.start() - 12, 0) : match.start()].split()
        return bool(before) and before[-1].casefold().strip(".,") in CALENDAR_WORDS

    def _noun(self, after: str, language: str | None, value: float) -> tuple[str, int] | None:
        """The noun a number counts among the next words, and where it ends in ``after``."""
        english = (language or "en").startswith("en")
        german = (language or "").startswith("de")
        words = after.split()
        offset = 0
        for index, word in enumerate(words):
            offset = after.index(word, offset) + len(word)
            folded = word.casefold()
            if folded in _FUNCTION_WORDS or folded in CALENDAR_WORDS:
                return None
            if word[0].isupper() and not german:
                continue  # "55,000 US soldiers": a proper adjective before the noun
            if german and not word[0].isupper():
                continue  # "drei weitere Flugabwehrsysteme": German nouns are capitalised
            if (
                english
                and value != 1
                and not (folded.endswith("s") or folded in _PLURALS_WITHOUT_S)
            ):
                continue  # "three new ships": an adjective before the plural noun
            noun = word if german else folded
            for following in words[index + 1 :]:
                # "two aircraft carriers": a plural after the noun is the compound's head
                # (a verb after a plural subject has no "s").
                if not (english and following.islower() and following.endswith("s")):
                    break
                if following in _FUNCTION_WORDS:
                    break
                offset = after.index(following, offset) + len(following)
                noun = f"{noun} {following}"
            return noun.strip(".,;:!?\"'’”)"), offset - (
                len(noun) - len(noun.rstrip(".,;:!?\"'’”)"))
            )
        return None

    def _join_pair(self, first: dict[str, Any], second: dict[str, Any], text: str) -> bool:
        """Fold two figures of one unit into one range: "from ¥3.4 trillion to ¥3.8 trillion".

        "between A and B" and "from A to B" in five languages, "A-B", and the
        reverse "to B from A" (value A, value_to B: where it came from first).
        """
        if first["unit"] != second["unit"] or first.get("value_to") is not None:
            return False
        between = text[first["end"] : second["start"]]
        opener = _OPENER.search(text, max(first["start"] - 12, 0), first["start"])
        if _RANGE_JOINER.fullmatch(between) is None:
            return False
        joiner = between.strip().casefold()
        reverse = opener is not None and opener["word"].casefold() in _TO_WORDS
        if reverse and joiner in _FROM_WORDS:
            low, high = second["value"], first["value"]
        elif joiner in {"-", "–"} or (opener is not None and not reverse):
            low, high = first["value"], second["value"]
        else:
            return False  # "2% and 5%": two figures
        start = opener.start() if opener is not None else first["start"]
        first.update(
            text=text[start : second["end"]],
            start=start,
            end=second["end"],
            value=low,
            value_to=high,
        )
        return True

    def _join_range(
        self, quantity: dict[str, Any], text: str, language: str | None, found: list[dict[str, Any]]
    ) -> None:
        """Fold "from A to B", "between A and B", "A-B" ending at this quantity into it."""
        start = quantity["start"]
        if not _JOINED.search(text, max(start - 12, 0), start):
            return
        head = _range_head_before(text, start)
        if head is None:
            return
        joiner = head["joiner"].casefold()
        if joiner in {"and", "und", "et", "y", "e", "a", "à"} and not head["opener"]:
            return  # "2% and 5%" are two figures; "between 2 and 5%" is one
        if head["unit"] and _UNIT_WORDS.get(head["unit"].casefold()) != quantity["unit"]:
            return  # "up 4.5% to $12 billion": a change and an amount
        if head["symbol"] and CURRENCY_SYMBOLS[head["symbol"]] != quantity["unit"]:
            return
        low = number_value(head["number"], language)
        if low is None:
            return
        if quantity["kind"] == "money" and quantity["value"] >= 1000 and low < 1000:
            scale = quantity["value"] / max(
                number_value(_number_of(quantity["text"]), language) or 1, 1
            )
            low *= scale  # "$3 to $5 billion"
        start = head.start()
        if found and found[-1]["end"] > start:
            found.pop()  # "from 1.8% to 2%": the 1.8% was taken alone first
        quantity["value_to"] = quantity["value"]
        quantity["value"] = _tidy(low)
        quantity["text"] = text[start : quantity["end"]]
        quantity["start"] = start


def _number_of(text: str) -> str:
    match = re.search(NUMBER, text)
    return match.group() if match else ""


def _tidy(value: float) -> int | float:
    """Whole numbers as integers, the rest rounded past float noise."""
    if value.is_integer():
        return int(value)  # what rounding would give, without its cost
    rounded = round(value, 6)
    return int(rounded) if rounded.is_integer() else rounded


@hookimpl
def thresher_register_extractors() -> list[type[Extractor]]:
    return [QuantitiesExtractor]
