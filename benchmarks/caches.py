"""Empty thresher's caches of per-text results before a timed run.

Cleaners cache what they found for short blocks (menus and footers recur
across a crawl), the metadata extractor the date strings it parsed. Timing
the same documents again would find them all cached, which no real run
does, so every timed run starts cold. The caches holding texts are the
large bounded ``functools.lru_cache`` ones; small ones hold what a process
builds once (the fastText model, dateparser's parser objects, the
gazetteer) and unbounded ``functools.cache`` ones compiled patterns: they
stay warm.
"""

from __future__ import annotations

import sys

#: Caches at least this large hold per-text results.
PER_TEXT_CACHE = 1024


def forget_cached_texts() -> int:
    """Empty every per-text cache of the loaded thresher modules; how many were emptied."""
    caches = {
        id(value): value
        for name, module in list(sys.modules.items())
        if name.partition(".")[0] in {"thresher", "thresher_plugins"}
        for value in list(vars(module).values())
        # a cache, not a class of caches; one module may import another's
        if not isinstance(value, type) and callable(getattr(value, "cache_parameters", None))
    }
    per_text = [
        cache
        for cache in caches.values()
        if (cache.cache_parameters().get("maxsize") or 0) >= PER_TEXT_CACHE
    ]
    for cache in per_text:
        cache.cache_clear()
    return len(per_text)
