"""Timing on one CPU, shared by the cleaning and extraction benchmarks.

A timed run that the scheduler moves between cores, or spreads over them,
is not the one-core figure the goals are stated in.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator


@contextlib.contextmanager
def one_core() -> Iterator[str]:
    """Pin this process to one CPU while timing (Linux); yields what was done."""
    if not hasattr(os, "sched_getaffinity"):
        yield "not pinned (no sched_setaffinity on this platform)"
        return
    previous = os.sched_getaffinity(0)
    cpu = min(previous)
    os.sched_setaffinity(0, {cpu})
    try:
        yield f"pinned to CPU {cpu}"
    finally:
        os.sched_setaffinity(0, previous)
