"""thresher-example-plugin: a complete third-party thresher plugin to copy.

It adds one component or command per kind of extension:

* ``sign-offs``, a cleaner: removes newsletter pitches ("Sign up for our
  newsletter"), social prompts ("Follow us on ...") and trailing sign-offs
  ("Thanks for reading", "All rights reserved") and records each removal.
* ``harbour-gazette``, a source-specific cleaner for one (made-up) outlet,
  declared with :class:`thresher.SourceCleaner`: it recognises the Harbour
  Gazette's pages and removes that outlet's page template.
* ``headlines``, an exporter: ``export -f headlines`` writes
  ``OUT/headlines.tsv`` with the id, title, date and word count of each
  exported document.
* ``truncate``, a CLI stage: ``thresher load in/ truncate --words 400 export
  -o out/`` cuts every kept document to its first N words.

thresher registers this module under the entry-point name ``example``
(see ``pyproject.toml``). pluggy calls module-level functions marked with
``@hookimpl``; each registration hook returns component *classes*, which
the pipeline builds with the user's options (``-s sign-offs.publishers=[...]``
or a TOML file). Everything here imports from the public ``thresher`` API
only, so the plugin keeps working as thresher's internals change.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import attrs
import click

import thresher.cli
from thresher import (
    AtomicFile,
    Cleaner,
    Document,
    Exporter,
    ExportSink,
    RunContext,
    SourceCleaner,
    hookimpl,
)

__all__ = [
    "HarbourGazetteCleaner",
    "HeadlinesExporter",
    "SignOffCleaner",
    "truncate_documents",
    "truncate_words",
]

# -- the "sign-offs" cleaner ------------------------------------------------

#: Lines that are promotion wherever they appear. Each pattern must match the
#: whole (stripped) line, and only short lines are candidates, so an article
#: sentence that merely mentions a newsletter is never touched.
PROMOTION_PATTERNS: tuple[str, ...] = (
    r"(sign up|subscribe)\b.*\b(newsletter|updates|alerts|briefing|inbox|digest)\b.*",
    r"(get|receive) (our|the) .*\b(newsletter|briefing|digest)\b.*",
    r"subscribe( now| today| here)?[.!]*",
    r"(follow|like|find) us on\b.*",
    r"share (this|on)\b.{0,60}",
)

#: Lines that end an article: removed only from the bottom of the text, so
#: "thanks for reading" in a quoted paragraph mid-article survives.
SIGN_OFF_PATTERNS: tuple[str, ...] = (
    r"(thanks|thank you) for reading\b.*",
    r"(©|\(c\)|copyright\b).*",
    r".*\ball rights reserved\b.*",
    r"(additional )?(reporting|writing|editing)( and editing)? by\b.*",
    r"(read|see) more\b.{0,60}",
)


def _check_patterns(instance: Any, attribute: attrs.Attribute[list[str]], value: list[str]) -> None:
    """Reject a bad regex when the cleaner is built, before any document is read.

    thresher turns the ``ValueError`` into a usage error naming the
    component (exit code 2), instead of every document failing later.
    """
    for pattern in value:
        try:
            re.compile(pattern)
        except re.error as error:
            raise ValueError(
                f"{attribute.name}: invalid regular expression {pattern!r}: {error}"
            ) from error


@functools.lru_cache(maxsize=64)
def _matcher(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One case-insensitive, whole-line alternation, compiled once per process.

    The compiled pattern is cached here rather than stored on the cleaner, so
    the cleaner's attrs fields stay exactly its options (what ``thresher run
    --print-config`` writes back) and it pickles cheaply to worker processes.
    """
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@attrs.define
class SignOffCleaner(Cleaner):
    """Remove newsletter and social prompts, and sign-offs at the end of articles.

    Every removed line is recorded with the reason code ``sign-off``, so
    ``thresher explain FILE`` shows exactly what went and why.
    """

    name = "sign-offs"
    # Opt-in: installing a plugin must not silently change everyone's output.
    # Switch it on with `clean --add sign-offs` or `add = ["sign-offs"]` in TOML.
    default = False
    # After thresher's own repairs (unicode, whitespace), whose lower order
    # makes them run first, so the patterns see normalised text.
    order = 600

    #: Extra regular expressions (case-insensitive, matched against a whole
    #: line) for prompts your sources use: ``-s sign-offs.patterns=['Donate.*']``.
    patterns: list[str] = attrs.field(factory=list, validator=_check_patterns)
    #: Only clean documents from these publishers: an entry matches
    #: ``meta["publisher"]`` (ignoring case) or appears in the source path or
    #: URL (a domain, a folder). Empty: clean every document.
    publishers: list[str] = attrs.field(factory=list)
    #: Longer lines are article text, never promotion, whatever they match.
    max_line_words: int = attrs.field(default=25, validator=attrs.validators.ge(1))

    def applies_to(self, document: Document) -> bool:
        """A source-specific cleaner: look at the publisher and where the text came from."""
        if not self.publishers:
            return True
        publisher = str(document.meta.get("publisher") or "").casefold()
        uri = document.source.uri.casefold()
        wanted = [p.casefold() for p in self.publishers]
        return publisher in wanted or any(p in uri for p in wanted)

    def clean(self, document: Document) -> None:
        promotion = _matcher(PROMOTION_PATTERNS + tuple(self.patterns))
        sign_off = _matcher(SIGN_OFF_PATTERNS)
        before = len(document.removals)
        kept = [
            line
            for line in document.text.split("\n")
            if not self._remove(document, line, promotion)
        ]
        # Then peel sign-offs off the bottom, stopping at the first article line.
        while kept and (not kept[-1].strip() or self._remove(document, kept[-1], sign_off)):
            kept.pop()
        if len(document.removals) != before:  # untouched text stays byte-identical
            document.text = _join(kept)

    def _remove(self, document: Document, line: str, matcher: re.Pattern[str]) -> bool:
        stripped = line.strip()
        if not stripped or len(stripped.split()) > self.max_line_words:
            return False
        if matcher.fullmatch(stripped) is None:
            return False
        document.record_removal(self.name, "sign-off", stripped)
        return True


def _join(lines: list[str]) -> str:
    """Re-join lines without the blank-line runs that removed lines leave behind."""
    text = "\n".join(lines)
    return re.sub(r"\n\s*\n(\s*\n)+", "\n\n", text).strip("\n")


# -- the "harbour-gazette" outlet cleaner ------------------------------------


class HarbourGazetteCleaner(SourceCleaner):
    """Harbour Gazette: site menu, share bar, adverts, photo credits, "More from" list.

    A whole outlet in declarations: how to recognise its pages, and which
    blocks of its page template to remove with which reason code. The base
    class does the rest (``name`` is ``harbour-gazette``, from the
    publisher), fills ``meta["publisher"]`` when nothing else did, and
    records every removal. Unlike ``sign-offs`` it is on by default: it
    only ever touches the Gazette's pages.
    """

    publisher = "Harbour Gazette"
    # Pages from these hosts, subdomains included, are the Gazette's...
    domains = ("harbourgazette.example",)
    # ...and so are pages without a URL that carry the Gazette's own footer.
    markers = (re.compile(r"More from the Harbour Gazette\s*$", re.MULTILINE),)
    head = (("navigation", r"Skip to main content|Home \| Port \| City \| Sport"),)
    template = (
        ("share", r"Share on (?:Facebook|X|WhatsApp)(?: \| (?:Facebook|X|WhatsApp))*"),
        ("advertisement", r"(?i)advertisement"),
    )
    glued = (("caption", r"\(Photo: [^()\n]{1,80}\)"),)
    tail = (("related", r"More from the Harbour Gazette"),)


# -- the "headlines" exporter -----------------------------------------------

HEADLINES_COLUMNS: tuple[str, ...] = ("id", "title", "date", "words")


def _cell(value: Any) -> str:
    """A TSV cell: tabs and newlines would break rows, so collapse all whitespace."""
    return " ".join(str(value if value is not None else "").split())


class _HeadlinesSink(ExportSink):
    """One open ``headlines.tsv``: rows go to a hidden partial file until ``close``.

    Writing through :class:`thresher.AtomicFile` is what keeps the output
    contract: a run that crashes or is interrupted calls ``abort`` and leaves
    no half-written file behind.
    """

    def __init__(self, target: AtomicFile, *, header: bool) -> None:
        self._target = target
        if header:
            self._row(HEADLINES_COLUMNS)

    def _row(self, cells: Iterable[Any]) -> None:
        self._target.write("\t".join(_cell(c) for c in cells) + "\n")

    def write(self, document: Document) -> None:
        meta = document.meta
        self._row([document.id, meta.get("title"), meta.get("date"), len(document.text.split())])

    def close(self) -> list[Path]:
        return [self._target.commit()]

    def abort(self) -> None:
        self._target.abort()


@attrs.define
class HeadlinesExporter(Exporter):
    """TSV: OUT/headlines.tsv, one row per document: id, title, date, word count.

    A quick index to eyeball a run or load into a spreadsheet. Titles and
    dates come from ``meta``, so run ``extract`` to fill them.
    """

    name = "headlines"

    filename: str = "headlines.tsv"
    header: bool = True

    def open(self, directory: Path, context: RunContext) -> ExportSink:
        target = AtomicFile(Path(directory) / self.filename, "w", encoding="utf-8", newline="")
        try:
            return _HeadlinesSink(target, header=self.header)
        except BaseException:
            target.abort()
            raise


# -- the "truncate" CLI stage -----------------------------------------------


def truncate_words(text: str, words: int) -> tuple[str, str]:
    """Split ``text`` after its first ``words`` words: ``(kept, cut)``.

    The kept part keeps its original spacing and paragraph breaks; only
    whitespace at the cut is trimmed.
    """
    ends = [match.end() for match in re.finditer(r"\S+", text)]
    if len(ends) <= words:
        return text, ""
    cut = ends[words - 1]
    return text[:cut], text[cut:].strip()


def truncate_documents(
    documents: Iterator[Document], words: int, stage_name: str = "truncate"
) -> Iterator[Document]:
    """Cut each kept document to ``words`` words, recording the cut as a removal.

    A stream stage must yield every document it receives exactly once, in
    order; documents that are no longer kept (dropped, duplicate, failed)
    pass through untouched so the run report can account for them.
    """
    for document in documents:
        if document.kept:
            kept, cut = truncate_words(document.text, words)
            if cut:
                document.text = kept
                document.record_removal(stage_name, "truncated", cut)
        yield document


@hookimpl
def thresher_register_cleaners() -> list[type[Cleaner]]:
    return [SignOffCleaner, HarbourGazetteCleaner]


@hookimpl
def thresher_register_exporters() -> list[type[Exporter]]:
    return [HeadlinesExporter]


@hookimpl
def thresher_register_commands(cli: click.Group) -> None:
    """Add ``truncate`` to the chained CLI (between any two stages)."""

    @cli.command("truncate")
    @click.option(
        "--words",
        type=click.IntRange(min=1),
        default=400,
        show_default=True,
        help="Keep this many words of each document.",
    )
    @thresher.cli.stage
    def truncate(documents: Iterator[Document], words: int, stage_name: str) -> Iterator[Document]:
        """Cut kept documents to their first N words; the cut text is recorded."""
        return truncate_documents(documents, words, stage_name)
