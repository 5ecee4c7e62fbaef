"""Ecosystem scale: weekly downloads of many packages pushed down to ClickHouse, and a ranking by human growth.

The aggregation runs on the server (weekly sums with ``toMonday``, the CI split with ``countIf``, top-N with
``ORDER BY ... LIMIT``); the planner in the C++ core cuts the work into chunks that each return at most
``row_cap`` rows, the public ClickPy instance's result cap. Only weekly aggregates cross the network, one
chunk at a time. :func:`weekly_downloads` is the batch fetch other batch tools reuse; :func:`rank` fits a trend
per package and ranks with honest ties.
"""

from __future__ import annotations

import datetime as _dt
import time
from typing import Any, Dict, Optional, Sequence, Union

import numpy as np
import pandas as pd

from . import _core
from .errors import ParseError
from .sources import _base, _clickhouse_credentials, _clickhouse_query, _day, _today
from .trend import ols_trend

__all__ = ["weekly_downloads", "registry_total", "rank"]

_EPOCH = _dt.date(1970, 1, 1)
_FLAGS = ("short_history", "zero_weeks", "low_counts", "persistent_errors", "ci_unflagged")


def _iso(day: int) -> str:
    return (_EPOCH + _dt.timedelta(days=int(day))).isoformat()


def _last_loaded(first: int, last: int, base: str, user: str, password: str, database: str, offline: Optional[bool],
                 progress: Optional[bool], stats: Dict[str, Any]) -> int:
    sql = _core.clickhouse_last_day_sql(first, last, database)
    table, _ = _clickhouse_query(sql, base, user, password, offline, progress)
    stats["queries"] += 2
    if not table["last_day"] or int(table["n"][0]) == 0:
        raise ValueError(f"rank: the server {base} has no downloads loaded between {_iso(first)} and {_iso(last)}")
    return _day(table["last_day"][0], "clickhouse: last loaded day")


def weekly_downloads(
    packages: Union[str, Sequence[str]],
    start: Any,
    end: Any = None,
    *,
    ci_split: bool = True,
    row_cap: int = 10_000,
    base_url: Optional[str] = None,
    user: Optional[str] = None,
    password: Optional[str] = None,
    database: str = "pypi",
    offline: Optional[bool] = None,
    progress: Optional[bool] = None,
) -> pd.DataFrame:
    """Weekly downloads of many PyPI packages, aggregated on a ClickHouse server in quota-sized chunks.

    The window is cut to whole weeks (Monday to Sunday) that the server has fully loaded. The packages are
    split into chunks of ``row_cap // weeks`` packages (one package over several date spans when its weeks
    alone exceed the cap); each chunk is one query whose expected row count is checked by a second one, so an
    answer cut by a cap raises :class:`uptake.ParseError` instead of losing rows.

    Parameters
    ----------
    packages : str or sequence of str
        PyPI names (normalised as PyPI does).
    start, end : date-like
        The window; ``end`` defaults to yesterday.
    ci_split : bool
        Count CI downloads (``ci = 'true'`` in the raw ``pypi`` table) next to the total, on the server. False
        sums the per-day table instead (cheaper; no human split).
    row_cap : int
        Most rows one query may return: 10,000 on the public instance; 0 on your own server runs one query.
    base_url, user, password, database, offline, progress
        As :func:`uptake.sources.clickhouse_pypi` (credentials from the environment or the credentials file).

    Returns
    -------
    pandas.DataFrame
        Long: ``week`` (Monday, Timestamp), ``project``, ``downloads``, ``ci_downloads`` (NaN without
        ``ci_split``), every package x week present (a week without rows is a real zero). ``.attrs`` holds
        ``queries``, ``rows`` (rows moved), ``chunks``, ``last_complete_day``, ``first_week``, ``last_week``.

    Examples
    --------
    >>> import uptake
    >>> uptake.weekly_downloads(["torch", "jax"], "2024-01-01", "2024-12-31")  # doctest: +SKIP
    """
    names = [packages] if isinstance(packages, str) else list(packages)
    if not names or not all(isinstance(n, str) and n.strip() for n in names):
        raise ValueError(f"weekly_downloads: give one or more package names, got {packages!r}")
    if isinstance(row_cap, bool) or not isinstance(row_cap, (int, np.integer)) or row_cap < 0:
        raise ValueError(f"weekly_downloads: row_cap must be a non-negative integer (0 = no cap), got {row_cap!r}")
    base = _base("clickhouse", base_url)
    user, password = _clickhouse_credentials(user, password)
    first = _day(start, "weekly_downloads: start")
    last = _day(end, "weekly_downloads: end", _today() - _dt.timedelta(days=1))
    stats: Dict[str, Any] = {"queries": 0, "rows": 0}
    loaded = _last_loaded(first, last, base, user, password, database, offline, progress, stats)
    plan = _core.clickhouse_weekly_plan(names, first, min(last, loaded), database, int(row_cap), bool(ci_split))
    frames = []
    for sql in plan["sql"]:
        table, _ = _clickhouse_query(sql, base, user, password, offline, progress)
        stats["queries"] += 2
        stats["rows"] += len(table["week"])
        part = pd.DataFrame({"week": pd.to_datetime(table["week"]), "project": table["project"],
                             "downloads": np.asarray(table["downloads"], dtype=float)})
        if ci_split:
            part["ci_downloads"] = np.asarray(table["ci_downloads"], dtype=float)
        frames.append(part)
    weeks = pd.date_range(_iso(plan["first"]), _iso(plan["last"]), freq="W-MON")
    projects = sorted({p for chunk in plan["projects"] for p in chunk})
    full = pd.MultiIndex.from_product([weeks, projects], names=["week", "project"])
    got = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["week", "project", "downloads"])
    if got.duplicated(["week", "project"]).any():
        raise ParseError("weekly_downloads: the server returned a package-week twice (overlapping chunks)")
    # Days inside whole loaded weeks are all present on the server: a package-week without rows had no downloads.
    out = got.set_index(["week", "project"]).reindex(full).fillna(0.0).reset_index()
    if not ci_split:
        out["ci_downloads"] = np.nan
    out.attrs.update(stats, chunks=len(plan["sql"]), last_complete_day=_iso(loaded), first_week=_iso(plan["first"]),
                     last_week=_iso(plan["last"] - 6), row_cap=int(row_cap))
    return out


def registry_total(start: Any, end: Any = None, *, base_url: Optional[str] = None, user: Optional[str] = None,
                   password: Optional[str] = None, database: str = "pypi", offline: Optional[bool] = None,
                   progress: Optional[bool] = None) -> pd.Series:
    """Weekly downloads of all PyPI projects together, summed on the server (one small query, cached).

    The denominator for a package's share of all PyPI downloads. Whole weeks only, as :func:`weekly_downloads`.

    Examples
    --------
    >>> import uptake
    >>> uptake.registry_total("2024-01-01", "2024-12-31")  # doctest: +SKIP
    """
    base = _base("clickhouse", base_url)
    user, password = _clickhouse_credentials(user, password)
    first = _day(start, "registry_total: start")
    last = _day(end, "registry_total: end", _today() - _dt.timedelta(days=1))
    stats: Dict[str, Any] = {"queries": 0, "rows": 0}
    loaded = _last_loaded(first, last, base, user, password, database, offline, progress, stats)
    monday, sunday = _core.whole_weeks(first, min(last, loaded))
    sql = _core.clickhouse_total_weekly_sql(monday, sunday, database)
    table, _ = _clickhouse_query(sql, base, user, password, offline, progress)
    stats["queries"] += 2
    stats["rows"] += len(table["week"])
    weeks = pd.date_range(_iso(monday), _iso(sunday), freq="W-MON")
    s = pd.Series(np.asarray(table["downloads"], dtype=float), index=pd.to_datetime(table["week"]), name="downloads")
    s = s.reindex(weeks)
    s.index.name = "week"
    s.attrs.update(stats, last_complete_day=_iso(loaded))
    return s


def _rank_intervals(low: np.ndarray, high: np.ndarray) -> tuple:
    """Ranks (1 = largest) each item could hold given the intervals: above it only those surely larger."""
    surely_above = (low[None, :] > high[:, None]).sum(axis=1)
    surely_below = (high[None, :] < low[:, None]).sum(axis=1)
    return surely_above + 1, len(low) - surely_below


def _tie_groups(value: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Groups in descending order of value: a new group starts when an item's interval no longer overlaps the
    interval of its group's leader (greedy, so groups do not chain through long runs of neighbours)."""
    order = np.argsort(-value, kind="stable")
    group = np.zeros(len(value), dtype=int)
    g, leader = 0, None
    for i in order:
        if leader is None or high[i] < low[leader]:
            g, leader = g + 1, i
        group[i] = g
    return group


def rank(
    packages: Optional[Sequence[str]] = None,
    *,
    top: Optional[int] = None,
    since: Any,
    until: Any = None,
    by: str = "growth",
    human: bool = True,
    conf: float = 0.95,
    min_weeks: int = 26,
    row_cap: int = 10_000,
    base_url: Optional[str] = None,
    user: Optional[str] = None,
    password: Optional[str] = None,
    database: str = "pypi",
    offline: Optional[bool] = None,
    progress: Optional[bool] = None,
) -> pd.DataFrame:
    """Rank PyPI packages by human growth (or level, or share of all downloads), with intervals and honest ties.

    Weekly downloads come from :func:`weekly_downloads` (aggregated on the server in quota-sized chunks). With
    ``human=True`` the CI-flagged downloads are removed on the server (the flag is a lower bound on automated
    traffic: only pip and uv report it). Each package's growth per year is the slope of
    :func:`uptake.ols_trend` on log weekly downloads (Prais-Winsten GLS with AR(p) errors, bootstrap-t when
    persistent), with its ``conf`` interval. The level is the fitted weekly downloads at the last week. The
    share of all PyPI downloads (the package's total, CI included, over the registry total) has a Wilson
    interval: it is binomial sampling error only, so read it as a lower bound on the uncertainty.

    Ties are declared, not hidden: ``rank_low``..``rank_high`` are the ranks each package could hold given
    everyone's intervals, and ``tie_group`` numbers runs whose intervals overlap the run leader's.

    Parameters
    ----------
    packages : sequence of str, optional
        The packages to rank. Default: the ``top`` most downloaded over the window, selected on the server.
    top : int, optional
        Without ``packages``: how many of the most downloaded to rank. With ``packages``: keep the ``top``
        best rows of the result.
    since, until : date-like
        The window (whole weeks are used); ``until`` defaults to yesterday.
    by : {"growth", "level", "share"}
    human : bool
        Remove CI-flagged downloads (server-side). False ranks total downloads (cheaper: per-day table).
    conf : float
        Confidence level of every interval.
    min_weeks : int
        Packages with fewer weeks of non-zero downloads are flagged ``short_history`` and not fitted.
    row_cap, base_url, user, password, database, offline, progress
        As :func:`weekly_downloads`.

    Returns
    -------
    pandas.DataFrame
        One row per package, sorted by ``by``: ``rank``, ``rank_low``, ``rank_high``, ``tie_group``,
        ``growth``, ``growth_low``, ``growth_high`` (per year, 0.10 = +10 %), ``level``, ``level_low``,
        ``level_high`` (weekly), ``human_share``, ``share``, ``share_low``, ``share_high``, ``weeks``,
        ``last_complete_day``, ``flags`` (comma-separated: short_history, zero_weeks, low_counts,
        persistent_errors, ci_unflagged). ``.attrs``: ``queries``, ``rows``, ``seconds`` per stage.

    Examples
    --------
    >>> import uptake
    >>> uptake.rank(top=100, since="2024-01-01")  # doctest: +SKIP
    """
    if by not in ("growth", "level", "share"):
        raise ValueError(f"rank: by must be 'growth', 'level' or 'share', got {by!r}")
    if top is not None and (isinstance(top, bool) or not isinstance(top, (int, np.integer)) or top < 1):
        raise ValueError(f"rank: top must be a positive integer, got {top!r}")
    if packages is None and top is None:
        raise ValueError("rank: give packages, or top=N to rank the N most downloaded packages")
    if not 0 < conf < 1:
        raise ValueError(f"rank: conf must be in (0, 1), got {conf}")
    seconds: Dict[str, float] = {}
    tick = time.perf_counter()
    base = _base("clickhouse", base_url)
    user, password = _clickhouse_credentials(user, password)
    kw = dict(base_url=base, user=user, password=password, database=database, offline=offline, progress=progress)
    queries = rows = 0
    if packages is None:
        first = _day(since, "rank: since")
        last = _day(until, "rank: until", _today() - _dt.timedelta(days=1))
        sql = _core.clickhouse_top_sql(first, last, int(top), database)
        table, _ = _clickhouse_query(sql, base, user, password, offline, progress)
        packages, queries, rows = list(table["project"]), 2, len(table["project"])
        if not packages:
            raise ValueError(f"rank: no downloads between {since} and {until or 'yesterday'} on {base}")
    weekly = weekly_downloads(packages, since, until, ci_split=human, row_cap=row_cap, **kw)
    total = registry_total(since, until, **kw)
    seconds["fetch"] = time.perf_counter() - tick
    tick = time.perf_counter()
    queries += weekly.attrs["queries"] + total.attrs["queries"]
    rows += weekly.attrs["rows"] + total.attrs["rows"]

    records = []
    registry = float(np.nansum(total.to_numpy()))
    for project, g in weekly.groupby("project", sort=True):
        g = g.set_index("week").sort_index()
        downloads = g["downloads"].to_numpy()
        series = downloads - g["ci_downloads"].to_numpy() if human else downloads
        ser = pd.Series(np.where(series > 0, series, np.nan), index=g.index)
        flags = []
        if np.isfinite(ser.to_numpy()).sum() < len(ser):
            flags.append("zero_weeks")
        rec: Dict[str, Any] = {"project": project, "weeks": int(np.isfinite(ser.to_numpy()).sum())}
        rec["human_share"] = float(series.sum() / downloads.sum()) if human and downloads.sum() > 0 else np.nan
        if human and downloads.sum() > 0 and g["ci_downloads"].sum() == 0:
            flags.append("ci_unflagged")
        if rec["weeks"] < min_weeks:
            flags.append("short_history")
            rec.update(growth=np.nan, growth_low=np.nan, growth_high=np.nan, level=np.nan, level_low=np.nan,
                       level_high=np.nan)
        else:
            if np.nanmedian(ser.to_numpy()) < 20:
                flags.append("low_counts")  # weekly Poisson noise above ~20 % on the log scale
            fit = ols_trend(ser, log=True, conf=conf)
            gr = fit.growth_per_year
            fitted_log = np.asarray(fit.fitted, dtype=float)
            i = int(np.flatnonzero(np.isfinite(fitted_log))[-1])  # the last observed week
            lvl, lvl_se = fitted_log[i], float(fit.fitted_se[i])
            q = float(fit.crit["trend"])
            rec.update(growth=gr.value, growth_low=gr.low, growth_high=gr.high, level=float(np.exp(lvl)),
                       level_low=float(np.exp(lvl - q * lvl_se)), level_high=float(np.exp(lvl + q * lvl_se)))
            if fit.diagnostics.get("near_unit_root"):
                flags.append("persistent_errors")
        k = float(downloads.sum())
        if registry > 0:
            lo, hi = _core.share_ci(k, registry, "wilson", float(conf))
            rec.update(share=k / registry, share_low=lo, share_high=hi)
        else:
            rec.update(share=np.nan, share_low=np.nan, share_high=np.nan)
        rec["flags"] = ",".join(flags)
        records.append(rec)
    seconds["fit"] = time.perf_counter() - tick

    out = pd.DataFrame.from_records(records)
    out["last_complete_day"] = weekly.attrs["last_complete_day"]
    v, lo, hi = (out[f"{by}{s}"].to_numpy(dtype=float) for s in ("", "_low", "_high"))
    fitted = np.isfinite(v)
    out["rank"] = pd.array([pd.NA] * len(out), dtype="Int64")
    out["rank_low"] = out["rank"].copy()
    out["rank_high"] = out["rank"].copy()
    out["tie_group"] = out["rank"].copy()
    if fitted.any():
        order = np.argsort(-v[fitted], kind="stable")
        r = np.empty(order.size, dtype=int)
        r[order] = np.arange(1, order.size + 1)
        rl, rh = _rank_intervals(lo[fitted], hi[fitted])
        out.loc[fitted, "rank"] = r
        out.loc[fitted, "rank_low"] = rl
        out.loc[fitted, "rank_high"] = rh
        out.loc[fitted, "tie_group"] = _tie_groups(v[fitted], lo[fitted], hi[fitted])
    out = out.sort_values(["rank", "project"], na_position="last").reset_index(drop=True)
    if top is not None:
        out = out.head(int(top))
    cols = ["project", "rank", "rank_low", "rank_high", "tie_group", "growth", "growth_low", "growth_high", "level",
            "level_low", "level_high", "human_share", "share", "share_low", "share_high", "weeks",
            "last_complete_day", "flags"]
    out = out[cols]
    out.attrs.update(queries=int(queries), rows=int(rows), chunks=weekly.attrs["chunks"], seconds=seconds, by=by,
                     conf=float(conf), first_week=weekly.attrs["first_week"], last_week=weekly.attrs["last_week"])
    return out
