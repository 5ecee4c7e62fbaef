"""Soak: a few thousand requests through the engine, with injected faults, from two processes sharing one cache.

Checks that every request ends in a value or a clear error, that the cache stays readable and consistent (every
stored answer belongs to its URL), that memory stays flat and that no file descriptor leaks. Loopback only,
bounded in count and time. The figures it measures are printed (pytest -s) and quoted in the README.
"""

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

import uptake
from uptake import _fetch

REQUESTS_PER_PROCESS = 1200
BATCH = 100
FAULTS = [(70, {"status": 200, "echo": True}), (8, {"status": 429}), (6, {"status": 503}),
          (4, {"status": 500}), (4, {"fault": "drop"}), (4, {"fault": "truncate", "body": "partial"}),
          (4, {"status": 200, "echo": True, "delay": 0.02})]
POLICY = {"base_delay": 0.002, "max_delay": 0.01, "max_retries": 6, "max_concurrent": 16}

WORKER = textwrap.dedent("""
    import json, sys
    from uptake import _core, _fetch
    base, tag, n, batch = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    policy = json.loads(sys.argv[5])
    ok = failed = 0
    for start in range(0, n, batch):
        reqs = [{"url": f"{base}/soak?{tag}-{i}", "ttl": 3600} for i in range(start, start + batch)]
        results, _ = _core.fetch(reqs, {"policy": policy, "cache_path": str(_fetch.cache_path())})
        for req, res in zip(reqs, results):
            if res["ok"]:
                assert res["body"].decode() == req["url"].split("?", 1)[1]
                ok += 1
            else:
                assert "attempt" in res["error"], res["error"]
                failed += 1
    print(json.dumps({"ok": ok, "failed": failed}))
""")


def rss_kb():
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmRSS"))


def fds():
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc (Linux) to count memory and descriptors")
def test_soak_two_processes_one_cache(server, cache_dir):
    server.route("/soak", {"random": FAULTS})
    t0 = time.monotonic()
    other = subprocess.Popen([sys.executable, "-c", WORKER, server.url, "child", str(REQUESTS_PER_PROCESS), str(BATCH),
                              json.dumps(POLICY)], stdout=subprocess.PIPE, text=True, env={**os.environ})
    ok = failed = 0
    errors = []
    fd_before, rss = fds(), []
    for start in range(0, REQUESTS_PER_PROCESS, BATCH):
        reqs = [{"url": f"{server.url}/soak?parent-{i}", "ttl": 3600} for i in range(start, start + BATCH)]
        results, _ = uptake._core.fetch(reqs, {"policy": POLICY, "cache_path": str(_fetch.cache_path())})
        for req, res in zip(reqs, results):
            if res["ok"]:
                assert res["body"].decode() == req["url"].split("?", 1)[1]
                ok += 1
            else:
                assert "/soak?parent-" in res["error"] and "attempt" in res["error"]
                errors.append(res["error"])
                failed += 1
        rss.append(rss_kb())
    child = json.loads(other.communicate(timeout=300)[0])
    elapsed = time.monotonic() - t0
    assert other.returncode == 0
    assert ok + failed == REQUESTS_PER_PROCESS and child["ok"] + child["failed"] == REQUESTS_PER_PROCESS
    assert ok >= 0.95 * REQUESTS_PER_PROCESS and child["ok"] >= 0.95 * REQUESTS_PER_PROCESS
    # no descriptor leak, memory flat after warm-up (at most 8 MB growth over the second half)
    assert fds() <= fd_before + 2
    half = len(rss) // 2
    assert max(rss[half:]) - rss[half] < 8 * 1024, rss
    # cache: readable, consistent, every stored body belongs to its URL
    db = sqlite3.connect(cache_dir / "responses.sqlite")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = db.execute("SELECT url, body FROM responses").fetchall()
    db.close()
    assert len(rows) == ok + child["ok"]
    assert all(body.decode() == url.split("?", 1)[1] for url, body in rows)
    served = len(server.requests)
    print(f"\nsoak: {2 * REQUESTS_PER_PROCESS} requests from 2 processes, {served} served by the fault server "
          f"({served - 2 * REQUESTS_PER_PROCESS} retries through 429/500/503/drops/truncations), "
          f"{ok + child['ok']} answered, {failed + child['failed']} clear errors, {elapsed:.1f} s, "
          f"RSS {rss[0] // 1024}->{rss[-1] // 1024} MB, cache {len(rows)} entries intact")
