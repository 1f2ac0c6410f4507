"""What every part of the dedupe benchmark shares: the words, the shingles, the files.

Standard library only: the competitor workers import this module from
interpreters that have their own library (datasketch, datatrove) but not
thresher or numpy's thresher-side helpers.

The words are the ones thresher's deduper compares
(``thresher_plugins.dedupe_text.normalize(text, "words")``): the text NFKC
normalised and case-folded, every run of characters that are not letters or
digits (``[\\W_]+``) a separator. A shingle is ``ngram`` consecutive words
joined by one space; a text shorter than ``ngram`` words is one shingle of
all its words, an empty text has none.
"""

from __future__ import annotations

import json
import os
import re
import resource
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

_NOT_WORD = re.compile(r"[\W_]+")


def words(text: str) -> list[str]:
    """The words of ``text`` as thresher's dedupers see them."""
    return _NOT_WORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).split()


def shingles(text: str, ngram: int) -> set[str]:
    """The distinct ``ngram``-word shingles of ``text``."""
    tokens = words(text)
    if not tokens:
        return set()
    if len(tokens) <= ngram:
        return {" ".join(tokens)}
    return {" ".join(tokens[i : i + ngram]) for i in range(len(tokens) - ngram + 1)}


def jaccard(a: set[Any], b: set[Any]) -> float:
    if not a and not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def peak_rss_mb() -> float:
    """Largest resident set of this process or of any child it has waited for, in MB."""
    peak = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    return peak / 1024 if sys.platform != "darwin" else peak / 2**20  # Linux reports KiB


class UnionFind:
    """Clusters of string keys; ``groups()`` lists those of two or more members."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        parent = self.parent
        root = item
        while parent.get(root, root) != root:
            root = parent[root]
        while item != root:  # path compression
            parent[item], item = root, parent[item]
        return root

    def union(self, a: str, b: str) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            # the smaller key is the root: the labels do not depend on the order of unions
            if root_b < root_a:
                root_a, root_b = root_b, root_a
            self.parent[root_b] = root_a
            self.parent.setdefault(root_a, root_a)

    def groups(self) -> dict[str, str]:
        """Member -> cluster label (its root), for every member of a cluster of two or more."""
        return {item: self.find(item) for item in self.parent}


def write_predictions(path: Path, labels: dict[str, str]) -> None:
    """``id<TAB>cluster label`` for every document in a predicted cluster of two or more."""
    temporary = path.with_suffix(path.suffix + ".tmp")
    with temporary.open("w", encoding="utf-8") as out:
        for item, label in labels.items():
            out.write(f"{item}\t{label}\n")
    os.replace(temporary, path)


def write_json(path: Path, payload: dict[str, Any]) -> None:
    path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
