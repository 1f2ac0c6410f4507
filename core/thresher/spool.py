"""A disk-backed, re-readable copy of a document stream.

Components that need the whole corpus (a fitted cleaner, a deduper that
picks survivors regardless of order) write the stream here once and read it
back as often as they need, so memory does not grow with the corpus.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

import orjson

from .model import Document


class DocumentSpool:
    """Append documents, then iterate over them (any number of times), in order."""

    def __init__(self, directory: str | os.PathLike[str] | None = None) -> None:
        handle, name = tempfile.mkstemp(prefix="spool-", suffix=".jsonl", dir=directory)
        self.path = Path(name)
        self._writer = os.fdopen(handle, "wb", buffering=1 << 20)
        self._count = 0

    def append(self, document: Document) -> None:
        self._writer.write(orjson.dumps(document.to_dict(), option=orjson.OPT_APPEND_NEWLINE))
        self._count += 1

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Document]:
        self._writer.flush()
        with open(self.path, "rb") as reader:
            for line in reader:
                yield Document.from_dict(orjson.loads(line))

    def close(self) -> None:
        if not self._writer.closed:
            self._writer.close()
        self.path.unlink(missing_ok=True)

    def __enter__(self) -> DocumentSpool:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
