"""The ``json`` loader: JSON Lines streaming, broken lines, field mapping, JSON files."""

from __future__ import annotations

import gzip
import io
from pathlib import Path
from typing import Any

import orjson
import pytest

from thresher import Document, Fate, Input, LoadConfig, Pipeline, PipelineConfig, Source
from thresher_plugins.load_json import JsonLoader


def load(path: Path | str, **options: Any) -> list[Document]:
    config = PipelineConfig(load=LoadConfig(options={"json": options})) if options else None
    return list(Pipeline(config, entrypoints=False).load(str(path)))


def jsonl(*records: Any) -> bytes:
    return b"".join((r if isinstance(r, bytes) else orjson.dumps(r)) + b"\n" for r in records)


def record(number: int, **extra: Any) -> dict[str, Any]:
    return {"id": f"r{number}", "text": f"Article number {number} about the port strike.", **extra}


# -- JSON Lines --------------------------------------------------------------------------


def test_jsonl_records_become_documents(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_bytes(jsonl(record(1), record(2)))
    documents = load(path)
    assert [d.id for d in documents] == ["r1", "r2"]
    assert documents[0].text == "Article number 1 about the port strike."
    assert documents[1].source == Source(str(path), "jsonl", 2)
    assert all(d.kept for d in documents)


def test_meta_gets_other_scalars_nested_meta_and_url(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_bytes(
        jsonl(
            record(
                1,
                title="Strike ends",
                words=412,
                paywalled=False,
                section="Ports",
                url="https://example.org/a/1",
                tags=["port", "strike"],
                author={"name": "I. Kovac"},
                meta={"language": "en", "title": "Strike ends at dawn"},
            )
        )
    )
    (document,) = load(path)
    assert document.meta == {
        "title": "Strike ends at dawn",  # the nested meta wins over the top-level field
        "words": 412,
        "paywalled": False,
        "section": "Ports",
        "language": "en",
        "url": "https://example.org/a/1",
    }


def test_meta_fields_option_selects_fields(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_bytes(
        jsonl(record(1, title="T", words=3, author={"name": "N"}, meta={"language": "en"}))
    )
    (document,) = load(path, meta_fields=["title", "author.name"])
    assert document.meta == {"title": "T", "name": "N"}


def test_a_broken_line_fails_alone_naming_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_bytes(jsonl(record(1), b'{"id": "r2", "text": "never closed', record(3), record(4)))
    processed = Pipeline(entrypoints=False).load(str(path))
    documents = list(processed)
    assert [d.fate for d in documents] == [Fate.KEPT, Fate.FAILED, Fate.KEPT, Fate.KEPT]
    broken = documents[1]
    assert broken.id == "dump.jsonl:2"
    assert broken.source == Source(str(path), "jsonl", 2)
    assert broken.failure is not None
    assert (broken.failure.stage, broken.failure.component) == ("load", "json")
    assert broken.failure.error.startswith("line 2: invalid JSON (")
    assert broken.text == '{"id": "r2", "text": "never closed'
    (problem,) = processed.report.problems
    assert problem["source"] == f"{path}:2"
    assert problem["error"].startswith("line 2: ")


def test_record_without_text_field_fails_naming_field_and_line(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_bytes(jsonl(record(1), {"id": "r2", "body": "text is elsewhere"}))
    documents = load(path)
    assert documents[0].kept
    failure = documents[1].failure
    assert failure is not None
    assert failure.error == "line 2: no text field 'text' (fields: body, id)"
    assert documents[1].id == "r2"


@pytest.mark.parametrize(("value", "kind"), [(5, "a number"), (None, "null"), (["a"], "an array")])
def test_non_string_text_fails(tmp_path: Path, value: Any, kind: str) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_bytes(jsonl({"id": "x", "text": value}))
    (document,) = load(path)
    assert document.fate is Fate.FAILED
    assert document.failure is not None
    assert document.failure.error == f"line 1: text field 'text' is {kind}, not a string"


def test_non_object_line_fails(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_bytes(jsonl([1, 2], record(2)))
    documents = load(path)
    assert documents[0].failure is not None
    assert documents[0].failure.error == "line 1: expected a JSON object, got an array"
    assert documents[1].kept


def test_dotted_text_and_id_fields(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_bytes(
        jsonl({"article": {"id": 77, "body": "Deep text.", "title": "x"}, "site": "Ledger"})
    )
    (document,) = load(path, text_field="article.body", id_field="article.id")
    assert document.kept
    assert document.text == "Deep text."
    assert document.id == "77"
    assert document.meta == {"site": "Ledger"}


def test_blank_lines_are_skipped_and_missing_ids_use_the_line_number(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_bytes(
        b'{"text": "first"}\n\n   \r\n{"text": "fourth", "id": ""}\n{"text": "fifth", "id": true}\n'
    )
    documents = load(path)
    assert [d.id for d in documents] == ["dump.jsonl:1", "dump.jsonl:4", "dump.jsonl:5"]
    assert [d.source.position for d in documents] == [1, 4, 5]


def test_empty_text_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_bytes(jsonl({"id": "a", "text": ""}, {"id": "b", "text": " \n\t"}, record(3)))
    documents = load(path)
    assert [(d.fate, d.reason) for d in documents] == [
        (Fate.DROPPED, "empty"),
        (Fate.DROPPED, "empty"),
        (Fate.KEPT, None),
    ]


def test_gzipped_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl.gz"
    path.write_bytes(gzip.compress(jsonl(record(1), b"{oops", record(3))))
    documents = load(path)
    assert [d.fate for d in documents] == [Fate.KEPT, Fate.FAILED, Fate.KEPT]
    assert documents[1].id == "dump.jsonl.gz:2"
    assert documents[2].text == "Article number 3 about the port strike."


def test_truncated_gzip_keeps_what_was_read_and_fails_the_rest(tmp_path: Path) -> None:
    data = gzip.compress(jsonl(*(record(n) for n in range(1, 2001))))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    documents = load(path)
    assert documents[-1].fate is Fate.FAILED
    assert documents[-1].failure is not None
    assert "cannot read further: EOFError" in documents[-1].failure.error
    assert len(documents) > 10
    assert all(d.kept for d in documents[:-2])


def test_invalid_utf8_in_a_line_costs_only_those_bytes(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_bytes(b'{"id": "a", "text": "caf\xe9 au lait"}\n')
    (document,) = load(path)
    assert document.kept
    assert document.text == "caf\ufffd au lait"


@pytest.mark.parametrize("name", ["dump.ndjson", "DUMP.JSONL"])
def test_other_jsonl_suffixes(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(jsonl(record(1)))
    (document,) = load(path)
    assert document.kept
    assert document.source.kind == "jsonl"


def test_json_suffix_is_not_claimed_by_the_text_loader(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(jsonl(record(1)))
    (document,) = load(path)
    assert document.source.kind == "text"


def test_own_output_keeps_its_id_and_meta(tmp_path: Path) -> None:
    original = Document(
        id="site/article-1",
        text="Cleaned text.\n\nSecond paragraph.",
        source=Source("corpus/a.txt", "text"),
        meta={"title": "Storm", "date": "2026-02-05", "nested": {"k": 1}},
    )
    exported = original.to_dict()
    exported["url"] = "https://example.org/ignored"
    path = tmp_path / "documents.jsonl"
    path.write_bytes(jsonl(exported))
    (document,) = load(path)
    assert document.id == "site/article-1"
    assert document.text == original.text
    assert document.meta == original.meta


def test_jsonl_is_streamed_not_read_whole() -> None:
    lines = jsonl(*(record(n) for n in range(1, 3001)))

    class Counting(io.RawIOBase):
        def __init__(self) -> None:
            self.data = io.BytesIO(lines)
            self.consumed = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            chunk = self.data.read(len(buffer))
            buffer[: len(chunk)] = chunk
            self.consumed += len(chunk)
            return len(chunk)

    raw = Counting()
    source = Input(name="<stdin>", id_base="stdin", stdin=io.BufferedReader(raw))
    loader = JsonLoader()
    assert loader.accepts(source)
    documents = loader.load(source)
    first = next(documents)
    assert first.id == "r1"
    assert raw.consumed < len(lines) // 4
    assert sum(1 for _ in documents) == 2999


# -- JSON files ------------------------------------------------------------------------------


def test_json_array_file(tmp_path: Path) -> None:
    path = tmp_path / "batch.json"
    path.write_bytes(orjson.dumps([record(1), {"text": "no id here"}, "not an object"]))
    documents = load(path)
    assert [d.id for d in documents] == ["r1", "batch.json:2", "batch.json:3"]
    assert [d.source.position for d in documents] == [1, 2, 3]
    assert documents[2].failure is not None
    assert documents[2].failure.error == "record 3: expected a JSON object, got a string"


def test_json_single_record_file(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_bytes(
        orjson.dumps({"text": "Just one.", "title": "One"}, option=orjson.OPT_INDENT_2)
    )
    (document,) = load(path)
    assert document.id == "one.json"
    assert document.meta == {"title": "One"}
    assert document.source == Source(str(path), "json", None)


def test_malformed_json_file_is_one_failed_document(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(b'[{"text": "a"}, {"text": ')
    (document,) = load(path)
    assert document.fate is Fate.FAILED
    assert document.id == "bad.json"
    assert document.source.uri == str(path)
    assert document.failure is not None
    assert document.failure.error.startswith("invalid JSON file (")


def test_jsonl_saved_as_json_is_read_line_by_line(tmp_path: Path) -> None:
    path = tmp_path / "mislabelled.json"
    path.write_bytes(jsonl(record(1), record(2)))
    assert [d.id for d in load(path)] == ["r1", "r2"]


@pytest.mark.parametrize("name", ["empty.json", "empty.jsonl"])
@pytest.mark.parametrize("data", [b"", b"  \n\n"])
def test_file_without_content_is_one_dropped_document(
    tmp_path: Path, name: str, data: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    (document,) = load(path)
    assert (document.fate, document.reason) == (Fate.DROPPED, "empty")
    assert document.id == name


def test_empty_array_holds_no_documents(tmp_path: Path) -> None:
    path = tmp_path / "none.json"
    path.write_bytes(b"[]")
    assert load(path) == []
