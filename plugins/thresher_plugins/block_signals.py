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
"""

from __future__ import annotations

import functools
import re
from typing import Final

import attrs

# A block ends a sentence when its last non-quote, non-bracket character is
# sentence punctuation (a closing quote or bracket after it is common).
_TERMINAL = re.compile(r"[.!?…。！？:;][\"'”’»)\]]*\s*$")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def _kind_pattern(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{a})" for a in alternatives), re.IGNORECASE)


# Whole-block patterns: a short block (at most SHORT_BLOCK_WORDS words) that fully
# matches one of these is that kind. Each is one family's vocabulary.
SHORT_BLOCK_WORDS: Final = 14
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
# A credit glued to the end of the last paragraph (``...seas.© KYODO``) or
# standing alone: a copyright sign or a bracketed agency name in capitals.
CLOSING_CREDIT = re.compile(
    r"(?:(?<=[.!?”\"’])\s*|\s+)(?P<credit>(?:©|\(c\)|copyright)\s*(?:\d{4}\s*)?"
    r"[A-Z][\w.&' -]{1,40})\s*$"
    r"|(?<=[.!?”\"’])\s*(?P<agency>\((?:[A-Z][A-Za-z.&-]{1,20}(?: [A-Z][A-Za-z.&-]{1,20}){0,2})\))"
    r"\s*$"
)


@attrs.frozen
class Signals:
    words: int
    terminal: bool
    prose: float  # share of words starting in lower case
    kind: str | None
    headline: bool  # capitalised words, no closing punctuation: a heading or a link title
    closes_article: bool  # ends with a closing credit such as "© AGENCY"


def block_signals(block: str) -> Signals:
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


def _block_signals(block: str) -> Signals:
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
    closes = (
        words >= SHORT_BLOCK_WORDS and CLOSING_CREDIT.search(block, len(block) - 60) is not None
    )
    return Signals(words, terminal, prose, kind, headline, closes)


def _kind_of(block: str, words: int) -> str | None:
    if words <= SHORT_BLOCK_WORDS:
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
