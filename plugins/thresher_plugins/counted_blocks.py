"""Blocks counted across documents: what ``learned-boilerplate`` and ``shared-paragraphs`` share.

Both cleaners learn, on a first pass, in how many documents each block
occurs, and remove blocks that occur in many. They agree on what a block's
identity is (its :func:`thresher.block_key` hashed with xxh3-64, so only
integers are kept), on how a user keeps a block (``allow`` regular
expressions) and on the guard that keeps a document's own text: its rarest
blocks, until enough of it remains.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from xxhash import xxh3_64_intdigest

from thresher import block_key


def allow_patterns(value: str | Iterable[str] | None) -> list[str]:
    """The ``allow`` option as a list of patterns (an attrs converter)."""
    # One pattern from the command line arrives as a string; it is never
    # split on commas, which regular expressions use.
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(pattern) for pattern in value]


def compile_allow(patterns: Sequence[str]) -> tuple[re.Pattern[str], ...]:
    """The ``allow`` patterns compiled; a bad one is a ``ValueError`` naming it."""
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(re.compile(pattern))
        except re.error as error:
            message = f"allow pattern {pattern!r} is not a regular expression: {error}"
            raise ValueError(message) from error
    return tuple(compiled)


def hashed_blocks(
    blocks: Sequence[str],
    seed: int = 0,
    *,
    max_chars: int | None = None,
    min_key_chars: int = 1,
) -> list[tuple[int, int]]:
    """(index, hash) of the blocks worth counting.

    Blocks longer than ``max_chars`` characters, and blocks whose key is
    shorter than ``min_key_chars``, are left out.
    """
    hashed = []
    for index, block in enumerate(blocks):
        if not block or (max_chars is not None and len(block) > max_chars):
            continue
        key = block_key(block)
        if key and len(key) >= min_key_chars:
            hashed.append((index, xxh3_64_intdigest(key.encode(), seed=seed)))
    return hashed


def rarest_blocks(
    blocks: Sequence[str], spread: Mapping[int, int], max_removed_fraction: float
) -> set[int]:
    """The counted blocks a document keeps as its own: the rarest, until enough remains.

    ``spread`` maps block indexes to how many documents contain the block.
    Blocks are grouped by that count; whole groups are kept, rarest first,
    until the document keeps at least ``1 - max_removed_fraction`` of its
    characters and something at all. Blocks not in ``spread`` always stay.
    """
    total = sum(len(block) for block in blocks)
    remaining = total - sum(len(blocks[index]) for index in spread)
    floor = (1.0 - max_removed_fraction) * total
    groups: defaultdict[int, list[int]] = defaultdict(list)
    for index, documents in spread.items():
        groups[documents].append(index)
    kept: set[int] = set()
    for documents in sorted(groups):
        if remaining > 0 and remaining >= floor:
            break
        kept.update(groups[documents])
        remaining += sum(len(blocks[index]) for index in groups[documents])
    return kept
