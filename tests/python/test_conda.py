"""conda downloads from Parquet files we write with pyarrow in the anaconda-package-data layout."""

import io
import sys
import warnings

import numpy as np
import pandas as pd
import pytest

import uptake
from uptake import sources

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")


def _parquet(month, rows):
    """rows: (data_source, pkg_name, counts); the other real columns are filled in."""
    n = len(rows)
    table = pa.table({
        "time": pa.array([month] * n, pa.string()),
        "data_source": pa.array([r[0] for r in rows], pa.string()),
        "pkg_name": pa.array([r[1] for r in rows], pa.string()),
        "pkg_version": pa.array(["1.0"] * n, pa.string()),
        "pkg_platform": pa.array(["linux-64"] * n, pa.string()),
        "pkg_python": pa.array([None] * n, pa.string()),  # null in real files for noarch packages
        "counts": pa.array([r[2] for r in rows], pa.int64()),
    })
    buf = io.BytesIO()
    pq.write_table(table, buf)
    return buf.getvalue()


@pytest.fixture
def conda(server, cache_dir):
    server.route("/conda/monthly/2024/2024-01.parquet", {"status": 200, "body": _parquet("2024-01", [
        ("anaconda", "pytorch", 100), ("conda-forge", "pytorch", 250), ("anaconda", "pytorch", 5),
        ("conda-forge", "tensorflow", 70), ("anaconda", "numpy", 9999)])})
    server.route("/conda/monthly/2024/2024-02.parquet", {"status": 200, "body": _parquet("2024-02", [
        ("conda-forge", "pytorch", 300), ("pytorch", "pytorch", 40)])})
    server.route("/conda/monthly/2024/2024-03.parquet", {"status": 403, "body": "<Error><Code>AccessDenied</Code></Error>"})
    return server


def test_monthly_counts_per_package(conda):
    df = sources.conda_downloads(["pytorch", "tensorflow"], "2024-01-01", "2024-03-31", base_url=conda.url)
    assert list(df.index) == list(pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01"]))
    assert df["pytorch"].tolist()[:2] == [355.0, 340.0]
    # absent from a published month: 0; month not published: NaN
    assert df["tensorflow"].tolist()[:2] == [70.0, 0.0] and np.isnan(df.loc["2024-03-01"]).all()
    assert df.attrs["missing_months"] == ["2024-03"] and df.attrs["source"] == "conda_downloads"


def test_by_data_source_and_cache(conda):
    df = sources.conda_downloads("pytorch", "2024-01-01", "2024-02-29", by_data_source=True, base_url=conda.url)
    assert df[("pytorch", "conda-forge")].tolist() == [250.0, 300.0]
    assert df[("pytorch", "pytorch")].tolist() == [0.0, 40.0]
    before = len(conda.requests)
    again = sources.conda_downloads("pytorch", "2024-01-01", "2024-02-29", by_data_source=True,
                                    base_url=conda.url, offline=True)
    assert len(conda.requests) == before and again.equals(df)


def test_a_name_absent_from_every_published_month_is_refused_not_zero(conda):
    with pytest.raises(ValueError, match=r"no downloads of 'pytorc' \(close matches: pytorch\) in any published month "
                                         r"2024-01\.\.2024-02"):
        sources.conda_downloads(["pytorch", "pytorc"], "2024-01-01", "2024-03-31", base_url=conda.url)
    with pytest.raises(ValueError, match="'torch'.*torch is 'pytorch'"):
        sources.conda_downloads("torch", "2024-01-01", "2024-02-29", base_url=conda.url)
    # present in one month only: the other month is a real 0, not an error
    assert sources.conda_downloads("tensorflow", "2024-01-01", "2024-02-29", base_url=conda.url)[
        "tensorflow"].tolist() == [70.0, 0.0]


def test_no_published_month_is_all_missing_not_an_error(conda):
    for by in (False, True):
        df = sources.conda_downloads("pytorch", "2024-03-01", "2024-03-31", by_data_source=by, base_url=conda.url)
        assert df.attrs["missing_months"] == ["2024-03"] and len(df) == 1 and df.isna().all().all()
    assert sources.conda_downloads("pytorch", "2024-03-01", "2024-03-31", base_url=conda.url).columns.tolist() == ["pytorch"]


def test_bad_input_and_damaged_files(conda, monkeypatch):
    conda.route("/conda/monthly/2023/2023-12.parquet", {"status": 200, "body": b"PAR1 not really"})
    with pytest.raises(uptake.ParseError, match="not a readable package-data Parquet"):
        sources.conda_downloads("pytorch", "2023-12-01", "2023-12-31", base_url=conda.url)
    with pytest.raises(ValueError, match="give package names"):
        sources.conda_downloads([], "2024-01-01", base_url=conda.url)
    with pytest.raises(ValueError, match="before start"):
        sources.conda_downloads("pytorch", "2024-03-01", "2024-01-01", base_url=conda.url)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(ImportError, match=r"uptake\[conda\]"):
        sources.conda_downloads("pytorch", "2024-01-01", base_url=conda.url)


def test_compare_shows_conda_next_to_pypi(server, cache_dir, monkeypatch):
    """`compare(..., signals=["downloads", "conda"])`: PyPI daily downloads and conda monthly downloads side by
    side, each its own signal with its own trend; the monthly file both projects read is fetched once."""
    from support.live_fixtures import serve

    start, end = "2023-01-01", "2024-12-31"
    env = serve({k: server for k in ("identity", "clickhouse", "wikimedia", "stackexchange", "arxiv")},
                ["pandas", "torch"], start, end)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.setenv("UPTAKE_ANACONDA_DATA_URL", server.url)
    months = pd.period_range("2023-01", "2024-12", freq="M")
    noise = np.random.default_rng(3).normal(0, 0.03, (len(months), 2))
    for i, m in enumerate(months[:-1]):
        server.route(f"/conda/monthly/{m.year}/{m}.parquet", {"status": 200, "body": _parquet(str(m), [
            ("conda-forge", "pandas", int(4000 * 1.01 ** i * np.exp(noise[i, 0]))), ("anaconda", "pandas", 1000),
            ("conda-forge", "pytorch", int(300 * 1.06 ** i * np.exp(noise[i, 1]))), ("pytorch", "pytorch", int(100 * 1.06 ** i)),
            ("conda-forge", "torch", 7)])})                  # not the conda name of PyTorch: ignored
    server.route("/conda/monthly/2024/2024-12.parquet", {"status": 404, "body": "<Error><Code>NoSuchKey</Code></Error>"})
    c = uptake.compare([uptake.Project("pandas", conda="pandas"), uptake.Project("torch", conda="pytorch")],
                       signals=["downloads", "conda"], start=start, end=end)
    assert c.problems == []
    conda = c.signal("conda")
    assert list(conda.columns) == ["pandas", "torch"] and len(conda) == 23   # 2024-12 not published: no row
    assert conda.loc["2023-02-01", "pandas"] == int(4000 * 1.01 * np.exp(noise[1, 0])) + 1000
    assert conda.loc["2023-02-01", "torch"] == int(300 * 1.06 * np.exp(noise[1, 1])) + int(100 * 1.06)
    assert c.signal("downloads").shape[1] == 2
    g = c.growth.set_index(["package", "signal"])
    assert g.loc[("torch", "conda"), "low"] < 1.06 ** 12 - 1 < g.loc[("torch", "conda"), "high"]
    assert g.loc[("pandas", "conda"), "growth_per_year"] < g.loc[("torch", "conda"), "growth_per_year"]
    assert ("conda", "pandas", "torch") in c.crossovers
    assert all(server.count(f"/conda/monthly/{m.year}/{m}.parquet") == 1 for m in months)
    prov = c.provenance.set_index(["package", "signal"])
    assert prov.loc[("torch", "conda"), "source"] == "conda_downloads"
    # the report draws conda like any signal (static charts here). matplotlib's AutoDateLocator warns on the
    # monthly crossover chart whose projection ends years ahead (a plotting quirk, not a conda one)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "AutoDateLocator was unable", UserWarning)
        html = uptake.report.render_html(c, interactive=False)
    assert "conda" in html and html.count("<svg") >= 3


def test_conda_signal_needs_a_conda_name():
    from uptake import pipeline

    projects = [uptake.Project("x", pypi="x", conda="", github="", wikipedia="", stackoverflow="", arxiv="",
                               openalex="", npm="", wikidata="")]
    tasks, problems = pipeline.plan(projects, ["conda"], "2024-01-01", "2024-03-31")
    assert tasks == [] and problems == []                  # a project known to have no conda package skips it
    projects = [uptake.Project("y", pypi="y", conda="y", github="", wikipedia="", stackoverflow="", arxiv="",
                               openalex="", npm="", wikidata="")]
    tasks, _ = pipeline.plan(projects, ["conda"], "2024-01-01", "2024-03-31")
    assert [r["url"].rsplit("/", 2)[-2:] for r in tasks[0].requests] == [
        ["2024", "2024-01.parquet"], ["2024", "2024-02.parquet"], ["2024", "2024-03.parquet"]]
