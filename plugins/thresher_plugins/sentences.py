"""The sentence around a span of text, found one paragraph at a time.

Extractors report the sentence a figure or a quote comes from. spaCy's
sentencizer rules (:func:`thresher.sentence_starts`) cost about 1 ms per
3 KB, a fifth of the whole extraction budget, because they tokenise
everything; here a sentence ends at terminal punctuation (and closing
quotes or brackets) followed by space and a capital or a digit, unless
the word before the point is an initial (``U.S.``, ``J.``) or a common
abbreviation (``Mr.``, ``Gen.``, ``Oct.``). One regular-expression pass per
paragraph that holds a span, each paragraph once.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen sen rep gov lt col capt sgt adm maj cmdr st jr sr inc corp co
    ltd no nos vs etc approx est jan feb mar apr jun jul aug sep sept oct nov dec mt ft
    ave blvd dept univ fig vol pp hon rev messrs mme mlle sra sr dña nr bzw ca dt""".split()
)
_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=[^\S\n]+[\"'“‘«(\[]?[A-ZÀ-ÖØ-Þ0-9])")
_WORD_BEFORE = re.compile(r"([^\W\d_]+)\.?$")


def sentence_ends(paragraph: str) -> list[int]:
    """Offsets just past each sentence end in ``paragraph`` (not counting its last)."""
    ends = []
    for match in _END.finditer(paragraph):
        if match.group()[0] == ".":
            word = _WORD_BEFORE.search(paragraph, max(match.start() - 20, 0), match.start() + 1)
            if word is not None and (
                len(word.group(1)) == 1 or word.group(1).casefold() in ABBREVIATIONS
            ):
                continue
        ends.append(match.end())
    return ends


class SentenceFinder:
    """Sentences of one text, found lazily by paragraph (a line)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: dict[int, list[int]] = {}  # paragraph start -> sentence starts in text
        self._newlines: list[int] | None = None

    def around(self, start: int, end: int) -> str:
        """The sentence (or sentences) that ``text[start:end]`` lies in, stripped."""
        paragraph_end = self._line(end)[1]
        starts = self._sentence_starts(start)
        first = starts[max(bisect.bisect_right(starts, start) - 1, 0)]
        following = bisect.bisect_left(starts, end)
        last = starts[following] if following < len(starts) else paragraph_end
        return self.text[first:last].strip()

    def start_of(self, position: int) -> int:
        """Where the sentence holding ``position`` starts."""
        starts = self._sentence_starts(position)
        return starts[max(bisect.bisect_right(starts, position) - 1, 0)]

    def end_of(self, position: int) -> int:
        """Where the sentence holding ``position`` ends: the next one starts, or the line ends."""
        starts = self._sentence_starts(position)
        following = bisect.bisect_right(starts, position)
        if following < len(starts):
            return starts[following]
        return self._line(position)[1]

    def _sentence_starts(self, position: int) -> list[int]:
        """Sentence starts (in text offsets) of the paragraph holding ``position``."""
        paragraph_start, paragraph_end = self._line(position)
        starts = self._starts.get(paragraph_start)
        if starts is None:
            paragraph = self.text[paragraph_start:paragraph_end]
            starts = [paragraph_start, *(paragraph_start + e for e in sentence_ends(paragraph))]
            self._starts[paragraph_start] = starts
        return starts

    def _line(self, position: int) -> tuple[int, int]:
        """Start and end of the line holding ``position`` (its newline, or the text's end).

        The newlines are found once, so a page flattened into one long line
        costs a bisection per question, not a scan back to its start.
        """
        if self._newlines is None:
            self._newlines = [match.start() for match in re.finditer("\n", self.text)]
        following = bisect.bisect_left(self._newlines, position)
        start = self._newlines[following - 1] + 1 if following else 0
        end = self._newlines[following] if following < len(self._newlines) else len(self.text)
        return start, end


@lru_cache(maxsize=4)
def sentences_of(text: str) -> SentenceFinder:
    """One finder per text, shared: the quotes, quantities and relative-dates extractors
    run on the same document one after another and mostly ask for the same paragraphs."""
    return SentenceFinder(text)
