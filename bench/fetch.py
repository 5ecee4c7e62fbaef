"""Fetch engine speed: 200 requests to a local server answering after 50 ms each, uptake (8 concurrent)
against sequential `requests` and sequential urllib; then cache-hit lookups per second.

    python bench/fetch.py [--requests 200] [--latency 0.05] [--concurrent 8]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import requests  # noqa: E402

from support.fault_server import FaultServer  # noqa: E402
from uptake import _fetch  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--concurrent", type=int, default=8)
    args = parser.parse_args()
    os.environ["UPTAKE_CACHE_DIR"] = tempfile.mkdtemp(prefix="uptake-bench-")
    with FaultServer() as server:
        base = server.route("/item", {"status": 200, "body": '{"downloads": 123}', "delay": args.latency})
        urls = [f"{base}?i={i}" for i in range(args.requests)]

        t0 = time.perf_counter()
        out = _fetch.fetch([{"url": u, "ttl": 3600} for u in urls], policy={"max_concurrent": args.concurrent},
                           progress=False)
        t_uptake = time.perf_counter() - t0
        assert all(r.json() == {"downloads": 123} for r in out)
        assert server.max_in_flight <= args.concurrent

        session = requests.Session()
        t0 = time.perf_counter()
        for u in urls:
            session.get(u).json()
        t_requests = time.perf_counter() - t0

        t0 = time.perf_counter()
        for u in urls[: args.requests // 4]:
            with urllib.request.urlopen(u) as resp:
                resp.read()
        t_urllib = (time.perf_counter() - t0) * 4

        t0 = time.perf_counter()
        hits = _fetch.fetch([{"url": u, "ttl": 3600} for u in urls], progress=False)
        t_cache = time.perf_counter() - t0
        assert all(h.from_cache for h in hits)

    print(f"{args.requests} requests, {args.latency * 1e3:.0f} ms server latency")
    print(f"  uptake ({args.concurrent} concurrent)  {t_uptake:6.2f} s")
    print(f"  requests (sequential)     {t_requests:6.2f} s   {t_requests / t_uptake:5.1f}x slower")
    print(f"  urllib (sequential, est.) {t_urllib:6.2f} s   {t_urllib / t_uptake:5.1f}x slower")
    print(f"cache hits: {args.requests / t_cache:,.0f} lookups/s ({args.requests} in {t_cache * 1e3:.1f} ms)")


if __name__ == "__main__":
    main()
