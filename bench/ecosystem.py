"""Cost and accuracy of ``uptake.rank`` on a generated ecosystem in a real local ClickHouse (18.16).

For each configuration it starts a fresh server, generates P packages x 3 years of daily downloads server-side
(``tests/support/ecosystem.py``: known log growth g from -0.4 to 0.8 per year, CI shares 10-60 %, automation flat
over the week; raw rows with the CI flag, one row per download as in ClickPy's raw table, or per-day sums only),
then runs ``uptake.rank`` in a child process with the public instance's 10,000-row cap (raw: the CI flag path;
daily: the profile split), and reports rows moved, queries, seconds per stage, the child's peak memory (ru_maxrss:
every stage, the Python interpreter and pandas included), the coverage of the 95 % growth intervals, how many rank
intervals hold the true rank, and whether the true top 50 are recovered up to the declared ties (every true
top-50 package has rank_low <= 50, and every package sure of the top 50, rank_high <= 50, truly is in it).

With ``--yearly`` the data also carry a yearly cycle shaped as real PyPI downloads (a summer lull and the
Christmas-New-Year dip: ``ecosystem.yearly_sql``); the timed rank then fits it (``seasonal="auto"``), and a second,
untimed rank of the same data with ``seasonal="none"`` gives a second table: the accuracy of both fits side by side
(coverage, mean error of log growth, mean width of the log-growth interval, rank intervals, top 50, breaks found).

    nice -n 10 python bench/ecosystem.py [--sizes 500:raw,500:daily,5000:raw] [--yearly]

Deterministic data (hashed noise, no random seed needed): the same sizes print the same accuracy columns.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

CHILD = r"""
import json, resource, sys, time
import numpy as np
sys.path.insert(0, sys.argv[4])
import uptake
from support import ecosystem
n, url, human = int(sys.argv[1]), sys.argv[2], True if sys.argv[3] == "raw" else "profile"
yearly = sys.argv[5] == "yearly"
truth = ecosystem.truth(n)


def accuracy(frame):
    true = frame["project"].map(dict(zip(truth["project"], np.expm1(truth["g"]))))
    true_rank = true.rank(ascending=False)
    return {"coverage": float(((frame.growth_low <= true) & (true <= frame.growth_high)).mean()),
            "error": float((np.log1p(frame.growth) - np.log1p(true)).mean()),
            "width": float((np.log1p(frame.growth_high) - np.log1p(frame.growth_low)).mean()),
            "rank_cover": float(((frame.rank_low <= true_rank) & (true_rank <= frame.rank_high)).mean()),
            "mean_rank_width": float((frame.rank_high - frame.rank_low + 1).mean()),
            "top50": bool((frame.rank_low[true_rank <= 50] <= 50).all()
                          and (true_rank[frame.rank_high <= 50] <= 50).all()),
            "flagged": float((frame["flags"] != "").mean()),
            "breaks": float(frame["flags"].str.contains("trend_break").mean())}


kw = dict(since="2023-01-02", until="2025-12-28", human=human, base_url=url, database="eco", offline=False,
          progress=False)
t = time.perf_counter()
frame = uptake.rank(truth["project"], **kw)
total = time.perf_counter() - t
out = dict(rows=frame.attrs["rows"], queries=frame.attrs["queries"], chunks=frame.attrs["chunks"],
           fetch_s=frame.attrs["seconds"]["fetch"], fit_s=frame.attrs["seconds"]["fit"], total_s=total,
           peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, **accuracy(frame))
if yearly:  # untimed: the same data without the seasonal terms
    out["none"] = accuracy(uptake.rank(truth["project"], seasonal="none", **kw))
print(json.dumps(out))
"""


def run(n: int, raw: bool, yearly: bool) -> dict:
    from support import ecosystem
    from support.clickhouse import ClickHouse

    server = ClickHouse()
    try:
        t = time.perf_counter()
        ecosystem.load(server, n, raw=raw, yearly=yearly)
        load_s = time.perf_counter() - t
        raw_rows = int(server.query("SELECT count() FROM eco.pypi")) if raw else 0
        env = dict(os.environ, UPTAKE_CACHE_DIR=str(server.dir / "cache"))
        out = subprocess.run([sys.executable, "-c", CHILD, str(n), server.url, "raw" if raw else "daily",
                              str(ROOT / "tests"), "yearly" if yearly else "flat"], env=env, capture_output=True, text=True)
        if out.returncode:
            raise RuntimeError(f"the rank child failed:\n{out.stderr[-3000:]}")
        return dict(json.loads(out.stdout.strip().splitlines()[-1]), n=n, raw=raw, yearly=yearly, load_s=load_s,
                    raw_rows=raw_rows)
    finally:
        server.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="500:raw,500:daily,5000:raw",
                    help="comma-separated N:raw (raw rows, CI flag) or N:daily (per-day sums, profile split)")
    ap.add_argument("--yearly", action="store_true",
                    help="add a yearly cycle (summer lull, Christmas dip) to the data and compare seasonal='none'")
    args = ap.parse_args()
    print("| packages | data (human split) | raw rows on the server | chunks | queries | rows moved | fetch s | fit s | "
          "total s | peak MB | growth coverage | true rank in interval | mean rank-interval width | top 50 recovered | "
          "flagged | server load s |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|")
    results = []
    for spec in args.sizes.split(","):
        n, _, kind = spec.partition(":")
        r = run(int(n), kind == "raw", args.yearly)
        results.append(r)
        print(f"| {r['n']:,} | {_data(r)} | "
              f"{r['raw_rows']:,} | {r['chunks']} | "
              f"{r['queries']} | {r['rows']:,} | {r['fetch_s']:.1f} | {r['fit_s']:.1f} | {r['total_s']:.1f} | "
              f"{r['peak_mb']:.0f} | {r['coverage']:.3f} | {r['rank_cover']:.3f} | {r['mean_rank_width']:.1f} | "
              f"{'yes' if r['top50'] else 'no'} | {r['flagged']:.3f} | {r['load_s']:.0f} |", flush=True)
    if args.yearly:
        print()
        print("| packages | data (human split) | seasonal | growth coverage | mean error of log growth | "
              "mean log-growth interval width | true rank in interval | mean rank-interval width | top 50 recovered | "
              "trend_break flagged |")
        print("|---:|---|---|---:|---:|---:|---:|---:|---|---:|")
        for r in results:
            for mode, a in (("auto", r), ("none", r["none"])):
                print(f"| {r['n']:,} | {_data(r)} | {mode} | {a['coverage']:.3f} | {a['error']:+.4f} | "
                      f"{a['width']:.3f} | {a['rank_cover']:.3f} | {a['mean_rank_width']:.1f} | "
                      f"{'yes' if a['top50'] else 'no'} | {a['breaks']:.3f} |", flush=True)


def _data(r: dict) -> str:
    kind = "raw rows (CI flag)" if r["raw"] else "per-day sums (profile)"
    return kind + (", yearly cycle" if r["yearly"] else "")


if __name__ == "__main__":
    main()
