"""Writing outputs atomically: a killed run leaves no half-written file.

Everything is written under a hidden ``.NAME.partial-*`` name in the
destination folder and renamed into place only when complete. Partial
files left by a run that was killed outright (SIGKILL) are removed by the
next run into the same folder (:func:`remove_stale_partials`).
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path
from typing import IO, Any

PARTIAL_MARK = ".partial-"


def _partial_name(target: Path) -> Path:
    return target.with_name(f".{target.name}{PARTIAL_MARK}{uuid.uuid4().hex[:12]}")


class AtomicFile:
    """A file that appears at ``target`` only when :meth:`commit` is called."""

    def __init__(self, target: str | os.PathLike[str], mode: str = "wb", **open_args: Any) -> None:
        self.target = Path(target)
        self.partial = _partial_name(self.target)
        self.file: IO[Any] = open(self.partial, mode, **open_args)  # noqa: SIM115

    def write(self, data: Any) -> int:
        return self.file.write(data)

    def commit(self) -> Path:
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        os.replace(self.partial, self.target)
        return self.target

    def abort(self) -> None:
        if not self.file.closed:
            self.file.close()
        self.partial.unlink(missing_ok=True)


class AtomicDirectory:
    """A folder filled under a partial name and swapped into place on :meth:`commit`."""

    def __init__(self, target: str | os.PathLike[str]) -> None:
        self.target = Path(target)
        self.partial = _partial_name(self.target)
        self.partial.mkdir(parents=True)

    def commit(self) -> Path:
        old = None
        if self.target.exists():
            old = _partial_name(self.target)
            os.replace(self.target, old)
        os.replace(self.partial, self.target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return self.target

    def abort(self) -> None:
        shutil.rmtree(self.partial, ignore_errors=True)


def write_atomically(target: str | os.PathLike[str], data: bytes) -> Path:
    partial = AtomicFile(target)
    try:
        partial.write(data)
    except BaseException:
        partial.abort()
        raise
    return partial.commit()


def remove_stale_partials(directory: Path) -> list[Path]:
    """Delete partial outputs left in ``directory`` by a killed run."""
    removed = []
    if directory.is_dir():
        for entry in directory.iterdir():
            if entry.name.startswith(".") and PARTIAL_MARK in entry.name:
                if entry.is_dir():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink(missing_ok=True)
                removed.append(entry)
    return removed
