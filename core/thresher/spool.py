"""A re-readable copy of a document stream, in memory up to a limit and on disk past it.

Components that need the whole corpus (a fitted cleaner, a deduper that
picks survivors regardless of order) append the stream here once and read
it back as often as they need. The first documents stay in memory as they
are, since a run that fits in memory should not pay for serialising every
document (with its audit trail) to disk and parsing it back on every pass;
past ``memory_chars`` characters the rest go to a file, so memory does not
grow with the corpus.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import IO

import orjson

from .model import Document

#: Characters (text plus the audit trail's removed text) a spool keeps in
#: memory before writing to disk: some hundred MB of Python strings at most.
SPOOL_MEMORY_CHARS = 64 * 1024 * 1024


class DocumentSpool:
    """Append documents, then iterate over them (any number of times), in order.

    The documents held in memory are given back as the same objects, the ones
    on disk as new copies, so a reader that changes a document must not count
    on seeing it unchanged in a later pass. ``memory_chars=0`` puts every
    document on disk.
    """

    def __init__(
        self,
        directory: str | os.PathLike[str] | None = None,
        memory_chars: int = SPOOL_MEMORY_CHARS,
    ) -> None:
        self._directory = directory
        self._memory: list[Document] = []
        self._room = memory_chars
        self._writer: IO[bytes] | None = None
        self.path: Path | None = None
        self._count = 0

    def append(self, document: Document) -> None:
        self._count += 1
        if self.path is None:
            size = len(document.text) + sum(len(removal.text) for removal in document.removals)
            if size <= self._room:
                self._room -= size
                self._memory.append(document)
                return
            handle, name = tempfile.mkstemp(prefix="spool-", suffix=".jsonl", dir=self._directory)
            self.path = Path(name)
            self._writer = os.fdopen(handle, "wb", buffering=1 << 20)
        assert self._writer is not None
        self._writer.write(orjson.dumps(document.to_dict(), option=orjson.OPT_APPEND_NEWLINE))

    def __len__(self) -> int:
        return self._count

    @property
    def on_disk(self) -> int:
        """How many of the documents were written to disk."""
        return self._count - len(self._memory)

    def __iter__(self) -> Iterator[Document]:
        yield from self._memory
        if self.path is None:
            return
        assert self._writer is not None
        self._writer.flush()
        with open(self.path, "rb") as reader:
            for line in reader:
                yield Document.from_dict(orjson.loads(line))

    def close(self) -> None:
        self._memory = []
        if self._writer is not None and not self._writer.closed:
            self._writer.close()
        if self.path is not None:
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
