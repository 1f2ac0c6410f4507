"""Case-insensitive patterns that match ASCII text without re's case folding.

``re.IGNORECASE`` folds the case of every character at every position a
pattern is tried, which makes the long multilingual phrase patterns of the
cleaners (error phrases, bylines, datelines) several times slower than the
same pattern matched case-sensitively. For ASCII text, matching its lower
case against a pattern written in lower case gives the same matches at the
same places, since lower-casing ASCII keeps every character where it is.
"""

from __future__ import annotations

import re

import attrs


@attrs.frozen
class CaseBlind:
    """A pattern written in lower case, matched ignoring case.

    ASCII text is matched in lower case against the pattern compiled without
    ``re.IGNORECASE``; other text goes to the case-folding pattern, since re
    pairs a few non-ASCII letters with ASCII ones (the Kelvin sign with k,
    the long s with s). The pattern must not match an upper-case letter
    literally (tests check every pattern that uses this).
    """

    pattern: str

    folding: re.Pattern[str] = attrs.field(init=False, repr=False)
    lower: re.Pattern[str] = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "folding", re.compile(self.pattern, re.IGNORECASE))
        object.__setattr__(self, "lower", re.compile(self.pattern))

    def search(self, text: str) -> re.Match[str] | None:
        if text.isascii():
            return self.lower.search(text.lower())
        return self.folding.search(text)

    def match(self, text: str) -> re.Match[str] | None:
        if text.isascii():
            return self.lower.match(text.lower())
        return self.folding.match(text)

    def fullmatch(self, text: str) -> re.Match[str] | None:
        if text.isascii():
            return self.lower.fullmatch(text.lower())
        return self.folding.fullmatch(text)
