"""conda downloads from Parquet files we write with pyarrow in the anaconda-package-data layout."""

import io
import sys

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
