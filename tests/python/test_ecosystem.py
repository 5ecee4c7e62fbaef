"""Ecosystem scale: planned ClickHouse pushdown and the rank, on a generated ecosystem with known growth."""

import datetime as dt

import numpy as np
import pytest

import uptake
from uptake import _core

N = 200


def _day(s: str) -> int:
    return (dt.date.fromisoformat(s) - dt.date(1970, 1, 1)).days


class TestPlan:
    def test_chunks_respect_the_row_cap_and_cover_whole_weeks(self):
        names = [f"pkg{i}" for i in range(500)]
        plan = _core.clickhouse_weekly_plan(names, _day("2023-01-04"), _day("2025-12-31"), "pypi", 10_000, True)
        assert plan["first"] == _day("2023-01-09") and plan["last"] == _day("2025-12-28")  # Monday .. Sunday
        assert plan["weeks"] == 155
        per_chunk = [len(p) for p in plan["projects"]]
        assert max(per_chunk) * plan["weeks"] <= 10_000 and sum(per_chunk) == 500
        assert len(plan["sql"]) == -(-500 // (10_000 // 155))
        assert "toMonday(date)" in plan["sql"][0] and "countIf(ci = 'true')" in plan["sql"][0]

    def test_one_package_longer_than_the_cap_is_split_by_date_on_mondays(self):
        plan = _core.clickhouse_weekly_plan(["torch"], _day("2016-01-04"), _day("2025-12-28"), "pypi", 100, False)
        assert len(plan["sql"]) == -(-plan["weeks"] // 100)
        assert "date >= '2016-01-04' AND date <= '2017-12-03'" in plan["sql"][0]  # 100 weeks, ending on a Sunday
        assert "date >= '2017-12-04'" in plan["sql"][1]

    def test_no_cap_runs_one_query_and_names_are_checked(self):
        plan = _core.clickhouse_weekly_plan(["a", "Foo_Bar"], _day("2024-01-01"), _day("2024-12-29"), "pypi", 0, False)
        assert len(plan["sql"]) == 1 and "IN ('a', 'foo-bar')" in plan["sql"][0]
        with pytest.raises(ValueError, match="invalid character in package name"):
            _core.clickhouse_weekly_plan(["it's"], _day("2024-01-01"), _day("2024-12-29"), "pypi", 0, False)

    def test_bad_input(self):
        with pytest.raises(ValueError, match="no whole week"):
            _core.clickhouse_weekly_plan(["a"], _day("2024-01-02"), _day("2024-01-07"), "pypi", 0, False)
        with pytest.raises(ValueError, match="row_cap"):
            _core.clickhouse_weekly_plan(["a"], _day("2024-01-01"), _day("2024-12-29"), "pypi", -1, False)
        with pytest.raises(ValueError, match="top must be"):
            _core.clickhouse_top_sql(_day("2024-01-01"), _day("2024-12-29"), 0, "pypi")
        with pytest.raises(ValueError, match="by must be"):
            uptake.rank(["a"], since="2024-01-01", by="speed")
        with pytest.raises(ValueError, match="give packages, or top"):
            uptake.rank(since="2024-01-01")


@pytest.fixture(scope="module")
def eco(clickhouse):
    from support import ecosystem

    ecosystem.load(clickhouse, N, db="eco")
    return clickhouse, ecosystem.truth(N)


@pytest.fixture(scope="module")
def ranked(eco):
    server, truth = eco
    frame = uptake.rank(truth["project"], since="2023-01-02", until="2025-12-31", base_url=server.url, database="eco")
    return frame, dict(zip(truth["project"], np.expm1(truth["g"])))


class TestGeneratedEcosystem:
    def test_chunks_pass_a_server_row_cap_that_the_whole_query_breaks(self, eco, cache_dir):
        server, truth = eco
        capped = server.url + "/?max_result_rows=10000"  # result_overflow_mode=throw: a bigger answer is an error
        weekly = uptake.weekly_downloads(truth["project"], "2023-01-02", "2025-12-28", base_url=capped, database="eco")
        assert weekly.attrs["chunks"] == 4 and len(weekly) == N * 156 == weekly.attrs["rows"]
        direct = server.query("SELECT count() FROM eco.pypi WHERE project = 'p00007' AND date >= '2023-01-02' "
                              "AND date <= '2025-12-28'")
        assert weekly.loc[weekly["project"] == "p00007", "downloads"].sum() == int(direct)
        with pytest.raises((uptake.NetworkError, uptake.ParseError), match="max_result_rows|Limit for result"):
            uptake.weekly_downloads(truth["project"], "2023-01-02", "2025-12-28", row_cap=0, base_url=capped,
                                    database="eco")

    def test_growth_intervals_cover_the_truth(self, ranked):
        frame, true = ranked
        g = frame["project"].map(true)
        covered = ((frame["growth_low"] <= g) & (g <= frame["growth_high"])).mean()
        assert 0.88 <= covered <= 1.0  # nominal 0.95; binomial sd at n = 200 is 0.015
        assert frame["flags"].eq("").all() and (frame["weeks"] == 156).all()
        assert frame["last_complete_day"].iloc[0] == "2025-12-28"

    def test_top_by_true_growth_recovered_up_to_declared_ties(self, ranked):
        frame, true = ranked
        true_rank = frame["project"].map(true).rank(ascending=False).astype(int)
        top = true_rank <= 20
        assert (frame.loc[top, "rank_low"] <= 20).all()  # every true top-20 package could be in the top 20
        assert (true_rank[frame["rank_high"] <= 20] <= 20).all()  # and every sure top-20 truly is
        inside = (frame["rank_low"] <= true_rank) & (true_rank <= frame["rank_high"])
        assert inside.mean() >= 0.85

    def test_human_share_and_share_of_all_downloads(self, eco, ranked):
        server, truth = eco
        frame, _ = ranked
        ci = dict(zip(truth["project"], truth["ci_share"]))
        assert np.allclose(frame["human_share"], 1 - frame["project"].map(ci), atol=0.01)
        total = float(server.query("SELECT sum(count) FROM eco.pypi_downloads_per_day WHERE date >= '2023-01-02' "
                                   "AND date <= '2025-12-28'"))
        row = frame.set_index("project").loc["p00100"]
        own = float(server.query("SELECT count() FROM eco.pypi WHERE project = 'p00100' AND date <= '2025-12-28'"))
        assert row["share"] == pytest.approx(own / total)
        assert row["share_low"] < row["share"] < row["share_high"]

    def test_top_n_selected_on_the_server(self, eco, cache_dir):
        server, _ = eco
        frame = uptake.rank(top=3, since="2023-01-02", until="2025-12-28", by="level", human=False,
                            base_url=server.url, database="eco")
        expect = server.query("SELECT project FROM eco.pypi_downloads_per_day WHERE date <= '2025-12-28' "
                              "GROUP BY project ORDER BY sum(count) DESC LIMIT 3").split()
        assert sorted(frame["project"]) == sorted(expect) and frame["rank"].tolist() == [1, 2, 3]
        assert frame["project"].iloc[0] == "rest-of-pypi" and np.isnan(frame["human_share"]).all()

    def test_cli_rank_formats(self, eco, cache_dir, capsys):
        import json

        from uptake.cli import main

        server, _ = eco
        args = ["rank", "p00199", "p00000", "p00100", "--since", "2023-01-02", "--until", "2025-12-28",
                "--base-url", server.url, "--database", "eco"]
        assert main(args + ["--format", "json"]) == 0
        rows = json.loads(capsys.readouterr().out)
        assert [r["project"] for r in rows] == ["p00199", "p00100", "p00000"]
        assert main(args + ["--format", "csv", "--top", "1"]) == 0
        assert capsys.readouterr().out.splitlines()[1].startswith("p00199,1,1,1,1,")  # plain numbers for programs
        assert main(["rank", "--since", "2023-01-02"]) == 2
