"""The text dedupers compare: one normalisation for exact hashes and near-duplicate shingles.

Both dedupers see a document the same way, so two copies the exact deduper
calls equal are also equal to the near-duplicate one.
"""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[\W_]+")
_SPACE = re.compile(r"\s+")
NORMALIZATIONS = ("words", "whitespace", "none")


def normalize(text: str, how: str) -> str:
    """The text as the deduper compares it.

    ``words``: Unicode-normalised, case-folded words only (punctuation,
    quote style and spacing ignored); ``whitespace``: case-folded with
    whitespace collapsed; ``none``: the text as it is.
    """
    if how == "none":
        return text
    text = unicodedata.normalize("NFKC", text).casefold()
    pattern = _NOT_WORD if how == "words" else _SPACE
    return pattern.sub(" ", text).strip()
