"""Coverage of uptake.holiday_dip's interval for the mean Christmas-New Year dip (seeded simulation, known truth).

Each replication draws a series with a trend, a yearly wave, noise and a dip that varies from winter to winter
(its log effect ~ N(mu, tau^2) on each day of 24 Dec - 1 Jan), measures it with holiday_dip, and checks whether the
95% interval holds the truth. The truth is the dip holiday_dip would report on the noise-free series with the mean
winter effect mu (for weekly data that is the dip averaged into weeks, as an export aggregates it), so the check
is of the interval, not of the week composition.

Usage: nice -n 10 python bench/holiday_dip.py [reps] [seed]    (defaults 1000, 2024); prints a Markdown table.
"""

from __future__ import annotations

import sys
import warnings

import numpy as np
import pandas as pd

import uptake


def series(years: int, mu: float, tau: float, noise: float, rng: np.random.Generator, weekly: bool) -> pd.Series:
    days = pd.date_range("2015-01-04", periods=years * 364 + 7 * 10, freq="D")   # starts on a Sunday
    t = np.arange(len(days)) / 365.25
    winter_of = np.where(days.month == 12, days.year, days.year - 1)
    inside = ((days.month == 12) & (days.day >= 24)) | ((days.month == 1) & (days.day == 1))
    effects = {w: rng.normal(mu, tau) for w in np.unique(winter_of)}
    log_y = 4 + 0.3 * t + 0.05 * np.sin(2 * np.pi * t) + np.where(inside, [effects[w] for w in winter_of], 0.0)
    if weekly:
        weeks = pd.Series(np.exp(log_y), index=days).groupby(np.arange(len(days)) // 7).mean()
        y = weeks.to_numpy() * np.exp(rng.normal(0, noise, len(weeks)))
        return pd.Series(y, index=days[::7][:len(y)])
    return pd.Series(np.exp(log_y + rng.normal(0, noise, len(days))), index=days)


def truth(years: int, mu: float, weekly: bool) -> float:
    return uptake.holiday_dip(series(years, mu, 0.0, 0.0, np.random.default_rng(0), weekly)).percent


def main() -> None:
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 2024
    rng = np.random.default_rng(seed)
    print(f"Coverage of the nominal 95% interval of the mean holiday dip ({reps} replications per row, seed {seed}; "
          "bench/holiday_dip.py)\n")
    print("| data | winters | dip (log) | winter-to-winter sd | noise sd | coverage | median width (points) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for weekly in (True, False):
        for years in (4, 8):
            for tau, noise in ((0.05, 0.04), (0.10, 0.08)):
                mu = -0.4
                target = truth(years, mu, weekly)
                hits, widths, winters = 0, [], set()
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    for _ in range(reps):
                        res = uptake.holiday_dip(series(years, mu, tau, noise, rng, weekly))
                        hits += res.low <= target <= res.high
                        widths.append(res.high - res.low)
                        winters.add(res.n)
                print(f"| {'weekly' if weekly else 'daily'} | {'/'.join(map(str, sorted(winters)))} | {mu} | {tau} | "
                      f"{noise} | {hits / reps:.3f} | {np.median(widths):.1f} |")


if __name__ == "__main__":
    main()
