"""How many yearly Fourier pairs the batch trend fit should carry: coverage, error and width of the growth interval
of ``log_trend_many`` with 0, 2 and 3 pairs (plus the Christmas-New-Year share) on simulated weekly downloads with a
yearly cycle shaped as PyPI's (``tests/support/ecosystem.simulate_yearly``: a summer lull of -20 % at mid-August,
-70 % from 24 Dec to 1 Jan, -15 % on the days around it), the weekday cycle, and AR(1) errors of persistence phi.
The window runs from 2023-06-05 for 134 weeks, to the Christmas week of 2025: not whole years.

    nice -n 10 python bench/yearly_cycle.py [--series 300] [--seed 5]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))


def main() -> None:
    from support.ecosystem import simulate_yearly
    from uptake import _core

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--series", type=int, default=300)
    ap.add_argument("--seed", type=int, default=5)
    args = ap.parse_args()
    print("| phi | innovation sd | yearly pairs | growth coverage | mean error of log growth | mean interval width | "
          "mean phi~ | trend_break flagged |")
    print("|---:|---:|---|---:|---:|---:|---:|---:|")
    for phi, sd in ((0.0, 0.05), (0.5, 0.04), (0.8, 0.03), (0.9, 0.02)):
        Y, t, g, first = simulate_yearly(args.series, "2023-06-05", 134, seed=args.seed, phi=phi, sd=sd)
        for order in (0, 2, 3):
            r = _core.log_trend_many(Y, t.tolist(), 0.95, 999, 12, True, 0, order, first)
            s, lo, hi = (365.25 * np.asarray(r[k]) for k in ("slope", "slope_low", "slope_high"))
            print(f"| {phi} | {sd} | {order or 'none'} | {((lo <= g) & (g <= hi)).mean():.3f} | {(s - g).mean():+.4f} | "
                  f"{(hi - lo).mean():.3f} | {np.mean(r['phi']):.2f} | "
                  f"{np.mean([len(b) > 0 for b in r['breaks']]):.2f} |", flush=True)


if __name__ == "__main__":
    main()
