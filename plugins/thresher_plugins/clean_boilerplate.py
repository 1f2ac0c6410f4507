"""The ``boilerplate`` cleaner: find the article in a flattened page and remove the rest.

A naive scraper flattens a page to one block per line: menus, cookie banners,
share rows, the headline, the byline, the article, "Most read" lists, reader
comments, footers. HTML-based extractors (trafilatura, readability, jusText)
find the article from the tree and link density; plain text has neither, so
this cleaner works from what a block says and where it stands:

1. **Block signals** (``block_signals.py``): word count, whether the block
   ends a sentence, the share of words in lower case, and a boilerplate
   *kind* from anchored vocabularies.
2. **The article region.** Each block scores for or against being article
   text: prose scores its word count, a short line or a boilerplate block
   scores against, and section headings that start what follows an article
   ("Comments", "About the author", a legal notice), an author's bio after
   the article and a closing credit like ``© AGENCY`` are barriers the
   region cannot cross. The article is the run of blocks with the highest
   total (Kadane's maximum subarray, the plain-text form of Finn et al.'s
   body-text extraction), so short subheadings, list items and one-line
   quotes inside the article are kept, while a menu or a headline list
   outside it goes. Teasers are the hard case, prose that is not the
   article: after a "Related"/"More from" heading prose is discounted until
   two paragraphs follow each other again (an inline box inside the
   article), which a list of teasers, headline and paragraph by turns,
   never does; a headline glued to its summary (``...SteakhouseA party of
   six left...``) scores as a headline.
3. **Labels.** Blocks outside the region are removed with the kind they
   match, else ``navigation`` before the article and ``related``/``footer``
   after it (headline-like runs are ``related``). Inside the region only
   blocks of an unmistakable kind (an "Advertisement" marker, a share row,
   a photo credit) are removed, and a comment thread without a heading
   (user names, short replies, timestamps, "Reply") that ends it.
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
from thresher_plugins.block_signals import Signals, block_signals, closing_credit
from thresher_plugins.case_blind import CaseBlind

_BYLINE = CaseBlind(
    r"(?:(?:posted|published|written|words|reported|story|text)\s+)?"
    r"(?:by|von|par|por|di|da|door|av|text:)\s+"
    r"(?:[^\W\d_][\w.'’-]*\s*){1,6}(?:(?:,|and|und|et|y|e|&)\s*(?:[^\W\d_][\w.'’-]*\s*){1,5})*"
    r"(?:[,|•·–—-].{0,80})?"
)
_MONTHS = (
    r"jan(?:uary|uar)?|feb(?:ruary|ruar)?|mar(?:ch)?|märz|apr(?:il)?|may|mai|jun(?:e|i)?|"
    r"jul(?:y|i)?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|okt(?:ober)?|nov(?:ember)?|"
    r"dec(?:ember)?|dez(?:ember)?|janvier|février|mars|avril|juin|juillet|août|septembre|"
    r"octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|"
    r"septiembre|octubre|noviembre|diciembre"
)
_DATE = CaseBlind(
    r"(?:(?:published|posted|updated|last updated|stand|veröffentlicht|aktualisiert|"
    r"publié|mis à jour|publicado|actualizado|pubblicato|aggiornato)\s*(?:on|am|le|el|:)?\s*:?\s*)?"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)\w*,?\s*)?"
    r"(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|"
    rf"(?:\d{{1,2}}\.?\s*(?:{_MONTHS})\.?,?\s*\d{{2,4}}|(?:{_MONTHS})\.?\s*\d{{1,2}},?\s*\d{{2,4}}))"
    r"(?:[\s,|·at@-]*\d{1,2}[:.h]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*(?:uhr|[a-z]{2,4}))?)?"
    r"(?:\s*[|·;,/-]?\s*(?:updated|aktualisiert|mis à jour|actualizado)?.{0,40})?"
)

_INLINE_KINDS: Final = frozenset({"share", "advertisement", "caption"})
# Kinds that start what follows an article: the region never crosses them.
_BARRIERS: Final = frozenset({"comments", "bio", "legal"})
# A section heading ("Most read", "12 comments", "Legal disclaimer") is
# short; a longer block of a barrier kind ("Related: <headline>") is an
# inline link and removed on its own.
_HEADING_WORDS: Final = 5
_PROSE_BEFORE_DISCOUNT: Final = 50
_HEADLINE_GAP: Final = 8
_METADATA_LOOKBACK: Final = 9
_METADATA_LOOKAHEAD: Final = 6
_HEADLINE_PREFERENCE: Final = 0.4
_AFTER_ARTICLE_DISCOUNT: Final = 0.3
_AFTER_RELATED_DISCOUNT: Final = 0.2
_PARAGRAPH_SCORE: Final = 8.0


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
    scores = [_score(block, signal) for block, signal in zip(blocks, signals, strict=True)]
    region, score = _article_region(signals, scores, min_article_words)
    headline = _headline_from_slug(blocks, signals, url) if url else None
    if headline is not None:
        # The article follows its headline closely; prefer the region after
        # it unless something far stronger stands elsewhere.
        after, after_score = _article_region(
            signals[headline + 1 :], scores[headline + 1 :], min_article_words
        )
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
    thread = _comment_thread(blocks, signals, start, end)
    if thread is not None:
        for index in range(*thread):
            labels[index] = signals[index].kind or "comments"
        end = thread[0]
    _label_metadata_after_lede(blocks, signals, labels, start, end, meta)
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
    # Half the slug's words must be in a block, so half must be found in its
    # text first: a substring test per word rules out nearly every block.
    needed = (len(slug) + 1) // 2
    for index, (block, signal) in enumerate(zip(blocks, signals, strict=True)):
        if not 3 <= signal.words <= 30 or signal.kind is not None:
            continue
        lowered = block.lower()
        if sum(word in lowered for word in slug) < needed or _is_sentence(block, signal):
            continue
        words = {w for w in _SLUG_WORD.findall(lowered) if len(w) > 2}
        overlap = len(words & slug) / len(slug)
        if overlap >= 0.5 and overlap > best:
            best, best_index = overlap, index
    return best_index


# A commenter's handle: digits or an underscore, a lower-case start,
# camelCase, or an initial before a surname. Article subheadings have none.
_HANDLE = re.compile(r"\w*[\d_]|[^\W\d_]*[a-z][A-Z]|[a-z]|[A-Z]\.\s")
_TIME_AGO = re.compile(
    r"(?:\d+|an?|one)\s+(?:sec|min|hour|hr|day|week|month|year)s?\.?\s+ago\b.{0,20}"
    r"|(?:vor|il y a|hace|há)\s+\d+\s+\w+|just now|gerade eben|à l'instant",
    re.IGNORECASE,
)
_HANDLE_WORDS: Final = 3
_REPLY_WORDS: Final = 80
_REPLIES_PER_COMMENT: Final = 4


def _comment_thread(
    blocks: Sequence[str], signals: Sequence[Signals], start: int, end: int
) -> tuple[int, int] | None:
    """The comment thread without a heading that ends the article region, if one does.

    A thread is at least two comments, each a handle line, then one to a few
    short replies, with timestamps, "Reply" and like counts between them,
    running to the region's end. At least two of its handles must look like
    user names (see ``_HANDLE``) or two of its comments carry a timestamp,
    so an article's run of short subheaded sections never qualifies.
    """
    for first in range(start + 1, end):
        if _is_handle(blocks[first], signals[first]):
            last = _parse_thread(blocks, signals, first, end)
            if last is not None:
                return first, last
    return None


def _parse_thread(
    blocks: Sequence[str], signals: Sequence[Signals], index: int, end: int
) -> int | None:
    # The region may end inside the thread (its last replies are short):
    # the thread has to reach the region's end, and may go on past it.
    comments = named = stamped = 0
    while index < len(blocks) and _is_handle(blocks[index], signals[index]):
        handle = blocks[index].strip()
        after, replies, stamp = index + 1, 0, False
        while after < len(blocks):
            block, signal = blocks[after], signals[after]
            if _is_comment_furniture(block, signal):
                stamp = stamp or signal.kind is None
            elif signal.terminal and signal.words <= _REPLY_WORDS:
                replies += 1
            else:
                break
            after += 1
        signed = _HANDLE.match(handle) is not None
        if not 1 <= replies <= _REPLIES_PER_COMMENT or not (comments or signed or stamp):
            # (The first comment must show it is one: otherwise the thread
            # would start at the subheading of the article's last section.)
            break
        index = after
        comments += 1
        named += signed
        stamped += stamp
    found = index >= end and comments >= 2 and (named >= 2 or stamped >= 2)
    return index if found else None


def _is_handle(block: str, signal: Signals) -> bool:
    return (
        signal.words <= _HANDLE_WORDS
        and not signal.terminal
        and signal.kind is None
        and not _is_comment_furniture(block, signal)
    )


def _is_comment_furniture(block: str, signal: Signals) -> bool:
    # Timestamps, "Reply", like counts, vote numbers.
    if signal.kind in ("comments", "share"):
        return True
    if signal.terminal or signal.words > 8:
        return False
    text = block.strip()
    return (
        not any(character.isalpha() for character in text)
        or _TIME_AGO.fullmatch(text) is not None
        or _DATE.fullmatch(text) is not None
    )


def _is_sentence(block: str, signal: Signals) -> bool:
    # A lede that retells the headline shares the slug's words; a headline
    # seldom ends in a full stop after a dozen words.
    return signal.words >= 12 and block.rstrip().rstrip("\"'”’»)").endswith(".")


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


# A link's headline glued to its teaser (``...SteakhouseA party of six
# left...``): flattened lists of stories lose the space between the two.
# The headline part is title case, and the glue is a lower-case letter or
# closing punctuation against the capital that starts the teaser's first
# sentence (so ``McAllen`` or ``AirPods 2`` do not glue).
_GLUED_TEASER = re.compile(
    r"((?:[A-Z0-9\"'‘“$(]\S*\s+){3,}?\S*?[a-z0-9?!'’”)][a-z0-9?!'’”).]{2})"
    r"(?=(?:[A-Z][a-z]*|A|I)\s+(?:[A-Z][a-z]*\s+)?[a-z0-9])"
)
_TEASER_SCORE: Final = -2.0
_TITLE_CASE_SHARE: Final = 0.75


def _score(block: str, signal: Signals) -> float:
    score = _block_score(signal)
    # Only prose can be a glued teaser; the regex runs on nothing else.
    return _TEASER_SCORE if score > 0 and _is_glued_teaser(block) else score


def _is_glued_teaser(block: str) -> bool:
    match = _GLUED_TEASER.match(block, 0, 200)
    if match is None:
        return False
    words = match.group(1).split()
    capitalised = sum(1 for word in words if not word[0].islower())
    return capitalised >= _TITLE_CASE_SHARE * len(words)


def _block_score(signal: Signals) -> float:
    if signal.kind is not None:
        # A "Related" heading may open a box inside the article: a strong
        # penalty, not a barrier, so prose that resumes after it is reached.
        if signal.kind == "related":
            return -30.0
        # Share rows, advertisement markers and captions stand inside
        # articles too (and are removed there anyway): they barely separate.
        return -1.0 if signal.kind in _INLINE_KINDS else -8.0
    if signal.terminal and signal.words >= 8:
        return float(signal.words)
    if signal.words >= 20 and signal.prose >= 0.5:
        return signal.words * 0.7
    if signal.terminal:
        return 1.0
    return -4.0 if signal.words <= 3 else -2.0 - signal.words * 0.2


def _article_region(
    signals: Sequence[Signals], scores: Sequence[float], min_article_words: int
) -> tuple[tuple[int, int], float]:
    # Prose after a "Comments" or "Related" heading that follows prose is
    # most likely comments or teasers: it is discounted, so it only wins
    # where the page had no article before it.
    # A "Related" heading may also open a box in the middle of the article:
    # its discount is lifted when two paragraphs follow each other again,
    # which the teasers of a list of links (headline, paragraph, headline,
    # paragraph...) never do.
    best, best_range = 0.0, (0, 0)
    total, start = 0.0, 0
    prose_words, discount = 0, 1.0
    related_open, after_paragraph = False, False
    for index, (signal, score) in enumerate(zip(signals, scores, strict=True)):
        heading = signal.words <= _HEADING_WORDS
        # An author's bio after the article ends it, heading or not.
        bio_after = signal.kind == "bio" and prose_words >= _PROSE_BEFORE_DISCOUNT
        if (signal.kind in _BARRIERS and heading) or bio_after:
            total, start = 0.0, index + 1
            if related_open:  # what follows stays discounted
                discount *= _AFTER_RELATED_DISCOUNT
                related_open = False
            discount, prose_words = _after_article(discount, prose_words)
            continue
        if signal.kind == "related" and heading and prose_words >= _PROSE_BEFORE_DISCOUNT:
            related_open, after_paragraph = True, False
            prose_words = 0
        paragraph = score >= _PARAGRAPH_SCORE
        if related_open and paragraph and after_paragraph:
            related_open = False
        after_paragraph = paragraph
        if score > 0:
            prose_words += signal.words
            score *= discount * (_AFTER_RELATED_DISCOUNT if related_open else 1.0)
        if total <= 0:
            total, start = score, index
        else:
            total += score
        if total > best:
            best, best_range = total, (start, index + 1)
        if signal.closes_article:
            # "...seas.© AGENCY": the article ends here, whatever follows.
            total, start = 0.0, index + 1
            discount, prose_words = _after_article(discount, prose_words)
    words = sum(s.words for s in signals[best_range[0] : best_range[1]])
    return (best_range, best) if words >= min_article_words else ((0, 0), 0.0)


def _after_article(discount: float, prose_words: int) -> tuple[float, int]:
    """The discount and prose count once the article has ended, if it had begun."""
    if prose_words >= _PROSE_BEFORE_DISCOUNT:
        return discount * _AFTER_ARTICLE_DISCOUNT, 0
    return discount, prose_words


def _label_metadata_after_lede(
    blocks: Sequence[str],
    signals: Sequence[Signals],
    labels: list[str],
    start: int,
    end: int,
    meta: dict[str, str],
) -> None:
    # A byline or date line may follow a lede the article region starts
    # with: inside the region's first blocks they are metadata too.
    for index in range(start, min(end, start + _METADATA_LOOKAHEAD)):
        if labels[index] == "body" and not signals[index].terminal:
            _take_byline_or_date(blocks[index], signals[index], labels, index, meta)


def _take_byline_or_date(
    block: str, signal: Signals, labels: list[str], index: int, meta: dict[str, str]
) -> bool:
    """Label the block ``byline`` or ``date`` if it is one not yet found; say if it was."""
    if "byline" not in meta and signal.words <= 12 and _BYLINE.fullmatch(block):
        labels[index] = "byline"
        meta["byline"] = block
    elif "date_text" not in meta and signal.words <= 16 and _DATE.fullmatch(block):
        labels[index] = "date"
        meta["date_text"] = block
    else:
        return False
    return True


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
        if _take_byline_or_date(block, signal, labels, index, meta):
            continue
        if signal.kind is None and not signal.terminal and 3 <= signal.words <= 30:
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
        match = closing_credit(block)
        if match is None or match.start() == 0:
            return block
        credit = match.group("credit") or match.group("agency")
        document.meta.setdefault("credit", credit.strip())
        document.record_removal(self.name, "credit", credit)
        return block[: match.start()].rstrip()


@hookimpl
def thresher_register_cleaners() -> list[type[Cleaner]]:
    return [BoilerplateCleaner]
