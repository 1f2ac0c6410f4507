"""The ``quotes`` extractor: direct quotations and who said them.

**Quotations** are text between a pair of quotation marks on one line:
``“…”``, ``"…"``, ``„…“``, ``«…»``, ``»…«``, ``‘…’`` and ``‚…‘``. Quoted
phrases of fewer than ``min_words`` words (``what she called a “new golden
age”``) are labels, not quotations, unless the sentence attributes them.

**Speakers** come from the text around the quotation, in English, German,
French, Spanish and Italian:

* after it: ``"…," Hegseth wrote``, ``"…," said Dana Whitfield, chief
  executive``, ``„…“, sagte Müller``, ``« … », a déclaré Dubois``, ``—dijo
  Herrera``, ``"…," she said``;
* before it: ``Koizumi said: "…"``, ``According to Whitfield, "…"``,
  ``Laut Müller „…“``, ``Selon Dubois, « … »``;
* the second half of a quotation split around its attribution
  (``"…," she said. "…"``) goes to the same speaker.

A name resolves to the full name the article gives (``Koizumi`` is
``Shinjiro Koizumi``, ``people.py``); a pronoun to the person named last
before the quotation. A quotation repeated in the article is listed once,
with the number of times it occurs.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any, NamedTuple

import attrs

from thresher import Document, Extractor, hookimpl
from thresher_plugins.people import NAME_WORD, REPORTING_VERBS, People, is_title, read_people
from thresher_plugins.sentences import SentenceFinder, sentences_of
from thresher_plugins.tries import trie

#: Opening mark -> the closing marks that may end it.
QUOTE_PAIRS: dict[str, str] = {
    "“": "”“",  # English; German typesetting closes with “ after „
    '"': '"',
    "„": "“”",
    "«": "»",
    "»": "«",
    "‘": "’",
    "‚": "‘’",
    "「": "」",
}


def _quotation_pattern() -> str:
    """Any pair of marks with one line of text between; group ``tN`` is the text."""
    branches = []
    for index, (opening, closing) in enumerate(QUOTE_PAIRS.items()):
        inside = re.escape(opening + closing)
        branches.append(
            rf"{re.escape(opening)}[^\S\n]?(?P<t{index}>[^{inside}\n]{{2,2000}}?)"
            rf"[^\S\n]?[{re.escape(closing)}]"
        )
    return "|".join(branches)


# As a trie: a plain alternation of these, ignoring case, is tried branch by
# branch at every position of the text.
_VERB = f"(?i:{trie(sorted(REPORTING_VERBS))})"
_PRONOUN = r"(?i:he|she|they|er|sie|il|elle|él|ella|lui|lei)"
_ARTICLE = r"(?i:the|der|die|le|la|el|il)"
_TITLED = rf"(?:{_ARTICLE}[^\S\n]+)?"
_ACCORDING_TO = r"(?i:according to|laut|selon|según|secondo)"
# A speaker as written: a pronoun, a title and a name ("Defense Minister
# Koizumi"), a name, or a title alone ("the minister").
_SPEAKER = (
    rf"(?P<speaker>{_PRONOUN}\b"
    rf"|(?:[A-ZÀ-Ý][\w.-]*[^\S\n]+){{0,3}}?{NAME_WORD}"
    rf"(?:[^\S\n]+(?:[a-z]{{1,3}}[^\S\n]+)?{NAME_WORD}){{0,3}}"
    rf"|{_ARTICLE}[^\S\n]+[a-zà-ÿ-]+(?:[^\S\n]+[a-zà-ÿ-]+)?)"
)


class _Patterns(NamedTuple):
    quotation: re.Pattern[str]
    #: the attribution right after a quotation, then right before it
    after: tuple[re.Pattern[str], ...]
    before: tuple[re.Pattern[str], ...]
    #: what each ``before`` pattern needs somewhere in its window
    before_cues: tuple[re.Pattern[str], ...]
    #: a reporting verb anywhere in a sentence
    speech_cue: re.Pattern[str]
    according: re.Pattern[str]
    #: "..., dijo." / "..., ha declarado.": a verb and no one named
    zero_subject: re.Pattern[str]


@functools.cache
def _patterns() -> _Patterns:
    """Compiled on first use: 30 ms of compiling that a run without quotes never needs."""
    verb = re.compile(rf"\b{_VERB}\b")
    according = re.compile(_ACCORDING_TO)
    return _Patterns(
        quotation=re.compile(_quotation_pattern()),
        after=(
            # '"…," Hegseth wrote' / '"…," she said' / '„…“, sagte Müller'
            re.compile(rf"^[^\S\n]*[,—–-]?[^\S\n]*{_TITLED}{_SPEAKER}[^\S\n]+{_VERB}\b"),
            # '"…," said Whitfield, ...'
            re.compile(rf"^[^\S\n]*[,—–-]?[^\S\n]*{_VERB}[^\S\n]+{_TITLED}{_SPEAKER}"),
        ),
        before=(
            # 'Koizumi said: "…"' / 'Koizumi told reporters that "…"'
            re.compile(
                rf"{_TITLED}{_SPEAKER}[^\S\n]+{_VERB}(?:[^\S\n]+[^\n:.!?\"“„«]{{0,60}}?)?"
                rf"[^\S\n]*[:,]?[^\S\n]*$"
            ),
            # 'According to Whitfield, "…"' / 'Selon Dubois, « … »'
            re.compile(rf"{_ACCORDING_TO}[^\S\n]+{_TITLED}{_SPEAKER}[^\S\n]*,?[^\S\n]*$"),
        ),
        before_cues=(verb, according),
        speech_cue=re.compile(
            rf"\b{_VERB}\b|\b(?i:saying|writing|telling|adding|calling|describing|noting|"
            r"warning|stressing|declaring|insisting|arguing)\b"
        ),
        according=according,
        zero_subject=re.compile(
            rf"^[^\S\n]*[,—–-]?[^\S\n]*{_VERB}[^\S\n]*"
            r"(?:[.;]|$|[^\S\n]+(?i:en|a|ante|durante|tras)\b)"
        ),
    )


#: Characters looked at before and after a quotation for its attribution.
WINDOW = 160
_NORMALISE = re.compile(r"[\W_]+")


@attrs.define
class QuotesExtractor(Extractor):
    """Direct quotations with their speaker, resolved to the full name the article gives."""

    name = "quotes"
    order = 400
    provides = ("quotes",)

    #: Quotations of fewer words need a reporting verb in their sentence
    #: (a one-word partial quote, "called the plan “ideological”", is one; a
    #: storm's name in quotation marks is not).
    min_words: int = attrs.field(default=2, validator=attrs.validators.ge(1))

    def extract(self, document: Document) -> Mapping[str, Any]:
        return {"quotes": self.find(document.text)}

    def find(self, text: str) -> list[dict[str, Any]]:
        patterns = _patterns()
        matches = list(patterns.quotation.finditer(text))
        if not matches:
            return []  # reading the article's people is the costly part
        people = read_people(text)
        sentences = sentences_of(text)
        quotes: list[dict[str, Any]] = []
        seen: dict[str, dict[str, Any]] = {}
        previous: dict[str, Any] | None = None
        for match in matches:
            group = next(name for name, value in match.groupdict().items() if value)
            quoted = match[group].strip().rstrip(",")
            start, end = match.start(), match.end()
            speaker_text, speaker = self._speaker(text, start, end, people, sentences)
            if (
                speaker_text is None
                and previous is not None
                and self._continues(text, previous, start)
            ):
                speaker_text, speaker = previous["speaker_text"], previous["speaker"]
            if len(quoted.split()) < self.min_words and not patterns.speech_cue.search(
                text[sentences.start_of(start) : sentences.end_of(end)]
            ):
                continue  # a name or a term in quotation marks, not a quotation
            key = _NORMALISE.sub(" ", quoted.casefold()).strip()
            if key in seen:
                seen[key]["occurrences"] += 1
                if seen[key]["speaker"] is None and speaker is not None:
                    seen[key].update(speaker=speaker, speaker_text=speaker_text)
                continue
            quote = {
                "text": quoted,
                "speaker": speaker,
                "speaker_text": speaker_text,
                "start": match.start(group),
                "end": match.start(group) + len(quoted),
                "sentence": sentences.around(start, end),
                "occurrences": 1,
            }
            seen[key] = quote
            quotes.append(quote)
            previous = quote | {"quote_end": end}
        return quotes

    def _speaker(
        self, text: str, start: int, end: int, people: People, sentences: SentenceFinder
    ) -> tuple[str | None, str | None]:
        """Who the quotation's sentence says spoke it, written and resolved.

        First the attribution right after it or right before it ("...,"
        Hegseth wrote / Koizumi said: "..."); a written speaker that is no
        known person gives way to a person named in the sentence next to a
        reporting verb ("a déclaré la ministre des comptes publics, Nathalie
        Garnier"); a verb with no one named ("dijo") is the person named last.
        """
        sentence_start, sentence_end = sentences.start_of(start), sentences.end_of(end)
        written: tuple[str, str | None] | None = None
        after = text[end : min(end + WINDOW, max(sentence_end, end + 1))]
        patterns = _patterns()
        for pattern in patterns.after:
            found = pattern.match(after)
            if found is not None and _is_speaker(found["speaker"]):
                written = self._resolve(found["speaker"], end + found.start("speaker"), people)
                break
        if written is None:
            before = text[max(start - WINDOW, sentence_start) : start]
            for cue, pattern in zip(patterns.before_cues, patterns.before, strict=True):
                # The full pattern tries every position of the window; its cue
                # (a speech verb, "according to") rules most windows out at once.
                found = pattern.search(before) if cue.search(before) else None
                if found is not None and _is_speaker(found["speaker"]):
                    offset = start - len(before) + found.start("speaker")
                    written = self._resolve(found["speaker"], offset, people)
                    break
        if written is not None and written[1] is not None:
            return written
        named = self._named_in_sentence(text, start, end, sentence_start, sentence_end, people)
        if named is not None:
            return named
        if written is not None:
            return written
        if patterns.zero_subject.match(after):
            return None, people.last_before(start)
        return None, None

    def _named_in_sentence(
        self,
        text: str,
        start: int,
        end: int,
        sentence_start: int,
        sentence_end: int,
        people: People,
    ) -> tuple[str, str] | None:
        """A person named in the quotation's sentence where it reports speech.

        After the quotation, the first person named when a reporting verb
        follows it; before it, the last person named when a reporting verb
        (or "according to") lies between them and the quotation.
        """
        reports = _patterns()
        tail = text[end:sentence_end]
        if reports.speech_cue.search(tail) or reports.according.search(tail):
            for mention in people.mentions:
                if end <= mention.start < sentence_end:
                    return mention.text, mention.person
        lead = text[sentence_start:start]
        if reports.speech_cue.search(lead) or reports.according.search(lead):
            for mention in reversed(people.mentions):
                if sentence_start <= mention.start < start:
                    between = text[mention.end : start]
                    cue = reports.speech_cue.search(between) or reports.according.search(between)
                    if cue or ":" in between:
                        return mention.text, mention.person
        return None

    def _resolve(self, written: str, position: int, people: People) -> tuple[str, str | None]:
        written = written.strip()
        if re.fullmatch(_PRONOUN, written):
            return written, people.last_before(position)
        role = re.fullmatch(rf"{_ARTICLE}[^\S\n]+(?P<role>[a-zà-ÿ\s-]+)", written)
        if role is not None:  # "the minister": the last person with that title
            return written, people.last_with_role(role["role"], position)
        # The name follows the last title ("Harbour Minister Brandvold"); initials-only
        # words ("U.S.", the "X." of "wrote on X. Koizumi said") are no name.
        words = written.split()
        titles = [index for index, word in enumerate(words) if is_title(word)]
        if titles:
            words = words[titles[-1] + 1 :]
        words = [word for word in words if re.fullmatch(NAME_WORD, word)]
        # Only a person the article names: "Aston Villa manager Graham Tully"
        # is Graham Tully, "Marches Water" nobody.
        return written, people.resolve(" ".join(words), position) if words else None

    def _continues(self, text: str, previous: dict[str, Any], start: int) -> bool:
        """Whether a quotation right after an attributed one is its second half."""
        between = text[previous["quote_end"] : start]
        return "\n" not in between and len(between) <= WINDOW


def _is_speaker(written: str) -> bool:
    """A pronoun, a name, or an article and a title; not a bare title ("Defense Minister")."""
    words = written.split()
    return bool(words) and (not is_title(words[-1]) or re.fullmatch(_ARTICLE, words[0]) is not None)


@hookimpl
def thresher_register_extractors() -> list[type[Extractor]]:
    return [QuotesExtractor]
