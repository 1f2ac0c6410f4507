"""The ``dask`` executor: per-document steps on a dask.distributed cluster.

Needs the ``dask`` extra (``pip install 'thresher[dask]'``). With no
``address`` it starts a local cluster on loopback, which is what a laptop
or a CI machine can run; with ``address = "tcp://scheduler:8786"`` it uses
an existing cluster. Results come back in input order, so the output is the
same as with the local executor.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import attrs

from thresher import ConfigError, Executor, hookimpl


@attrs.define
class DaskExecutor(Executor):
    """Run per-document steps on a Dask cluster (local on loopback, or at ``address``).

    At most ``workers * queue_depth`` batches are in flight, so the driver
    never holds the whole corpus.
    """

    name = "dask"

    address: str | None = None
    workers: int = attrs.field(default=2, validator=attrs.validators.ge(1))
    threads_per_worker: int = 1
    queue_depth: int = attrs.field(default=4, validator=attrs.validators.ge(1))
    _client: Any = attrs.field(default=None, init=False, repr=False)
    _cluster: Any = attrs.field(default=None, init=False, repr=False)

    def start(self) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as error:
            raise ConfigError(
                "the dask executor needs dask.distributed: pip install 'thresher[dask]'"
            ) from error
        if self.address:
            self._client = Client(self.address)
        else:
            self._cluster = LocalCluster(
                n_workers=self.workers,
                threads_per_worker=self.threads_per_worker,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
            )
            self._client = Client(self._cluster)

    def map(self, function: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        if self._client is None:
            raise RuntimeError("DaskExecutor.map called before start()")
        window = self.workers * self.queue_depth
        pending: deque[Any] = deque()
        # The step (with what fitted cleaners learned) goes to every worker
        # once; each task then carries only its batch.
        [step] = self._client.scatter([function], broadcast=True, hash=False)
        for item in items:
            # pure=False: identical batches from different runs must not share results
            pending.append(self._client.submit(_apply, step, item, pure=False))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None


def _apply(function: Callable[[Any], Any], item: Any) -> Any:
    return function(item)


@hookimpl
def thresher_register_executors() -> list[type[Executor]]:
    return [DaskExecutor]
