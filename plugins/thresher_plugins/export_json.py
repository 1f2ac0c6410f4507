"""The ``jsonl`` and ``json`` exporters: the output contract's machine-readable formats.

Both write the same record per document: :meth:`thresher.Document.to_dict`
without the internal ``fate`` (every exported document is kept) and, unless
``include_removals`` is set, with a compact ``removed`` summary
(``{reason-code: count}``) in place of the full cleaning audit trail.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any, BinaryIO, ClassVar

import attrs
import orjson

from thresher import AtomicFile, Document, Exporter, ExportSink, RunContext, hookimpl

JSONL_FILE = "documents.jsonl"
JSON_FILE = "documents.json"


def export_record(document: Document, *, include_removals: bool = False) -> dict[str, Any]:
    """The exported shape of one document (shared by ``jsonl`` and ``json``)."""
    record = document.to_dict(include_removals=include_removals)
    record.pop("fate", None)
    if not include_removals:
        record["removed"] = dict(Counter(removal.reason for removal in document.removals))
    return record


class _RecordSink(ExportSink):
    """Common plumbing: records go to a partial file (committed on close) or a caller's stream.

    A stream (stdout for ``-o -``) belongs to the caller: it is flushed,
    never closed, and cannot be rolled back.
    """

    def __init__(self, target: AtomicFile | BinaryIO, *, include_removals: bool) -> None:
        self._target = target
        self._include_removals = include_removals

    def _record(self, document: Document) -> dict[str, Any]:
        return export_record(document, include_removals=self._include_removals)

    def close(self) -> list[Path]:
        if isinstance(self._target, AtomicFile):
            return [self._target.commit()]
        self._target.flush()
        return []

    def abort(self) -> None:
        if isinstance(self._target, AtomicFile):
            self._target.abort()


class _JsonlSink(_RecordSink):
    """Writes one JSON object per line."""

    def write(self, document: Document) -> None:
        self._target.write(orjson.dumps(self._record(document), option=orjson.OPT_APPEND_NEWLINE))


@attrs.define
class _RecordExporter(Exporter):
    """One file of JSON records (or a caller's stream); subclasses name the file and the sink."""

    streams = True
    file_name: ClassVar[str]
    sink: ClassVar[type[_RecordSink]]

    include_removals: bool = False

    def open(self, directory: Path, context: RunContext | None) -> ExportSink:
        target = AtomicFile(Path(directory) / self.file_name)
        return self.sink(target, include_removals=self.include_removals)

    def open_stream(self, stream: BinaryIO, context: RunContext | None) -> ExportSink:
        return self.sink(stream, include_removals=self.include_removals)


@attrs.define
class JsonlExporter(_RecordExporter):
    """JSON Lines: OUT/documents.jsonl, one object per document (``-o -`` for stdout).

    The format for pipelines and bulk loaders: it streams, appends and splits
    cleanly, and each line is a self-contained record.
    """

    name = "jsonl"
    file_name = JSONL_FILE
    sink = _JsonlSink


class _JsonArraySink(_RecordSink):
    """Writes a pretty-printed JSON array one element at a time.

    Elements are serialised one by one and nested by re-indenting their
    lines, so memory stays flat however many documents pass through.
    """

    def __init__(self, target: AtomicFile | BinaryIO, *, include_removals: bool) -> None:
        super().__init__(target, include_removals=include_removals)
        self._count = 0

    def write(self, document: Document) -> None:
        body = orjson.dumps(self._record(document), option=orjson.OPT_INDENT_2)
        # JSON strings never hold a raw newline, so every b"\n" is layout
        body = body.replace(b"\n", b"\n  ")
        self._target.write((b"[\n  " if self._count == 0 else b",\n  ") + body)
        self._count += 1

    def close(self) -> list[Path]:
        self._target.write(b"[]\n" if self._count == 0 else b"\n]\n")
        return super().close()


@attrs.define
class JsonExporter(_RecordExporter):
    """A JSON array: OUT/documents.json, pretty-printed, same records as ``jsonl``.

    For tools and people that want one valid JSON document rather than lines.
    """

    name = "json"
    file_name = JSON_FILE
    sink = _JsonArraySink


@hookimpl
def thresher_register_exporters() -> list[type[Exporter]]:
    return [JsonlExporter, JsonExporter]
