"""Quota-sized chunking against emulated services on the fixture server: ClickPy's 10,000-row result cap, and
BigQuery's jobs.query / getQueryResults with dry runs, a bytes quota and paging."""

import datetime as dt
import json

import numpy as np
import pytest

import uptake
from support.quota_servers import BigQueryEmulator, ClickPyEmulator, serve, truth, week_row

WINDOW = ("2023-01-02", "2025-12-28")  # 156 whole weeks
LAST = "2026-01-10"


def _expected(projects, ci=True):
    rows = {}
    for name, p in projects.items():
        monday = dt.date(2023, 1, 2)
        while monday <= dt.date(2025, 12, 22):
            rows[(monday.isoformat(), name)] = week_row(name, monday, p)
            monday += dt.timedelta(days=7)
    return rows


def _check_values(weekly, projects):
    expect = _expected(projects)
    assert len(weekly) == len(expect)
    for row in weekly.sample(200, random_state=1).itertuples():
        e = expect[(row.week.date().isoformat(), row.project)]
        assert (row.downloads, row.weekend_downloads, row.ci_downloads) == (e["downloads"], e["weekend_downloads"],
                                                                          e["ci_downloads"])


class TestClickPyRowCap:
    def test_chunks_stay_under_a_10000_row_cap(self, server, cache_dir):
        projects = truth(300)  # 300 x 156 = 46,800 package-weeks
        emu = ClickPyEmulator(projects, LAST, max_result_rows=10_000)
        url = serve(server, emu)
        weekly = uptake.weekly_downloads(list(projects), *WINDOW, base_url=url)
        assert weekly.attrs["chunks"] == 5 == -(-300 // (10_000 // 156))
        assert 0 < emu.largest <= 10_000
        _check_values(weekly, projects)

    def test_one_query_over_the_cap_fails_loudly_in_both_overflow_modes(self, server, cache_dir):
        projects = truth(300)
        emu = ClickPyEmulator(projects, LAST, max_result_rows=10_000, mode="throw")
        url = serve(server, emu)
        # Throw: the exception arrives after HTTP 200, behind the rows already streamed.
        with pytest.raises(uptake.ParseError, match="Limit for result exceeded"):
            uptake.weekly_downloads(list(projects), *WINDOW, row_cap=0, base_url=url)
        emu.mode = "break"  # break: a well-formed answer, silently cut at the cap
        with pytest.raises(uptake.ParseError, match="returned 10000 of 46800 rows"):
            uptake.weekly_downloads(list(projects), *WINDOW, row_cap=0, base_url=url + "/?cut")

    def test_rank_through_the_cap(self, server, cache_dir):
        projects = truth(120)
        emu = ClickPyEmulator(projects, LAST, max_result_rows=10_000)
        url = serve(server, emu)
        frame = uptake.rank(list(projects), since=WINDOW[0], until=WINDOW[1], base_url=url)
        assert emu.largest <= 10_000 and frame.attrs["chunks"] == 2
        g = frame["project"].map({k: np.expm1(v["g"]) for k, v in projects.items()})
        assert ((frame["growth_low"] <= g) & (g <= frame["growth_high"])).mean() >= 0.88
        ci = frame["project"].map({k: v["ci"] for k, v in projects.items()})
        assert np.allclose(frame["human_share"], 1 - ci, atol=0.01)
        assert frame["share"].notna().all()


class TestBigQueryPlanning:
    KW = dict(source="bigquery", billing_project="bp", token="tok-secret-123")

    def test_chunks_fit_the_bytes_quota_and_pages_are_read(self, server, cache_dir):
        projects = truth(150)
        emu = BigQueryEmulator(projects, LAST, page_rows=3000)
        url = serve(server, emu)
        # A chunk of 64 packages over 3 years would scan 64 x 1,092 x 2 MB = 140 GB: halved to fit 50 GB.
        weekly = uptake.weekly_downloads(list(projects), *WINDOW, base_url=url, max_bytes=50 * 10**9, **self.KW)
        _check_values(weekly, projects)
        assert weekly.attrs["chunks"] == 3 and emu.refused == 0
        assert weekly.attrs["dry_runs"] > weekly.attrs["chunks"]  # some chunks were split by date
        assert weekly.attrs["bytes"] == emu.billed - 31 * 2_000_000  # dry-run bytes of the chunks; + last day
        assert emu.largest <= 3000 and max(emu.chunk_bytes) <= 50 * 10**9
        assert weekly.attrs["rows"] == len(weekly) + 1  # + the last loaded day
        sql = [q for q in emu.queries if "file.project IN" in q]
        assert all("DATE_TRUNC(DATE(timestamp), ISOWEEK)" in q and "COUNTIF(details.ci IS TRUE)" in q for q in sql)
        posts = [r for r in server.requests if r["method"] == "POST"]
        bodies = [json.loads(r["body"]) for r in posts]
        assert all(b["maximumBytesBilled"] == str(50 * 10**9) for b in bodies if not b.get("dryRun"))
        for r in server.requests:  # the token travels in the Authorization header only
            assert r["headers"]["authorization"] == "Bearer tok-secret-123"
            assert "tok-secret" not in r["path"] and b"tok-secret" not in r["body"]

    def test_quota_refusals_and_impossible_quotas(self, server, cache_dir):
        projects = truth(20)
        emu = BigQueryEmulator(projects, LAST)
        url = serve(server, emu)
        with pytest.raises(ValueError, match="one week of this chunk scans 280,000,000 bytes, over max_bytes=100,000,000"):
            uptake.weekly_downloads(list(projects), *WINDOW, base_url=url, max_bytes=10**8, **self.KW)
        # BigQuery's own maximumBytesBilled is the last guard: a dry run that underestimates gets the query
        # refused by the service, never billed.
        emu.dry_run_factor = 0.001
        with pytest.raises(uptake.NetworkError, match="exceeded limit for bytes billed"):
            uptake.weekly_downloads(list(projects)[1:], *WINDOW, base_url=url, max_bytes=10**9, **self.KW)
        assert emu.refused == 1 and set(emu.chunk_bytes) == {31 * 2_000_000}  # only last-loaded-day queries ran
        weekly = uptake.weekly_downloads(list(projects), *WINDOW, base_url=url, max_bytes=0, **self.KW)
        assert weekly.attrs["dry_runs"] == 0 and len(weekly) == 20 * 156  # no quota: one query per chunk
        with pytest.raises(ValueError, match="give billing_project"):
            uptake.weekly_downloads(["a"], *WINDOW, source="bigquery", token="t", base_url=url)
        with pytest.raises(ValueError, match="max_bytes must be"):
            uptake.weekly_downloads(["a"], *WINDOW, base_url=url, max_bytes=-1, **{**self.KW})

    def test_rank_on_bigquery_without_an_affordable_registry_total(self, server, cache_dir):
        projects = truth(60)
        emu = BigQueryEmulator(projects, LAST)
        url = serve(server, emu)
        frame = uptake.rank(list(projects), since=WINDOW[0], until=WINDOW[1], base_url=url, max_bytes=500 * 10**9,
                            **self.KW)
        assert frame["share"].isna().all() and "registry total scans" in frame.attrs["share_note"]
        g = frame["project"].map({k: np.expm1(v["g"]) for k, v in projects.items()})
        assert ((frame["growth_low"] <= g) & (g <= frame["growth_high"])).mean() >= 0.85
        assert frame["rank"].iloc[0] == 1 and frame["project"].iloc[0] in ("q0059", "q0058")
        with pytest.raises(ValueError, match="top 5 scans every project"):
            uptake.rank(top=5, since=WINDOW[0], until=WINDOW[1], base_url=url, max_bytes=500 * 10**9, **self.KW)
        cheap = uptake.rank(list(projects)[:5], since=WINDOW[0], until=WINDOW[1], base_url=url, max_bytes=0,
                            **self.KW)
        assert cheap["share"].notna().all()  # no quota: the total runs

    def test_cli_rank_on_bigquery(self, server, cache_dir, monkeypatch, capsys, tmp_path):
        from uptake.cli import main

        projects = truth(12)
        emu = BigQueryEmulator(projects, LAST)
        url = serve(server, emu)
        monkeypatch.setenv("GOOGLE_OAUTH_ACCESS_TOKEN", "env-token-456")  # secrets come from the environment
        page = tmp_path / "rank.html"
        args = ["rank", *projects, "--since", WINDOW[0], "--until", WINDOW[1], "--source", "bigquery",
                "--billing-project", "bp", "--max-bytes", str(60 * 10**9), "--base-url", url, "--format", "json",
                "--report", str(page)]
        assert main(args) == 0
        rows = json.loads(capsys.readouterr().out)
        assert [r["project"] for r in rows][:2] == ["q0011", "q0010"] and all(r["share"] is None for r in rows)
        assert "bigquery" in page.read_text() and emu.refused == 0 and max(emu.chunk_bytes) <= 60 * 10**9
        assert all(r["headers"]["authorization"] == "Bearer env-token-456" for r in server.requests)
