"""Timing helper shared by the bench scripts: the best of several runs (the least disturbed one)."""

from __future__ import annotations

import time
from typing import Any, Callable


def best_of(fn: Callable[..., Any], repeat: int, *args: Any) -> float:
    """Shortest wall time in seconds of ``repeat`` calls of ``fn(*args)``."""
    times = []
    for _ in range(max(1, repeat)):
        t0 = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - t0)
    return min(times)
