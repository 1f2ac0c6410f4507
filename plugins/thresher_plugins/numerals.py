"""Numbers as news writes them, in English, German, French, Spanish and Italian.

``55,000`` and ``1.8`` in English, ``55.000`` and ``3,5`` in German, ``55 000``
and ``3,5`` in French; scale words (``4.2 billion``, ``2,5 Milliarden``,
``300 millions``, ``$4.2bn``); small numbers in words (``three ships``,
``drei Schiffe``, ``trois navires``, ``tres buques``, ``a dozen``).
The decimal mark is the page's: a comma followed by three digits groups
thousands in English and is a decimal comma elsewhere only when the
language says so.
"""

from __future__ import annotations

import re

from thresher_plugins.tries import trie

#: Languages that write a decimal comma and group thousands with a dot or a space.
DECIMAL_COMMA = frozenset({"de", "fr", "es", "it", "pt", "nl", "pl", "cs", "da", "sv", "nb", "fi"})

WORD_NUMBERS: dict[str, int] = {
    # English
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
    "a dozen": 12, "a hundred": 100, "a thousand": 1000,
    # German
    "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8,
    "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12, "zwanzig": 20, "hundert": 100,
    "dutzend": 12,
    # French
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8,
    "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "vingt": 20, "cent": 100,
    "une douzaine": 12,
    # Spanish and Italian
    "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
    "nueve": 9, "diez": 10, "doce": 12, "veinte": 20, "cien": 100, "due": 2, "tre": 3,
    "quattro": 4, "cinque": 5, "sette": 7, "otto": 8, "nove": 9, "dieci": 10,
    "una docena": 12,
}  # fmt: skip

SCALES: dict[str, float] = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "millions": 1e6, "mn": 1e6, "m": 1e6,
    "billion": 1e9, "billions": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12,
    "tausend": 1e3, "mio": 1e6, "millionen": 1e6, "mrd": 1e9,
    "milliarde": 1e9, "milliarden": 1e9, "billionen": 1e12,
    "mille": 1e3, "milliard": 1e9, "milliards": 1e9,
    "mil": 1e3, "millón": 1e6, "millones": 1e6, "mil millones": 1e9, "billón": 1e12,
    "billones": 1e12, "milioni": 1e6, "miliardi": 1e9, "miliardo": 1e9, "milione": 1e6,
    "crore": 1e7, "crores": 1e7, "lakh": 1e5, "lakhs": 1e5,
}  # fmt: skip


#: A number in digits, with its grouping and decimal marks.
DIGITS = r"\d{1,3}(?:(?:,|\.|[ \u00a0\u202f])\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
#: A number in words.
WORDS = rf"(?i:\b{trie(sorted(WORD_NUMBERS))}\b)"
#: A number in digits or in words.
NUMBER = rf"(?:{DIGITS}|{WORDS})"
#: A scale word after a number ("4.2 billion", "300m", "2,5 Mrd."). A trie tries
#: the longest word first, as a list sorted longest first would ("2,5 Mrd." is
#: read whole), and ignoring case re enters one alternative per first letter, not each word.
SCALE = r"(?i:{})(?![\w])".format(trie(sorted([*SCALES, "mrd.", "mio."])))


_DOT_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_COMMA_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def number_value(text: str, language: str | None = None) -> float | None:
    """The value of a number as matched by :data:`NUMBER`, or ``None``."""
    if text.isdecimal():
        return float(text)  # most numbers: digits alone, whatever the language
    word = WORD_NUMBERS.get(text.casefold())
    if word is not None:
        return float(word)
    compact = text.replace("\u00a0", " ").replace("\u202f", " ")
    decimal_comma = (language or "en").split("-")[0] in DECIMAL_COMMA
    if " " in compact:
        compact = compact.replace(" ", "")
    if decimal_comma:
        if _DOT_GROUPED.fullmatch(compact):
            compact = compact.replace(".", "")
        compact = compact.replace(",", ".")
        if compact.count(".") > 1:
            return None
    else:
        if "," in compact and not _COMMA_GROUPED.fullmatch(compact):
            # "3,5" in an English text: a decimal comma after all
            compact = compact.replace(",", ".") if compact.count(",") == 1 else compact
        compact = compact.replace(",", "")
    try:
        return float(compact)
    except ValueError:
        return None


def scale_value(word: str, language: str | None = None) -> float:
    """The multiplier of a scale word; a German or Spanish ``Billion`` is 10^12."""
    folded = word.casefold().rstrip(".")
    if folded == "billion" and (language or "").split("-")[0] in {"de", "fr", "es", "it", "nl"}:
        return 1e12
    return SCALES.get(folded, 1.0)
