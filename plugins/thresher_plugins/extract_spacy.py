"""The ``spacy-entities`` extractor: the ``entities`` field from a spaCy pipeline.

Opt-in (``extract --only spacy-entities`` or ``--add spacy-entities --skip
entities``): it provides the same field as the built-in ``entities``
extractor, and the core refuses two extractors of one field in a run, so
the user picks one. Records have the built-in's shape (``entity_table.py``).

* The pipeline is the ``model`` option: an installed package
  (``en_core_web_sm``) or a folder saved with ``nlp.to_disk``. spaCy is an
  optional dependency (``pip install 'thresher[spacy]'``): it is imported
  when the extractor is built, never when this module is, and each process
  loads a pipeline once.
* spaCy's labels become thresher's four (:data:`SPACY_LABELS`); numbers,
  dates and times are skipped (the ``quantities`` extractor reads numbers).
* A person's short mention ("Koizumi") counts for the full name it ends or
  begins ("Shinjiro Koizumi"), the nearest one before it, else the first
  after it (a headline may name by surname before the body names in full).
* People's ``roles`` are the titles ``people.py`` reads for the same name.
* A text longer than the pipeline's ``max_length`` is cut after paragraph
  breaks; spans are always offsets into the document's text.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from thresher import ConfigError, Document, Extractor, hookimpl
from thresher_plugins.entity_table import EntityTable
from thresher_plugins.people import is_title, read_people

if TYPE_CHECKING:
    from spacy.language import Language

#: spaCy label -> thresher label (``None``: not an entity thresher keeps).
#: OntoNotes labels (the ``en_core_web_*`` pipelines) and WikiNER's
#: (``xx_ent_wiki_sm``, most other languages' pipelines). Numbers, dates,
#: times and money are skipped: the ``quantities`` extractor reads them with
#: their units and nouns. A label not listed here (a custom pipeline's) is
#: ``MISC``, so the field keeps its four labels.
SPACY_LABELS: Mapping[str, str | None] = {
    "PERSON": "PER",
    "PER": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
    "PRODUCT": "MISC",
    "MISC": "MISC",
    "DATE": None,
    "TIME": None,
    "PERCENT": None,
    "MONEY": None,
    "QUANTITY": None,
    "ORDINAL": None,
    "CARDINAL": None,
}

DEFAULT_MODEL = "en_core_web_sm"
_INSTALL_HINT = (
    "install spaCy with pip install 'thresher[spacy]' and a pipeline with "
    f"python -m spacy download {DEFAULT_MODEL}, or set -s spacy-entities.model=NAME_OR_FOLDER"
)
# Lower case only: a capitalised one is often part of the name ("The Hague").
_ARTICLES = frozenset({"the"})
_POSSESSIVES = ("'s", "’s")
# Where a text too long for the pipeline is cut, best first.
_CUT_AFTER = ("\n\n", "\n", ". ", " ")


@functools.lru_cache(maxsize=4)
def load_pipeline(model: str) -> Language:
    """The spaCy pipeline ``model`` (a package name or a saved folder), loaded once per process.

    Raises :class:`~thresher.ConfigError` naming the model when spaCy or the
    pipeline is missing: the CLI shows it as one line, before any document
    is read. Failures are not cached, so installing the model mid-session works.
    """
    try:
        import spacy
    except ImportError as error:
        raise ConfigError(
            f"extractor 'spacy-entities' needs spaCy for model {model!r}, and spaCy is not "
            f"installed: {_INSTALL_HINT}"
        ) from error
    try:
        nlp = spacy.load(model)
    except OSError as error:  # spaCy's "Can't find model" (E050) and unreadable folders
        raise ConfigError(
            f"extractor 'spacy-entities': no spaCy pipeline {model!r} (neither an installed "
            f"package nor a folder saved with nlp.to_disk); {_INSTALL_HINT}"
        ) from error
    if not nlp.pipe_names:
        raise ConfigError(
            f"extractor 'spacy-entities': spaCy pipeline {model!r} has no components, so it "
            "finds no entities; use one with 'ner' or an 'entity_ruler'"
        )
    return nlp


class _Mention(NamedTuple):
    label: str  # thresher's
    start: int
    end: int
    written: str  # whitespace collapsed, as the record's ``mentions`` show it


@attrs.define
class SpacyEntitiesExtractor(Extractor):
    """People, organisations and places found by a spaCy pipeline, in the ``entities`` shape."""

    name = "spacy-entities"
    default = False
    order = 200
    provides = ("entities",)

    #: An installed spaCy package or a folder saved with ``nlp.to_disk``.
    model: str = attrs.field(default=DEFAULT_MODEL, validator=attrs.validators.instance_of(str))

    def __attrs_post_init__(self) -> None:
        # A missing model is a configuration error: say so while the pipeline
        # is built, not once per document in the run's failures.
        load_pipeline(self.model)

    def extract(self, document: Document) -> Mapping[str, Any]:
        return {"entities": self.find(document.text)}

    def find(self, text: str) -> list[dict[str, Any]]:
        mentions = list(self._mentions(text))
        people = [m for m in mentions if m.label == "PER"]
        canonical = _full_names(people)
        found = EntityTable()
        for mention in mentions:
            name = canonical.get(mention.start, mention.written)
            found.add(mention.label, name, mention.written, mention.start, mention.end)
        if people:
            roles = {name.casefold(): titles for name, titles in read_people(text).roles.items()}
            for name in set(canonical.values()):
                found.set_roles("PER", name, roles.get(name.casefold(), []))
        return found.records()

    def _mentions(self, text: str) -> Iterator[_Mention]:
        """The pipeline's entities in text order, labels mapped, spans in ``text``."""
        nlp = load_pipeline(self.model)
        pieces = list(_pieces(text, nlp.max_length))
        for (offset, _), doc in zip(pieces, nlp.pipe(piece for _, piece in pieces), strict=True):
            for entity in doc.ents:
                label = SPACY_LABELS.get(entity.label_, "MISC")
                if label is None:
                    continue
                bounds = _trimmed(text, offset + entity.start_char, offset + entity.end_char, label)
                if bounds is not None:
                    start, end = bounds
                    yield _Mention(label, start, end, " ".join(text[start:end].split()))


def _trimmed(text: str, start: int, end: int, label: str) -> tuple[int, int] | None:
    """The name inside a pipeline's span: without a leading title (people) or article.

    Pipelines often take "President Lula" or "the United States" whole; the
    record's name and span should be the name alone, as the built-in
    extractor gives it. ``None`` when nothing but a title is left.
    """
    while True:
        first_end = start
        while first_end < end and not text[first_end].isspace():
            first_end += 1
        word = text[start:first_end]
        if first_end >= end:
            # one word left: a name, unless it is a title alone ("the Minister")
            return None if label == "PER" and is_title(word) else _unowned(text, start, end)
        if not (word in _ARTICLES or (label == "PER" and is_title(word))):
            return _unowned(text, start, end)
        start = first_end
        while start < end and text[start].isspace():
            start += 1


def _unowned(text: str, start: int, end: int) -> tuple[int, int]:
    """``start:end`` without a possessive ending ("Koizumi's")."""
    for possessive in _POSSESSIVES:
        if text.endswith(possessive, start, end) and end - len(possessive) > start:
            return start, end - len(possessive)
    return start, end


def _full_names(people: Sequence[_Mention]) -> dict[int, str]:
    """Start of each person mention (in text order) -> the full name it refers to.

    A mention whose words are the last (else the first) words of a longer
    person mention refers to that one's full name: the nearest before it,
    else the first after it. Longer mentions are settled first, so "Damme"
    reaches "Lotte van Damme" through "van Damme".
    """
    words = {m.start: tuple(m.written.casefold().split()) for m in people}
    # the longer mentions each run of words ends or begins, in text order
    ending: dict[tuple[str, ...], list[_Mention]] = {}
    beginning: dict[tuple[str, ...], list[_Mention]] = {}
    for mention in people:
        own = words[mention.start]
        for size in range(1, len(own)):
            ending.setdefault(own[-size:], []).append(mention)
            beginning.setdefault(own[:size], []).append(mention)
    canonical: dict[int, str] = {}
    for mention in sorted(people, key=lambda m: -len(words[m.start])):
        own = words[mention.start]
        longer = ending.get(own) or beginning.get(own)
        if longer:
            before = bisect.bisect_left([m.start for m in longer], mention.start)
            referent = longer[before - 1] if before else longer[0]
            canonical[mention.start] = canonical[referent.start]
        else:
            canonical[mention.start] = mention.written
    return canonical


def _pieces(text: str, limit: int) -> Iterator[tuple[int, str]]:
    """``(offset, piece)`` of ``text`` in pieces of at most ``limit`` characters.

    spaCy refuses texts over ``nlp.max_length`` (its memory grows with the
    length); cutting after a paragraph break keeps names whole.
    """
    start = 0
    while len(text) - start > limit:
        window_end = start + limit
        cut = window_end  # no break in the window: a hard cut
        for separator in _CUT_AFTER:
            found = text.rfind(separator, start, window_end)
            if found > start:
                cut = found + len(separator)
                break
        yield start, text[start:cut]
        start = cut
    yield start, text[start:]


@hookimpl
def thresher_register_extractors() -> list[type[Extractor]]:
    return [SpacyEntitiesExtractor]
