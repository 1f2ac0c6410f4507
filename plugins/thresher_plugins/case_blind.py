"""Case-insensitive patterns that match text in lower case, without re's case folding.

``re.IGNORECASE`` folds the case of every character at every position a
pattern is tried, which makes the long multilingual phrase patterns of the
cleaners (error phrases, bylines, datelines) several times slower than the
same pattern matched case-sensitively. Matching a text's lower case against
a pattern written in lower case gives the same matches at the same places,
as long as lower-casing keeps every character where it is and re pairs each
character with its lower case only. That holds for ASCII and for nearly all
other text; the few characters it fails for send a text to re's folding.
"""

from __future__ import annotations

import re

import attrs

# The characters lower-casing does not match re's case folding for: İ,
# which lower-cases to two characters (so the rest of a text would shift);
# those re pairs with a character of a different lower case, such as the
# long s with s, the Greek letter variants (ϐ with β, final ς with σ) and
# the old Cyrillic forms (ᲀ with в); and the upper case of those. A text
# with any of them is matched with re's folding. Derived from Python's
# Unicode data and re's table of extra case pairs (re._casefix), which are
# private, so the set is written out here and a test derives it again from
# the running Python.
_FOLDS_APART = re.compile(
    "[\u00b5\u0130-\u0131\u017f\u0345\u0390\u0392\u0395\u0398-\u039a\u039c"
    "\u03a0-\u03a1\u03a3\u03a6\u03b0\u03b2\u03b5\u03b8-\u03ba\u03bc\u03c0-\u03c3"
    "\u03c6\u03d0-\u03d1\u03d5-\u03d6\u03f0-\u03f1\u03f4-\u03f5\u0412\u0414"
    "\u041e\u0421-\u0422\u042a\u0432\u0434\u043e\u0441-\u0442\u044a\u0462-\u0463"
    "\u1c80-\u1c88\u1e60-\u1e61\u1e9b\u1fbe\u1fd3\u1fe3\ua64a-\ua64b\ufb05-\ufb06]"
)


def lowers_in_place(text: str) -> bool:
    """Whether ``text.lower()`` matches a lower-case pattern as re's folding matches ``text``."""
    return text.isascii() or _FOLDS_APART.search(text) is None


@attrs.frozen
class CaseBlind:
    """A pattern written in lower case, matched ignoring case.

    Text is matched in lower case against the pattern compiled without
    ``re.IGNORECASE`` unless it holds one of the few characters whose lower
    case re's folding does not agree with (the long s, which re pairs with s);
    such text goes to the case-folding pattern. The pattern must not match an
    upper-case letter literally, nor a character outside ASCII by a range
    (tests check every pattern that uses this).
    """

    pattern: str

    folding: re.Pattern[str] = attrs.field(init=False, repr=False)
    lower: re.Pattern[str] = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "folding", re.compile(self.pattern, re.IGNORECASE))
        object.__setattr__(self, "lower", re.compile(self.pattern))

    def search(self, text: str) -> re.Match[str] | None:
        if lowers_in_place(text):
            return self.lower.search(text.lower())
        return self.folding.search(text)

    def match(self, text: str) -> re.Match[str] | None:
        if lowers_in_place(text):
            return self.lower.match(text.lower())
        return self.folding.match(text)

    def fullmatch(self, text: str) -> re.Match[str] | None:
        if lowers_in_place(text):
            return self.lower.fullmatch(text.lower())
        return self.folding.fullmatch(text)
