"""What one block of a flattened page says about itself: the ``boilerplate`` cleaner's signals.

Each block gets its word count, whether it ends a sentence, how many of its
words start in lower case (running prose does; menus and headlines do not),
and a *kind* when it matches the vocabulary of a boilerplate family
(navigation, consent, share, advertisement, newsletter, related, comments,
bio, legal, footer, caption) in English, German, French, Spanish, Italian or
Portuguese. Patterns are anchored and only tried on short blocks (or on the
opening words of long ones), so a sentence that mentions cookies stays.

The segmenter (``clean_boilerplate``) weighs these signals against the
block's neighbours; this module never looks past one block.

Speed. This runs on every block of every page, and a vocabulary tried as one
case-insensitive alternation costs ~10 µs a block (re tries every
alternative, and cannot skip ahead when ignoring case). So a table's
alternatives are tried one by one, in the table's order, but only those that
can match the block: those whose literal opening ("menu", "share this") the
lowered block starts with, and those that can start almost anywhere
(``\\S+ says``, ``a | b | c``) only if the block holds the literal text their
matches must contain (" says", "|"). An alternation returns its first
alternative that matches, so leaving out alternatives that cannot match
gives the same kind. Openings and required text are derived from the
patterns' parse trees when the module is imported (``_Vocabulary``), so the
tables stay the one place a kind's vocabulary is written, and
tests/plugins/test_block_signals.py checks the result against the plain
alternation.
"""

from __future__ import annotations

import functools
import math
import re
import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final, NamedTuple

try:  # Python 3.11+
    from re import _parser as _sre  # type: ignore[attr-defined, unused-ignore]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre  # type: ignore[no-redef, unused-ignore]

from thresher_plugins.short_text_cache import ShortTextCache
from thresher_plugins.tries import trie, trie_branches

# A block ends a sentence when its last non-quote, non-bracket character is
# sentence punctuation (a closing quote or bracket after it is common): the
# regex ``[ends][closers]*\s*$``, tested with rstrip (str.rstrip and ``\s``
# agree on what whitespace is) instead of a search from every position.
_SENTENCE_ENDS: Final = ".!?…。！？:;"
_CLOSERS: Final = "\"'”’»)]"
# Scripts written without spaces between words: kana, CJK ideographs, hangul.
_CJK_RANGES: Final = (
    ("\u3040", "\u30ff"),
    ("\u3400", "\u4dbf"),
    ("\u4e00", "\u9fff"),
    ("\uac00", "\ud7af"),
)
_CJK = re.compile("[" + "".join(f"{low}-{high}" for low, high in _CJK_RANGES) + "]")
# In UTF-8 their characters start with one of a few bytes: text whose UTF-8
# has none of them has none of those characters, which bytes.translate tells
# faster than a regex scan of the text.
_NOT_CJK_LEAD_BYTES: Final = bytes(
    set(range(256))
    - {byte for low, high in _CJK_RANGES for byte in range(low.encode()[0], high.encode()[0] + 1)}
)


def _vocabulary(*alternatives: str) -> tuple[str, ...]:
    """One family's vocabulary: regex alternatives, matched ignoring case."""
    return alternatives


# Whole-block patterns: a short block (at most SHORT_BLOCK_WORDS words) that fully
# matches one of these is that kind. Each is one family's vocabulary.
SHORT_BLOCK_WORDS: Final = 14
_WHOLE: Final[dict[str, tuple[str, ...]]] = {
    "advertisement": _vocabulary(
        r"(?:\W*)(?:advertisement|advertising|sponsored(?: content| links?)?|ad|ads|"
        r"anzeige|werbung|publicité|publicidad|pubblicità|publicidade|reklama)(?:\W*)",
        r"(?:story|article) continues (?:below|after)(?: (?:this|the))? (?:advertisement|ad)\W*",
        r"scroll (?:down )?to continue(?: with content)?\W*",
        r"(?:continue reading|weiterlesen nach der anzeige)\W*",
    ),
    "share": _vocabulary(
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
        r"(?:auf|bei|über) (?:facebook|x|twitter|whatsapp|linkedin|pinterest|telegram|threads|"
        r"bluesky|reddit|xing|flipboard) (?:teilen|posten)\W*",
        r"(?:per|via) e-?mail (?:senden|teilen|versenden|weiterleiten|verschicken)\W*",
        r"(?:link kopieren|copier le lien|copiar (?:el )?enlace|copia (?:il )?link|"
        r"copiar (?:o )?link)\W*",
        r"(?:envoyer par (?:e-?mail|courriel)|enviar por (?:e-?mail|correo)|"
        r"invia per e-?mail|enviar por whatsapp)\W*",
        r"(?:partager sur|compartir en|condividi su|compartilhar n[oa]) .{1,30}",
    ),
    "newsletter": _vocabulary(
        r"(?:enter your |your )?e-?mail(?: address)?\W*",
        r"(?:subscribe|sign up|register|abonnieren|jetzt abonnieren|s'abonner|suscríbete|"
        r"abbonati|assine)(?: now| today| here)?\W*",
    ),
    "consent": _vocabulary(
        r"(?:accept|accept all|reject all|agree|i agree|ok|got it|allow all|"
        r"akzeptieren|alle akzeptieren|zustimmen|accepter|tout accepter|aceptar|accetta)\W*",
        r"(?:(?:alle )?ablehnen|einstellungen verwalten|cookie-einstellungen|"
        r"accepter et fermer|continuer sans accepter|tout refuser|refuser|"
        r"personnaliser(?: mes choix)?|g[ée]rer (?:mes|les) (?:choix|préférences|cookies)|"
        r"rechazar(?: todo)?|configurar cookies|aceptar y cerrar|rifiuta(?: tutto)?|"
        r"reject|decline|manage (?:cookies|settings|choices))\W*",
    ),
    "comments": _vocabulary(
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
    "related": _vocabulary(
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
        r"(?:read (?:more|also)|see also|also read|(?:à )?lire aussi|lesen sie auch|"
        r"mehr zum thema|lee también|ver también|te puede interesar|leggi anche|leia também)"
        r"\s*:.{1,160}",
    ),
    "bio": _vocabulary(
        r"about (?:the )?author\W*",
        r"(?:über den autor|über die autorin|à propos de l'auteur|sobre el autor)\W*",
    ),
    "legal": _vocabulary(
        r"(?:legal )?disclaimer\W*.*",
    ),
    "footer": _vocabulary(
        r"(?:©|\(c\)|copyright)\s*(?:\d{4})?.{0,100}",
        r"(?:back to top|to top|nach oben|haut de page|powered by .{1,40}|"
        r"contact(?: us)?|about(?: us)?|advertise(?: with us)?|careers|jobs|sitemap|site map|"
        r"kontakt|über uns|mediadaten|nous contacter|contacto|contatti)\W*",
    ),
    "caption": _vocabulary(
        r"(?:photo|photograph|image|picture|foto|bild|illustration|video|file photo|"
        r"photo credit|image credit|image source|credit|credits|source|quelle|fuente|crédit)"
        r"\s*(?:by)?\s*[:/©].{0,200}",
        r"(?:image|photo|picture|bild|foto) \d+ (?:of|von|de|di|/) \d+\W*",
        r"(?:caption|close|back to gallery|enlarge this image|toggle caption|"
        r"hide caption|view gallery|\d+\s*/\s*\d+)\W*",
    ),
    "navigation": _vocabulary(
        r"(?:menu|main menu|navigation|search|home|homepage|start|startseite|accueil|inicio|"
        r"skip to (?:main )?content|skip navigation|log ?in|log ?out|sign ?in|sign ?out|"
        r"register|my account|account|profile|close|open|toggle navigation|more|"
        r"sections|topics|all sections|english|deutsch|français|español|italiano|"
        r"anmelden|suche|rechercher|buscar|cerca|buscar)\W*",
        r"(?:[^|•·›»>]{1,30}\s*[|•·›»>]\s*){2,}[^|•·›»>]{0,30}",
    ),
}
# Keywords that make a short block that kind wherever they stand in it.
_CONTAINS: Final[dict[str, tuple[str, ...]]] = {
    "consent": _vocabulary(
        r"\bcookies?\b",
        r"\b(?:consent|gdpr|datenschutzeinstellungen|privacy settings|"
        r"manage (?:your )?preferences)\b",
    ),
    "newsletter": _vocabulary(
        r"\b(?:sign up|subscribe|subscription)\b.{0,80}\b(?:newsletter|inbox|updates|"
        r"email|daily|weekly|alerts?)\b",
        r"\bnewsletters?\b",
        r"\b(?:delivered|straight) to your inbox\b",
    ),
    "legal": _vocabulary(
        r"\ball rights reserved\b",
        r"\b(?:terms (?:of|and) (?:use|service|conditions)|privacy (?:policy|notice)|"
        r"cookie policy|impressum|datenschutz(?:erklärung)?|nutzungsbedingungen|"
        r"mentions légales|aviso legal|política de privacidad)\b",
    ),
    "caption": _vocabulary(
        r"\((?:photo|image|foto|picture|credit)[^)]{0,80}\)\W*$",
        r"\b(?:getty images|associated press|ap photo|afp|reuters|shutterstock|"
        r"istock(?:photo)?|dpa|epa|wikimedia commons|picture alliance|imago)\W*(?:file)?\W*$",
    ),
}
# Long blocks are judged by their opening words only: a consent banner or a
# disclaimer says what it is up front.
_OPENING: Final[dict[str, tuple[str, ...]]] = {
    "consent": _vocabulary(
        r"(?:this|our) (?:web)?site uses cookies",
        r"we use cookies",
        r"(?:diese|unsere) (?:web)?seite verwendet cookies",
        r"wir verwenden cookies",
        r"ce site utilise des cookies",
        r"nous utilisons des cookies",
        r"(?:este sitio|utilizamos) (?:web )?(?:utiliza )?cookies",
        r"by (?:using|continuing to use) (?:this|our) (?:web)?site",
    ),
    "legal": _vocabulary(
        r"(?:legal )?disclaimer\s*:",
        r"haftungsausschluss\s*:",
        r"the (?:information|content|views) (?:contained )?(?:in|on) this (?:article|site|"
        r"website|page|press release)",
        r"this (?:article|content|material|press release) (?:is|was) (?:provided|for "
        r"information|not intended|distributed)",
        r"(?:all|any) (?:content|material) (?:on|of) this (?:site|website)",
    ),
    "bio": _vocabulary(
        r"\w+(?: \w+){0,3} is an? (?:\w+ ){0,3}(?:reporter|writer|journalist|editor|"
        r"correspondent|contributor|columnist|freelance|author|blogger|producer|"
        r"photographer|intern)\b",
        r"(?:[\w-]+ ){0,3}(?:reporter|writer|journalist|editor|correspondent|columnist)"
        r" [A-Z][\w'-]+(?: [A-Z][\w'-]+){1,2} (?:writes|covers|reports|is)\b",
        r"\w+(?: \w+){0,2} (?:writes|reports) (?:about|on) .{0,80}\. (?:she|he|they) "
        r"(?:joined|has|lives|is)\b",
    ),
    "newsletter": _vocabulary(
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
# A regex search for dozens of alternatives costs ~20 µs a block; these
# substrings of the lowered block (every _CONTAINS alternative starts with
# one) rule most blocks out first.
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
# A credit glued to the end of the last paragraph (``...seas.© KYODO``) or
# standing alone: a copyright sign or a bracketed agency name in capitals.
CLOSING_CREDIT = re.compile(
    r"(?:(?<=[.!?”\"’])\s*|\s+)(?P<credit>(?:©|\(c\)|copyright)\s*(?:\d{4}\s*)?"
    r"[A-Z][\w.&' -]{1,40})\s*$"
    r"|(?<=[.!?”\"’])\s*(?P<agency>\((?:[A-Z][A-Za-z.&-]{1,20}(?: [A-Z][A-Za-z.&-]{1,20}){0,2})\))"
    r"\s*$"
)
_CLOSING_CHARS: Final = 60
_CAPTION_END_CHARS: Final = 120
_OPENING_CHARS: Final = 160

# --- What a pattern's parse tree says about its matches ---------------------
# The trees come from re's own parser (the one re.compile uses); only its
# node types are read. A node not understood here is taken to admit any
# text, so a surprise makes the dispatch try more alternatives, never fewer.

_Node = tuple[Any, Any]  # (opcode, argument), as the parser gives them
_REPEATS: Final = frozenset(
    getattr(_sre, name)
    for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
    if hasattr(_sre, name)
)
_ZERO_WIDTH: Final = frozenset({_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT})
_ONE_CHARACTER: Final = frozenset({_sre.LITERAL, _sre.NOT_LITERAL, _sre.IN, _sre.ANY})
_ATOMIC_GROUP: Final = getattr(_sre, "ATOMIC_GROUP", object())
_CATEGORY_CLASSES: Final = {
    _sre.CATEGORY_DIGIT: r"\d",
    _sre.CATEGORY_NOT_DIGIT: r"\D",
    _sre.CATEGORY_SPACE: r"\s",
    _sre.CATEGORY_NOT_SPACE: r"\S",
    _sre.CATEGORY_WORD: r"\w",
    _sre.CATEGORY_NOT_WORD: r"\W",
}
_ANY_CHARACTER: Final = "(?s:.)"
_UNREAD: Final[_Node] = (None, None)  # nodes not looked at: they may match anything
# Literal strings are collected up to this many per set, and cut at a length:
# past that a set stops growing (still valid prefixes, only less selective
# ones), which keeps the analysis and the tries built from it small. An
# opening that picks alternatives need not be long, as a wrongly picked
# alternative fails at once; the text a gate searches for must be long
# enough to be rare.
_MAX_LITERALS: Final = 64
_OPENING_LENGTH: Final = 4
_GATE_LENGTH: Final = 8


def _parse(pattern: str, flags: int) -> list[_Node]:
    return list(_sre.parse(pattern, flags))


def _group(node: _Node) -> Sequence[_Node] | None:
    """The nodes inside a group that sets no flags; None for any other node."""
    op, argument = node
    if op is _sre.SUBPATTERN and not argument[1] and not argument[2]:
        return argument[3]  # type: ignore[no-any-return]
    if op is _ATOMIC_GROUP:
        return argument  # type: ignore[no-any-return]
    return None


def _front(nodes: Iterable[_Node]) -> list[_Node]:
    """The nodes as a match meets them: groups opened, a repeat's first round unrolled."""
    front = list(nodes)
    while front:
        op, argument = front[0]
        group = _group(front[0])
        if group is not None:
            front = [*group, *front[1:]]
        elif op in _REPEATS and argument[0] >= 1:
            front = [*argument[2], _UNREAD]
        else:
            break
    return front


def _character_class(node: _Node) -> str:
    """A regex for the characters a one-character node admits."""
    op, argument = node
    if op is _sre.LITERAL:
        return _character(argument)
    if op is _sre.NOT_LITERAL:
        return f"[^{_character(argument)}]"
    if op is _sre.IN:
        negated, parts = "", []
        for item_op, item in argument:
            if item_op is _sre.NEGATE:
                negated = "^"
            elif item_op is _sre.LITERAL:
                parts.append(_character(item))
            elif item_op is _sre.RANGE:
                parts.append(f"{_character(item[0])}-{_character(item[1])}")
            elif item_op is _sre.CATEGORY and item in _CATEGORY_CLASSES:
                parts.append(_CATEGORY_CLASSES[item])
            else:
                return _ANY_CHARACTER
        if not negated and len(parts) == 1 and parts[0] in _CATEGORY_CLASSES.values():
            return parts[0]  # bare, as _WORD_CLASSES spells it
        return f"[{negated}{''.join(parts)}]"
    return "."  # ANY, which stops at a newline like the patterns' "."


def _character(code: int) -> str:
    return f"\\U{code:08x}"


def _first_characters(nodes: Iterable[_Node]) -> tuple[list[str], bool]:
    """Classes of the characters a match can start with, and whether it can be empty."""
    classes: list[str] = []
    for node in nodes:
        op, argument = node
        if op in _ZERO_WIDTH:
            continue
        if op in _ONE_CHARACTER:
            classes.append(_character_class(node))
            return classes, False
        group = _group(node)
        if group is not None:
            inner = [_first_characters(group)]
        elif op is _sre.BRANCH:
            inner = [_first_characters(branch) for branch in argument[1]]
        elif op in _REPEATS:
            body, empty = _first_characters(argument[2])
            inner = [(body, empty or argument[0] == 0)]
        else:  # not understood: it may start with anything, or match nothing
            inner = [([_ANY_CHARACTER], True)]
        for inner_classes, _ in inner:
            classes += inner_classes
        if not any(empty for _, empty in inner):
            return classes, False
    return classes, True


def _literals(node: _Node, limit: int) -> tuple[set[str], bool]:
    """Strings every match of the node starts with one of, cut at ``limit`` characters, and
    whether the shorter ones are whole matches (so what follows the node extends them)."""
    op, argument = node
    group = _group(node)
    if group is not None:
        return _sequence_literals(group, limit)
    if op is _sre.LITERAL:
        return {chr(argument)}, True
    if op is _sre.IN and all(item_op is _sre.LITERAL for item_op, _ in argument):
        return {chr(code) for _, code in argument}, True
    if op in _ZERO_WIDTH:
        return {""}, True
    if op is _sre.BRANCH:
        branches = [_sequence_literals(branch, limit) for branch in argument[1]]
        strings = {text for branch_strings, _ in branches for text in branch_strings}
        return strings, all(exact for _, exact in branches)
    if op in _REPEATS:
        low, high, body = argument
        strings, exact = _sequence_literals(body, limit)
        return (strings | {""} if low == 0 else strings), exact and high == 1
    return {""}, False


def _sequence_literals(nodes: Sequence[_Node], limit: int) -> tuple[set[str], bool]:
    prefixes = {""}
    for node in nodes:
        strings, exact = _literals(node, limit)
        # A string already ``limit`` long is only a prefix: nothing is appended to it.
        joined = {
            prefix if len(prefix) >= limit else (prefix + text)[:limit]
            for prefix in prefixes
            for text in strings
        }
        if len(joined) > _MAX_LITERALS:
            return prefixes, False
        prefixes = joined
        if not exact:
            return prefixes, False
    return prefixes, True


def _openings(nodes: list[_Node]) -> tuple[set[str], list[str]]:
    """Literal strings a match starts with, and classes of the first character of the
    matches that start with none of them (branches with no literal opening)."""
    if nodes and nodes[0][0] is _sre.BRANCH:
        openings: set[str] = set()
        residual: list[str] = []
        for branch in nodes[0][1][1]:
            branch_openings, branch_residual = _openings(_front([*branch, *nodes[1:]]))
            openings |= branch_openings
            residual += branch_residual
        return openings, residual
    strings, _ = _sequence_literals(nodes, _OPENING_LENGTH)
    if "" not in strings:
        return strings, []
    classes, empty = _first_characters(nodes)
    return set(), [*classes, *([_ANY_CHARACTER] if empty else [])]


def _frequency(text: str) -> float:
    """Roughly how often a place in running text starts ``text``: a letter is about one
    character in fifteen, a space one in six, anything else rarer."""
    return math.prod(
        1 / 15 if character.isalpha() else 1 / 6 if character.isspace() else 1 / 100
        for character in text
    )


# A gate holding a string this common (" ", "e") would pass almost every block.
_USEFUL_FREQUENCY: Final = 0.01


def _required(nodes: Sequence[_Node]) -> set[str] | None:
    """Strings such that every match contains one of them: the fewest (the rarest if tied)."""
    nodes = list(nodes)
    found: list[set[str]] = []
    for start in range(len(nodes)):
        strings, _ = _sequence_literals(nodes[start:], _GATE_LENGTH)
        if "" not in strings:
            found.append(strings)
    for node in nodes:  # a part that every match goes through
        op, argument = node
        group = _group(node)
        inner: set[str] | None = None
        if group is not None:
            inner = _required(group)
        elif op in _REPEATS and argument[0] >= 1:
            inner = _required(argument[2])
        elif op is _sre.BRANCH:
            per_branch = [_required(branch) for branch in argument[1]]
            if all(per_branch):
                inner = {text for strings in per_branch if strings for text in strings}
        if inner:
            found.append(inner)
    useful = [strings for strings in found if max(map(_frequency, strings)) <= _USEFUL_FREQUENCY]
    return min(
        useful, key=lambda strings: (len(strings), sum(map(_frequency, strings))), default=None
    )


def _required_text(pattern: re.Pattern[str]) -> set[str] | None:
    """``_required`` of a compiled pattern, lowered if it ignores case.

    Leading spaces are dropped (" says" as "says", still text that every match
    contains): a space is a sixth of all characters, and a search would try
    its trie at each of them.
    """
    strings = _required(_parse(pattern.pattern, pattern.flags))
    if strings and pattern.flags & re.IGNORECASE:
        strings = {text.lower() for text in strings}
    return {text.lstrip(" ") or text for text in strings} if strings else strings


# --- Searches for literal text -----------------------------------------------


@functools.cache
def _literal_search(strings: frozenset[str]) -> re.Pattern[str]:
    """A case-sensitive search for any of the strings (cached: plans are many, gates few).

    A case-insensitive search cannot skip ahead to the places where a first
    character stands, so gates search lowered text for lowered strings.
    """
    return re.compile(trie(sorted(strings)))


# str.lower() and re.IGNORECASE agree on every character that the
# vocabularies' literals can match, except these: "ı" and "ſ" match "i" and
# "s" when case is ignored but lower() keeps them, and "İ" lowers to two
# characters (shifting what follows). A block holding one is matched without
# the lowered-text tests. tests/plugins/test_block_signals.py checks this
# list against every code point.
_FOLD_TRAPS: Final = "İıſ"


# --- Trying a table's alternatives where they can match ----------------------


def _is_non_word_run(node: _Node) -> bool:
    r"""Whether the node is ``\W*``, which runs to the block's first word character."""
    op, argument = node
    return (
        op in _REPEATS
        and argument[0] == 0
        and argument[1] == _sre.MAXREPEAT
        and list(argument[2]) == [(_sre.IN, [(_sre.CATEGORY, _sre.CATEGORY_NOT_WORD)])]
    )


# An alternative starting with \W* may be judged at the block's first word
# character only if its opening cannot start among the non-word characters
# before it: no non-word character matches an ASCII letter or digit even
# ignoring case (the tests check every code point), and \d and \w admit none.
_WORD_OPENING_FIRSTS: Final = frozenset(string.ascii_letters + string.digits)
_WORD_CLASSES: Final = frozenset({r"\d", r"\w"})


class _Opening(NamedTuple):
    """How a match of an alternative can begin."""

    after_non_word: bool  # at the block's first word character (the pattern starts with \W*)
    literals: tuple[str, ...]  # lowered text one of which a match starts with ...
    residual: re.Pattern[str] | None  # ... unless its first character is one of these


def _opening(pattern: re.Pattern[str]) -> _Opening:
    """How matches of the pattern (one alternative of a table) can begin."""
    nodes = _front(_parse(pattern.pattern, pattern.flags))
    after_non_word = bool(nodes) and _is_non_word_run(nodes[0])
    if after_non_word:
        literals, residual = _openings(_front(nodes[1:]))
        after_non_word = all(text[0] in _WORD_OPENING_FIRSTS for text in literals) and (
            set(residual) <= _WORD_CLASSES
        )
    if not after_non_word:
        literals, residual = _openings(nodes)
    if any(len(text.lower()) != len(text) for text in literals):
        # The lowered text would not line up with the block: admit any block.
        after_non_word, literals, residual = False, set(), [_ANY_CHARACTER]
    return _Opening(
        after_non_word,
        tuple(sorted({text.lower() for text in literals})),
        re.compile("|".join(residual), pattern.flags) if residual else None,
    )


# Caches keyed by a block's characters could grow with every character of a
# large script; past this size they start over instead.
_MAX_CACHED: Final = 1 << 16


class _Alternative(NamedTuple):
    kind: str
    regex: re.Pattern[str]
    gate: re.Pattern[str] | None  # searched for in the lowered block before the regex


class _Entry(NamedTuple):
    ungated: _Alternative
    gated: _Alternative
    opening: _Opening
    gate_strings: frozenset[str]


class _Plan(NamedTuple):
    """The alternatives that can match blocks opening alike, in the table's order."""

    quick: tuple[tuple[str, re.Pattern[str]], ...]  # those tried whatever the gates say
    gate: re.Pattern[str] | None  # finds any gated alternative's text
    ordered: tuple[_Alternative, ...]  # all of them, the gated ones with their gates


class _Vocabulary:
    """A kind table, tried alternative by alternative where an alternative can match.

    Gives the kind that the table as one case-insensitive alternation gives
    (the first alternative that matches, in the table's order), trying only
    the alternatives that the block's opening allows (see the module's
    docstring), with those that can start almost anywhere gated by text that
    their matches contain.
    """

    def __init__(self, table: Mapping[str, Sequence[str]]) -> None:
        self._entries: list[_Entry] = []
        for kind, alternatives in table.items():
            for alternative in alternatives:
                regex = re.compile(alternative, re.IGNORECASE)
                opening = _opening(regex)
                # With literal openings, the residual is narrow (a digit): no gate needed.
                strings = frozenset(_required_text(regex) or ()) if not opening.literals else None
                gate = _literal_search(strings) if strings else None
                self._entries.append(
                    _Entry(
                        _Alternative(kind, regex, None),
                        _Alternative(kind, regex, gate),
                        opening,
                        strings or frozenset(),
                    )
                )
        # For blocks whose lowered text cannot be used (see _FOLD_TRAPS), and the empty block.
        self.every = tuple((entry.ungated.kind, entry.ungated.regex) for entry in self._entries)
        self.openings = {text for entry in self._entries for text in entry.opening.literals}
        self.gate_strings = {text for entry in self._entries for text in entry.gate_strings}
        self._by_opening: dict[tuple[str, bool], frozenset[int]] = {}
        self._by_character: dict[tuple[str, bool], frozenset[int]] = {}
        self._plans: dict[tuple[frozenset[int], frozenset[int]], _Plan] = {}

    def plan(self, first: str, opening: str, word_first: str, word_opening: str) -> _Plan:
        """The alternatives for a block that starts with the character ``first`` and whose
        lowered text starts with ``opening``, the longest of all tables' openings that it
        starts with; ``word_first`` and ``word_opening`` are the same after the block's
        leading non-word characters.

        Blocks open in many ways, so the parts are cached apart: which
        alternatives an opening leads to, and which a first character admits.
        """
        led = self._led_by(opening, after_non_word=False) | self._led_by(
            word_opening, after_non_word=True
        )
        admitted = self._admitted(first, after_non_word=False) | self._admitted(
            word_first, after_non_word=True
        )
        key = (led, admitted - led)
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plans[key] = self._make_plan(*key)
        return plan

    def _led_by(self, opening: str, *, after_non_word: bool) -> frozenset[int]:
        key = (opening, after_non_word)
        led = self._by_opening.get(key)
        if led is None:
            led = self._by_opening[key] = frozenset(
                index
                for index, entry in enumerate(self._entries)
                if entry.opening.after_non_word == after_non_word
                and opening.startswith(entry.opening.literals)
            )
        return led

    def _admitted(self, character: str, *, after_non_word: bool) -> frozenset[int]:
        key = (character, after_non_word)
        admitted = self._by_character.get(key)
        if admitted is None:
            if len(self._by_character) >= _MAX_CACHED:
                self._by_character.clear()
            admitted = self._by_character[key] = frozenset(
                index
                for index, entry in enumerate(self._entries)
                if entry.opening.after_non_word == after_non_word
                and entry.opening.residual is not None
                and character
                and entry.opening.residual.fullmatch(character)
            )
        return admitted

    def _make_plan(self, led: frozenset[int], admitted: frozenset[int]) -> _Plan:
        chosen = [
            entry.ungated if index in led else entry.gated
            for index, entry in enumerate(self._entries)
            if index in led or index in admitted
        ]
        gate_strings = frozenset(
            text for index in admitted for text in self._entries[index].gate_strings
        )
        return _Plan(
            tuple((choice.kind, choice.regex) for choice in chosen if choice.gate is None),
            _literal_search(gate_strings) if gate_strings else None,
            tuple(chosen),
        )


class _OpeningSearch:
    """``regex.search`` on short text, trying only the places where a match can start.

    A case-insensitive search with no literal prefix tries every place with
    every alternative (~30 µs for the _CONTAINS vocabulary on a short block). When
    every match starts with literal text, a case-sensitive search of the
    lowered text finds those places quickly, and ``regex.match`` at each of
    them in turn finds what ``regex.search`` would.
    """

    def __init__(self, regex: re.Pattern[str]) -> None:
        self.regex = regex
        literals, residual = _openings(_front(_parse(regex.pattern, regex.flags)))
        usable = (
            literals
            and not residual
            and regex.flags & re.IGNORECASE
            and all(len(text.lower()) == len(text) for text in literals)
        )
        self._places = (
            _literal_search(frozenset(text.lower() for text in literals)) if usable else None
        )

    def search(self, block: str, lowered: str, start: int, foldable: bool) -> re.Match[str] | None:
        """``regex.search(block, start)``, using ``lowered`` (the lowered block) if ``foldable``."""
        if self._places is None or not foldable:
            return self.regex.search(block, start)
        place = self._places.search(lowered, start)
        while place is not None:
            at = place.start()
            match = self.regex.match(block, at)
            if match is not None:
                return match
            place = self._places.search(lowered, at + 1)
        return None


_NON_WORD_RUN = re.compile(r"\W*")
# Marks the start of the lowered block in _Dispatch.opening_or_gate.
_MARK: Final = "\0"


class _Dispatch:
    """Everything derived from the vocabularies' parse trees.

    Made on the first block (``_dispatch()``), not at import: the analysis
    takes tens of milliseconds, which every ``thresher`` command would pay
    for, whether it cleans anything or not.
    """

    def __init__(self) -> None:
        self.whole = _Vocabulary(_WHOLE)
        self.opening = _Vocabulary(_OPENING)
        # Plans by how a block opens: (first character, opening), and the same
        # after leading non-word characters if there are any; made when first
        # needed (a few hundred in practice, more for scripts with thousands of
        # characters).
        self.plans: dict[tuple[str, ...], tuple[_Plan, _Plan]] = {}
        # Searched for once a stem is found: rarely.
        self.contained_words = _OpeningSearch(
            re.compile(
                "|".join(
                    f"(?P<{kind}>{'|'.join(f'(?:{alternative})' for alternative in alternatives)})"
                    for kind, alternatives in _CONTAINS.items()
                ),
                re.IGNORECASE,
            )
        )
        # The same test as any(stem in lowered for stem in _CONTAINED_STEMS), in one call.
        self.contained_stem = _literal_search(frozenset(_CONTAINED_STEMS))
        # Text that a gated alternative of either table needs, or a stem: most
        # short blocks (four in five) hold none.
        self.short_block_gate_strings = frozenset(
            self.whole.gate_strings | self.opening.gate_strings | set(_CONTAINED_STEMS)
        )
        self.short_block_gates = _literal_search(self.short_block_gate_strings)
        # One search finds both a short block's opening and whether it holds
        # gate text: the lowered block is searched with a mark in front, which
        # only the openings follow, so a match at 0 is the block's opening (the
        # longest: the trie is greedy), and a match anywhere else is gate text.
        self.opening_or_gate = re.compile(
            "|".join(
                [
                    _MARK + trie(sorted(self.whole.openings | self.opening.openings)),
                    *trie_branches(sorted(self.short_block_gate_strings)),
                ]
            )
        )
        # An empty string (no text found) makes a gate that always passes.
        self.caption_end_gate = _literal_search(frozenset(_required_text(_CAPTION_END) or {""}))
        self.caption_end_search = _OpeningSearch(_CAPTION_END)
        self.closing_credit_gate = _literal_search(
            frozenset(_required_text(CLOSING_CREDIT) or {""})
        )

    def plans_for(self, key: tuple[str, ...]) -> tuple[_Plan, _Plan]:
        """The plans for a block opening as ``key`` says: (first, opening[, word first,
        word opening])."""
        plans = self.plans.get(key)
        if plans is None:
            if len(self.plans) >= _MAX_CACHED:
                self.plans.clear()
            first, opening, word_first, word_opening = key if len(key) == 4 else key * 2
            plans = self.plans[key] = (
                self.whole.plan(first, opening, word_first, word_opening),
                self.opening.plan(first, opening, word_first, word_opening),
            )
        return plans


@functools.cache
def _dispatch() -> _Dispatch:
    return _Dispatch()


# What each ASCII character is to str.split() and to the share of words in
# lower case: space, lower-case letter, upper-case letter or other. With a
# space in front, every word's initial follows a space, so counting b" a"
# counts the words starting in lower case, in C rather than a loop over words.
_ASCII_CLASSES: Final = bytes(
    ord(" ") if c.isspace() else ord("a") if c.islower() else ord("A") if c.isalpha() else ord("x")
    for c in map(chr, range(128))
) + bytes(128)  # never looked up: only ASCII text is translated


class Signals(NamedTuple):
    words: int
    terminal: bool
    prose: float  # share of words starting in lower case
    kind: str | None
    headline: bool  # capitalised words, no closing punctuation: a heading or a link title
    closes_article: bool  # ends with a closing credit such as "© AGENCY"


# A NamedTuple's generated __new__ is a Python function; making the tuple
# directly skips that call (a twentieth of a short block's cost).
_new_signals: Final[Callable[[tuple[int, bool, float, str | None, bool, bool]], Signals]] = (
    functools.partial(tuple.__new__, Signals)
)


def _block_signals(block: str) -> Signals:
    """What a block says about itself, before its neighbours are considered."""
    if block.isascii():
        classes = b" " + block.encode().translate(_ASCII_CLASSES)
        lower = classes.count(b" a")
        letters = lower + classes.count(b" A")
        words = letters + classes.count(b" x")
        cjk = 0
        foldable = True
    else:
        tokens = block.split()
        words = len(tokens)
        initials = "".join([token[0] for token in tokens])
        if initials.isascii():
            classes = initials.encode().translate(_ASCII_CLASSES)
            lower = classes.count(b"a")
            letters = lower + classes.count(b"A")
        else:
            letters = sum(map(str.isalpha, initials))
            # Not islower alone: a few lower-case characters are not letters ("ⅰ", "ⓐ").
            lower = sum(map(str.islower, filter(str.isalpha, initials)))
        # "surrogatepass": text from JSON may hold a lone surrogate.
        encoded = block.encode("utf-8", "surrogatepass")
        cjk = len(_CJK.findall(block)) if encoded.translate(None, _NOT_CJK_LEAD_BYTES) else 0
        if cjk:
            # Scripts without spaces: about two characters a word.
            words = max(words, cjk // 2)
        foldable = not any(map(block.__contains__, _FOLD_TRAPS))
    prose = lower / letters if letters else 0.0
    ending = block.rstrip().rstrip(_CLOSERS)
    terminal = ending != "" and ending[-1] in _SENTENCE_ENDS
    if not foldable or not block:
        lowered = block.lower()
        kind = _kind_by_every_alternative(block, lowered, words)
    else:
        # Past the caption test only the opening is looked at.
        lowered = block.lower() if words <= _CAPTION_WORDS else block[:_OPENING_CHARS].lower()
        kind = _kind_of(block, lowered, words)
    if kind is None and not terminal and words <= _CAPTION_WORDS:
        start = len(block) - _CAPTION_END_CHARS
        dispatch = _dispatch()
        if (not foldable or dispatch.caption_end_gate.search(lowered, start) is not None) and (
            dispatch.caption_end_search.search(block, lowered, start, foldable) is not None
        ):
            kind = "caption"
    headline = not terminal and 3 <= words <= 25 and (prose <= 0.5 or cjk > 0) and kind is None
    start = len(block) - _CLOSING_CHARS
    closes = (
        words >= SHORT_BLOCK_WORDS
        and _dispatch().closing_credit_gate.search(block, start) is not None
        and CLOSING_CREDIT.search(block, start) is not None
    )
    return _new_signals((words, terminal, prose, kind, headline, closes))


def _kind_of(block: str, lowered: str, words: int) -> str | None:
    """The kind of a non-empty block, given its lowered text (the opening of a long block),
    which must line up with it (no _FOLD_TRAPS character)."""
    dispatch = _dispatch()
    first = block[:1]
    short = words <= SHORT_BLOCK_WORDS
    if short:
        found = dispatch.opening_or_gate.search(_MARK + lowered)
        if found is None:
            opening, gated = "", False
        elif found.start() == 0:
            opening = found[0][1:]
            gated = dispatch.short_block_gates.search(lowered) is not None
        else:
            opening, gated = "", True
    else:
        found = dispatch.opening_or_gate.match(_MARK + lowered)  # the mark: only an opening
        opening = found[0][1:] if found is not None else ""
    if first.isalnum():  # no leading non-word characters: both openings are the same
        plans = dispatch.plans_for((first, opening))
    else:
        start = _NON_WORD_RUN.match(block).end()  # type: ignore[union-attr]
        found = dispatch.opening_or_gate.match(_MARK + lowered[start:])
        key = (first, opening, block[start : start + 1], found[0][1:] if found is not None else "")
        plans = dispatch.plans_for(key)
    whole, opening_words = plans
    if short:
        if not gated:
            for kind, regex in whole.quick:
                if regex.fullmatch(block) is not None:
                    return kind
        else:
            for kind, regex, gate in whole.ordered:
                if (gate is None or gate.search(lowered) is not None) and (
                    regex.fullmatch(block) is not None
                ):
                    return kind
            if dispatch.contained_stem.search(lowered) is not None:
                match = dispatch.contained_words.search(block, lowered, 0, foldable=True)
                if match is not None:
                    return match.lastgroup
    else:
        gated = opening_words.gate is not None and (
            opening_words.gate.search(lowered, 0, _OPENING_CHARS) is not None
        )
    if not gated:
        for kind, regex in opening_words.quick:
            if regex.match(block, 0, _OPENING_CHARS) is not None:
                return kind
    else:
        for kind, regex, gate in opening_words.ordered:
            if (gate is None or gate.search(lowered, 0, _OPENING_CHARS) is not None) and (
                regex.match(block, 0, _OPENING_CHARS) is not None
            ):
                return kind
    return None


def _kind_by_every_alternative(block: str, lowered: str, words: int) -> str | None:
    """The kind by the plain alternations, for blocks that _kind_of cannot take."""
    dispatch = _dispatch()
    if words <= SHORT_BLOCK_WORDS:
        for kind, regex in dispatch.whole.every:
            if regex.fullmatch(block) is not None:
                return kind
        if dispatch.contained_stem.search(lowered) is not None:
            match = dispatch.contained_words.search(block, lowered, 0, foldable=False)
            if match is not None:
                return match.lastgroup
    for kind, regex in dispatch.opening.every:
        if regex.match(block, 0, _OPENING_CHARS) is not None:
            return kind
    return None


#: What a block says about itself, before its neighbours are considered;
#: cached for short blocks (menus, share rows and footers recur across a site).
block_signals: Final = ShortTextCache(_block_signals)


def closing_credit(block: str) -> re.Match[str] | None:
    """The credit (``© AGENCY``, ``(AGENCY)``) at the end of ``block``, if any.

    re tries the pattern at every character of a paragraph, some fifty
    microseconds; the text every match needs ("©", "(") is found in C first.
    """
    if _dispatch().closing_credit_gate.search(block) is None:
        return None
    return CLOSING_CREDIT.search(block)
