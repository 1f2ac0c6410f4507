"""The ``boilerplate`` cleaner: find the article in a flattened page and remove the rest.

A naive scraper flattens a page to one block per line: menus, cookie banners,
share rows, the headline, the byline, the article, "Most read" lists, reader
comments, footers. HTML-based extractors (trafilatura, readability, jusText)
find the article from the tree and link density; plain text has neither, so
this cleaner works from what a block says and where it stands:

1. **Block signals.** Each block gets its word count, whether it ends a
   sentence, how many of its words start in lower case (running prose does;
   menus and headlines do not), and a *kind* when it matches the vocabulary
   of a boilerplate family (navigation, consent, share, advertisement,
   newsletter, related, comments, bio, legal, footer, caption) in English,
   German, French, Spanish, Italian or Portuguese. Patterns are anchored and
   only tried on short blocks (or on the opening words of long ones), so a
   sentence that mentions cookies stays.
2. **The article region.** Each block scores for or against being article
   text: prose scores its word count, a short line or a boilerplate block
   scores against, and section headings that start what follows an article
   ("Comments", "Related articles", an author's bio, a closing credit like
   ``© AGENCY``) are barriers the region cannot cross. The article is the
   run of blocks with the highest total (Kadane's maximum subarray, the
   plain-text form of Finn et al.'s body-text extraction), so short
   subheadings, list items and one-line quotes inside the article are kept,
   while a menu or a headline list outside it goes.
3. **Labels.** Blocks outside the region are removed with the kind they
   match, else ``navigation`` before the article and ``related``/``footer``
   after it (headline-like runs are ``related``). Inside the region only
   blocks of an unmistakable kind (an "Advertisement" marker, a share row,
   a photo credit) are removed.
4. **Metadata moves to meta.** The headline before the article becomes
   ``meta["title"]``, a ``By ...`` line ``meta["byline"]``, a standalone
   date ``meta["date_text"]``, a closing ``© AGENCY``/``(AGENCY)`` credit
   glued to the last paragraph ``meta["credit"]``. Each is recorded as a
   removal with reason ``title``, ``byline``, ``date`` or ``credit``, so
   ``thresher explain`` shows where it went. Existing meta is never
   overwritten.

A document whose blocks are all boilerplate keeps its text: with nothing
that reads as an article, guessing would lose more than it saves (the
``error-page`` cleaner drops pages that are only an error).

Why hand-written: the extractors that do this well (trafilatura, jusText,
boilerpy3) need the HTML tree, and the line filters of C4/Gopher judge each
line alone, which keeps comments and drops subheadings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final
from urllib.parse import urlsplit

import attrs

from thresher import Cleaner, Document, document_url, hookimpl, remove_blocks, split_blocks
from thresher_plugins.block_signals import CLOSING_CREDIT, Signals, block_signals

_BYLINE = re.compile(
    r"(?:(?:posted|published|written|words|reported|story|text)\s+)?"
    r"(?:by|von|par|por|di|da|door|av|text:)\s+"
    r"(?:[^\W\d_][\w.'’-]*\s*){1,6}(?:(?:,|and|und|et|y|e|&)\s*(?:[^\W\d_][\w.'’-]*\s*){1,5})*"
    r"(?:[,|•·–—-].{0,80})?",
    re.IGNORECASE,
)
_MONTHS = (
    r"jan(?:uary|uar)?|feb(?:ruary|ruar)?|mar(?:ch)?|märz|apr(?:il)?|may|mai|jun(?:e|i)?|"
    r"jul(?:y|i)?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|okt(?:ober)?|nov(?:ember)?|"
    r"dec(?:ember)?|dez(?:ember)?|janvier|février|mars|avril|juin|juillet|août|septembre|"
    r"octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|"
    r"septiembre|octubre|noviembre|diciembre"
)
_DATE = re.compile(
    r"(?:(?:published|posted|updated|last updated|stand|veröffentlicht|aktualisiert|"
    r"publié|mis à jour|publicado|actualizado|pubblicato|aggiornato)\s*(?:on|am|le|el|:)?\s*:?\s*)?"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)\w*,?\s*)?"
    r"(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|"
    rf"(?:\d{{1,2}}\.?\s*(?:{_MONTHS})\.?,?\s*\d{{2,4}}|(?:{_MONTHS})\.?\s*\d{{1,2}},?\s*\d{{2,4}}))"
    r"(?:[\s,|·at@-]*\d{1,2}[:.h]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*(?:uhr|[a-z]{2,4}))?)?"
    r"(?:\s*[|·;,/-]?\s*(?:updated|aktualisiert|mis à jour|actualizado)?.{0,40})?",
    re.IGNORECASE,
)

# Kinds that start what follows an article: the region never crosses them.
_BARRIERS: Final = frozenset({"comments", "bio", "legal"})
# A section heading ("Most read", "12 comments", "Legal disclaimer") is
# short; a longer block of a barrier kind ("Related: <headline>") is an
# inline link and removed on its own.
_HEADING_WORDS: Final = 5
_PROSE_BEFORE_DISCOUNT: Final = 50
_HEADLINE_GAP: Final = 8
_METADATA_LOOKBACK: Final = 9
_HEADLINE_PREFERENCE: Final = 0.4
_AFTER_ARTICLE_DISCOUNT: Final = 0.3
_AFTER_RELATED_DISCOUNT: Final = 0.5


@attrs.frozen
class Segmentation:
    """The label of every block: ``"body"``, a boilerplate kind or a metadata kind."""

    labels: list[str]
    region: tuple[int, int]  # [start, end) of the article region; (0, 0) when none
    meta: dict[str, str]


def segment(
    blocks: Sequence[str], *, url: str | None = None, min_article_words: int = 25
) -> Segmentation:
    """Label each block of a flattened page (see the module docstring).

    ``url``, when known, locates the headline: most news URLs carry a slug of
    the headline's words, and the article starts after the headline.
    """
    signals = [block_signals(b) for b in blocks]
    region, score = _article_region(signals, min_article_words)
    headline = _headline_from_slug(blocks, signals, url) if url else None
    if headline is not None:
        # The article follows its headline closely; prefer the region after
        # it unless something far stronger stands elsewhere.
        after, after_score = _article_region(signals[headline + 1 :], min_article_words)
        if (
            after[0] != after[1]
            and after[0] <= _HEADLINE_GAP
            and after_score >= _HEADLINE_PREFERENCE * score
        ):
            region = (after[0] + headline + 1, after[1] + headline + 1)
        else:
            headline = None
    labels = ["body"] * len(blocks)
    meta: dict[str, str] = {}
    start, end = region
    if start == end:
        return Segmentation(labels, region, meta)
    for index in range(start):
        labels[index] = signals[index].kind or "navigation"
    trailing = "footer"
    for index in range(end, len(blocks)):
        kind = signals[index].kind
        if kind in _BARRIERS:
            trailing = kind
        labels[index] = kind or (
            "related" if signals[index].headline and trailing == "footer" else trailing
        )
    for index in range(start, end):
        kind = signals[index].kind
        if kind is not None and kind not in ("navigation", "footer"):
            labels[index] = kind
    _label_headline_runs(blocks, signals, labels, start, end)
    if headline is not None:
        labels[headline] = "title"
        meta["title"] = blocks[headline]
    _label_metadata(blocks, signals, labels, start, meta)
    return Segmentation(labels, region, meta)


# Slug words that say nothing about the headline.
_SLUG_NOISE: Final = frozenset(
    [
        "html",
        "htm",
        "php",
        "aspx",
        "asp",
        "index",
        "article",
        "articles",
        "story",
        "stories",
        "news",
        "post",
        "posts",
        "amp",
        "www",
        "com",
        "org",
        "net",
        "blog",
    ]
)
_SLUG_WORD = re.compile(r"[^\W_]+")


def _headline_from_slug(blocks: Sequence[str], signals: Sequence[Signals], url: str) -> int | None:
    path = urlsplit(url).path
    slug = {
        word
        for word in _SLUG_WORD.findall(path.lower())
        if len(word) > 2 and not word.isdigit() and word not in _SLUG_NOISE
    }
    if len(slug) < 3:
        return None
    best, best_index = 0.0, None
    for index, (block, signal) in enumerate(zip(blocks, signals, strict=True)):
        if not 3 <= signal.words <= 30 or signal.kind is not None:
            continue
        words = {w for w in _SLUG_WORD.findall(block.lower()) if len(w) > 2}
        overlap = len(words & slug) / len(slug)
        if overlap >= 0.5 and overlap > best:
            best, best_index = overlap, index
    return best_index


def _label_headline_runs(
    blocks: Sequence[str], signals: Sequence[Signals], labels: list[str], start: int, end: int
) -> None:
    # Two or more headlines in a row inside the article are a box of links
    # (a subheading stands alone); after a line ending in a colon they are
    # the article's own list.
    index = start
    while index < end:
        run_end = index
        while run_end < end and signals[run_end].headline and labels[run_end] == "body":
            run_end += 1
        introduced = index > 0 and blocks[index - 1].rstrip().endswith(":")
        if run_end - index >= 2 and not introduced:
            for member in range(index, run_end):
                labels[member] = "related"
        index = max(run_end, index + 1)


def _block_score(signal: Signals) -> float:
    if signal.kind is not None:
        # A "Related" heading may open a box inside the article: a strong
        # penalty, not a barrier, so prose that resumes after it is reached.
        return -30.0 if signal.kind == "related" else -8.0
    if signal.terminal and signal.words >= 8:
        return float(signal.words)
    if signal.words >= 20 and signal.prose >= 0.5:
        return signal.words * 0.7
    if signal.terminal:
        return 1.0
    return -4.0 if signal.words <= 3 else -2.0 - signal.words * 0.2


def _article_region(
    signals: Sequence[Signals], min_article_words: int
) -> tuple[tuple[int, int], float]:
    # Prose after a "Comments" or "Related" heading that follows prose is
    # most likely comments or teasers: it is discounted, so it only wins
    # where the page had no article before it.
    best, best_range = 0.0, (0, 0)
    total, start = 0.0, 0
    prose_words, discount = 0, 1.0
    for index, signal in enumerate(signals):
        heading = signal.words <= _HEADING_WORDS
        if signal.kind in _BARRIERS and heading:
            total, start = 0.0, index + 1
            if prose_words >= _PROSE_BEFORE_DISCOUNT:
                discount *= _AFTER_ARTICLE_DISCOUNT
                prose_words = 0
            continue
        if signal.kind == "related" and heading and prose_words >= _PROSE_BEFORE_DISCOUNT:
            discount *= _AFTER_RELATED_DISCOUNT
            prose_words = 0
        score = _block_score(signal)
        if score > 0:
            prose_words += signal.words
            score *= discount
        if total <= 0:
            total, start = score, index
        else:
            total += score
        if total > best:
            best, best_range = total, (start, index + 1)
        if signal.closes_article:
            # "...seas.© AGENCY": the article ends here, whatever follows.
            total, start = 0.0, index + 1
            if prose_words >= _PROSE_BEFORE_DISCOUNT:
                discount *= _AFTER_ARTICLE_DISCOUNT
                prose_words = 0
    words = sum(s.words for s in signals[best_range[0] : best_range[1]])
    return (best_range, best) if words >= min_article_words else ((0, 0), 0.0)


def _label_metadata(
    blocks: Sequence[str],
    signals: Sequence[Signals],
    labels: list[str],
    start: int,
    meta: dict[str, str],
) -> None:
    # The headline, byline and date sit just above the article: look back a
    # few blocks, past captions and share rows, for each.
    candidates: list[int] = []
    for index in range(start - 1, max(-1, start - _METADATA_LOOKBACK), -1):
        block, signal = blocks[index], signals[index]
        if "byline" not in meta and signal.words <= 12 and _BYLINE.fullmatch(block):
            labels[index] = "byline"
            meta["byline"] = block
        elif "date_text" not in meta and signal.words <= 16 and _DATE.fullmatch(block):
            labels[index] = "date"
            meta["date_text"] = block
        elif signal.kind is None and not signal.terminal and 3 <= signal.words <= 30:
            candidates.append(index)
        elif signal.kind is None and candidates:
            break
    if "title" in meta or not candidates:
        return
    # A headline with its standfirst below it: the first of the two is the
    # title. A longer run of headline-like lines is a list of links ending
    # in the headline, so the last one is.
    run = [candidates[0]]
    for index in candidates[1:]:
        if all(
            labels[i] in ("byline", "date") or signals[i].kind for i in range(index + 1, run[-1])
        ):
            run.append(index)
        else:
            break
    title = run[-1] if len(run) == 2 else run[0]
    labels[title] = "title"
    meta["title"] = blocks[title]
    if len(run) == 2:
        labels[run[0]] = "standfirst"
        meta["standfirst"] = blocks[run[0]]


@attrs.define
class BoilerplateCleaner(Cleaner):
    """Keep the article of a flattened page; move its headline, byline and date to meta.

    Removals are recorded with a code of :data:`thresher.BOILERPLATE_REASONS`
    (``navigation``, ``consent``, ``share``, ...) or of
    :data:`thresher.METADATA_REASONS` (``title``, ``standfirst``, ``byline``,
    ``date``, ``credit``).
    """

    name = "boilerplate"
    order = 400

    min_article_words: int = attrs.field(default=25, validator=attrs.validators.ge(1))
    keep_title: bool = False

    def clean(self, document: Document) -> None:
        blocks, separator = split_blocks(document.text)
        result = segment(
            blocks, url=document_url(document), min_article_words=self.min_article_words
        )
        start, end = result.region
        if start == end:
            return
        removed = {
            index: label
            for index, label in enumerate(result.labels)
            if label != "body" and not (label == "title" and self.keep_title)
        }
        kept = [index for index, block in enumerate(blocks) if block and index not in removed]
        if kept:
            blocks[kept[-1]] = self._closing_credit(document, blocks[kept[-1]])
        for key, value in result.meta.items():
            document.meta.setdefault(key, value)
        if removed:
            remove_blocks(document, self.name, removed, blocks=(blocks, separator))
        else:  # at most the credit was cut
            document.text = separator.join(block for block in blocks if block)

    def _closing_credit(self, document: Document, block: str) -> str:
        match = CLOSING_CREDIT.search(block)
        if match is None or match.start() == 0:
            return block
        credit = match.group("credit") or match.group("agency")
        document.meta.setdefault("credit", credit.strip())
        document.record_removal(self.name, "credit", credit)
        return block[: match.start()].rstrip()


@hookimpl
def thresher_register_cleaners() -> list[type[Cleaner]]:
    return [BoilerplateCleaner]
