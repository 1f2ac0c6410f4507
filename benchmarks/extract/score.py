"""Scoring thresher's extraction against the gold set and reference data (stdlib only).

Each field has its own rule (see ``README.md`` in this folder); every set
comparison is a maximum **one-to-one** matching between predicted and gold
items (:func:`one_to_one`), so no gold item is found twice and the counts do
not depend on the order items come in.

* dates, publishers, languages, titles: per-article accuracy;
* authors, people, organisations, places, quotes, quantities: micro
  precision / recall / F1 over all articles (:class:`PRF`);
* relative dates (``on Wednesday`` → ``2026-02-11``): micro P/R/F1 of
  (text, date) pairs (:func:`relative_dates_score`);
* CoNLL-2003 entity spans: typed and untyped exact-span micro F1.

:func:`score_articles` scores a whole gold set and sorts every miss into a
kind (``quote: no speaker``, ``quantity: unit differs``...), the list a
developer reads to improve the rules.

    >>> s = PRF.of(matched=3, predicted=4, gold=6)
    >>> round(s.precision, 3), round(s.recall, 3), round(s.f1, 3)
    (0.75, 0.5, 0.6)

``python benchmarks/extract/score.py --selftest`` runs these examples and a
set of hand-made cases; ``--gold GOLD --predictions DOCUMENTS`` scores one
``documents.jsonl`` export and prints the figures as JSON.
"""

from __future__ import annotations

import argparse
import doctest
import json
import math
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

Record = Mapping[str, Any]

#: Quantity kinds the gold set annotates; ``duration`` is extracted but not in the gold.
GOLD_KINDS = ("percent", "money", "measure", "count")
UNSCORED_KINDS = frozenset({"duration"})
#: Predicted entity label -> CoNLL-2003 type (anything else is MISC).
LABELS: dict[str, str] = {
    "PER": "PER", "PERSON": "PER",
    "ORG": "ORG", "ORGANIZATION": "ORG", "ORGANISATION": "ORG",
    "GPE": "LOC", "LOC": "LOC", "LOCATION": "LOC", "PLACE": "LOC",
}  # fmt: skip
CONLL_TYPES = ("PER", "ORG", "LOC", "MISC")
#: Shorter quote text / longer one, in words, for the two to match.
QUOTE_OVERLAP = 0.8
#: Letters a word may carry beyond a gold name and still match it ("Deutschlands").
INFLECTION_LETTERS = 2


# -- counting -------------------------------------------------------------------------------------


@dataclass
class PRF:
    """Micro precision / recall / F1 from counts.

    ``matched_predicted`` and ``matched_gold`` are equal for a one-to-one
    matching; they differ in per-kind tables, where precision counts by the
    predicted kind and recall by the gold kind. Undefined figures are
    ``None``: precision with nothing predicted, recall with nothing to find;
    F1 is 0 when one side is empty and the other is not.

    >>> PRF.of(0, 0, 5).as_dict()["f1"], PRF.of(0, 0, 0).f1
    (0.0, None)
    >>> total = PRF.of(1, 2, 2) + PRF.of(1, 1, 2)
    >>> (total.matched_gold, total.predicted, total.gold), round(total.f1, 3)
    ((2, 3, 4), 0.571)
    """

    matched_predicted: int = 0
    predicted: int = 0
    matched_gold: int = 0
    gold: int = 0

    @classmethod
    def of(cls, matched: int, predicted: int, gold: int) -> PRF:
        return cls(matched, predicted, matched, gold)

    def __add__(self, other: PRF) -> PRF:
        return PRF(
            self.matched_predicted + other.matched_predicted,
            self.predicted + other.predicted,
            self.matched_gold + other.matched_gold,
            self.gold + other.gold,
        )

    @property
    def precision(self) -> float | None:
        return self.matched_predicted / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.matched_gold / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None and r is None:
            return None
        if p is None or r is None or p + r == 0:
            return 0.0
        return 2 * p * r / (p + r)

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "precision": self.precision, "recall": self.recall, "f1": self.f1}


def accuracy(flags: Iterable[bool]) -> float | None:
    """The share of ``True``; ``None`` for no cases.

    >>> accuracy([True, False, True, True]), accuracy([])
    (0.75, None)
    """
    values = list(flags)
    return sum(values) / len(values) if values else None


def one_to_one(
    predicted: int, gold: int, compatible: Callable[[int, int], bool]
) -> list[tuple[int, int]]:
    """A maximum matching of ``predicted`` x ``gold`` items, as sorted (p, g) index pairs.

    Augmenting paths (Kuhn): greedy first-come matching would lose a gold
    item whenever an earlier prediction took the only partner of a later one.

    >>> one_to_one(2, 2, lambda p, g: (p, g) in {(0, 0), (0, 1), (1, 0)})
    [(0, 1), (1, 0)]
    """
    edges = [[g for g in range(gold) if compatible(p, g)] for p in range(predicted)]
    owner: list[int | None] = [None] * gold

    def augment(p: int, seen: set[int]) -> bool:
        for g in edges[p]:
            if g not in seen:
                seen.add(g)
                holder = owner[g]
                if holder is None or augment(holder, seen):
                    owner[g] = p
                    return True
        return False

    for p in range(predicted):
        augment(p, set())
    return sorted((p, g) for g, p in enumerate(owner) if p is not None)


# -- text normalisation ---------------------------------------------------------------------------


def collapse(text: str) -> str:
    """Case-folded, whitespace (any, NBSP too) collapsed to one space, trimmed.

    >>> collapse("  Bank\\u00a0of   JAPAN ")
    'bank of japan'
    """
    return " ".join(text.casefold().split())


def squash(text: str) -> str:
    """Case-folded with all whitespace removed: ``PR Newswire`` is ``PRNewswire``."""
    return "".join(text.casefold().split())


def strip_punctuation(text: str) -> str:
    """``text`` without punctuation and symbols at either end (quote marks, commas, dashes)."""
    start, end = 0, len(text)
    while start < end and _is_edge_mark(text[start]):
        start += 1
    while end > start and _is_edge_mark(text[end - 1]):
        end -= 1
    return text[start:end]


def _is_edge_mark(char: str) -> bool:
    return char.isspace() or unicodedata.category(char)[0] in "PS"


# -- dates, publisher, language, title, authors ---------------------------------------------------


def date_part(value: Any) -> str | None:
    """The ``YYYY-MM-DD`` of an ISO 8601 date or date-time; ``None`` when there is none.

    >>> date_part("2026-03-12T09:14:00+00:00"), date_part(""), date_part(None)
    ('2026-03-12', None, None)
    """
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip()[:10]


def date_correct(predicted: Any, gold: str | None) -> bool:
    """The predicted date is the gold one (date part only); no gold date: nothing predicted.

    >>> date_correct("2025-10-27T08:00:00", "2025-10-27"), date_correct("2025-10-27", None)
    (True, False)
    """
    return date_part(predicted) == (gold or None)


def publisher_correct(predicted: Any, gold: str | None, aliases: Sequence[str] = ()) -> bool:
    """Case- and space-insensitive match against the publisher or an alias; null: none predicted.

    >>> publisher_correct("KYODO", "Kyodo News", ["Kyodo"]), publisher_correct(None, None)
    (True, True)
    """
    if not isinstance(predicted, str) or not predicted.strip():
        return gold is None
    if gold is None:
        return False
    return squash(predicted) in {squash(name) for name in [gold, *aliases]}


def primary_subtag(code: Any) -> str | None:
    """``en`` for ``en-GB``/``en_US``/``EN``; ``None`` for nothing."""
    if not isinstance(code, str) or not code.strip():
        return None
    return re.split(r"[-_]", code.strip())[0].casefold()


def language_correct(predicted: Any, gold: str | None) -> bool:
    return primary_subtag(predicted) == primary_subtag(gold)


def title_correct(predicted: Any, gold: str | None) -> bool:
    """Exact after case folding and whitespace collapsing; null gold: none predicted.

    >>> title_correct("Germany  cuts growth", "germany cuts growth"), title_correct("", None)
    (True, True)
    """
    if not isinstance(predicted, str) or not predicted.strip():
        return gold is None
    return gold is not None and collapse(predicted) == collapse(gold)


def name_set(names: Iterable[Any]) -> set[str]:
    return {collapse(name) for name in names if isinstance(name, str) and name.strip()}


def authors_score(predicted: Iterable[Any], gold: Iterable[str]) -> PRF:
    """Exact names, case-insensitive, as sets.

    >>> authors_score(["Tom Becker", "Editing by X"], ["tom becker", "Lena Voss"]).as_dict()["f1"]
    0.5
    """
    found, wanted = name_set(predicted), name_set(gold)
    return PRF.of(len(found & wanted), len(found), len(wanted))


# -- entities on the gold set ---------------------------------------------------------------------


def entity_type(label: Any) -> str:
    """CoNLL type of a predicted label: PERSON→PER, ORGANIZATION→ORG, GPE/LOCATION→LOC, else MISC.

    >>> [entity_type(x) for x in ("person", "GPE", "ORG", "NORP", None)]
    ['PER', 'LOC', 'ORG', 'MISC', 'MISC']
    """
    return LABELS.get(str(label).upper(), "MISC") if label is not None else "MISC"


def entities_of(prediction: Record) -> list[dict[str, Any]] | None:
    """The predicted entities as dicts, ``None`` when the field is absent or empty."""
    value = prediction.get("entities")
    if not isinstance(value, list) or not value:
        return None
    items = [item if isinstance(item, dict) else {"text": item} for item in value]
    return [item for item in items if isinstance(item.get("text"), str)]


def entity_label(entity: Record) -> Any:
    return entity.get("label", entity.get("type"))


def names_of_type(entities: Iterable[Record], wanted: str) -> list[str]:
    """Distinct names (first spelling kept) of entities of one CoNLL type.

    A resolved ``name`` (the full name an extractor may attach to a surname
    mention) wins over the surface ``text``.
    """
    names: dict[str, str] = {}
    for entity in entities:
        if entity_type(entity_label(entity)) == wanted:
            name = entity.get("name") or entity["text"]
            if isinstance(name, str) and name.strip():
                names.setdefault(collapse(name), name.strip())
    return list(names.values())


@dataclass
class PeopleScore:
    names: PRF
    #: matched people whose gold roles are not empty, and those of them with every role found
    with_roles: int = 0
    roles_found: int = 0

    @property
    def role_accuracy(self) -> float | None:
        return self.roles_found / self.with_roles if self.with_roles else None


def person_matches(name: str, person: Record) -> bool:
    """The predicted name is the gold person's name or one of its mentions (any case)."""
    wanted = name_set([person["name"], *person.get("mentions", [])])
    return collapse(name) in wanted


def roles_match(gold_roles: Sequence[str], predicted_roles: Iterable[str]) -> bool:
    """Every gold role is found in a predicted one, or contains one (case-insensitive).

    >>> roles_match(["chief executive"], ["Chief Executive of Orbis"]), roles_match(["mayor"], [])
    (True, False)
    """
    found = [collapse(role) for role in predicted_roles if isinstance(role, str) and role.strip()]
    return all(
        any(collapse(role) in other or other in collapse(role) for other in found)
        for role in gold_roles
    )


def people_score(entities: Sequence[Record], gold_people: Sequence[Record]) -> PeopleScore:
    """People P/R/F1 over distinct predicted person names, and roles of the matched people.

    Roles of a matched person are those of every predicted person entity
    naming them (an extractor may attach a role to one mention only).
    """
    names = names_of_type(entities, "PER")
    pairs = one_to_one(
        len(names), len(gold_people), lambda p, g: person_matches(names[p], gold_people[g])
    )
    score = PeopleScore(PRF.of(len(pairs), len(names), len(gold_people)))
    for _, g in pairs:
        person = gold_people[g]
        if not person.get("roles"):
            continue
        roles = [
            role
            for entity in entities
            if entity_type(entity_label(entity)) == "PER"
            and person_matches(str(entity.get("name") or entity["text"]), person)
            for role in _as_list(entity.get("roles"))
        ]
        score.with_roles += 1
        score.roles_found += roles_match(person["roles"], roles)
    return score


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def lenient_name_match(predicted: str, gold: str) -> bool:
    """Case-insensitive; one name inside the other as whole words (the gold keeps the fullest form).

    A word may carry up to two more letters than the gold's (inflection:
    ``Deutschlands`` for ``Deutschland``).

    >>> lenient_name_match("Bank of Japan", "bank of japan")
    True
    >>> lenient_name_match("Japan", "Bank of Japan")
    True
    >>> lenient_name_match("Deutschlands", "Deutschland"), lenient_name_match("Oman", "Romania")
    (True, False)
    """
    return one_within_other(predicted, gold, inflection=INFLECTION_LETTERS)


def one_within_other(predicted: str, gold: str, inflection: int = 0) -> bool:
    """Case-insensitive: the shorter text inside the longer one as whole words.

    When the gold is the shorter, a word may end ``inflection`` letters later.

    >>> one_within_other("on Friday afternoon", "Friday"), one_within_other("x", "")
    (True, False)
    """
    a, b = collapse(predicted), collapse(gold)
    if not a or not b:
        return False
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    suffix = rf"\w{{0,{inflection}}}" if inflection and shorter == b else ""
    return re.search(rf"(?<!\w){re.escape(shorter)}{suffix}(?!\w)", longer) is not None


def names_score(predicted: Sequence[str], gold: Sequence[str]) -> PRF:
    """Organisations or places: one-to-one lenient matching of distinct names."""
    pairs = one_to_one(
        len(predicted), len(gold), lambda p, g: lenient_name_match(predicted[p], gold[g])
    )
    return PRF.of(len(pairs), len(predicted), len(gold))


# -- quotes ---------------------------------------------------------------------------------------


def normalise_quote(text: str) -> str:
    """Case-folded, punctuation stripped at both ends, whitespace collapsed.

    >>> normalise_quote("  “At the same time,  the alliance must keep evolving.” ")
    'at the same time, the alliance must keep evolving'
    """
    return collapse(strip_punctuation(text))


def quote_texts_match(predicted: str, gold: str) -> bool:
    """Equal once normalised, or one inside the other with at least 0.8 of its words.

    >>> quote_texts_match("concrete steps", "Concrete steps.")
    True
    >>> quote_texts_match("steps", "concrete steps")
    False
    """
    a, b = normalise_quote(predicted), normalise_quote(gold)
    if not a or not b:
        return False
    if a == b:
        return True
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    return shorter in longer and len(shorter.split()) >= QUOTE_OVERLAP * len(longer.split())


def speakers_match(predicted: Any, gold: str | None) -> bool:
    """Both null, or the same name (case-insensitive). A surname for a full name is a miss.

    >>> speakers_match(None, None), speakers_match("haruto mizusawa", "Haruto Mizusawa")
    (True, True)
    >>> speakers_match("Mizusawa", "Haruto Mizusawa"), speakers_match(None, "Haruto Mizusawa")
    (False, False)
    """
    name = predicted if isinstance(predicted, str) and predicted.strip() else None
    if name is None or gold is None:
        return name is None and gold is None
    return collapse(name) == collapse(gold)


@dataclass
class QuoteScore:
    text: PRF
    with_speaker: PRF
    #: (predicted index, gold index) matched on their text
    pairs: list[tuple[int, int]] = field(default_factory=list)


def quotes_score(predicted: Sequence[Record], gold: Sequence[Record]) -> QuoteScore:
    """Quote text P/R/F1, and the same counting a match only when the speaker matches too."""
    texts = [str(q.get("text") or "") for q in predicted]
    pairs = one_to_one(
        len(texts), len(gold), lambda p, g: quote_texts_match(texts[p], gold[g]["text"])
    )
    both = one_to_one(
        len(texts),
        len(gold),
        lambda p, g: (
            quote_texts_match(texts[p], gold[g]["text"])
            and speakers_match(predicted[p].get("speaker"), gold[g].get("speaker"))
        ),
    )
    return QuoteScore(
        PRF.of(len(pairs), len(texts), len(gold)), PRF.of(len(both), len(texts), len(gold)), pairs
    )


# -- quantities -----------------------------------------------------------------------------------


def normalise_unit(unit: Any) -> str:
    """Compatibility form (``m³`` = ``m3``), case-folded, a plural ``s`` dropped from words.

    >>> [normalise_unit(u) for u in ("Troops", "troop", "m³", "km", "s", "Stellen")]
    ['troop', 'troop', 'm3', 'km', 's', 'stellen']
    """
    text = unicodedata.normalize("NFKC", str(unit or "")).casefold().strip()
    # Symbols (km, ms) never end in a plural s; nouns of four letters or more may.
    return text[:-1] if len(text) > 3 and text.endswith("s") and text.isalpha() else text


def close(a: Any, b: Any) -> bool:
    """Equal numbers up to a relative 1e-6; anything not a number never matches."""
    try:
        x, y = float(a), float(b)
    except (TypeError, ValueError):
        return False
    return math.isclose(x, y, rel_tol=1e-6, abs_tol=1e-12)


def quantity_difference(predicted: Record, gold: Record) -> list[str]:
    """Why a predicted quantity is not the gold one; ``[]`` when it matches.

    The unit may differ when the texts are the same (``cubic meters`` read
    as ``m3`` for gold ``m³``), except for money: a currency code is chosen
    from context (``$`` on an Australian page is AUD), not a wording.

    >>> g = {"text": "from 1.8% to 2%", "value": 1.8, "value_to": 2, "unit": "%"}
    >>> quantity_difference({"text": "1.8%", "value": 1.8, "unit": "%"}, g)
    ['range end missing']
    >>> worded = {"text": "from 1.8% to 2%", "value": 1.8, "value_to": 2.0, "unit": "pct"}
    >>> quantity_difference(worded, g)
    []
    """
    reasons = []
    # A range read as its two ends says more than "value differs" (to 0.7% from 1.2%).
    if gold.get("value_to") is not None and predicted.get("value_to") is None:
        reasons.append("range end missing")
    if not close(predicted.get("value"), gold.get("value")):
        reasons.append("value differs")
    ends = gold.get("value_to"), predicted.get("value_to")
    if None not in ends and not close(ends[1], ends[0]):
        reasons.append("range end differs")
    same_text = collapse(str(predicted.get("text") or "")) == collapse(str(gold.get("text") or ""))
    worded = same_text and gold.get("kind") != "money"
    if normalise_unit(predicted.get("unit")) != normalise_unit(gold.get("unit")) and not worded:
        reasons.append("unit differs")
    return reasons


@dataclass
class QuantityScore:
    overall: PRF
    kinds: dict[str, PRF]
    #: predicted items of unscored kinds (durations), left out of every figure
    unscored: int
    pairs: list[tuple[int, int]]
    #: the predicted items that were scored, in the order the pairs refer to
    scored: list[Record]


def quantities_score(predicted: Sequence[Record], gold: Sequence[Record]) -> QuantityScore:
    """One-to-one matching on value, range end and unit (:func:`quantity_difference`).

    Per kind: recall by the gold kind, precision by the predicted kind.
    """
    scored = [q for q in predicted if q.get("kind") not in UNSCORED_KINDS]
    pairs = one_to_one(
        len(scored), len(gold), lambda p, g: not quantity_difference(scored[p], gold[g])
    )
    matched_p = {p for p, _ in pairs}
    matched_g = {g for _, g in pairs}
    kinds: dict[str, PRF] = {}
    for index, item in enumerate(scored):
        counts = kinds.setdefault(str(item.get("kind")), PRF())
        counts.predicted += 1
        counts.matched_predicted += index in matched_p
    for index, item in enumerate(gold):
        counts = kinds.setdefault(str(item.get("kind")), PRF())
        counts.gold += 1
        counts.matched_gold += index in matched_g
    return QuantityScore(
        PRF.of(len(pairs), len(scored), len(gold)),
        kinds,
        len(predicted) - len(scored),
        pairs,
        scored,
    )


# -- relative dates -------------------------------------------------------------------------------


def relative_date_texts_match(predicted: str, gold: str) -> bool:
    """Equal, or one inside the other as whole words, ignoring case and spacing.

    The gold keeps a weekday's preposition or article as written (``on
    Wednesday``, ``am Mittwoch``, but ``jueves`` after ``a partir del``) and no
    part of the day (``on Tuesday`` in ``on Tuesday evening``); where an
    extractor draws that line is not what is measured, the date is.

    >>> relative_date_texts_match("Friday", "on Friday")
    True
    >>> relative_date_texts_match("on Friday afternoon", "on Friday")
    True
    >>> relative_date_texts_match("this month", "this morning"), relative_date_texts_match("", "x")
    (False, False)
    """
    return one_within_other(predicted, gold)


def relative_dates_of(prediction: Record) -> list[dict[str, Any]] | None:
    """The predicted relative dates: top-level ``relative_dates`` (the API run's records) or
    under ``fields`` (an export, where non-standard fields go); ``None`` when absent."""
    value = prediction.get("relative_dates")
    if value is None:
        value = (prediction.get("fields") or {}).get("relative_dates")
    if not isinstance(value, list):
        return None
    return [item for item in value if isinstance(item, Mapping)]


@dataclass
class RelativeDateScore:
    counts: PRF
    #: the distinct predicted (text, date) pairs, as scored
    predicted: list[tuple[str, str]]
    pairs: list[tuple[int, int]]


def relative_dates_score(predicted: Sequence[Record], gold: Sequence[Record]) -> RelativeDateScore:
    """One-to-one matching of (text, date) pairs: the same date string (so the same
    granularity: ``2026-02`` is not ``2026-02-11``) and texts that match
    (:func:`relative_date_texts_match`).

    The gold lists a text that occurs twice once, so predictions are counted
    once per distinct (text, date), case and spacing ignored.

    >>> wednesday, next_year = {"text": "on Wednesday"}, {"text": "next year", "date": "2026"}
    >>> gold = [wednesday | {"date": "2025-10-29"}, next_year]
    >>> again = {"text": "Next  year", "date": "2026"}
    >>> found = [wednesday | {"date": "2025-10-22"}, next_year, again]
    >>> s = relative_dates_score(found, gold).counts
    >>> (s.matched_gold, s.predicted, s.gold)
    (1, 2, 2)
    """
    distinct: dict[tuple[str, str], tuple[str, str]] = {}
    for item in predicted:
        text, date = str(item.get("text") or ""), str(item.get("date") or "")
        distinct.setdefault((collapse(text), date), (text, date))
    found = list(distinct.values())
    pairs = one_to_one(
        len(found),
        len(gold),
        lambda p, g: (
            found[p][1] == gold[g]["date"]
            and relative_date_texts_match(found[p][0], gold[g]["text"])
        ),
    )
    return RelativeDateScore(PRF.of(len(pairs), len(found), len(gold)), found, pairs)


# -- CoNLL-2003 spans -----------------------------------------------------------------------------


@dataclass
class SpanScore:
    typed: PRF
    untyped: PRF
    labels: dict[str, PRF]


def spans_score(predicted: Iterable[Record], gold: Iterable[Record]) -> SpanScore:
    """Exact character spans: with the type (micro), without it, and per CoNLL type.

    Predicted labels are mapped with :func:`entity_type`; an entity without
    integer offsets counts as predicted and never matches. Repeated spans
    count once.

    >>> gold = [{"start": 0, "end": 5, "type": "LOC"}, {"start": 9, "end": 14, "type": "PER"}]
    >>> found = [{"start": 0, "end": 5, "label": "GPE"}, {"start": 9, "end": 14, "label": "ORG"}]
    >>> s = spans_score(found, gold)
    >>> s.typed.f1, s.untyped.f1, s.labels["LOC"].f1, s.labels["PER"].recall
    (0.5, 1.0, 1.0, 0.0)
    >>> spans_score([{"label": "LOC", "spans": [[0, 5], [20, 25]]}], gold).typed.precision
    0.5
    """
    wanted = {(int(e["start"]), int(e["end"]), str(e["type"])) for e in gold}
    found: set[tuple[int, int, str]] = set()
    unplaced = 0
    for entity in predicted:
        # one record per occurrence ({start, end}, spaCy's way), or one per
        # entity with every occurrence in ``spans`` (thresher's way)
        places = entity.get("spans") or [[entity.get("start"), entity.get("end")]]
        for start, end in places:
            if isinstance(start, int) and isinstance(end, int):
                found.add((start, end, entity_type(entity_label(entity))))
            else:
                unplaced += 1
    typed = PRF.of(len(found & wanted), len(found) + unplaced, len(wanted))
    spans_found = {(s, e) for s, e, _ in found}
    spans_wanted = {(s, e) for s, e, _ in wanted}
    untyped = PRF.of(
        len(spans_found & spans_wanted), len(spans_found) + unplaced, len(spans_wanted)
    )
    labels = {}
    for label in CONLL_TYPES:
        mine = {x for x in found if x[2] == label}
        theirs = {x for x in wanted if x[2] == label}
        labels[label] = PRF.of(len(mine & theirs), len(mine), len(theirs))
    return SpanScore(typed, untyped, labels)


# -- Reuters datelines -----------------------------------------------------------------------------

_MONTHS = {m: n for n, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_DATELINE = re.compile(r"\b(?P<month>[A-Za-z]{3})[a-z]*\.?\s+(?P<day>\d{1,2})\b")


def month_day(value: Any) -> str | None:
    """``MM-DD`` of an ISO date. ``None`` when there is no date.

    >>> month_day("1987-02-26T15:01:01"), month_day(None)
    ('02-26', None)
    """
    part = date_part(value)
    return part[5:10] if part and len(part) >= 10 else None


def dateline_month_day(dateline: str) -> str | None:
    """``MM-DD`` a Reuters dateline gives (``SALVADOR, Feb 26 -``), ``None`` if it gives none.

    >>> dateline_month_day("SALVADOR, Feb 26 -"), dateline_month_day("NEW YORK, March 3 -")
    ('02-26', '03-03')
    """
    for found in _DATELINE.finditer(dateline):
        month = _MONTHS.get(found["month"].casefold())
        if month and 1 <= int(found["day"]) <= 31:
            return f"{month:02d}-{int(found['day']):02d}"
    return None


def reuters_dates(rows: Sequence[tuple[str, str, Any]]) -> dict[str, Any]:
    """Dates found in ``(dateline, gold ISO date, predicted date)`` rows.

    ``month_day``: predicted month and day equal the record's (over all rows
    and over rows with a date found); ``full_date``: the year too, which the
    text rarely gives. ``dateline_agrees``: rows whose dateline's own month and
    day are the record's timestamp's, the ceiling for a reader of the text.

    >>> rows = [("X, Feb 26 -", "1987-02-26T15:01", "2026-02-26"), ("Y -", "1987-03-01", None)]
    >>> r = reuters_dates(rows)
    >>> r["found"], r["month_day"], r["month_day_when_found"], r["full_date"], r["dateline_agrees"]
    (0.5, 0.5, 1.0, 0.0, 0.5)
    """
    found = [row for row in rows if date_part(row[2])]
    years = Counter(str(date_part(row[2]))[:4] for row in found)
    return {
        "documents": len(rows),
        "found": accuracy(bool(date_part(p)) for _, _, p in rows),
        "month_day": accuracy(month_day(p) == month_day(g) for _, g, p in rows),
        "month_day_when_found": accuracy(month_day(p) == month_day(g) for _, g, p in found),
        "full_date": accuracy(date_part(p) == date_part(g) for _, g, p in rows),
        "dateline_agrees": accuracy(dateline_month_day(d) == month_day(g) for d, g, _ in rows),
        "predicted_years": dict(years.most_common(5)),
    }


# -- a whole gold set -----------------------------------------------------------------------------


@dataclass
class Miss:
    """One thing the extraction got wrong, for the lists a developer reads."""

    field: str  # date, publisher, authors, title, language, quote, quantity, relative date
    kind: str  # e.g. "none predicted", "no speaker", "unit differs"
    id: str
    gold: str
    predicted: str

    def line(self) -> str:
        return f"{self.id} [{self.kind}] gold {self.gold} | predicted {self.predicted}"

    def example(self) -> str:
        return f"{self.id}: gold {self.gold} | predicted {self.predicted}"


@dataclass
class ArticleScores:
    """Per-field figures over a set of articles (``score_articles``)."""

    articles: int = 0
    date: list[bool] = field(default_factory=list)
    date_when_gold: list[bool] = field(default_factory=list)
    publisher: list[bool] = field(default_factory=list)
    language: list[bool] = field(default_factory=list)
    title: list[bool] = field(default_factory=list)
    authors: PRF = field(default_factory=PRF)
    quotes: PRF = field(default_factory=PRF)
    quotes_speaker: PRF = field(default_factory=PRF)
    quantities: PRF = field(default_factory=PRF)
    quantity_kinds: dict[str, PRF] = field(default_factory=dict)
    durations: int = 0
    entities_available: bool = False
    people: PRF = field(default_factory=PRF)
    roles_checked: int = 0
    roles_found: int = 0
    organisations: PRF = field(default_factory=PRF)
    places: PRF = field(default_factory=PRF)
    relative_dates_available: bool = False
    relative_dates: PRF = field(default_factory=PRF)
    misses: list[Miss] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """Every figure; entity figures are ``None`` when the extraction gives no entities."""
        entities = self.entities_available
        return {
            "articles": self.articles,
            "date_accuracy": accuracy(self.date),
            "date_accuracy_when_gold": accuracy(self.date_when_gold),
            "publisher_accuracy": accuracy(self.publisher),
            "language_accuracy": accuracy(self.language),
            "title_accuracy": accuracy(self.title),
            "authors": self.authors.as_dict(),
            "quotes": self.quotes.as_dict(),
            "quotes_speaker": self.quotes_speaker.as_dict(),
            "quantities": self.quantities.as_dict(),
            "quantity_kinds": {k: v.as_dict() for k, v in sorted(self.quantity_kinds.items())},
            "durations_not_scored": self.durations,
            "entities_available": entities,
            "people": self.people.as_dict() if entities else None,
            "role_accuracy": (self.roles_found / self.roles_checked if self.roles_checked else None)
            if entities
            else None,
            "roles_checked": self.roles_checked if entities else None,
            "organisations": self.organisations.as_dict() if entities else None,
            "places": self.places.as_dict() if entities else None,
            "relative_dates_available": self.relative_dates_available,
            "relative_dates": self.relative_dates.as_dict()
            if self.relative_dates_available
            else None,
        }


def score_articles(gold: Sequence[Record], predictions: Mapping[str, Record]) -> ArticleScores:
    """Score predictions (``{id: exported document}``) against gold annotations.

    A gold article without a prediction (dropped, failed) is scored as an
    empty extraction.
    """
    scores = ArticleScores(
        entities_available=any(entities_of(p) for p in predictions.values()),
        relative_dates_available=any(
            relative_dates_of(p) is not None for p in predictions.values()
        ),
    )
    for record in gold:
        prediction = predictions.get(record["id"], {})
        scores.articles += 1
        _score_metadata(scores, record, prediction)
        _score_quotes(scores, record, prediction)
        _score_quantities(scores, record, prediction)
        if scores.entities_available:
            _score_entities(scores, record, entities_of(prediction) or [])
        if scores.relative_dates_available:
            _score_relative_dates(scores, record, prediction)
    return scores


def _score_metadata(scores: ArticleScores, gold: Record, prediction: Record) -> None:
    meta = prediction.get("meta") or {}
    article = gold["id"]
    date = meta.get("date")
    ok = date_correct(date, gold.get("date"))
    scores.date.append(ok)
    if gold.get("date"):
        scores.date_when_gold.append(ok)
    if not ok:
        kind = "none predicted" if not date_part(date) else "wrong date"
        if not gold.get("date"):
            kind = "date where the page has none"
        source = f" ({meta['date_source']})" if meta.get("date_source") else ""
        scores.misses.append(Miss("date", kind, article, str(gold.get("date")), f"{date}{source}"))

    publisher = meta.get("publisher")
    aliases = gold.get("publisher_aliases") or []
    ok = publisher_correct(publisher, gold.get("publisher"), aliases)
    scores.publisher.append(ok)
    if not ok:
        kind = "none predicted" if not publisher else "wrong publisher"
        if gold.get("publisher") is None:
            kind = "publisher where the page names none"
        source = f" ({meta['publisher_source']})" if meta.get("publisher_source") else ""
        scores.misses.append(
            Miss("publisher", kind, article, repr(gold.get("publisher")), f"{publisher!r}{source}")
        )

    ok = language_correct(meta.get("language"), gold.get("language"))
    scores.language.append(ok)
    if not ok:
        scores.misses.append(
            Miss(
                "language",
                "wrong language",
                article,
                str(gold.get("language")),
                str(meta.get("language")),
            )
        )

    title = meta.get("title")
    ok = title_correct(title, gold.get("title"))
    scores.title.append(ok)
    if not ok:
        kind = "none predicted" if not title else "wrong title"
        scores.misses.append(Miss("title", kind, article, _short(gold.get("title")), _short(title)))

    authors = [a for a in _as_list(meta.get("authors")) if isinstance(a, str)]
    counts = authors_score(authors, gold.get("authors") or [])
    scores.authors += counts
    if counts.matched_gold != counts.gold or counts.matched_predicted != counts.predicted:
        kind = "missed" if counts.predicted == counts.matched_predicted else "wrong or extra name"
        scores.misses.append(
            Miss("authors", kind, article, str(gold.get("authors") or []), str(authors))
        )


def _score_quotes(scores: ArticleScores, gold: Record, prediction: Record) -> None:
    predicted = [q for q in _as_list(prediction.get("quotes")) if isinstance(q, Mapping)]
    wanted = gold.get("quotes") or []
    result = quotes_score(predicted, wanted)
    scores.quotes += result.text
    scores.quotes_speaker += result.with_speaker
    article = gold["id"]
    for p, g in result.pairs:
        said, truth = predicted[p].get("speaker"), wanted[g].get("speaker")
        if not speakers_match(said, truth):
            kind = "wrong speaker"
            if not said:
                kind = "no speaker"
            elif truth is None:
                kind = "speaker for an anonymous quote"
            scores.misses.append(
                Miss(
                    "quote",
                    kind,
                    article,
                    f"{_short(wanted[g]['text'], 50)} — {truth}",
                    f"— {said}",
                )
            )
    lone_p = [p for p in range(len(predicted)) if p not in {p for p, _ in result.pairs}]
    lone_g = [g for g in range(len(wanted)) if g not in {g for _, g in result.pairs}]
    for g in lone_g:
        partner = next(
            (
                p
                for p in lone_p
                if _overlapping_quotes(str(predicted[p].get("text") or ""), wanted[g]["text"])
            ),
            None,
        )
        truth = f"{_short(wanted[g]['text'])} — {wanted[g].get('speaker')}"
        if partner is None:
            scores.misses.append(Miss("quote", "missed", article, truth, "—"))
            continue
        lone_p.remove(partner)
        text = f"{_short(predicted[partner].get('text'))} — {predicted[partner].get('speaker')}"
        scores.misses.append(Miss("quote", "span differs", article, truth, text))
    for p in lone_p:
        text = f"{_short(predicted[p].get('text'))} — {predicted[p].get('speaker')}"
        scores.misses.append(Miss("quote", "spurious", article, "—", text))


def _overlapping_quotes(predicted: str, gold: str) -> bool:
    """One normalised text inside the other, or sharing a run of five words."""
    a, b = normalise_quote(predicted), normalise_quote(gold)
    if a and b and (a in b or b in a):
        return True
    words_a, words_b = a.split(), b.split()
    runs = {tuple(words_a[i : i + 5]) for i in range(len(words_a) - 4)}
    return any(tuple(words_b[i : i + 5]) in runs for i in range(len(words_b) - 4))


def _score_quantities(scores: ArticleScores, gold: Record, prediction: Record) -> None:
    predicted = [q for q in _as_list(prediction.get("quantities")) if isinstance(q, Mapping)]
    wanted = gold.get("quantities") or []
    result = quantities_score(predicted, wanted)
    scores.quantities += result.overall
    scores.durations += result.unscored
    for kind, counts in result.kinds.items():
        scores.quantity_kinds[kind] = scores.quantity_kinds.get(kind, PRF()) + counts
    lone_p = [p for p in range(len(result.scored)) if p not in {p for p, _ in result.pairs}]
    lone_g = [g for g in range(len(wanted)) if g not in {g for _, g in result.pairs}]
    text = str(prediction.get("text") or "")
    article = gold["id"]
    for g in lone_g:
        partner = next(
            (p for p in lone_p if _overlapping_quantities(result.scored[p], wanted[g], text)), None
        )
        if partner is None:
            kind = f"missed {wanted[g].get('kind')}"
            scores.misses.append(Miss("quantity", kind, article, describe_quantity(wanted[g]), "—"))
            continue
        lone_p.remove(partner)
        reasons = quantity_difference(result.scored[partner], wanted[g]) or ["differs"]
        scores.misses.append(
            Miss(
                "quantity",
                reasons[0],
                article,
                describe_quantity(wanted[g]),
                describe_quantity(result.scored[partner]) + f" ({', '.join(reasons)})",
            )
        )
    for p in lone_p:
        kind = f"spurious {result.scored[p].get('kind')}"
        scores.misses.append(
            Miss("quantity", kind, article, "—", describe_quantity(result.scored[p]))
        )


def _overlapping_quantities(predicted: Record, gold: Record, text: str) -> bool:
    """The two texts overlap: one inside the other, or their places in ``text`` intersect."""
    a, b = collapse(str(predicted.get("text") or "")), collapse(str(gold.get("text") or ""))
    if a and b and (a in b or b in a):
        return True
    start, end = predicted.get("start"), predicted.get("end")
    if not (isinstance(start, int) and isinstance(end, int)) or not gold.get("text"):
        return False
    for found in re.finditer(re.escape(str(gold["text"])), text):
        if found.start() < end and start < found.end():
            return True
    return False


def describe_quantity(item: Record) -> str:
    """``"from 1.8% to 2%" 1.8→2 % (percent)``: a short line."""
    value = _number(item.get("value"))
    if item.get("value_to") is not None:
        value += f"→{_number(item.get('value_to'))}"
    return f"{_short(item.get('text'), 40)} {value} {item.get('unit')} ({item.get('kind')})"


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:g}" if isinstance(value, float) else str(value)


def _score_relative_dates(scores: ArticleScores, gold: Record, prediction: Record) -> None:
    wanted = gold.get("relative_dates") or []
    result = relative_dates_score(relative_dates_of(prediction) or [], wanted)
    scores.relative_dates += result.counts
    article = gold["id"]
    lone_p = [p for p in range(len(result.predicted)) if p not in {p for p, _ in result.pairs}]
    lone_g = [g for g in range(len(wanted)) if g not in {g for _, g in result.pairs}]
    for g in lone_g:
        truth = f"{_short(wanted[g]['text'], 40)} {wanted[g]['date']}"
        partner = next(
            (
                p
                for p in lone_p
                if relative_date_texts_match(result.predicted[p][0], wanted[g]["text"])
            ),
            None,
        )
        if partner is None:
            scores.misses.append(Miss("relative date", "missed", article, truth, "—"))
            continue
        lone_p.remove(partner)
        text, date = result.predicted[partner]
        kind = "wrong date"
        if date[:4] == wanted[g]["date"][:4] and len(date) != len(wanted[g]["date"]):
            kind = "granularity differs"
        scores.misses.append(
            Miss("relative date", kind, article, truth, f"{_short(text, 40)} {date}")
        )
    for p in lone_p:
        text, date = result.predicted[p]
        kind = "spurious" if gold.get("date") else "resolved on a page without a date"
        scores.misses.append(
            Miss("relative date", kind, article, "—", f"{_short(text, 40)} {date}")
        )


def _score_entities(scores: ArticleScores, gold: Record, entities: Sequence[Record]) -> None:
    people = people_score(entities, gold.get("people") or [])
    scores.people += people.names
    scores.roles_checked += people.with_roles
    scores.roles_found += people.roles_found
    scores.organisations += names_score(
        names_of_type(entities, "ORG"), gold.get("organisations") or []
    )
    scores.places += names_score(names_of_type(entities, "LOC"), gold.get("places") or [])


def _short(value: Any, limit: int = 60) -> str:
    """``"text"`` cut to ``limit`` characters, on one line; ``None`` as is."""
    if value is None:
        return "None"
    text = " ".join(str(value).split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def miss_kinds(misses: Iterable[Miss]) -> list[tuple[str, str, int, Miss]]:
    """(field, kind, count, first example), most common first."""
    groups: dict[tuple[str, str], list[Miss]] = {}
    for miss in misses:
        groups.setdefault((miss.field, miss.kind), []).append(miss)
    ranked = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
    return [(f, k, len(items), items[0]) for (f, k), items in ranked]


# -- self test ------------------------------------------------------------------------------------


def _hand_cases() -> list[str]:
    """Small cases worked out by hand; the failures' descriptions."""
    failures: list[str] = []

    def check(name: str, got: Any, want: Any) -> None:
        if got != want:
            failures.append(f"{name}: got {got!r}, want {want!r}")

    check("date time part ignored", date_correct("2026-01-14T08:00:00+00:00", "2026-01-14"), True)
    check("date predicted where none", date_correct("2026-01-14", None), False)
    check("date none both", date_correct(None, None), True)
    check("publisher spaces", publisher_correct("PRNewswire", "PR Newswire"), True)
    check("publisher wrong", publisher_correct("Reuters", "Kyodo News", ["Kyodo"]), False)
    check("language subtag", language_correct("de-AT", "de"), True)
    check("language missing", language_correct(None, "fr"), False)

    people = [
        {"name": "Haruto Mizusawa", "roles": ["Defense Minister"], "mentions": ["Mizusawa"]},
        {"name": "Calvin Rourke", "roles": [], "mentions": ["Rourke"]},
    ]
    entities = [
        {"text": "Mizusawa", "label": "PERSON", "roles": ["Japanese Defense Minister"]},
        {"text": "Haruto Mizusawa", "label": "PER"},
        {"text": "Rourke", "label": "PER"},
        {"text": "Tokyo", "label": "GPE"},
    ]
    score = people_score(entities, people)
    # Mizusawa's two names: one matches, the other is a false positive.
    check("people counts", (score.names.matched_gold, score.names.predicted), (2, 3))
    check("people roles", (score.with_roles, score.roles_found), (1, 1))

    places = names_score(
        ["Tokyo", "Japan", "Okinawa prefecture"], ["Tokyo", "Japan", "Okinawa", "Guam"]
    )
    check("places lenient", (places.matched_gold, places.predicted, places.gold), (3, 3, 4))
    check("no partial word", lenient_name_match("Man", "Manila"), False)

    gold_quotes = [
        {
            "text": "We will explain our resolve to take primary responsibility",
            "speaker": "Haruto Mizusawa",
        },
        {"text": "concrete steps", "speaker": "Calvin Rourke"},
        {"text": "a senior official said so", "speaker": None},
    ]
    predicted_quotes = [
        {
            "text": "We will explain our resolve to take primary responsibility,",
            "speaker": "Haruto Mizusawa",
        },
        {"text": "concrete steps", "speaker": "Rourke"},
        {"text": "a senior official said so", "speaker": None},
        {"text": "has to go up", "speaker": None},
    ]
    quotes = quotes_score(predicted_quotes, gold_quotes)
    check("quote text", (quotes.text.matched_gold, quotes.text.predicted), (3, 4))
    check("quote speaker", quotes.with_speaker.matched_gold, 2)
    check("quote 0.8 rule", quote_texts_match("a b c d", "a b c d e"), True)
    check("quote 0.8 rule fails", quote_texts_match("a b c", "a b c d e"), False)

    gold_quantities = [
        {"text": "from 1.8% to 2%", "value": 1.8, "value_to": 2, "unit": "%", "kind": "percent"},
        {"text": "55,000 U.S. troops", "value": 55000, "unit": "troops", "kind": "count"},
        {"text": "9.8 billion cubic meters", "value": 9.8e9, "unit": "m³", "kind": "measure"},
        {"text": "¥1.2 trillion", "value": 1.2e12, "unit": "JPY", "kind": "money"},
    ]
    predicted_quantities = [
        {"text": "1.8%", "value": 1.8, "unit": "%", "kind": "percent"},
        {"text": "55,000 U.S. troops", "value": 55000.0, "unit": "troop", "kind": "count"},
        {
            "text": "9.8 billion cubic meters",
            "value": 9800000000,
            "unit": "cubic meters",
            "kind": "measure",
        },
        {"text": "¥1.2 trillion", "value": 1.2e12, "unit": "CNY", "kind": "money"},
        {"text": "two years", "value": 2, "unit": "years", "kind": "duration"},
    ]
    result = quantities_score(predicted_quantities, gold_quantities)
    check("quantities matched", (result.overall.matched_gold, result.overall.predicted), (2, 4))
    check("durations left out", result.unscored, 1)
    check("per kind", (result.kinds["money"].matched_gold, result.kinds["count"].recall), (0, 1.0))
    check("value tolerance", close(0.1 + 0.2, 0.3), True)

    spans = spans_score(
        [{"start": 0, "end": 5, "label": "LOCATION"}, {"text": "x", "label": "PER"}],
        [{"start": 0, "end": 5, "type": "LOC"}],
    )
    check("spans unplaced", (spans.typed.matched_gold, spans.typed.predicted), (1, 2))

    gold = [{"id": "a", "date": "2026-01-01", "publisher": None, "language": "en", "title": None,
             "authors": [], "quotes": [], "quantities": [], "people": [], "organisations": [],
             "places": []}]  # fmt: skip
    scores = score_articles(gold, {"a": {"meta": {"date": "2026-01-02", "language": "en"}}})
    summary = scores.summary()
    check("article date", summary["date_accuracy"], 0.0)
    check("article language", summary["language_accuracy"], 1.0)
    check(
        "entities not available", (summary["entities_available"], summary["people"]), (False, None)
    )
    check("miss listed", [(m.field, m.kind) for m in scores.misses], [("date", "wrong date")])
    check("relative dates not available", summary["relative_dates"], None)

    gold_relative = [
        {"text": "on Wednesday", "date": "2025-10-29"},
        {"text": "Monday", "date": "2025-10-27"},
        {"text": "last month", "date": "2025-09"},
        {"text": "next year", "date": "2026"},
    ]
    predicted_relative = [
        {"text": "Wednesday", "date": "2025-10-29"},  # the preposition left out: a match
        {"text": "Monday", "date": "2025-10-20"},  # wrong date
        {"text": "last month", "date": "2025-09-01"},  # wrong granularity
        {"text": "next year", "date": "2026"},
        {"text": "next  Year", "date": "2026"},  # the same text and date again: counted once
        {"text": "today", "date": "2025-10-27"},  # not in the gold
    ]
    relative = relative_dates_score(predicted_relative, gold_relative).counts
    check("relative matched", (relative.matched_gold, relative.predicted, relative.gold), (2, 5, 4))
    check("relative words", relative_date_texts_match("on Friday", "Friday night"), False)
    gold[0]["relative_dates"] = gold_relative
    exported = {
        "a": {"meta": {"date": "2026-01-01"}, "fields": {"relative_dates": predicted_relative}}
    }
    relative_misses = [
        m.kind for m in score_articles(gold, exported).misses if m.field == "relative date"
    ]
    check(
        "relative misses",
        sorted(relative_misses),
        ["granularity differs", "spurious", "wrong date"],
    )
    check(
        "relative from fields",
        score_articles(gold, exported).summary()["relative_dates"]["f1"],
        2 * (2 / 5) * (2 / 4) / (2 / 5 + 2 / 4),
    )
    return failures


def selftest() -> int:
    failed, tried = doctest.testmod(sys.modules[__name__])
    failures = _hand_cases()
    for failure in failures:
        print(f"FAIL {failure}", file=sys.stderr)
    if failed or failures:
        return 1
    print(f"ok: {tried} doctest examples and the hand-made cases")
    return 0


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--selftest", action="store_true", help="check the scoring and exit")
    parser.add_argument("--gold", type=Path, help="gold.jsonl")
    parser.add_argument("--predictions", type=Path, help="a documents.jsonl export")
    args = parser.parse_args(argv)
    if args.selftest:
        return selftest()
    if not (args.gold and args.predictions):
        parser.error("--gold and --predictions, or --selftest")
    predictions = {record["id"]: record for record in read_jsonl(args.predictions)}
    scores = score_articles(read_jsonl(args.gold), predictions)
    summary = scores.summary()
    summary["misses"] = [m.line() for m in scores.misses]
    print(json.dumps(summary, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
