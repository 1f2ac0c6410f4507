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

import re
from collections.abc import Mapping
from typing import Any

import attrs

from thresher import Document, Extractor, hookimpl
from thresher_plugins.people import NAME_WORD, People, is_title
from thresher_plugins.sentences import SentenceFinder

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


def _quotation_pattern() -> re.Pattern[str]:
    """Any pair of marks with one line of text between; group ``tN`` is the text."""
    branches = []
    for index, (opening, closing) in enumerate(QUOTE_PAIRS.items()):
        inside = re.escape(opening + closing)
        branches.append(
            rf"{re.escape(opening)}[^\S\n]?(?P<t{index}>[^{inside}\n]{{2,2000}}?)"
            rf"[^\S\n]?[{re.escape(closing)}]"
        )
    return re.compile("|".join(branches))


_QUOTATION = _quotation_pattern()
SPEECH_VERBS = (
    "said", "says", "wrote", "writes", "told", "tells", "added", "adds", "explained",
    "noted", "stressed", "insisted", "warned", "declared", "stated", "argued", "tweeted",
    "posted", "asked", "replied", "recalled", "continued", "acknowledged", "admitted",
    "announced", "commented", "emphasised", "emphasized", "claimed", "concluded", "observed",
    "sagte", "sagt", "erklärte", "betonte", "schrieb", "meinte", "fügte hinzu", "warnte",
    "so", "a déclaré", "a dit", "a affirmé", "a souligné", "a expliqué", "a ajouté",
    "a indiqué", "a estimé", "déclare", "affirme", "explique", "estime", "souligne",
    "dijo", "afirmó", "declaró", "señaló", "explicó", "añadió", "aseguró", "indicó",
    "dice", "ha detto", "ha dichiarato", "ha spiegato", "ha aggiunto", "ha affermato",
)  # fmt: skip
_VERB = "(?i:{})".format(
    "|".join(re.escape(v) for v in sorted(SPEECH_VERBS, key=len, reverse=True))
)
_PRONOUN = r"(?i:he|she|they|er|sie|il|elle|él|ella|lui|lei)"
_ARTICLE = r"(?i:the|der|die|le|la|el|il)"
_TITLED = rf"(?:{_ARTICLE}[^\S\n]+)?"
# A speaker as written: a pronoun, a title and a name ("Defense Minister
# Koizumi"), a name, or a title alone ("the minister").
_SPEAKER = (
    rf"(?P<speaker>{_PRONOUN}\b"
    rf"|(?:[A-ZÀ-Ý][\w.-]*[^\S\n]+){{0,3}}?{NAME_WORD}"
    rf"(?:[^\S\n]+(?:[a-z]{{1,3}}[^\S\n]+)?{NAME_WORD}){{0,3}}"
    rf"|{_ARTICLE}[^\S\n]+[a-zà-ÿ-]+(?:[^\S\n]+[a-zà-ÿ-]+)?)"
)
_AFTER = (
    # '"…," Hegseth wrote' / '"…," she said' / '„…“, sagte Müller' / '"…," said Whitfield, ...'
    re.compile(rf"^[^\S\n]*[,—–-]?[^\S\n]*{_TITLED}{_SPEAKER}[^\S\n]+{_VERB}\b"),
    re.compile(rf"^[^\S\n]*[,—–-]?[^\S\n]*{_VERB}[^\S\n]+{_TITLED}{_SPEAKER}"),
)
_BEFORE = (
    # 'Koizumi said: "…"' / 'Koizumi told reporters that "…"'
    re.compile(
        rf"{_TITLED}{_SPEAKER}[^\S\n]+{_VERB}(?:[^\S\n]+[^\n:.!?\"“„«]{{0,60}}?)?"
        rf"[^\S\n]*[:,]?[^\S\n]*$"
    ),
    # 'According to Whitfield, "…"' / 'Selon Dubois, « … »'
    re.compile(
        rf"(?i:according to|laut|selon|según|secondo)[^\S\n]+{_TITLED}{_SPEAKER}"
        rf"[^\S\n]*,?[^\S\n]*$"
    ),
)
_BEFORE_CUES = (
    re.compile(rf"\b{_VERB}\b"),
    re.compile(r"(?i:according to|laut|selon|según|secondo)"),
)
# A sentence that reports speech without a finite attribution next to the
# quotation: "Hegseth ..., calling the alliance “…”, and adding that “…”".
_SPEECH_CUE = re.compile(
    r"\b(?i:said|says|saying|wrote|writing|told|telling|added|adding|calling|called|"
    r"described|describing|noted|noting|warned|warning|stressed|stressing|insisted|"
    r"declared|declaring|sagte|erklärte|betonte|a déclaré|a affirmé|dijo|afirmó|"
    r"declaró|aseguró)\b"
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

    #: Quoted phrases shorter than this are labels unless attributed.
    min_words: int = attrs.field(default=4, validator=attrs.validators.ge(1))

    def extract(self, document: Document) -> Mapping[str, Any]:
        return {"quotes": self.find(document.text)}

    def find(self, text: str) -> list[dict[str, Any]]:
        people = People(text)
        sentences = SentenceFinder(text)
        quotes: list[dict[str, Any]] = []
        seen: dict[str, dict[str, Any]] = {}
        previous: dict[str, Any] | None = None
        for match in _QUOTATION.finditer(text):
            group = next(
                name for name, value in match.groupdict().items() if value and name[0] == "t"
            )
            quoted = match[group].strip().rstrip(",")
            start, end = match.start(), match.end()
            speaker_text, speaker = self._speaker(text, start, end, people, sentences)
            if (
                speaker_text is None
                and previous is not None
                and self._continues(text, previous, start)
            ):
                speaker_text, speaker = previous["speaker_text"], previous["speaker"]
            words = len(quoted.split())
            if speaker_text is None and (words < self.min_words or not _ends_like_speech(quoted)):
                continue  # a label in quotation marks, not a quotation
            if words < 2:
                continue
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
        after = text[end : end + WINDOW]
        for pattern in _AFTER:
            found = pattern.match(after)
            if found is not None and _is_speaker(found["speaker"]):
                return self._resolve(found["speaker"], end + found.start("speaker"), people)
        # An attribution before the quotation is in its sentence.
        before = text[max(start - WINDOW, sentences.start_of(start)) : start]
        for cue, pattern in zip(_BEFORE_CUES, _BEFORE, strict=True):
            # The full pattern tries every position of the window; its cue
            # (a speech verb, "according to") rules most windows out at once.
            found = pattern.search(before) if cue.search(before) else None
            if found is not None and _is_speaker(found["speaker"]):
                offset = start - len(before) + found.start("speaker")
                return self._resolve(found["speaker"], offset, people)
        return self._sentence_subject(text, start, end, people, sentences)

    def _sentence_subject(
        self, text: str, start: int, end: int, people: People, sentences: SentenceFinder
    ) -> tuple[str | None, str | None]:
        """The first person named in the quotation's sentence before it, if it reports speech.

        Only for quotations of ``min_words`` or more: a short phrase in
        quotation marks in such a sentence is a label ("what she called a
        “new golden age”").
        """
        if len(text[start:end].split()) < self.min_words:
            return None, None
        sentence_start = sentences.start_of(start)
        lead = text[sentence_start:start]
        if not _SPEECH_CUE.search(lead):
            return None, None
        for mention in people.mentions:
            if sentence_start <= mention.start < start:
                return mention.text, mention.person
        return None, None

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
        name = " ".join(words)
        return written, people.resolve(name, position) or (name if len(words) >= 2 else None)

    def _continues(self, text: str, previous: dict[str, Any], start: int) -> bool:
        """Whether a quotation right after an attributed one is its second half."""
        between = text[previous["quote_end"] : start]
        return "\n" not in between and len(between) <= WINDOW


def _is_speaker(written: str) -> bool:
    """A pronoun, a name, or an article and a title; not a bare title ("Defense Minister")."""
    words = written.split()
    return bool(words) and (not is_title(words[-1]) or re.fullmatch(_ARTICLE, words[0]) is not None)


def _ends_like_speech(quoted: str) -> bool:
    """An unattributed quotation still reads as speech: a clause with an ending."""
    return quoted[-1:] in ".!?…," or len(quoted.split()) >= 8


@hookimpl
def thresher_register_extractors() -> list[type[Extractor]]:
    return [QuotesExtractor]
