"""People named in a news article: full names, the short forms that refer back to them, roles.

News introduces a person once in full, usually with a title (``Defense
Minister Shinjiro Koizumi``, ``Dana Whitfield, chief executive of Orbis
Freight``) and then by surname (``Koizumi said``). So within one article:

* a **full name** is a run of two to four capitalised name words (particles
  such as ``van``/``de``/``al`` and initials allowed), after stripping the
  titles and nationality words in front of it (``Japanese Defense
  Minister``); runs that hold an organisation or place word (``Bank``,
  ``Ministry``, ``House``, ``Street``...) are not people;
* a full name counts once something **vouches** for it: a title, an
  apposition, a reporting verb beside it, its surname used alone, or a
  given name opening it (``given_names.py``) in the story's own sentences
  (not a byline or credit, not after "in", not a known place);
* a **short mention** (a surname, or a title and surname) resolves to the
  full name that ends with it; a surname shared by two full names in one
  article resolves to the nearest one before it;
* a **role** is the title in front of a full name (``Prime Minister``) or
  the lower-case apposition after it (``, chief executive of Orbis
  Freight,``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import NamedTuple

from thresher_plugins.dates import CALENDAR_WORDS
from thresher_plugins.gazetteer import places
from thresher_plugins.given_names import given_names
from thresher_plugins.name_words import EVENT_WORDS, FUNCTION_WORDS, ORG_WORDS, PLACE_WORDS
from thresher_plugins.tries import trie

_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
# "Koizumi", "Jean-Luc", "O'Neill", "MacRae", "DiMaggio".
NAME_WORD = rf"[{_UPPER}][{_LOWER}]+(?:[{_UPPER}][{_LOWER}]+)?(?:[-'’][{_UPPER}]?[{_LOWER}]+)*"
_INITIAL = rf"[{_UPPER}]\."
_PARTICLE = r"(?:van|von|der|den|de|del|della|di|da|dos|du|la|le|al|el|bin|ibn|ter|zu)"
_PARTICLES = frozenset(_PARTICLE[3:-1].split("|")) | {"of", "des", "del", "für", "pour", "para"}
#: A run of capitalised words that may be a name, with what may precede it.
# The lookahead first lets re skip to capitals instead of trying every position.
NAME_RUN = re.compile(
    rf"(?=[{_UPPER}])(?<![\w.])(?:{NAME_WORD}|{_INITIAL})"
    rf"(?:[^\S\n]+(?:{_PARTICLE}[^\S\n]+)*(?:{NAME_WORD}|{_INITIAL}))*"
)

#: Verbs that report speech, in English, German, French, Spanish and Italian:
#: a name next to one is a speaker (and so a person).
REPORTING_VERBS = (
    # English
    "said", "says", "wrote", "writes", "told", "tells", "added", "adds", "explained",
    "noted", "stressed", "insisted", "warned", "declared", "stated", "argued", "tweeted",
    "posted", "asked", "replied", "recalled", "continued", "acknowledged", "admitted",
    "announced", "commented", "emphasised", "emphasized", "claimed", "concluded", "observed",
    "conceded", "cautioned", "urged", "predicted", "countered", "responded", "remarked",
    "joked", "agreed", "pointed out", "called", "described", "dubbed",
    # German
    "sagte", "sagt", "erklärte", "erklärt", "betonte", "betont", "schrieb", "meinte",
    "fügte hinzu", "ergänzte", "warnte", "warnt", "mahnte", "kritisierte", "forderte",
    "räumte ein", "sprach von", "nannte", "so",
    # French
    "a déclaré", "a dit", "a affirmé", "a souligné", "a expliqué", "a ajouté", "a indiqué",
    "a estimé", "a reconnu", "a insisté", "a prévenu", "a averti", "a assuré", "a confié",
    "a résumé", "a rappelé", "a dénoncé", "a regretté", "a lancé", "a martelé", "a jugé",
    "a appelé", "a qualifié", "a fustigé", "a réagi",
    "déclare", "affirme", "explique", "estime", "souligne", "assure", "juge", "dénonce",
    "a-t-il ajouté", "a-t-elle ajouté", "a-t-il déclaré", "a-t-elle déclaré",
    "a-t-il dit", "a-t-elle dit", "a-t-il expliqué", "a-t-elle expliqué",
    # Spanish
    "dijo", "afirmó", "declaró", "señaló", "explicó", "añadió", "aseguró", "indicó",
    "reconoció", "advirtió", "subrayó", "insistió", "lamentó", "recordó", "agregó",
    "apuntó", "destacó", "comentó", "manifestó", "sostuvo", "calificó", "dice",
    "ha declarado", "ha dicho", "ha afirmado", "ha asegurado", "ha explicado",
    "ha señalado", "ha advertido",
    # Italian
    "ha detto", "ha dichiarato", "ha spiegato", "ha aggiunto", "ha affermato",
)  # fmt: skip
#: Titles before a name, lower-cased; several may stack ("Japanese Defense Minister").
TITLE_WORDS = frozenset(
    """president vice prime minister ministers secretary chancellor premier
    defense defence foreign finance interior justice economy trade health
    education labor labour energy environment home state deputy acting former
    general gen lieutenant lt colonel col major maj captain capt admiral adm
    sergeant sgt commander cmdr chief executive officer ceo cfo coo chairman
    chairwoman chair director managing head leader spokesman spokeswoman
    spokesperson governor gov mayor senator sen representative rep congressman
    congresswoman speaker ambassador envoy judge justice attorney prosecutor
    professor prof dr doctor mr mrs ms miss sir dame lord lady king queen prince
    princess pope bishop cardinal rabbi imam sheikh emir sultan commissioner
    inspector superintendent coach manager captain striker goalkeeper analyst
    economist founder co-founder chancellor mp author co-author researcher scientist
    lawyer councillor councilor member trainer striker winger defender midfielder
    me m. mme mlle herr frau señor señora sr. sra. don doña maître
    consejero consejera conselleiro conselleira concejal concejala diputado diputada
    senador senadora député députée sénateur sénatrice conseiller conseillère
    bundeskanzler bundeskanzlerin kanzler kanzlerin ministerin präsident
    präsidentin sprecher sprecherin chef chefin vorsitzende vorsitzender bürgermeister
    bürgermeisterin staatssekretär
    président présidente ministre porte-parole directeur directrice maire
    premier général secrétaire
    presidente ministro ministra portavoz directora alcalde alcaldesa secretario
    secretaria""".split()
)
#: Title words that only qualify a title ("Defense Minister"): alone they are no title.
TITLE_MODIFIERS = frozenset(
    """vice prime defense defence foreign finance interior justice economy trade health
    education labor labour energy environment home state deputy acting former managing
    chief executive general""".split()
)
#: Nationality and place adjectives that may precede a title ("U.S. President").
NATIONALITY_WORDS = frozenset(
    """u.s. us american japanese chinese german french british spanish italian russian
    ukrainian indian korean south north european canadian australian israeli iranian
    turkish brazilian mexican polish dutch swedish norwegian danish finnish swiss
    austrian belgian greek irish portuguese saudi egyptian""".split()
)
#: Words that make a capitalised run an organisation, a place or an event, not a person.
NOT_PERSON_WORDS = (
    ORG_WORDS
    | PLACE_WORDS
    | EVENT_WORDS
    | frozenset(
        """house street avenue road square bridge port airport station church kingdom
        republic war festival conference summit forum market media radio television tv
        daily weekly review team united nations world east west north south asia europe
        africa america pacific atlantic middle capital security strategy policy plan act
        treaty force day year week month line metro national federal central royal""".split()
    )
)
# A capitalised word that is no name on its own: it starts a sentence or qualifies one.
_NEVER_A_NAME_ALONE = FUNCTION_WORDS | NATIONALITY_WORDS | NOT_PERSON_WORDS
#: Words a surname does not follow: "de Trabajo", "the Villa".
_NO_SURNAME_AFTER = FUNCTION_WORDS | _PARTICLES
#: Prepositions before a place's name ("in Lawrence Hill" is somewhere, not
#: someone) and articles before a club's or a firm's ("ante el Cruz Azul").
_NOT_BEFORE_A_PERSON = frozenset(
    """in at near around across outside inside from im am bei nach à près en cerca
    the der die das el los las le les""".split()
)
#: A line that credits people rather than tells the story: bylines, wire
#: credits, photo credits and contacts in the languages the bylines know.
_CREDIT = (
    r"[(\[]?(?i:by|von|par|por|di|door|(?:additional[^\S\n]+)?reporting|editing|edited|"
    r"writing|written|bericht|redigiert|images?|photos?|pictures?|fotos?|bild|"
    r"contact|kontakt|credits?|crédits?|source|quelle)(?:[^\S\n]+(?i:by|von|par|por))?"
    r"[^\S\n]*:?[^\S\n]*"
)
_CREDIT_LINE = re.compile(rf"[^\S\n]*{_CREDIT}[{_UPPER}]")
_CREDIT_BEFORE = re.compile(rf"\b{_CREDIT}$")
#: First words of places that are also given names somewhere ("Santa", "Glen", "Mount").
_PLACE_PREFIXES = frozenset("san santa santo são saint st sankt fort port mount glen cape".split())
_NUMBER_NEAR = re.compile(r"[^\S\n]*\d")
#: Characters around a name looked at for a credit or menu line holding it.
_CREDIT_CHARS = 300
# What splits a navigation or header line into items: "Metro Ledger | About us".
_ITEM_SEPARATORS = re.compile(r"[|•·]")
_POSSESSIVE = re.compile(r"['’]s?$")
_TITLE_OF = re.compile(
    r"(?P<title>(?:[A-Z][\w.]*[^\S\n]+)?(?:Secretary|Minister|Ministre|Ministro|Chief|Head|"
    r"Director|Governor|Chairman|President|Leader|Commander)(?:[^\S\n]+General)?)"
    r"[^\S\n]+(?:of|de|del)[^\S\n]+$"
)
# ", chief executive of Orbis Freight," after a name: its role.
_APPOSITION = re.compile(
    r",[^\S\n]+(?:(?:the|a|an|le|la|el|der|die|il)[^\S\n]+)?"
    rf"(?P<role>[{_LOWER}][{_LOWER}-]+(?:[^\S\n]+[{_LOWER}-]+){{0,3}}?)"
    r"(?:[^\S\n]+(?:of|at|for|de|des|du|del|de la|der|des|di)[^\S\n]+[^,.;\n]{2,60})?"
    r"(?=[,.;]|[^\S\n]+(?:said|says|told|wrote)\b)"
)
# "Le ministre des Transports, Philippe Arnaud": a title set off before the name.
_ROLE_BEFORE = re.compile(r"(?P<phrase>[^,.;:!?«»\"“”\n]{3,60}),[^\S\n]*$")


#: Endings of German compound titles ("Finanzministerin", "Regierungssprecher").
_COMPOUND_TITLES = (
    "minister", "ministerin", "präsident", "präsidentin", "sprecher", "sprecherin", "chef",
    "chefin", "kanzler", "kanzlerin", "direktor", "direktorin", "leiter", "leiterin",
    "vorsitzender", "vorsitzende", "sekretär", "sekretärin", "trainer", "trainerin",
    "bürgermeister", "bürgermeisterin", "meteorologe", "meteorologin", "anwohner",
    "anwohnerin", "abgeordnete", "abgeordneter", "experte", "expertin", "autor", "autorin",
    "forscher", "forscherin", "direktorin", "referent", "referentin",
)  # fmt: skip


@lru_cache(maxsize=8192)
def is_title(word: str) -> bool:
    """A title or role word, also a compound ("Finanzministerin") or hyphenated ("Co-Trainer")."""
    folded = word.casefold()
    if folded in TITLE_WORDS or folded.split("-")[-1] in TITLE_WORDS:
        return True
    return folded.endswith(_COMPOUND_TITLES) and (len(folded) > 8 or folded in _COMPOUND_TITLES)


class _Run(NamedTuple):
    offset: int  # where the name starts in the run
    words: tuple[str, ...]
    title: tuple[str, ...]  # the title words in front, as written
    calendar_first: bool  # "Jan Petersen": a person unless a number follows ("Jan 5")


@lru_cache(maxsize=16384)
def _parse_run(run: str) -> _Run | None:
    """The name a capitalised run may hold, or ``None``: what the run alone tells.

    Names and sentence openings recur within and across articles, so this
    is worked out once per distinct run.
    """
    words = run.split()
    if len(words) == 1 and words[0].casefold() in _NEVER_A_NAME_ALONE:
        return None  # most runs: "The", "But", "Japanese"
    position = 0
    title: list[str] = []
    while words and (
        is_title(words[0])
        or words[0].casefold() in NATIONALITY_WORDS
        or words[0].casefold() in FUNCTION_WORDS
    ):
        if is_title(words[0]) or title:
            title.append(words[0])
        position = run.index(words[0], position) + len(words[0])
        words = words[1:]
    inner = [i for i, w in enumerate(words[:-1]) if is_title(w)]
    if inner:
        # "Harbour Minister Ilse Brandvold": the name follows the last title word.
        title += words[: inner[-1] + 1]
        position = run.index(words[inner[-1]], position) + len(words[inner[-1]])
        words = words[inner[-1] + 1 :]
    owners = [i for i, w in enumerate(words[:-1]) if _POSSESSIVE.search(w)]
    if owners:
        # "Kenya's Elkanah Serem": the name follows the owner.
        cut = owners[-1] + 1
        position = run.index(words[cut], position + len(" ".join(words[:cut])))
        words = words[cut:]
    if words and _POSSESSIVE.search(words[-1]):
        words[-1] = _POSSESSIVE.sub("", words[-1])
    if not words or len(words) > 4:
        return None
    folded = [w.casefold() for w in words]
    if any(w in NOT_PERSON_WORDS for w in folded) or any(w in CALENDAR_WORDS for w in folded[1:]):
        return None
    calendar_first = folded[0] in CALENDAR_WORDS
    if calendar_first and words[0] not in given_names():
        return None  # "Monday Night"
    if words[-1].endswith(".") and len(words[-1]) == 2:
        return None  # ends on an initial: "U.S." or a cut name
    return _Run(run.index(words[0], position), tuple(words), tuple(title), calendar_first)


class _SpeakerPatterns(NamedTuple):
    verb: re.Pattern[str]  # lower case
    after: re.Pattern[str]  # what follows a speaker's name
    before: re.Pattern[str]  # what precedes it


@lru_cache(maxsize=8)
def _speaker_patterns(verbs: tuple[str, ...]) -> _SpeakerPatterns:
    alternation = trie(sorted(verbs))
    verb = f"(?i:{alternation})"
    return _SpeakerPatterns(
        re.compile(rf"\b{alternation}\b"),
        re.compile(rf"[^\S\n]+{verb}\b|,[^\S\n]+[^.!?\"“”«»\n]{{0,100}}?,?[^\S\n]+{verb}\b"),
        re.compile(
            rf"{verb}[^\S\n]+(?:[^.!?\"“”«»\n]{{0,60}},|(?:[a-z-]+[^\S\n]+){{0,3}})[^\S\n]*$"
        ),
    )


class Person(NamedTuple):
    name: str
    roles: tuple[str, ...]


class Mention(NamedTuple):
    start: int
    end: int
    text: str  # as written, titles stripped
    person: str  # the full name it refers to


class People:
    """The people an article names and where it names them."""

    def __init__(self, text: str, verbs: Sequence[str] = ()) -> None:
        """Read the people of ``text``.

        ``verbs`` (reporting verbs) also vouch for a capitalised pair that
        stands where a speaker does: right before or after a verb ("Garnier
        said", "said Dana Whitfield"), or set off by commas next to it
        ("aseguró la ministra de Trabajo, Carmen Ostolaza", "Wang Lixia, a
        researcher with ..., said").
        """
        self.text = text
        self._patterns = _speaker_patterns(tuple(verbs)) if verbs else None
        self._verb_at: list[int] = []  # where the verbs are: most names have none near
        if self._patterns is not None:
            lowered = text.lower()
            scanned = lowered if len(lowered) == len(text) else text
            # a case-sensitive scan of the lowered text: ignoring case costs re far more
            self._verb_at = [m.start() for m in self._patterns.verb.finditer(scanned)]
        self.roles: dict[str, list[str]] = {}
        self.mentions: list[Mention] = []
        self._full: list[tuple[int, str]] = []  # (position, full name) in text order
        self._endings: dict[tuple[str, ...], list[tuple[int, str]]] | None = None
        self._last_words: set[str] | None = None
        self._read()

    def _read(self) -> None:
        runs = list(self._runs())
        # A single word matters only as the surname of a longer run.
        surnames = {words[-1] for _, _, words, _ in runs if len(words) >= 2}
        single = {
            words[0]
            for start, end, words, role in runs
            if len(words) == 1 and words[0] in surnames and (role or self._stands_alone(start, end))
        }
        for start, end, words, role in runs:
            if len(words) >= 2:
                name = " ".join(words)
                roles = self.roles.setdefault(name, [])
                for found in (role, self._apposition(end), self._role_before(start)):
                    if found and found not in roles:
                        roles.append(found)
        # A capitalised pair is a person once something vouches for it: a
        # title, an apposition, or its surname used alone elsewhere (a
        # headline's "Japan Signals Readiness" has none of these).
        confirmed = {
            name for name, roles in self.roles.items() if roles or name.split()[-1] in single
        }
        # A place's name next to "said" is a firm's or a team's ("Santa Fe said"),
        # and a place's last word alone ("Fe") is no surname; a title still vouches.
        known_places = places()
        confirmed = {name for name in confirmed if self.roles[name] or name not in known_places}
        for start, end, words, _ in runs:
            if len(words) < 2:
                continue
            name = " ".join(words)
            if name in confirmed:
                continue
            vouched = (
                self._patterns is not None
                and name not in known_places
                and self._vouched(start, end)
            )
            if vouched or self._named_in_story(start, end, words):
                confirmed.add(name)
        self._full = [
            (start, " ".join(words))
            for start, _, words, _ in runs
            if len(words) >= 2 and " ".join(words) in confirmed
        ]
        self.roles = {name: roles for name, roles in self.roles.items() if name in confirmed}
        for start, end, words, role in runs:
            name = " ".join(words)
            if len(words) >= 2:
                person = name if name in self.roles else None
            elif name.casefold() in self._ending_words():
                person = self.resolve(name, start)
            else:
                continue  # no known name ends with this word
            if person is not None:
                self.mentions.append(Mention(start, end, name, person))
                if role and len(words) == 1 and role not in self.roles[person]:
                    self.roles[person].append(role)

    def _named_in_story(self, start: int, end: int, words: tuple[str, ...]) -> bool:
        """Whether a given name opens the run and it stands in the story's own sentences.

        Nothing else vouched for it ("Katja Seizinger won the downhill"), so
        the given name does, unless it is a particle ("Van Damme") or opens a
        place's name ("Santa Fe", "Glen Affric"), the run comes after a
        preposition of place or an article ("in Lawrence Hill", "el Cruz
        Azul"), or it stands in a credit or alone on its line or in a menu
        item (a byline, "Image: Lars Wendt/dpa", "Contact: ..."): an author
        is no one the story names.
        """
        first = words[0].casefold()
        if words[0] not in given_names() or first in _PARTICLES or first in _PLACE_PREFIXES:
            return False
        if " ".join(words) in places():
            return False
        before = self.text[max(start - 12, 0) : start].split()
        if before and before[-1].casefold() in _NOT_BEFORE_A_PERSON:
            return False
        # Credits and menu items are short lines: look no further than their length
        # (a page flattened into one long line would be scanned once per name).
        window = max(start - _CREDIT_CHARS, 0)
        newline = self.text.rfind("\n", window, start)
        if newline < 0 and window > 0:
            return True  # deep inside a long paragraph
        line_start = newline + 1
        line_end = self.text.find("\n", end, end + _CREDIT_CHARS)
        if line_end < 0 and end + _CREDIT_CHARS < len(self.text):
            return True
        line = self.text[line_start : len(self.text) if line_end < 0 else line_end]
        if _CREDIT_LINE.match(line) or _CREDIT_BEFORE.search(self.text, line_start, start):
            return False
        name = self.text[start:end]
        return all(item.strip() != name for item in _ITEM_SEPARATORS.split(line))

    def _stands_alone(self, start: int, end: int) -> bool:
        """Whether a single capitalised word stands where a surname does.

        Not after a preposition or article ("la ministra de Trabajo", "the
        Villa manager" has it before a noun), but before a reporting verb,
        punctuation or a possessive ("Koizumi said", "Koizumi's", "Koizumi.").
        """
        before = self.text[max(start - 12, 0) : start].split()
        if before and before[-1].casefold() in _NO_SURNAME_AFTER:
            return False
        following = self.text[end : end + 2]
        if following[:1] in {",", ".", ";", ":", "'", "’", ")"}:
            return True
        return self._patterns is not None and self._vouched(start, end, after_only=True)

    def _vouched(self, start: int, end: int, after_only: bool = False) -> bool:
        """Whether the run at ``start:end`` stands where a speaker does (see ``__init__``)."""
        assert self._patterns is not None
        nearest = bisect.bisect_left(self._verb_at, start - 100)
        if nearest == len(self._verb_at) or self._verb_at[nearest] > end + 110:
            return False  # no reporting verb near: the patterns cannot match
        if self._patterns.after.match(self.text, end):
            return True
        if after_only:
            return False
        line_start = self.text.rfind("\n", max(start - 100, 0), start) + 1
        return bool(self._patterns.before.search(self.text, max(start - 100, line_start), start))

    def _runs(self) -> Iterator[tuple[int, int, tuple[str, ...], str]]:
        """(start, end, name words, title in front) of each capitalised run that may be a name."""
        for match in NAME_RUN.finditer(self.text):
            parsed = _parse_run(match.group())
            if parsed is None:
                continue
            end = match.end()
            if parsed.calendar_first and _NUMBER_NEAR.match(self.text, end):
                continue  # "Jan 5"; "Jan Petersen" and "June Carter" are people
            role = " ".join(parsed.title)
            if parsed.title:
                # "Secretary of Defense Pete Hegseth": the title goes on before "of".
                before = _TITLE_OF.search(self.text, max(match.start() - 40, 0), match.start())
                if before is not None:
                    role = f"{before['title']} of {role}"
                if not any(
                    is_title(w) and w.casefold() not in TITLE_MODIFIERS for w in role.split()
                ):
                    role = ""  # "Defense Buildup Program": a qualifier alone is no title
            yield match.start() + parsed.offset, end, parsed.words, role

    def _role_before(self, start: int) -> str | None:
        """The title of "the minister of transport, NAME": from its first title word on."""
        if not self.text[max(start - 3, 0) : start].rstrip().endswith(","):
            return None  # the pattern needs a comma right before the name
        match = _ROLE_BEFORE.search(self.text, max(start - 64, 0), start)
        if match is None:
            return None
        words = match["phrase"].split()
        first = next((i for i, w in enumerate(words) if is_title(w)), None)
        if first is None or len(words) - first > 6:
            return None
        return " ".join(words[first:])

    def _apposition(self, end: int) -> str | None:
        match = _APPOSITION.match(self.text, end)
        if match is None:
            return None
        role = match["role"]
        return role if role.split()[0] in TITLE_WORDS else None

    def resolve(self, short: str, position: int) -> str | None:
        """The full name a short form (a surname, a title and surname) at ``position`` means.

        Only known people: the longest run of ``short``'s words that is, or
        ends, a known full name ("Aston Villa manager Graham Tully" is
        Graham Tully, "Van Damme" is Lotte van Damme).
        """
        words = [w for w in short.split() if not is_title(w)]
        if not words:
            return None
        return self.known(words, position)

    def _ending_words(self) -> set[str]:
        """The last words of the known full names, folded."""
        if self._last_words is None:
            self._last_words = {name.casefold().rsplit(None, 1)[-1] for _, name in self._full}
        return self._last_words

    def known(self, words: Sequence[str], position: int) -> str | None:
        """The known full name that a run of ``words`` is or ends with, nearest before first."""
        if self._endings is None:
            self._endings = {}
            for at, name in self._full:
                parts = name.casefold().split()
                for size in range(1, min(len(parts), 4) + 1):
                    self._endings.setdefault(tuple(parts[-size:]), []).append((at, name))
        for size in range(min(len(words), 4), 0, -1):
            for first in range(len(words) - size + 1):
                tail = tuple(w.casefold() for w in words[first : first + size])
                candidates = self._endings.get(tail)
                if candidates:
                    # in text order: the nearest before is a bisection away
                    before = bisect.bisect_left(candidates, position, key=_position)
                    return candidates[before - 1 if before else 0][1]
        return None

    def people(self) -> list[Person]:
        """Everyone mentioned, in order of first mention, with their roles."""
        seen: dict[str, None] = {}
        for mention in self.mentions:
            seen.setdefault(mention.person)
        return [Person(name, tuple(self.roles.get(name, ()))) for name in seen]

    def last_with_role(self, title: str, position: int) -> str | None:
        """The person last mentioned before ``position`` whose role has ``title``'s words."""
        wanted = set(title.casefold().split())
        earlier = bisect.bisect_left(self.mentions, position, key=_mention_start)
        for index in range(earlier - 1, -1, -1):
            mention = self.mentions[index]
            roles = " ".join(self.roles.get(mention.person, ())).casefold().split()
            if wanted <= set(roles):
                return mention.person
        return None

    def last_before(self, position: int) -> str | None:
        """The person mentioned last before ``position`` (what "she" refers to)."""
        index = bisect.bisect_left(self.mentions, position, key=_mention_start) - 1
        return self.mentions[index].person if index >= 0 else None


def _position(candidate: tuple[int, str]) -> int:
    return candidate[0]


def _mention_start(mention: Mention) -> int:
    return mention.start


@lru_cache(maxsize=4)
def read_people(text: str) -> People:
    """The people of ``text`` with the reporting verbs vouching, read once per text.

    The quotes and entities extractors both need them; a small cache keyed
    by the text saves the second reading of the same document.
    """
    return People(text, verbs=REPORTING_VERBS)
