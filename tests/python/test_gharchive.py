"""Fork history and weekly pushed commits from GH Archive rows on the real local ClickHouse."""

import numpy as np
import pandas as pd
import pytest

from uptake import sources


def test_forks_per_day(clickhouse, cache_dir):
    s = sources.github_forks("org/proj", "2024-01-01", "2024-01-12", clickhouse_url=clickhouse.url)
    expected = [0.0] * 12
    expected[2], expected[9] = 4.0, 2.0  # 4 forks on 2024-01-03, 2 on 2024-01-10 (support/clickhouse.py)
    assert s.tolist() == expected and s.attrs["source"] == "github_forks"
    # stars from the same table are unaffected by the other event types
    stars = sources.github_stars("org/proj", "2024-01-01", "2024-01-10", method="clickhouse",
                                 clickhouse_url=clickhouse.url)
    assert stars.tolist() == [float(d % 5) for d in range(10)]


def test_weekly_pushed_commits(clickhouse, cache_dir):
    df = sources.github_push_commits("org/proj", "2024-01-01", "2024-01-31", clickhouse_url=clickhouse.url)
    # one push a day with (day index % 3) + 1 commits; weeks start on Monday (2024-01-01 is a Monday)
    days = pd.date_range("2024-01-01", "2024-01-31")
    truth = pd.Series((np.arange(31) % 3) + 1.0, index=days).groupby(days.to_period("W-SUN").start_time).sum()
    assert list(df.index) == list(truth.index)
    assert df["commits"].tolist() == truth.tolist()
    assert df["pushes"].tolist() == [7.0, 7.0, 7.0, 7.0, 3.0]


def test_no_events_is_zero_and_bad_input(clickhouse, cache_dir):
    df = sources.github_push_commits("org/other", "2024-01-01", "2024-01-14", clickhouse_url=clickhouse.url)
    assert df["commits"].tolist() == [0.0, 0.0]
    with pytest.raises(ValueError):
        sources.github_forks("not a repo", "2024-01-01", clickhouse_url=clickhouse.url)
    with pytest.raises(ValueError, match="unknown event type"):
        __import__("uptake")._core.clickhouse_events_sql("org/proj", "DROP", "x", 0, 1, "github")
