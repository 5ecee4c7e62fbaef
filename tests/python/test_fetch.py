"""The fetch engine against the fault-injecting server: politeness, retries, polling, cache, offline, secrets."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

import uptake
from uptake import _fetch

FAST = {"base_delay": 0.01, "max_delay": 0.05, "max_retries": 3, "poll_interval": 0.02}


def run(requests, **kw):
    kw.setdefault("policy", FAST)
    kw.setdefault("progress", False)
    return _fetch.fetch(requests, **kw)


def test_concurrency_limit_is_never_exceeded(server, cache_dir):
    url = server.route("/slow", {"status": 200, "body": "ok", "delay": 0.05})
    out = run([{"url": f"{url}?i={i}"} for i in range(24)], policy={**FAST, "max_concurrent": 3})
    assert all(r.status == 200 and r.text == "ok" for r in out)
    assert server.max_in_flight == 3  # reached, never passed


def test_minimum_interval_between_starts(server, cache_dir):
    url = server.route("/paced", {"status": 200, "body": "ok"})
    run([{"url": f"{url}?i={i}"} for i in range(4)], policy={**FAST, "min_interval": 0.1})
    times = sorted(r["time"] for r in server.requests)
    # Arrival times carry the server thread's scheduling jitter on a loaded machine, so check the span of the
    # three enforced intervals (unpaced requests would all arrive within milliseconds) and a loose per-gap floor.
    assert times[-1] - times[0] >= 3 * 0.1 * 0.9
    assert min(b - a for a, b in zip(times, times[1:])) >= 0.05


def test_retries_5xx_then_succeeds(server, cache_dir):
    url = server.route("/flaky", {"status": 503}, {"status": 500}, {"status": 200, "body": "fine"})
    (r,) = run([{"url": url}])
    assert r.text == "fine" and r.attempts == 3 and server.count("/flaky") == 3


def test_gives_up_after_bounded_retries_naming_what_was_tried(server, cache_dir):
    url = server.route("/down", {"status": 503})
    with pytest.raises(uptake.NetworkError, match=r"/down failed: last status 503 \(after 4 attempts: 503, 503, 503, 503\)"):
        run([{"url": url}])
    assert server.count("/down") == 4


def test_a_5xx_that_names_a_permanent_error_is_not_retried(server, cache_dir):
    url = server.route("/query", {"status": 500, "body": "Code: 62, e.displayText() = DB::Exception: Syntax error"})
    with pytest.raises(uptake.NetworkError, match=r"HTTP 500: Code: 62, .*Syntax error; not retried.*\(after 1 attempt"):
        run([{"url": url, "permanent_errors": ["Code: 62,", "Code: 62."]}])
    assert server.count("/query") == 1
    busy = server.route("/busy", {"status": 500, "body": "Code: 202, e.displayText() = DB::Exception: Too many simultaneous queries"},
                        {"status": 200, "body": "ok"})
    (r,) = run([{"url": busy, "permanent_errors": ["Code: 62,", "Code: 62."]}])
    assert r.text == "ok" and server.count("/busy") == 2  # overload stays retried


def test_giving_up_on_a_5xx_quotes_the_servers_reason(server, cache_dir):
    url = server.route("/broken", {"status": 500, "body": "Code: 396, DB::Exception: Limit for result exceeded\n"})
    with pytest.raises(uptake.NetworkError,
                       match=r"last status 500: Code: 396, DB::Exception: Limit for result exceeded \(after 4 attempts"):
        run([{"url": url}])


def test_retry_after_is_honoured(server, cache_dir):
    url = server.route("/limited", {"status": 429, "headers": {"Retry-After": "1"}}, {"status": 200, "body": "ok"})
    run([{"url": url}])
    first, second = (r["time"] for r in server.requests)
    assert second - first >= 0.95


def test_429_without_retry_after_backs_off(server, cache_dir):
    url = server.route("/limited2", {"status": 429, "body": "<html>slow down</html>"}, {"status": 200, "body": "ok"})
    (r,) = run([{"url": url}])
    assert r.attempts == 2


def test_too_long_retry_after_is_reported_not_waited(server, cache_dir):
    url = server.route("/later", {"status": 429, "headers": {"Retry-After": "3600"}})
    t0 = time.monotonic()
    with pytest.raises(uptake.NetworkError, match="asks to wait 3600 s"):
        run([{"url": url}])
    assert time.monotonic() - t0 < 5


def test_202_is_polled_then_answered(server, cache_dir):
    url = server.route("/stats", {"status": 202, "body": ""}, {"status": 202, "body": ""}, {"status": 200, "body": "[1]"})
    (r,) = run([{"url": url}])
    assert r.json() == [1] and server.count("/stats") == 3


def test_202_polling_is_bounded(server, cache_dir):
    url = server.route("/never", {"status": 202})
    with pytest.raises(uptake.NetworkError, match=r"still computing \(202\) after 3 polls"):
        run([{"url": url}], policy={**FAST, "max_polls": 3})


def test_dropped_connection_is_retried(server, cache_dir):
    url = server.route("/drop", {"fault": "drop"}, {"status": 200, "body": "back"})
    (r,) = run([{"url": url}])
    assert r.text == "back" and r.attempts == 2


def test_truncated_body_is_an_error_not_data(server, cache_dir):
    url = server.route("/cut", {"status": 200, "body": '{"rows": [1, 2', "fault": "truncate"})
    with pytest.raises(uptake.NetworkError, match="after 4 attempts"):
        run([{"url": url}])


def test_gzip_is_decoded(server, cache_dir):
    url = server.route("/zipped", {"status": 200, "body": json.dumps({"items": [1, 2, 3]}), "fault": "gzip"})
    (r,) = run([{"url": url}])
    assert r.json() == {"items": [1, 2, 3]}
    assert "gzip" in server.requests[0]["headers"].get("accept-encoding", "")


def test_client_errors_are_not_retried_and_are_explained(server, cache_dir):
    url = server.route("/missing", {"status": 404, "body": '{"message": "Not Found"}'})
    with pytest.raises(uptake.NetworkError, match=r'HTTP 404: \{"message": "Not Found"\}'):
        run([{"url": url}])
    assert server.count("/missing") == 1


def test_user_agent_names_uptake(server, cache_dir):
    url = server.route("/ua", {"status": 200})
    run([{"url": url}])
    assert server.requests[0]["headers"]["user-agent"].startswith(f"uptake/{uptake.__version__}")


class TestCache:
    def test_fresh_hit_needs_no_network(self, server, cache_dir):
        url = server.route("/c", {"status": 200, "body": "v1"})
        first = run([{"url": url, "ttl": 3600}])[0]
        second = run([{"url": url, "ttl": 3600}])[0]
        assert not first.from_cache and second.from_cache and second.text == "v1"
        assert server.count("/c") == 1
        info = uptake.cache.info()
        assert info["entries"] == 1 and info["bytes"] == 2

    def test_stale_entry_is_revalidated(self, server, cache_dir):
        url = server.route("/etag", {"status": 200, "body": "data", "headers": {"ETag": '"abc"'}},
                           {"status": 304})
        run([{"url": url, "ttl": 0}])
        (r,) = run([{"url": url, "ttl": 0.0001}])
        assert r.from_cache and r.text == "data"
        assert server.requests[1]["headers"]["if-none-match"] == '"abc"'

    def test_offline_answers_from_cache_or_says_it_cannot(self, server, cache_dir):
        url = server.route("/o", {"status": 200, "body": "kept"})
        run([{"url": url, "ttl": 1}])
        (r,) = run([{"url": url, "ttl": 1}], offline=True)
        assert r.text == "kept" and r.from_cache
        with pytest.raises(uptake.NetworkError, match="offline: no cached response for GET .*/other"):
            run([{"url": server.url + "/other"}], offline=True)
        assert server.count("/other") == 0

    def test_offline_from_the_environment(self, server, cache_dir, monkeypatch):
        monkeypatch.setenv("UPTAKE_OFFLINE", "1")
        with pytest.raises(uptake.NetworkError, match="offline"):
            run([{"url": server.url + "/x"}])

    def test_corrupt_cache_is_moved_aside_and_rebuilt(self, server, cache_dir):
        cache_dir.mkdir(parents=True)
        (cache_dir / "responses.sqlite").write_bytes(b"this is not a database" * 100)
        url = server.route("/after", {"status": 200, "body": "ok"})
        with pytest.warns(RuntimeWarning, match="rebuilt"):
            run([{"url": url}])
        assert any(p.name.startswith("responses.sqlite.corrupt-") for p in cache_dir.iterdir())
        assert uptake.cache.info()["entries"] == 1

    def test_clear(self, server, cache_dir):
        url = server.route("/clr", {"status": 200, "body": "x"})
        run([{"url": url}])
        uptake.cache.clear()
        assert uptake.cache.info()["entries"] == 0

    def test_killed_writer_leaves_a_readable_cache(self, server, cache_dir):
        url = server.route("/many", {"status": 200, "body": "y" * 2000})
        script = textwrap.dedent(f"""
            from uptake import _fetch
            for round in range(1000):
                _fetch.fetch([{{"url": "{url}?r=%d&i=%d" % (round, i)}} for i in range(20)], progress=False)
        """)
        proc = subprocess.Popen([sys.executable, "-c", script], env={**os.environ})
        deadline = time.monotonic() + 20
        while server.count("/many") < 100 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert server.count("/many") >= 100
        db = sqlite3.connect(cache_dir / "responses.sqlite")
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = db.execute("SELECT COUNT(*), MIN(LENGTH(body)) FROM responses").fetchone()
        db.close()
        assert rows[0] > 0 and rows[1] == 2000  # every stored answer is whole
        assert uptake.cache.info()["entries"] == rows[0]


class TestSecrets:
    def test_tokens_never_appear_in_errors_or_cache_keys(self, server, cache_dir):
        secret = "ghp_SUPERSECRET123"
        url = server.route("/private", {"status": 401, "body": f"bad credentials for {secret}"})
        with pytest.raises(uptake.NetworkError) as err:
            run([{"url": f"{url}?access_token={secret}", "headers": [("Authorization", f"token {secret}")],
                  "secrets": [secret]}])
        assert secret not in str(err.value) and "***" in str(err.value)
        key = uptake._core.cache_key("GET", f"{url}?q=1&key={secret}", "", [secret])
        assert secret not in key and "q=1" in key

    def test_requests_differing_only_in_token_share_the_cache(self, server, cache_dir):
        url = server.route("/shared", {"status": 200, "body": "public data"})
        run([{"url": url + "?key=AAA111", "secrets": ["AAA111"], "ttl": 60}])
        (r,) = run([{"url": url + "?key=BBB222", "secrets": ["BBB222"], "ttl": 60}])
        assert r.from_cache and server.count("/shared") == 1


class TestProgressAndCancel:
    def test_progress_reports_every_completion(self, server, cache_dir):
        url = server.route("/p", {"status": 200, "body": "z"})
        seen = []
        uptake._core.fetch([{"url": f"{url}?i={i}"} for i in range(5)], {"policy": FAST},
                           lambda done, total, nbytes, waiting: seen.append((done, total)) or True)
        assert seen[-1] == (5, 5) and all(total == 5 for _, total in seen)

    def test_cancel_from_the_hook(self, server, cache_dir):
        url = server.route("/slow2", {"status": 200, "delay": 0.3})
        results, _ = uptake._core.fetch([{"url": f"{url}?i={i}"} for i in range(6)],
                                        {"policy": {**FAST, "max_concurrent": 1}}, lambda d, t, b, w: d < 1)
        assert sum(r["ok"] for r in results) <= 2
        assert any(r["error"].startswith("cancelled") for r in results)

    def test_keyboard_interrupt_propagates_and_cache_stays_readable(self, server, cache_dir):
        url = server.route("/slow3", {"status": 200, "delay": 0.2})

        def interrupt(done, total, nbytes, waiting):
            if done >= 1:
                raise KeyboardInterrupt
            return True

        with pytest.raises(KeyboardInterrupt):
            uptake._core.fetch([{"url": f"{url}?i={i}"} for i in range(5)],
                               {"policy": {**FAST, "max_concurrent": 1}, "cache_path": str(_fetch.cache_path())},
                               interrupt)
        assert uptake.cache.info()["entries"] >= 1


def test_body_backoff_field_pauses_the_host(server, cache_dir):
    url = server.route("/se", {"status": 200, "body": json.dumps({"items": [], "backoff": 1})})
    run([{"url": url + "?a=1", "backoff_field": "backoff"}, {"url": url + "?a=2", "backoff_field": "backoff"}],
        policy={**FAST, "max_concurrent": 1})
    first, second = (r["time"] for r in server.requests)
    assert second - first >= 0.95


def test_rate_limit_headers_pause_the_host(server, cache_dir):
    reset = int(time.time()) + 2
    url = server.route("/gh", {"status": 200, "body": "{}",
                               "headers": {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)}})
    run([{"url": url + "?a=1"}, {"url": url + "?a=2"}], policy={**FAST, "max_concurrent": 1})
    assert server.requests[1]["time"] - server.requests[0]["time"] >= 0.5


def test_bad_input():
    with pytest.raises(uptake.NetworkError, match="invalid URL"):
        _fetch.fetch([{"url": "ftp://example.org/x"}], progress=False, use_cache=False)
    with pytest.raises(ValueError, match="max_concurrent must be >= 1"):
        _fetch.fetch([{"url": "http://127.0.0.1:9/"}], policy={"max_concurrent": 0}, progress=False, use_cache=False)


def test_ca_bundle_probe_finds_the_system_bundle():
    path = uptake._core.probe_ca_bundle()
    assert path == "" or os.path.exists(path)
