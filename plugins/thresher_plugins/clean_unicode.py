"""The ``unicode`` cleaner: repairs mojibake, HTML entities and broken characters with ftfy.

Scraped text is full of text decoded with the wrong codec somewhere upstream
(``donâ€™t``), HTML entities a scraper never unescaped (``caf&eacute;``,
doubly escaped ``&amp;amp;``), ligatures, full-width Latin letters and
terminal escapes. ftfy fixes these without touching text that is already
right. Each changed line is recorded as a ``unicode-repair`` removal whose
replacement is the fixed line, so ``thresher explain`` shows the before and
after; after 50 entries the remaining changed lines are recorded together
in one last entry, which keeps the audit trail of a badly broken document
small while still accounting for every change.

ftfy is thorough but slow (its mojibake detector alone costs a few
milliseconds per 5 KB of non-ASCII text), and most text gives it nothing to
do. So only lines that contain something one of its fixers acts on are
given to it; see :func:`ftfy_leaves_alone` for why skipping the others
cannot change the result.

Curly quotes are kept (ftfy straightens them by default): they are correct
typography, quote extraction uses them, and straightening them would flag
almost every news paragraph as "repaired".
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Literal

import attrs
import ftfy
from ftfy import chardata, fixes
from ftfy.badness import BADNESS_RE, MOJIBAKE_CATEGORIES, is_bad

from thresher import Cleaner, Document, hookimpl

#: How many changed lines are recorded one by one before the rest are summed up.
MAX_RECORDED_LINES = 50

#: ftfy fixes one layer of damage per pass; doubly broken text needs more.
MAX_PASSES = 4

_NORMALIZATIONS: dict[str, Literal["NFC", "NFD", "NFKC", "NFKD"] | None] = {
    "NFC": "NFC",
    "NFD": "NFD",
    "NFKC": "NFKC",
    "NFKD": "NFKD",
    "none": None,
}


@attrs.define
class UnicodeCleaner(Cleaner):
    """Repair mojibake, HTML entities and broken characters (ftfy), line by line.

    Runs first among the cleaners so later ones see real characters. Every
    changed line is recorded (``unicode-repair``) with its fixed version.
    """

    name = "unicode"
    order = 100

    normalization: str = attrs.field(default="NFC", validator=attrs.validators.in_(_NORMALIZATIONS))
    uncurl_quotes: bool = False

    def clean(self, document: Document) -> None:
        config = ftfy.TextFixerConfig(
            uncurl_quotes=self.uncurl_quotes,
            normalization=_NORMALIZATIONS[self.normalization],
            explain=False,
        )
        suspects = _suspect_lines(document.text, config)
        if not suspects:
            return
        lines = document.text.split("\n")
        changed: list[tuple[str, str]] = []
        for index in sorted(suspects):
            line = lines[index]
            fixed = self._fix(line, config)
            if fixed != line:
                changed.append((line, fixed))
                lines[index] = fixed
        if not changed:
            return
        document.text = "\n".join(lines)
        for before, after in changed[:MAX_RECORDED_LINES]:
            document.record_removal(self.name, "unicode-repair", before, after)
        rest = changed[MAX_RECORDED_LINES:]
        if rest:
            document.record_removal(
                self.name,
                "unicode-repair",
                "\n".join(before for before, _ in rest),
                "\n".join(after for _, after in rest),
            )

    def _fix(self, line: str, config: ftfy.TextFixerConfig) -> str:
        if ftfy_leaves_alone(line, config):
            return line
        for _ in range(MAX_PASSES):
            fixed = ftfy.fix_text(line, config)
            if fixed == line:
                break
            line = fixed
        if "\n" in line:
            # ftfy turned a lone CR or U+2028 into a break; the new lines get
            # the per-line treatment (HTML unescaping is decided per line).
            return "\n".join(self._fix(part, config) for part in line.split("\n"))
        return line


def ftfy_leaves_alone(line: str, config: ftfy.TextFixerConfig) -> bool:
    """Whether ``ftfy.fix_text(line, config)`` is sure to return ``line`` unchanged.

    Going through the steps of ``ftfy.fix_and_explain`` (ftfy 6.3), each
    changes nothing unless the text holds what it acts on:

    * ``unescape_html``: a match of ftfy's own ``HTML_ENTITY_RE``;
    * ``fix_encoding``: ASCII text is returned as is, other text only when
      ftfy's ``is_bad`` finds mojibake in it, which it cannot without one of
      the :data:`_MOJIBAKE_CLUES` characters;
    * ``fix_c1_controls``: a C1 control character; ``fix_latin_ligatures``,
      ``fix_character_width``, ``remove_control_chars``: a key of ftfy's
      translation tables (``remove_terminal_escapes`` needs ESC, a control
      character); ``fix_line_breaks``: CR, NEL, U+2028 or U+2029;
      ``fix_surrogates``: a surrogate; ``uncurl_quotes``, when on: one of
      ftfy's quote characters (together :data:`_CHANGED_BY_FIXERS`);
    * normalisation: text not already in the configured form.

    So ftfy's first pass over such a line changes nothing, and ftfy stops
    there. A line longer than ftfy's segment length is never left alone:
    ftfy cuts it into pieces, which need not each be normalised as the whole
    is.
    """
    if len(line) > config.max_decode_length:
        return False
    if _CHANGED_BY_FIXERS[config.uncurl_quotes].search(line):
        return False
    if chardata.HTML_ENTITY_RE.search(line):
        return False
    form = config.normalization
    if form is not None and not unicodedata.is_normalized(form, line):
        return False
    # ftfy's own verdict, last: it is exact, but slow.
    return not _is_bad(line)


def _is_bad(line: str) -> bool:
    """``ftfy.badness.is_bad(line)``, searching only around the mojibake clues.

    Every match of ``BADNESS_RE`` holds a clue and is at most
    :data:`_BADNESS_WIDTH` characters long, so it lies within that distance
    of a clue: the search runs on those stretches of the line only (its
    ``^`` still matches only at the real start of the line). Accented
    letters are clues, so a line of French or Portuguese has a few dozen
    short stretches instead of one search at every position.
    """
    if not _MOJIBAKE_CLUES_VERIFIED:
        return is_bad(line)
    reach = _BADNESS_WIDTH - 1
    start = end = -1
    for clue in _MOJIBAKE_CLUES.finditer(line):
        position = clue.start()
        if position - reach > end:
            if end > start and BADNESS_RE.search(line, start, end):
                return True
            start = max(position - reach, 0)
        end = position + reach + 1
    return end > start and BADNESS_RE.search(line, start, end) is not None


def _suspect_lines(text: str, config: ftfy.TextFixerConfig) -> set[int]:
    """The indexes of the lines of ``text`` that :func:`ftfy_leaves_alone` must look at.

    Every other line is left alone by ftfy: it holds no character from
    :data:`_SUSPECT_CHARACTERS` nor an HTML entity, is normalised, and is
    short enough. Each is looked for once in the whole text, rather than line
    by line: on a clean document that is three fast scans. Normalisation can
    be tested on the whole text because a line break, a starter that never
    composes, splits it into independent parts: a text is normalised when
    all its lines are.
    """
    suspects = set(_lines_matching(_SUSPECT_CHARACTERS[config.uncurl_quotes], text))
    suspects.update(_lines_matching(chardata.HTML_ENTITY_RE, text))
    form = config.normalization
    if form is not None and not unicodedata.is_normalized(form, text):
        suspects.update(
            index
            for index, line in enumerate(text.split("\n"))
            if not unicodedata.is_normalized(form, line)
        )
    if len(text) > config.max_decode_length:
        suspects.update(
            index
            for index, line in enumerate(text.split("\n"))
            if len(line) > config.max_decode_length
        )
    return suspects


def _lines_matching(pattern: re.Pattern[str], text: str) -> Iterator[int]:
    """The indexes of the lines of ``text`` in which ``pattern`` matches, each once.

    ``pattern`` must not match a line break. After a match the search goes on
    at the next line, so a line full of matches costs one search.
    """
    index = position = 0
    while (match := pattern.search(text, position)) is not None:
        index += text.count("\n", position, match.start())
        yield index
        end_of_line = text.find("\n", match.end())
        if end_of_line < 0:
            return
        index, position = index + 1, end_of_line + 1


def _character_class(characters: Iterable[str]) -> str:
    return "".join(re.escape(char) for char in sorted(set(characters)))


def _class_contents(pattern: re.Pattern[str]) -> str:
    """The inside of a pattern that is one character class, ``[...]``."""
    if not (pattern.pattern.startswith("[") and pattern.pattern.endswith("]")):
        raise ValueError(f"not a single character class: {pattern.pattern!r}")
    return pattern.pattern[1:-1]


_FIXED_BY_TRANSLATION: str = _character_class(
    chr(codepoint)
    for table in (chardata.CONTROL_CHARS, chardata.LIGATURES, chardata.WIDTH_MAP)
    for codepoint in table
)
_LINE_BREAKS_FTFY_FIXES = "\r\x85\u2028\u2029"
_FIXED_CHARACTERS: str = (
    _FIXED_BY_TRANSLATION
    + _LINE_BREAKS_FTFY_FIXES
    + _class_contents(chardata.C1_CONTROL_RE)
    + _class_contents(fixes.SURROGATE_RE)
)
_CURLY_QUOTES: str = _class_contents(chardata.SINGLE_QUOTE_RE) + _class_contents(
    chardata.DOUBLE_QUOTE_RE
)

# Every branch of ftfy's BADNESS_RE (what ``is_bad`` searches for) must match
# one character of these: a C1 control, a "bad", accented, currency, numeric,
# legal or box-drawing character, or the distinctive letter of one of its
# literal sequences (Ã in "Ã¡", Ђ in "вЂ"). So a text without any of them
# is not "bad", and ``is_bad``, a slow search, need not run. The common
# punctuation of clean text (curly quotes, dashes, ellipsis, no-break space)
# is not here: it only counts next to one of these. The set is derived from
# the regex whose fingerprint is below, ftfy 6.3's (a test checks it branch
# by branch); with any other regex every non-ASCII character counts.
_MOJIBAKE_CLUES_VERIFIED_FOR = "9dcc0f2ac90d9ae3c85eb7b9b2c0b8a8e8126153847c2b30c91a0bb263f3b8c4"
_MOJIBAKE_CLUES_VERIFIED: bool = (
    hashlib.sha256(BADNESS_RE.pattern.encode("utf-8", "surrogatepass")).hexdigest()
    == _MOJIBAKE_CLUES_VERIFIED_FOR
)
_MOJIBAKE_CLUE_CATEGORIES = (
    "c1",
    "bad",
    "law",
    "currency",
    "numeric",
    "upper_accented",
    "lower_accented",
    "box",
)
_MOJIBAKE_CLUE_CHARACTERS: str = (
    "".join(MOJIBAKE_CATEGORIES[category] for category in _MOJIBAKE_CLUE_CATEGORIES)
    + _character_class("ŒœÂÃÎÐ×ØÙà√≈ÄâóЂВГРСβΒΓΞΟā")
    if _MOJIBAKE_CLUES_VERIFIED
    else "\x80-\U0010ffff"
)
_MOJIBAKE_CLUES: re.Pattern[str] = re.compile(f"[{_MOJIBAKE_CLUE_CHARACTERS}]")
#: The most characters a match of ftfy 6.3's BADNESS_RE spans (``ГўВЂВ.[A-Za-z ]``);
#: a test derives it from the regex.
_BADNESS_WIDTH = 7

#: By ``uncurl_quotes``: the characters that ftfy's fixers other than
#: ``unescape_html`` and ``fix_encoding`` change.
_CHANGED_BY_FIXERS: dict[bool, re.Pattern[str]] = {
    False: re.compile(f"[{_FIXED_CHARACTERS}]"),
    True: re.compile(f"[{_FIXED_CHARACTERS}{_CURLY_QUOTES}]"),
}
#: By ``uncurl_quotes``: those, and the mojibake clues; one class, one scan.
_SUSPECT_CHARACTERS: dict[bool, re.Pattern[str]] = {
    False: re.compile(f"[{_FIXED_CHARACTERS}{_MOJIBAKE_CLUE_CHARACTERS}]"),
    True: re.compile(f"[{_FIXED_CHARACTERS}{_CURLY_QUOTES}{_MOJIBAKE_CLUE_CHARACTERS}]"),
}


@hookimpl
def thresher_register_cleaners() -> list[type[Cleaner]]:
    return [UnicodeCleaner]
