"""Timing helper shared by the bench scripts: the best of several runs (the least disturbed one)."""

from __future__ import annotations

import time
from typing import Any, Callable, Dict, List, Optional


def best_of(fn: Callable[..., Any], repeat: int, *args: Any) -> float:
    """Shortest wall time in seconds of ``repeat`` calls of ``fn(*args)``."""
    times = []
    for _ in range(max(1, repeat)):
        t0 = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - t0)
    return min(times)


def interleaved(fns: Dict[str, Callable[[], Any]], rounds: int, number: int,
                self_timed: Optional[Dict[str, Callable[[int], float]]] = None) -> Dict[str, List[float]]:
    """Per-call wall times of several contenders timed in turn, round after round.

    Each round runs every contender ``number`` times back to back and records the mean per call, so load
    from other processes falls on all of them alike; compare medians (or per-round ratios) over the rounds.
    ``self_timed`` contenders (e.g. R in a subprocess, timed inside R) take ``number``, run that many calls
    themselves and return the mean seconds per call.
    """
    self_timed = self_timed or {}
    times: Dict[str, List[float]] = {name: [] for name in (*fns, *self_timed)}
    for _ in range(max(1, rounds)):
        for name, fn in fns.items():
            t0 = time.perf_counter()
            for _ in range(number):
                fn()
            times[name].append((time.perf_counter() - t0) / number)
        for name, timed in self_timed.items():
            times[name].append(timed(number))
    return times


def median(values: List[float]) -> float:
    """The median of a list of numbers."""
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else 0.5 * (ordered[mid - 1] + ordered[mid])


def ratio(times: Dict[str, List[float]], peer: str, ours: str) -> float:
    """Median over rounds of peer time / our time (each round's ratio; robust to load drifting between rounds)."""
    return median([p / o for p, o in zip(times[peer], times[ours])])


def machine() -> str:
    """One line naming the machine, the date and its load when the bench ran."""
    import datetime
    import os
    import platform

    model = platform.processor() or "cpu"
    try:
        with open("/proc/cpuinfo") as f:
            model = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return f"{stamp}, {model}, {os.cpu_count()} cores, load average {load:.1f}"
