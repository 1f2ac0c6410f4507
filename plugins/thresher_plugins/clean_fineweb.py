"""The ``fineweb-quality`` cleaner: FineWeb's line-based document rules.

A port of datatrove's ``FineWebQualityFilter``
(https://github.com/huggingface/datatrove, by Hugging Face, Apache
License 2.0): the filters Penedo et al. 2024 added on top of
the C4 and Gopher rules to build FineWeb (*The FineWeb Datasets: Decanting
the Web for the Finest Text Data at Scale*, arXiv:2406.17557).
On a document's non-blank lines, in datatrove's order, with its options and
defaults:

* ``fineweb-line-punct``: fewer than ``line_punct_thr`` of the lines end in
  terminal punctuation (``stop_chars``; by default datatrove's list of the
  terminal marks of every script). ``line_punct_exclude_zero`` spares
  documents where no line does.
* ``fineweb-short-lines``: more than ``short_line_thr`` of the lines are at
  most ``short_line_length`` characters long.
* ``fineweb-char-duplicates``: the lines that repeat an earlier line hold
  more than ``char_duplicates_ratio`` of the characters.
* ``fineweb-new-lines``: more than ``new_line_ratio`` line breaks per word
  (lists and menus).

A document failing a rule is dropped with that reason code; one with no
non-blank line is dropped as ``empty``. The text is never edited, and the
cleaner is not a default one: select it (``clean --add fineweb-quality``).
Words are counted as datatrove counts them (:func:`thresher.split_words`).

Different from datatrove, deliberately: ``fineweb-new-lines`` counts a run
of line breaks as one break, so the blank line the ``whitespace`` cleaner
puts between paragraphs is not counted twice. On text without blank lines,
datatrove's usual input, the two agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import attrs

from thresher import TERMINAL_PUNCTUATION, Cleaner, Document, hookimpl, split_words

_LINE_BREAKS = re.compile(r"\n+")


def _stop_chars(value: Iterable[str] | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):
        raise TypeError("stop_chars must be a list of strings, not one string")
    chars = tuple(value)
    if not chars or not all(isinstance(char, str) and char for char in chars):
        raise ValueError(f"stop_chars must be non-empty strings, got {value!r}")
    return chars


_NON_NEGATIVE = attrs.validators.ge(0.0)


@attrs.define
class FineWebQualityCleaner(Cleaner):
    """Drop documents whose lines are mostly unpunctuated, short, repeated, or one word each.

    The checks run in datatrove's order and the first failure names the reason.
    """

    name = "fineweb-quality"
    default = False
    order = 660

    line_punct_thr: float = attrs.field(default=0.12, validator=_NON_NEGATIVE)
    line_punct_exclude_zero: bool = False
    stop_chars: tuple[str, ...] | None = attrs.field(default=None, converter=_stop_chars)
    short_line_thr: float = attrs.field(default=0.67, validator=_NON_NEGATIVE)
    short_line_length: int = attrs.field(default=30, validator=attrs.validators.ge(0))
    char_duplicates_ratio: float = attrs.field(default=0.01, validator=_NON_NEGATIVE)
    new_line_ratio: float = attrs.field(default=0.3, validator=_NON_NEGATIVE)

    _ends: tuple[str, ...] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        self._ends = self.stop_chars or tuple(TERMINAL_PUNCTUATION)

    def clean(self, document: Document) -> None:
        reason = self.failure(document.text)
        if reason:
            document.drop(reason)

    def failure(self, text: str) -> str | None:
        """The reason code of the first rule ``text`` fails, or ``None``."""
        lines = [line for line in text.split("\n") if line.strip()]
        if not lines:
            return "empty"
        ratio = sum(line.endswith(self._ends) for line in lines) / len(lines)
        if ratio < self.line_punct_thr and not (ratio == 0 and self.line_punct_exclude_zero):
            return "fineweb-line-punct"
        ratio = sum(len(line) <= self.short_line_length for line in lines) / len(lines)
        if ratio > self.short_line_thr:
            return "fineweb-short-lines"
        # Every occurrence of a line after its first is a repeat.
        repeated_chars = sum(map(len, lines)) - sum(map(len, set(lines)))
        if repeated_chars / len(text.replace("\n", "")) > self.char_duplicates_ratio:
            return "fineweb-char-duplicates"
        words = split_words(text)
        breaks = len(_LINE_BREAKS.findall(text))
        if words and breaks / len(words) > self.new_line_ratio:
            return "fineweb-new-lines"
        return None


@hookimpl
def thresher_register_cleaners() -> list[type[Cleaner]]:
    return [FineWebQualityCleaner]
