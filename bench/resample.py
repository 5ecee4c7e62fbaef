"""Time daily -> weekly resampling with partial-week handling: uptake vs pandas vs plain Python.

Each contender produces the same numbers (checked before timing): weekly sums over whole ISO weeks only.
Prints one line per contender with its time and its ratio to uptake.

    python bench/bench_resample.py [--series 200] [--days 1095] [--repeat 5]
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd

import uptake
from _timing import best_of


def with_uptake(frame: pd.DataFrame) -> list[pd.Series]:
    return [uptake.resample(frame[c], "W") for c in frame.columns]


def with_uptake_frame(frame: pd.DataFrame) -> list[pd.Series]:
    out = uptake.resample(frame, "W")
    return [out[c] for c in out.columns]


def with_pandas(frame: pd.DataFrame) -> list[pd.Series]:
    out = []
    for c in frame.columns:
        grouped = frame[c].resample("W-SUN")
        sums, counts = grouped.sum(), grouped.count()
        out.append(sums[counts == 7])
    return out


def with_python(frame: pd.DataFrame) -> list[list[float]]:
    days = [d.date() for d in frame.index]
    out = []
    for c in frame.columns:
        values = frame[c].tolist()
        weeks: dict = {}
        for d, v in zip(days, values):
            key = d.isocalendar()[:2]
            total, n = weeks.get(key, (0.0, 0))
            weeks[key] = (total + v, n + 1)
        out.append([total for total, n in weeks.values() if n == 7])
    return out



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", type=int, default=200)
    parser.add_argument("--days", type=int, default=1095)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    rng = np.random.default_rng(0)
    index = pd.date_range("2022-01-05", periods=args.days, freq="D")
    frame = pd.DataFrame(rng.poisson(1000, (args.days, args.series)).astype(float), index=index,
                         columns=[f"pkg{i}" for i in range(args.series)])

    ours, batch, theirs, plain = with_uptake(frame), with_uptake_frame(frame), with_pandas(frame), with_python(frame)
    for a, a2, b, c in zip(ours, batch, theirs, plain):
        np.testing.assert_array_equal(a.to_numpy(), b.to_numpy())
        np.testing.assert_array_equal(a.to_numpy(), a2.to_numpy())
        np.testing.assert_array_equal(a.to_numpy(), np.asarray(c))

    base = best_of(with_uptake, args.repeat, frame)
    print(f"daily -> weekly, {args.series} series x {args.days} days, best of {args.repeat}")
    contenders = [("uptake", with_uptake), ("uptake frame", with_uptake_frame), ("pandas", with_pandas),
                  ("plain Python", with_python)]
    for name, fn in contenders:
        t = base if name == "uptake" else best_of(fn, args.repeat, frame)
        print(f"  {name:<13} {t * 1e3:9.1f} ms   {t / base:6.1f}x uptake")


if __name__ == "__main__":
    main()
