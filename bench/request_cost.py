"""How many HTTP requests a live `uptake report` makes, per service, against each service's free quota.

Plans ``uptake.compare``'s requests for the given packages with the pipeline's own steps (resolve from the
bundled identities, offline; plan every signal) and counts them per service; nothing is sent. Prints a
Markdown table for the README. Counts are of the planned requests; sources that page (Stack Exchange's
has_more) can add pages when a window holds more than 100 items.

    python bench/request_cost.py torch tensorflow jax --years 3
"""

from __future__ import annotations

import argparse
import collections
import importlib
import sys

import pandas as pd

from uptake import pipeline
from uptake.sources._common import _POLICIES

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
    end = pd.Timestamp("2026-11-30")
    start = end - pd.Timedelta(days=int(365.25 * years))
    projects, _ = pipeline.resolve(packages, offline=True)
    tasks, _ = pipeline.plan(projects, list(importlib.import_module("uptake.compare").SIGNALS), start, end)
    counts: collections.Counter = collections.Counter()
    for task in tasks:
        counts[task.signal.source] += len(task.requests)
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
        policy = _POLICIES.get(name, {})
        seconds = -(-n // policy.get("max_concurrent", 1)) * policy.get("min_interval", 0.0)
        print(f"| {what} | {n} | {seconds:.0f} s | {quota} | {key} |")
    print(f"\n(bench/request_cost.py {' '.join(args.packages)} --years {args.years:g})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
