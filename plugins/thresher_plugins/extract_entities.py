"""The ``entities`` extractor: people, organisations and places, with counts and spans.

No model: rules, capitalisation, role words and a gazetteer.

* **People** (``PER``) come from ``people.py``: full names vouched for by a
  title, an apposition, a reporting verb, their surname used alone or a
  given name opening them in the story's own sentences; later short
  mentions ("Koizumi") resolve to the full name and count for it; titles
  are the person's ``roles``.
* **Places** (``LOC``): a capitalised name the gazetteer knows
  (``gazetteer.py``: GeoNames countries, states, cities; regions), or one
  ending in a place word ("Iwate Prefecture", "Halls Gap National Park").
  A place followed by a score on a line of figures is its team (``ORG``):
  "Leeds 2 (Bowyer 45) Derby 1", "DETROIT 15 9 4 81 53 34".
* **Organisations** (``ORG``): a capitalised name with an organisation or
  industry word ("Defense Ministry", "Bank of Japan", "Dalton Polymers"),
  a news outlet ("Reuters"), an acronym ("NATO", "ESA"; a word of an
  all-capitals headline only if the prose writes it in capitals too), or
  a name whose acronym the article gives in brackets ("European Space
  Agency (ESA)"), the acronym then counting for it.
* **Other** (``MISC``): nationalities ("French", "Italians") and
  competitions ("Asian Cup").

Each entity is a record of ``entity_table.py``: ``{text, label, count,
spans, mentions}`` (and ``roles`` for people).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from functools import cache, lru_cache
from typing import Any

import attrs

from thresher import Document, Extractor, hookimpl
from thresher_plugins.dates import CALENDAR_WORDS
from thresher_plugins.entity_table import EntityTable
from thresher_plugins.gazetteer import places
from thresher_plugins.name_words import EVENT_WORDS, FUNCTION_WORDS, ORG_WORDS, PLACE_WORDS
from thresher_plugins.people import NAME_WORD, NATIONALITY_WORDS, is_title, read_people
from thresher_plugins.publishers import OUTLETS

_UPPER = "A-ZÀ-ÖØ-Þ"
# A capitalised word, or initials ("U.S."); a full stop otherwise ends the name.
_WORD = rf"(?:[{_UPPER}]\.(?:[{_UPPER}]\.)+|[{_UPPER}][\w'’&-]*)"
_CONNECTOR = r"(?:of|for|and|de|del|des|du|der|la|le|di|y|&|am)"
# The parts of a run joined by "and" (and its other languages' forms).
_AND = re.compile(r"(?:(?!\s(?:and|und|et|y|&)\s).)+")
_HAS_AND = re.compile(r"\s(?:and|und|et|y|&)\s")
#: A run of capitalised words, small connectors inside ("Bank of Japan"). The
#: lookahead first lets re skip to capitals instead of trying every position.
_RUN = re.compile(
    rf"(?=[{_UPPER}])(?<![\w'’-]){_WORD}(?:[^\S\n]+(?:{_CONNECTOR}[^\S\n]+)?{_WORD})*"
)
# A nationality or language used as an adjective: "Japanese", "Syrian", "Israeli".
_DEMONYM = re.compile(r"[A-Z][a-z]+(?:ese|ian|ean|ish|an|i|ic)")
# A team in a results or standings table: its name, then a score or a row of figures
# ("Leeds 2 (Bowyer 45) Derby 1", "DETROIT 15 9 4 81 53 34"); a date does not count.
_SCORE_AFTER = re.compile(r"[^\S\n]+\d{1,3}(?![\d/:-]|\.\d|[^\S\n]*(?:%|[^\W\d_]))")
_FIGURES_IN_LINE = re.compile(r"(?<![\w.,:/-])\d{1,3}(?![\w.,:/-]*\w)")
# After a person's name inside a capitalised run: a connector, then another name.
_AFTER_A_PERSON = re.compile(rf"['’]?s?[^\S\n]+(?:{_CONNECTOR}[^\S\n]+)?(?P<name>{_WORD}.*)")
_SENTENCE_END_BEFORE = re.compile(r"(?:^|[.!?:;\"“”«»]|\n)[^\S\n]*$")
_POSSESSIVE_END = re.compile(r"['’]s$")
#: Capitalised forms that are no organisation even in capitals (units, months, roles).
_NOT_ACRONYM = frozenset(
    "CEO CFO COO GDP TV AM PM OK PR AI IT EV UTC GMT CET CST EST PST ET AP QC MP MW GW "
    "KM KG USD EUR GBP JPY CNY PHP AUD CAD CHF INR TEU".split()
)


@attrs.define
class EntitiesExtractor(Extractor):
    """People, organisations and places with counts, spans and (for people) roles."""

    name = "entities"
    order = 200
    provides = ("entities",)

    #: Skip names of this many characters or fewer.
    min_chars: int = attrs.field(default=1, validator=attrs.validators.ge(1))
    #: Also take two to four capitalised name words that nothing vouches for,
    #: no given name opens and no other rule claims as a person. On
    #: CoNLL-2003 newswire this lifts untyped span F1 from 0.767 to 0.817
    #: (typed 0.692 to 0.699); on scraped pages it costs precision (company,
    #: place and storm names: people F1 on the gold set falls from 0.967 to 0.636).
    #: The extraction benchmark's ``guess_people`` part measures both settings.
    guess_people: bool = False

    def extract(self, document: Document) -> Mapping[str, Any]:
        return {"entities": self.find(document.text)}

    def find(self, text: str) -> list[dict[str, Any]]:
        people = read_people(text)
        found = EntityTable()
        for mention in people.mentions:
            found.add("PER", mention.person, mention.text, mention.start, mention.end)
        # mentions come in text order and never overlap: a bisection finds a clash
        starts = [mention.start for mention in people.mentions]
        ends = [mention.end for mention in people.mentions]
        for person, roles in people.roles.items():
            found.set_roles("PER", person, roles)
        acronyms = _acronyms_given(text)
        for match in _RUN.finditer(text):
            start, end = match.span()
            before = bisect.bisect_left(starts, end) - 1  # the last mention starting before the end
            if before >= 0 and ends[before] > start:
                # a person's name, read already; what follows it may be a name of
                # its own ("Paolo Fulci of Italy")
                rest = _AFTER_A_PERSON.match(text, ends[before], end)
                if rest is not None and rest.end("name") == end:
                    self._name(text, rest["name"], rest.start("name"), acronyms, found)
                continue
            self._name(text, match.group(), start, acronyms, found)
        return found.records()

    def _name(
        self,
        text: str,
        run: str,
        start: int,
        acronyms: Mapping[str, str],
        found: EntityTable,
    ) -> None:
        """Label one capitalised run, or, if it is none of a kind, its parts around "and"."""
        offset, name = _trimmed(run)
        start += offset
        if len(name) <= self.min_chars:
            return
        given = name in acronyms or name in acronyms.values()
        end = start + len(name)
        following = text[end : end + 2]
        label = "ORG" if given else self.label(name, following)
        letters = name.replace(".", "")
        if (
            label == "ORG"
            and len(letters) > 3
            and letters.isupper()
            and letters not in _capitals_in_prose(text)
        ):
            label = None  # a shouted headline's word ("SOCCER"), not an acronym
        if label == "LOC" and _in_a_table(text, start, end):
            label = "ORG"  # a place's team: "Leeds 2 Derby 1"
        if label is not None:
            canonical = acronyms.get(name, name) if label == "ORG" else name
            found.add(label, canonical, name, start, start + len(name))
            return
        first_end = name.find(" ")
        if first_end > 0 and _starts_a_sentence(text, start):
            # "High-flying Italy topped the table": a capital the sentence gave
            rest = name[first_end + 1 :]
            self._name(text, rest, start + first_end + 1, acronyms, found)
            return
        if not _HAS_AND.search(name):
            return
        # "New York and New Delhi": two names; "Marks and Spencer" was taken whole above
        for part in _AND.finditer(name):
            if part.group() != name:
                self._name(text, part.group(), start + part.start(), acronyms, found)

    def label(self, name: str, following: str = "") -> str | None:
        """``LOC``, ``ORG``, ``PER``, ``MISC`` or ``None`` for a capitalised name.

        ``following`` is the text right after it: a nationality word is
        ``MISC`` as an adjective ("Japanese officials").
        """
        before_a_noun = following[:1] == " " and following[1:2].islower()
        return _label(name, before_a_noun, self.guess_people)


@lru_cache(maxsize=16384)
def _label(name: str, before_a_noun: bool, guess_people: bool) -> str | None:
    """What ``EntitiesExtractor.label`` says: names recur, so worked out once each."""
    words = name.split()
    folded = [w.casefold().strip(".,") for w in words]
    known = places()
    if name in known or (name.isupper() and name.title() in known):
        return "LOC"
    if len(words) > 1 and folded[-1] in PLACE_WORDS:
        return "LOC"
    if not ORG_WORDS.isdisjoint(folded) or name in _outlets():
        return "ORG"
    if not EVENT_WORDS.isdisjoint(folded):
        return "MISC"
    if len(words) == 1:
        if _is_acronym(name):
            return "ORG"
        if folded[0] in NATIONALITY_WORDS or folded[0].removesuffix("s") in NATIONALITY_WORDS:
            return "MISC"  # "French", "the Swiss", "Italians"
        if _DEMONYM.fullmatch(name) and before_a_noun:
            return "MISC"
        return None
    if guess_people and len(words) <= 4 and all(re.fullmatch(NAME_WORD, w) for w in words):
        return "PER"  # two to four name words nothing else claims: a person
    return None


@lru_cache(maxsize=16384)
def _trimmed(run: str) -> tuple[int, str]:
    """Where the name starts in ``run`` and the name, without leading sentence words or
    titles, nor a trailing possessive; ``""`` when nothing is left.

    Runs recur within and across articles ("The", "Prime Minister"): worked out once each.
    """
    words = run.split()
    first = 0
    while first < len(words):
        folded = words[first].casefold()
        # a day or a title alone is left to label(), which takes neither
        before_a_name = first < len(words) - 1 and (
            folded in CALENDAR_WORDS or is_title(words[first])
        )
        if folded not in FUNCTION_WORDS and not before_a_name:
            break
        first += 1
    if first == len(words):
        return 0, ""
    offset = 0
    for word in words[:first]:
        offset = run.index(word, offset) + len(word)
    offset = run.index(words[first], offset)
    return offset, _POSSESSIVE_END.sub("", run[offset:].rstrip())


def _is_acronym(word: str) -> bool:
    letters = word.replace(".", "")
    return (
        2 <= len(letters) <= 6
        and letters.isupper()
        and letters.isalpha()
        and letters not in _NOT_ACRONYM
        and letters.casefold() not in CALENDAR_WORDS
    )


@cache
def _outlets() -> frozenset[str]:
    """News outlets and agencies by name and credit: "Reuters", "Kyodo News", "Xinhua"."""
    return frozenset(
        name
        for outlet, _, credits in OUTLETS
        for name in (outlet, *credits)
        if len(name) > 3 and not name.isupper()  # "AP", "AFP" are acronyms already
    )


@lru_cache(maxsize=4)  # per text, read only when an all-capitals word asks
def _capitals_in_prose(text: str) -> frozenset[str]:
    """Words written in capitals outside all-capitals lines: acronyms the prose uses."""
    # a shouted line has no lower case: it reads the same upper-cased
    prose = "\n".join(line for line in text.split("\n") if line != line.upper())
    return frozenset(word.replace(".", "") for word in re.findall(r"\b[A-Z][A-Z.&]+", prose))


def _starts_a_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens a line or follows a sentence's end."""
    return bool(_SENTENCE_END_BEFORE.search(text, max(start - 4, 0), start))


def _in_a_table(text: str, start: int, end: int) -> bool:
    """Whether a name at ``start:end`` is followed by a score on a line of figures."""
    if not _SCORE_AFTER.match(text, end):
        return False
    line_end = text.find("\n", end, end + 200)  # a table's row is short
    line = text[end : end + 200 if line_end < 0 else line_end]
    return len(_FIGURES_IN_LINE.findall(line)) >= 2


_GIVEN_ACRONYM = re.compile(
    rf"(?P<name>{_WORD}(?:[^\S\n]+(?:{_CONNECTOR}[^\S\n]+)?{_WORD})+)[^\S\n]*"
    rf"\((?P<acronym>[{_UPPER}]{{2,8}})\)"
)


_BRACKETED_ACRONYM = re.compile(rf"\([{_UPPER}]{{2,8}}\)")


def _acronyms_given(text: str) -> dict[str, str]:
    """Acronyms the article defines: "European Space Agency (ESA)" maps ESA to the name."""
    given = {}
    # Few brackets hold an acronym: find them first, then the name before them on
    # their line (a name is far shorter than the window: one long line stays linear).
    for bracket in _BRACKETED_ACRONYM.finditer(text):
        window_start = max(text.rfind("\n", 0, bracket.start()) + 1, bracket.start() - 300)
        match = _GIVEN_ACRONYM.search(text, window_start, bracket.end())
        while match is not None and match.end() != bracket.end():
            match = _GIVEN_ACRONYM.search(text, match.end(), bracket.end())
        if match is None:
            continue
        words = match["name"].split()
        while len(words) > 1 and words[0].casefold() in FUNCTION_WORDS:
            words = words[1:]  # "The European Space Agency (ESA)"
        given[match["acronym"]] = " ".join(words)
    return given


@hookimpl
def thresher_register_extractors() -> list[type[Extractor]]:
    return [EntitiesExtractor]
