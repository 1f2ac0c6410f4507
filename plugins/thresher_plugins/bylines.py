"""Who wrote a news page: bylines and wire reporting credits, as a list of names.

Forms read, in the languages thresher's other cleaners know:

* a byline: ``By Maria Keller``, ``By Anna Ruiz and Tom Becker | March 3,
  2026``, ``By MARIA KELLER, Staff Writer``, ``Von Jana Hoffmann``, ``Par
  Claire Dubois``, ``Por Luis Herrera``, ``Di Marco Bianchi``;
* a wire credit at the end: ``Reporting by Ana Ruiz and Tom Becker;
  Additional reporting by Li Wei; Editing by Mark Porter`` (the reporters
  are authors, the editors are not).

A name is two to five capitalised words, particles (``van``, ``de``,
``von``...) and initials allowed; a role after a comma (``Staff Writer``)
or a date after a bar is not part of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_PARTICLES = r"(?:van|von|der|den|de|del|della|di|da|dos|du|la|le|al|bin|ibn|ter|zu)"
_CAPITALISED = r"[A-ZÀ-ÖØ-Þ][\w'’.-]*"
NAME = rf"{_CAPITALISED}(?:[^\S\n]+(?:{_PARTICLES}[^\S\n]+)*{_CAPITALISED}){{1,4}}"
_JOINERS = r"(?:,?[^\S\n]+(?:and|und|et|y|e|en|&)[^\S\n]+|,[^\S\n]*)"
_NAMES = rf"(?P<names>{NAME}(?:{_JOINERS}{NAME})*)"
_BYLINE = re.compile(rf"^[^\S\n]*(?:(?i:by|von|par|por|di|door)|BY)[^\S\n]+{_NAMES}", re.MULTILINE)
_ADDITIONAL = "additional "
_REPORTING = re.compile(
    rf"(?<![Ee]diting )(?:(?i:{_ADDITIONAL})?(?i:reporting|writing|reported|written)"
    rf"[^\S\n]+by)[^\S\n]+{_NAMES}"
)
# Where a reporting credit's verb may start ("Reporting", "written"): an r
# or a w (re's ignoring case gives neither another form), then the rest
# ignoring case. Opening with a class, the search skips through a text to
# those two letters.
_REPORTING_VERB = re.compile(r"[RrWw](?i:eport|rit)")
_SPLIT = re.compile(_JOINERS)
#: Words a byline puts after the names that are not names: a role or a desk.
_NOT_A_NAME = re.compile(
    r"(?i:staff|writer|reporter|correspondent|editor|desk|bureau|news|agency|agencies"
    r"|redaktion|rédaction|redacción|press|team)\b"
)
#: Characters from the top, and from the bottom, searched for a byline.
HEAD_CHARS, TAIL_CHARS = 1500, 1500


def authors_in(byline: str) -> list[str]:
    """The names a byline or reporting credit gives, in order, without repeats."""
    names: list[str] = []
    for match in _BYLINE.finditer(byline):
        names += _names(match["names"])
    for match in _reporting_credits(byline):
        names += _names(match["names"])
    if not names and byline.strip():
        # A byline the cleaner moved to meta may come without its "By".
        bare = re.match(rf"^[^\S\n]*{_NAMES}[^\S\n]*(?:$|[|,•·])", byline.strip())
        if bare is not None:
            names = _names(bare["names"])
    return list(dict.fromkeys(names))


def authors_of(text: str) -> list[str]:
    """The authors a page names: a byline near the top, reporting credits at the bottom."""
    head = text[:HEAD_CHARS]
    tail = text[-TAIL_CHARS:] if len(text) > HEAD_CHARS else ""
    names: list[str] = []
    for match in _BYLINE.finditer(head):
        names += _names(match["names"])
        break  # one byline: a second "By ..." line is prose or a caption
    for part in (head, tail) if tail else (head,):
        for match in _reporting_credits(part):
            names += _names(match["names"])
    return list(dict.fromkeys(names))


def _reporting_credits(text: str) -> Iterator[re.Match[str]]:
    """``_REPORTING.finditer(text)``, tried only where a credit can start.

    Ignoring case, re tries the pattern at every position of a text (a
    third of the metadata extractor's time). A credit starts at its verb
    ("reporting", "written"), or at "additional " before it: those places
    are tried in order, as a search tries every place.
    """
    verbs = [verb.start() for verb in _REPORTING_VERB.finditer(text)]
    starts = sorted({start for verb in verbs for start in (max(verb - len(_ADDITIONAL), 0), verb)})
    searched_to = 0
    for start in starts:
        if start < searched_to:
            continue
        match = _REPORTING.match(text, start)
        if match is not None:
            yield match
            searched_to = match.end()


def _names(run: str) -> list[str]:
    names = []
    for part in _SPLIT.split(run):
        part = part.strip()
        if not part or _NOT_A_NAME.search(part):
            break  # "Maria Keller, Staff Writer": the role ends the names
        names.append(_title_case(part) if part.isupper() else part)
    return names


def _title_case(name: str) -> str:
    """``MARIA KELLER`` as ``Maria Keller``; particles stay lower case."""
    return " ".join(
        word.lower() if re.fullmatch(_PARTICLES, word.lower()) else word.capitalize()
        for word in name.split()
    )
