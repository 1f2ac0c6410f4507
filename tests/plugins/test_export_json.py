"""The ``jsonl`` and ``json`` exporters: record shape, validity, streaming, atomicity."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

import thresher
from thresher import Document, Pipeline, Source
from thresher.testing import feed, read_jsonl


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(entrypoints=False)


#: The removal summary of :func:`full_document`, in order of first appearance.
REMOVED = {"repeated-paragraph": 1, "navigation": 2, "mojibake": 1}


def full_document(number: int = 1) -> Document:
    """A document with every part of the model filled, including awkward text."""
    document = Document(
        id=f"site/article-{number}",
        text=f'Première ligne {number}, "quoted".\n\nSecond paragraph\twith a tab — ünïcödé 🌾.',
        source=Source("corpus/news.jsonl", "jsonl", position=number),
        meta={
            "title": f"Storm hits coast ({number})",
            "date": "2025-10-27T08:30:00+01:00",
            "publisher": "The Daily",
            "author": ["A. Writer", "B. Editor"],
            "language": "fr",
            "url": f"https://example.org/a/{number}",
        },
        fields={
            "entities": [{"text": "Marie Curie", "label": "PER", "start": 3}],
            "quantities": [{"text": "12 km", "value": 12.0, "unit": "km"}],
            "quotes": [{"text": "We are ready", "speaker": "Marie Curie"}],
            "topics": ["weather"],
        },
        duplicates=[f"mirror/article-{number}"],
    )
    document.record_removal("clean-repeats", "repeated-paragraph", "Second paragraph")
    document.record_removal("boilerplate", "navigation", "Home | World")
    document.record_removal("boilerplate", "navigation", "Menu")
    document.record_removal("clean-unicode", "mojibake", "Ã©", replacement="é")
    return document


def export(pipeline: Pipeline, fmt: str, documents: list[Document], folder: Path, **options):
    exporter = pipeline.exporters([fmt], {fmt: options} if options else None)[0]
    sink = exporter.open(folder, context=None)
    for document in documents:
        sink.write(document)
    return sink.close()


def expected_record(document: Document, *, include_removals: bool) -> dict:
    record = document.to_dict(include_removals=include_removals)
    del record["fate"]
    return record


@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_full_audit_trail_round_trips_every_field(pipeline, tmp_path, fmt):
    documents = [full_document(1), full_document(2)]
    (path,) = export(pipeline, fmt, documents, tmp_path, include_removals=True)

    records = read_jsonl(path) if fmt == "jsonl" else json.loads(path.read_text("utf-8"))

    assert [r["id"] for r in records] == ["site/article-1", "site/article-2"]
    for record, document in zip(records, documents, strict=True):
        assert "fate" not in record
        assert "removed" not in record
        assert record == expected_record(document, include_removals=True)
        back = Document.from_dict(record)
        assert back.to_dict() == document.to_dict()


@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_default_record_summarises_removals_by_reason(pipeline, tmp_path, fmt):
    document = full_document()
    (path,) = export(pipeline, fmt, [document], tmp_path)

    records = read_jsonl(path) if fmt == "jsonl" else json.loads(path.read_text("utf-8"))

    (record,) = records
    assert record["removed"] == REMOVED
    assert "removals" not in record and "fate" not in record
    assert record["entities"] == document.fields["entities"]
    assert record["quantities"] == document.fields["quantities"]
    assert record["quotes"] == document.fields["quotes"]
    assert record["fields"] == {"topics": ["weather"]}
    assert record["duplicates"] == ["mirror/article-1"]
    assert record["meta"] == document.meta
    assert record["source"] == {"uri": "corpus/news.jsonl", "kind": "jsonl", "position": 1}
    assert record["text"] == document.text


def test_standard_fields_are_present_even_when_empty(pipeline, tmp_path):
    (path,) = export(pipeline, "jsonl", [Document(id="bare", text="Just text.")], tmp_path)

    (record,) = read_jsonl(path)

    assert record == {
        "id": "bare",
        "source": {"uri": "<memory>", "kind": "memory", "position": None},
        "text": "Just text.",
        "meta": {},
        "entities": [],
        "quantities": [],
        "quotes": [],
        "duplicates": [],
        "removed": {},
    }


@pytest.mark.parametrize("count", [0, 1, 7])
def test_json_array_is_valid_and_matches_jsonl(pipeline, tmp_path, count):
    documents = [full_document(n) for n in range(count)]
    (json_path,) = export(pipeline, "json", documents, tmp_path)
    (jsonl_path,) = export(pipeline, "jsonl", documents, tmp_path)

    array = json.loads(json_path.read_text("utf-8"))
    lines = read_jsonl(jsonl_path)

    assert json_path == tmp_path / "documents.json"
    assert jsonl_path == tmp_path / "documents.jsonl"
    assert isinstance(array, list) and len(array) == count
    assert array == lines
    assert len(jsonl_path.read_bytes().splitlines()) == count


@pytest.mark.parametrize("count", [0, 1, 3])
def test_json_is_pretty_printed_like_a_two_space_indented_dump(pipeline, tmp_path, count):
    documents = [full_document(n) for n in range(count)]
    (path,) = export(pipeline, "json", documents, tmp_path)

    records = [
        {**expected_record(d, include_removals=False), "removed": REMOVED} for d in documents
    ]
    pretty = json.dumps(records, indent=2, ensure_ascii=False) + "\n"
    assert path.read_text("utf-8") == pretty


def test_jsonl_has_one_compact_object_per_line(pipeline, tmp_path):
    documents = [full_document(n) for n in range(3)]
    (path,) = export(pipeline, "jsonl", documents, tmp_path)

    raw = path.read_bytes()

    assert raw.endswith(b"\n") and raw.count(b"\n") == 3
    # newlines inside the text are escaped, never raw
    assert all(line.startswith(b'{"id":') for line in raw.splitlines())


@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_stream_output_is_flushed_not_closed_and_reports_no_paths(pipeline, fmt):
    exporter = pipeline.exporters([fmt])[0]
    stream = io.BytesIO()

    assert exporter.streams
    sink = exporter.open_stream(stream, context=None)
    sink.write(full_document(1))
    sink.write(full_document(2))
    written = sink.close()

    assert written == []
    assert not stream.closed
    data = stream.getvalue()
    ids = (
        [orjson.loads(line)["id"] for line in data.splitlines()]
        if fmt == "jsonl"
        else [r["id"] for r in json.loads(data)]
    )
    assert ids == ["site/article-1", "site/article-2"]


@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_nothing_is_visible_before_close_and_abort_leaves_no_file(pipeline, tmp_path, fmt):
    exporter = pipeline.exporters([fmt])[0]
    sink = exporter.open(tmp_path, context=None)
    sink.write(full_document())

    assert not (tmp_path / f"documents.{fmt}").exists()
    sink.abort()

    assert list(tmp_path.iterdir()) == []


def test_commit_replaces_a_previous_output(pipeline, tmp_path):
    export(pipeline, "jsonl", [full_document(1), full_document(2)], tmp_path)
    (path,) = export(pipeline, "jsonl", [full_document(3)], tmp_path)

    assert [r["id"] for r in read_jsonl(path)] == ["site/article-3"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["documents.jsonl"]


def test_unknown_option_is_a_config_error(pipeline):
    with pytest.raises(thresher.ConfigError, match="include_removal"):
        pipeline.exporters(["jsonl"], {"jsonl": {"include_removal": True}})


def test_a_run_exports_only_kept_documents(pipeline, tmp_path):
    kept, dropped = full_document(1), full_document(2)
    dropped.drop("empty")
    out = tmp_path / "out"

    report = pipeline.execute(
        [feed([kept, dropped])], exporters=pipeline.exporters(["jsonl", "json"]), output=out
    )

    assert report.exported == 1
    assert [r["id"] for r in read_jsonl(out / "documents.jsonl")] == ["site/article-1"]
    assert [r["id"] for r in json.loads((out / "documents.json").read_bytes())] == [
        "site/article-1"
    ]


def vanishing_input(first: Document, *rest: Document) -> Iterator[Document]:
    """Yields one document, then fails the way a disappearing input would."""
    yield first
    raise RuntimeError("input vanished")


def test_a_failed_run_rolls_the_exports_back(pipeline, tmp_path):
    out = tmp_path / "out"

    with pytest.raises(RuntimeError, match="input vanished"):
        pipeline.execute(
            [feed(vanishing_input(full_document(1), full_document(2)))],
            exporters=pipeline.exporters(["jsonl", "json"]),
            output=out,
        )

    assert sorted(p.name for p in out.iterdir()) == ["report.json"]
