"""The ``gopher-quality`` and ``gopher-repetition`` cleaners: MassiveText's document rules.

Ports of datatrove's ``GopherQualityFilter`` and ``GopherRepetitionFilter``
(https://github.com/huggingface/datatrove, by Hugging Face, Apache License
2.0), which implement the quality and repetition filters of Rae et al.
2021, *Scaling Language Models: Methods, Analysis & Insights from Training
Gopher* (arXiv:2112.11446; the thresholds of its table A1). Options,
defaults and the order of the checks are datatrove's; a document failing a
check is dropped with the reason code of that check (``gopher-short-doc``,
``gopher-top-2-gram``...; datatrove's equivalents are listed in
``docs/rules.md``). Neither cleaner edits text, and neither is a default
cleaner: select them (``clean --add gopher-repetition,gopher-quality``).

Words are counted the way datatrove counts English words, with spaCy's
English tokenizer rules (:func:`thresher.split_words`). On 20,191 news
pages, Reuters stories and CoNLL documents both cleaners decide as
datatrove 0.10.1 does on every one.

Differences from datatrove, deliberate:

* ``gopher-quality`` leaves blank lines out of its bullet and ellipsis
  line ratios: after the ``whitespace`` cleaner every other line is blank
  (paragraphs are separated by one), which would halve both ratios. On text
  without blank lines, datatrove's usual input, the two agree.
* A document without words passes the ratio checks instead of raising
  ``ZeroDivisionError`` (reachable only with ``min_doc_words = 0``).
* Options are validated when the pipeline is built: a negative count or a
  fraction outside [0, 1] is a usage error. ``0`` disables a threshold, as
  in datatrove; datatrove's other way, ``None``, has no TOML spelling.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence

import attrs

from thresher import TERMINAL_PUNCTUATION, Cleaner, Document, hookimpl, split_words

#: Characters a "symbol" word consists of only: datatrove's ``PUNCTUATION_SET``
#: (its punctuation, the C0/C1 controls except tab and newline, and every
#: terminal punctuation mark).
PUNCTUATION = (
    "!/—”:％１〈&(、━\\【#%「」，】；+^]~“《„';’{|∶´[=-`*．（–？！：$～«〉,><》)?）。…@_.\"}►»"
    + "".join(map(chr, [*range(0, 9), *range(11, 32), *range(127, 160)]))
    + TERMINAL_PUNCTUATION
)

#: datatrove's default stop words for the ``min_stop_words`` rule (matched case-sensitively).
STOP_WORDS = ("the", "be", "to", "of", "and", "that", "have", "with")


def find_duplicates(items: Sequence[str]) -> tuple[int, int]:
    """How many of ``items`` repeat an earlier one, and how many characters those repeats have."""
    distinct = set(items)
    return len(items) - len(distinct), sum(map(len, items)) - sum(map(len, distinct))


def _repeated_ngram_chars(joined: str, offsets: list[int], n: int) -> int:
    # datatrove's find_all_duplicate: n-grams are compared glued together
    # ("".join), and a repeat skips its n words, so overlapping repeats count once.
    # ``joined`` is all the words glued, ``offsets`` where each one starts in it.
    grams = [joined[start:end] for start, end in zip(offsets, offsets[n:], strict=False)]
    if len(set(grams)) == len(grams):
        return 0
    seen: set[str] = set()
    repeated = index = 0
    while index < len(grams):
        gram = grams[index]
        if gram in seen:
            repeated += len(gram)
            index += n
        else:
            seen.add(gram)
            index += 1
    return repeated


def _top_ngram_chars(words: list[str], n: int) -> int:
    # The most frequent n-gram (the first seen among equals, as Counter.most_common
    # picks it), its words joined by spaces, times its count.
    counts = Counter(zip(*(words[i:] for i in range(n)), strict=False))
    top = max(counts.values())
    gram = next(gram for gram, count in counts.items() if count == top)
    return (sum(map(len, gram)) + n - 1) * top


def _ngram_thresholds(value: Iterable[Sequence[float]]) -> tuple[tuple[int, float], ...]:
    pairs = tuple((int(n), float(fraction)) for n, fraction in value)
    if any(n < 1 or not 0 <= fraction <= 1 for n, fraction in pairs):
        raise ValueError(f"expected (n >= 1, fraction in [0, 1]) pairs, got {value!r}")
    return pairs


_COUNT = attrs.validators.ge(0)
_RATIO = attrs.validators.ge(0.0)
_FRACTION = attrs.validators.and_(attrs.validators.ge(0.0), attrs.validators.le(1.0))


@attrs.define
class GopherQualityCleaner(Cleaner):
    """Drop documents failing Gopher's quality rules (length, word length, symbols, stop words).

    The checks run in datatrove's order and the first failure names the
    reason. ``0`` disables a threshold.
    """

    name = "gopher-quality"
    default = False
    order = 610

    min_doc_words: int = attrs.field(default=50, validator=_COUNT)
    max_doc_words: int = attrs.field(default=100_000, validator=_COUNT)
    min_avg_word_length: int = attrs.field(default=3, validator=_COUNT)
    max_avg_word_length: int = attrs.field(default=10, validator=_COUNT)
    max_symbol_word_ratio: float = attrs.field(default=0.1, validator=_RATIO)
    max_bullet_lines_ratio: float = attrs.field(default=0.9, validator=_FRACTION)
    max_ellipsis_lines_ratio: float = attrs.field(default=0.3, validator=_FRACTION)
    max_non_alpha_words_ratio: float = attrs.field(default=0.8, validator=_FRACTION)
    min_stop_words: int = attrs.field(default=2, validator=_COUNT)
    stop_words: list[str] = attrs.field(factory=lambda: list(STOP_WORDS), converter=list)

    def clean(self, document: Document) -> None:
        reason = self.failure(document.text)
        if reason:
            document.drop(reason)

    def failure(self, text: str) -> str | None:
        """The reason code of the first rule ``text`` fails, or ``None``."""
        words = split_words(text)
        # A word made of punctuation only is a symbol, not a word.
        lengths = [len(word) for word in words if word.strip(PUNCTUATION)]
        if self.min_doc_words and len(lengths) < self.min_doc_words:
            return "gopher-short-doc"
        if self.max_doc_words and len(lengths) > self.max_doc_words:
            return "gopher-long-doc"
        if lengths:
            average = sum(lengths) / len(lengths)
            if self.min_avg_word_length and average < self.min_avg_word_length:
                return "gopher-short-words"
            if self.max_avg_word_length and average > self.max_avg_word_length:
                return "gopher-long-words"
        if words and self.max_symbol_word_ratio:
            if text.count("#") / len(words) > self.max_symbol_word_ratio:
                return "gopher-hashes"
            ellipses = text.count("...") + text.count("…")
            if ellipses / len(words) > self.max_symbol_word_ratio:
                return "gopher-ellipses"
        lines = [line.strip() for line in text.splitlines() if line and not line.isspace()]
        if lines and self.max_bullet_lines_ratio:
            bullets = sum(line.startswith(("•", "-")) for line in lines)
            if bullets / len(lines) > self.max_bullet_lines_ratio:
                return "gopher-bullet-lines"
        if lines and self.max_ellipsis_lines_ratio:
            trailing = sum(line.endswith(("...", "…")) for line in lines)
            if trailing / len(lines) > self.max_ellipsis_lines_ratio:
                return "gopher-ellipsis-lines"
        if words and self.max_non_alpha_words_ratio:
            alphabetic = sum(any(map(str.isalpha, word)) for word in words)
            if alphabetic / len(words) < self.max_non_alpha_words_ratio:
                return "gopher-non-alpha-words"
        stop_words = set(self.stop_words).intersection(words)
        if self.min_stop_words and len(stop_words) < self.min_stop_words:
            return "gopher-stop-words"
        return None


_PARAGRAPH_BREAKS = re.compile(r"\n{2,}")
_LINE_BREAKS = re.compile(r"\n+")


@attrs.define
class GopherRepetitionCleaner(Cleaner):
    """Drop documents made of repeated lines, paragraphs or n-grams (Gopher's repetition rules).

    Each fraction is the share of the document (of its paragraphs, lines or
    characters) that may repeat; the checks run in datatrove's order and the
    first failure names the reason. ``0`` disables a threshold.
    """

    name = "gopher-repetition"
    default = False
    order = 600

    dup_line_frac: float = attrs.field(default=0.3, validator=_FRACTION)
    dup_para_frac: float = attrs.field(default=0.3, validator=_FRACTION)
    dup_line_char_frac: float = attrs.field(default=0.2, validator=_FRACTION)
    dup_para_char_frac: float = attrs.field(default=0.2, validator=_FRACTION)
    top_n_grams: tuple[tuple[int, float], ...] = attrs.field(
        default=((2, 0.2), (3, 0.18), (4, 0.16)), converter=_ngram_thresholds
    )
    dup_n_grams: tuple[tuple[int, float], ...] = attrs.field(
        default=((5, 0.15), (6, 0.14), (7, 0.13), (8, 0.12), (9, 0.11), (10, 0.10)),
        converter=_ngram_thresholds,
    )

    def clean(self, document: Document) -> None:
        reason = self.failure(document.text)
        if reason:
            document.drop(reason)

    def failure(self, text: str) -> str | None:
        """The reason code of the first rule ``text`` fails, or ``None``."""
        if not text:
            return "empty"
        paragraphs = _PARAGRAPH_BREAKS.split(text.strip())
        repeats, chars = find_duplicates(paragraphs)
        if self.dup_para_frac and repeats / len(paragraphs) > self.dup_para_frac:
            return "gopher-dup-paragraphs"
        if self.dup_para_char_frac and chars / len(text) > self.dup_para_char_frac:
            return "gopher-dup-paragraph-chars"
        lines = _LINE_BREAKS.split(text)
        repeats, chars = find_duplicates(lines)
        if self.dup_line_frac and repeats / len(lines) > self.dup_line_frac:
            return "gopher-dup-lines"
        if self.dup_line_char_frac and chars / len(text) > self.dup_line_char_frac:
            return "gopher-dup-line-chars"
        words = split_words(text)
        for n, fraction in self.top_n_grams:
            if len(words) >= n and _top_ngram_chars(words, n) / len(text) > fraction:
                return f"gopher-top-{n}-gram"
        joined = "".join(words)
        offsets = list(itertools.accumulate(map(len, words), initial=0))
        for n, fraction in self.dup_n_grams:
            if _repeated_ngram_chars(joined, offsets, n) / len(text) > fraction:
                return f"gopher-dup-{n}-grams"
        return None


@hookimpl
def thresher_register_cleaners() -> list[type[Cleaner]]:
    return [GopherRepetitionCleaner, GopherQualityCleaner]
