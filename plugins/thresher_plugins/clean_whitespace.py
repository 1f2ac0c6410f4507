"""The ``whitespace`` cleaner: invisible characters out, paragraphs in the output convention.

After it, a document's text is paragraphs separated by exactly one blank
line, each paragraph one line with single spaces, no leading or trailing
space anywhere. Getting there:

1. Zero-width and control characters are removed and recorded as
   ``invisible-characters`` removals (``3 × U+200B (ZERO WIDTH SPACE)``).
   Zero-width joiners and non-joiners are kept: they are part of the
   spelling of Persian, Indic scripts and emoji sequences. Control
   characters that Python treats as whitespace (vertical tab, form feed,
   information separators) are turned into line breaks or spaces instead,
   so removing them never glues two words together.
2. Runs of spaces, tabs and other horizontal white space (no-break space
   included) become one space; lines are stripped.
3. Lines become paragraphs. Scraped text puts one block per line, so each
   non-empty line is a paragraph. Hard-wrapped text (old newswire, e-mail,
   ``fold``-ed files: lines cut at a fixed width inside paragraphs) is
   unwrapped first. ``unwrap = "auto"`` detects it from line lengths: most
   lines that are followed by another line fill one common width of 55 to
   120 characters, and the lines they run on to mostly start in lower case
   (a list of headlines does not); a line is then joined to the next when it
   fills that width (the next word would not have fitted), so short lines
   (headings, list items, a paragraph's last line) still end a paragraph.
   Without blank lines between paragraphs, a paragraph whose last line
   happens to fill the width is joined to the next: nothing in the text
   tells the two apart. ``"always"`` joins every run of
   consecutive lines (paragraphs separated by blank lines);
   ``"never"`` keeps every line a paragraph.

Whitespace changes are not recorded: they remove no content. A document
left with no text is dropped (``empty``).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Set

import attrs

from thresher import Cleaner, Document, hookimpl

#: Characters removed as invisible: zero-width and formatting characters
#: that carry no text (the joiners U+200C/U+200D are deliberately absent).
INVISIBLE_FORMAT = frozenset(
    "\u00ad\u180e\u200b\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    "\u206a\u206b\u206c\u206d\u206e\u206f"
)

# Line breaks of every kind become "\n"; "\r\n" first so it stays one break.
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# Horizontal white space other than a lone plain space: runs that start with
# another kind of space, or are two or more long. Replacing just these with a
# space collapses every run without rewriting the space between every two words.
_HORIZONTAL_SPACE_TO_COLLAPSE = re.compile(r"[^\S\n ][^\S\n]*| [^\S\n]+")
# What is left to remove once the white-space controls became breaks or
# spaces: the other C0/C1 controls, and the invisible format characters.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f" + "".join(sorted(INVISIBLE_FORMAT)) + "]"
)

_INDENTS = ("  ", "\t")
_INDENTED_LINE_STARTS = tuple(f"\n{indent}" for indent in _INDENTS)

#: Widths hard-wrapped text is plausibly folded at.
MIN_WRAP_WIDTH, MAX_WRAP_WIDTH = 55, 120
#: Share of inner lines (lines followed by another line) that must fill the width.
MIN_FULL_SHARE = 0.8
#: Most continuation lines of wrapped prose start mid-sentence, in lower case
#: (German capitalises nouns, so this is not much lower).
MAX_CAPITALISED_SHARE = 0.6
#: Inner lines needed before the statistics mean anything.
MIN_INNER_LINES = 3

#: Indented first lines needed before indentation is trusted to mark paragraphs.
MIN_INDENTED_PARAGRAPHS = 2

UNWRAP_MODES = ("auto", "always", "never")


@attrs.define
class WhitespaceCleaner(Cleaner):
    """Remove invisible characters, collapse white space, and emit one paragraph per block.

    Produces the output convention (paragraphs separated by one blank line)
    that later cleaners and every exporter rely on, unwrapping hard-wrapped
    text on the way.
    """

    name = "whitespace"
    order = 200

    unwrap: str = attrs.field(default="auto", validator=attrs.validators.in_(UNWRAP_MODES))

    def clean(self, document: Document) -> None:
        text = document.text
        # Every character the patterns below act on (a line break other than
        # "\n", a control or format character, white space other than the
        # plain space) is unprintable; most texts have none, and isprintable()
        # tells in one quick pass that those patterns have nothing to do.
        plain = text.replace("\n", " ").isprintable()
        if not plain:
            text = _LINE_BREAKS.sub("\n", text)
            text = self._remove_invisible(document, text)
        # One substitution over the whole text (the pattern never crosses a
        # line break) rather than one per line; in plain text the only white
        # space besides line breaks is the plain space, and a single one stays.
        collapsed = (
            _HORIZONTAL_SPACE_TO_COLLAPSE.sub(" ", text) if not plain or "  " in text else text
        )
        lines = [line.strip() for line in collapsed.split("\n")]
        # Newswire marks paragraphs by indenting their first line, not by a
        # blank line. Rare: look line by line only when some line is indented.
        indented: set[int] = set()
        if text.startswith(_INDENTS) or any(start in text for start in _INDENTED_LINE_STARTS):
            indented = {
                i
                for i, line in enumerate(text.split("\n"))
                if line.startswith(_INDENTS) and lines[i]
            }
        paragraphs = self._paragraphs(lines, indented)
        document.text = "\n\n".join(paragraphs)
        if not document.text:
            document.drop("empty")

    def _remove_invisible(self, document: Document, text: str) -> str:
        found = Counter(_INVISIBLE.findall(text))
        if not found:
            return text
        for char, count in sorted(found.items()):
            document.record_removal(self.name, "invisible-characters", _describe(char, count))
        return _INVISIBLE.sub("", text)

    def _paragraphs(self, lines: list[str], indented: set[int]) -> list[str]:
        if self.unwrap == "never":
            return list(filter(None, lines))
        if self.unwrap == "always" or indent_marks_paragraphs(lines, indented):
            return _join_blocks(lines, None, indented)
        width = wrap_width(lines, indented)
        if width is None:
            return list(filter(None, lines))
        return _join_blocks(lines, width, indented)


def _describe(char: str, count: int) -> str:
    name = unicodedata.name(char, "")
    code = f"U+{ord(char):04X}"
    return f"{count} × {code} ({name})" if name else f"{count} × {code}"


def fills(line: str, following: str, width: int) -> bool:
    """Whether greedy wrapping at ``width`` would have ended ``line`` where it ends.

    That is the mark of a hard wrap: the next line's first word did not fit.
    A line under half the width ends a paragraph whatever follows.
    """
    if not following or len(line) < width // 2:
        return False
    next_word = following.split(" ", 1)[0]
    return len(line) + 1 + len(next_word) > width


def wrap_width(lines: list[str], indented: Set[int] = frozenset()) -> int | None:
    """The width ``lines`` are hard-wrapped at, or ``None`` if they do not look wrapped.

    ``lines`` are stripped; an empty string is a blank line. Only pairs of
    consecutive non-empty lines are telling: in hard-wrapped text nearly
    every such line "fills" the width (the next word would not have fit)
    and the next line mostly goes on mid-sentence, while one-block-per-line
    text (menus, headline lists, paragraphs) has lines of every length, and
    each starts with a capital.
    """
    width = typical_width(lines)
    if width is None:
        return None
    # A pair ending at an indented line is a paragraph break, not a wrap: not telling.
    pairs = [
        (a, b)
        for i, (a, b) in enumerate(itertools.pairwise(lines))
        if a and b and i + 1 not in indented
    ]
    if len(pairs) < MIN_INNER_LINES:
        return None
    continued = [b for a, b in pairs if fills(a, b, width)]
    if len(continued) < MIN_FULL_SHARE * len(pairs):
        return None
    capitalised = sum(1 for b in continued if b[0].isupper())
    return width if capitalised <= MAX_CAPITALISED_SHARE * len(continued) else None


def indent_marks_paragraphs(lines: list[str], indented: set[int]) -> bool:
    """Whether indented first lines, not line breaks, delimit the paragraphs.

    Newswire (and much plain-text email) indents each paragraph's first line
    and wraps the rest: several indented lines, each opening a block of two
    or more lines on average, and lines no longer than a wrap width. A scrape
    whose long one-line blocks carry stray leading spaces is not newswire.
    """
    if len(indented) < MIN_INDENTED_PARAGRAPHS:
        return False
    filled = sum(1 for line in lines if line)
    if filled < 2 * len(indented):
        return False
    return typical_width(lines) is not None


def typical_width(lines: list[str]) -> int | None:
    """The 95th-percentile line length, if it is a plausible wrap width, else ``None``.

    The percentile tolerates a few over-long lines (URLs, tables).
    """
    lengths = sorted(map(len, filter(None, lines)))
    if not lengths:
        return None
    width = lengths[int(0.95 * (len(lengths) - 1))]
    return width if MIN_WRAP_WIDTH <= width <= MAX_WRAP_WIDTH else None


def _join_blocks(lines: list[str], width: int | None, indented: set[int]) -> list[str]:
    """Join consecutive lines into paragraphs; with a ``width``, only lines that fill it.

    An indented line always starts a new paragraph.
    """
    paragraphs: list[str] = []
    current: list[str] = []
    for index, (line, following) in enumerate(
        itertools.zip_longest(lines, lines[1:], fillvalue="")
    ):
        if not line:
            continue
        current.append(line)
        breaks = not following or index + 1 in indented
        if breaks or (width is not None and not fills(line, following, width)):
            paragraphs.append(" ".join(current))
            current = []
    return paragraphs


@hookimpl
def thresher_register_cleaners() -> list[type[Cleaner]]:
    return [WhitespaceCleaner]
