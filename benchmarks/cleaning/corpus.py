"""The labelled cleaning corpus: one TSV file per scraped page, every input line labelled.

A document is ``corpus/<template>/<nn>-<slug>.tsv``::

    #url        https://harbourgazette.example/world/2025/10/27/some-slug
    #lang       en
    #publisher  Harbour Gazette
    #date       2025-10-27          (only when the page states a date)
    #drop       error-page          (only for pages that must be dropped whole)
    nav         Menu
    title       Some headline
    meta         date 2025-10-27
    +body        First body paragraph, glued to the date token on one input line
    blank
    body        ...

Each row is ``label<TAB>text`` (split on the first tab). The text is taken
verbatim, leading spaces included, so a glued piece carries its own separating
space at its start (editors strip trailing spaces, never leading ones). A label
starting with ``+`` continues the previous input line without a line break. A
``blank`` row is an empty input line (its text, if any, is whitespace only).

See ``corpus/README.md`` for what each label means. This module knows nothing
about thresher: the harness and the tests import it on their own.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"

BODY = "body"
BLANK = "blank"
#: Moved into ``meta`` by a good cleaner, so it should leave the text.
METADATA_LABELS: tuple[str, ...] = ("title", "byline", "dateline", "date", "credit", "meta")
#: Page furniture that should leave the text for good.
BOILERPLATE_LABELS: tuple[str, ...] = (
    "nav",
    "consent",
    "share",
    "ad",
    "newsletter",
    "related",
    "comments",
    "bio",
    "legal",
    "footer",
    "error",
    "caption",
)
LABELS: frozenset[str] = frozenset({BODY, BLANK, *METADATA_LABELS, *BOILERPLATE_LABELS})
HEADER_KEYS: frozenset[str] = frozenset({"url", "lang", "publisher", "date", "drop"})
REQUIRED_HEADERS: tuple[str, ...] = ("url", "lang", "publisher")
GLUE = "+"


class CorpusError(ValueError):
    """A malformed corpus file; the message names the file and line."""


@dataclass(frozen=True)
class Row:
    label: str
    text: str
    glued: bool  # continues the previous input line
    line: int  # line number in the TSV file, for error messages

    @property
    def group(self) -> str:
        return label_group(self.label)


def label_group(label: str) -> str:
    """``body``, ``metadata``, ``boilerplate`` or ``blank``."""
    if label in (BODY, BLANK):
        return label
    if label in METADATA_LABELS:
        return "metadata"
    if label in BOILERPLATE_LABELS:
        return "boilerplate"
    raise KeyError(label)


@dataclass(frozen=True)
class CorpusDocument:
    id: str  # "<template>/<file stem>"
    template: str
    headers: dict[str, str]
    rows: tuple[Row, ...]
    path: Path | None = None

    @property
    def url(self) -> str:
        return self.headers["url"]

    @property
    def lang(self) -> str:
        return self.headers["lang"]

    @property
    def publisher(self) -> str:
        return self.headers["publisher"]

    @property
    def date(self) -> str | None:
        return self.headers.get("date")

    @property
    def drop(self) -> str | None:
        """Why the whole page must be dropped (``error-page``), or ``None`` for an article."""
        return self.headers.get("drop")

    def input_lines(self) -> list[str]:
        lines: list[str] = []
        for row in self.rows:
            if row.glued:
                lines[-1] += row.text
            else:
                lines.append(row.text)
        return lines

    def input_text(self) -> str:
        """The page as the scraper saw it: the rows put back together."""
        return "\n".join(self.input_lines()) + "\n"

    def texts(self, *labels: str) -> list[str]:
        """The row texts with any of these labels (or label groups), in order."""
        wanted = set(labels)
        return [r.text for r in self.rows if r.label in wanted or r.group in wanted]

    def body_paragraphs(self) -> list[str]:
        """Body rows, each distinct text once: the article a cleaner should keep.

        A paragraph the page repeats (wire copies often carry a block twice)
        belongs in the clean text once, so the gold keeps its first copy only.
        """
        seen: set[str] = set()
        paragraphs = []
        for row in self.rows:
            text = row.text.strip()
            if row.label == BODY and text not in seen:
                seen.add(text)
                paragraphs.append(text)
        return paragraphs

    def gold_text(self) -> str:
        """The body, paragraphs separated by a blank line (empty for a page to drop)."""
        return "\n\n".join(self.body_paragraphs())


def parse_document(
    text: str, *, id: str, template: str = "", path: Path | None = None
) -> CorpusDocument:
    where = str(path) if path is not None else id
    headers: dict[str, str] = {}
    rows: list[Row] = []
    for number, line in enumerate(text.split("\n"), 1):
        if not line and number > 1 and text.endswith("\n") and number == text.count("\n") + 1:
            break  # the final newline of the file
        if line.startswith("#"):
            if rows:
                raise CorpusError(f"{where}:{number}: header after the first row")
            key, _, value = line[1:].partition("\t")
            if key not in HEADER_KEYS:
                raise CorpusError(f"{where}:{number}: unknown header {key!r}")
            if not value.strip():
                raise CorpusError(f"{where}:{number}: empty header {key!r}")
            headers[key] = value.strip()
            continue
        label, tab, row_text = line.partition("\t")
        glued = label.startswith(GLUE)
        label = label.removeprefix(GLUE)
        if label not in LABELS:
            raise CorpusError(f"{where}:{number}: unknown label {label!r}")
        if label == BLANK:
            if glued or row_text.strip():
                raise CorpusError(f"{where}:{number}: a blank row is an empty line, never glued")
        elif not tab or not row_text.strip():
            raise CorpusError(f"{where}:{number}: {label!r} row without text")
        if glued and not rows:
            raise CorpusError(f"{where}:{number}: the first row cannot continue a line")
        if glued and rows[-1].label == BLANK:
            raise CorpusError(f"{where}:{number}: cannot glue onto a blank line")
        rows.append(Row(label, row_text, glued, number))
    missing = [key for key in REQUIRED_HEADERS if key not in headers]
    if missing:
        raise CorpusError(f"{where}: missing header(s) {', '.join(missing)}")
    if not rows:
        raise CorpusError(f"{where}: no rows")
    return CorpusDocument(id=id, template=template, headers=headers, rows=tuple(rows), path=path)


def iter_paths(root: Path = CORPUS_DIR) -> Iterator[Path]:
    yield from sorted(root.glob("*/*.tsv"))


def load_document(path: Path, root: Path = CORPUS_DIR) -> CorpusDocument:
    template = path.parent.name
    return parse_document(
        path.read_text(encoding="utf-8"),
        id=f"{template}/{path.stem}",
        template=template,
        path=path.relative_to(root) if path.is_relative_to(root) else path,
    )


def load_corpus(root: Path = CORPUS_DIR) -> list[CorpusDocument]:
    """Every document under ``root``, sorted by template and file name."""
    return [load_document(path, root) for path in iter_paths(root)]


def label_counts(documents: Iterable[CorpusDocument]) -> dict[str, int]:
    """Rows per label (blank rows excluded)."""
    counts: dict[str, int] = {}
    for document in documents:
        for row in document.rows:
            if row.label != BLANK:
                counts[row.label] = counts.get(row.label, 0) + 1
    return dict(sorted(counts.items()))


def stats_markdown(documents: Sequence[CorpusDocument]) -> str:
    """The count tables of ``corpus/README.md`` (a test keeps the README in step)."""
    lines = [
        "| template | site | language | documents | to drop | input KB |",
        "|---|---|---|---:|---:|---:|",
    ]
    by_template: dict[str, list[CorpusDocument]] = {}
    for document in documents:
        by_template.setdefault(document.template, []).append(document)
    for template, group in sorted(by_template.items()):
        site = urlsplit(group[0].url).hostname or ""
        languages = ", ".join(sorted({d.lang for d in group}))
        size = sum(len(d.input_text().encode()) for d in group) / 1000
        drops = sum(d.drop is not None for d in group)
        lines.append(
            f"| {template} | {site.removeprefix('www.')} | {languages} | {len(group)} "
            f"| {drops} | {size:.0f} |"
        )
    total = sum(len(d.input_text().encode()) for d in documents) / 1000
    drops = sum(d.drop is not None for d in documents)
    lines.append(f"| **all** | | | **{len(documents)}** | **{drops}** | **{total:.0f}** |")

    languages: dict[str, int] = {}
    for document in documents:
        languages[document.lang] = languages.get(document.lang, 0) + 1
    lines += ["", "| language | documents |", "|---|---:|"]
    lines += [f"| {lang} | {count} |" for lang, count in sorted(languages.items())]

    rows = label_counts(documents)
    with_label = {
        label: sum(any(r.label == label for r in d.rows) for d in documents) for label in rows
    }
    lines += ["", "| label | group | rows | documents |", "|---|---|---:|---:|"]
    for label in (BODY, *METADATA_LABELS, *BOILERPLATE_LABELS):
        if label in rows:
            lines.append(
                f"| {label} | {label_group(label)} | {rows[label]} | {with_label[label]} |"
            )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(stats_markdown(load_corpus()), end="")
