"""Blocks: the paragraphs of a document's text, as cleaners see them.

After the ``whitespace`` cleaner a document's text is paragraphs separated by
one blank line; before it (or in text that never had blank lines) each line
is a block. Cleaners that work block by block split with :func:`split_blocks`
and remove with :func:`remove_blocks`, which records every removal in the
audit trail and puts the text back together in the same convention.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from urllib.parse import urlsplit

from .model import Document

_BLOCK_BREAK = re.compile(r"\n[^\S\n]*\n\s*")

#: Reason codes for blocks removed as page furniture. Block cleaners (the
#: generic segmenter, source cleaners) share them, so a run report and
#: ``thresher explain`` count one kind under one name whoever removed it.
BOILERPLATE_REASONS: frozenset[str] = frozenset(
    {
        "navigation",
        "consent",
        "share",
        "advertisement",
        "newsletter",
        "related",
        "comments",
        "bio",
        "legal",
        "footer",
        "error-page",
        "caption",
    }
)

#: Reason codes of removals that move text into ``meta`` rather than
#: discard it (a headline becomes ``meta.title``); so does any reason
#: starting with ``metadata-``.
METADATA_REASONS: frozenset[str] = frozenset(
    {
        "title",
        "subtitle",
        "standfirst",
        "byline",
        "author",
        "dateline",
        "date",
        "credit",
        "publisher",
        "section",
        "language",
        "url",
        "tags",
        "keywords",
        "description",
    }
)


def split_blocks(text: str) -> tuple[list[str], str]:
    """The blocks of ``text`` (stripped) and the separator that joins them back.

    Blocks are separated by blank lines; a text with no blank line at all has
    one block per line.
    """
    if _BLOCK_BREAK.search(text):
        return [block.strip() for block in _BLOCK_BREAK.split(text.strip())], "\n\n"
    return [line.strip() for line in text.strip().split("\n")], "\n"


def remove_blocks(
    document: Document,
    component: str,
    reasons: Mapping[int, str],
    *,
    blocks: tuple[list[str], str] | None = None,
) -> int:
    """Remove the blocks at the indexes of ``reasons``, recording each with its reason.

    ``blocks`` is the :func:`split_blocks` result the indexes refer to (split
    again when omitted). Empty blocks are dropped silently. Returns the
    number of blocks removed.
    """
    parts, separator = blocks if blocks is not None else split_blocks(document.text)
    removed = 0
    for index in sorted(reasons):
        if parts[index]:
            document.record_removal(component, reasons[index], parts[index])
            removed += 1
    if reasons:
        document.text = separator.join(
            block for index, block in enumerate(parts) if index not in reasons and block
        )
    return removed


class _PunctuationToSpace(dict[int, int]):
    """A ``str.translate`` table mapping Unicode punctuation (category P*) to a space.

    Filled on first sight of each character, so the per-character category
    lookup runs once per distinct character instead of once per character.
    """

    def __missing__(self, codepoint: int) -> int:
        is_punctuation = unicodedata.category(chr(codepoint)).startswith("P")
        self[codepoint] = 32 if is_punctuation else codepoint
        return self[codepoint]


_PUNCTUATION_TO_SPACE = _PunctuationToSpace()

# Byte tables for bytes.translate, a plain lookup per byte and many times
# faster than str.translate with a dict. For ASCII text one table does the
# whole key transformation: ASCII is unchanged by NFKC and case-folds to
# lower case. The other replaces the punctuation of Latin-1 text.
_ASCII_KEY_TABLE = bytes(
    _PUNCTUATION_TO_SPACE[ord(char.casefold())] for char in map(chr, range(128))
) + bytes(range(128, 256))
_LATIN_1_PUNCTUATION_TO_SPACE = bytes(_PUNCTUATION_TO_SPACE[byte] for byte in range(256))
_BEYOND_LATIN_1 = re.compile(r"[^\x00-\xff]")


def block_key(block: str) -> str:
    """The normalised form blocks are compared on.

    NFKC, case-folded, punctuation (quote and dash styles included) replaced
    by spaces, white space collapsed: ``“Yes,” she said.`` and ``"yes" she
    said`` have the same key.
    """
    if block.isascii():
        text = block.encode("ascii").translate(_ASCII_KEY_TABLE).decode("ascii")
    else:
        text = _punctuation_to_spaces(unicodedata.normalize("NFKC", block).casefold())
    return " ".join(text.split())


def _punctuation_to_spaces(text: str) -> str:
    """``text`` with each punctuation character (Unicode category P*) replaced by a space."""
    punctuation_beyond_latin_1: set[str] = set()
    for match in _BEYOND_LATIN_1.finditer(text):
        char = match[0]
        if _PUNCTUATION_TO_SPACE[ord(char)] != 32:  # a letter of another script, a symbol
            return text.translate(_PUNCTUATION_TO_SPACE)
        punctuation_beyond_latin_1.add(char)
    # Text in Latin-1 but for curly quotes, dashes and ellipses (most
    # European text): replace those, then use the byte table for the rest.
    for char in punctuation_beyond_latin_1:
        text = text.replace(char, " ")
    return text.encode("latin-1").translate(_LATIN_1_PUNCTUATION_TO_SPACE).decode("latin-1")


def document_url(document: Document) -> str | None:
    """The web address a document was fetched from: ``meta["url"]``, or its source if a URL."""
    for candidate in (document.meta.get("url"), document.source.uri):
        if isinstance(candidate, str) and candidate.startswith(("http://", "https://")):
            return candidate
    return None


def document_domain(document: Document) -> str | None:
    """The host of :func:`document_url`, lower case, without a leading ``www.``."""
    url = document_url(document)
    if url is None:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None
