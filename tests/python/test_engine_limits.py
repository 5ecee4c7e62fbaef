"""What a hostile or broken server cannot make the engine do: exhaust memory, wait for days, switch protocol,
or crash the decoding of its text. Each case against the fault server on 127.0.0.1."""

import json
import os
import subprocess
import sys
import textwrap
import time
import zlib

import pytest

import uptake
from uptake import _fetch
from uptake.cli import main as cli_main

FAST = {"base_delay": 0.01, "max_delay": 0.05, "max_retries": 3, "poll_interval": 0.02}
MiB = 1 << 20


def run(requests, **kw):
    kw.setdefault("policy", FAST)
    kw.setdefault("progress", False)
    return _fetch.fetch(requests, **kw)


@pytest.fixture(scope="module")
def gzip_bomb():
    """About 300 KB of gzip that inflates to 300 MB of zeros (built in pieces: never 300 MB in memory)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(MiB)
    parts = [packer.compress(zeros) for _ in range(300)]
    return b"".join(parts) + packer.flush()


def peak_rss_of(script):
    """Run a fetch in a fresh interpreter; its result, with the peak RSS in MiB above a control run's."""
    out = _peak_rss(script)
    out["growth_mib"] = out["peak_mib"] - _peak_rss("pass")["peak_mib"]
    return out


def _peak_rss(script):
    code = textwrap.dedent("""
        import json, resource, sys
        import uptake
        from uptake import _fetch
        out = {}
        try:
    """) + textwrap.indent(textwrap.dedent(script), "    ") + textwrap.dedent("""
        except uptake.NetworkError as exc:
            out["error"] = str(exc)
        out["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
        print(json.dumps(out))
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=os.environ)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


class TestBodyLimits:
    def test_gzip_bomb_fails_clearly_with_bounded_memory(self, server, cache_dir, gzip_bomb):
        url = server.route("/bomb", {"status": 200, "body": gzip_bomb, "headers": {"Content-Encoding": "gzip"}})
        assert len(gzip_bomb) < 2 * MiB
        out = peak_rss_of(f"""
            _fetch.fetch([{{"url": "{url}"}}], progress=False, policy={{"max_body_bytes": 8 << 20, "max_retries": 3}})
        """)
        assert "max_body_bytes = 8388608" in out["error"] and "after decompression" in out["error"]
        assert "after 1 attempt" in out["error"]  # not retried: a retry cannot shrink it
        assert out["growth_mib"] < 64, out  # unbounded, this took 1.35 GB
        assert server.count("/bomb") == 1

    def test_default_limit_is_256_mib_and_settable(self, server, cache_dir):
        url = server.route("/big", {"status": 200, "body": b"y" * (3 * MiB)})
        (r,) = run([{"url": url}])
        assert len(r.body) == 3 * MiB  # the default (256 MiB) lets real answers through
        with pytest.raises(uptake.NetworkError, match="max_body_bytes = 1048576"):
            run([{"url": url + "?again"}], policy={**FAST, "max_body_bytes": MiB})

    def test_endless_body_stops_at_the_limit(self, server, cache_dir):
        url = server.route("/endless", {"status": 200, "fault": "endless"})
        t0 = time.monotonic()
        out = peak_rss_of(f"""
            _fetch.fetch([{{"url": "{url}"}}], progress=False, policy={{"max_body_bytes": 4 << 20}})
        """)
        assert "max_body_bytes" in out["error"] and out["growth_mib"] < 48, out
        assert time.monotonic() - t0 < 60  # well before any timeout (the old behaviour: memory grew for 60 s)

    def test_total_time_per_request_bounds_retries_and_waits(self, server, cache_dir):
        url = server.route("/slowly", {"status": 503, "headers": {"Retry-After": "0.4"}})
        t0 = time.monotonic()
        with pytest.raises(uptake.NetworkError, match="no time left for another try within max_request_time = 1 s"):
            run([{"url": url}], policy={**FAST, "max_retries": 50, "max_request_time": 1.0})
        assert time.monotonic() - t0 < 10
        assert 2 <= server.count("/slowly") <= 4


class TestProtocols:
    @pytest.mark.parametrize("target", ["ftp://127.0.0.1/x", "file:///etc/passwd", "gopher://127.0.0.1/x",
                                        "dict://127.0.0.1/x"])
    def test_redirect_to_another_protocol_is_refused_at_once(self, server, cache_dir, target):
        url = server.route("/jump", {"status": 302, "headers": {"Location": target}})
        with pytest.raises(uptake.NetworkError, match="only http and https are allowed") as err:
            run([{"url": url}])
        assert "after 1 attempt" in str(err.value) and server.count("/jump") == 1

    def test_redirect_within_http_still_works(self, server, cache_dir):
        target = server.route("/there", {"status": 200, "body": "arrived"})
        url = server.route("/here", {"status": 301, "headers": {"Location": target}})
        (r,) = run([{"url": url}])
        assert r.text == "arrived"

    def test_non_http_url_is_refused(self, cache_dir):
        with pytest.raises(uptake.NetworkError, match="must start with http"):
            run([{"url": "ftp://127.0.0.1/x"}])


class TestServerRequestedWaits:
    def test_huge_retry_after_on_202_fails_at_once(self, server, cache_dir):
        url = server.route("/computing", {"status": 202, "headers": {"Retry-After": "86400"}})
        t0 = time.monotonic()
        with pytest.raises(uptake.NetworkError, match=r"still computing \(202\); the server asks to wait 86400 s "
                                                      r"\(Retry-After on 202\), more than the 300 s allowed"):
            run([{"url": url}])
        assert time.monotonic() - t0 < 5 and server.count("/computing") == 1

    @pytest.mark.parametrize("status", [429, 503])
    def test_huge_retry_after_http_date(self, server, cache_dir, status):
        url = server.route("/date", {"status": status, "headers": {"Retry-After": "Fri, 31 Dec 2100 23:59:59 GMT"}})
        with pytest.raises(uptake.NetworkError, match="more than the 300 s allowed"):
            run([{"url": url}])

    def test_rate_limit_reset_beyond_the_cap_fails_the_rest_clearly(self, server, cache_dir):
        reset = int(time.time()) + 86400
        url = server.route("/quota", {"status": 200, "body": "[]",
                                      "headers": {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)}})
        t0 = time.monotonic()
        with pytest.raises(uptake.NetworkError, match=r"X-RateLimit-Reset\), more than the 300 s allowed"):
            run([{"url": f"{url}?i={i}"} for i in range(3)], policy={**FAST, "max_concurrent": 1})
        assert time.monotonic() - t0 < 5 and server.count("/quota") == 1

    def test_body_backoff_beyond_the_cap(self, server, cache_dir):
        url = server.route("/se", {"status": 200, "body": json.dumps({"items": [], "backoff": 100000})})
        with pytest.raises(uptake.NetworkError, match="body field 'backoff'"):
            run([{"url": url + f"?a={i}", "backoff_field": "backoff"} for i in range(2)],
                policy={**FAST, "max_concurrent": 1})
        assert server.count("/se") == 1

    def test_cap_is_settable(self, server, cache_dir):
        url = server.route("/later", {"status": 429, "headers": {"Retry-After": "2"}})
        with pytest.raises(uptake.NetworkError, match="more than the 1 s allowed"):
            run([{"url": url}], policy={**FAST, "max_retry_after": 1})


class TestServerText:
    def test_latin1_header_is_decoded_leniently(self, server, cache_dir):
        url = server.route("/latin", {"status": 200, "body": "ok", "headers": {"X-Note": "caf\u00e9 \u00fcber"}})
        (r,) = run([{"url": url}])
        assert r.headers["x-note"] == "caf\ufffd \ufffdber"

    def test_error_snippet_cut_inside_a_character(self, server, cache_dir):
        body = ("a" * 299 + "\u00e9" * 20).encode()  # byte 300 is the middle of a two-byte character
        url = server.route("/cut", {"status": 400, "body": body})
        with pytest.raises(uptake.NetworkError, match="HTTP 400: a+\ufffd") as err:
            run([{"url": url}])
        assert not isinstance(err.value, UnicodeError)

    def test_latin1_error_body_and_header_in_the_cli(self, server, cache_dir, capsys):
        server.route("/api/packages/torch/overall", {"status": 404, "body": "nicht gefunden: M\u00fcll".encode("latin-1"),
                                                     "headers": {"X-Why": "\u00e9chec"}})
        code = cli_main(["fetch", "pypistats", "torch", "--base-url", server.url + "/api"])
        err = capsys.readouterr().err
        assert code == 1 and "nicht gefunden: M\ufffdll" in err  # a network problem, not "bad arguments" (2)
