"""DocumentSpool: a re-readable copy of a stream, in memory up to a limit, on disk past it."""

from __future__ import annotations

from pathlib import Path

import pytest

from thresher import Document, DocumentSpool, Source


def documents(count: int) -> list[Document]:
    made = []
    for number in range(count):
        document = Document(
            f"d{number}", f"Paragraph {number:03d}. " * 20, Source("in.jsonl", "jsonl", number)
        )
        document.record_removal("menu-cleaner", "navigation", f"Home | Section {number:03d}")
        made.append(document)
    return made


@pytest.mark.parametrize("memory_chars", [0, 1_000, 10_000_000])
def test_every_pass_gives_back_every_document_in_order(tmp_path: Path, memory_chars: int) -> None:
    originals = documents(25)
    with DocumentSpool(tmp_path, memory_chars=memory_chars) as spool:
        for document in originals:
            spool.append(document)
        assert len(spool) == 25
        for _ in range(2):
            passed = list(spool)
            assert [d.to_dict() for d in passed] == [d.to_dict() for d in originals]
    assert list(tmp_path.iterdir()) == [], "the spool file is removed"


def test_past_its_memory_limit_the_rest_goes_to_disk(tmp_path: Path) -> None:
    originals = documents(25)
    size = len(originals[0].text) + len(originals[0].removals[0].text)
    with DocumentSpool(tmp_path, memory_chars=10 * size) as spool:
        for document in originals:
            spool.append(document)
        assert spool.on_disk == 15
        assert spool.path is not None
        passed = list(spool)
    assert passed[9] is originals[9], "documents in memory are given back as they are"
    assert passed[10] is not originals[10]
    assert passed[10].to_dict() == originals[10].to_dict()


def test_a_small_run_never_touches_the_disk(tmp_path: Path) -> None:
    with DocumentSpool(tmp_path) as spool:
        for document in documents(100):
            spool.append(document)
        assert spool.on_disk == 0 and spool.path is None
        assert len(list(spool)) == 100
