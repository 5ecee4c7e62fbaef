"""GitHub events per day or week from GH Archive on ClickHouse (``github.github_events``): forks, pushed
commits, and the stars of ``github_stars(method="clickhouse")``.

Data: GH Archive, Ilya Grigorik, https://www.gharchive.org (public GitHub events, hourly archives), as
loaded by ClickHouse, Inc. into the public ``github.github_events`` table (https://ghe.clickhouse.tech ; queried at
https://sql-clickhouse.clickhouse.com as user ``demo``).

Examples
--------
>>> import uptake
>>> forks = uptake.sources.github_forks("pytorch/pytorch", "2019-01-01")  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Dict, List, Optional, Sequence

import numpy as np
import pandas as pd

from .. import _core, _fetch
from ._common import _attach, _base, _day, _frame, _iso, _published_through, _today, _zero_fill_covered
from .clickhouse import _clickhouse_credentials, _clickhouse_query, _clickhouse_query_read, _clickhouse_query_requests

__all__ = ["github_forks", "github_push_commits"]


def _gharchive_daily(repo: str, event_type: str, alias: str, start: Any, end: Any, clickhouse_url: Optional[str],
                     offline: Optional[bool], progress: Optional[bool], **extra: Any) -> pd.Series:
    """Events of one type per day from GH Archive on ClickHouse, zero-filled up to the last day loaded."""
    first = _day(start, f"github_{alias}: start")
    last = _day(end, f"github_{alias}: end", _today() - _dt.timedelta(days=1))
    base = _base("clickhouse", clickhouse_url)
    _core.check_repo_name(repo)
    sql = _core.clickhouse_events_sql(repo, event_type, alias, first, last, "github")
    table, resps = _clickhouse_query(sql, base, *_clickhouse_credentials(None, None), offline, progress)
    return _events_per_day(table, repo, alias, f"github_{alias}", resps, first, last, **extra)


def _events_per_day(table: Dict[str, Any], repo: str, alias: str, source: str, resps: Sequence[_fetch.HttpResponse],
                    first: int, last: int, **extra: Any) -> pd.Series:
    """A (date, <alias>) table of events per day as a Series: 0 on days without events up to the last day GH
    Archive has loaded (two days' lag), NaN after it."""
    obs = {"day": (pd.to_datetime(table["date"]).values.astype("datetime64[D]").astype(np.int64)
                   if table["date"] else np.empty(0, np.int64)),
           "key": [alias] * len(table["date"]), "value": np.asarray(table[alias], dtype=float)}
    frame = _frame(obs)
    if alias not in frame:
        frame[alias] = np.nan
    covered = _published_through(last, int(np.max(obs["day"])) if len(obs["day"]) else None, lag_days=2)
    series = _zero_fill_covered(frame[[alias]], first, last, covered)[alias].rename(repo)
    return _attach(series, source, alias, f"{alias}/day", resps, repo=repo, last_complete_day=_iso(covered), **extra)


def _stars_clickhouse_requests(repo: str, first: int, last: int, base: str, user: str,
                               password: str) -> List[Dict[str, Any]]:
    """The requests of ``github_stars(method="clickhouse")``: WatchEvents per day."""
    _core.check_repo_name(repo)
    return _clickhouse_query_requests(_core.clickhouse_stars_sql(repo, first, last, "github"), base, user, password)


def _stars_clickhouse_finish(repo: str, resps: Sequence[_fetch.HttpResponse], first: int, last: int) -> pd.Series:
    """The answers of :func:`_stars_clickhouse_requests` as the Series ``github_stars`` returns."""
    table = _clickhouse_query_read(resps, _core.clickhouse_stars_sql(repo, first, last, "github"))
    return _events_per_day(table, repo, "stars", "github_stars", resps, first, last, method="clickhouse")


def github_forks(repo: str, start: Any, end: Any = None, *, clickhouse_url: Optional[str] = None,
                 offline: Optional[bool] = None, progress: Optional[bool] = None) -> pd.Series:
    """New forks per day from GH Archive on ClickHouse (``github.github_events`` ForkEvents, public ClickHouse
    instance by default). Forks since deleted are still counted; GH Archive starts in 2011 (earlier in a different
    format); days not loaded yet are NaN (``.attrs["last_complete_day"]``).

    Examples
    --------
    >>> import uptake
    >>> forks = uptake.sources.github_forks("pytorch/pytorch", "2019-01-01")  # doctest: +SKIP
    """
    return _gharchive_daily(repo, "ForkEvent", "forks", start, end, clickhouse_url, offline, progress)


def github_push_commits(repo: str, start: Any, end: Any = None, *, clickhouse_url: Optional[str] = None,
                        offline: Optional[bool] = None, progress: Optional[bool] = None) -> pd.DataFrame:
    """Commits pushed per week (weeks start Monday, UTC) from GH Archive PushEvents on ClickHouse, for any span.

    GitHub's own statistics endpoint covers only the last year; this reaches back to 2015. Limits of the data:
    ``commits`` sums each push's distinct commits, on **every branch** (a commit pushed to two branches counts
    twice; merges and bots count); pushes by force or of history rewritten count again; the GitHub events feed
    has been sampled and has gaps (GH Archive misses events when the feed drops them). Read it as activity, not
    as the default branch's history. Weeks with no push are 0 up to the last day loaded.

    Returns
    -------
    pandas.DataFrame
        Indexed by week start: ``commits`` and ``pushes``.

    Examples
    --------
    >>> import uptake
    >>> weekly = uptake.sources.github_push_commits("keras-team/keras", "2018-01-01")  # doctest: +SKIP
    """
    first = _day(start, "github_push_commits: start")
    last = _day(end, "github_push_commits: end", _today() - _dt.timedelta(days=1))
    _core.check_repo_name(repo)
    base = _base("clickhouse", clickhouse_url)
    table, resps = _clickhouse_query(_core.clickhouse_push_commits_sql(repo, first, last, "github"), base,
                                     *_clickhouse_credentials(None, None), offline, progress)
    weeks = pd.DatetimeIndex(pd.to_datetime(table["week"]) if table["week"] else [], name="date")
    frame = pd.DataFrame({"commits": np.asarray(table["commits"], dtype=float),
                          "pushes": np.asarray(table["pushes"], dtype=float)}, index=weeks)
    start_week = pd.Timestamp(np.datetime64(first, "D")).to_period("W-SUN").start_time
    full = pd.date_range(start_week, pd.Timestamp(np.datetime64(last, "D")), freq="W-MON", name="date")
    frame = frame.reindex(full).fillna(0.0)
    return _attach(frame, "github_push_commits", "commits", "commits/week", resps, repo=repo,
                   last_complete_day=_iso(last))
