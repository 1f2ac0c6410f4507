from __future__ import annotations

import orjson

from thresher import Document, Fate, Source


def test_document_round_trips_through_json() -> None:
    document = Document(
        id="a",
        text="Body",
        source=Source("in/a.jsonl", "jsonl", 7),
        meta={"title": "T", "date": "2026-03-14"},
        fields={"entities": [{"text": "Ana Duarte", "label": "PER"}], "custom": 1},
    )
    document.record_removal("whitespace", "invisible-characters", "\u200b")
    document.duplicates.append("b")
    again = Document.from_dict(orjson.loads(orjson.dumps(document.to_dict())))
    assert again.to_dict() == document.to_dict()
    assert again.source == Source("in/a.jsonl", "jsonl", 7)
    assert str(again.source) == "in/a.jsonl:7"


def test_fates_are_exclusive_and_explained() -> None:
    document = Document(id="a", text="x")
    assert document.kept
    document.fail("clean", "boom", ValueError("bad\nsecond line"))
    assert document.fate is Fate.FAILED and not document.kept
    assert str(document.failure) == "clean/boom: ValueError: bad"
    duplicate = Document(id="b", text="x")
    duplicate.mark_duplicate_of("a")
    assert duplicate.duplicate_of == "a" and duplicate.fate is Fate.DUPLICATE


def test_standard_fields_are_always_exported() -> None:
    record = Document(id="a", text="x").to_dict()
    assert record["entities"] == [] and record["quantities"] == [] and record["quotes"] == []
    assert record["duplicates"] == []


def test_list_fields_read_as_dicts_whatever_an_extractor_returned() -> None:
    document = Document(
        id="a", text="x", fields={"quotes": ["bare", {"text": "t", "speaker": "s"}], "odd": 3}
    )
    assert document.items("quotes") == [{"text": "bare"}, {"text": "t", "speaker": "s"}]
    assert document.items("odd") == [] and document.items("entities") == []
