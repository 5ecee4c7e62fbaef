"""Cost and accuracy of ``uptake.rank`` on a generated ecosystem in a real local ClickHouse (18.16).

For each configuration it starts a fresh server, generates P packages x 3 years of daily downloads server-side
(``tests/support/ecosystem.py``: known log growth g from -0.4 to 0.8 per year, CI shares 10-60 %; raw rows with
the CI flag for the human split, or per-day sums only), then runs ``uptake.rank`` in a child process with the
public instance's 10,000-row cap, and reports rows moved, queries, seconds per stage, the child's peak memory,
the coverage of the 95 % growth intervals and how many rank intervals hold the true rank.

    nice -n 10 python bench/ecosystem.py [--sizes 500:raw,500,5000]

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
n, url, human = int(sys.argv[1]), sys.argv[2], sys.argv[3] == "raw"
truth = ecosystem.truth(n)
t = time.perf_counter()
frame = uptake.rank(truth["project"], since="2023-01-02", until="2025-12-28", human=human, base_url=url,
                    database="eco", offline=False, progress=False)
total = time.perf_counter() - t
true = frame["project"].map(dict(zip(truth["project"], np.expm1(truth["g"]))))
true_rank = true.rank(ascending=False)
print(json.dumps({"rows": frame.attrs["rows"], "queries": frame.attrs["queries"], "chunks": frame.attrs["chunks"],
                  "fetch_s": frame.attrs["seconds"]["fetch"], "fit_s": frame.attrs["seconds"]["fit"], "total_s": total,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "coverage": float(((frame.growth_low <= true) & (true <= frame.growth_high)).mean()),
                  "rank_cover": float(((frame.rank_low <= true_rank) & (true_rank <= frame.rank_high)).mean()),
                  "mean_rank_width": float((frame.rank_high - frame.rank_low + 1).mean())}))
"""


def run(n: int, raw: bool) -> dict:
    from support import ecosystem
    from support.clickhouse import ClickHouse

    server = ClickHouse()
    try:
        t = time.perf_counter()
        ecosystem.load(server, n, raw=raw)
        load_s = time.perf_counter() - t
        env = dict(os.environ, UPTAKE_CACHE_DIR=str(server.dir / "cache"))
        out = subprocess.run([sys.executable, "-c", CHILD, str(n), server.url, "raw" if raw else "daily",
                              str(ROOT / "tests")], env=env, capture_output=True, text=True, check=True)
        return dict(json.loads(out.stdout.strip().splitlines()[-1]), n=n, raw=raw, load_s=load_s)
    finally:
        server.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="500:raw,500,5000", help="comma-separated N or N:raw (CI-flagged raw rows)")
    args = ap.parse_args()
    print("| packages | data (CI split) | chunks | queries | rows moved | fetch s | fit s | total s | peak MB | "
          "growth coverage | true rank in interval | mean rank-interval width | server load s |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for spec in args.sizes.split(","):
        n, _, kind = spec.partition(":")
        r = run(int(n), kind == "raw")
        print(f"| {r['n']:,} | {'raw rows, CI flag (human)' if r['raw'] else 'per-day sums (total)'} | {r['chunks']} | "
              f"{r['queries']} | {r['rows']:,} | {r['fetch_s']:.1f} | {r['fit_s']:.1f} | {r['total_s']:.1f} | "
              f"{r['peak_mb']:.0f} | {r['coverage']:.3f} | {r['rank_cover']:.3f} | {r['mean_rank_width']:.1f} | "
              f"{r['load_s']:.0f} |", flush=True)


if __name__ == "__main__":
    main()
