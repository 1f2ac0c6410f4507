from __future__ import annotations

import os

import pytest

from thresher import ConfigError, Pipeline, PipelineConfig
from thresher_plugins.run_local import LocalExecutor


def square(x: int) -> tuple[int, int]:
    return x * x, os.getpid()


def test_results_come_back_in_order_from_worker_processes() -> None:
    executor = LocalExecutor(workers=2, queue_depth=1)
    executor.start()
    try:
        results = list(executor.map(square, iter(range(50))))
    finally:
        executor.close()
    assert [value for value, _ in results] == [x * x for x in range(50)]
    assert os.getpid() not in {pid for _, pid in results}


def test_a_long_stream_is_not_read_ahead() -> None:
    consumed = []

    def items():
        for number in range(10_000):
            consumed.append(number)
            yield number

    executor = LocalExecutor(workers=2, queue_depth=2)
    executor.start()
    try:
        stream = executor.map(square, items())
        next(stream)
        assert len(consumed) <= 2 * 2 + 1
    finally:
        executor.close()


def test_one_worker_runs_in_process() -> None:
    executor = LocalExecutor(workers=1)
    executor.start()
    assert [pid for _, pid in executor.map(square, [1, 2])] == [os.getpid()] * 2
    executor.close()


def test_negative_workers_are_a_config_error() -> None:
    config = PipelineConfig()
    config.run.workers = -1
    with pytest.raises(ConfigError, match="'local'"):
        Pipeline(config, entrypoints=False).executor()


class CountedStep:
    """A step that counts how often it is pickled (a fitted cleaner is big)."""

    pickled = 0

    def __getstate__(self) -> dict[str, object]:
        CountedStep.pickled += 1
        return {}

    def __call__(self, item: int) -> int:
        return item + 1


def test_the_step_goes_to_each_worker_once_not_with_every_item() -> None:
    CountedStep.pickled = 0
    executor = LocalExecutor(workers=2, queue_depth=1)
    executor.start()
    try:
        assert list(executor.map(CountedStep(), iter(range(40)))) == list(range(1, 41))
    finally:
        executor.close()
    assert CountedStep.pickled <= 2


def test_interleaved_maps_each_keep_their_step() -> None:
    # Stages run lazily one inside the other: two maps are open at once.
    executor = LocalExecutor(workers=2, queue_depth=1)
    executor.start()
    try:
        squares = executor.map(square, iter(range(20)))
        shifted = executor.map(CountedStep(), (value for value, _ in squares))
        assert list(shifted) == [x * x + 1 for x in range(20)]
    finally:
        executor.close()
