from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest_plugins = ["thresher.testing"]

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_CORPUS = ROOT / "examples" / "corpus"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A copy of the bundled example corpus (text files only)."""
    target = tmp_path / "corpus"
    target.mkdir()
    for path in sorted(EXAMPLE_CORPUS.glob("*.txt")):
        shutil.copy(path, target / path.name)
    return target


@pytest.fixture
def messy_folder(corpus: Path) -> Path:
    """The corpus plus a binary file, an empty file and a JSONL file with a broken line."""
    (corpus / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "dump.jsonl").write_text(
        '{"id": "j1", "text": "A first article from a JSON Lines dump, long enough to keep."}\n'
        '{"id": "j2", "text": "broken because the line never closes\n'
        '{"id": "j3", "text": "A third article that must still be loaded after the broken line."}\n',
        encoding="utf-8",
    )
    return corpus
