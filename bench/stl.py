"""STL speed: uptake vs statsmodels on one daily series, and uptake.stl_many throughput with 1 and 2 threads.

Results are checked to agree before anything is timed. Prints times and ratios.

    python bench/stl.py [--n 1826] [--series 2000] [--repeat 5]
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd
from statsmodels.tsa.seasonal import STL

import uptake
from _timing import best_of



def daily_series(n, rng):
    t = np.arange(n)
    weekly = np.array([1.0, 1.03, 1.05, 1.02, 0.95, 0.45, 0.40])
    return rng.poisson(5000 * np.exp(0.0012 * t) * weekly[t % 7] + 3000).astype(float)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1826)
    parser.add_argument("--series", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    y = daily_series(args.n, rng)

    print(f"one daily series, n={args.n}, period 7, best of {args.repeat}")
    for robust in (False, True):
        ours = uptake.stl(y, 7, robust=robust)
        theirs = STL(y, period=7, robust=robust).fit()
        assert np.allclose(ours.trend, theirs.trend, rtol=0, atol=1e-8 * np.abs(y).max())
        t_ours = best_of(lambda: uptake.stl(y, 7, robust=robust), args.repeat)
        t_sm = best_of(lambda: STL(y, period=7, robust=robust).fit(), args.repeat)
        label = "robust    " if robust else "non-robust"
        print(f"  {label}  uptake {t_ours * 1e3:8.2f} ms   statsmodels {t_sm * 1e3:8.2f} ms   "
              f"statsmodels/uptake = {t_sm / t_ours:5.1f}x")

    frame = pd.DataFrame(np.column_stack([daily_series(args.n, rng) for _ in range(args.series)]),
                         index=pd.date_range("2020-01-01", periods=args.n))
    print(f"stl_many: {args.series} series x {args.n} days, period 7, non-robust")
    timings = {}
    for threads in (1, 2):
        t = best_of(lambda: uptake.stl_many(frame, 7, threads=threads), max(1, args.repeat // 2))
        timings[threads] = t
        print(f"  {threads} thread{'s' if threads > 1 else ' '}  {t:7.2f} s   {args.series / t:8.0f} series/s")
    print(f"  speed-up 1 -> 2 threads: {timings[1] / timings[2]:.2f}x")
    t_loop = best_of(lambda: [STL(frame[c].to_numpy(), period=7).fit() for c in frame.columns[:200]], 1)
    print(f"  statsmodels loop (first 200 series, extrapolated): {args.series / (200 / t_loop):7.2f} s   "
          f"{200 / t_loop:8.0f} series/s")


if __name__ == "__main__":
    main()
