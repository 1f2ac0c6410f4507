"""The ``unicode`` cleaner: repairs mojibake, HTML entities and broken characters with ftfy.

Scraped text is full of text decoded with the wrong codec somewhere upstream
(``donâ€™t``), HTML entities a scraper never unescaped (``caf&eacute;``,
doubly escaped ``&amp;amp;``), ligatures, full-width Latin letters and
terminal escapes. ftfy fixes these without touching text that is already
right. Each changed line is recorded as a ``unicode-repair`` removal whose
replacement is the fixed line, so ``thresher explain`` shows the before and
after; after 50 entries the remaining changed lines are recorded together
in one last entry, which keeps the audit trail of a badly broken document
small while still accounting for every change.

Curly quotes are kept (ftfy straightens them by default): they are correct
typography, quote extraction uses them, and straightening them would flag
almost every news paragraph as "repaired".
"""

from __future__ import annotations

import unicodedata
from typing import Literal

import attrs
import ftfy

from thresher import Cleaner, Document, hookimpl

#: How many changed lines are recorded one by one before the rest are summed up.
MAX_RECORDED_LINES = 50

#: ftfy fixes one layer of damage per pass; doubly broken text needs more.
MAX_PASSES = 4

_NORMALIZATIONS: dict[str, Literal["NFC", "NFD", "NFKC", "NFKD"] | None] = {
    "NFC": "NFC",
    "NFD": "NFD",
    "NFKC": "NFKC",
    "NFKD": "NFKD",
    "none": None,
}


@attrs.define
class UnicodeCleaner(Cleaner):
    """Repair mojibake, HTML entities and broken characters (ftfy), line by line.

    Runs first among the cleaners so later ones see real characters. Every
    changed line is recorded (``unicode-repair``) with its fixed version.
    """

    name = "unicode"
    order = 100

    normalization: str = attrs.field(default="NFC", validator=attrs.validators.in_(_NORMALIZATIONS))
    uncurl_quotes: bool = False

    def clean(self, document: Document) -> None:
        config = ftfy.TextFixerConfig(
            uncurl_quotes=self.uncurl_quotes,
            normalization=_NORMALIZATIONS[self.normalization],
            explain=False,
        )
        lines = document.text.split("\n")
        changed: list[tuple[str, str]] = []
        for index, line in enumerate(lines):
            fixed = self._fix(line, config)
            if fixed != line:
                changed.append((line, fixed))
                lines[index] = fixed
        if not changed:
            return
        document.text = "\n".join(lines)
        for before, after in changed[:MAX_RECORDED_LINES]:
            document.record_removal(self.name, "unicode-repair", before, after)
        rest = changed[MAX_RECORDED_LINES:]
        if rest:
            document.record_removal(
                self.name,
                "unicode-repair",
                "\n".join(before for before, _ in rest),
                "\n".join(after for _, after in rest),
            )

    def _fix(self, line: str, config: ftfy.TextFixerConfig) -> str:
        # Nothing ftfy repairs can hide in plain ASCII without entities,
        # escapes or control characters; skip the expensive path.
        if line.isascii() and "&" not in line and not _has_controls(line):
            return line
        for _ in range(MAX_PASSES):
            fixed = ftfy.fix_text(line, config)
            if fixed == line:
                break
            line = fixed
        if "\n" in line:
            # ftfy turned a lone CR or U+2028 into a break; the new lines get
            # the per-line treatment (HTML unescaping is decided per line).
            return "\n".join(self._fix(part, config) for part in line.split("\n"))
        return line


def _has_controls(line: str) -> bool:
    return not line.isprintable() and any(
        unicodedata.category(char) == "Cc" and char != "\t" for char in line
    )


@hookimpl
def thresher_register_cleaners() -> list[type[Cleaner]]:
    return [UnicodeCleaner]
