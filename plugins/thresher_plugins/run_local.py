"""The ``local`` executor: in this process, or in N worker processes on this machine."""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

import attrs

from thresher import Executor, hookimpl


@attrs.define
class LocalExecutor(Executor):
    """Run per-document steps here, or in N worker processes (``--workers N``).

    Results come back in input order, so output does not depend on the
    number of workers. At most ``workers * queue_depth`` batches are in
    flight, so a long stream never piles up in memory (unlike
    ``Pool.imap``, which reads its whole input ahead).
    """

    name = "local"

    workers: int = attrs.field(default=1, validator=attrs.validators.ge(0))
    queue_depth: int = attrs.field(default=4, validator=attrs.validators.ge(1))
    _pool: ProcessPoolExecutor | None = attrs.field(default=None, init=False, repr=False)

    def start(self) -> None:
        count = self.workers or os.cpu_count() or 1
        if count > 1 and self._pool is None:
            # fork: components defined anywhere (tests, notebooks) need not be importable
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
            self._pool = ProcessPoolExecutor(max_workers=count, mp_context=context)

    def map(self, function: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        if self._pool is None:
            yield from map(function, items)
            return
        window = (self.workers or os.cpu_count() or 1) * self.queue_depth
        pending: deque[Future[Any]] = deque()
        for item in items:
            pending.append(self._pool.submit(function, item))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


@hookimpl
def thresher_register_executors() -> list[type[Executor]]:
    return [LocalExecutor]
