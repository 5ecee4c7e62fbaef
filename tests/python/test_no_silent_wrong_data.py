"""No silent wrong data: unknown names raise, unpublished days are NaN, parsers read every variant of their
format, failures are fast and visible. Every case runs against local servers (the fault server with our own
fixtures in the real formats, and a real ClickHouse)."""

import datetime as dt
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import uptake
from uptake import _fetch, sources

FAST = {"base_delay": 0.01, "max_delay": 0.05, "connect_timeout": 5, "total_timeout": 10}


@pytest.fixture(autouse=True)
def _forget_unreachable_hosts():
    _fetch._UNREACHABLE.clear()
    yield
    _fetch._UNREACHABLE.clear()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _today() -> pd.Timestamp:
    return pd.Timestamp(dt.datetime.now(dt.timezone.utc).date())


# --------------------------------------------------------------------------------------------- failing fast

class TestUnreachableHosts:
    def test_dns_failure_is_not_retried(self, cache_dir):
        results, _ = uptake._core.fetch([{"url": "http://nonexistent.invalid/a"}, {"url": "http://nonexistent.invalid/b"}],
                                        {"policy": {**FAST, "max_retries": 5, "max_concurrent": 1}})
        assert all(not r["ok"] and r["unreachable"] for r in results)
        assert all(r["attempts"] <= 1 for r in results)
        assert "not retried" in results[0]["error"] or "not tried" in results[0]["error"]
        assert sum("not tried" in r["error"] for r in results) >= 1  # the second never waited for its own failure

    def test_refused_connection_is_not_retried_and_remembered(self, cache_dir):
        url = f"http://127.0.0.1:{_closed_port()}/x"
        with pytest.raises(uptake.NetworkError, match="not retried") as first:
            _fetch.fetch([{"url": url}], policy={**FAST, "max_retries": 5}, progress=False)
        assert "after 1 attempt" in str(first.value)
        with pytest.raises(uptake.NetworkError, match="not tried"):
            _fetch.fetch([{"url": url + "?again"}], policy=FAST, progress=False)

    def test_timeouts_are_still_retried(self, server, cache_dir):
        url = server.route("/flaky", {"fault": "drop"}, {"status": 200, "body": "ok"})
        (r,) = _fetch.fetch([{"url": url}], policy=FAST, progress=False)
        assert r.text == "ok" and r.attempts == 2


class TestGitHubRateLimit:
    @pytest.mark.parametrize("status", [403, 429])
    def test_quota_answer_waits_for_the_reset(self, server, cache_dir, status):
        reset = int(time.time()) + 2
        quota = {"status": status, "body": json.dumps({"message": "API rate limit exceeded"}),
                 "headers": {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)}}
        repo = {"stargazers_count": 5, "forks_count": 1, "subscribers_count": 2, "open_issues_count": 3}
        server.route("/repos/org/proj", quota, {"status": 200, "body": json.dumps(repo)})
        s = sources.github_repo("org/proj", base_url=server.url)
        assert s["stars"] == 5 and server.count("/repos/org/proj") == 2
        first, second = (r["time"] for r in server.requests)
        assert second - first >= 0.5  # waited for the reset, not a quick back-off
        assert s.attrs["last_complete_day"] == str(_today().date())

    def test_reset_beyond_the_maximum_wait_is_a_clear_error(self, server, cache_dir):
        server.route("/repos/org/far", {"status": 403, "body": '{"message": "API rate limit exceeded"}',
                                        "headers": {"X-RateLimit-Remaining": "0",
                                                    "X-RateLimit-Reset": str(int(time.time()) + 3600)}})
        with pytest.raises(uptake.NetworkError, match=r"rate limit is used up .* more than the 300 s uptake waits"):
            sources.github_repo("org/far", base_url=server.url)
        assert server.count("/repos/org/far") == 1

    def test_forbidden_without_quota_headers_is_not_retried(self, server, cache_dir):
        server.route("/repos/org/private", {"status": 403, "body": '{"message": "Resource not accessible"}'})
        with pytest.raises(uptake.NetworkError, match="403"):
            sources.github_repo("org/private", base_url=server.url)
        assert server.count("/repos/org/private") == 1


class TestProgressLines:
    def test_long_runs_print_progress_without_a_terminal(self, server, cache_dir, capsys, monkeypatch):
        monkeypatch.setattr(_fetch, "PROGRESS_EVERY", 0.2)
        url = server.route("/slow", {"status": 200, "body": "x", "delay": 0.25})
        _fetch.fetch([{"url": f"{url}?i={i}"} for i in range(5)], policy={**FAST, "max_concurrent": 1},
                     description="test source")
        lines = [l for l in capsys.readouterr().err.splitlines() if l.startswith("uptake: test source:")]
        assert lines and "requests done" in lines[0] and "remaining" in lines[0]

    def test_waiting_for_a_rate_limit_is_said(self, server, cache_dir, capsys, monkeypatch):
        monkeypatch.setattr(_fetch, "PROGRESS_EVERY", 0.2)
        url = server.route("/limited", {"status": 429, "headers": {"Retry-After": "1"}}, {"status": 200, "body": "x"})
        _fetch.fetch([{"url": url}], policy=FAST, description="limited")
        assert "waiting for a rate limit" in capsys.readouterr().err

    def test_progress_false_is_silent(self, server, cache_dir, capsys, monkeypatch):
        monkeypatch.setattr(_fetch, "PROGRESS_EVERY", 0.0)
        url = server.route("/quiet", {"status": 200, "body": "x", "delay": 0.1})
        _fetch.fetch([{"url": f"{url}?i={i}"} for i in range(3)], policy={**FAST, "max_concurrent": 1}, progress=False)
        assert capsys.readouterr().err == ""


# ------------------------------------------------------------------------------------ unknown and unpublished

class TestWikimediaLag:
    def _items(self, agent, days, views):
        return json.dumps({"items": [{"project": "en.wikipedia", "article": "PyTorch", "granularity": "daily",
                                      "timestamp": d.strftime("%Y%m%d00"), "access": "all-access", "agent": agent,
                                      "views": views} for d in days]})

    def test_unpublished_days_are_nan_and_gaps_inside_are_zero(self, server, cache_dir):
        end = _today() - pd.Timedelta(days=1)
        start = end - pd.Timedelta(days=9)
        published = [d for d in pd.date_range(start, end - pd.Timedelta(days=2)) if d != start + pd.Timedelta(days=3)]
        path = (f"/metrics/pageviews/per-article/en.wikipedia/all-access/user/PyTorch/daily/"
                f"{start:%Y%m%d}00/{end:%Y%m%d}00")
        server.route(path, {"status": 200, "body": self._items("user", published, 100)})
        frame = sources.wikipedia_pageviews("PyTorch", start, end, base_url=server.url)
        user = frame["user"]
        assert len(user) == 10 and user.iloc[3] == 0.0  # a day without views inside the published range
        assert user.iloc[-2:].isna().all()  # not published yet: unknown, never 0
        assert frame.attrs["last_complete_day"] == str((end - pd.Timedelta(days=2)).date())

    def test_old_windows_are_complete(self, server, cache_dir):
        path = "/metrics/pageviews/per-article/en.wikipedia/all-access/user/PyTorch/daily/2024010100/2024010500"
        server.route(path, {"status": 200, "body": self._items("user", pd.date_range("2024-01-01", "2024-01-03"), 7)})
        user = sources.wikipedia_pageviews("PyTorch", "2024-01-01", "2024-01-05", base_url=server.url)["user"]
        assert user.tolist() == [7.0, 7.0, 7.0, 0.0, 0.0]

    def test_a_404_for_one_agent_does_not_fail_the_call(self, server, cache_dir):
        base = "/metrics/pageviews/per-article/en.wikipedia/all-access/{}/PyTorch/daily/2024010100/2024010200"
        server.route(base.format("user"), {"status": 200, "body": self._items("user", pd.date_range("2024-01-01", "2024-01-02"), 9)})
        server.route(base.format("automated"), {"status": 404, "body": json.dumps(
            {"detail": "The date(s) you used are valid, but we either do not have data for those date(s), or the "
                       "project you asked for is not loaded yet.", "status": 404, "title": "Not Found"})})
        frame = sources.wikipedia_pageviews("PyTorch", "2024-01-01", "2024-01-02", agents=("user", "automated"),
                                            base_url=server.url)
        assert frame["user"].tolist() == [9.0, 9.0] and frame["automated"].isna().all()
        assert frame.attrs["missing_agents"] and frame.attrs["missing_agents"][0].startswith("automated")

    def test_unknown_article_names_it(self, server, cache_dir):
        server.route("/metrics/pageviews/per-article/en.wikipedia/all-access/user/PyTorchh/daily/2024010100/2024010200",
                     {"status": 404, "body": '{"detail": "not found", "status": 404, "title": "Not Found"}'})
        with pytest.raises(uptake.NetworkError, match="PyTorchh"):
            sources.wikipedia_pageviews("PyTorchh", "2024-01-01", "2024-01-02", base_url=server.url)


class TestClickPyNamesAndLag:
    def test_misspelled_package_raises_with_close_matches(self, clickhouse, cache_dir):
        with pytest.raises(ValueError, match=r"no PyPI project 'tensorflw'.*close matches: tensorflow"):
            sources.clickhouse_pypi("tensorflw", "2024-01-01", "2024-01-31", base_url=clickhouse.url)

    def test_unknown_without_close_match(self, clickhouse, cache_dir):
        with pytest.raises(ValueError, match="'zzqqxx'.*no close match"):
            sources.clickhouse_pypi(["torch", "zzqqxx"], "2024-01-01", "2024-01-31", base_url=clickhouse.url)

    def test_known_project_without_downloads_is_zero_not_an_error(self, clickhouse, cache_dir):
        frame = sources.clickhouse_pypi(["torch", "never-downloaded"], "2024-01-01", "2024-01-10", base_url=clickhouse.url)
        assert (frame["never-downloaded"] == 0).all()

    def test_days_not_loaded_yet_are_nan(self, clickhouse, cache_dir):
        frame = sources.clickhouse_pypi("torch", "2024-12-20", "2025-01-10", base_url=clickhouse.url)
        torch = frame["torch"]
        assert torch["2024-12-31"] == 1000 + 600 + 365 - 600 + 0 or torch["2024-12-31"] > 0
        assert torch["2025-01-01":].isna().all() and torch[:"2024-12-31"].notna().all()
        assert frame.attrs["last_complete_day"] == "2024-12-31"

    def test_window_entirely_after_the_data_is_all_nan(self, clickhouse, cache_dir):
        frame = sources.clickhouse_pypi("torch", "2025-03-01", "2025-03-05", base_url=clickhouse.url)
        assert frame["torch"].isna().all() and frame.attrs["last_complete_day"] is None


# ------------------------------------------------------------------------------------------------- parsers

ATOM = "http://www.w3.org/2005/Atom"
OS = "http://a9.com/-/spec/opensearch/1.1/"


class TestArxivXml:
    VARIANTS = {
        "usual_prefix": f'<feed xmlns="{ATOM}" xmlns:opensearch="{OS}"><opensearch:totalResults>42</opensearch:totalResults></feed>',
        "other_prefix": f'<feed xmlns="{ATOM}" xmlns:os="{OS}"><os:totalResults>42</os:totalResults></feed>',
        "inline_default": f'<?xml version="1.0"?>\n<feed xmlns="{ATOM}"><title type="html">q</title>'
                          f'<totalResults xmlns="{OS}">42</totalResults></feed>',
        "inline_prefix_attrs": f"<a:feed xmlns:a='{ATOM}'><!-- c --><o:totalResults xmlns:o='{OS}' note='x &amp; y'>"
                               f"\n  42\n</o:totalResults><a:entry><a:title>Fine</a:title></a:entry></a:feed>",
        "cdata_and_refs": f'<feed xmlns="{ATOM}" xmlns:opensearch="{OS}"><title><![CDATA[a <b> & c]]></title>'
                          f'<opensearch:totalResults>&#52;&#x32;</opensearch:totalResults></feed>',
    }

    @pytest.mark.parametrize("name", sorted(VARIANTS))
    def test_namespace_variants(self, name):
        obs = uptake._core.arxiv_parse(self.VARIANTS[name].encode(), "http://t/q", 19723, "q")
        assert list(obs["value"]) == [42.0]

    @pytest.mark.parametrize("body, message", [
        (f'<feed xmlns="{ATOM}"><totalResults>42</totalResults></feed>', "no totalResults"),  # wrong namespace
        (f'<feed xmlns="{ATOM}" xmlns:os="{OS}"><os:totalResults>many</os:totalResults></feed>', "not a count"),
        (f'<!DOCTYPE feed [<!ENTITY x SYSTEM "file:///etc/passwd">]><feed xmlns="{ATOM}">&x;</feed>', "document type"),
        (f'<feed xmlns="{ATOM}"><os:totalResults>1</os:totalResults></feed>', "undeclared namespace prefix"),
        (f'<feed xmlns="{ATOM}" xmlns:os="{OS}"><os:totalResults>1</os:totalResults>', "unclosed element"),
        ("<html><body>Service unavailable</body></html>", "expected an Atom <feed>"),
    ])
    def test_bad_feeds_are_parse_errors(self, body, message):
        with pytest.raises(uptake.ParseError, match=message):
            uptake._core.arxiv_parse(body.encode(), "http://t/q", 0, "q")

    def test_error_entry_with_any_prefix(self):
        body = (f"<a:feed xmlns:a='{ATOM}' xmlns:o='{OS}'><o:totalResults>1</o:totalResults><a:entry>"
                "<a:id>https://arxiv.org/api/errors#incorrect_id</a:id><a:title>Error</a:title>"
                "<a:summary>incorrect id format</a:summary></a:entry></a:feed>")
        with pytest.raises(uptake.ParseError, match="incorrect id format"):
            uptake._core.arxiv_parse(body.encode(), "http://t/q", 0, "q")

    def test_arxiv_manual_serialisation_through_the_source(self, server, cache_dir):
        body = (f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="{ATOM}">\n  <title type="html">ArXiv Query</title>\n'
                f'  <opensearch:totalResults xmlns:opensearch="{OS}">1234</opensearch:totalResults>\n</feed>\n')
        server.route("/api/query", {"status": 200, "body": body})
        s = sources.arxiv("abs:jax", "2024-01-01", "2024-01-31", base_url=server.url + "/api")
        assert s.tolist() == [1234.0] and s.attrs["last_complete_day"] == "2024-01-31"


class TestGoogleTrendsVariants:
    def test_hourly_export_is_refused_clearly(self, tmp_path):
        p = tmp_path / "hourly.csv"
        p.write_text("Category: All categories\n\nTime,jax: (Worldwide)\n2026-09-26T00,40\n2026-09-26T01,38\n")
        with pytest.raises(uptake.ParseError, match="hourly export .*2026-09-26T00.*longer than 7 days"):
            uptake.read_google_trends(p)

    def test_time_header_without_preamble_daily(self, tmp_path):
        p = tmp_path / "b.csv"
        p.write_text('"Time","word1"\n"2020-01-01",48\n"2020-01-02",50\n')
        frame = uptake.read_google_trends(p)
        assert frame["word1"].tolist() == [48.0, 50.0] and frame.attrs["granularity"] == "day"
        assert frame.attrs["last_complete_day"] == "2020-01-01"  # the newest row may still be in progress


class TestStarHistoryBuckets:
    def test_weekly_buckets_without_days_give_a_weekly_series(self, server, cache_dir):
        weeks = [{"week": 1705190400, "total": 7}, {"week": 1704585600, "total": 3}]  # newest first
        server.route("/repos/org/proj/stargazers/history", {"status": 200, "body": json.dumps(weeks)})
        s = sources.github_stars("org/proj", base_url=server.url)
        assert s.tolist() == [3.0, 7.0] and list(s.index) == [pd.Timestamp("2024-01-07"), pd.Timestamp("2024-01-14")]
        assert s.attrs["granularity"] == "week" and s.attrs["unit"] == "stars/week"

    def test_mixed_buckets_are_weekly_too(self, server, cache_dir):
        weeks = [{"week": 1705190400, "total": 7, "days": [1, 1, 1, 1, 1, 1, 1]}, {"week": 1704585600, "total": 3}]
        server.route("/repos/org/mix/stargazers/history", {"status": 200, "body": json.dumps(weeks)})
        s = sources.github_stars("org/mix", base_url=server.url)
        assert s.tolist() == [3.0, 7.0] and s.attrs["granularity"] == "week"

    def test_daily_breakdown_stops_at_yesterday(self, server, cache_dir):
        today = _today()
        sunday = today - pd.Timedelta(days=(today.day_of_week + 1) % 7)
        week = int(sunday.timestamp())
        server.route("/repos/org/now/stargazers/history",
                     {"status": 200, "body": json.dumps([{"week": week, "total": 7, "days": [1] * 7}])})
        s = sources.github_stars("org/now", base_url=server.url)
        yesterday = today - pd.Timedelta(days=1)
        assert s.attrs["last_complete_day"] == str(min(yesterday, sunday + pd.Timedelta(days=6)).date())
        assert (s.index <= yesterday).all()  # days not over yet are not reported as 0 stars


class TestOpenAlexFilters:
    def test_commas_and_colons_do_not_split_the_filter(self, server, cache_dir):
        body = {"meta": {"count": 5, "groups_count": 1}, "group_by": [{"key": "2021", "key_display_name": "2021", "count": 5}]}
        server.route("/works", {"status": 200, "body": json.dumps(body)})
        s = sources.openalex("deep learning, pytorch: a survey|x", "2019-01-01", "2023-12-31", base_url=server.url)
        from urllib.parse import parse_qs, urlsplit

        query = parse_qs(urlsplit(server.requests[0]["path"]).query)
        filters = query["filter"][0].split(",")
        assert filters[0] == "title_and_abstract.search:deep learning  pytorch  a survey x"
        assert [f.split(":")[0] for f in filters] == ["title_and_abstract.search", "from_publication_date", "to_publication_date"]
        # grouped years: the years without works in the requested range are 0, not absent
        assert s.tolist() == [0.0, 0.0, 5.0, 0.0, 0.0]
        assert list(s.index.year) == [2019, 2020, 2021, 2022, 2023]

    def test_search_without_words_is_refused(self, server, cache_dir):
        with pytest.raises(ValueError, match="no words"):
            sources.openalex(" , : ", "2020-01-01", "2020-12-31", base_url=server.url)


# --------------------------------------------------------------------------------------- registry and charts

class TestBreakRegistry:
    def test_corrected_dates(self):
        wiki = uptake.known_breaks("wikipedia_pageviews")
        assert "2020-04-30" in wiki["date"].dt.strftime("%Y-%m-%d").tolist()
        assert "2020-01-01" not in wiki["date"].dt.strftime("%Y-%m-%d").tolist()
        pypi = uptake.known_breaks("pypi")
        spans = {(d.strftime("%Y-%m-%d"), e.strftime("%Y-%m-%d") if pd.notna(e) else None)
                 for d, e in zip(pypi["date"], pypi["end"])}
        assert ("2021-11-26", "2021-12-10") in spans and ("2021-11-22", "2021-11-25") in spans
        assert "2021-11-01" not in {d for d, _ in spans}
        may = pypi[pypi["date"] == "2018-05-23"].iloc[0]
        assert "half" in may["description"] and may["kind"] == "gap"

    @pytest.mark.parametrize("source, date", [("npm", "2018-09-26"), ("npm", "2024-08-28"),
                                              ("google_trends", "2022-01-01"), ("stackexchange", "2022-11-30"),
                                              ("pypi", "2024-02-01")])
    def test_missing_entries_added_with_effect_and_reference(self, source, date):
        table = uptake.known_breaks(source)
        row = table[table["date"] == pd.Timestamp(date)]
        assert len(row) == 1
        assert row.iloc[0]["effect"] and row.iloc[0]["reference"] and row.iloc[0]["kind"] in ("gap", "level", "definition")

    def test_charts_mark_breaks(self):
        fig, ax = plt.subplots()
        ax.plot(pd.date_range("2024-08-01", "2024-09-30"), np.arange(61))
        uptake.plot.mark_breaks(ax, uptake.known_breaks("npm"))
        texts = [t.get_text() for t in ax.texts]
        assert any("0 downloads" in t or "npm" in t for t in texts) and len(ax.patches) >= 1
        plt.close(fig)


# ------------------------------------------------------------------------------------- reports and the CLI

def _offline_env(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("UPTAKE_")}
    closed = f"http://127.0.0.1:{_closed_port()}"
    env.update({variable: (closed if i % 2 else "https://nonexistent.invalid")
                for i, (variable, _) in enumerate(sources.DEFAULT_URLS.values())})
    env["UPTAKE_CACHE_DIR"] = str(tmp_path / "empty-cache")
    env["MPLBACKEND"] = "Agg"
    return env


def _no_network_prefix() -> list:
    if os.geteuid() == 0 and shutil.which("unshare") and shutil.which("ip"):
        if subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0:
            return ["unshare", "-n"]
    return []


class TestReportWithoutNetwork:
    def test_report_without_network_exits_1_quickly_and_writes_a_partial_report(self, tmp_path):
        out = tmp_path / "r.html"
        prefix = _no_network_prefix()
        env = _offline_env(tmp_path)
        if prefix:  # a real network outage: default URLs, no route anywhere
            env = {k: v for k, v in env.items() if not k.endswith("_URL") or not k.startswith("UPTAKE_")}
        done = subprocess.run(prefix + [sys.executable, "-m", "uptake", "report", "torch", "tensorflow", "-o", str(out)],
                              env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 1, done.stderr
        failed = [l for l in done.stderr.splitlines() if l.startswith("uptake report: failed:")]
        assert len(failed) == 10  # 2 packages x 5 signals, one short line each
        assert all(len(l) < 260 for l in failed)
        html = out.read_text()
        assert "Partial report" in html and "No analysis ran" in html
        assert "Newey-West" not in html and "weekly-profile unmixing" not in html  # methods that did not run

    def test_offline_with_an_empty_cache_exits_1(self, tmp_path):
        out = tmp_path / "r.html"
        done = subprocess.run([sys.executable, "-m", "uptake", "report", "torch", "--signals", "downloads", "--offline",
                               "-o", str(out)], env=_offline_env(tmp_path), capture_output=True, text=True, timeout=300)
        assert done.returncode == 1 and "offline" in done.stderr and out.exists()

    def test_partial_comparison_lists_freshness_and_only_methods_that_ran(self, server, cache_dir, monkeypatch):
        items = [{"project": "en.wikipedia", "article": "PyTorch", "granularity": "daily", "timestamp": d.strftime("%Y%m%d00"),
                  "access": "all-access", "agent": "user", "views": 100 + i % 7}
                 for i, d in enumerate(pd.date_range("2023-01-02", "2024-06-30"))]
        server.route("/metrics/pageviews/per-article/en.wikipedia/all-access/user/PyTorch/daily/2023010200/2024063000",
                     {"status": 200, "body": json.dumps({"items": items})})
        monkeypatch.setenv("UPTAKE_WIKIMEDIA_URL", server.url)
        monkeypatch.setenv("UPTAKE_CLICKHOUSE_URL", f"http://127.0.0.1:{_closed_port()}")
        c = uptake.compare(["torch"], signals=["downloads", "pageviews"], start="2023-01-02", end="2024-06-30")
        assert c.partial and len(c.problems) == 1 and c.problems[0].startswith("PyTorch downloads:")
        fresh = c.freshness()
        assert fresh.set_index("signal").loc["pageviews", "last_complete_day"] == "2024-06-30"
        assert "Data up to" in c.summary() and "PARTIAL" in c.summary()
        html = uptake.report.render_html(c)
        assert "Partial report" in html and "weekly-profile unmixing" not in html and "Prais-Winsten" in html
        assert "last_complete_day" in html


class TestStackExchangeUnknownTag:
    def test_unknown_tag_raises_with_tags_containing_it(self, server, cache_dir):
        server.route("/questions", {"status": 200, "body": json.dumps({"total": 0})})
        server.route("/tags", {"status": 200, "body": json.dumps({"items": [
            {"name": "pytorch-lightning", "count": 3000}, {"name": "pytorch-geometric", "count": 1500}],
            "has_more": False, "quota_max": 300, "quota_remaining": 290})})
        with pytest.raises(ValueError, match="no tag 'pytorh'.*pytorch-lightning"):
            sources.stackexchange("pytorh", "2024-01-01", "2024-02-29", base_url=server.url)

    def test_known_tag_with_no_questions_is_zero(self, server, cache_dir):
        server.route("/questions", {"status": 200, "body": json.dumps({"total": 0})})
        server.route("/tags", {"status": 200, "body": json.dumps({"items": [{"name": "rare-tag", "count": 2}]})})
        s = sources.stackexchange("rare-tag", "2024-01-01", "2024-02-29", base_url=server.url)
        assert s.tolist() == [0.0, 0.0] and s.attrs["last_complete_day"] == "2024-02-29"
        assert server.count("/tags") == 1


class TestGoogleTrendsOrder:
    def test_duplicate_dates_are_refused(self, tmp_path):
        p = tmp_path / "dup.csv"
        p.write_text("Day,jax: (Worldwide)\n2024-01-01,4\n2024-01-01,5\n")
        with pytest.raises(uptake.ParseError, match="duplicate or unordered"):
            uptake.read_google_trends(p)


class TestNpmLag:
    def test_days_not_landed_yet_are_nan(self, server, cache_dir):
        end = _today() - pd.Timedelta(days=1)
        start = end - pd.Timedelta(days=5)
        days = pd.date_range(start, end)
        body = {"start": f"{start:%Y-%m-%d}", "end": f"{end:%Y-%m-%d}", "package": "left-pad",
                "downloads": [{"day": f"{d:%Y-%m-%d}", "downloads": 0 if d == end else 50} for d in days]}
        server.route(f"/downloads/range/{start:%Y-%m-%d}:{end:%Y-%m-%d}/left-pad", {"status": 200, "body": json.dumps(body)})
        s = sources.npm("left-pad", start, end, base_url=server.url, outages="keep")
        assert np.isnan(s.iloc[-1]) and (s.iloc[:-1] == 50).all()
        assert s.attrs["last_complete_day"] == str((end - pd.Timedelta(days=1)).date())


class TestUnknownRepository:
    def test_github_404_names_the_repository(self, server, cache_dir):
        server.route("/repos/org/nope", {"status": 404, "body": '{"message": "Not Found"}'})
        with pytest.raises(uptake.NetworkError, match="repos/org/nope.*404"):
            sources.github_repo("org/nope", base_url=server.url)


class TestFallback:
    def test_no_network_and_no_cache_falls_back_to_the_labelled_sample(self, cache_dir, monkeypatch, capsys):
        monkeypatch.delenv("UPTAKE_SAMPLE", raising=False)
        for variable, _ in sources.DEFAULT_URLS.values():
            monkeypatch.setenv(variable, f"http://127.0.0.1:{_closed_port()}")
        c = uptake.fallback.compare_or_sample(["torch", "tensorflow"], signals=["downloads"])
        out = capsys.readouterr().out.strip().splitlines()
        assert c.simulated and len(out) == 1 and out[0].startswith("No network") and "simulated sample" in out[0]

    def test_fetch_or_cached_live_then_nothing(self, server, cache_dir, monkeypatch, capsys):
        monkeypatch.delenv("UPTAKE_SAMPLE", raising=False)
        path = "/metrics/pageviews/per-article/en.wikipedia/all-access/user/PyTorch/daily/2024010100/2024010300"
        items = [{"timestamp": f"2024010{d}00", "views": 5, "agent": "user"} for d in (1, 2, 3)]
        server.route(path, {"status": 200, "body": json.dumps({"items": items})})
        first = uptake.fallback.fetch_or_cached(sources.wikipedia_pageviews, "PyTorch", "2024-01-01", "2024-01-03",
                                                base_url=server.url)
        assert first["user"].tolist() == [5.0] * 3 and capsys.readouterr().out == ""
        dead = f"http://127.0.0.1:{_closed_port()}"
        # the same request to a dead server: no cached answer under that URL, so the fallback says so and gives None
        assert uptake.fallback.fetch_or_cached(sources.wikipedia_pageviews, "PyTorch", "2024-01-01", "2024-01-03",
                                               base_url=dead) is None
        assert capsys.readouterr().out.startswith("No network")

    def test_sample_switch(self, monkeypatch, capsys):
        monkeypatch.setenv("UPTAKE_SAMPLE", "1")
        assert uptake.fallback.fetch_or_cached(sources.arxiv, "abs:x", "2024-01-01") is None
        assert "UPTAKE_SAMPLE" in capsys.readouterr().out
