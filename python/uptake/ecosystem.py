"""Ecosystem scale: weekly downloads of many packages pushed down to ClickHouse or BigQuery, and a ranking by
human growth.

The aggregation runs on the server (weekly sums, the weekend part, the CI count, top-N); the planner in the C++
core cuts the work into chunks that each return at most ``row_cap`` rows (the public ClickPy instance's result
cap) and, on BigQuery, scan at most ``max_bytes``. Only weekly aggregates cross the network, one chunk at a time,
and :func:`rank` fits each chunk's packages before the next chunk is fetched, so memory does not grow with the
number of packages. :func:`weekly_downloads` is the batch fetch other batch tools reuse.
"""

from __future__ import annotations

import datetime as _dt
import time
from collections import Counter
from typing import Any, Dict, List, Optional, Sequence, Union

import numpy as np
import pandas as pd

from . import _core, _pushdown
from .normalize import AUTOMATED_RATIO_PRIOR, _holiday_days
from .sources._common import _day, _today
from ._time import DAYS_PER_YEAR

__all__ = ["weekly_downloads", "registry_total", "rank", "FLAGS"]

# Every flag rank() can set, in the order they are listed.
FLAGS = ("short_history", "fit_failed", "zero_weeks", "low_counts", "persistent_errors", "ci_unflagged",
         "profile_split", "weak_contrast", "trend_break", "seasonal_unadjusted")
HUMAN_WEEKEND_RATIO = 0.4  # stated prior of the profile split: people download ~40% as much per weekend day
# Yearly Fourier pairs of the seasonal fit: the annual wave and its first harmonic carry the summer lull; the
# Christmas-New-Year dip, too sharp for two pairs, has its own term.
SEASONAL_ORDER = 2


def _connect(source: str, kw: Dict[str, Any]) -> Any:
    if source == "clickhouse":
        return _pushdown.ClickHouse(kw["base_url"], kw["user"], kw["password"], kw["database"], kw["offline"],
                                    kw["progress"])
    if source == "bigquery":
        return _pushdown.BigQuery(kw["base_url"], kw["billing_project"], kw["token"], kw["max_bytes"], kw["offline"],
                                  kw["progress"])
    raise ValueError(f"source must be 'clickhouse' or 'bigquery', got {source!r}")


def _check_cap(row_cap: Any, what: str) -> None:
    if isinstance(row_cap, bool) or not isinstance(row_cap, (int, np.integer)) or row_cap < 0:
        raise ValueError(f"{what}: row_cap must be a non-negative integer (0 = no cap), got {row_cap!r}")


def weekly_downloads(
    packages: Union[str, Sequence[str]],
    start: Any,
    end: Any = None,
    *,
    ci_split: bool = True,
    row_cap: int = 10_000,
    source: str = "clickhouse",
    base_url: Optional[str] = None,
    user: Optional[str] = None,
    password: Optional[str] = None,
    database: str = "pypi",
    billing_project: Optional[str] = None,
    token: Optional[str] = None,
    max_bytes: int = 200 * 10**9,
    offline: Optional[bool] = None,
    progress: Optional[bool] = None,
) -> pd.DataFrame:
    """Weekly downloads of many PyPI packages, aggregated on ClickHouse or BigQuery in quota-sized chunks.

    The window is cut to whole weeks (Monday to Sunday) that the server has fully loaded. The packages are
    split into chunks of ``row_cap // weeks`` packages (one package over several date spans when its weeks
    alone exceed the cap). On ClickHouse each chunk is one query whose expected row count is checked by a
    second one, so an answer cut by a cap raises :class:`uptake.ParseError` instead of losing rows. On BigQuery
    each chunk is dry-run first and its dates halved until one query scans at most ``max_bytes``; the query
    then runs with that limit as ``maximumBytesBilled`` and its pages are read to the end.

    Parameters
    ----------
    packages : str or sequence of str
        PyPI names (normalised as PyPI does).
    start, end : date-like
        The window; ``end`` defaults to yesterday.
    ci_split : bool
        Count CI-flagged downloads next to the total, on the server (ClickHouse: the raw ``pypi`` table; BigQuery:
        ``details.ci``). False on ClickHouse sums the per-day table instead (cheaper; no CI count).
    row_cap : int
        Most rows one query may return: 10,000 on the public ClickHouse instance; 0 runs one query.
    source : {"clickhouse", "bigquery"}
    base_url, user, password, database
        ClickHouse, as :func:`uptake.sources.clickhouse_pypi` (credentials from the environment or the
        credentials file).
    billing_project, token, max_bytes
        BigQuery, as :func:`uptake.sources.bigquery_pypi`; ``max_bytes`` is the most one query may scan
        (default 200 GB; 0 = no limit; the free tier is 1 TB a month).
    offline, progress
        As every source.

    Returns
    -------
    pandas.DataFrame
        Long: ``week`` (Monday, Timestamp), ``project``, ``downloads``, ``weekend_downloads`` (Saturday and
        Sunday), ``ci_downloads`` (NaN without ``ci_split``), every package x week present (a week without rows
        is a real zero). ``.attrs`` holds ``queries``, ``rows`` (rows moved), ``chunks``,
        ``last_complete_day``, ``first_week``, ``last_week`` (and on BigQuery ``dry_runs``, ``bytes``).

    Examples
    --------
    >>> import uptake
    >>> uptake.weekly_downloads(["torch", "jax"], "2024-01-01", "2024-12-31")  # doctest: +SKIP
    """
    names = [packages] if isinstance(packages, str) else list(packages)
    if not names or not all(isinstance(n, str) and n.strip() for n in names):
        raise ValueError(f"weekly_downloads: give one or more package names, got {packages!r}")
    _check_cap(row_cap, "weekly_downloads")
    conn = _connect(source, dict(base_url=base_url, user=user, password=password, database=database,
                                 billing_project=billing_project, token=token, max_bytes=max_bytes, offline=offline,
                                 progress=progress))
    first = _day(start, "weekly_downloads: start")
    last = _day(end, "weekly_downloads: end", _today() - _dt.timedelta(days=1))
    plan, loaded, frames = _pushdown.chunks(conn, names, first, last, row_cap, ci_split)
    out = pd.concat(list(frames), ignore_index=True).sort_values(["week", "project"], ignore_index=True)
    out.attrs.update(conn.stats, chunks=len(plan["projects"]), last_complete_day=_pushdown.iso(loaded),
                     first_week=_pushdown.iso(plan["first"]), last_week=_pushdown.iso(plan["last"] - 6),
                     row_cap=int(row_cap))
    return out


def registry_total(start: Any, end: Any = None, *, source: str = "clickhouse", base_url: Optional[str] = None,
                   user: Optional[str] = None, password: Optional[str] = None, database: str = "pypi",
                   billing_project: Optional[str] = None, token: Optional[str] = None, max_bytes: int = 200 * 10**9,
                   offline: Optional[bool] = None, progress: Optional[bool] = None) -> pd.Series:
    """Weekly downloads of all PyPI projects together, summed on the server (one small query, cached).

    The denominator for a package's share of all PyPI downloads. Whole weeks only, as :func:`weekly_downloads`.
    On BigQuery it scans every project's rows: a ``ValueError`` says so when that is over ``max_bytes``.

    Examples
    --------
    >>> import uptake
    >>> uptake.registry_total("2024-01-01", "2024-12-31")  # doctest: +SKIP
    """
    conn = _connect(source, dict(base_url=base_url, user=user, password=password, database=database,
                                 billing_project=billing_project, token=token, max_bytes=max_bytes, offline=offline,
                                 progress=progress))
    first = _day(start, "registry_total: start")
    last = _day(end, "registry_total: end", _today() - _dt.timedelta(days=1))
    s, loaded, why = _total(conn, first, last)
    if s is None:
        raise ValueError(f"registry_total: {why}")
    s.attrs.update(conn.stats, last_complete_day=_pushdown.iso(loaded))
    return s


def _total(conn: Any, first: int, last: int) -> tuple:
    loaded = conn.last_loaded(first, last)
    monday, sunday = _core.whole_weeks(first, min(last, loaded), conn.name)
    table, why = conn.total(monday, sunday)
    if table is None:
        return None, loaded, why
    weeks = pd.date_range(_pushdown.iso(monday), _pushdown.iso(sunday), freq="W-MON")
    s = pd.Series(np.asarray(table["downloads"], dtype=float), index=pd.to_datetime(table["week"]), name="downloads")
    s = s.reindex(weeks)
    s.index.name = "week"
    return s, loaded, ""


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


def _holiday_weeks(weeks: pd.DatetimeIndex, holidays: Any) -> np.ndarray:
    """Per week (Monday to Sunday): True when any of its days is inside a holiday window of ``holidays`` (as
    :func:`uptake.human_downloads`: ``"default"`` is Christmas-New Year, US Thanksgiving and Lunar New Year)."""
    if holidays is None or len(weeks) == 0:
        return np.zeros(len(weeks), dtype=bool)
    days = pd.date_range(weeks[0], weeks[-1] + pd.Timedelta(days=6), freq="D")
    inside = _holiday_days(days, holidays, "rank").astype(bool)
    monday = ((days - weeks[0]) // pd.Timedelta(days=7)).to_numpy()
    hit = np.zeros(int(monday[-1]) + 1, dtype=bool)
    np.logical_or.at(hit, monday, inside)
    offsets = ((weeks - weeks[0]) // pd.Timedelta(days=7)).to_numpy()
    return hit[offsets]


def _profile_split(downloads: np.ndarray, weekend: np.ndarray, human_ratio: float,
                   skip: Optional[np.ndarray] = None) -> tuple:
    """Weekly human downloads from the weekday/weekend contrast (each day is people plus automation, people rest
    at weekends), and whether the answer hangs on the unknown automated profile (weak contrast).

    Per week, weekday and weekend downloads per day are ``H + A`` and ``rh H + ra A``; with the stated human
    ratio ``rh`` and the automated ratio ``ra`` at the middle of the documented prior (0.85, raised to the
    package's own weekend ratio: automation cannot dip more than the mix) ``H = (ra D - E) / (ra - rh)``.
    Weak contrast: the human share at the prior's low end is under half the share at its high end.

    Weeks where ``skip`` is True (holiday weeks: :func:`_holiday_weeks`) get NaN, missing and never 0, and take
    no part in the package's weekend ratio or the weak-contrast test: a holiday on weekdays, or a weekend inside
    the Christmas dip, changes that week's weekday/weekend contrast, which the formula would read as a change of
    the human share (and the trend fit as a break).
    """
    keep = np.ones(len(downloads), dtype=bool) if skip is None else ~np.asarray(skip, dtype=bool)
    day = (downloads - weekend) / 5.0
    end = weekend / 2.0
    observed = float(end[keep].sum() / day[keep].sum()) if day[keep].sum() > 0 else np.nan
    lo, hi = AUTOMATED_RATIO_PRIOR

    def human_at(ra: float) -> np.ndarray:
        return np.where(keep, (ra * day - end) / (ra - human_ratio) * (5 + 2 * human_ratio), np.nan)

    if not np.isfinite(observed):
        return np.full(len(downloads), np.nan), True
    human = human_at(max((lo + hi) / 2, observed))
    total = downloads[keep].sum()
    share_low = np.nansum(np.clip(human_at(max(lo, observed)), 0, None)) / total
    share_high = np.nansum(np.clip(human_at(max(hi, observed)), 0, None)) / total
    return human, bool(share_low < 0.5 * share_high)


def _human_part(g: pd.DataFrame, mode: str, human_ratio: float, holiday: np.ndarray) -> tuple:
    """One package's weekly human downloads (NaN where none), its flags so far, its human share and how many of
    its weeks were left out as holiday weeks (by the profile split only; the CI count needs no contrast)."""
    downloads = g["downloads"].to_numpy(dtype=float)
    flags: List[str] = []
    weak = False
    skip = np.zeros(len(downloads), dtype=bool)
    if mode == "ci_flag" and downloads.sum() > 0 and np.nansum(g["ci_downloads"].to_numpy()) == 0:
        flags += ["ci_unflagged", "profile_split"]  # no download of this package carries the flag
        skip = holiday
        series, weak = _profile_split(downloads, g["weekend_downloads"].to_numpy(dtype=float), human_ratio, skip)
    elif mode == "ci_flag":
        series = downloads - g["ci_downloads"].to_numpy(dtype=float)
    elif mode == "profile":
        flags.append("profile_split")
        skip = holiday
        series, weak = _profile_split(downloads, g["weekend_downloads"].to_numpy(dtype=float), human_ratio, skip)
    else:
        series = downloads
    if weak:
        flags.append("weak_contrast")
    kept = downloads[~skip].sum()
    share = float(np.nansum(np.clip(series, 0, None)) / kept) if mode != "none" and kept > 0 else np.nan
    return np.where(series > 0, series, np.nan), flags, share, int(skip.sum())


def _fit_batch(done: List[tuple], *, mode: str, conf: float, min_weeks: int, registry: float, human_ratio: float,
               threads: int, seasonal: str = "none", holidays: Any = None) -> List[Dict[str, Any]]:
    """Fit every finished package of a chunk in one call to the core (all cores, GIL released).

    Each fit is ``ols_trend(log=True, conf=conf, ar_order=1)`` (Prais-Winsten GLS with AR(1) errors, bootstrap-t
    when persistent, seed 12; ols_trend's default error order is chosen by BIC instead), plus exact PELT for a
    change of level or slope (piecewise-linear cost on log downloads, MBIC penalty on a robust noise scale). With
    ``seasonal="auto"`` a package whose weeks span two years also gets :data:`SEASONAL_ORDER` yearly Fourier pairs
    and the Christmas-New-Year share of each week in its design, and PELT runs on the adjusted series. The
    profile split leaves the weeks that touch ``holidays`` out (NaN); the core then drops the holiday-share column
    when no observed week is in the Christmas window.
    """
    weeks = done[0][1].index
    t = ((weeks - weeks[0]) / pd.Timedelta(days=1)).to_numpy(dtype=float)  # days, as ols_trend's time axis
    holiday = _holiday_weeks(weeks, holidays)
    parts = [_human_part(g, mode, human_ratio, holiday) for _, g in done]
    Y = np.column_stack([p[0] for p in parts])
    nobs = np.isfinite(Y).sum(axis=0)
    fit_cols = nobs >= min_weeks
    first_day = int((weeks[0] - pd.Timestamp("1970-01-01")) / pd.Timedelta(days=1))
    r = _core.log_trend_many(np.where(fit_cols[None, :], Y, np.nan), t.tolist(), float(conf), 999, 12, True, threads,
                             SEASONAL_ORDER if seasonal == "auto" else 0, first_day)
    records = []
    for j, ((project, g), (series, flags, share, left_out)) in enumerate(zip(done, parts)):
        downloads = g["downloads"].to_numpy(dtype=float)
        rec: Dict[str, Any] = {"project": project, "weeks": int(nobs[j]), "breaks": "", "human_share": share}
        if nobs[j] < len(weeks) - left_out:  # holiday weeks left out of the profile split are not zero weeks
            flags.insert(0, "zero_weeks")
        if not fit_cols[j] or not r["fitted"][j]:
            flags.insert(0, "fit_failed" if r["error"][j] else "short_history")
            rec.update(dict.fromkeys(("growth", "growth_low", "growth_high", "level", "level_low", "level_high"),
                                     np.nan))
        else:
            if np.nanmedian(series) < 20:
                flags.append("low_counts")  # weekly Poisson noise above ~20 % on the log scale
            k = DAYS_PER_YEAR
            lvl, se, q = r["level"][j], r["level_se"][j], r["crit"][j]
            rec.update(growth=float(np.expm1(k * r["slope"][j])), growth_low=float(np.expm1(k * r["slope_low"][j])),
                       growth_high=float(np.expm1(k * r["slope_high"][j])), level=float(np.exp(lvl)),
                       level_low=float(np.exp(lvl - q * se)), level_high=float(np.exp(lvl + q * se)))
            if r["near_unit_root"][j]:
                flags.append("persistent_errors")
            if seasonal == "auto" and not r["seasonal"][j]:
                flags.append("seasonal_unadjusted")  # under two years: the yearly cycle stays in the errors
            if len(r["breaks"][j]):
                flags.append("trend_break")
                rec["breaks"] = ";".join(weeks[int(b)].strftime("%Y-%m-%d") for b in r["breaks"][j])
        k_all = float(downloads.sum())
        if registry > 0:
            lo, hi = _core.share_ci(k_all, registry, "wilson", float(conf))
            rec.update(share=k_all / registry, share_low=lo, share_high=hi)
        else:
            rec.update(share=np.nan, share_low=np.nan, share_high=np.nan)
        rec["flags"] = ",".join(flags)
        records.append(rec)
    return records


def _known_breaks(first: str, last: str) -> List[str]:
    """Registry events (:func:`uptake.known_breaks`) that touch the window: they apply to every PyPI package."""
    from .clean import known_breaks

    table = known_breaks("clickhouse_pypi")
    end = table["end"].fillna(table["date"])
    inside = (table["date"] <= pd.Timestamp(last)) & (end >= pd.Timestamp(first))
    return [f"{d:%Y-%m-%d} {k}: {t}" for d, k, t in zip(table["date"][inside], table["kind"][inside],
                                                         table["description"][inside])]


def rank(
    packages: Optional[Sequence[str]] = None,
    *,
    top: Optional[int] = None,
    since: Any,
    until: Any = None,
    by: str = "growth",
    human: Union[bool, str] = True,
    conf: float = 0.95,
    min_weeks: int = 26,
    row_cap: int = 10_000,
    source: str = "clickhouse",
    human_weekend_ratio: float = HUMAN_WEEKEND_RATIO,
    seasonal: str = "auto",
    holidays: Any = "default",
    base_url: Optional[str] = None,
    user: Optional[str] = None,
    password: Optional[str] = None,
    database: str = "pypi",
    billing_project: Optional[str] = None,
    token: Optional[str] = None,
    max_bytes: int = 200 * 10**9,
    threads: int = 0,
    offline: Optional[bool] = None,
    progress: Optional[bool] = None,
) -> pd.DataFrame:
    """Rank PyPI packages by human growth (or level, or share of all downloads), with intervals and honest ties.

    Weekly downloads come from :func:`weekly_downloads` (aggregated on the server in quota-sized chunks), one
    chunk at a time: each chunk's packages are fitted before the next chunk is fetched. The human part:

    * ``human=True`` (or ``"ci_flag"``): CI-flagged downloads are removed on the server (the flag is a lower
      bound on automated traffic: only pip and uv report it, from about 2024-02). A package none of whose
      downloads carries the flag falls back to the profile split and is flagged ``ci_unflagged``.
    * ``human="profile"``: no CI count (on ClickHouse the cheaper per-day table); people are separated from
      automation by the weekday/weekend contrast, with the stated ``human_weekend_ratio`` and the automated ratio
      at the middle of :data:`uptake.normalize.AUTOMATED_RATIO_PRIOR` (flag ``profile_split``). The level and
      share of people then hang on those priors; growth does not when people and automation grow alike.
      Holiday weeks are left out of the split: every week (Monday to Sunday) with a day inside a ``holidays``
      window has human level NaN (missing, never 0), since a holiday on weekdays, or a weekend inside the
      Christmas dip, changes that week's weekday/weekend contrast, which the split would read as a change of the
      human share and the trend fit as a break. By default that is the Christmas-New-Year window (24 Dec .. 1 Jan,
      the days of the yearly fit's holiday term), US Thanksgiving (Thursday to Sunday) and Lunar New Year (the eve
      and the seven-day festival), as :func:`uptake.human_downloads`; about five weeks a year. The trend is
      fitted on the other weeks (the holiday term, with no week left to estimate it, drops out of the yearly
      terms), and the level is at the last week the split kept. The weeks are listed in
      ``attrs["holiday_weeks"]``; they are not ``zero_weeks``.
      :func:`uptake.human_downloads` gives the full daily method with a band, one package at a time.
    * ``human=False``: all downloads.

    Each package's growth per year is the slope of :func:`uptake.ols_trend` on log weekly downloads
    (Prais-Winsten GLS with AR(1) errors, as ``ols_trend(log=True, ar_order=1)``, bootstrap-t when persistent),
    with its ``conf`` interval, computed for a whole chunk at once in the C++ core (threads on, GIL released).
    Weekly sums remove the weekday cycle; with ``seasonal="auto"`` the yearly cycle (the Christmas-New-Year dip,
    the summer lull) is fitted jointly with the trend, so that it neither inflates the AR persistence nor biases the
    growth of a window that is not whole years. The level is the fitted weekly downloads at the last week (its
    seasonal effect included). The share of all PyPI downloads (the package's total, CI
    included, over the registry total) has a Wilson interval: binomial sampling error only, a lower bound on
    the uncertainty.

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
    human : bool or {"ci_flag", "profile"}
    conf : float
        Confidence level of every interval.
    min_weeks : int
        Packages with fewer weeks of (human) downloads are flagged ``short_history`` and not fitted.
    row_cap, source, base_url, user, password, database, billing_project, token, max_bytes, offline, progress
        As :func:`weekly_downloads`.
    human_weekend_ratio : float
        The profile split's stated ratio of people's downloads per weekend day to per weekday (default 0.4).
    seasonal : {"auto", "none"}
        ``"auto"``: packages whose weeks span at least two years (728 days) get yearly terms in their trend fit,
        :data:`SEASONAL_ORDER` Fourier pairs on the 365.25-day year plus the share of each week's days in 24 Dec ..
        1 Jan; shorter ones are fitted without them and flagged ``seasonal_unadjusted`` (one year cannot tell a
        yearly cycle from the trend). ``"none"``: the plain log-linear trend for every package.
    holidays : "default", None, str or sequence of :class:`uptake.holidays.Holiday`
        The weeks the profile split leaves out (above; as ``holidays`` of :func:`uptake.human_downloads`:
        ``"default"``, a built-in calendar's name, Holiday objects, or None to keep every week). The CI-flag
        split keeps every week (its ``ci_unflagged`` fallback is a profile split and leaves them out).
    threads : int
        Threads for the fits (0 = every core). Each chunk's packages are fitted in one call to the core.

    Returns
    -------
    pandas.DataFrame
        One row per package, sorted by ``by``: ``rank``, ``rank_low``, ``rank_high``, ``tie_group``,
        ``growth``, ``growth_low``, ``growth_high`` (per year, 0.10 = +10 %), ``level``, ``level_low``,
        ``level_high`` (weekly), ``human_share``, ``share``, ``share_low``, ``share_high``, ``weeks``,
        ``last_complete_day``, ``flags`` (comma-separated, from :data:`FLAGS`: short_history, fit_failed, zero_weeks,
        low_counts, persistent_errors, ci_unflagged, profile_split, weak_contrast, trend_break,
        seasonal_unadjusted) and ``breaks`` (dates of trend breaks found inside the window, in the seasonally
        adjusted series). ``.attrs``: ``queries``, ``rows``, ``chunks``, ``seconds`` per stage, ``seasonal``,
        ``holiday_weeks`` (Mondays of the weeks the profile split leaves out), ``known_breaks`` (registry events
        inside the window, which touch every package),
        ``share_note`` (why shares are missing, if they are).

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
    modes = {True: "ci_flag", "ci_flag": "ci_flag", "profile": "profile", False: "none", "none": "none"}
    if not isinstance(human, (bool, str)) or human not in modes:
        raise ValueError(f"rank: human must be True, False, 'ci_flag' or 'profile', got {human!r}")
    mode = modes[human]
    if not 0 < human_weekend_ratio < AUTOMATED_RATIO_PRIOR[0]:
        raise ValueError(f"rank: human_weekend_ratio must be in (0, {AUTOMATED_RATIO_PRIOR[0]}), "
                         f"got {human_weekend_ratio!r}")
    if seasonal not in ("auto", "none"):
        raise ValueError(f"rank: seasonal must be 'auto' or 'none', got {seasonal!r}")
    _holiday_weeks(pd.DatetimeIndex([pd.Timestamp("2024-01-01")]), holidays)  # a bad calendar fails before any query
    _check_cap(row_cap, "rank")
    seconds = {"fetch": 0.0, "fit": 0.0}
    tick = time.perf_counter()
    conn = _connect(source, dict(base_url=base_url, user=user, password=password, database=database,
                                 billing_project=billing_project, token=token, max_bytes=max_bytes, offline=offline,
                                 progress=progress))
    first = _day(since, "rank: since")
    last = _day(until, "rank: until", _today() - _dt.timedelta(days=1))
    if packages is None:
        packages = conn.top(first, last, int(top))
        if not packages:
            raise ValueError(f"rank: no downloads between {since} and {until or 'yesterday'} on {conn.base}")
    total, _, share_note = _total(conn, first, last)
    registry = float(np.nansum(total.to_numpy())) if total is not None else np.nan
    plan, loaded, frames = _pushdown.chunks(conn, packages, first, last, row_cap, mode == "ci_flag")
    need = Counter(p for chunk in plan["projects"] for p in chunk)
    pending: Dict[str, List[pd.DataFrame]] = {}
    records = []
    seconds["fetch"] += time.perf_counter() - tick
    while True:
        tick = time.perf_counter()
        frame = next(frames, None)
        seconds["fetch"] += time.perf_counter() - tick
        if frame is None:
            break
        tick = time.perf_counter()
        done = []
        for project, g in frame.groupby("project", sort=False):
            pending.setdefault(project, []).append(g)
            need[project] -= 1
            if need[project] == 0:  # all of the package's date spans are in
                done.append((project, pd.concat(pending.pop(project)).set_index("week").sort_index()))
        if done:
            records += _fit_batch(done, mode=mode, conf=conf, min_weeks=min_weeks, registry=registry,
                                  human_ratio=human_weekend_ratio, threads=threads, seasonal=seasonal,
                                  holidays=holidays)
        del frame, done  # one chunk of rows at a time
        seconds["fit"] += time.perf_counter() - tick

    out = pd.DataFrame.from_records(records)
    out["last_complete_day"] = _pushdown.iso(loaded)
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
            "last_complete_day", "flags", "breaks"]
    out = out[cols]
    first_week, last_week = _pushdown.iso(plan["first"]), _pushdown.iso(plan["last"] - 6)
    all_weeks = pd.date_range(first_week, last_week, freq="W-MON")
    left_out = all_weeks[_holiday_weeks(all_weeks, holidays)] if mode != "none" else all_weeks[:0]
    out.attrs.update(conn.stats, chunks=len(plan["projects"]), seconds=seconds, by=by, human=mode, seasonal=seasonal,
                     source=source, holiday_weeks=[f"{w:%Y-%m-%d}" for w in left_out],
                     conf=float(conf), first_week=first_week, last_week=last_week,
                     known_breaks=_known_breaks(first_week, _pushdown.iso(plan["last"])), share_note=share_note)
    return out
