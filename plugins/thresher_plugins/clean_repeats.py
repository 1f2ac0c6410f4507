"""The ``repeated-paragraphs`` cleaner: a paragraph said twice is kept once.

Scrapers often capture a paragraph twice (a pull quote, a lazy-loaded block
rendered again, an AMP fallback) or capture a truncated copy of it (a teaser
cut off mid-sentence before the full paragraph). Paragraphs are compared on
a normalised key: NFKC, case-folded, punctuation (quote and dash styles
included) replaced by spaces, white space collapsed. So ``“Yes,” she said.``
and ``"yes" she said`` are the same paragraph.

* A paragraph whose key repeats an earlier paragraph's key is removed; the
  first occurrence stays.
* A paragraph whose key is a strict prefix (at least ``min_prefix_chars``
  characters) of another paragraph's key, earlier or later, is a truncated
  copy and is removed; the complete paragraph stays. Unless the longer
  paragraph ends a sentence right where the shorter one stops: a headline
  that a photo caption repeats (``Headline. Source: ...``) stays.
* Paragraphs whose key is shorter than ``min_chars`` (for example ``***``
  separators, whose key is empty) are never removed.

Every removal is recorded as ``repeated-paragraph``. Paragraphs are the
blocks separated by blank lines (the ``whitespace`` cleaner's convention,
which runs before this one); a text with no blank line at all has one
paragraph per line.
"""

from __future__ import annotations

import itertools

import attrs

from thresher import Cleaner, Document, block_key, hookimpl, split_blocks


@attrs.define
class RepeatedParagraphCleaner(Cleaner):
    """Remove paragraphs repeated within a document, and truncated copies of kept ones.

    The first occurrence of a repeated paragraph is kept; a truncated copy
    gives way to the complete paragraph wherever either appears.
    """

    name = "repeated-paragraphs"
    order = 300

    min_chars: int = attrs.field(default=1, validator=attrs.validators.ge(0))
    min_prefix_chars: int = attrs.field(default=40, validator=attrs.validators.ge(1))

    def clean(self, document: Document) -> None:
        paragraphs, separator = split_blocks(document.text)
        # Scraped pages repeat short blocks ("Share", "Home") many times:
        # each distinct paragraph is normalised once.
        key_of = {paragraph: block_key(paragraph) for paragraph in set(paragraphs)}
        keys = [key_of[paragraph] for paragraph in paragraphs]
        distinct = set(key_of.values())
        removed = self._truncated(keys, distinct, paragraphs)
        if len(distinct) < len(keys):  # else no key repeats: skip looking
            removed |= self._repeats(keys)
        removed = {index for index in removed if paragraphs[index]}
        if not removed:
            return
        for index in sorted(removed):
            document.record_removal(self.name, "repeated-paragraph", paragraphs[index])
        document.text = separator.join(
            p for index, p in enumerate(paragraphs) if index not in removed and p
        )

    @property
    def _shortest_counted(self) -> int:
        """Keys shorter than this (the empty key always) are never removed."""
        return max(self.min_chars, 1)

    def _repeats(self, keys: list[str]) -> set[int]:
        shortest = self._shortest_counted
        seen: set[str] = set()
        repeats: set[int] = set()
        for index, key in enumerate(keys):
            if len(key) < shortest:
                continue
            if key in seen:
                repeats.add(index)
            else:
                seen.add(key)
        return repeats

    def _truncated(self, keys: list[str], distinct: set[str], paragraphs: list[str]) -> set[int]:
        # Every key that starts with K sorts right after K, so checking each
        # distinct key against its successor finds all prefixes in O(n log n).
        shortest = self._shortest_counted
        counted = sorted(key for key in distinct if len(key) >= shortest)
        prefixes = {
            key: following
            for key, following in itertools.pairwise(counted)
            if len(key) >= self.min_prefix_chars and following.startswith(key)
        }
        if not prefixes:  # the common case: skip building the lookup
            return set()
        text_of = dict(zip(keys, paragraphs, strict=True))
        return {
            index
            for index, key in enumerate(keys)
            if key in prefixes
            and not _ends_a_sentence_in(paragraphs[index], text_of[prefixes[key]])
        }


_UNIT_END = frozenset(".!?:|–—")


def _ends_a_sentence_in(short: str, longer: str) -> bool:
    """Whether ``longer`` starts with ``short`` followed by the end of a sentence.

    A headline repeated as the start of a photo caption (``Headline. Source:
    ...``) is a complete unit, not a copy cut off mid-sentence.
    """
    if longer[: len(short)].casefold() != short.casefold():
        return False
    return longer[len(short) :].lstrip()[:1] in _UNIT_END


@hookimpl
def thresher_register_cleaners() -> list[type[Cleaner]]:
    return [RepeatedParagraphCleaner]
