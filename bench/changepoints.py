"""False and true change points of uptake.changepoints under autocorrelated noise (seeded simulation, known truth).

Noise: a stationary AR(1) with innovation sd 1, phi in 0, 0.5, 0.8, 0.9 (adoption series keep phi 0.5-0.9 after
seasonal adjustment), so the long-run sd is 1 / (1 - phi). The "mean" cost is run on noise around a constant
level (its model: any trend is a real change of mean), the "linear" cost on noise plus a straight line rising 5
long-run sd over the series (its model). Every series is run with PELT and the default MBIC penalty, scaled by
each noise option.

(a) No change: the share of series with at least one detected change (false-positive rate).
(b) One level shift of 2, 4 or 8 long-run sd at the middle: "found" is the share of series with a detected change
    within n/20 of it, "err" the median distance from the shift to the nearest detected change (series with at
    least one), "k" the mean number of changes detected (1 is right).

Usage: nice -n 10 python bench/changepoints.py [reps] [seed]    (defaults 200, 2026); prints Markdown tables.
"""

from __future__ import annotations

import sys
import time

import numpy as np
from scipy.signal import lfilter

import uptake

PHIS = (0.0, 0.5, 0.8, 0.9)
LENGTHS = (200, 730)
COSTS = ("mean", "linear")
NOISES = ("long-run", "white")
SHIFTS = (2.0, 4.0, 8.0)


def ar1(n: int, phi: float, rng: np.random.Generator) -> np.ndarray:
    """A stationary AR(1) path (the first value drawn from the stationary law), innovation sd 1."""
    e = rng.normal(size=n)
    e[0] /= np.sqrt(1.0 - phi * phi)
    return lfilter([1.0], [1.0, -phi], e)


def null_series(n: int, phi: float, cost: str, rng: np.random.Generator) -> np.ndarray:
    u = ar1(n, phi, rng)
    if cost == "linear":
        u += 5.0 / (1.0 - phi) * np.arange(n) / n
    return u


def main(reps: int, seed: int) -> None:
    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    print(f"(a) share of series with >= 1 change when there is none ({reps} series per cell; PELT, MBIC)\n")
    print("| cost | n | noise= | " + " | ".join(f"phi {p:g}" for p in PHIS) + " |")
    print("|---|---|---|" + "---:|" * len(PHIS))
    for cost in COSTS:
        for n in LENGTHS:
            rates = {noise: [] for noise in NOISES}
            for phi in PHIS:
                # The same series for both options: the difference is the option's, not the draw's.
                series = [null_series(n, phi, cost, rng) for _ in range(reps)]
                for noise in NOISES:
                    hits = sum(bool(uptake.changepoints(y, cost=cost, noise=noise).breakpoints) for y in series)
                    rates[noise].append(hits / reps)
            for noise in NOISES:
                print(f"| {cost} | {n} | {noise} | " + " | ".join(f"{r:.2f}" for r in rates[noise]) + " |")

    print(f"\n(b) one level shift at the middle, in long-run sd ({reps} series per cell): found / err / k\n")
    print("| cost | n | shift | noise= | " + " | ".join(f"phi {p:g}" for p in PHIS) + " |")
    print("|---|---|---|---|" + "---|" * len(PHIS))
    for cost in COSTS:
        for n in LENGTHS:
            at = n // 2
            for shift in SHIFTS:
                cells = {noise: [] for noise in NOISES}
                for phi in PHIS:
                    step = np.where(np.arange(n) >= at, shift / (1.0 - phi), 0.0)
                    series = [null_series(n, phi, cost, rng) + step for _ in range(reps)]
                    for noise in NOISES:
                        found, errors, counts = 0, [], []
                        for y in series:
                            breaks = uptake.changepoints(y, cost=cost, noise=noise).breakpoints
                            counts.append(len(breaks))
                            if breaks:
                                nearest = min(abs(b - at) for b in breaks)
                                errors.append(nearest)
                                found += nearest <= n / 20
                        err = f"{np.median(errors):.0f}" if errors else "-"
                        cells[noise].append(f"{found / reps:.2f} / {err} / {np.mean(counts):.1f}")
                for noise in NOISES:
                    print(f"| {cost} | {n} | {shift:g} | {noise} | " + " | ".join(cells[noise]) + " |")
    print(f"\nseed {seed}, {reps} series per cell, {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200, int(sys.argv[2]) if len(sys.argv) > 2 else 2026)
