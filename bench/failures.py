"""Failing fast and visibly: how each failure class is treated by the fetch engine, and how long a report takes
with no network at all.

Part 1 runs one request per failure class against local endpoints (a name that cannot resolve, a closed port,
a fault-server route answering 503, 403 with an exhausted GitHub quota resetting in 2 s, 403 with a quota
resetting in an hour) and reports attempts and wall time. Part 2 runs `uptake report` for 1, 2 and 4 packages in
a network namespace without network (`unshare -n`, needs root; else every source URL points at a closed port)
with an empty cache, and reports exit code, failed-signal lines and wall time.

    python bench/failures.py
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from support.fault_server import FaultServer  # noqa: E402
from uptake import _core, _fetch  # noqa: E402
from uptake.sources import DEFAULT_URLS  # noqa: E402

POLICY = {"base_delay": 0.2, "max_delay": 1.0, "max_retries": 4}


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def one(url: str) -> tuple:
    _fetch._UNREACHABLE.clear()
    t0 = time.perf_counter()
    (r,), _ = _core.fetch([{"url": url}], {"policy": POLICY})
    return r["ok"], r["attempts"], time.perf_counter() - t0, r["unreachable"]


def engine_table() -> None:
    print("| failure | attempts | retried? | seconds | outcome |")
    print("|---|---|---|---|---|")
    with FaultServer() as server:
        cases = [
            ("DNS: name does not resolve (`nonexistent.invalid`)", "http://nonexistent.invalid/x"),
            ("connection refused (closed 127.0.0.1 port)", f"http://127.0.0.1:{closed_port()}/x"),
            ("HTTP 503 twice, then 200", server.route("/503", {"status": 503}, {"status": 503}, {"status": 200, "body": "ok"})),
            ("GitHub 403, quota used up, reset in 2 s, then 200",
             server.route("/q", {"status": 403, "headers": {"X-RateLimit-Remaining": "0",
                                                            "X-RateLimit-Reset": str(int(time.time()) + 2)}},
                          {"status": 200, "body": "ok"})),
            ("GitHub 429, quota used up, reset in 1 h",
             server.route("/far", {"status": 429, "headers": {"X-RateLimit-Remaining": "0",
                                                              "X-RateLimit-Reset": str(int(time.time()) + 3600)}})),
            ("HTTP 403 without quota headers (forbidden)", server.route("/forbidden", {"status": 403})),
        ]
        for name, url in cases:
            ok, attempts, seconds, unreachable = one(url)
            outcome = "answered" if ok else ("failed, host marked unreachable" if unreachable else "failed with the reason")
            print(f"| {name} | {attempts} | {'yes' if attempts > 1 else 'no'} | {seconds:.2f} | {outcome} |")


def report_table() -> None:
    root = os.geteuid() == 0 and shutil.which("unshare") and subprocess.run(["unshare", "-n", "true"]).returncode == 0
    how = "unshare -n (no network)" if root else "sources at a closed port"
    print(f"\n| packages (`uptake report`, 5 signals each, empty cache, {how}) | exit code | failed-signal lines | seconds |")
    print("|---|---|---|---|")
    for packages in (["torch"], ["torch", "tensorflow"], ["torch", "tensorflow", "jax", "keras"]):
        tmp = tempfile.mkdtemp(prefix="uptake-bench-")
        env = {k: v for k, v in os.environ.items() if not k.startswith("UPTAKE_")}
        env.update({"UPTAKE_CACHE_DIR": tmp, "MPLBACKEND": "Agg"})
        if not root:
            env.update({v: f"http://127.0.0.1:{closed_port()}" for v, _ in DEFAULT_URLS.values()})
        prefix = ["unshare", "-n"] if root else []
        t0 = time.perf_counter()
        done = subprocess.run(prefix + [sys.executable, "-m", "uptake", "report", *packages, "-o", f"{tmp}/r.html"],
                              env=env, capture_output=True, text=True, timeout=600)
        seconds = time.perf_counter() - t0
        lines = sum(l.startswith("uptake report: failed:") for l in done.stderr.splitlines())
        print(f"| {len(packages)} | {done.returncode} | {lines} | {seconds:.1f} |")
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    engine_table()
    report_table()
