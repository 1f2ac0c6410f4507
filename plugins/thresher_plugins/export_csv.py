"""The ``csv`` exporter: one spreadsheet row per document, list fields joined.

Cells are neutralised against formula injection (OWASP "CSV Injection"):
scraped text is hostile input, and a cell such as ``=HYPERLINK(...)`` would
otherwise run as a formula when an analyst opens the file in a spreadsheet.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import attrs

from thresher import AtomicFile, Document, Exporter, ExportSink, RunContext, hookimpl

CSV_FILE = "documents.csv"
META_COLUMNS: tuple[str, ...] = ("title", "date", "publisher", "author", "language", "url")
#: Meta keys a column also shows (first present wins): the metadata
#: extractor's ``authors`` list goes in the ``author`` column.
COLUMN_KEYS: dict[str, tuple[str, ...]] = {"author": ("authors", "author")}
FORMULA_TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Prefix an apostrophe to a cell a spreadsheet would read as a formula."""
    return "'" + cell if cell.startswith(FORMULA_TRIGGERS) else cell


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(_text(v) for v in value)
    return str(value)


def _entities(items: list[dict[str, Any]]) -> str:
    parts = []
    for item in items:
        label = _text(item.get("label"))
        text = _text(item.get("text"))
        parts.append(f"{text} ({label})" if label else text)
    return "; ".join(parts)


def _quantities(items: list[dict[str, Any]]) -> str:
    return "; ".join(_text(item.get("text")) for item in items)


def _quotes(items: list[dict[str, Any]]) -> str:
    parts = []
    for item in items:
        speaker = _text(item.get("speaker"))
        quote = f"“{_text(item.get('text'))}”"
        parts.append(f"{quote} — {speaker}" if speaker else quote)
    return "; ".join(parts)


def _check_delimiter(instance: Any, attribute: attrs.Attribute[str], value: str) -> None:
    if len(value) != 1 or value in "\"'\r\n":
        raise ValueError(
            f"delimiter must be one character other than quotes and newlines: {value!r}"
        )


class _CsvSink(ExportSink):
    """Writes rows through the csv module into a partial text file."""

    def __init__(self, target: AtomicFile, exporter: CsvExporter) -> None:
        self._target, self._include_text = target, exporter.include_text
        self._writer = csv.writer(target.file, delimiter=exporter.delimiter)
        self._writer.writerow(exporter.columns())

    def write(self, document: Document) -> None:
        meta = document.meta
        row: list[str] = [document.id, str(document.source)]
        row += [
            _text(next((meta[k] for k in COLUMN_KEYS.get(column, (column,)) if meta.get(k)), None))
            for column in META_COLUMNS
        ]
        if self._include_text:
            row.append(document.text)
        row += [
            _entities(document.items("entities")),
            _quantities(document.items("quantities")),
            _quotes(document.items("quotes")),
            "; ".join(document.duplicates),
        ]
        self._writer.writerow([neutralise(cell) for cell in row] + [len(document.removals)])

    def close(self) -> list[Path]:
        return [self._target.commit()]

    def abort(self) -> None:
        self._target.abort()


@attrs.define
class CsvExporter(Exporter):
    """CSV: OUT/documents.csv, one row per document, list fields joined with "; ".

    For spreadsheets and dataframes. Set ``excel_bom`` so Excel detects UTF-8.
    """

    name = "csv"

    delimiter: str = attrs.field(default=",", validator=_check_delimiter)
    include_text: bool = True
    excel_bom: bool = False

    def columns(self) -> list[str]:
        text = ["text"] if self.include_text else []
        tail = ["entities", "quantities", "quotes", "duplicates", "removed"]
        return ["id", "source", *META_COLUMNS, *text, *tail]

    def open(self, directory: Path, context: RunContext | None) -> ExportSink:
        encoding = "utf-8-sig" if self.excel_bom else "utf-8"
        # newline="": the csv module writes its own \r\n and quotes embedded newlines
        target = AtomicFile(Path(directory) / CSV_FILE, "w", encoding=encoding, newline="")
        try:
            return _CsvSink(target, self)
        except BaseException:
            target.abort()
            raise


@hookimpl
def thresher_register_exporters() -> list[type[Exporter]]:
    return [CsvExporter]
