"""Resolving what the user named (files, folders, globs, ``-``) into inputs.

This module knows the filesystem and transparent decompression, never a
document format: deciding what a file *contains* is a loader's job.
"""

from __future__ import annotations

import bz2
import glob
import gzip
import io
import lzma
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

import attrs

from .errors import ConfigError

STDIN = "-"

_COMPRESSED = {
    b"\x1f\x8b": (".gz", gzip.open),
    b"BZh": (".bz2", bz2.open),
    b"\xfd7zXZ\x00": (".xz", lzma.open),
}
_COMPRESSION_SUFFIXES = {".gz", ".bz2", ".xz"}


def display_name(path: str | os.PathLike[str]) -> str:
    """A path as text that is always valid UTF-8 (hostile names included).

    Undecodable bytes become ``\\xNN`` escapes rather than lone surrogates,
    which JSON encoders and terminals reject.
    """
    return os.fsencode(path).decode("utf-8", "backslashreplace")


@attrs.define(eq=False)
class Input:
    """One thing to load: a file, or standard input.

    :ivar name: the input as messages and ``Source.uri`` show it.
    :ivar id_base: the stem for ids of documents from this input
        (the path relative to the folder or glob the user named).
    :ivar path: the file, or ``None`` for standard input.
    """

    name: str
    id_base: str
    path: Path | None = None
    _stdin: Any = attrs.field(default=None, alias="stdin")  # a peekable binary stream

    @property
    def suffixes(self) -> list[str]:
        """Lower-case suffixes, compression suffix removed (``a.JSONL.gz`` -> ``['.jsonl']``)."""
        if self.path is None:
            return []
        suffixes = [s.lower() for s in Path(self.name).suffixes]
        if suffixes and suffixes[-1] in _COMPRESSION_SUFFIXES:
            suffixes.pop()
        return suffixes

    @property
    def suffix(self) -> str:
        return self.suffixes[-1] if self.suffixes else ""

    def size(self) -> int | None:
        """Size on disk (compressed), or ``None`` for standard input."""
        return None if self.path is None else self.path.stat().st_size

    def head(self, size: int = 4096) -> bytes:
        """The first bytes of the (decompressed) content, without consuming them."""
        if self._stdin is not None:
            return bytes(self._stdin.peek(size)[:size])
        with self.open() as stream:
            return stream.read(size)

    def open(self) -> BinaryIO:
        """The content as a binary stream, decompressed if it was compressed."""
        if self._stdin is not None:
            return _decompressing(self._stdin, self._stdin.peek(6)[:6], None)
        assert self.path is not None
        raw = open(self.path, "rb")  # noqa: SIM115 - returned to the caller
        return _decompressing(raw, raw.peek(6)[:6], Path(self.name).suffix.lower())

    def __str__(self) -> str:
        return self.name


def _decompressing(stream: BinaryIO, magic: bytes, suffix: str | None) -> BinaryIO:
    """Decompress when the magic bytes say so and, for files, the suffix agrees.

    A plain text file that happens to start with ``BZh`` stays text; stdin
    has no name, so its magic bytes decide.
    """
    for prefix, (expected_suffix, opener) in _COMPRESSED.items():
        if magic.startswith(prefix) and suffix in (None, expected_suffix):
            opener_fn: Callable[[BinaryIO], BinaryIO] = opener  # type: ignore[assignment]
            return opener_fn(stream)
    return stream


def resolve_inputs(specs: Sequence[str], *, include_hidden: bool = False) -> list[Input]:
    """Expand files, folders (recursively), globs and ``-`` into inputs, in a stable order.

    Folders are walked in sorted order so runs do not depend on the
    filesystem's listing order. Hidden files and folders are skipped unless
    ``include_hidden``. A spec that matches nothing is a :class:`ConfigError`.
    """
    inputs: list[Input] = []
    for spec in specs:
        if spec == STDIN:
            stdin = sys.stdin.buffer
            reader = stdin if hasattr(stdin, "peek") else io.BufferedReader(stdin)  # type: ignore[type-var]
            inputs.append(Input(name="<stdin>", id_base="stdin", path=None, stdin=reader))
            continue
        path = Path(spec)
        if path.is_dir():
            inputs.extend(_walk(path, include_hidden))
        elif path.is_file():
            inputs.append(
                Input(name=display_name(spec), id_base=display_name(path.name), path=path)
            )
        elif path.exists():
            raise ConfigError(f"input {display_name(spec)!r} is neither a file nor a folder")
        elif _has_magic(spec):
            matches = sorted(m for m in glob.glob(spec, recursive=True) if os.path.isfile(m))
            if not matches:
                raise ConfigError(f"no file matches the pattern {display_name(spec)!r}")
            base = _glob_base(spec)
            inputs.extend(
                Input(
                    name=display_name(m),
                    id_base=display_name(os.path.relpath(m, base)),
                    path=Path(m),
                )
                for m in matches
            )
        else:
            raise ConfigError(f"input {display_name(spec)!r} does not exist")
    return inputs


def _walk(root: Path, include_hidden: bool) -> Iterator[Input]:
    found: list[tuple[str, Path]] = []
    for directory, subdirs, files in os.walk(root):
        if not include_hidden:
            subdirs[:] = [d for d in subdirs if not d.startswith(".")]
        for file in files:
            if include_hidden or not file.startswith("."):
                full = Path(directory, file)
                found.append((Path(os.path.relpath(full, root)).as_posix(), full))
    for relative, full in sorted(found):
        yield Input(name=display_name(full), id_base=display_name(relative), path=full)


def _glob_base(pattern: str) -> str:
    parts: list[str] = []
    for part in Path(pattern).parts:
        if _has_magic(part):
            break
        parts.append(part)
    return str(Path(*parts)) if parts else "."


def _has_magic(text: str) -> bool:
    return any(char in text for char in "*?[")
