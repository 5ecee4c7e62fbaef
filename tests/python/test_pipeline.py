"""The pipeline's steps one by one, and compare() composed from them on the fixture server."""

import numpy as np
import pandas as pd
import pytest

import uptake
from uptake import _fetch, pipeline, signals
from uptake.compare import SIGNALS  # the default signals (conda is opt-in)
from support.live_fixtures import serve

START, END = "2023-01-01", "2024-12-31"


@pytest.fixture
def live(server, cache_dir, monkeypatch):
    env = serve({k: server for k in ("identity", "clickhouse", "wikimedia", "stackexchange", "arxiv")},
                ["polars", "pandas", "torch"], START, END)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    return server


@pytest.fixture
def batches(monkeypatch):
    calls = []
    real = _fetch.fetch

    def counting(requests, **kw):
        calls.append((kw.get("description"), len(requests)))
        return real(requests, **kw)

    monkeypatch.setattr(_fetch, "fetch", counting)
    return calls


def test_compare_two_resolved_projects_gets_every_signal_in_one_batch(live, batches):
    c = uptake.compare(["polars", "pandas"], start=START, end=END)
    assert set(SIGNALS) == set(signals.REGISTRY) - {"conda"}
    assert c.problems == []
    assert c.packages == ["polars", "pandas"] and c.labels == {"polars": "Polars", "pandas": "pandas"}
    got = set(map(tuple, c.series[c.series["kind"] == "raw"][["package", "signal"]].drop_duplicates().values))
    assert got == {(p, s) for p in ("polars", "pandas") for s in SIGNALS}
    # Every signal's requests of both projects ran in one engine batch (after the resolution rounds).
    fetches = [n for d, n in batches if d == "compare"]
    # downloads + its CI breakdown; the downloads freshness probe is the same query for both and is sent once
    assert len(fetches) == 1 and fetches[0] == 2 * (3 + 2 + 2 + 1 + 24 + 24) - 1
    assert {k[0] for k in c.crossovers} == set(SIGNALS)
    # No published PyTorch/TensorFlow figures in a comparison of other projects.
    assert not c.shares["comparison"].str.contains("PyTorch|TensorFlow|NeurIPS|Stack Overflow 2019").any()
    assert c.assumptions["projects"]["polars"]["github"] == "pola-rs/polars"
    # The fixture has no CI-flag breakdown: the split falls back and says why, without a missing signal.
    assert "404" in c.assumptions["packages"]["polars"]["ci_flag_not_used"]
    g = c.growth.set_index(["package", "signal"])
    assert g.loc[("polars", "downloads"), "growth_per_year"] > g.loc[("pandas", "downloads"), "growth_per_year"]


@pytest.mark.parametrize("name", ["torch", "pytorch"])
def test_compare_a_string_is_one_project(live, name):
    # "torch" was once read as the packages t, o, r, c, h; "pytorch" is the common name of torch.
    c = uptake.compare(name, signals=["papers"], start=START, end=END)
    assert c.packages == ["torch"] and c.labels["torch"] == "PyTorch"
    assert len(c.signal("papers")) == 24


def test_name_without_wikidata_item_keeps_its_pypi_and_github_signals(live):
    # tinypkg has a PyPI page naming its GitHub repository but no Wikidata item: its downloads and stars are
    # planned; page views and questions are reported as unresolved, not silently dropped.
    projects, problems = pipeline.resolve(["tinypkg"])
    assert problems == [] and projects[0].unresolved == ("wikipedia", "stackoverflow")
    tasks, missing = pipeline.plan(projects, list(SIGNALS), START, END)
    assert {t.signal.name for t in tasks} == {"downloads", "downloads_ci", "github", "papers"}
    assert sorted(missing) == ["TinyPkg pageviews: no wikipedia identity was found (unresolved)",
                               "TinyPkg questions: no stackoverflow identity was found (unresolved)"]


def test_published_figures_only_for_matching_projects():
    assert pipeline.published_figures(["polars", "pandas"], {}, {}, "arXiv").empty
    rows = pipeline.published_figures(["tensorflow", "torch", "jax"], {}, {}, "arXiv")
    assert len(rows) == 3 and rows["comparison"].str.contains("NeurIPS 2019").any()


def test_plan_lists_every_request_and_reports_missing_identities():
    full = uptake.Project("x", pypi="x", github="o/x", wikipedia="X", stackoverflow="x", arxiv='abs:"x"')
    bare = uptake.Project("y", pypi="y", github="", unresolved=("wikipedia",))
    tasks, problems = pipeline.plan([full, bare], ["downloads", "github", "pageviews", "questions"], "2024-01-01", "2024-03-31")
    assert [t.key for t in tasks] == [("x", "downloads"), ("x", "downloads_ci"), ("x", "github"), ("x", "pageviews"),
                                      ("x", "questions"), ("y", "downloads"), ("y", "downloads_ci")]
    assert [len(t.requests) for t in tasks] == [3, 2, 2, 1, 3, 3, 2]
    assert [t.optional for t in tasks] == [False, True, False, False, False, False, True]
    # "" means "has none" (no problem); None means "could not be found" (reported).
    assert problems == ["y pageviews: no wikipedia identity was found (unresolved)",
                        "y questions: no stackoverflow identity was found (unresolved)"]
    with pytest.raises(ValueError, match="unknown signals"):
        pipeline.plan([full], ["tiktok"], "2024-01-01", "2024-03-31")


def test_fetch_a_failing_signal_costs_only_itself(live):
    live.routes["/api/query"][0]["by_query"].insert(0, ("abs%3A%22polars%22", {"status": 403, "body": "forbidden"}))
    projects, _ = pipeline.resolve(["polars", "pandas"])
    tasks, _ = pipeline.plan(projects, ["papers", "questions"], START, END)
    raw, problems = pipeline.fetch(tasks)
    assert set(raw) == {("pandas", "papers"), ("polars", "questions"), ("pandas", "questions")}
    assert len(problems) == 1 and problems[0].startswith("Polars papers:") and "403" in problems[0]


def test_clean_brings_series_to_their_frequency_and_counts_spikes():
    days = pd.date_range("2024-01-01", periods=70, freq="D")
    daily = pd.Series(np.random.default_rng(1).poisson(1000.0 + 100 * (days.day_of_week < 5)).astype(float), index=days)
    daily.iloc[30] = 50000.0
    monthly = pd.Series([3.0, 4.0, 5.0], index=pd.date_range("2024-01-01", periods=3, freq="MS"))
    out, spikes = pipeline.clean({("a", "downloads"): daily, ("a", "papers"): monthly, ("a", "human_truth"): daily})
    assert set(out) == {("a", "downloads"), ("a", "papers")}
    assert out[("a", "papers")].tolist() == [3.0, 4.0, 5.0]
    assert out[("a", "downloads")].index.freqstr.startswith("W") and out[("a", "downloads")].iloc[0] == daily.iloc[:7].sum()
    assert spikes[("a", "downloads")] == 1


def test_fit_trends_and_cross_on_known_curves():
    weeks = pd.date_range("2022-01-02", periods=156, freq="W-SUN")
    t = np.arange(156) / 52.1775
    a = pd.Series(1000 * np.exp(np.log(1.1) * t), index=weeks)
    b = pd.Series(300 * np.exp(np.log(2.0) * t), index=weeks)
    rng = np.random.default_rng(3)
    noisy = {k: s * np.exp(rng.normal(0, 0.02, len(s))) for k, s in
             {("a", "github"): a, ("b", "github"): b, ("a", "papers"): a}.items()}
    growth, bands = pipeline.fit_trends(noisy, trend_years=2.0)
    g = growth.set_index(["package", "signal"])["growth_per_year"]
    assert abs(g[("a", "github")] - 0.10) < 0.02 and abs(g[("b", "github")] - 1.0) < 0.1
    assert set(bands[("a", "github")].columns) == {"trend", "trend_low", "trend_high"}
    crossings, problems = pipeline.cross(noisy, ["a", "b"], ["github", "papers"], trend_years=2.0)
    assert list(crossings) == [("github", "a", "b")] and problems == []
    assert crossings[("github", "a", "b")].overtaker == "b"


def test_split_and_adjust_steps():
    sim = uptake.simulate.downloads(pd.Timestamp("2021-01-04"), 3 * 364, seed=5, human_level=5000,
                                    automated_level=3000, human_growth=0.3, automated_growth=0.1)
    split = pipeline.split_humans(sim["total"], sim["reference"])
    assert {"human", "human_low", "human_high", "automated"} <= set(split.columns)
    adjusted, done = pipeline.adjust(split["human"])
    assert done and len(adjusted) == len(split["human"].dropna())
    short, done = pipeline.adjust(split["human"].iloc[:60])
    assert not done and short.equals(split["human"].iloc[:60])


def test_resolve_step_keeps_going_offline_without_cache(cache_dir):
    projects, problems = pipeline.resolve(["polars", "torch"], offline=True)
    assert problems == []
    polars, torch = projects
    assert polars.pypi == "polars" and polars.github is None and "offline" in polars.found_by["lookup"]
    assert torch.github == "pytorch/pytorch" and torch.found_by["github"] == "bundled"  # bundled identities
    _, missing = pipeline.plan([polars], ["pageviews"], "2024-01-01", "2024-01-31")
    assert missing[0].startswith("polars pageviews: no wikipedia identity was found (identity lookup failed (")
    sample, none = pipeline.resolve("one", sample=True)
    assert [p.name for p in sample] == ["one"] and none == []


def test_cross_pairs_all_or_against_the_leader():
    weeks = pd.date_range("2023-01-01", periods=60, freq="W-SUN")
    t = np.arange(60) / 52.0
    rng = np.random.default_rng(0)
    series = {(f"p{i}", "github"): pd.Series((100 + 50 * i) * np.exp((0.1 + 0.2 * i) * t + rng.normal(0, 0.02, 60)), index=weeks)
              for i in range(8)}
    names = [f"p{i}" for i in range(8)]
    allp, _ = pipeline.cross(series, names, ["github"], 1.0, pairs="all")
    auto, _ = pipeline.cross(series, names, ["github"], 1.0)
    assert len(allp) == 28 and len(auto) == 7
    assert all("p7" in k for k in auto)  # p7 leads; every other project is compared with it
    small, _ = pipeline.cross(series, names[:4], ["github"], 1.0)
    assert len(small) == 6
    with pytest.raises(ValueError, match="pairs must be"):
        pipeline.cross(series, names, ["github"], 1.0, pairs="some")
