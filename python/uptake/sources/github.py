"""GitHub's REST API: a repository's snapshot, its weekly commits and its new stars per day (the star-history
endpoint, or GH Archive's WatchEvents on ClickHouse through :mod:`uptake.sources.gharchive`).

Examples
--------
>>> import uptake
>>> uptake.sources.github_repo("pytorch/pytorch")["stars"]  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as _dt
import os
from typing import Any, Mapping, Optional

import numpy as np
import pandas as pd

from .. import _core, _fetch
from .._credentials import credential
from ..timeseries import fill_gaps
from ._common import _attach, _base, _concat_obs, _day, _frame, _iso, _run, _today
from .clickhouse import _clickhouse_credentials
from .gharchive import _stars_clickhouse_finish, _stars_clickhouse_requests

__all__ = ["github_repo", "github_commit_activity", "github_stars"]


def _github_auth(token: Optional[str]) -> tuple:
    token = credential(token, "GITHUB_TOKEN", "github", "token", "github: token") or os.environ.get("GH_TOKEN", "")
    return ([("Authorization", f"Bearer {token}")] if token else []), ([token] if token else [])


def _github_get(request: Mapping[str, Any], base: str, auth: tuple, offline: Optional[bool],
                progress: Optional[bool]) -> _fetch.HttpResponse:
    """One planned GitHub request, sent with the token's Authorization header (``auth`` from :func:`_github_auth`;
    the token is a secret to the engine)."""
    headers, secrets = auth
    req = dict(request)
    req["headers"] = list(req["headers"]) + headers
    (resp,) = _run("github", base, [req], offline=offline, progress=progress, secrets=secrets)
    return resp


def github_repo(repo: str, *, token: Optional[str] = None, base_url: Optional[str] = None,
                offline: Optional[bool] = None, progress: Optional[bool] = None) -> pd.Series:
    """A snapshot of a repository: stars, forks, watchers (subscribers), open issues (PRs included).

    GitHub keeps no history of these: sample daily to build a series. Without a token the limit is 60
    requests an hour per IP; with ``token`` (or $GITHUB_TOKEN) 5,000. Rate-limit headers are honoured.

    Examples
    --------
    >>> import uptake
    >>> uptake.sources.github_repo("pytorch/pytorch")["stars"]  # doctest: +SKIP
    """
    base = _base("github", base_url)
    resp = _github_get(_core.github_repo_request(repo, base), base, _github_auth(token), offline, progress)
    today = _day(_today(), "today")
    obs = _core.github_repo_parse(resp.body, resp.url, today)
    out = pd.Series(np.asarray(obs["value"]), index=obs["key"], name=repo)
    return _attach(out, "github", "repository snapshot", "count", [resp], repo=repo, last_complete_day=_iso(today))


def github_commit_activity(repo: str, *, token: Optional[str] = None, base_url: Optional[str] = None,
                           offline: Optional[bool] = None, progress: Optional[bool] = None) -> pd.Series:
    """Commits per week over the last year (weeks start on Sunday, UTC), from GitHub's statistics endpoint.

    GitHub answers 202 while it computes the statistics; the engine polls a bounded number of times and then
    raises :class:`uptake.NetworkError`. Merge commits are excluded.
    """
    base = _base("github", base_url)
    resp = _github_get(_core.github_commit_activity_request(repo, base), base, _github_auth(token), offline, progress)
    obs = _core.github_commit_activity_parse(resp.body, resp.url)
    frame = _frame(obs)
    series = frame["commits"] if "commits" in frame else pd.Series(dtype=float)
    series.index = pd.DatetimeIndex(series.index, freq="W-SUN" if len(series) > 2 else None)
    series.name = repo
    return _attach(series, "github", "commits", "commits/week", [resp], repo=repo,
                   last_complete_day=_iso(_day(_today(), "today") - 1))


def github_stars(repo: str, start: Any = None, end: Any = None, *, method: str = "history",
                 token: Optional[str] = None, base_url: Optional[str] = None, max_pages: int = 100,
                 clickhouse_url: Optional[str] = None, offline: Optional[bool] = None,
                 progress: Optional[bool] = None) -> pd.Series:
    """New stars per day.

    ``method="history"``: GitHub's privacy-safe ``/stargazers/history`` endpoint (weekly buckets of stars
    still present, by the day they were given; un-starred ones vanish). When every bucket has its per-day
    breakdown the result is daily; when any bucket has only a weekly ``total``, the result is weekly (labelled by
    the bucket's first day, ``.attrs["granularity"] == "week"``) rather than days made up from weeks. Days of
    the newest bucket that are not over yet are left out (``.attrs["last_complete_day"]``). ``method="clickhouse"``: WatchEvents from
    GH Archive on ClickHouse (``github.github_events``; star actions, un-stars not subtracted, so cumulative
    sums exceed the current count). Since 2026-06-30 the old stargazers list is restricted to repository
    collaborators.
    """
    if method not in ("history", "clickhouse"):
        raise ValueError(f"github_stars: method must be 'history' or 'clickhouse', got {method!r}")
    if method == "clickhouse":
        first = _day(start, "github_stars: start")
        last = _day(end, "github_stars: end", _today() - _dt.timedelta(days=1))
        base = _base("clickhouse", clickhouse_url)
        user, password = _clickhouse_credentials(None, None)
        resps = _run("clickhouse", base, _stars_clickhouse_requests(repo, first, last, base, user, password),
                     offline=offline, progress=progress, secrets=[password] if password else [])
        return _stars_clickhouse_finish(repo, resps, first, last)
    return _stars_history(repo, start, end, token=token, base_url=base_url, max_pages=max_pages, offline=offline)


def _stars_history(repo: str, start: Any, end: Any, *, token: Optional[str], base_url: Optional[str], max_pages: int,
                   offline: Optional[bool]) -> pd.Series:
    method = "history"
    auth = _github_auth(token)
    base = _base("github", base_url)
    resps = []
    parts = []
    for page in range(1, max_pages + 1):
        resp = _github_get(_core.github_star_history_request(repo, page, base), base, auth, offline, False)
        resps.append(resp)
        obs = _core.github_star_history_parse(resp.body, resp.url)
        if len(obs["day"]) == 0:
            break
        parts.append(obs)
        if 'rel="next"' not in resp.headers.get("link", ""):
            break
    obs = _concat_obs(parts)
    keys = np.asarray(obs["key"], dtype=object)
    weeks = _frame({"day": obs["day"][keys == "stars_week"], "key": ["stars_week"] * int((keys == "stars_week").sum()),
                    "value": obs["value"][keys == "stars_week"]})
    days_given = set(np.asarray(obs["day"])[keys == "stars"].tolist())
    daily_weeks = sum(1 for d in np.asarray(obs["day"])[keys == "stars_week"].tolist() if d in days_given)
    if "stars_week" not in weeks:
        return _attach(pd.Series(dtype=float, name=repo), "github_stars", "stars", "stars/day", resps, repo=repo,
                       method=method, last_complete_day=None)
    newest_week = int(weeks.index.max().value // 86_400_000_000_000)
    # The newest bucket runs into days that have not happened (or finished) yet.
    complete = min(newest_week + 6, _day(_today(), "today") - 1)
    if daily_weeks < len(weeks):
        # Some buckets carry only a weekly total: return weekly counts (labelled by the bucket's first day),
        # never days made up from a week.
        series = weeks["stars_week"].sort_index()
        if start is not None:
            series = series[series.index + pd.Timedelta(days=6) >= pd.Timestamp(start)]
        if end is not None:
            series = series[series.index <= pd.Timestamp(end)]
        return _attach(series.rename(repo), "github_stars", "stars", "stars/week", resps, repo=repo, method=method,
                       granularity="week", last_complete_day=_iso(complete))
    frame = _frame({"day": obs["day"][keys == "stars"], "key": ["stars"] * int((keys == "stars").sum()),
                    "value": obs["value"][keys == "stars"]})
    series = frame["stars"].sort_index()
    series = fill_gaps(series, "zero")
    series = series[series.index <= pd.Timestamp(np.datetime64(complete, "D"))]
    if start is not None:
        series = series[series.index >= pd.Timestamp(start)]
    if end is not None:
        series = series[series.index <= pd.Timestamp(end)]
    return _attach(series.rename(repo), "github_stars", "stars", "stars/day", resps, repo=repo, method=method,
                   granularity="day", last_complete_day=_iso(complete))
