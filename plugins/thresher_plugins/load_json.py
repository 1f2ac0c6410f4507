"""The ``json`` loader: JSON Lines dumps and JSON files of records.

``.jsonl`` and ``.ndjson`` files are streamed one line at a time (a dump of
millions of records never sits in memory); a ``.json`` file holds an array
of records or one record and is read whole. Standard input is read as JSON
when its first non-space byte is ``{`` (JSON Lines) or ``[`` (an array).

Every record becomes exactly one document, and a bad record never stops the
file: a line that is not JSON, a record that is not an object, or a record
without a string text field becomes a failed document whose error names the
line (``line 17: invalid JSON (...)``) and whose source names the file and
line. Blank lines are skipped. A record with empty text is dropped
(``empty``). An input with no content at all becomes one document dropped
as ``empty``, so it is accounted for; an empty array holds no records and
gives no document.

Records map to documents like this:

* ``id``: the ``id_field`` value (dotted paths allowed), else ``<input>:<line>``
  (``<input>:<index>`` for arrays, 1-based);
* ``text``: the ``text_field`` value (dotted paths such as ``article.body``);
* ``meta``: with ``meta_fields = None``, every other top-level scalar field,
  then the record's nested ``meta`` object merged over them; otherwise only
  the listed fields (dotted paths; the key is the last segment). The
  ``url_field`` value goes to ``meta["url"]``;
* a record that looks like thresher's own output (text, a ``source`` object
  and a ``meta`` object) keeps its id and meta, so exported documents can be
  loaded back.
"""

from __future__ import annotations

import lzma
import zlib
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs
import orjson

from thresher import Document, Input, Loader, Source, hookimpl

_SUFFIXES = frozenset({".jsonl", ".ndjson", ".json"})
_BOM = b"\xef\xbb\xbf"
_READ_ERRORS = (OSError, EOFError, ValueError, lzma.LZMAError, zlib.error)
_MISSING = object()


def _field_list(value: Iterable[str] | str | None) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return [str(part) for part in value]


@attrs.define
class JsonLoader(Loader):
    """Load JSON Lines (streamed) and JSON files: one document per record.

    Record fields are mapped by name (``id_field``, ``text_field``,
    ``url_field``, ``meta_fields``), so dumps from other tools load without
    conversion; a broken line fails alone, naming its line, and the rest of
    the file still loads.
    """

    name = "json"
    order = 100

    id_field: str = "id"
    text_field: str = "text"
    meta_fields: list[str] | None = attrs.field(default=None, converter=_field_list)
    url_field: str = "url"

    def accepts(self, source: Input) -> bool:
        if source.path is not None:
            return source.suffix in _SUFFIXES
        return _first_byte(source.head(4096)) in (b"{", b"[")

    def load(self, source: Input) -> Iterator[Document]:
        whole = source.suffix == ".json" or (
            source.path is None and _first_byte(source.head(4096)) == b"["
        )
        if whole:
            yield from self._load_whole(source)
        else:
            yield from self._load_lines(source)

    # -- JSON Lines ---------------------------------------------------------
    def _load_lines(self, source: Input) -> Iterator[Document]:
        number = records = 0
        try:
            stream = source.open()
        except _READ_ERRORS as error:
            yield self._failed(
                source, None, f"cannot read: {type(error).__name__}: {error}", kind="jsonl"
            )
            return
        try:
            lines = iter(stream)
            while True:
                try:
                    raw = next(lines)
                except StopIteration:
                    break
                except _READ_ERRORS as error:
                    yield self._failed(
                        source,
                        number + 1,
                        f"line {number + 1}: cannot read further: {type(error).__name__}: {error}",
                        kind="jsonl",
                    )
                    return
                number += 1
                for document in self._line(source, number, raw):
                    records += 1
                    yield document
        finally:
            # Standard input belongs to the process, not to this loader.
            if source.path is not None:
                stream.close()
        if not records:
            # A file with nothing in it is still an input to account for.
            yield _empty(source, kind="jsonl")

    def _line(self, source: Input, number: int, raw: bytes) -> Iterator[Document]:
        if number == 1 and raw.startswith(_BOM):
            raw = raw[len(_BOM) :]
        if not raw.strip():
            return
        try:
            record = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            record = _MISSING
            message = f"{error.msg} at column {error.colno}"
            if not _is_utf8(raw):
                # orjson rejects invalid UTF-8 outright; a few bad bytes in a
                # record should cost those bytes, not the record.
                try:
                    record = orjson.loads(raw.decode("utf-8", "replace"))
                except orjson.JSONDecodeError:
                    message = "not valid UTF-8 and not valid JSON"
            if record is _MISSING:
                document = self._failed(
                    source, number, f"line {number}: invalid JSON ({message})", kind="jsonl"
                )
                document.text = raw.decode("utf-8", "replace").rstrip("\r\n")
                yield document
                return
        yield self._record(source, record, number, kind="jsonl", where=f"line {number}")

    # -- whole JSON files ---------------------------------------------------
    def _load_whole(self, source: Input) -> Iterator[Document]:
        try:
            stream = source.open()
            try:
                data = stream.read()
            finally:
                if source.path is not None:
                    stream.close()
        except _READ_ERRORS as error:
            yield self._failed(source, None, f"cannot read: {type(error).__name__}: {error}")
            return
        if data.startswith(_BOM):
            data = data[len(_BOM) :]
        try:
            parsed = orjson.loads(data)
        except orjson.JSONDecodeError as error:
            if _looks_like_lines(data):
                # A JSON Lines dump saved as ``.json``: the commonest mislabel.
                for number, raw in enumerate(data.splitlines(), 1):
                    yield from self._line(source, number, raw)
                return
            if not data.strip():
                yield _empty(source)
                return
            yield self._failed(source, None, f"invalid JSON file ({error})")
            return
        if isinstance(parsed, list):
            # An empty array is a container with no records: no documents.
            for index, record in enumerate(parsed, 1):
                yield self._record(source, record, index, kind="json", where=f"record {index}")
        else:
            yield self._record(source, parsed, None, kind="json", where="the file")

    # -- records --------------------------------------------------------------
    def _record(
        self, source: Input, record: Any, position: int | None, *, kind: str, where: str
    ) -> Document:
        fallback_id = source.id_base if position is None else f"{source.id_base}:{position}"
        document = Document(id=fallback_id, text="", source=Source(source.name, kind, position))
        if not isinstance(record, dict):
            document.fail(
                "load", self.name, f"{where}: expected a JSON object, got {_json_type(record)}"
            )
            return document
        identifier = _get(record, self.id_field) if self.id_field else _MISSING
        if _is_identifier(identifier):
            document.id = str(identifier)
        text = _get(record, self.text_field)
        if text is _MISSING:
            keys = ", ".join(sorted(map(str, record))[:12]) or "none"
            document.fail(
                "load",
                self.name,
                f"{where}: no text field {self.text_field!r} (fields: {keys})",
            )
            return document
        if not isinstance(text, str):
            document.fail(
                "load",
                self.name,
                f"{where}: text field {self.text_field!r} is {_json_type(text)}, not a string",
            )
            return document

        document.text = text.replace("\r\n", "\n").replace("\r", "\n")
        document.meta = self._meta(record)
        if not document.text.strip():
            document.drop("empty")
        return document

    def _meta(self, record: Mapping[str, Any]) -> dict[str, Any]:
        nested = record.get("meta")
        if _is_own_output(record, self.text_field):
            return dict(nested)  # type: ignore[arg-type]
        meta: dict[str, Any] = {}
        if self.meta_fields is None:
            skip = {self.id_field, self.text_field, self.url_field, "meta"}
            for key, value in record.items():
                if key not in skip and _is_scalar(value):
                    meta[key] = value
            if isinstance(nested, dict):
                meta.update(nested)
        else:
            for path in self.meta_fields:
                value = _get(record, path)
                if value is not _MISSING:
                    meta[path.rsplit(".", 1)[-1]] = value
        url = _get(record, self.url_field) if self.url_field else _MISSING
        if isinstance(url, str) and url.strip():
            meta["url"] = url
        return meta

    def _failed(
        self, source: Input, position: int | None, error: str, *, kind: str = "json"
    ) -> Document:
        identifier = source.id_base if position is None else f"{source.id_base}:{position}"
        document = Document(id=identifier, text="", source=Source(source.name, kind, position))
        document.fail("load", self.name, error)
        return document


def _empty(source: Input, kind: str = "json") -> Document:
    document = Document(id=source.id_base, text="", source=Source(source.name, kind))
    document.drop("empty")
    return document


def _get(record: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted ``path`` (``article.body``), or ``_MISSING``."""
    if path in record:
        return record[path]
    value: Any = record
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return _MISSING
        value = value[part]
    return value


def _is_own_output(record: Mapping[str, Any], text_field: str) -> bool:
    source = record.get("source")
    return (
        isinstance(record.get(text_field), str)
        and isinstance(source, dict)
        and "uri" in source
        and isinstance(record.get("meta"), dict)
    )


def _is_identifier(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return False
    return bool(str(value).strip())


def _is_scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float, bool))


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def _first_byte(head: bytes) -> bytes:
    stripped = head.removeprefix(_BOM).lstrip()
    return stripped[:1]


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _looks_like_lines(data: bytes) -> bool:
    lines = [line for line in data.splitlines() if line.strip()]
    if len(lines) < 2:
        return False
    try:
        return isinstance(orjson.loads(lines[0]), dict)
    except orjson.JSONDecodeError:
        return False


@hookimpl
def thresher_register_loaders() -> list[type[Loader]]:
    return [JsonLoader]
