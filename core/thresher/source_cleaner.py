"""Source-specific cleaners, declared rather than programmed.

Every page of an outlet wraps its article in the same template: the same
menu on top, the same sign-up box, disclaimer or comment section below. A
cleaner for one outlet is therefore mostly data: how to recognise the outlet
and which blocks of its template to remove. :class:`SourceCleaner` holds the
logic once, so an outlet is a subclass of about fifteen declarative lines
that a reviewer can check against a page, and every outlet behaves the same
way: identified the same way, removals recorded the same way, idempotent.

The core knows no source: the outlets themselves live in plugins.

Recognition (:meth:`SourceCleaner.applies_to`), cheapest test first: the
document's URL host is one of ``domains`` (subdomains included), its
``meta["publisher"]`` already names the outlet, or one of ``markers`` is
found in its text. The cleaner then fills ``meta["publisher"]`` if nothing
set it before, with ``meta["publisher_source"]`` saying how it was found
(``url`` or ``marker``).

Removal works on blocks (:func:`thresher.split_blocks`): paragraphs, or
lines in text without blank lines. Each rule is a ``(reason, pattern)``
pair; patterns are regular expressions (strings or compiled), and reasons
come from one vocabulary (:attr:`SourceCleaner.reasons`) shared with the
generic cleaners, so reports add up across cleaners:

``head``
    blocks removed from the top of the page for as long as each matches whole
    (menus, error-page text glued before the article).
``template``
    blocks removed wherever they are, when one matches whole.
``glued``
    text removed where it starts or ends a block, the rest of the block kept
    (a credit stuck to the last paragraph).
``tail``
    the first block that matches whole starts the end matter: it and every
    block after it are removed (a sign-up box that closes every page).
``after``
    the first block in which the pattern is found ends the article: every
    block after it is removed (reader comments after the credit line).

Whole-block patterns use ``fullmatch``, so they never take part of a
paragraph; ``.`` does not cross a line break unless the pattern says
``(?s)``. Cleaning repeats until nothing changes, so a second run never
removes more.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar, TypeAlias

from .blocks import BOILERPLATE_REASONS, document_domain, remove_blocks, split_blocks
from .components import Cleaner

if TYPE_CHECKING:
    from .model import Document

PatternLike: TypeAlias = "str | re.Pattern[str]"
Rule: TypeAlias = "tuple[str, PatternLike]"

_RULE_KINDS = ("head", "template", "glued", "tail", "after")
_LEADING_GLOBAL_FLAGS = re.compile(r"^\(\?[aiLmsux]+\)")
_NOT_A_NAME = re.compile(r"[^a-z0-9]+")


class _CompiledRules:
    """One subclass's declarations, compiled once when the class is created."""

    __slots__ = (
        "after",
        "domains",
        "glued_end",
        "glued_start",
        "head",
        "markers",
        "subdomains",
        "tail",
        "template",
    )

    def __init__(self, cls: type[SourceCleaner]) -> None:
        where = cls.__qualname__
        for kind in ("domains", "markers", *_RULE_KINDS):
            if isinstance(getattr(cls, kind), (str, re.Pattern)):
                raise TypeError(f"{where}.{kind} must be a tuple, not a single value")
        self.domains = frozenset(_host(domain) for domain in cls.domains)
        self.subdomains = tuple(f".{domain}" for domain in sorted(self.domains))
        self.markers = tuple(_compile(marker, f"{where}.markers") for marker in cls.markers)
        compiled = {
            kind: _compile_rules(getattr(cls, kind), cls.reasons, where, kind)
            for kind in _RULE_KINDS
        }
        self.head = compiled["head"]
        self.template = compiled["template"]
        self.tail = compiled["tail"]
        self.after = compiled["after"]
        self.glued_start = compiled["glued"]
        # re has no "match ending here" call: anchor a copy of each pattern at
        # the end of the block instead.
        self.glued_end = tuple(
            (reason, _anchored_at_end(pattern)) for reason, pattern in compiled["glued"]
        )


class SourceCleaner(Cleaner):
    """Recognise one outlet's pages and remove that outlet's known page template.

    Subclass it, set the class attributes below and register the subclass
    from ``thresher_register_cleaners``; see the module documentation for
    what each kind of rule removes. ``name`` defaults to the publisher in
    lower case with dashes (``"Harbour Gazette"`` → ``harbour-gazette``).

    :cvar publisher: the outlet's name, written to ``meta["publisher"]``.
    :cvar domains: URL hosts of the outlet's pages (``"example.com"`` also
        matches ``news.example.com``).
    :cvar markers: text that only the outlet's pages contain, to recognise
        pages without a URL (searched in the whole text: make them specific,
        and start them with literal text so the search stays fast).
    :cvar head: ``(reason, pattern)`` rules, see the module documentation;
        likewise ``template``, ``glued``, ``tail`` and ``after``.
    :cvar reasons: the reason codes rules may use.
    """

    publisher: ClassVar[str] = ""
    domains: ClassVar[tuple[str, ...]] = ()
    markers: ClassVar[tuple[PatternLike, ...]] = ()
    head: ClassVar[tuple[Rule, ...]] = ()
    template: ClassVar[tuple[Rule, ...]] = ()
    glued: ClassVar[tuple[Rule, ...]] = ()
    tail: ClassVar[tuple[Rule, ...]] = ()
    after: ClassVar[tuple[Rule, ...]] = ()

    #: The block reason codes of the generic cleaners. A typo would count
    #: removals under a code nobody reports on, so an unknown reason is an
    #: error when the class is created; extend this set to coin a new code.
    reasons: ClassVar[frozenset[str]] = BOILERPLATE_REASONS

    # After per-source learned boilerplate, before the generic block
    # segmenter: an outlet's known template is the surest knowledge there is.
    order = 360

    _rules: ClassVar[_CompiledRules | None] = None

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if not cls.publisher:  # an intermediate base class, not an outlet
            return
        if not cls.__dict__.get("name"):
            cls.name = _NOT_A_NAME.sub("-", cls.publisher.casefold()).strip("-")
        if not cls.__dict__.get("__doc__"):
            cls.__doc__ = f"Recognise {cls.publisher} pages and remove their known page template."
        cls._rules = _CompiledRules(cls)

    # -- recognition ----------------------------------------------------------------
    def applies_to(self, document: Document) -> bool:
        return self.recognise(document) is not None

    def recognise(self, document: Document) -> str | None:
        """How ``document`` is recognised as this outlet's, or ``None`` when it is not.

        ``"url"`` (a domain), ``"publisher"`` (``meta`` already names the
        outlet) or ``"marker"``; checked in that order, cheapest first.
        """
        rules = self._compiled()
        if rules.domains:
            host = document_domain(document)
            if host is not None and (host in rules.domains or host.endswith(rules.subdomains)):
                return "url"
        if document.meta.get("publisher") == self.publisher:
            return "publisher"
        text = document.text
        if any(marker.search(text) for marker in rules.markers):
            return "marker"
        return None

    # -- cleaning -------------------------------------------------------------------
    def clean(self, document: Document) -> None:
        # The pipeline only calls clean() when applies_to() said yes, but a
        # page from another outlet must cost no more than recognising it
        # however the cleaner is called: its blocks are never looked at.
        found_by = self.recognise(document)
        if found_by is None:
            return
        if not document.meta.get("publisher"):  # then found by "url" or "marker"
            document.meta["publisher"] = self.publisher
            document.meta["publisher_source"] = found_by
        had_text = bool(document.text.strip())
        # Removing one piece can expose another (a credit stripped off a block
        # that is then a whole template block): repeat until nothing changes.
        while document.text and self._clean_once(document):
            pass
        if had_text and not document.text.strip():
            document.drop("empty")

    def _clean_once(self, document: Document) -> bool:
        """One pass over the blocks; whether it removed anything."""
        rules = self._compiled()
        before = document.text
        blocks, separator = split_blocks(before)
        reasons: dict[int, str] = {}
        unglued = False

        start = 0
        while start < len(blocks) and (reason := _whole(rules.head, blocks[start])):
            reasons[start] = reason
            start += 1

        end = len(blocks)
        for index in range(start, end):
            if reason := _whole(rules.tail, blocks[index]):
                reasons.update(dict.fromkeys(range(index, end), reason))
                end = index
                break
        for index in range(start, end):
            if reason := _found(rules.after, blocks[index]):
                reasons.update(dict.fromkeys(range(index + 1, end), reason))
                end = index + 1
                break

        for index in range(start, end):
            if reason := _whole(rules.template, blocks[index]):
                reasons[index] = reason
            elif rules.glued_start:
                block = self._unglue(document, blocks[index])
                if block != blocks[index]:
                    blocks[index], unglued = block, True

        if not (reasons or unglued):
            return False  # untouched text stays byte-identical
        remove_blocks(document, self.name, reasons, blocks=(blocks, separator))
        if not reasons:  # remove_blocks only re-joins when it removes a block
            document.text = separator.join(block for block in blocks if block)
        return document.text != before

    def _unglue(self, document: Document, block: str) -> str:
        rules = self._compiled()
        changed = True
        while block and changed:
            changed = False
            for reason, pattern in rules.glued_start:
                match = pattern.match(block)
                if match and match.end():
                    document.record_removal(self.name, reason, match.group().strip())
                    block, changed = block[match.end() :].lstrip(), True
            for reason, pattern in rules.glued_end:
                match = pattern.search(block)
                if match and match.start() < len(block):
                    document.record_removal(self.name, reason, match.group().strip())
                    block, changed = block[: match.start()].rstrip(), True
        return block

    def _compiled(self) -> _CompiledRules:
        rules = type(self)._rules
        if rules is None:
            raise TypeError(f"{type(self).__name__} does not set 'publisher'")
        return rules


def _whole(rules: tuple[tuple[str, re.Pattern[str]], ...], block: str) -> str | None:
    for reason, pattern in rules:
        if pattern.fullmatch(block):
            return reason
    return None


def _found(rules: tuple[tuple[str, re.Pattern[str]], ...], block: str) -> str | None:
    for reason, pattern in rules:
        if pattern.search(block):
            return reason
    return None


def _host(domain: str) -> str:
    return domain.strip().casefold().removeprefix("www.").strip(".")


def _compile(pattern: PatternLike, where: str) -> re.Pattern[str]:
    if isinstance(pattern, re.Pattern):
        return pattern
    if not isinstance(pattern, str):
        raise TypeError(f"{where}: expected a regular expression, got {pattern!r}")
    try:
        return re.compile(pattern)
    except re.error as error:
        raise ValueError(f"{where}: invalid regular expression {pattern!r}: {error}") from error


def _compile_rules(
    rules: tuple[Rule, ...], known: frozenset[str], owner: str, kind: str
) -> tuple[tuple[str, re.Pattern[str]], ...]:
    where = f"{owner}.{kind}"
    compiled = []
    for rule in rules:
        if not (isinstance(rule, tuple) and len(rule) == 2):
            raise TypeError(f"{where}: expected (reason, pattern) pairs, got {rule!r}")
        reason, pattern = rule
        if reason not in known:
            raise ValueError(
                f"{where}: unknown reason {reason!r}; use one of {', '.join(sorted(known))}"
            )
        compiled.append((reason, _compile(pattern, where)))
    return tuple(compiled)


def _anchored_at_end(pattern: re.Pattern[str]) -> re.Pattern[str]:
    # Global inline flags such as "(?i)" must stay first; they are already in
    # pattern.flags, so drop them from the text instead of wrapping them.
    body = _LEADING_GLOBAL_FLAGS.sub("", pattern.pattern, count=1)
    return re.compile(rf"(?:{body})\s*\Z", pattern.flags)
