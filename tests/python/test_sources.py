"""Every source against local servers: the fault server replaying each API's real formats (our own fixtures,
modelled on the recorded samples), and a real ClickHouse for the SQL sources."""

import json
import time

import numpy as np
import pandas as pd
import pytest

import uptake
from uptake import sources


@pytest.fixture
def api(server, cache_dir):
    return server


class TestPypistats:
    def test_overall_zero_filled(self, api):
        body = {"data": [{"category": "with_mirrors", "date": "2026-03-29", "downloads": 120},
                         {"category": "with_mirrors", "date": "2026-03-31", "downloads": 140},
                         {"category": "without_mirrors", "date": "2026-03-29", "downloads": 100},
                         {"category": "without_mirrors", "date": "2026-03-31", "downloads": 110}],
                "package": "torch", "type": "overall_downloads"}
        api.route("/api/packages/torch/overall", {"status": 200, "body": json.dumps(body)})
        frame = sources.pypistats("Torch", base_url=api.url + "/api")
        assert list(frame.columns) == ["with_mirrors", "without_mirrors"]
        assert frame["with_mirrors"].tolist() == [120.0, 0.0, 140.0]
        assert frame.index.freqstr == "D" and frame.attrs["source"] == "pypistats"
        assert api.requests[0]["path"] == "/api/packages/torch/overall"

    def test_429_html_then_success(self, api):
        html = '<a href="/api/#etiquette">429 RATE LIMIT EXCEEDED</a>'
        ok = json.dumps({"data": [{"category": "Linux", "date": "2026-01-01", "downloads": 5}]})
        api.route("/api/packages/jax/system", {"status": 429, "body": html}, {"status": 200, "body": ok})
        frame = sources.pypistats("jax", kind="system", base_url=api.url + "/api")
        assert frame["Linux"].tolist() == [5.0]

    def test_malformed_payload_is_a_parse_error_naming_source_and_url(self, api):
        api.route("/api/packages/keras/overall", {"status": 200, "body": '{"rows": []}'})
        with pytest.raises(uptake.ParseError, match=r"pypistats: cannot read the response of http://127.0.0.1:\d+/api/packages/keras/overall: expected"):
            sources.pypistats("keras", base_url=api.url + "/api")

    def test_bad_arguments(self, api):
        with pytest.raises(ValueError, match="kind must be"):
            sources.pypistats("torch", kind="country", base_url=api.url)
        with pytest.raises(ValueError, match="invalid character"):
            sources.pypistats("torch/../x", base_url=api.url)


class TestNpm:
    def test_chunks_stitch_and_outages(self, api):
        def window(a, b, value):
            days = pd.date_range(a, b)
            return json.dumps({"start": a, "end": b, "package": "@tensorflow/tfjs",
                               "downloads": [{"downloads": 0 if d == pd.Timestamp("2023-06-01") else value, "day": d.strftime("%Y-%m-%d")}
                                             for d in days]})
        api.route("/downloads/range/2023-01-01:2023-12-31/@tensorflow/tfjs", {"status": 200, "body": window("2023-01-01", "2023-12-31", 1000)})
        api.route("/downloads/range/2024-01-01:2024-03-31/@tensorflow/tfjs", {"status": 200, "body": window("2024-01-01", "2024-03-31", 2000)})
        s = sources.npm("@tensorflow/tfjs", "2023-01-01", "2024-03-31", base_url=api.url)
        assert len(s) == 456 and s.name == "@tensorflow/tfjs"
        assert np.isnan(s["2023-06-01"]) and s.attrs["outage_days"] == ["2023-06-01"]
        assert s["2024-02-01"] == 2000.0
        kept = sources.npm("@tensorflow/tfjs", "2023-01-01", "2024-03-31", base_url=api.url, outages="keep")
        assert kept["2023-06-01"] == 0.0

    def test_clamped_answer_is_an_error(self, api):
        api.route("/downloads/range/2015-01-10:2016-01-09/left-pad",
                  {"status": 200, "body": json.dumps({"start": "2015-06-01", "end": "2016-01-09", "package": "left-pad", "downloads": []})})
        with pytest.raises(uptake.ParseError, match="clamps long ranges silently"):
            sources.npm("left-pad", "2014-01-01", "2016-01-09", base_url=api.url)

    def test_error_json(self, api):
        api.route("/downloads/range/2024-01-01:2024-01-02/nope", {"status": 404, "body": '{"error":"package nope not found"}'})
        with pytest.raises(uptake.NetworkError, match="package nope not found"):
            sources.npm("nope", "2024-01-01", "2024-01-02", base_url=api.url)


class TestWikipedia:
    def test_agents_and_zero_days(self, api):
        def items(agent, views):
            return json.dumps({"items": [{"project": "en.wikipedia", "article": "PyTorch", "granularity": "daily",
                                          "timestamp": f"202608{d:02d}00", "access": "all-access", "agent": agent,
                                          "views": views} for d in (1, 3)]})
        base = "/api/rest_v1/metrics/pageviews/per-article/en.wikipedia/all-access"
        api.route(f"{base}/user/PyTorch/daily/2026080100/2026080300", {"status": 200, "body": items("user", 4000)})
        api.route(f"{base}/spider/PyTorch/daily/2026080100/2026080300", {"status": 200, "body": items("spider", 30)})
        frame = sources.wikipedia_pageviews("PyTorch", "2026-08-01", "2026-08-03", agents=("user", "spider"),
                                            base_url=api.url + "/api/rest_v1")
        assert frame["user"].tolist() == [4000.0, 0.0, 4000.0] and frame["spider"].iloc[0] == 30.0
        assert "uptake/" in api.requests[0]["headers"]["user-agent"]

    def test_404_names_the_article(self, api):
        api.route("/metrics/pageviews/per-article/en.wikipedia/all-access/user/Pytorch_typo/daily/2026080100/2026080300",
                  {"status": 404, "body": '{"detail":"The date(s) you used are valid, but we either do not have data","status":404}'})
        with pytest.raises(uptake.NetworkError, match="no data for 'Pytorch typo'"):
            sources.wikipedia_pageviews("Pytorch typo", "2026-08-01", "2026-08-03", base_url=api.url)


class TestStackExchange:
    def test_monthly_totals_and_backoff(self, api):
        api.route("/2.3/questions", {"status": 200, "body": json.dumps({"total": 1200, "backoff": 1})},
                  {"status": 200, "body": json.dumps({"total": 1300})})
        s = sources.stackexchange("pytorch", "2024-01-01", "2024-02-29", base_url=api.url + "/2.3")
        assert s.tolist() == [1200.0, 1300.0] and s.index[1] == pd.Timestamp("2024-02-01")
        first, second = api.requests
        assert "fromdate=1704067200" in first["path"] and "todate=1706745599" in first["path"]
        assert second["time"] - first["time"] >= 0.95  # the backoff field was honoured

    def test_throttle_violation_is_explained_without_the_key(self, api):
        api.route("/questions", {"status": 400, "body": json.dumps({"error_id": 502, "error_name": "throttle_violation",
                  "error_message": "too many requests from this IP, more requests available in 10830 seconds"})})
        with pytest.raises(uptake.NetworkError, match="available in 10830 seconds") as err:
            sources.stackexchange("jax", "2024-01-01", "2024-01-31", key="SEKEY12345", base_url=api.url)
        assert "SEKEY12345" not in str(err.value)


class TestArxiv:
    FEED = """<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns="http://www.w3.org/2005/Atom">
  <opensearch:itemsPerPage>1</opensearch:itemsPerPage>
  <opensearch:totalResults>{n}</opensearch:totalResults>
  <opensearch:startIndex>0</opensearch:startIndex>
</feed>"""

    def test_monthly_counts(self, api):
        # The two monthly windows are fetched concurrently: answer by the window in the query, not by arrival order.
        api.route("/api/query", {"by_query": [("202401010000", {"status": 200, "body": self.FEED.format(n=150)}),
                                              ("202402010000", {"status": 200, "body": self.FEED.format(n=0)})]})
        s = sources.arxiv("abs:pytorch", "2024-01-01", "2024-02-29", base_url=api.url + "/api")
        assert s.tolist() == [150.0, 0.0]
        assert any("submittedDate%3A%5B202401010000%20TO%20202401312359%5D" in r["path"] for r in api.requests)

    def test_error_feed_is_not_a_count(self, api):
        error = """<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns="http://www.w3.org/2005/Atom">
  <opensearch:totalResults>1</opensearch:totalResults>
  <entry><id>https://arxiv.org/api/errors#bad_query</id><title>Error</title><summary>malformed query</summary></entry>
</feed>"""
        api.route("/query", {"status": 400, "body": error})
        with pytest.raises(uptake.ParseError, match="arxiv: the API reports an error .*: malformed query"):
            sources.arxiv("abs:(", "2024-01-01", "2024-01-31", base_url=api.url)


class TestOpenAlex:
    def test_yearly_groups_sorted_and_key_secret(self, api):
        body = {"meta": {"count": 300, "groups_count": 3},
                "group_by": [{"key": "2022", "key_display_name": "2022", "count": 200},
                             {"key": "2020", "key_display_name": "2020", "count": 40},
                             {"key": "2021", "key_display_name": "2021", "count": 60}]}
        api.route("/works", {"status": 200, "body": json.dumps(body)})
        s = sources.openalex("pytorch", "2020-01-01", "2022-12-31", api_key="OAKEY99999", base_url=api.url)
        assert s.tolist() == [40.0, 60.0, 200.0] and s.index[0] == pd.Timestamp("2020-01-01")
        assert "group_by=publication_year" in api.requests[0]["path"]
        assert all("OAKEY99999" not in q for q in s.attrs["query"])

    def test_monthly_meta_count_and_error(self, api):
        api.route("/works", {"status": 200, "body": json.dumps({"meta": {"count": 12}, "results": []})})
        s = sources.openalex("jax", "2024-01-01", "2024-02-29", freq="M", base_url=api.url)
        assert s.tolist() == [12.0, 12.0]
        api.route("/works", {"status": 400, "body": json.dumps({"error": "Invalid query parameters error.", "message": "bad filter"})})
        with pytest.raises(uptake.NetworkError, match="Invalid query parameters"):
            sources.openalex("jax", "2023-01-01", "2023-01-31", freq="M", base_url=api.url)


class TestGitHub:
    def test_repo_snapshot_with_token(self, api):
        repo = {"full_name": "pytorch/pytorch", "stargazers_count": 90000, "forks_count": 24000,
                "subscribers_count": 1700, "open_issues_count": 15000, "watchers_count": 90000}
        api.route("/repos/pytorch/pytorch", {"status": 200, "body": json.dumps(repo)})
        s = sources.github_repo("pytorch/pytorch", token="ghp_TOKEN123456", base_url=api.url)
        assert s["stars"] == 90000 and s["watchers"] == 1700
        assert api.requests[0]["headers"]["authorization"] == "Bearer ghp_TOKEN123456"

    def test_commit_activity_polls_202(self, api):
        weeks = [{"days": [0, 3, 2, 5, 1, 0, 0], "total": 11, "week": 1704585600},
                 {"days": [0, 1, 1, 1, 1, 1, 0], "total": 5, "week": 1705190400}]
        api.route("/repos/org/proj/stats/commit_activity", {"status": 202, "body": ""},
                  {"status": 200, "body": json.dumps(weeks)})
        s = sources.github_commit_activity("org/proj", base_url=api.url)
        assert s.tolist() == [11.0, 5.0] and s.index[0] == pd.Timestamp("2024-01-07")

    def test_star_history_pages(self, api):
        page1 = [{"week": 1705190400, "total": 7, "days": [1, 1, 1, 1, 1, 1, 1]}]
        page2 = [{"week": 1704585600, "total": 3, "days": [0, 0, 1, 0, 2, 0, 0]}]
        api.route("/repos/org/proj/stargazers/history", {"status": 200, "body": json.dumps(page1),
                  "headers": {"Link": '<x?page=2>; rel="next"'}}, {"status": 200, "body": json.dumps(page2)})
        s = sources.github_stars("org/proj", base_url=api.url)
        assert s.sum() == 10 and len(s) == 14 and s.index[0] == pd.Timestamp("2024-01-07")

    def test_bad_repo_name(self, api):
        with pytest.raises(ValueError, match="owner/name"):
            sources.github_repo("pytorch", base_url=api.url)


class TestBigQuery:
    def test_polls_pages_and_decodes_strings(self, api, monkeypatch):
        schema = {"fields": [{"name": "date", "type": "STRING"}, {"name": "installer", "type": "STRING"},
                             {"name": "ci", "type": "STRING"}, {"name": "downloads", "type": "INTEGER"}]}
        pending = {"kind": "bigquery#queryResponse", "jobReference": {"projectId": "p", "jobId": "job_1", "location": "US"},
                   "jobComplete": False}
        page1 = {"jobReference": pending["jobReference"], "jobComplete": True, "schema": schema, "totalRows": "3",
                 "pageToken": "tok2", "rows": [{"f": [{"v": "2024-01-01"}, {"v": "pip"}, {"v": "true"}, {"v": "12"}]},
                                               {"f": [{"v": "2024-01-01"}, {"v": "pip"}, {"v": "null"}, {"v": "30"}]}]}
        page2 = {"jobReference": pending["jobReference"], "jobComplete": True, "schema": schema, "totalRows": "3",
                 "rows": [{"f": [{"v": "2024-01-01"}, {"v": "uv"}, {"v": "null"}, {"v": "8"}]}]}
        api.route("/projects/my-proj/queries", {"status": 200, "body": json.dumps(pending)})
        api.route("/projects/my-proj/queries/job_1", {"status": 200, "body": json.dumps(page1)},
                  {"status": 200, "body": json.dumps(page2)})
        monkeypatch.setenv("GOOGLE_OAUTH_ACCESS_TOKEN", "ya29.SECRET_TOKEN")
        frame = sources.bigquery_pypi("torch", "2024-01-01", "2024-01-01", billing_project="my-proj", base_url=api.url)
        assert frame["downloads"].tolist() == [12.0, 30.0, 8.0] and frame["installer"].tolist() == ["pip", "pip", "uv"]
        body = json.loads(api.requests[0]["body"])
        assert "file.project = 'torch'" in body["query"] and body["useLegacySql"] is False
        assert "pageToken=tok2" in api.requests[2]["path"]
        assert all("ya29.SECRET_TOKEN" not in q for q in frame.attrs["query"])

    def test_needs_project_and_token(self, api, monkeypatch):
        monkeypatch.delenv("GOOGLE_OAUTH_ACCESS_TOKEN", raising=False)
        monkeypatch.delenv("GOOGLE_CLOUD_PROJECT", raising=False)
        with pytest.raises(ValueError, match="billing_project"):
            sources.bigquery_pypi("torch", "2024-01-01", base_url=api.url)
        with pytest.raises(ValueError, match="token"):
            sources.bigquery_pypi("torch", "2024-01-01", billing_project="p", base_url=api.url)


class TestGoogleTrends:
    def test_weekly_two_terms(self, tmp_path):
        p = tmp_path / "multiTimeline.csv"
        p.write_text("Category: All categories\n\nWeek,pytorch: (Worldwide),tensorflow: (Worldwide)\n"
                     "2024-01-07,40,<1\n2024-01-14,45,30\n", encoding="utf-8")
        frame = uptake.read_google_trends(p)
        assert list(frame.columns) == ["pytorch: (Worldwide)", "tensorflow: (Worldwide)"]
        assert frame.iloc[0, 1] == 0.5 and frame.attrs["granularity"] == "week"
        assert np.isnan(uptake.read_google_trends(p, less_than_one=float("nan")).iloc[0, 1])

    def test_localised_monthly_quoted_and_bom(self, tmp_path):
        p = tmp_path / "ru.csv"
        p.write_bytes("\ufeffКатегория: Все категории\n\nМесяц,\"\"\"jax\"\": (По всему миру)\"\n2024-01,12\n2024-02,15\n".encode("utf-8"))
        frame = uptake.read_google_trends(p)
        assert frame.columns[0] == '"jax": (По всему миру)' and frame.attrs["granularity"] == "month"
        assert frame.index[1] == pd.Timestamp("2024-02-01")

    @pytest.mark.parametrize("text, message", [
        ("just some text\n", "no header"),
        ("Week,a\n2024-01-07,101\n2024-01-14,3\n", "not 0..100"),
        ("Week,a,b\n2024-01-07,1,2\n2024-01-14,3\n", "has 2 fields"),
    ])
    def test_bad_files(self, tmp_path, text, message):
        p = tmp_path / "bad.csv"
        p.write_text(text)
        with pytest.raises(uptake.ParseError, match=message):
            uptake.read_google_trends(p)
        with pytest.raises(ValueError, match="cannot read"):
            uptake.read_google_trends(tmp_path / "missing.csv")


class TestClickHouse:
    def test_daily_totals_summed_server_side(self, clickhouse, cache_dir):
        frame = sources.clickhouse_pypi(["torch", "TensorFlow"], "2024-01-01", "2024-01-10", base_url=clickhouse.url)
        assert list(frame.columns) == ["torch", "tensorflow"]
        assert frame["torch"].tolist() == [1000.0 + i for i in range(10)]  # two unmerged rows per day summed
        assert (frame["tensorflow"] == 500).all() and frame.index.freqstr == "D"

    def test_split_by_installer_and_ci(self, clickhouse, cache_dir):
        long = sources.clickhouse_pypi("torch", "2024-01-01", "2024-01-31", by=["installer", "ci"], base_url=clickhouse.url)
        day = long[long["date"] == "2024-01-02"].set_index(["installer", "ci"])["downloads"]
        assert day[("pip", "true")] == 10 and day[("pip", "false")] == 20
        assert day[("uv", "true")] == 5 and day[("bandersnatch", "unknown")] == 7
        assert long["date"].nunique() == 31

    def test_streaming_results_are_cut_by_the_row_cap(self, clickhouse):
        """What the detection guards against: with result_overflow_mode=break the server stops at a block
        boundary and still answers HTTP 200 (18.16 does this for streaming queries; current servers also for
        aggregates)."""
        out = clickhouse.query("SELECT number FROM system.numbers LIMIT 200000",
                               "max_result_rows=1000&result_overflow_mode=break")
        assert 1000 <= len(out.split()) < 200000

    def test_row_cap_truncation_is_detected(self, server, cache_dir):
        data = json.dumps({"meta": [{"name": "date", "type": "String"}, {"name": "project", "type": "String"},
                                    {"name": "downloads", "type": "Int64"}],
                           "data": [{"date": "2024-01-01", "project": "torch", "downloads": "5"}], "rows": 1})
        count = json.dumps({"meta": [{"name": "n", "type": "UInt64"}], "data": [{"n": "366"}], "rows": 1})
        server.route("/", {"by_body": [("SELECT count() AS n", {"status": 200, "body": count}),
                                       ("SELECT", {"status": 200, "body": data})]})
        with pytest.raises(uptake.ParseError, match=r"returned 1 of 366 rows \(a result-row cap cut the answer\)"):
            sources.clickhouse_pypi("torch", "2024-01-01", "2024-12-31", base_url=server.url)

    def test_exception_after_http_200_is_detected(self, server, cache_dir):
        body = '{"meta": [{"name": "date", "type": "String"}], "data": [{"date": "2024-01-01"},\nCode: 241. DB::Exception: Memory limit exceeded'
        server.route("/", {"status": 200, "body": body})
        with pytest.raises(uptake.ParseError, match="the server failed on query SELECT.*Code: 241"):
            sources.clickhouse_pypi("torch", "2024-01-01", "2024-01-02", base_url=server.url)

    def test_server_error_and_escaping(self, clickhouse, cache_dir):
        with pytest.raises(uptake.NetworkError, match=r"Code: \d+.*Database nope doesn't exist"):
            sources.clickhouse_pypi("torch", "2024-01-01", "2024-01-02", base_url=clickhouse.url, database="nope")
        assert uptake._core.sql_string("it's a \\ test") == "'it\\'s a \\\\ test'"
        with pytest.raises(ValueError, match="cannot split by"):
            sources.clickhouse_pypi("torch", "2024-01-01", "2024-01-02", by=["1; DROP TABLE x"], base_url=clickhouse.url)

    def test_github_stars_from_gh_archive(self, clickhouse, cache_dir):
        s = sources.github_stars("org/proj", "2024-01-01", "2024-01-10", method="clickhouse", clickhouse_url=clickhouse.url)
        assert s.tolist() == [float(d % 5) for d in range(10)]
