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

    The step (a stage's components) goes to each worker once, when the
    step's pool starts, not with every batch: a fitted cleaner carries what
    it learned (hundreds of KB), which would otherwise be pickled again for
    every 32 documents. Stages run interleaved, so each step has its own
    pool for the run.
    """

    name = "local"

    workers: int = attrs.field(default=1, validator=attrs.validators.ge(0))
    queue_depth: int = attrs.field(default=4, validator=attrs.validators.ge(1))
    _pools: list[tuple[Callable[[Any], Any], ProcessPoolExecutor]] = attrs.field(
        factory=list, init=False, repr=False
    )

    def start(self) -> None:
        """Nothing to acquire yet: each ``map`` starts the pool its step needs."""

    def map(self, function: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        count = self.workers or os.cpu_count() or 1
        if count <= 1:
            yield from map(function, items)
            return
        pool = self._pool_for(function, count)
        window = count * self.queue_depth
        pending: deque[Future[Any]] = deque()
        for item in items:
            pending.append(pool.submit(_call_installed, item))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def _pool_for(self, function: Callable[[Any], Any], count: int) -> ProcessPoolExecutor:
        for installed, pool in self._pools:
            if installed is function:
                return pool
        # fork: components defined anywhere (tests, notebooks) need not be importable
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        pool = ProcessPoolExecutor(
            max_workers=count, mp_context=context, initializer=_install, initargs=(function,)
        )
        self._pools.append((function, pool))
        return pool

    def close(self) -> None:
        while self._pools:
            _, pool = self._pools.pop()
            pool.shutdown(wait=True, cancel_futures=True)


# The step a worker process runs, set once by the pool's initializer.
_installed_step: Callable[[Any], Any] | None = None


def _install(function: Callable[[Any], Any]) -> None:
    global _installed_step
    _installed_step = function


def _call_installed(item: Any) -> Any:
    assert _installed_step is not None, "worker started without a step"
    return _installed_step(item)


@hookimpl
def thresher_register_executors() -> list[type[Executor]]:
    return [LocalExecutor]
