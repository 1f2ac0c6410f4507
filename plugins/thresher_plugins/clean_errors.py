"""The ``error-page`` cleaner: error, soft-404 and anti-bot pages out; glued error text off.

Crawlers store what the server sent, and servers send error pages with a
200 status (soft 404s), bot challenges, and templates that print an error
box above a page that then renders the article anyway. Three cases:

* **Only an error page** (no article left once error text, menus and other
  short lines are set aside): the document is dropped with reason
  ``error-page``.
* **Error text before an article** (``403``, ``Sorry!!``, "the page you
  were looking for doesn't exist", then the article): the error blocks are
  removed (reason ``error-page``) and the article kept.
* **Error text glued to the start of the first article block**: the error
  prefix is cut off and recorded.

What counts as an error message is a vocabulary of status codes and the
phrasings servers, CMSs and bot walls use, in English, German, French,
Spanish, Italian and Portuguese. An article *about* a 404 error keeps its
text: error blocks are only removed at the start or end of a document, and a
document is only dropped when no prose remains.
"""

from __future__ import annotations

import functools
import re
from typing import Final

import attrs

from thresher import Cleaner, Document, hookimpl, split_blocks
from thresher_plugins.case_blind import CaseBlind
from thresher_plugins.short_text_cache import ShortTextCache

_STATUS = r"(?:http\s*)?(?:error\s*)?(?:40[0-9]|41[0-9]|429|50[0-4])(?:\s*error)?"
# Phrases that say "error page" on their own.
_STRONG_PHRASES: Final = (
    r"(?:page|file|article|content|resource|url|document)s? (?:was |were |is )?not found",
    r"(?:the )?(?:page|article|content|link|url)s? (?:you(?:'re| are| were)? "
    r"(?:looking|searching) for|you requested|requested) .{0,60}"
    r"(?:(?:does ?n[o']t|did ?n[o']t|could ?n[o']t|can ?n[o']t|cannot|may ?n[o']t|no longer) "
    r"(?:be found|exists?|available)|(?:is|was) (?:not|no longer) (?:available|found)|"
    r"(?:has been|was|may have been) (?:removed|moved|deleted))",
    r"(?:we )?(?:can[’']t|cannot|can not|could ?n[o'’]t|were unable to|are unable to) find "
    r"(?:the |that |this )?(?:page|article|content)|"
    r"(?:you are|you're) not (?:authori[sz]ed|allowed|permitted) to (?:view|access)|"
    r"(?:disable|turn off|deaktivieren sie) (?:your |ihren )?(?:ad ?-?blocker|werbeblocker)|"
    r"(?:bitte )?aktivieren sie javascript|javascript .{0,40}aktiviert sein|"
    r"(?:cette )?page (?:est )?introuvable|la page que vous (?:recherchez|cherchez) n'existe|"
    r"(?:this|the) page (?:does ?n[o']t|did ?n[o']t|does not|is not|isn't|no longer) "
    r"(?:exist|available|be found)",
    r"access (?:denied|forbidden)|forbidden|unauthori[sz]ed|bad request|"
    r"you (?:do not|don't) have permission to (?:access|view) .{0,60}|"
    r"service (?:temporarily )?unavailable|internal server error|gateway time-?out|"
    r"too many requests|request (?:blocked|rejected)",
    r"(?:please )?(?:enable|turn on) (?:javascript|cookies)(?: (?:and|to) .{0,60})?",
    r"(?:checking|verifying) (?:your|if the site connection is secure|you are human).{0,80}",
    r"(?:are you a (?:robot|human)|verify (?:that )?you(?:'re| are) (?:a )?human|"
    r"(?:please )?complete the (?:security check|captcha)|captcha|just a moment|"
    r"ddos protection by .{1,30}|cloudflare ray id.{0,40}|attention required)",
    r"(?:seite|datei) (?:wurde )?nicht gefunden|die (?:angeforderte )?seite existiert nicht|"
    r"(?:leider )?ist ein fehler aufgetreten|zugriff verweigert",
    r"page (?:introuvable|non trouvée)|cette page n'existe pas",
    r"página no (?:encontrada|existe)|la página que buscas no existe|"
    r"pagina non trovata|página não encontrada",
)
# Words that belong on an error page but may as well open an article
# ("Sorry seems to be...", "Error rates fell..."): they make up an error
# block, never prove one. A status code, likewise, may be a number.
_WEAK_PHRASES: Final = (
    r"(?:something went wrong|an error (?:has )?occurred|we(?:'re| are) sorry|sorry|oops|"
    r"whoops|uh[- ]oh)",
    r"(?:go|return|back) to (?:the )?(?:home ?page|homepage|front page|start page)",
    r"error|fehler|erreur",
)
_PHRASES: Final = _STRONG_PHRASES + _WEAK_PHRASES
_ERROR_PHRASE = f"(?:{_STATUS}|{'|'.join(f'(?:{p})' for p in _PHRASES)})"
# A whole block made of error phrases, each followed by up to 40 characters
# of other words, and the punctuation between them. The words after a phrase
# stop where another phrase starts and each phrase is committed to (an atomic
# group): "404 404 404 ... x" can then be split only one way, where letting
# the filler swallow phrases gave re exponentially many splits to try
# before failing (a 70-character block took half a minute).
_ERROR_BLOCK = CaseBlind(
    rf"(?>[\W_]*{_ERROR_PHRASE}\b(?:(?![\W_]*{_ERROR_PHRASE}\b)[^.!?\n]){{0,40}}[.!?:;,\s]*)+"
    r"[\W_]*"
)
# Error phrases glued before article text in one block.
_ERROR_PREFIX = CaseBlind(rf"(?:[\W_]*{_ERROR_PHRASE}\b[.!?:;,\s]*)+(?=\S)")
_STRONG = CaseBlind("|".join(f"(?:{p})" for p in _STRONG_PHRASES))
_STATUS_BLOCK = CaseBlind(rf"\W*{_STATUS}\W*")
_WORD = re.compile(r"\w+")
_CUES: Final = (
    "error",
    "sorry",
    "oops",
    "whoops",
    "uh",
    "not found",
    "found",
    "exist",
    "denied",
    "forbidden",
    "unauthori",
    "bad request",
    "unavailable",
    "timeout",
    "time-out",
    "too many",
    "request",
    "javascript",
    "cookie",
    "checking",
    "verif",
    "robot",
    "human",
    "captcha",
    "moment",
    "ddos",
    "cloudflare",
    "attention",
    "home",
    "front page",
    "start",
    "went wrong",
    "occurred",
    "permission",
    "authorised",
    "authorized",
    "allowed",
    "blocker",
    "fehler",
    "seite",
    "zugriff",
    "erreur",
    "introuvable",
    "página",
    "pagina",
    "find",
    "removed",
    "moved",
    "deleted",
    "available",
    "requested",
    "looking for",
    "searching for",
    "aktivieren",
    "aktiviert",
    "recherchez",
    "cherchez",
    "werbeblocker",
)


def _any_of(words: list[str]) -> str:
    """A pattern that finds any of ``words``, as a trie ("e(?:rr(?:eur|or)|xist)").

    re tries the alternatives of a group one after the other at each
    position; sharing prefixes leaves one or two to try instead of dozens. A
    word that another word starts with is enough on its own: a search only
    has to find one of them.
    """
    by_first: dict[str, list[str]] = {}
    for word in words:
        by_first.setdefault(word[0], []).append(word[1:])
    branches = [
        re.escape(first) + ("" if "" in rests else _any_of(rests))
        for first, rests in sorted(by_first.items())
    ]
    return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"


# The cues in one pattern, searched in the lower-cased block: one pass
# instead of one substring search per cue.
_CUE = re.compile(_any_of(list(_CUES)))

# Every match of _STRONG contains one of these, as literal text of its phrase
# (a test proves it from the patterns, so a new phrase needs its cue here).
# Searching for them is much faster than for the phrases, and they are rare
# in ordinary text: most blocks with a cue ("home", "sorry") skip _STRONG.
_STRONG_CUES: Final = (
    "not found",
    "be found",
    "longer found",
    "gefunden",
    "exist",
    "available",
    "moved",
    "deleted",
    "find",
    "authori",
    "not allowed",
    "not permitted",
    "blocker",
    "javascript",
    "introuvable",
    "forbidden",
    "access denied",
    "zugriff",
    "bad request",
    "many requests",
    "blocked",
    "rejected",
    "have permission",
    "server error",
    "gateway time",
    "cookies",
    "checking",
    "verif",
    "are you a",
    "captcha",
    "security check",
    "just a moment",
    "ddos",
    "cloudflare",
    "attention required",
    "fehler aufgetreten",
    "trouvée",
    "encontrada",
    "trovata",
)
# Case-insensitive like _STRONG, so a text _STRONG matches always has a cue.
_STRONG_CUE = CaseBlind(_any_of(list(_STRONG_CUES)))
_ASCII_DIGIT = re.compile("[0-9]")
_SEPARATORS = frozenset(["|", "•", "·", "›", "»", "/", "–", "-"])


@attrs.define
class ErrorPageCleaner(Cleaner):
    """Drop pages that are only an error; remove error text before or after an article.

    A document with no block of at least ``min_prose_words`` words left once
    its error blocks are set aside, and with at least one error block, is
    dropped as ``error-page``.
    """

    name = "error-page"
    order = 320

    min_prose_words: int = attrs.field(default=12, validator=attrs.validators.ge(1))
    max_error_words: int = attrs.field(default=30, validator=attrs.validators.ge(1))

    def clean(self, document: Document) -> None:
        blocks, separator = split_blocks(document.text)
        # Error blocks only matter before the first and after the last
        # prose block (in between they are the article talking about
        # errors), so only the edges are tested: a few regex calls a page.
        first = self._first_prose(blocks, range(len(blocks)))
        if first is None:
            errors = [b for b in blocks if self._is_error_block(b)]
            if any(_says_error(b) or _STATUS_BLOCK.fullmatch(b) for b in errors):
                document.drop("error-page")
            return
        last = self._first_prose(blocks, range(len(blocks) - 1, first, -1))
        if last is None:
            last = first
        edges = [*range(first), *range(last + 1, len(blocks))]
        removed = {i for i in edges if self._is_error_block(blocks[i])}
        if removed:
            for index in sorted(removed):
                document.record_removal(self.name, "error-page", blocks[index])
            blocks = [b for i, b in enumerate(blocks) if i not in removed and b]
            document.text = separator.join(blocks)
        self._cut_glued_prefix(document, blocks, separator)

    def _first_prose(self, blocks: list[str], order: range) -> int | None:
        for index in order:
            block = blocks[index]
            words = block.split()
            if len(words) < self.min_prose_words:
                continue  # too short whatever it holds: skip counting separators
            # A menu run ("Home | World | Politics | ...") is long but not prose.
            separators = sum(map(_SEPARATORS.__contains__, words))
            if (
                len(words) - separators >= self.min_prose_words
                and separators < 3
                and not self._is_error_block(block)
            ):
                return index
        return None

    def _is_error_block(self, block: str) -> bool:
        return _is_error_text_cached(block, self.max_error_words)

    def _cut_glued_prefix(self, document: Document, blocks: list[str], separator: str) -> None:
        if not blocks:
            return
        match = _ERROR_PREFIX.match(blocks[0])
        if match is None:
            return
        rest = blocks[0][match.end() :]
        prefix = blocks[0][: match.end()]
        if len(_WORD.findall(rest)) < self.min_prose_words or not _says_error(prefix):
            return
        document.record_removal(self.name, "error-page", prefix.strip())
        document.text = separator.join([rest, *blocks[1:]])


def _is_error_text(block: str, max_words: int) -> bool:
    """Whether ``block`` is error text: at most ``max_words`` words of error phrases."""
    if not block:
        return False
    if _more_words_than(max_words).match(block) is not None:
        return False
    # Every error phrase contains one of the cues, a status code a digit:
    # most menu and footer lines are ruled out without the big patterns.
    if _CUE.search(block.lower()) is None and not _has_digit(block):
        return False
    # A short block made of error phrases, or one that says so in words.
    return _ERROR_BLOCK.fullmatch(block) is not None or _says_error(block)


# The blocks at a page's edges are menus, share rows and footers: half of
# the tests on a news crawl repeat an earlier one.
_is_error_text_cached: Final = ShortTextCache(_is_error_text)


@functools.cache
def _more_words_than(limit: int) -> re.Pattern[str]:
    """A pattern that matches the start of a text with more than ``limit`` words (runs of \\w).

    One call stops one word past the limit, so a paragraph is ruled out
    without being read to its end or a match object made per word. The
    boundary after each run keeps a backtracking search from splitting one
    word into two.
    """
    return re.compile(rf"(?:\W*\w+\b){{{limit + 1}}}")


def _says_error(text: str) -> bool:
    """Whether one of the strong error phrases is found in ``text``."""
    return _STRONG_CUE.search(text) is not None and _STRONG.search(text) is not None


def _has_digit(text: str) -> bool:
    """Whether any character of ``text`` is a digit, as ``str.isdigit`` says."""
    if text.isascii():  # the only ASCII digits are 0-9: a fast scan will do
        return _ASCII_DIGIT.search(text) is not None
    return any(map(str.isdigit, text))


@hookimpl
def thresher_register_cleaners() -> list[type[Cleaner]]:
    return [ErrorPageCleaner]
