"""The near deduper's persistent index: every survivor of earlier runs, in one SQLite file.

A daily feed is deduplicated against everything seen before: each run
looks its documents' LSH band keys up in the index, verifies the matches on
the stored shingles, and adds its own survivors at the end. SQLite because
it is embedded (no server), ships with Python, and makes the additions of a
run one transaction: a run killed at any point leaves the index as it was
before the run or with the whole run in it, never half of one.

Stored per document: its id, the keeper facts, its band keys (8 bytes a
band) and its shingles (8 bytes each), so verification needs no text. The
settings that shape keys and shingles (n-gram size, permutations, bands,
rows, seed, text) are stored too: an index built with other settings would
silently match nothing, so opening it with different ones is an error.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import orjson

from thresher import ConfigError, Facts

_SCHEMA = """
CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    number INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    length INTEGER NOT NULL,
    metadata INTEGER NOT NULL,
    date TEXT,
    keys BLOB NOT NULL,
    shingles BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS bands (
    band INTEGER NOT NULL,
    key INTEGER NOT NULL,
    document INTEGER NOT NULL REFERENCES documents (number)
);
CREATE INDEX IF NOT EXISTS bands_by_key ON bands (band, key);
"""


class SeenDocument:
    """A document of an earlier run, as the index keeps it."""

    __slots__ = ("facts", "id", "keys", "shingles")

    def __init__(
        self,
        identifier: str,
        facts: Facts,
        keys: npt.NDArray[np.uint64],
        shingles: npt.NDArray[np.uint64],
    ) -> None:
        self.id, self.facts, self.keys, self.shingles = identifier, facts, keys, shingles


def _signed(values: npt.NDArray[np.uint64]) -> list[int]:
    # SQLite integers are signed 64-bit: store the same bits.
    return values.astype("<u8").view("<i8").tolist()  # type: ignore[no-any-return]


class SeenIndex:
    """An open index file (created on first use)."""

    def __init__(self, path: str | Path, settings: Mapping[str, Any]) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._connection = sqlite3.connect(self.path, isolation_level=None)
            self._connection.executescript(_SCHEMA)
            stored = dict(self._connection.execute("SELECT name, value FROM settings"))
        except sqlite3.DatabaseError as error:
            raise ConfigError(f"dedupe index {str(self.path)!r}: {error}") from error
        wanted = {name: orjson.dumps(value).decode() for name, value in settings.items()}
        if not stored:
            with self._transaction():
                self._connection.executemany(
                    "INSERT INTO settings VALUES (?, ?)", sorted(wanted.items())
                )
        elif stored != wanted:
            differ = sorted(
                n for n in wanted.keys() | stored.keys() if wanted.get(n) != stored.get(n)
            )
            shown = ", ".join(f"{n} {stored.get(n)} (now {wanted.get(n)})" for n in differ)
            raise ConfigError(
                f"dedupe index {str(self.path)!r} was built with other settings: {shown}; "
                "use the same settings or a new index"
            )

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """All or nothing: rolled back on any exception, an interrupt included."""
        self._connection.execute("BEGIN IMMEDIATE")
        try:
            yield self._connection
        except BaseException:
            self._connection.execute("ROLLBACK")
            raise
        self._connection.execute("COMMIT")

    def __len__(self) -> int:
        (count,) = self._connection.execute("SELECT count(*) FROM documents").fetchone()
        return int(count)

    def matches(self, keys: npt.NDArray[np.uint64], skip: Iterable[str]) -> list[SeenDocument]:
        """Indexed documents sharing a band key with any row of ``keys``, except ids in ``skip``.

        A document indexed under an id of this run is this run's own
        document seen again (a re-run, a resumed feed): never its duplicate.
        """
        if not len(keys):
            return []
        connection = self._connection
        connection.execute("CREATE TEMP TABLE IF NOT EXISTS probe (band INTEGER, key INTEGER)")
        connection.execute("DELETE FROM probe")
        bands = np.broadcast_to(np.arange(keys.shape[1]), keys.shape)
        connection.executemany(
            "INSERT INTO probe VALUES (?, ?)",
            zip(bands.ravel().tolist(), _signed(keys.ravel()), strict=True),
        )
        rows = connection.execute(
            "SELECT DISTINCT d.number, d.id, d.length, d.metadata, d.date, d.keys, d.shingles "
            "FROM probe p JOIN bands b ON b.band = p.band AND b.key = p.key "
            "JOIN documents d ON d.number = b.document ORDER BY d.number"
        ).fetchall()
        connection.execute("DELETE FROM probe")
        skipped = set(skip)
        return [
            SeenDocument(
                identifier,
                Facts(length, metadata, date),
                np.frombuffer(keys_blob, dtype="<u8").astype(np.uint64),
                np.frombuffer(shingles_blob, dtype="<u8").astype(np.uint64),
            )
            for _, identifier, length, metadata, date, keys_blob, shingles_blob in rows
            if identifier not in skipped
        ]

    def add(self, documents: Iterable[SeenDocument]) -> int:
        """Add (or replace, by id) documents, all in one transaction; returns how many."""
        added = 0
        with self._transaction() as connection:
            for document in documents:
                old = connection.execute(
                    "SELECT number FROM documents WHERE id = ?", (document.id,)
                ).fetchone()
                if old is not None:
                    connection.execute("DELETE FROM bands WHERE document = ?", old)
                    connection.execute("DELETE FROM documents WHERE number = ?", old)
                cursor = connection.execute(
                    "INSERT INTO documents (id, length, metadata, date, keys, shingles) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        document.id,
                        *document.facts,
                        document.keys.astype("<u8").tobytes(),
                        document.shingles.astype("<u8").tobytes(),
                    ),
                )
                number = cursor.lastrowid
                connection.executemany(
                    "INSERT INTO bands VALUES (?, ?, ?)",
                    [(band, key, number) for band, key in enumerate(_signed(document.keys))],
                )
                added += 1
        return added

    def close(self) -> None:
        self._connection.close()
