"""The ``markdown`` exporter: documents as pages people can read.

Everything taken from a document is escaped before it reaches the page:
scraped titles, metadata and bodies are hostile text, and an unescaped
``# [x](javascript:...)`` or a body line ``## People`` would otherwise add
links, headings or raw HTML of its author's choosing. Page file names are
derived from ids the same defensive way.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import attrs

from thresher import (
    AtomicDirectory,
    AtomicFile,
    Document,
    Exporter,
    ExportSink,
    RunContext,
    hookimpl,
)

PAGES_FOLDER = "markdown"
INDEX_FILE = "index.md"
DIGEST_FILE = "documents.md"
LAYOUTS: tuple[str, ...] = ("pages", "digest")

#: Longest slug kept from an id, in UTF-8 bytes (file names are limited to 255).
MAX_SLUG_BYTES = 80
HASH_CHARS = 10

#: (meta keys, first present wins; label). The metadata extractor gives
#: ``authors`` as a list, a loader may give one ``author``.
FACTS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("date",), "Date"),
    (("publisher",), "Publisher"),
    (("authors", "author"), "Author"),
    (("language",), "Language"),
    (("url",), "URL"),
)
#: Entity label -> section title; any other label goes to "Other entities".
ENTITY_SECTIONS: dict[str, str] = {
    "PER": "People",
    "PERSON": "People",
    "ORG": "Organisations",
    "LOC": "Places",
    "GPE": "Places",
}
SECTION_ORDER: tuple[str, ...] = ("People", "Organisations", "Places", "Other entities")

# Every ASCII punctuation character may be backslash-escaped in CommonMark;
# these are the ones that can open inline structure (links and images need
# "[", autolinks and raw HTML "<", then emphasis, code, entities, GFM
# strikethrough and tables, heading closers, attribute lists). Parentheses
# and "!" mean nothing without "[", so they stay readable.
_INLINE_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~&])")
# Line starts that open a block (lists, setext underlines, ordered lists).
_BLOCK_START = re.compile(r"^([-+=])|^(\d+)([.)])")
_UNSAFE_NAME_CHARS = re.compile(r"[^\w-]+")
_SAFE_URL = re.compile(r"https?://[^\s<>\"'`\\]+", re.IGNORECASE)


def escape_inline(text: str) -> str:
    """``text`` as literal Markdown on one line (newlines and tabs become spaces)."""
    text = " ".join(text.split())
    return _INLINE_SPECIAL.sub(r"\\\1", text)


def escape_line(line: str) -> str:
    """One line of body text, literal even at the start of a line."""
    # leading indentation would turn the line into a code block
    escaped = _INLINE_SPECIAL.sub(r"\\\1", line.strip())
    return _BLOCK_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", escaped)


def escape_block(text: str) -> str:
    """Body text: paragraphs separated by a blank line, each line escaped."""
    paragraphs = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        lines = [escape_line(line) for line in paragraph.splitlines() if line.strip()]
        if lines:
            paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def page_name(identifier: str) -> str:
    """A safe, stable file name for a document's page.

    A readable slug of the id (word characters and ``-`` only: no separators,
    dots, control characters or spaces), bounded in length, plus a hash of the
    full id so ids that slug alike still get distinct names. With no dot
    before ``.md`` and the hash appended, no name is a Windows device name
    (``CON``, ``NUL.txt``...).
    """
    slug = _UNSAFE_NAME_CHARS.sub("-", unicodedata.normalize("NFKC", identifier))
    slug = slug.encode("utf-8", "surrogatepass")[:MAX_SLUG_BYTES].decode("utf-8", "ignore")
    slug = slug.strip("-_") or "document"
    digest = hashlib.sha256(identifier.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{slug}-{digest[:HASH_CHARS]}.md"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(v) for v in value if v is not None)
    return str(value)


def title_of(document: Document) -> str:
    """The page title: ``meta.title``, else the id, else "Untitled" (never blank)."""
    for candidate in (_text(document.meta.get("title")), document.id):
        if candidate.strip():
            return candidate
    return "Untitled"


def _url(value: str) -> str:
    # only plain http(s) URLs become links: never javascript:, data:, ...
    if _SAFE_URL.fullmatch(value):
        return f"<{value}>"
    return escape_inline(value)


def _facts(document: Document) -> Iterator[str]:
    for keys, label in FACTS:
        value = _text(next((document.meta[k] for k in keys if document.meta.get(k)), None))
        if value.strip():
            shown = _url(value.strip()) if keys == ("url",) else escape_inline(value)
            yield f"- **{label}:** {shown}"
    yield f"- **Source:** {escape_inline(str(document.source))}"
    if document.duplicates:
        absorbed = ", ".join(escape_inline(i) for i in document.duplicates)
        yield f"- **Duplicates absorbed:** {len(document.duplicates)} ({absorbed})"


def _entity_sections(items: list[dict[str, Any]]) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {name: [] for name in SECTION_ORDER}
    seen: set[tuple[str, str]] = set()
    for item in items:
        text = _text(item.get("text")).strip()
        label = _text(item.get("label")).strip()
        section = ENTITY_SECTIONS.get(label.upper(), "Other entities")
        if not text or (section, text) in seen:
            continue
        seen.add((section, text))
        shown = escape_inline(text)
        if section == "Other entities" and label:
            shown += f" ({escape_inline(label)})"
        roles = _text(item.get("roles")).strip() if section == "People" else ""
        if roles:
            # the page is read without the article at hand: who is this person?
            shown += f" ({escape_inline(roles)})"
        sections[section].append(shown)
    return sections


def _quote(item: dict[str, Any]) -> str:
    lines = [
        f"> {escape_line(line)}" for line in _text(item.get("text")).splitlines() if line.strip()
    ]
    speaker = _text(item.get("speaker")).strip()
    if speaker:
        lines += [">", f"> — {escape_inline(speaker)}"]
    return "\n".join(lines)


def render(document: Document, level: int = 1) -> str:
    """One document as Markdown, its title a heading of ``level``."""
    heading = "#" * level
    parts = [f"{heading} {escape_inline(title_of(document))}", "\n".join(_facts(document))]
    body = escape_block(document.text)
    if body:
        parts.append(body)
    for section, entries in _entity_sections(document.items("entities")).items():
        if entries:
            parts.append(f"{heading}# {section}\n\n" + "\n".join(f"- {e}" for e in entries))
    figures = [escape_inline(f) for f in map(_figure, document.items("quantities")) if f]
    if figures:
        parts.append(f"{heading}# Figures\n\n" + "\n".join(f"- {f}" for f in figures))
    quotes = [q for q in map(_quote, document.items("quotes")) if q]
    if quotes:
        parts.append(f"{heading}# Quotes\n\n" + "\n\n".join(quotes))
    return "\n\n".join(parts) + "\n"


def _figure(item: dict[str, Any]) -> str:
    """A figure as a reader wants it in a list: with what a share is of ("2% of GDP")."""
    figure = _text(item.get("text")).strip()
    share_of = _text(item.get("of")).strip()
    if figure and share_of and share_of not in figure:
        return f"{figure} of {share_of}"
    return figure


def _create_exclusive(folder: Path, name: str) -> tuple[Path, IO[str]]:
    """Open a new file named ``name`` in ``folder``, or ``stem-2.md``... if taken.

    The hash in ``name`` makes a clash all but impossible; creating with
    O_EXCL makes it impossible, without remembering every name written.
    """
    stem, counter = name[: -len(".md")], 1
    while True:
        path = folder / name
        try:
            return path, open(path, "x", encoding="utf-8")
        except FileExistsError:
            counter += 1
            name = f"{stem}-{counter}.md"


class _PagesSink(ExportSink):
    """One page per document and an index, in a folder swapped into place on close."""

    def __init__(self, directory: Path) -> None:
        self._folder = AtomicDirectory(directory / PAGES_FOLDER)
        try:
            self._index: IO[str] = open(self._folder.partial / INDEX_FILE, "w", encoding="utf-8")  # noqa: SIM115
            self._index.write("# Documents\n\n")
        except BaseException:
            self._folder.abort()
            raise
        self._count = 0

    def write(self, document: Document) -> None:
        path, page = _create_exclusive(self._folder.partial, page_name(document.id))
        with page:
            page.write(render(document))
        self._count += 1
        summary = [_text(document.meta.get(k)).strip() for k in ("date", "publisher")]
        details = ", ".join(escape_inline(s) for s in summary if s)
        link = f"{self._count}. [{escape_inline(title_of(document))}](<{path.name}>)"
        self._index.write(f"{link} — {details}\n" if details else f"{link}\n")

    def close(self) -> list[Path]:
        if self._count == 0:
            self._index.write("No documents were exported.\n")
        self._index.close()
        return [self._folder.commit()]

    def abort(self) -> None:
        self._index.close()
        self._folder.abort()


class _DigestSink(ExportSink):
    """Every document on one page, in order, separated by rules."""

    def __init__(self, directory: Path) -> None:
        self._target = AtomicFile(directory / DIGEST_FILE, "w", encoding="utf-8")
        self._target.write("# Documents\n")
        self._count = 0

    def write(self, document: Document) -> None:
        self._target.write(("\n" if self._count == 0 else "\n---\n\n") + render(document, level=2))
        self._count += 1

    def close(self) -> list[Path]:
        if self._count == 0:
            self._target.write("\nNo documents were exported.\n")
        return [self._target.commit()]

    def abort(self) -> None:
        self._target.abort()


def _check_layout(instance: Any, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in LAYOUTS:
        raise ValueError(f"layout must be one of {', '.join(LAYOUTS)}, not {value!r}")


@attrs.define
class MarkdownExporter(Exporter):
    """Markdown: a readable page per document with an index, or one digest page.

    ``layout = "pages"`` writes OUT/markdown/*.md and OUT/markdown/index.md;
    ``layout = "digest"`` writes OUT/documents.md.
    """

    name = "markdown"

    layout: str = attrs.field(default="pages", validator=_check_layout)

    def open(self, directory: Path, context: RunContext | None) -> ExportSink:
        if self.layout == "digest":
            return _DigestSink(Path(directory))
        return _PagesSink(Path(directory))


@hookimpl
def thresher_register_exporters() -> list[type[Exporter]]:
    return [MarkdownExporter]
