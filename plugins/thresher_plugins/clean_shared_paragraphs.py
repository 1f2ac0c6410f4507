"""The ``shared-paragraphs`` cleaner: paragraphs shared across a corpus, and pages made of others.

Two things survive per-page cleaning and show only when the whole corpus is
looked at. Boilerplate that no rule and no source's template caught (a wire
service's standing trailer, a syndication notice, a disclaimer) recurs word
for word in documents that otherwise share nothing. And a scraper sometimes
saves a page holding several articles (an infinite scroll, a "print all"
page, a section page with its stories' openings) next to those articles'
own pages. Both show in how many documents each paragraph occurs: the
paragraph hashing of CCNet (Wenzek et al. 2020, *CCNet: Extracting High
Quality Monolingual Datasets from Web Crawl Data*), here across the whole
run, where ``learned-boilerplate`` counts within one source. Opt in with
``clean --add shared-paragraphs``.

**Fit** (a first pass over every kept document). A document's paragraphs
are its blocks (:func:`thresher.split_blocks`) whose :func:`thresher.block_key`
has at least ``min_chars`` characters; shorter blocks are neither counted nor
removed. Keys are hashed with xxh3-64, so only integers are kept. A document
is known by its content, never by its id or its place in the stream: its
*size* (how many distinct paragraphs it has) and a hash of its paragraph
hashes, so exact copies are one *holder*. For each distinct paragraph the
cleaner keeps how many documents contain it, its two smallest holders (by
size, then hash) and its largest. Sums, minimums and maximums do not depend
on the order of the documents, so nothing below does.

**Rule 1: widespread paragraphs** (reason ``shared-paragraph``). A paragraph
in at least ``min_documents`` documents is removed, unless it matches an
``allow`` pattern, a sentence runs across its edge (hard-wrapped text has a
block per line, and a stock phrase filling a line must not be cut out of its
sentence), or the document's own text is about as widespread. An article
carried by 200 sites has every paragraph in 200 documents, and none of it is
boilerplate. So the document's *level* is the count of its rarest paragraphs
that hold ``1 - max_removed_fraction`` of its characters (by default its
median paragraph, by characters), and only paragraphs in at least
``min_ratio`` times as many documents as that go. By default a document
keeps at least half of its text; it is never emptied, and a syndicated
story loses only what is far more widespread than itself.

**Rule 2: concatenations** (the document is dropped as ``concatenation``).
A document made of other documents, C = A + B, is dropped; A and B stay.
Rule 2 looks at C's paragraphs in fewer than ``min_documents`` documents
(widespread ones are rule 1's business); they must hold at least half of
C's characters, so text the counts do not see keeps a document. C is kept
when it has a paragraph of its own (one no other holder has). Otherwise
each paragraph needs a *cover*: of its two smallest holders, the first that
has a paragraph of its own, else the smallest if it is strictly smaller
than C. C is dropped when every paragraph has a cover other than C, there
are two paragraphs and two covers (after leaving out a cover whose
paragraphs another cover also holds), C does not lie inside a single other
holder, and no paragraph is held by two covers. So:

* every paragraph of a dropped document stays in its cover, which the rule
  never drops (a cover has a paragraph of its own, or is the smallest
  holder of one): pages that overlap in a ring are all kept;
* a copy of A, also one with paragraphs cut, lies inside A: it is left to
  the deduper, which picks the survivor by its policy;
* a story's complete version stays when two partial versions hold all of
  it between them: they overlap, so it is left to the deduper too;
* a page with the openings of longer articles (a section page) is dropped,
  since the articles have paragraphs of their own;
* only three holders of each paragraph are known (all of them for a
  paragraph in up to three documents). When C's paragraphs are in more,
  what is unseen can go either way: C may be kept although made of others,
  or a cut copy dropped as made of shorter versions of itself; its text
  stays in them all the same.

**Options.**

* ``min_documents`` (10): after the other cleaners, a paragraph still found
  on ten pages is furniture; below that, a repeated paragraph is mostly one
  story carried a few times (re-crawls, wire copies, updates), which is the
  deduper's business. Counting cannot tell a stock sentence from furniture:
  on Reuters-21578 (21,578 stories, after the default cleaners) rule 1
  removes 34 paragraphs, a standing column's intro line (23 stories) and
  "Terms of the acquisition were not disclosed." (11). Raise it, or
  ``allow`` what to keep. Rule 2 drops one story there, a version made of a
  news digest's item and the fuller story.
* ``min_ratio`` (3.0): copies of a story vary in how much of it they carry
  (wire copies cut the end), rarely by a factor of three, while furniture
  is on far more pages than any one story.
* ``max_removed_fraction`` (0.5): the segmenter and ``learned-boilerplate``
  leave a paragraph or two of furniture per page; a page that would lose
  more than half its text here is more likely a widely copied article.
* ``min_chars`` (40): short blocks recur everywhere by nature (headings,
  table labels such as "Nine mths", list markers), and removing them takes
  structure from articles; the ``boilerplate`` segmenter deals with short
  furniture by its kind. Forty characters rarely match by chance, which
  rule 2 relies on.
* ``allow`` (none): regular expressions (searched) for paragraphs rule 1
  never removes.
* ``concatenations`` (true): whether rule 2 runs.

**Memory.** The fit keeps, per distinct paragraph, its hash, its count and
three holders: 40 bytes in numpy arrays (ten million distinct paragraphs
take 400 MB), merged in batches. Text is never kept, so long documents cost
no more than short ones. The counts are exact, without the lossy pruning of
``learned-boilerplate``: rule 2 must know that a paragraph is a document's
own. Worker processes get only the paragraphs in more than one document,
with their counts, holders and whether each holder has a paragraph of its
own.

Without a fit (one document through ``run_component``), nothing is removed
or dropped.

**Where it runs** (``order = 470``): after ``learned-boilerplate``, so that
the sources' templates are gone when documents are compared and a page's
parts match the articles' own pages.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Sequence

import attrs
import numpy as np
import numpy.typing as npt
from xxhash import xxh3_64_intdigest

from thresher import Cleaner, Document, hookimpl, remove_blocks, split_blocks
from thresher_plugins.counted_blocks import (
    allow_patterns,
    compile_allow,
    hashed_blocks,
    rarest_blocks,
)

REASON = "shared-paragraph"
DROP_REASON = "concatenation"

Hashes = npt.NDArray[np.uint64]

# A holder is one integer: the document's size in the top 16 bits (so the
# smallest holder is the numerically smallest), a content hash below.
_SIZE_SHIFT = 48
_MAX_SIZE = (1 << 16) - 2  # so no holder equals _NO_HOLDER
_NO_HOLDER = (1 << 64) - 1
#: (paragraph, holder) rows gathered before they are merged into the counts.
_BATCH_ROWS = 1 << 20
#: Share of a document's characters its counted paragraphs must hold for rule 2.
_MIN_COUNTED_SHARE = 0.5


def _holder(distinct_hashes: Sequence[int]) -> int:
    """The holder code of a document with these paragraph hashes (sorted, distinct)."""
    content = np.array(distinct_hashes, dtype="<u8").tobytes()
    size = min(len(distinct_hashes), _MAX_SIZE)
    return (size << _SIZE_SHIFT) | (xxh3_64_intdigest(content) >> (64 - _SIZE_SHIFT))


def _size(holder: int) -> int:
    return holder >> _SIZE_SHIFT


def _as_numpy(values: array[int]) -> Hashes:
    if not values:
        return np.zeros(0, dtype=np.uint64)
    copied: Hashes = np.frombuffer(values, dtype=np.uint64).copy()
    return copied


@attrs.frozen
class _Counts:
    """Per distinct paragraph (sorted by hash): documents, and three of its holders.

    ``holders`` has one row per paragraph: its smallest holder, its second
    smallest (``_NO_HOLDER`` if it has one) and its largest (which may be
    either of those). A paragraph in at most three documents has all its
    holders there.
    """

    hashes: Hashes
    documents: Hashes
    holders: Hashes

    @classmethod
    def empty(cls) -> _Counts:
        nothing = np.zeros(0, dtype=np.uint64)
        return cls(nothing, nothing, nothing.reshape(0, 3))

    def merge(self, hashes: Hashes, holders: Hashes) -> _Counts:
        """These counts plus one document for each (paragraph, holder) row."""
        # Each kept holder becomes a row again, carrying no documents; the
        # reduction merges rows of the same holder, so repeats are harmless.
        has_second = self.holders[:, 1] != np.uint64(_NO_HOLDER)
        return _reduce(
            np.concatenate([self.hashes, self.hashes[has_second], self.hashes, hashes]),
            np.concatenate(
                [self.holders[:, 0], self.holders[has_second, 1], self.holders[:, 2], holders]
            ),
            np.concatenate(
                [
                    self.documents,
                    np.zeros(int(has_second.sum()) + len(self.hashes), dtype=np.uint64),
                    np.ones(len(hashes), dtype=np.uint64),
                ]
            ),
        )


def _reduce(hashes: Hashes, holders: Hashes, documents: Hashes) -> _Counts:
    """Rows of (paragraph, holder, documents) summed per paragraph, keeping three holders."""
    if not len(hashes):
        return _Counts.empty()
    order = np.lexsort((holders, hashes))
    hashes, holders, documents = hashes[order], holders[order], documents[order]
    # Exact copies of a document are one holder: one row per (paragraph, holder).
    new_pair = np.ones(len(hashes), dtype=bool)
    new_pair[1:] = (hashes[1:] != hashes[:-1]) | (holders[1:] != holders[:-1])
    pair_starts = np.flatnonzero(new_pair)
    documents = np.add.reduceat(documents, pair_starts)
    hashes, holders = hashes[pair_starts], holders[pair_starts]
    new_paragraph = np.ones(len(hashes), dtype=bool)
    new_paragraph[1:] = hashes[1:] != hashes[:-1]
    starts = np.flatnonzero(new_paragraph)
    ends = np.append(starts[1:], len(hashes))
    kept = np.full((len(starts), 3), _NO_HOLDER, dtype=np.uint64)
    kept[:, 0] = holders[starts]
    has_second = starts + 1 < ends
    kept[has_second, 1] = holders[starts[has_second] + 1]
    kept[:, 2] = holders[ends - 1]
    return _Counts(hashes[starts], np.add.reduceat(documents, starts), kept)


@attrs.define
class SharedParagraphCleaner(Cleaner):
    """Remove paragraphs shared by many documents of the run; drop pages made of other pages.

    Learned on a first pass over the run (``fit``), across all sources: a
    paragraph in at least ``min_documents`` documents, and in ``min_ratio``
    times as many as the document's own text, is removed; a document whose
    paragraphs are all found in two or more other, separate documents is
    dropped as a ``concatenation``. Opt-in.
    """

    name = "shared-paragraphs"
    default = False
    order = 470

    min_documents: int = attrs.field(default=10, validator=attrs.validators.ge(2))
    min_ratio: float = attrs.field(default=3.0, validator=attrs.validators.ge(1.0))
    max_removed_fraction: float = attrs.field(
        default=0.5, validator=[attrs.validators.ge(0.0), attrs.validators.le(1.0)]
    )
    min_chars: int = attrs.field(default=40, validator=attrs.validators.ge(1))
    allow: list[str] = attrs.field(factory=list, converter=allow_patterns)
    concatenations: bool = attrs.field(default=True)

    _allowed: tuple[re.Pattern[str], ...] = attrs.field(init=False, repr=False, eq=False)
    # The paragraphs in more than one document, sorted by hash, and in step:
    # how many documents hold each, three of its holders (see _Counts), and
    # whether each of those has a paragraph of its own. Flat arrays pickle as
    # raw bytes; the fitted cleaner is sent to each worker process.
    _hashes: Hashes = attrs.field(
        init=False, factory=lambda: np.zeros(0, dtype=np.uint64), repr=False, eq=False
    )
    _documents: npt.NDArray[np.uint32] = attrs.field(
        init=False, factory=lambda: np.zeros(0, dtype=np.uint32), repr=False, eq=False
    )
    _holders: Hashes = attrs.field(
        init=False, factory=lambda: np.zeros((0, 3), dtype=np.uint64), repr=False, eq=False
    )
    _anchored: npt.NDArray[np.bool_] = attrs.field(
        init=False, factory=lambda: np.zeros((0, 3), dtype=np.bool_), repr=False, eq=False
    )

    def __attrs_post_init__(self) -> None:
        self._allowed = compile_allow(self.allow)

    # -- learning -----------------------------------------------------------------------
    def fit(self, documents: Iterable[Document]) -> None:
        """Count the documents each paragraph occurs in, and note three of its holders."""
        counts = _Counts.empty()
        hashes, holders = array("Q"), array("Q")
        for document in documents:
            distinct = self._distinct(self._paragraphs(split_blocks(document.text)[0]))
            if not distinct:
                continue
            hashes.extend(distinct)
            holders.extend([_holder(distinct)] * len(distinct))
            # Merging costs the size of the counts: batches at least as large
            # keep the total linear in the number of rows.
            if len(hashes) >= max(_BATCH_ROWS, len(counts.hashes)):
                counts = counts.merge(_as_numpy(hashes), _as_numpy(holders))
                hashes, holders = array("Q"), array("Q")
        counts = counts.merge(_as_numpy(hashes), _as_numpy(holders))
        own = np.unique(counts.holders[counts.holders[:, 1] == np.uint64(_NO_HOLDER), 0])
        shared = counts.documents > 1
        self._hashes = counts.hashes[shared]
        self._documents = np.minimum(counts.documents[shared], np.iinfo(np.uint32).max).astype(
            np.uint32
        )
        self._holders = counts.holders[shared]
        self._anchored = np.isin(self._holders, own)

    def _paragraphs(self, blocks: Sequence[str]) -> list[tuple[int, int]]:
        """(index, hash) of the blocks that count as paragraphs."""
        return hashed_blocks(blocks, min_key_chars=self.min_chars)

    @staticmethod
    def _distinct(paragraphs: Iterable[tuple[int, int]]) -> list[int]:
        return sorted({paragraph_hash for _, paragraph_hash in paragraphs})

    @property
    def shared(self) -> int:
        """How many distinct paragraphs the last ``fit`` found in more than one document."""
        return len(self._hashes)

    # -- cleaning -----------------------------------------------------------------------
    def clean(self, document: Document) -> None:
        if not len(self._hashes):
            return
        blocks, separator = split_blocks(document.text)
        paragraphs = self._paragraphs(blocks)
        if not paragraphs:
            return
        distinct = self._distinct(paragraphs)
        lookup = np.array(distinct, dtype=np.uint64)
        positions = np.minimum(np.searchsorted(self._hashes, lookup), len(self._hashes) - 1)
        found = self._hashes[positions] == lookup
        # Python ints from here on: a document has tens of paragraphs, not millions.
        position_of = dict(zip(lookup[found].tolist(), positions[found].tolist(), strict=True))
        if self.concatenations and self._is_concatenation(blocks, paragraphs, position_of):
            document.drop(DROP_REASON)
            return
        counts = self._documents[positions[found]].tolist()
        documents_with = dict(zip(position_of, counts, strict=True))
        spread = {index: documents_with.get(h, 1) for index, h in paragraphs}
        kept = rarest_blocks(blocks, spread, self.max_removed_fraction)
        level = max((spread[index] for index in kept), default=1)
        threshold = max(self.min_documents, self.min_ratio * level)
        reasons = {
            index: REASON
            for index, documents in spread.items()
            if documents >= threshold
            and index not in kept
            and not _runs_on(blocks, index)
            and not any(pattern.search(blocks[index]) for pattern in self._allowed)
        }
        if reasons:
            remove_blocks(document, self.name, reasons, blocks=(blocks, separator))

    def _is_concatenation(
        self,
        blocks: Sequence[str],
        paragraphs: Sequence[tuple[int, int]],
        position_of: dict[int, int],
    ) -> bool:
        """Rule 2, for a document's blocks, paragraphs and where its shared ones are."""
        distinct = self._distinct(paragraphs)
        if len(position_of) < len(distinct):
            return False  # a paragraph no other document has
        # A paragraph only the document's exact copies have is its own too: it
        # makes the document its own cover below, or, when the copies are
        # enough to make it widespread, every paragraph of the document is.
        positions = [position_of[h] for h in distinct]
        holders = self._holders[positions]
        widespread = {
            h
            for h, count in zip(distinct, self._documents[positions].tolist(), strict=True)
            if count >= self.min_documents
        }
        considered = [h not in widespread for h in distinct]
        if sum(considered) < 2:
            return False
        counted = sum(len(blocks[index]) for index, h in paragraphs if h not in widespread)
        if counted < _MIN_COUNTED_SHARE * sum(map(len, blocks)):
            return False  # text the counts do not see is enough to make it a document
        itself = _holder(distinct)
        rows = holders[considered].tolist()
        anchored = self._anchored[positions][considered].tolist()
        covered: dict[int, list[set[int]]] = {}
        others = []
        for (first, second, largest), (first_own, second_own, _) in zip(
            rows, anchored, strict=True
        ):
            # A cover is never dropped: it has a paragraph of its own, or it is
            # this paragraph's smallest holder, and so its own cover for it.
            cover = second if second_own and not first_own else first
            if cover == itself:
                return False
            if not (first_own or second_own) and _size(cover) >= _size(itself):
                return False
            holding = {first, second, largest} - {itself, _NO_HOLDER}
            covered.setdefault(cover, []).append(holding)
            others.append(holding)
        if set.intersection(*others):
            return False  # inside one other document: a copy, for the deduper
        _drop_redundant(covered)
        # Parts are separate documents: two covers holding one paragraph are
        # versions of one story, and the document may be its complete version.
        return len(covered) >= 2 and all(len(holding & covered.keys()) <= 1 for holding in others)


def _runs_on(blocks: Sequence[str], index: int) -> bool:
    """Whether a sentence runs across an edge of the block.

    Text still hard-wrapped has a block per line, and a news agency's stock
    phrases ("... a Fed spokesman said.") then fill whole lines that recur in
    many stories; removing one would cut a sentence. A block, or the block
    after it, that starts in lower case continues a sentence.
    """
    following = blocks[index + 1] if index + 1 < len(blocks) else ""
    return blocks[index][:1].islower() or following[:1].islower()


def _drop_redundant(covered: dict[int, list[set[int]]]) -> None:
    """Leave out covers whose paragraphs other covers hold too, smallest first.

    A copy of A with its last paragraphs cut is the smallest holder of the
    paragraphs it kept, but A holds them as well: C = A + B is made of A and
    B, not of the cut copy, A and B.
    """
    for cover in sorted(covered):
        moves = []
        for holding in covered[cover]:
            other = min((h for h in holding if h != cover and h in covered), default=None)
            if other is None:
                break
            moves.append((other, holding))
        else:
            del covered[cover]
            for other, holding in moves:
                covered[other].append(holding)


@hookimpl
def thresher_register_cleaners() -> list[type[Cleaner]]:
    return [SharedParagraphCleaner]
