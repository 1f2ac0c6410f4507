"""The ``learned-boilerplate`` cleaner: blocks a source repeats on many pages are its template.

A site's menus, footers, share rows and newsletter prompts come back, word
for word, on every page it serves, while its articles do not. Counting how
many of a source's documents each block occurs in therefore finds the
template of any site without a rule written for it. This is the paragraph
hashing of CCNet (Wenzek et al. 2020, *CCNet: Extracting High Quality
Monolingual Datasets from Web Crawl Data*), which removes normalised
paragraphs that recur across a shard of Common Crawl, scoped here to one
source, with thresholds, an allow-list and a guard for the article text.

**Fit** (a first pass over every kept document). Each document belongs to a
source (:meth:`LearnedBoilerplateCleaner.source_key`): its ``publisher``
(unless only a credit in the text named it: a wire story's credit says who
wrote it, not whose page it is on), else the host of its URL, else the
folder its input file is in. Documents without one are neither counted nor
cleaned, so nothing is learned across unrelated inputs. For each source the
cleaner counts its documents and, for each distinct block, how many of them
contain it (once per document). Blocks are compared on
:func:`thresher.block_key` (case, quote styles, punctuation and spacing do
not matter) hashed with xxh3-64 seeded with the source, so only integers are
kept, never text.

**Clean.** A block is *learned* for its source when it occurs in at least
``min_documents`` documents of the source **and** in at least
``min_fraction`` of them. Learned blocks are removed with the reason
``learned-boilerplate``, except

* blocks matching one of the ``allow`` regular expressions (a credit line or
  a standing column intro to keep), searched in the block's text;
* the document's own content. The same article crawled three times makes its
  paragraphs recur too, but never as widely as the site's template, which
  every page shares. So learned blocks go from the most widespread down, and
  the rarest are kept until the document keeps at least
  ``1 - max_removed_fraction`` of its characters: a re-crawled article keeps
  its paragraphs (its rarest learned blocks) while its menus go, and a
  document is never emptied.

**Options.**

* ``min_documents`` (3): two pages sharing a block can be chance (two parts
  of one story); three is the least that makes a pattern.
* ``min_fraction`` (0.2): a site's menus and footers sit on nearly every
  page, so a fifth leaves a wide margin and still catches a section's own
  template. Lower values start taking real text: on the Reuters-21578
  newswire (one source, 21,578 stories) 0.2 and 0.1 learn nothing, 0.01
  learns the row labels of earnings tables (``Year``, ``Nine mths``).
* ``max_removed_fraction`` (0.8): on real news pages the template is often
  more than half of the text (on the 181 textclean-scrapinghub pages, 0.5
  left 46% of the learned template's characters in place, 0.8 left 9%),
  while the article is at least a fifth of the page on nine pages in ten.
* ``max_chars`` (1000): longer blocks are skipped; templates are short, and
  long paragraphs are where the article is.
* ``allow`` (none): regular expressions for blocks never to remove.
* ``max_tracked`` (1,000,000): the memory bound below.

**Bounded memory.** The counts are one dictionary of integers with at most
``max_tracked`` entries over all sources (about 100 bytes each), plus one
counter per source. When it is full, the entries with the lowest counts are
dropped until it is half full (the lossy-counting idea of Manku and Motwani
2002): a template block's count keeps growing and survives, an article's
paragraph seen once goes. Counts are therefore never overestimated; a block
whose documents are spread thinly across a stream much longer than
``max_tracked`` may be undercounted, so the cleaner then removes less, never
more. Below the limit the counts are exact and the result does not depend on
the order of the documents. What is shipped to worker processes is only the
learned blocks, as two flat integer arrays.

**Sources too small to learn from cost nothing.** Most hosts of a crawl give
it one or two pages, fewer than ``min_documents``, and nothing can recur in
them. A source's first pages therefore wait uncounted (as references to their
text, at most 32M characters in all, counted early past that) until the
source reaches ``min_documents``; the rest are never split or hashed.

Without a fit (one document through ``run_component``), nothing is learned
and nothing is removed.

**Where it runs** (``order = 450``): after the ``boilerplate`` segmenter, on
what it kept. Run first, it removed the section headings the segmenter reads
as the end of an article ("About the author", "Comments", "Most read"),
because every page of a site repeats them, and the bios, comments and
teasers below them then joined the article (a test in
tests/plugins/test_clean_learned.py keeps it so). After the segmenter it
catches what the segmenter keeps of a template: a site's tagline inside the
article, its standing "Read also" links, a repeated sign-off.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import PurePath

import attrs
from xxhash import xxh3_64_intdigest

from thresher import (
    Cleaner,
    Document,
    document_domain,
    hookimpl,
    remove_blocks,
    split_blocks,
)
from thresher_plugins.counted_blocks import (
    allow_patterns,
    compile_allow,
    hashed_blocks,
    rarest_blocks,
)

REASON = "learned-boilerplate"

_HASH_BITS = 64
_HASH_MASK = (1 << _HASH_BITS) - 1
#: Characters of text waiting to be counted until their source has enough pages.
_PENDING_CHARS = 32 * 1024 * 1024


@attrs.define
class LearnedBoilerplateCleaner(Cleaner):
    """Remove blocks that recur across many documents of the same source (a site's template).

    Learned on a first pass over the run (``fit``), per source: a block in at
    least ``min_documents`` documents and ``min_fraction`` of its source's
    documents is boilerplate there. ``allow`` patterns are never removed, and
    a document keeps its rarest blocks, so a re-crawled article survives.
    """

    name = "learned-boilerplate"
    order = 450

    min_documents: int = attrs.field(default=3, validator=attrs.validators.ge(2))
    min_fraction: float = attrs.field(
        default=0.2, validator=[attrs.validators.ge(0.0), attrs.validators.le(1.0)]
    )
    max_chars: int = attrs.field(default=1000, validator=attrs.validators.ge(1))
    max_removed_fraction: float = attrs.field(
        default=0.8, validator=[attrs.validators.ge(0.0), attrs.validators.le(1.0)]
    )
    allow: list[str] = attrs.field(factory=list, converter=allow_patterns)
    max_tracked: int = attrs.field(default=1_000_000, validator=attrs.validators.ge(2))

    _allowed: tuple[re.Pattern[str], ...] = attrs.field(init=False, repr=False, eq=False)
    # Learned blocks as sorted source-seeded hashes and, in step, how many of
    # the source's documents contain each: flat arrays pickle as raw bytes,
    # and the fitted cleaner is shipped with every batch sent to a worker.
    _hashes: array[int] = attrs.field(init=False, factory=lambda: array("Q"), repr=False)
    _counts: array[int] = attrs.field(init=False, factory=lambda: array("Q"), repr=False)
    # Sorted seeds of the sources that learned anything: most sources of a
    # crawl have too few pages to learn from, and their documents skip the work.
    _sources: array[int] = attrs.field(init=False, factory=lambda: array("Q"), repr=False)

    def __attrs_post_init__(self) -> None:
        self._allowed = compile_allow(self.allow)

    # -- sources ------------------------------------------------------------------------
    def source_key(self, document: Document) -> str | None:
        """The source a document's template is learned for, or ``None`` to leave it alone.

        ``meta["publisher"]`` if set, else the host of the document's URL
        (:func:`thresher.document_domain`), else the folder holding its input
        file. Standard input and in-memory documents have no source. A
        publisher found from a credit in the text (``meta["publisher_source"]``
        is ``credit``) names who wrote the story, not the site whose template
        surrounds it, so it is passed over. Override to group differently (by
        a section of a site, or one key for a whole dump known to come from
        one site).
        """
        publisher = document.meta.get("publisher")
        from_credit = document.meta.get("publisher_source") == "credit"
        if isinstance(publisher, str) and publisher.strip() and not from_credit:
            return f"publisher:{publisher.strip().casefold()}"
        domain = document_domain(document)
        if domain is not None:
            return f"domain:{domain}"
        uri = document.source.uri
        if uri and not uri.startswith("<"):
            return f"folder:{PurePath(uri).parent}"
        return None

    # -- learning -----------------------------------------------------------------------
    def fit(self, documents: Iterable[Document]) -> None:
        """Count, per source, the documents each block occurs in; keep the recurring blocks."""
        source_index: dict[int, int] = {}
        seeds: list[int] = []
        documents_per_source: list[int] = []
        # key: source index above the low 64 bits, block hash in them; value: documents
        counts: dict[int, int] = {}
        # Most sources of a crawl have too few pages to learn from, so a
        # source's first texts wait here unhashed until it has enough pages
        # to count (their characters bounded by _PENDING_CHARS).
        pending: dict[int, list[str]] = {}
        pending_chars = 0

        def count(index: int, text: str) -> None:
            base = index << _HASH_BITS
            for block_hash in {h for _, h in self._hashed(split_blocks(text)[0], seeds[index])}:
                entry = base | block_hash
                counts[entry] = counts.get(entry, 0) + 1

        for document in documents:
            key = self.source_key(document)
            if key is None:
                continue
            seed = xxh3_64_intdigest(key.encode())
            index = source_index.setdefault(seed, len(source_index))
            if index == len(seeds):
                seeds.append(seed)
                documents_per_source.append(0)
            documents_per_source[index] += 1
            if documents_per_source[index] < self.min_documents:
                pending.setdefault(index, []).append(document.text)
                pending_chars += len(document.text)
            else:
                for text in pending.pop(index, ()):
                    pending_chars -= len(text)
                    count(index, text)
                count(index, document.text)
            if pending_chars > _PENDING_CHARS:
                for waiting, texts in pending.items():
                    for text in texts:
                        count(waiting, text)
                pending, pending_chars = {}, 0
            if len(counts) > self.max_tracked:
                counts = _prune(counts, self.max_tracked // 2)
        learned = [
            (entry, count)
            for entry, count in counts.items()
            if self._recurs(count, documents_per_source[entry >> _HASH_BITS])
        ]
        by_hash = sorted((entry & _HASH_MASK, count) for entry, count in learned)
        self._hashes = array("Q", (block_hash for block_hash, _ in by_hash))
        self._counts = array("Q", (count for _, count in by_hash))
        self._sources = array("Q", sorted({seeds[entry >> _HASH_BITS] for entry, _ in learned}))

    def _recurs(self, count: int, documents: int) -> bool:
        return count >= self.min_documents and count >= self.min_fraction * documents

    def _hashed(self, blocks: Sequence[str], seed: int) -> list[tuple[int, int]]:
        """(index, hash) of the blocks that can be learned."""
        return hashed_blocks(blocks, seed, max_chars=self.max_chars)

    @property
    def learned(self) -> int:
        """How many (source, block) pairs the last ``fit`` learned."""
        return len(self._hashes)

    def _documents_with(self, block_hash: int) -> int:
        position = bisect_left(self._hashes, block_hash)
        if position < len(self._hashes) and self._hashes[position] == block_hash:
            return self._counts[position]
        return 0

    # -- cleaning -----------------------------------------------------------------------
    def clean(self, document: Document) -> None:
        key = self.source_key(document)
        if key is None:
            return
        seed = xxh3_64_intdigest(key.encode())
        if not _contains(self._sources, seed):
            return
        blocks, separator = split_blocks(document.text)
        spread: dict[int, int] = {}
        for index, block_hash in self._hashed(blocks, seed):
            documents = self._documents_with(block_hash)
            if documents and not any(p.search(blocks[index]) for p in self._allowed):
                spread[index] = documents
        kept = rarest_blocks(blocks, spread, self.max_removed_fraction)
        reasons = {index: REASON for index in spread if index not in kept}
        if reasons:
            remove_blocks(document, self.name, reasons, blocks=(blocks, separator))


def _contains(values: array[int], value: int) -> bool:
    position = bisect_left(values, value)
    return position < len(values) and values[position] == value


def _prune(counts: dict[int, int], target: int) -> dict[int, int]:
    """Drop the entries with the lowest counts until at most ``target`` remain."""
    histogram = Counter(counts.values())
    remaining, floor = len(counts), 0
    for count in sorted(histogram):
        if remaining <= target:
            break
        remaining -= histogram[count]
        floor = count
    return {entry: count for entry, count in counts.items() if count > floor}


@hookimpl
def thresher_register_cleaners() -> list[type[Cleaner]]:
    return [LearnedBoilerplateCleaner]
