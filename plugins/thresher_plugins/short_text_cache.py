"""A cache of per-text results for short texts: the blocks that recur across a crawl.

Menus, share rows, footers and error lines repeat across the pages of a
site and of a crawl ("Home", "Share this article"), and what a cleaner
finds in a block depends on its text alone. Long blocks (article
paragraphs) rarely repeat, and caching them would hold their text in
memory, so only texts up to :data:`SHORT_TEXT_CHARS` characters are cached.
The cache is bounded (an ``lru_cache``), so benchmarks can find and empty
it through ``cache_clear`` like any other.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from typing import Any, Final, Generic, TypeVar

Result = TypeVar("Result")

SHORT_TEXT_CHARS: Final = 300
CACHED_TEXTS: Final = 1 << 16


class ShortTextCache(Generic[Result]):
    """``function(text, *args)``, cached when ``text`` is short."""

    def __init__(self, function: Callable[..., Result]) -> None:
        self.function = function
        self.cached = functools.lru_cache(maxsize=CACHED_TEXTS)(function)
        functools.update_wrapper(self, function)

    def __call__(self, text: str, *args: Hashable) -> Result:
        if len(text) <= SHORT_TEXT_CHARS:
            return self.cached(text, *args)
        return self.function(text, *args)

    def cache_info(self) -> Any:
        return self.cached.cache_info()

    def cache_parameters(self) -> Any:
        return self.cached.cache_parameters()

    def cache_clear(self) -> None:
        self.cached.cache_clear()
