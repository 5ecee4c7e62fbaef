"""No credential leaves the engine in any spelling: cache keys and stored URLs, .attrs, errors, logs, reports."""

import dataclasses
import json
import os
import re
import sqlite3
import stat
from urllib.parse import quote, quote_plus

import pytest

import uptake
from uptake import _core, _fetch, sources
from uptake.report import render_html, write_report

# A Stack Exchange key shape, and one made of every reserved URL character (plus a space).
KEYS = ["U4DMV*8nvpm3EOpvf69Rxw((", "a+b/c=d&e?f#g%h:i@j;k,l$m!n'o(p)q*r[s]t ~"]


def spellings(secret):
    """Every way a URL, form body or JavaScript-style encoder writes the secret."""
    def lower(text):
        return re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), text)

    upper = quote(secret, safe="")
    forms = {secret, upper, lower(upper), quote_plus(secret), lower(quote_plus(secret)), quote(secret, safe="*()!'~"),
             quote(secret, safe="/:@"), quote(secret)}
    return {f for f in forms if len(f) >= 3}


def assert_clean(text, secret, where):
    if isinstance(text, bytes):
        hits = [s for s in spellings(secret) if s.encode() in text]
    else:
        hits = [s for s in spellings(secret) if s in text]
    assert not hits, f"{where} holds the secret as {hits}"


def cache_bytes(cache_dir):
    return b"".join(p.read_bytes() for p in cache_dir.glob("responses.sqlite*"))


@pytest.mark.parametrize("secret", KEYS)
def test_redact_covers_every_spelling_and_mixes(secret):
    text = " | ".join(sorted(spellings(secret)))
    mixed = "".join(quote(c, safe="") if i % 2 else c for i, c in enumerate(secret))
    out = _core.redact(text + " | " + mixed + " | tail", [secret])
    for s in spellings(secret) | {mixed}:
        assert s not in out
    assert out.endswith(" | tail") and out.count("***") == len(spellings(secret)) + 1


def test_redact_keeps_text_that_only_resembles_the_secret():
    assert _core.redact("key=abc%2Bdef and abcdef", ["abc+def"]) == "key=*** and abcdef"
    assert _core.redact("%25", ["%25"]) == "***" and _core.redact("%2525", ["%25"]) == "***"
    assert _core.redact("no secret here", ["ab"]) == "no secret here"  # too short to blank everywhere


@pytest.mark.parametrize("secret", KEYS)
def test_stackexchange_key_nowhere(server, cache_dir, secret, capsys):
    server.route("/questions", {"status": 200, "body": json.dumps({"total": 7})})
    s = sources.stackexchange("jax", "2024-01-01", "2024-02-29", key=secret, base_url=server.url)
    assert s.tolist() == [7.0, 7.0]
    assert any("key=" in r["path"] for r in server.requests)  # the key was really sent
    for q in s.attrs["query"]:
        assert_clean(q, secret, ".attrs['query']")
    assert_clean(cache_bytes(cache_dir), secret, "the SQLite cache")
    db = sqlite3.connect(cache_dir / "responses.sqlite")
    for key, url in db.execute("SELECT key, url FROM responses"):
        assert_clean(key + url, secret, "the cache key/url columns")
    db.close()
    # errors: a client error quoting the request, and retries given up
    server.route("/questions", {"status": 403, "body": f"bad key {secret} in {quote(secret, safe='')}"})
    with pytest.raises(uptake.NetworkError) as err:
        sources.stackexchange("jax", "2023-01-01", "2023-01-31", key=secret, base_url=server.url)
    assert_clean(str(err.value), secret, "the error")
    out = capsys.readouterr()
    assert_clean(out.out + out.err, secret, "printed output")


@pytest.mark.parametrize("secret", KEYS)
def test_a_secret_echoed_by_the_server_is_never_quoted_or_cached(server, cache_dir, secret):
    """A server that echoes the key (a debug field, a malformed page quoting the request) must not leak it."""
    body = json.dumps({"total": 3, "debug": {"request": f"/questions?key={quote(secret, safe='')}&raw={secret}"}})
    server.route("/questions", {"status": 200, "body": body, "headers": {"X-Echo": secret}})
    s = sources.stackexchange("jax", "2024-01-01", "2024-01-31", key=secret, base_url=server.url)
    assert s.tolist() == [3.0]  # the rest of the answer is intact
    assert_clean(cache_bytes(cache_dir), secret, "the SQLite cache (echoed body and header)")
    # The generic JSON reader quotes the start of a malformed body in its ParseError.
    server.route("/echo", {"status": 200, "body": f"<html>upstream said: bad request key={secret}</html>"})
    (answer,) = _fetch.fetch([{"url": f"{server.url}/echo?key={quote(secret, safe='')}", "secrets": [secret],
                               "ttl": 60}], progress=False)
    with pytest.raises(uptake.ParseError) as err:
        answer.json()
    assert "upstream said" in str(err.value)  # the error still quotes the body, without the key
    assert_clean(str(err.value), secret, "the ParseError")
    assert_clean(cache_bytes(cache_dir), secret, "the SQLite cache (malformed body)")


@pytest.fixture(scope="module")
def sample_comparison():
    return uptake.compare(["a", "b"], sample=True)


@pytest.mark.parametrize("secret", KEYS)
def test_openalex_key_nowhere_including_the_report(server, cache_dir, secret, tmp_path, monkeypatch,
                                                   sample_comparison):
    monkeypatch.setenv("OPENALEX_API_KEY", secret)
    server.route("/works", {"status": 200, "body": json.dumps({"meta": {"count": 5}, "results": []})})
    s = sources.openalex("jax", "2024-01-01", "2024-02-29", freq="M", base_url=server.url)
    assert s.tolist() == [5.0, 5.0]
    assert all(quote(secret, safe="") in r["path"] or quote_plus(secret) in r["path"] for r in server.requests)
    assert_clean(cache_bytes(cache_dir), secret, "the SQLite cache")
    # The report's provenance table is built from .attrs: put this series' provenance into a comparison.
    c = sample_comparison
    row = {"package": "a", "signal": "papers", "source": s.attrs["source"], "query": "; ".join(s.attrs["query"]),
           "fetched": s.attrs["fetched"], "from_cache": s.attrs["from_cache"], "simulated": False}
    c = dataclasses.replace(c, provenance=c.provenance.iloc[:0].assign(**{k: [v] for k, v in row.items()}))
    html = render_html(c)
    assert "/works" in html
    assert_clean(html, secret, "the report HTML")
    out = write_report(c, tmp_path / "r.html")
    assert_clean(out.read_bytes() + out.with_suffix(".csv").read_bytes(), secret, "the written report and CSV")


def test_github_and_bigquery_tokens_nowhere(server, cache_dir, monkeypatch):
    token = KEYS[1]
    server.route("/repos/o/p", {"status": 200, "body": json.dumps({"full_name": "o/p", "stargazers_count": 1, "forks_count": 2, "subscribers_count": 3, "open_issues_count": 4, "watchers_count": 1})})
    monkeypatch.setenv("GITHUB_TOKEN", token)
    s = sources.github_repo("o/p", base_url=server.url)
    assert server.requests[-1]["headers"]["authorization"] == f"Bearer {token}"
    assert_clean(json.dumps(s.attrs), token, ".attrs")
    server.route("/repos/o/q", {"status": 401, "body": f"bad credentials {token}"})
    with pytest.raises(uptake.NetworkError) as err:
        sources.github_repo("o/q", base_url=server.url)
    assert_clean(str(err.value), token, "the GitHub error")
    server.route("/projects/bp/queries", {"status": 403, "body": f"denied for {quote(token, safe='')}"})
    with pytest.raises(uptake.NetworkError) as err:
        sources.bigquery_pypi("torch", "2024-01-01", "2024-01-01", billing_project="bp", token=token,
                              base_url=server.url)
    assert server.requests[-1]["headers"]["authorization"] == f"Bearer {token}"
    assert_clean(str(err.value), token, "the BigQuery error")
    assert_clean(cache_bytes(cache_dir), token, "the SQLite cache")


class TestCredentialsFile:
    def write(self, monkeypatch, tmp_path, name, text, mode=0o600):
        folder = tmp_path / "cfg" / "uptake"
        folder.mkdir(parents=True)
        path = folder / name
        path.write_text(text)
        path.chmod(mode)
        monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
        monkeypatch.delenv("STACKEXCHANGE_KEY", raising=False)
        return path

    @pytest.mark.parametrize("name, text", [
        ("credentials.toml", '[stackexchange]\nkey = "FILEKEY-toml(("\n'),
        ("credentials.ini", "[stackexchange]\nkey = FILEKEY-toml((\n"),
    ])
    def test_key_read_from_the_file(self, server, cache_dir, monkeypatch, tmp_path, name, text):
        self.write(monkeypatch, tmp_path, name, text)
        server.route("/questions", {"status": 200, "body": json.dumps({"total": 1})})
        s = sources.stackexchange("jax", "2024-01-01", "2024-01-31", base_url=server.url)
        assert "key=FILEKEY-toml%28%28" in server.requests[0]["path"]
        assert_clean(" ".join(s.attrs["query"]), "FILEKEY-toml((", ".attrs")

    def test_argument_then_environment_then_file(self, server, cache_dir, monkeypatch, tmp_path):
        self.write(monkeypatch, tmp_path, "credentials.ini", "[stackexchange]\nkey = fromfile\n")
        server.route("/questions", {"status": 200, "body": json.dumps({"total": 1})})
        monkeypatch.setenv("STACKEXCHANGE_KEY", "fromenv")
        sources.stackexchange("jax", "2024-01-01", "2024-01-31", base_url=server.url)
        sources.stackexchange("jax", "2024-02-01", "2024-02-29", key="fromarg", base_url=server.url)
        assert "key=fromenv" in server.requests[0]["path"] and "key=fromarg" in server.requests[1]["path"]

    @pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
    def test_readable_by_others_is_warned_about(self, server, cache_dir, monkeypatch, tmp_path):
        path = self.write(monkeypatch, tmp_path, "credentials.ini", "[stackexchange]\nkey = abcdef\n", mode=0o644)
        server.route("/questions", {"status": 200, "body": json.dumps({"total": 1})})
        with pytest.warns(UserWarning, match="chmod 600"):
            sources.stackexchange("jax", "2024-01-01", "2024-01-31", base_url=server.url)
        assert stat.S_IMODE(path.stat().st_mode) == 0o644  # reported, not changed behind the user's back

    def test_broken_file_error_does_not_quote_it(self, monkeypatch, tmp_path):
        self.write(monkeypatch, tmp_path, "credentials.toml", '[stackexchange]\nkey = "SECRETVALUE\n')
        with pytest.raises(ValueError, match="not valid TOML") as err:
            sources.stackexchange("jax", "2024-01-01", "2024-01-31", base_url="http://127.0.0.1:9")
        assert "SECRETVALUE" not in str(err.value)


class TestClickHousePassword:
    def test_password_travels_as_a_header_and_is_stored_nowhere(self, clickhouse, cache_dir, monkeypatch):
        from support.clickhouse import SECURE_PASSWORD, SECURE_USER

        monkeypatch.setenv("UPTAKE_CLICKHOUSE_PASSWORD", SECURE_PASSWORD)
        frame = sources.clickhouse_pypi("torch", "2024-01-01", "2024-01-03", base_url=clickhouse.url, user=SECURE_USER)
        assert frame["torch"].tolist() == [1000.0, 1001.0, 1002.0]
        for q in frame.attrs["query"]:
            assert_clean(q, SECURE_PASSWORD, ".attrs['query']")
            assert "user=" not in q and "password=" not in q
        assert_clean(cache_bytes(cache_dir), SECURE_PASSWORD, "the SQLite cache")

    def test_wrong_password_fails_without_quoting_it(self, clickhouse, cache_dir, monkeypatch):
        from support.clickhouse import SECURE_USER

        wrong = KEYS[0]
        monkeypatch.setenv("UPTAKE_CLICKHOUSE_USER", SECURE_USER)
        with pytest.raises(uptake.NetworkError) as err:
            sources.clickhouse_pypi("torch", "2024-01-01", "2024-01-03", base_url=clickhouse.url, password=wrong)
        assert SECURE_USER in str(err.value) or "password" in str(err.value).lower()  # the server's own reason
        assert_clean(str(err.value), wrong, "the error")
        assert_clean(cache_bytes(cache_dir), wrong, "the SQLite cache")
