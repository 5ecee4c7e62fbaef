"""Comparison pipeline cost: (1) sample mode, per-project time at 5 and 40 projects (linear if the ratio is
near 1); (2) a cold-cache live-shaped run of 3 projects on local fixture servers (one per host, each answer
delayed like a real API, each host under its published politeness rules scaled down), fetched the old way
(source after source, project after project, as compare() did before) and the new way (every request planned, one engine batch).

    python bench/compare.py [--small 5] [--large 40] [--latency 0.2] [--politeness-scale 0.1] [--months 12]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import pandas as pd  # noqa: E402

import uptake  # noqa: E402
from uptake import pipeline, project, sources  # noqa: E402
from support.fault_server import FaultServer  # noqa: E402
from support.live_fixtures import PROJECTS, serve  # noqa: E402

from _timing import best_of  # noqa: E402


def scaling(small: int, large: int) -> List[Dict[str, float]]:
    rows = []
    for n in (small, large):
        names = [f"project{i}" for i in range(n)]
        seconds = best_of(lambda: uptake.compare(names, sample=True), 2 if n <= 10 else 1)
        rows.append({"projects": n, "seconds": seconds, "per_project": seconds / n})
    return rows


def _old_way(names: List[str], start: str, end: str) -> None:
    """What compare() did before the pipeline: each source called in turn, project after project."""
    for n in names:
        label, repo, article, tag, *_ = PROJECTS[n]
        sources.clickhouse_pypi(n, start, end, progress=False)
        try:  # the CI-flag breakdown the human split asks for (the fixture has none: both ways get a 404)
            sources.clickhouse_pypi(n, start, end, by=["ci"], progress=False)
        except uptake.NetworkError:
            pass
        sources.wikipedia_pageviews(article, start, end, progress=False)
        sources.github_stars(repo, start, end, method="clickhouse", progress=False)
        sources.stackexchange(tag, start, end, progress=False)
        sources.arxiv(f'abs:"{label.lower()}"', start, end, progress=False)


def live_shaped(latency: float, scale: float, months: int) -> Dict[str, float]:
    names = ["polars", "pandas", "scikit-learn"]
    end = pd.Timestamp("2025-12-31")
    start = (end - pd.DateOffset(months=months) + pd.Timedelta(days=1)).strftime("%Y-%m-%d")
    end_s = end.strftime("%Y-%m-%d")
    hosts = ("identity", "clickhouse", "wikimedia", "stackexchange", "arxiv")
    servers = {h: FaultServer() for h in hosts}
    for s in servers.values():
        s.__enter__()
    try:
        env = serve(servers, names, start, end_s, delay=latency)
        os.environ.update(env)
        # The fixture hosts play the public ones: their politeness rules apply (scaled to keep the bench short).
        for key, var in (("clickhouse", "UPTAKE_CLICKHOUSE_URL"), ("wikimedia", "UPTAKE_WIKIMEDIA_URL"),
                         ("stackexchange", "UPTAKE_STACKEXCHANGE_URL"), ("arxiv", "UPTAKE_ARXIV_URL")):
            sources.DEFAULT_URLS[key] = (var, env[var])
            if "min_interval" in sources._common._POLICIES[key]:
                sources._common._POLICIES[key]["min_interval"] *= scale
        for key, var in (("pypi", "UPTAKE_PYPI_URL"), ("wikidata", "UPTAKE_WIKIDATA_URL")):
            project.IDENTITY_URLS[key] = (var, env[var])
            project._POLICIES[key]["min_interval"] *= scale
        out = {}
        os.environ["UPTAKE_CACHE_DIR"] = tempfile.mkdtemp(prefix="uptake-bench-")
        t0 = time.perf_counter()
        _old_way(names, start, end_s)
        out["before_fetch"] = time.perf_counter() - t0
        os.environ["UPTAKE_CACHE_DIR"] = tempfile.mkdtemp(prefix="uptake-bench-")
        t0 = time.perf_counter()
        projects, _ = pipeline.resolve(names)
        out["resolve"] = time.perf_counter() - t0
        tasks, _ = pipeline.plan(projects, list(uptake.signals.REGISTRY), start, end_s)
        t0 = time.perf_counter()
        raw, problems = pipeline.fetch(tasks, progress=False)
        out["after_fetch"] = time.perf_counter() - t0
        assert not problems and sum(k[1] in uptake.signals.REGISTRY for k in raw) == 3 * len(uptake.signals.REGISTRY), problems
        out["requests"] = sum(len(t.requests) for t in tasks)
        os.environ["UPTAKE_CACHE_DIR"] = tempfile.mkdtemp(prefix="uptake-bench-")
        t0 = time.perf_counter()
        c = uptake.compare(names, start=start, end=end_s)
        out["after_compare"] = time.perf_counter() - t0
        assert not c.problems, c.problems
        return out
    finally:
        for s in servers.values():
            s.__exit__(None, None, None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=5)
    parser.add_argument("--large", type=int, default=40)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--politeness-scale", type=float, default=0.1)
    parser.add_argument("--months", type=int, default=12)
    args = parser.parse_args()
    os.environ["UPTAKE_CACHE_DIR"] = tempfile.mkdtemp(prefix="uptake-bench-")

    rows = scaling(args.small, args.large)
    print("Sample mode (simulated 3 years, all steps), seed 2024:")
    print("| projects | total (s) | per project (s) |")
    print("|---:|---:|---:|")
    for r in rows:
        print(f"| {r['projects']} | {r['seconds']:.2f} | {r['per_project']:.3f} |")
    print(f"per-project time at {args.large} / at {args.small}: {rows[1]['per_project'] / rows[0]['per_project']:.2f}")

    live = live_shaped(args.latency, args.politeness_scale, args.months)
    print()
    print(f"Cold cache, 3 projects x 5 signals, {args.months} months, {live['requests']} requests; "
          f"{args.latency * 1000:.0f} ms per answer, politeness intervals x {args.politeness_scale}:")
    print("| run | seconds |")
    print("|---|---:|")
    print(f"| before: sources one after another | {live['before_fetch']:.1f} |")
    print(f"| after: one engine batch (fetch step) | {live['after_fetch']:.1f} |")
    print(f"| after: identity resolution (3 batched rounds) | {live['resolve']:.1f} |")
    print(f"| after: whole compare() incl. resolution and analysis | {live['after_compare']:.1f} |")


if __name__ == "__main__":
    main()
