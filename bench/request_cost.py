"""How many HTTP requests a live `uptake report` makes, per service, against each service's free quota.

Runs ``uptake.compare`` for the given packages with every request list counted and nothing sent (the fetch
layer is replaced by a counter that fails the fetch, so the pipeline moves on to the next signal). Prints a
Markdown table for the README. Counts are of the first request batch of each fetch; sources that page
(Stack Exchange's has_more) can add pages when a window holds more than 100 items.

    python bench/request_cost.py torch tensorflow jax --years 3
"""

from __future__ import annotations

import argparse
import collections
import sys

import pandas as pd

import uptake
from uptake import sources
from uptake.errors import NetworkError

# Free allowances per service, and how to raise them (sources.md, the services' own documentation).
QUOTAS = {
    "clickhouse": ("ClickPy (downloads, GitHub stars)", "shared public instance, row and time quotas per query",
                   "none needed"),
    "wikimedia": ("Wikipedia page views", "no daily quota (a descriptive User-Agent is sent)", "none needed"),
    "stackexchange": ("Stack Exchange questions", "300 requests/day per IP without a key",
                      "STACKEXCHANGE_KEY: 10,000/day"),
    "arxiv": ("arXiv papers", "one request every 3 s (terms of use; uptake spaces them)", "none (a limit, not a quota)"),
    "github": ("GitHub REST (fetch github_repo)", "60 requests/hour without a token", "GITHUB_TOKEN: 5,000/hour"),
    "openalex": ("OpenAlex", "about $0.01/day of calls without a key", "OPENALEX_API_KEY: $1/day"),
}


def count(packages: list[str], years: float) -> collections.Counter:
    counts: collections.Counter = collections.Counter()

    def fake_run(name, base, requests, **kwargs):
        counts[name] += len(requests)
        raise NetworkError(f"{name}: counted, not sent")

    real = sources._run
    sources._run = fake_run
    try:
        end = pd.Timestamp("2026-11-30")
        uptake.compare(packages, start=end - pd.Timedelta(days=int(365.25 * years)), end=end, offline=False)
    finally:
        sources._run = real
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("packages", nargs="*", default=["torch", "tensorflow", "jax"])
    ap.add_argument("--years", type=float, default=3.0)
    args = ap.parse_args(argv)
    counts = count(args.packages, args.years)
    print(f"Requests of `uptake report {' '.join(args.packages)}` ({args.years:g} years, empty cache):\n")
    print("| service | requests | least time (uptake's spacing) | free allowance | with a key |")
    print("|---|---:|---:|---|---|")
    for name, (what, quota, key) in QUOTAS.items():
        n = counts.get(name, 0)
        policy = sources._POLICIES.get(name, {})
        seconds = -(-n // policy.get("max_concurrent", 1)) * policy.get("min_interval", 0.0)
        print(f"| {what} | {n} | {seconds:.0f} s | {quota} | {key} |")
    print(f"\n(bench/request_cost.py {' '.join(args.packages)} --years {args.years:g})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
