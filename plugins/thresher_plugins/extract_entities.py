"""The ``entities`` extractor: people, organisations and places, with counts and spans.

No model: rules, capitalisation, role words and a gazetteer.

* **People** (``PER``) come from ``people.py``: full names vouched for by a
  title, an apposition, a reporting verb or their surname used alone;
  later short mentions ("Koizumi") resolve to the full name and count for
  it; titles are the person's ``roles``.
* **Places** (``LOC``): a capitalised name the gazetteer knows
  (``gazetteer.py``: GeoNames countries, states, cities; regions), or one
  ending in a place word ("Iwate Prefecture", "Halls Gap National Park").
* **Organisations** (``ORG``): a capitalised name with an organisation word
  ("Defense Ministry", "Bank of Japan", "Orbis Freight Ltd"), an acronym
  ("NATO", "ESA"), or a name whose acronym the article gives in brackets
  ("European Space Agency (ESA)"), the acronym then counting for it.

Each entity: ``{text, label, count, spans, mentions}`` (and ``roles`` for
people), ``text`` the fullest form, ``spans`` every ``[start, end]``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import attrs

from thresher import Document, Extractor, hookimpl
from thresher_plugins.dates import CALENDAR_WORDS
from thresher_plugins.gazetteer import places
from thresher_plugins.people import is_title, read_people

_UPPER = "A-ZÀ-ÖØ-Þ"
# A capitalised word, or initials ("U.S."); a full stop otherwise ends the name.
_WORD = rf"(?:[{_UPPER}]\.(?:[{_UPPER}]\.)+|[{_UPPER}][\w'’&-]*)"
_CONNECTOR = r"(?:of|for|and|de|del|des|du|der|la|le|di|y|&|am)"
#: A run of capitalised words, small connectors inside ("Bank of Japan").
_RUN = re.compile(rf"(?<![\w'’-]){_WORD}(?:[^\S\n]+(?:{_CONNECTOR}[^\S\n]+)?{_WORD})*")
ORG_WORDS = frozenset(
    """ministry ministries department agency office council party union university institute
    company corporation corp inc ltd llc plc gmbh ag sa group association federation
    committee commission court parliament congress senate assembly government army navy
    police service services fund foundation school hospital bank exchange authority board
    league club fc airlines airways motors systems technologies energy holdings partners
    bureau administration command forces coalition alliance organization organisation
    network agency press times news post herald journal tribune gazette broadcasting
    ministerium bundesamt partei regierung gericht verband bundestag bundesrat bank
    ministère banque assemblée sénat conseil parti gouvernement tribunal autorité agence
    ministerio banco congreso partido gobierno tribunal consejo agencia universidad
    pentagon kremlin nato""".split()
)
PLACE_WORDS = frozenset(
    """prefecture province region county state island islands river sea ocean gulf bay
    peninsula strait valley mountains mountain lake coast desert park district city
    landkreis bundesland provinz région département provincia región comunidad""".split()
)
#: Words of events and competitions (CoNLL's MISC): "Asian Cup", "Grand Prix".
EVENT_WORDS = frozenset(
    "cup open championship championships games olympics prix tour series trophy "
    "marathon derby final finals classic masters".split()
)
# A nationality or language used as an adjective: "Japanese", "Syrian", "Israeli".
_DEMONYM = re.compile(r"[A-Z][a-z]+(?:ese|ian|ean|ish|an|i|ic)")
# A word of a person's name: capitalised, lower case after, no digits.
_PERSON_WORD = re.compile(r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:[-'’][A-ZÀ-ÖØ-Þ]?[a-zß-öø-ÿ]+)*")
#: Capitalised words that begin sentences, name days or are titles: never an entity alone.
_NOT_ALONE = frozenset(
    """the a an and but or if in on at to for of by with from as after before when while
    this that these those it its he she they we i you his her their our there here what
    who which where why how not no yes also meanwhile however although still yet some
    many most more all both each every other such any several few last next new
    der die das ein eine und le la les un une et el los las y en""".split()
)
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
    min_chars: int = attrs.field(default=2, validator=attrs.validators.ge(1))
    #: Also take two to four capitalised name words that nothing vouches for
    #: and no other rule claims as a person. On CoNLL-2003 newswire this
    #: lifts typed F1 from 0.48 to 0.58; on scraped pages it costs precision
    #: (company, place and storm names: people F1 0.90 to 0.73 on the gold set).
    guess_people: bool = False

    def extract(self, document: Document) -> Mapping[str, Any]:
        return {"entities": self.find(document.text)}

    def find(self, text: str) -> list[dict[str, Any]]:
        people = read_people(text)
        found: dict[tuple[str, str], dict[str, Any]] = {}
        taken: list[tuple[int, int]] = []
        for mention in people.mentions:
            self._add(found, "PER", mention.person, mention.text, mention.start, mention.end)
            taken.append((mention.start, mention.end))
        for person, roles in people.roles.items():
            if ("PER", person) in found:
                found["PER", person]["roles"] = list(roles)
        acronyms = _acronyms_given(text)
        for match in _RUN.finditer(text):
            start, end = match.span()
            if any(a < end and start < b for a, b in taken):
                continue
            name, start = self._trimmed(match.group(), start)
            if len(name) <= self.min_chars:
                continue
            given = name in acronyms or name in acronyms.values()
            following = text[start + len(name) : start + len(name) + 2]
            label = "ORG" if given else self.label(name, following)
            if label is None:
                continue
            canonical = acronyms.get(name, name) if label == "ORG" else name
            self._add(found, label, canonical, name, start, start + len(name))
        return sorted(found.values(), key=lambda e: e["spans"][0][0])

    def label(self, name: str, following: str = "") -> str | None:
        """``LOC``, ``ORG``, ``PER``, ``MISC`` or ``None`` for a capitalised name.

        ``following`` is the text right after it: a nationality word is
        ``MISC`` as an adjective ("Japanese officials").
        """
        words = name.split()
        folded = [w.casefold().strip(".,") for w in words]
        known = places()
        if name in known or (name.isupper() and name.title() in known):
            return "LOC"
        if len(words) > 1 and folded[-1] in PLACE_WORDS:
            return "LOC"
        if any(w in ORG_WORDS for w in folded):
            return "ORG"
        if any(w in EVENT_WORDS for w in folded):
            return "MISC"
        if len(words) == 1:
            if _is_acronym(name):
                return "ORG"
            if _DEMONYM.fullmatch(name) and following[:1] == " " and following[1:2].islower():
                return "MISC"
            return None
        if self.guess_people and len(words) <= 4 and all(_PERSON_WORD.fullmatch(w) for w in words):
            return "PER"  # two to four name words nothing else claims: a person
        return None

    def _trimmed(self, run: str, start: int) -> tuple[str, int]:
        """``run`` without leading sentence words or titles, nor a trailing possessive."""
        tokens = list(re.finditer(r"\S+", run))
        while tokens:
            word = tokens[0].group()
            folded = word.casefold()
            # a day or a title alone is left to label(), which takes neither
            before_a_name = len(tokens) > 1 and (folded in CALENDAR_WORDS or is_title(word))
            if folded not in _NOT_ALONE and not before_a_name:
                break
            tokens = tokens[1:]
        if not tokens:
            return "", start
        name = run[tokens[0].start() : tokens[-1].end()]
        return re.sub(r"['’]s$", "", name), start + tokens[0].start()

    def _add(
        self,
        found: dict[tuple[str, str], dict[str, Any]],
        label: str,
        canonical: str,
        written: str,
        start: int,
        end: int,
    ) -> None:
        entity = found.setdefault(
            (label, canonical),
            {"text": canonical, "label": label, "count": 0, "spans": [], "mentions": []},
        )
        entity["count"] += 1
        entity["spans"].append([start, end])
        if written not in entity["mentions"]:
            entity["mentions"].append(written)


def _is_acronym(word: str) -> bool:
    letters = word.replace(".", "")
    return (
        2 <= len(letters) <= 6
        and letters.isupper()
        and letters.isalpha()
        and letters not in _NOT_ACRONYM
    )


_GIVEN_ACRONYM = re.compile(
    rf"(?P<name>{_WORD}(?:[^\S\n]+(?:{_CONNECTOR}[^\S\n]+)?{_WORD})+)[^\S\n]*"
    rf"\((?P<acronym>[{_UPPER}]{{2,8}})\)"
)


def _acronyms_given(text: str) -> dict[str, str]:
    """Acronyms the article defines: "European Space Agency (ESA)" maps ESA to the name."""
    given = {}
    for match in _GIVEN_ACRONYM.finditer(text):
        words = match["name"].split()
        while len(words) > 1 and words[0].casefold() in _NOT_ALONE:
            words = words[1:]  # "The European Space Agency (ESA)"
        given[match["acronym"]] = " ".join(words)
    return given


@hookimpl
def thresher_register_extractors() -> list[type[Extractor]]:
    return [EntitiesExtractor]
