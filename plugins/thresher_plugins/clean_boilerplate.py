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

import functools
import re
from collections.abc import Sequence
from typing import Final
from urllib.parse import urlsplit

import attrs

from thresher import Cleaner, Document, document_url, hookimpl, remove_blocks, split_blocks

# A block ends a sentence when its last non-quote, non-bracket character is
# sentence punctuation (a closing quote or bracket after it is common).
_TERMINAL = re.compile(r"[.!?…。！？:;][\"'”’»)\]]*\s*$")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def _kind_pattern(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{a})" for a in alternatives), re.IGNORECASE)


# Whole-block patterns: a short block (at most _SHORT words) that fully
# matches one of these is that kind. Each is one family's vocabulary.
_SHORT: Final = 14
_WHOLE: Final[dict[str, re.Pattern[str]]] = {
    "advertisement": _kind_pattern(
        r"(?:\W*)(?:advertisement|advertising|sponsored(?: content| links?)?|ad|ads|"
        r"anzeige|werbung|publicité|publicidad|pubblicità|publicidade|reklama)(?:\W*)",
        r"(?:story|article) continues (?:below|after)(?: (?:this|the))? (?:advertisement|ad)\W*",
        r"scroll (?:down )?to continue(?: with content)?\W*",
        r"(?:continue reading|weiterlesen nach der anzeige)\W*",
    ),
    "share": _kind_pattern(
        r"(?:\W*(?:share|tweet|pin|email|e-mail|mail|print|copy link|copy|whatsapp|"
        r"facebook|twitter|x|linkedin|pinterest|reddit|flipboard|telegram|mix|"
        r"messenger|sms|comment|teilen|drucken|partager|compartir|condividi|"
        r"compartilhar|imprimir|\d+\s*shares?|shares?)\b\W*){1,12}",
        r"share (?:this|the)(?: (?:article|story|post|page))?(?: on \w+)?\W*",
        r"click to (?:share|email|print|tweet).{0,60}",
        r"share (?:on|via|to|with) .{1,40}",
        r"sharing is caring\W*",
        r"(?:diesen )?artikel teilen\W*|partager (?:cet|l') ?article\W*",
        r"compartir (?:en|este artículo)\b.{0,30}",
        r"(?:follow|like) us on .{1,40}",
    ),
    "newsletter": _kind_pattern(
        r"(?:enter your |your )?e-?mail(?: address)?\W*",
        r"(?:subscribe|sign up|register|abonnieren|jetzt abonnieren|s'abonner|suscríbete|"
        r"abbonati|assine)(?: now| today| here)?\W*",
    ),
    "consent": _kind_pattern(
        r"(?:accept|accept all|reject all|agree|i agree|ok|got it|allow all|"
        r"akzeptieren|alle akzeptieren|zustimmen|accepter|tout accepter|aceptar|accetta)\W*",
    ),
    "comments": _kind_pattern(
        r"\W*\d+\s*(?:comments?|kommentare?|commentaires?|comentarios?|commenti|comentários?|"
        r"responses?|replies)\b.{0,60}",
        r"\S+(?: \S+){0,3} (?:says|said|wrote|writes|schreibt|a écrit|dice|escribió)\s*:?",
        r"(?:top rated|newest|oldest|best|latest) comments\W*.{0,20}",
        r"(?:comments?|kommentare|commentaires|comentarios|commenti|comentários|"
        r"reader comments|discussion|join the (?:conversation|discussion)|"
        r"(?:leave|post|add|write) a (?:comment|reply|response)|leave a comment cancel reply|"
        r"show comments|view comments|comments? (?:are|is) closed|no comments?(?: yet)?|"
        r"reply|antworten|répondre|responder|rispondi|like|report(?: abuse)?|"
        r"log in to (?:comment|reply)|sign in to comment|be the first to comment)(?:\W.{0,40})?",
        r"you must be logged in to post a comment.*",
    ),
    "related": _kind_pattern(
        r"(?:related(?: \w+)?\s*:.{0,80}|tags?\s*:.{0,120}|read these next|"
        r"more(?: \w+){1,3} (?:stories|news|articles|videos)|more [A-Z][\w.]*(?: [A-Z][\w.]*){0,2}|"
        r"related|related (?:articles?|stories|posts|news|content|coverage|topics)|"
        r"more (?:from|on|in|about|stories|news|articles?)\b.{0,40}|most (?:read|popular|"
        r"viewed|shared|commented)|trending(?: now| stories)?|popular(?: posts| stories| now)?|"
        r"recommended(?: for you| stories| articles)?|you (?:may|might) (?:also )?like|"
        r"read (?:more|next|also)|see also|also read|also on .{1,30}|"
        r"top stories|latest (?:news|stories|posts|articles|videos)|editor'?s? picks?|"
        r"don'?t miss|what to read next|up next|in case you missed it|"
        r"previous (?:post|article)|next (?:post|article)|"
        r"mehr zum thema|das könnte sie auch interessieren|auch interessant|lesen sie auch|"
        r"meistgelesen|am meisten gelesen|weitere artikel|verwandte artikel|"
        r"à lire aussi|lire aussi|sur le même sujet|les plus lus|"
        r"noticias relacionadas|te puede interesar|lo más leído|"
        r"leggi anche|articoli correlati|i più letti|leia também|mais lidas)\W*",
    ),
    "bio": _kind_pattern(
        r"about (?:the )?author\W*",
        r"(?:über den autor|über die autorin|à propos de l'auteur|sobre el autor)\W*",
    ),
    "legal": _kind_pattern(
        r"(?:legal )?disclaimer\W*.*",
    ),
    "footer": _kind_pattern(
        r"(?:©|\(c\)|copyright)\s*(?:\d{4})?.{0,100}",
        r"(?:back to top|to top|nach oben|haut de page|powered by .{1,40}|"
        r"contact(?: us)?|about(?: us)?|advertise(?: with us)?|careers|jobs|sitemap|site map|"
        r"kontakt|über uns|mediadaten|nous contacter|contacto|contatti)\W*",
    ),
    "caption": _kind_pattern(
        r"(?:photo|photograph|image|picture|foto|bild|illustration|video|file photo|"
        r"photo credit|image credit|image source|credit|credits|source|quelle|fuente|crédit)"
        r"\s*(?:by)?\s*[:/©].{0,200}",
        r"(?:image|photo|picture|bild|foto) \d+ (?:of|von|de|di|/) \d+\W*",
        r"(?:caption|close|back to gallery|enlarge this image|toggle caption|"
        r"hide caption|view gallery|\d+\s*/\s*\d+)\W*",
    ),
    "navigation": _kind_pattern(
        r"(?:menu|main menu|navigation|search|home|homepage|start|startseite|accueil|inicio|"
        r"skip to (?:main )?content|skip navigation|log ?in|log ?out|sign ?in|sign ?out|"
        r"register|my account|account|profile|close|open|toggle navigation|more|"
        r"sections|topics|all sections|english|deutsch|français|español|italiano|"
        r"anmelden|suche|rechercher|buscar|cerca|buscar)\W*",
        r"(?:[^|•·›»>]{1,30}\s*[|•·›»>]\s*){2,}[^|•·›»>]{0,30}",
    ),
}
# Keywords that make a short block that kind wherever they stand in it.
_CONTAINS: Final[dict[str, re.Pattern[str]]] = {
    "consent": _kind_pattern(
        r"\bcookies?\b",
        r"\b(?:consent|gdpr|datenschutzeinstellungen|privacy settings|"
        r"manage (?:your )?preferences)\b",
    ),
    "newsletter": _kind_pattern(
        r"\b(?:sign up|subscribe|subscription)\b.{0,80}\b(?:newsletter|inbox|updates|"
        r"email|daily|weekly|alerts?)\b",
        r"\bnewsletters?\b",
        r"\b(?:delivered|straight) to your inbox\b",
    ),
    "legal": _kind_pattern(
        r"\ball rights reserved\b",
        r"\b(?:terms (?:of|and) (?:use|service|conditions)|privacy (?:policy|notice)|"
        r"cookie policy|impressum|datenschutz(?:erklärung)?|nutzungsbedingungen|"
        r"mentions légales|aviso legal|política de privacidad)\b",
    ),
    "caption": _kind_pattern(
        r"\((?:photo|image|foto|picture|credit)[^)]{0,80}\)\W*$",
        r"\b(?:getty images|associated press|ap photo|afp|reuters|shutterstock|"
        r"istock(?:photo)?|dpa|epa|wikimedia commons|picture alliance|imago)\W*(?:file)?\W*$",
    ),
}
# Long blocks are judged by their opening words only: a consent banner or a
# disclaimer says what it is up front.
_OPENING: Final[dict[str, re.Pattern[str]]] = {
    "consent": _kind_pattern(
        r"(?:this|our) (?:web)?site uses cookies",
        r"we use cookies",
        r"(?:diese|unsere) (?:web)?seite verwendet cookies",
        r"wir verwenden cookies",
        r"ce site utilise des cookies",
        r"nous utilisons des cookies",
        r"(?:este sitio|utilizamos) (?:web )?(?:utiliza )?cookies",
        r"by (?:using|continuing to use) (?:this|our) (?:web)?site",
    ),
    "legal": _kind_pattern(
        r"(?:legal )?disclaimer\s*:",
        r"haftungsausschluss\s*:",
        r"the (?:information|content|views) (?:contained )?(?:in|on) this (?:article|site|"
        r"website|page|press release)",
        r"this (?:article|content|material|press release) (?:is|was) (?:provided|for "
        r"information|not intended|distributed)",
        r"(?:all|any) (?:content|material) (?:on|of) this (?:site|website)",
    ),
    "bio": _kind_pattern(
        r"\w+(?: \w+){0,3} is an? (?:\w+ ){0,3}(?:reporter|writer|journalist|editor|"
        r"correspondent|contributor|columnist|freelance|author|blogger|producer|"
        r"photographer|intern)\b",
    ),
    "newsletter": _kind_pattern(
        r"sign up (?:for|to) (?:our|the)\b",
        r"subscribe to (?:our|the)\b",
        r"get (?:our|the) .{0,40}newsletter",
    ),
}
# A caption is often the image's description followed by its credit.
_CAPTION_WORDS: Final = 35
_CAPTION_END = re.compile(
    r"(?:\b(?:source|photo|photograph|image|picture|credit|foto|bild|quelle|fuente)\s*:"
    r"[^.!?]{1,80}|\bvia wikimedia commons|\((?:photo|image|foto|picture)\b[^)]{0,80}\)|"
    r"/\s*(?:getty images|afp|reuters|ap|dpa|epa|shutterstock))\W*$",
    re.IGNORECASE,
)
# One alternation per table, tried in the tables' order: one regex call a block.
_WHOLE_BLOCK = re.compile(
    "|".join(f"(?P<{kind.replace('-', '_')}>{p.pattern})" for kind, p in _WHOLE.items()),
    re.IGNORECASE,
)
_CONTAINED_WORDS = re.compile(
    "|".join(f"(?P<{kind}>{p.pattern})" for kind, p in _CONTAINS.items()), re.IGNORECASE
)
# A regex search for dozens of alternatives costs ~20 µs a block; these
# substring tests (every _CONTAINS alternative starts with one) rule most
# blocks out in ~2 µs.
_CONTAINED_STEMS: Final = (
    "cookie",
    "consent",
    "gdpr",
    "datenschutz",
    "privacy",
    "preferences",
    "sign up",
    "subscri",
    "newsletter",
    "inbox",
    "rights reserved",
    "terms",
    "impressum",
    "nutzungsbedingungen",
    "mentions l",
    "aviso legal",
    "política",
    "(photo",
    "(image",
    "(foto",
    "(picture",
    "(credit",
    "getty",
    "associated press",
    "ap photo",
    "afp",
    "reuters",
    "shutterstock",
    "istock",
    "dpa",
    "epa",
    "wikimedia",
    "picture alliance",
    "imago",
)
_OPENING_WORDS = re.compile(
    "|".join(f"(?P<{kind}>{p.pattern})" for kind, p in _OPENING.items()), re.IGNORECASE
)
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
# A credit glued to the end of the last paragraph (``...seas.© KYODO``) or
# standing alone: a copyright sign or a bracketed agency name in capitals.
_CLOSING_CREDIT = re.compile(
    r"(?:(?<=[.!?”\"’])\s*|\s+)(?P<credit>(?:©|\(c\)|copyright)\s*(?:\d{4}\s*)?"
    r"[A-Z][\w.&' -]{1,40})\s*$"
    r"|(?<=[.!?”\"’])\s*(?P<agency>\((?:[A-Z][A-Za-z.&-]{1,20}(?: [A-Z][A-Za-z.&-]{1,20}){0,2})\))"
    r"\s*$"
)


@attrs.frozen
class _Signals:
    words: int
    terminal: bool
    prose: float  # share of words starting in lower case
    kind: str | None
    headline: bool  # capitalised words, no closing punctuation: a heading or a link title
    closes_article: bool  # ends with a closing credit such as "© AGENCY"


def block_signals(block: str) -> _Signals:
    """What a block says about itself, before its neighbours are considered.

    Short blocks are cached: menus, share rows and footers repeat across the
    pages of a site, and a block's signals depend on its text alone. Long
    blocks (article paragraphs) rarely repeat, and caching them would hold
    their text in memory.
    """
    if len(block) <= _CACHED_CHARS:
        return _cached_block_signals(block)
    return _block_signals(block)


_CACHED_CHARS: Final = 300


def _block_signals(block: str) -> _Signals:
    tokens = block.split()
    words = len(tokens)
    letter_words = [t for t in tokens if t[0].isalpha()]
    lower = sum(1 for t in letter_words if t[0].islower())
    prose = lower / len(letter_words) if letter_words else 0.0
    cjk = 0 if block.isascii() else len(_CJK.findall(block))
    if cjk:
        # Scripts without spaces: about two characters a word.
        words = max(words, cjk // 2)
    terminal = bool(_TERMINAL.search(block))
    kind = _kind_of(block, words)
    if (
        kind is None
        and not terminal
        and words <= _CAPTION_WORDS
        and _CAPTION_END.search(block, len(block) - 120)
    ):
        kind = "caption"
    headline = not terminal and 3 <= words <= 25 and (prose <= 0.5 or cjk > 0) and kind is None
    closes = words >= _SHORT and _CLOSING_CREDIT.search(block, len(block) - 60) is not None
    return _Signals(words, terminal, prose, kind, headline, closes)


def _kind_of(block: str, words: int) -> str | None:
    if words <= _SHORT:
        match = _WHOLE_BLOCK.fullmatch(block)
        if match is None:
            lowered = block.lower()
            if any(stem in lowered for stem in _CONTAINED_STEMS):
                match = _CONTAINED_WORDS.search(block)
        if match is not None:
            return match.lastgroup
    match = _OPENING_WORDS.match(block, 0, 160)
    return match.lastgroup if match is not None else None


_cached_block_signals = functools.lru_cache(maxsize=1 << 16)(_block_signals)


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


def _headline_from_slug(blocks: Sequence[str], signals: Sequence[_Signals], url: str) -> int | None:
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
    blocks: Sequence[str], signals: Sequence[_Signals], labels: list[str], start: int, end: int
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


def _block_score(signal: _Signals) -> float:
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
    signals: Sequence[_Signals], min_article_words: int
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
    signals: Sequence[_Signals],
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
        match = _CLOSING_CREDIT.search(block)
        if match is None or match.start() == 0:
            return block
        credit = match.group("credit") or match.group("agency")
        document.meta.setdefault("credit", credit.strip())
        document.record_removal(self.name, "credit", credit)
        return block[: match.start()].rstrip()


@hookimpl
def thresher_register_cleaners() -> list[type[Cleaner]]:
    return [BoilerplateCleaner]
