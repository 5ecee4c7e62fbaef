"""Adoption signals from public APIs, as pandas objects with their provenance attached.

Every function plans its requests in the compiled core, runs them through the shared HTTP engine (cache,
retries, politeness, offline mode; see :mod:`uptake.cache`) and parses the answers in the core. Each takes
``base_url=`` (and an environment variable) so tests and self-hosted mirrors can point it elsewhere; the
defaults are the real public endpoints. Results carry ``.attrs``: source, metric, unit, query URLs (without
secrets), fetch time and whether the cache answered.

Credentials (GitHub and BigQuery tokens, Stack Exchange and OpenAlex keys, a ClickHouse user and password) come
from the function's argument, else an environment variable, else the user's credentials file
(``$XDG_CONFIG_HOME/uptake/credentials.toml`` or ``credentials.ini``, sections ``github`` (token),
``bigquery`` (token, billing_project), ``stackexchange`` (key), ``openalex`` (api_key), ``clickhouse`` (user,
password); a file other users can read is warned about). Every credential is given to the engine as a secret:
it is blanked in its raw, percent-encoded and form-encoded spellings in cache keys, stored URLs, ``.attrs``,
error messages and reports.

Politeness limits from each service's published or observed rules apply to its public host; a custom
``base_url`` (a mirror, a test server) uses the engine's general limits.
"""

from __future__ import annotations

import datetime as _dt
import io
import os
import time
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Union

import numpy as np
import pandas as pd

from . import _core, _fetch
from ._credentials import credential
from .errors import NetworkError, ParseError
from .timeseries import fill_gaps

__all__ = [
    "pypistats", "npm", "clickhouse_pypi", "bigquery_pypi", "github_repo", "github_commit_activity", "github_stars",
    "wikipedia_pageviews", "stackexchange", "arxiv", "openalex", "read_google_trends", "hn_hiring",
    "stackexchange_share", "conda_downloads",
    "github_forks", "github_push_commits",
    "DEFAULT_URLS",
]

DEFAULT_URLS = {
    "pypistats": ("UPTAKE_PYPISTATS_URL", "https://pypistats.org/api"),
    "npm": ("UPTAKE_NPM_URL", "https://api.npmjs.org"),
    "clickhouse": ("UPTAKE_CLICKHOUSE_URL", "https://sql-clickhouse.clickhouse.com"),
    "bigquery": ("UPTAKE_BIGQUERY_URL", "https://bigquery.googleapis.com/bigquery/v2"),
    "github": ("UPTAKE_GITHUB_URL", "https://api.github.com"),
    "wikimedia": ("UPTAKE_WIKIMEDIA_URL", "https://wikimedia.org/api/rest_v1"),
    "stackexchange": ("UPTAKE_STACKEXCHANGE_URL", "https://api.stackexchange.com/2.3"),
    "arxiv": ("UPTAKE_ARXIV_URL", "https://export.arxiv.org/api"),
    "openalex": ("UPTAKE_OPENALEX_URL", "https://api.openalex.org"),
    "hn_algolia": ("UPTAKE_HN_ALGOLIA_URL", "https://hn.algolia.com/api/v1"),
    "anaconda": ("UPTAKE_ANACONDA_DATA_URL", "https://anaconda-package-data.s3.amazonaws.com"),
}

# Per-host politeness for the public endpoints (sources.md): concurrency and seconds between request starts.
_POLICIES = {
    "pypistats": {"max_concurrent": 1, "min_interval": 2.1},   # 30 requests/minute per IP; 429 is HTML
    "npm": {"max_concurrent": 1, "min_interval": 1.5},         # Cloudflare limiter since 2025-11, no Retry-After
    "clickhouse": {"max_concurrent": 2, "total_timeout": 120.0},
    "bigquery": {"max_concurrent": 2, "total_timeout": 120.0},
    "github": {"max_concurrent": 4, "max_polls": 10, "poll_interval": 3.0},
    "wikimedia": {"max_concurrent": 4, "min_interval": 0.1},
    "stackexchange": {"max_concurrent": 2, "min_interval": 0.2},  # < 30/s; body `backoff` honoured
    "arxiv": {"max_concurrent": 1, "min_interval": 3.0},        # terms of use: one request every 3 s
    "openalex": {"max_concurrent": 4, "min_interval": 0.05},
    "hn_algolia": {"max_concurrent": 2, "min_interval": 0.4},  # 10,000 requests/hour per IP
    "anaconda": {"max_concurrent": 2, "total_timeout": 300.0},  # monthly files are tens of MB
}


def _base(name: str, base_url: Optional[str]) -> str:
    env, default = DEFAULT_URLS[name]
    return (base_url or os.environ.get(env) or default).rstrip("/")


def _run(name: str, base: str, requests: List[Dict[str, Any]], *, offline: Optional[bool], progress: Optional[bool],
         accept_status: Sequence[int] = (), secrets: Sequence[str] = (), backoff_field: str = "") -> List[_fetch.HttpResponse]:
    host = base.split("://", 1)[1].split("/", 1)[0].split("?", 1)[0]
    policy = dict(_POLICIES[name]) if base == DEFAULT_URLS[name][1] else {}
    if backoff_field:
        policy["max_concurrent"] = 1  # a body-level backoff can only delay requests that have not started
    host_policies = {host: policy} if policy else None
    for r in requests:
        r["secrets"] = list(secrets)
        if backoff_field:
            r["backoff_field"] = backoff_field
    return _fetch.fetch(requests, offline=offline, progress=progress, host_policies=host_policies,
                        description=name, accept_status=accept_status)


def _day(value: Any, what: str, default: Optional[_dt.date] = None) -> int:
    if value is None:
        if default is None:
            raise ValueError(f"{what} is required")
        value = default
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{what}: {value!r} is not a date") from exc
    if pd.isna(stamp):
        raise ValueError(f"{what}: {value!r} is not a date")
    day = int((stamp.normalize().tz_localize(None) - pd.Timestamp("1970-01-01")).days)
    # No source has data from the future; a far one would plan thousands of requests for nothing.
    latest = (_today() - _dt.date(1970, 1, 1)).days + 366
    if day > latest:
        raise ValueError(f"{what}: {value!r} is more than a year in the future; no source has data for it")
    return day


def _today() -> _dt.date:
    return _dt.datetime.now(_dt.timezone.utc).date()


def _frame(obs: Dict[str, Any]) -> pd.DataFrame:
    """Long observations (day, key, value) as a DataFrame indexed by date with one column per key."""
    if len(obs["day"]) == 0:
        return pd.DataFrame(index=pd.DatetimeIndex([], name="date"))
    long = pd.DataFrame({"date": np.asarray(obs["day"]).astype("datetime64[D]").astype("datetime64[ns]"),
                         "key": obs["key"], "value": obs["value"]})
    wide = long.pivot_table(index="date", columns="key", values="value", aggfunc="sum")
    wide.columns.name = None
    return wide


def _concat_obs(parts: Iterable[Dict[str, Any]]) -> Dict[str, Any]:
    parts = list(parts)
    return {"day": np.concatenate([np.asarray(p["day"]) for p in parts]) if parts else np.empty(0, np.int64),
            "key": [k for p in parts for k in p["key"]],
            "value": np.concatenate([np.asarray(p["value"]) for p in parts]) if parts else np.empty(0)}


def _regular(frame: pd.DataFrame, first: int, last: int, fill: str, freq: str = "D") -> pd.DataFrame:
    start = pd.Timestamp(np.datetime64(first, "D"))
    end = pd.Timestamp(np.datetime64(last, "D"))
    cols = {c: fill_gaps(frame[c].dropna() if fill == "nan" else frame[c].fillna(0.0), fill, freq=freq,
                         start=start, end=end) for c in frame.columns}
    return pd.DataFrame(cols) if cols else pd.DataFrame(index=pd.date_range(start, end, freq=freq, name="date"))


def _iso(day: Optional[int]) -> Optional[str]:
    return None if day is None else str(np.datetime64(int(day), "D"))


def _published_through(last: int, seen: Optional[int], lag_days: int) -> Optional[int]:
    """The last day a source has published for a request ending on ``last``.

    A day older than the source's usual publication lag is published (missing rows there mean zero); within
    the lag only days up to the last one seen are, and later days are unknown (NaN), never 0.
    """
    if last <= _day(_today(), "today") - lag_days:
        return last
    return None if seen is None else min(int(seen), last)


def _zero_fill_covered(frame: pd.DataFrame, first: int, last: int, covered: Optional[int]) -> pd.DataFrame:
    """Daily frame over first..last: 0 for days without rows up to ``covered``, NaN after it."""
    index = pd.date_range(pd.Timestamp(np.datetime64(first, "D")), pd.Timestamp(np.datetime64(last, "D")),
                          freq="D", name="date")
    if covered is None or covered < first:
        return pd.DataFrame({c: np.nan for c in frame.columns}, index=index)
    filled = _regular(frame, first, min(covered, last), "zero")
    return filled.reindex(index)


def _attach(obj: Any, source: str, metric: str, unit: str, responses: Sequence[_fetch.HttpResponse], **extra: Any) -> Any:
    obj.attrs.update({"source": source, "metric": metric, "unit": unit, "query": [r.url for r in responses],
                      "fetched": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
                      "from_cache": all(r.from_cache for r in responses) if responses else False, **extra})
    return obj


# ----------------------------------------------------------------------------------------------- PyPI

def pypistats(
    package: str,
    *,
    kind: str = "overall",
    base_url: Optional[str] = None,
    offline: Optional[bool] = None,
    progress: Optional[bool] = None,
) -> pd.DataFrame:
    """Daily PyPI downloads of one package from pypistats.org (the last 180 days only).

    Parameters
    ----------
    package : str
        PyPI name; normalised (PEP 503, lower case) before the request.
    kind : {"overall", "system", "python_minor", "python_major"}
        "overall" gives ``with_mirrors`` and ``without_mirrors`` (the second is a subset: never add them).
    base_url : str, optional
        Default https://pypistats.org/api or $UPTAKE_PYPISTATS_URL.

    Returns
    -------
    pandas.DataFrame
        Daily index, one column per category; days the server omits are zero downloads and filled with 0.

    Notes
    -----
    No authentication. The server allows 30 requests a minute per IP and answers 429 with an HTML page;
    uptake paces requests to its public host. Data are updated once a day; history is kept 180 days (use
    :func:`clickhouse_pypi` or :func:`bigquery_pypi` for more). ``without_mirrors`` also drops downloads whose
    installer is unknown (SQL NULL semantics upstream).

    Examples
    --------
    >>> import uptake
    >>> frame = uptake.sources.pypistats("torch")   # doctest: +SKIP
    >>> frame["without_mirrors"].tail()             # doctest: +SKIP
    """
    base = _base("pypistats", base_url)
    req = _core.pypistats_request(package, kind, base)
    (resp,) = _run("pypistats", base, [req], offline=offline, progress=progress)
    obs = _core.pypistats_parse(resp.body, resp.url)
    frame = _frame(obs)
    last_day = int(obs["day"].max()) if len(frame) else None
    if len(frame):
        frame = _regular(frame, int(obs["day"].min()), int(obs["day"].max()), "zero")
    return _attach(frame, "pypistats", "downloads", "downloads/day", [resp], package=package, kind=kind,
                   last_complete_day=_iso(last_day))


def npm(
    package: str,
    start: Any,
    end: Any = None,
    *,
    outages: str = "nan",
    base_url: Optional[str] = None,
    offline: Optional[bool] = None,
    progress: Optional[bool] = None,
) -> pd.Series:
    """Daily npm downloads of a package, any span from 2015-01-10, fetched in 365-day windows and stitched.

    Parameters
    ----------
    package : str
        npm name, scoped names included (``@tensorflow/tfjs``).
    start, end : date-like
        Inclusive; ``end`` defaults to yesterday (UTC).
    outages : {"nan", "keep"}
        npm reports outage days (and days not computed yet) as 0 downloads. Within the last 2 days, zeros after
        the last day with downloads are always NaN (``.attrs["last_complete_day"]``). "nan" marks a 0 as missing when the package's median daily
        downloads exceed 100 (a real zero is then implausible); the days marked are in ``.attrs["outage_days"]``.

    Notes
    -----
    No key. Since November 2025 npm sits behind a strict Cloudflare limiter without Retry-After; uptake sends
    one request at a time, 1.5 s apart, to the public host, and caches answers for 12 hours. Windows longer
    than the server allows are clamped silently by npm; uptake checks the returned dates and errors instead.

    Examples
    --------
    >>> import uptake
    >>> uptake.sources.npm("@tensorflow/tfjs", "2024-01-01", "2024-12-31")  # doctest: +SKIP
    """
    if outages not in ("nan", "keep"):
        raise ValueError(f"npm: outages must be 'nan' or 'keep', got {outages!r}")
    base = _base("npm", base_url)
    first = _day(start, "npm: start")
    last = _day(end, "npm: end", _today() - _dt.timedelta(days=1))
    reqs = _core.npm_requests(package, first, last, base)
    resps = _run("npm", base, [dict(r) for r in reqs], offline=offline, progress=progress)
    obs = _concat_obs(_core.npm_parse(r.body, r.url, q["first"], q["last"]) for r, q in zip(resps, reqs))
    frame = _frame(obs)
    series = _regular(frame, reqs[0]["first"], last, "zero").iloc[:, 0] if len(frame) else pd.Series(dtype=float)
    series.name = package
    flagged: List[pd.Timestamp] = []
    if outages == "nan" and len(series) and series.median() > 100:
        flagged = list(series.index[series == 0])
        series[series == 0] = np.nan
    # npm computes a day after UTC midnight and answers 0 for a day not landed yet: trailing zeros within that
    # lag are unknown, not zero downloads.
    positive = np.asarray(obs["day"])[np.asarray(obs["value"]) > 0]
    covered = _published_through(last, int(positive.max()) if len(positive) else None, lag_days=2)
    if len(series) and covered is not None and covered < last:
        series[series.index > pd.Timestamp(np.datetime64(covered, "D"))] = np.nan
    return _attach(series, "npm", "downloads", "downloads/day", resps, package=package,
                   outage_days=[d.strftime("%Y-%m-%d") for d in flagged], last_complete_day=_iso(covered))


def clickhouse_pypi(
    projects: Union[str, Sequence[str]],
    start: Any,
    end: Any = None,
    *,
    by: Optional[Sequence[str]] = None,
    base_url: Optional[str] = None,
    user: Optional[str] = None,
    password: Optional[str] = None,
    database: str = "pypi",
    offline: Optional[bool] = None,
    progress: Optional[bool] = None,
) -> pd.DataFrame:
    """Daily PyPI downloads aggregated on a ClickHouse server (default: the public ClickPy instance).

    Without ``by``: daily totals of one or many projects from ``pypi_downloads_per_day`` (a DataFrame, one
    column per project, days without rows are 0 up to the server's last loaded day). With ``by`` (any of installer, ci, system, version,
    python_minor, country_code, type): a long DataFrame ``date, <by...>, downloads`` from the raw ``pypi``
    table, always filtered on its sort-key prefix (project, date) so the server reads only what is needed.

    A project the server has never recorded raises ValueError with close matches (names within one edit in
    its ``pypi.projects`` table). Days after the last day the server has loaded (ClickPy runs about a day
    behind) are NaN, not 0; ``.attrs["last_complete_day"]`` gives that day.

    Notes
    -----
    Credentials: ``user`` (default $UPTAKE_CLICKHOUSE_USER, the credentials file's ``[clickhouse] user``, else
    ``demo``) and ``password`` (default $UPTAKE_CLICKHOUSE_PASSWORD or ``[clickhouse] password``; see
    :mod:`uptake.sources`). Both travel as ``X-ClickHouse-User``/``X-ClickHouse-Key`` headers, never in the URL,
    so they reach neither the cache nor ``.attrs`` nor an error message.
    Public instance: https://sql-clickhouse.clickhouse.com, user ``demo`` with no password; quotas apply
    (10,000 result rows, 60 s). The aggregation always runs on the server: years of history and whole
    ecosystems arrive as daily aggregates. SQL literals are escaped (older servers have no query parameters);
    an exception reported after HTTP 200 raises :class:`uptake.ParseError`; a result cut by a row cap is
    detected by counting the expected rows in a second query and raises ParseError asking for a narrower
    range. The CI flag is a lower bound (only pip and uv report it); days loaded before it existed are
    ``unknown``.

    Examples
    --------
    >>> import uptake
    >>> uptake.sources.clickhouse_pypi(["torch", "tensorflow"], "2024-01-01", "2024-12-31")  # doctest: +SKIP
    """
    names = [projects] if isinstance(projects, str) else list(projects)
    base = _base("clickhouse", base_url)
    first = _day(start, "clickhouse_pypi: start")
    last = _day(end, "clickhouse_pypi: end", _today() - _dt.timedelta(days=1))
    try:
        if by:
            if len(names) != 1:
                raise ValueError("splitting by a dimension takes one project at a time")
            sql = _core.clickhouse_split_sql(names[0], first, last, list(by), database)
        else:
            sql = _core.clickhouse_daily_sql(names, first, last, database)
    except ValueError as exc:  # names which argument (database, by, projects) the core refused
        raise ValueError(f"clickhouse_pypi: {exc} (projects={names!r}, by={by!r}, database={database!r})") from None
    user, password = _clickhouse_credentials(user, password)
    secrets = [password] if password else []
    if by:
        resps = _run("clickhouse", base, _clickhouse_split_requests(names[0], first, last, by, base, user, password,
                                                                    database),
                     offline=offline, progress=progress, secrets=secrets)
        return _clickhouse_split_finish(names[0], by, resps, first, last, database)
    resps = _run("clickhouse", base, _clickhouse_daily_requests(names, first, last, base, user, password, database),
                 offline=offline, progress=progress, secrets=secrets)
    return _clickhouse_daily_finish(names, resps, first, last, base, user, password, database, offline)


def _clickhouse_split_requests(name: str, first: int, last: int, by: Sequence[str], base: str, user: str,
                               password: str, database: str) -> List[Dict[str, Any]]:
    """The requests of :func:`clickhouse_pypi` with ``by`` (one project)."""
    return _clickhouse_query_requests(_core.clickhouse_split_sql(name, first, last, list(by), database), base, user,
                                      password)


def _clickhouse_split_finish(name: str, by: Sequence[str], resps: Sequence[_fetch.HttpResponse], first: int, last: int,
                             database: str) -> pd.DataFrame:
    """The answers of :func:`_clickhouse_split_requests` as the long DataFrame :func:`clickhouse_pypi` returns."""
    table = _clickhouse_query_read(resps, _core.clickhouse_split_sql(name, first, last, list(by), database))
    frame = pd.DataFrame(table)
    frame["date"] = pd.to_datetime(frame["date"])
    frame["downloads"] = frame["downloads"].astype(float)
    return _attach(frame, "clickhouse_pypi", "downloads", "downloads/day", resps, projects=[name], by=list(by),
                   last_complete_day=_iso(int(frame["date"].max().value // 86_400_000_000_000)) if len(frame) else None)


def _clickhouse_daily_requests(names: Sequence[str], first: int, last: int, base: str, user: str, password: str,
                               database: str) -> List[Dict[str, Any]]:
    """The requests of :func:`clickhouse_pypi` without ``by`` (for one engine batch with other sources)."""
    return _clickhouse_query_requests(_core.clickhouse_daily_sql(list(names), first, last, database), base, user,
                                      password, [_core.clickhouse_last_day_sql(first, last, database)])


def _clickhouse_daily_finish(names: Sequence[str], resps: Sequence[_fetch.HttpResponse], first: int, last: int,
                             base: str, user: str, password: str, database: str, offline: Optional[bool]) -> pd.DataFrame:
    """The answers of :func:`_clickhouse_daily_requests` as the DataFrame :func:`clickhouse_pypi` returns."""
    names = list(names)
    sql = _core.clickhouse_daily_sql(names, first, last, database)
    table, (loaded,) = _clickhouse_query_read(resps, sql, [_core.clickhouse_last_day_sql(first, last, database)])
    obs = {"day": (pd.to_datetime(table["date"]).values.astype("datetime64[D]").astype(np.int64)
                   if table["date"] else np.empty(0, np.int64)),
           "key": table["project"], "value": np.asarray(table["downloads"], dtype=float)}
    frame = _frame(obs)
    normalized = [_core.normalize_pypi_name(n) for n in names]
    for n in normalized:
        if n not in frame.columns:
            _check_pypi_project(n, base, user, password, database, offline, False)
            frame[n] = np.nan
    covered = None
    if loaded is not None and int(loaded["n"][0]) > 0:
        covered = _day(loaded["last_day"][0], "clickhouse_pypi: last loaded day")
    frame = _zero_fill_covered(frame[normalized], first, last, covered)
    return _attach(frame, "clickhouse_pypi", "downloads", "downloads/day", resps, projects=names,
                   last_complete_day=_iso(min(covered, last)) if covered is not None else None)


def _clickhouse_credentials(user: Optional[str], password: Optional[str]) -> tuple:
    """(user, password): the arguments, else $UPTAKE_CLICKHOUSE_USER/PASSWORD, else the credentials file; user demo."""
    user = credential(user, "UPTAKE_CLICKHOUSE_USER", "clickhouse", "user", "clickhouse: user") or "demo"
    password = credential(password, "UPTAKE_CLICKHOUSE_PASSWORD", "clickhouse", "password", "clickhouse: password")
    return user, password


def _check_pypi_project(name: str, base: str, user: str, password: str, database: str, offline: Optional[bool],
                        progress: Optional[bool]) -> None:
    """Raise ValueError for a project ClickPy does not know, with close matches from its projects table."""
    ever = _core.clickhouse_count_sql(_core.clickhouse_daily_sql([name], 0, _day(_today(), "today"), database))
    (resp,) = _run("clickhouse", base, [dict(_core.clickhouse_request(ever, base, user, password))], offline=offline,
                   progress=False, secrets=[password] if password else [])
    counted, _ = _core.clickhouse_parse(resp.body, resp.url, ever)
    if int(counted["n"][0]) > 0:
        return  # a known project without downloads in this window: its zeros are real
    similar = _core.clickhouse_similar_names_sql(name, database)
    try:
        (resp,) = _run("clickhouse", base, [dict(_core.clickhouse_request(similar, base, user, password))],
                       offline=offline, progress=False, secrets=[password] if password else [])
        known, _ = _core.clickhouse_parse(resp.body, resp.url, similar)
        names = list(known["name"])
    except (NetworkError, ParseError):
        names = []  # a server without a projects table: no suggestions, the error stands
    if name in names:
        return
    hint = f"; close matches: {', '.join(names[:5])}" if names else "; no close match in its projects table"
    raise ValueError(f"clickhouse_pypi: no PyPI project {name!r} on {base} (never downloaded){hint}")


def _clickhouse_query_requests(sql: str, base: str, user: str, password: str,
                               extra: Sequence[str] = ()) -> List[Dict[str, Any]]:
    """A query, the count of its rows (to detect a row cap) and any extra small queries; the password is a secret."""
    reqs = [dict(_core.clickhouse_request(q, base, user, password)) for q in (sql, _core.clickhouse_count_sql(sql), *extra)]
    for r in reqs:
        r["secrets"] = [password] if password else []
    return reqs


def _clickhouse_query(sql: str, base: str, user: str, password: str, offline: Optional[bool],
                      progress: Optional[bool], extra: Sequence[str] = ()):
    """Run a query with the count of its rows and any extra small queries, in one batch."""
    resps = _run("clickhouse", base, _clickhouse_query_requests(sql, base, user, password, extra), offline=offline,
                 progress=progress, secrets=[password] if password else [])
    read = _clickhouse_query_read(resps, sql, extra)
    return (read[0], resps, read[1]) if extra else (read, resps)


def _clickhouse_query_read(resps: Sequence[_fetch.HttpResponse], sql: str, extra: Sequence[str] = ()):
    """The table of :func:`_clickhouse_query_requests`' answers, checked against its row count; and the extras."""
    count_sql = _core.clickhouse_count_sql(sql)
    tables = tuple(_core.clickhouse_parse(r.body, r.url, q)[0] for r, q in zip(resps[2:], extra))
    table, rows = _core.clickhouse_parse(resps[0].body, resps[0].url, sql)
    counted, _ = _core.clickhouse_parse(resps[1].body, resps[1].url, count_sql)
    expected = int(counted["n"][0])
    if rows != expected:
        raise ParseError(f"clickhouse: the server returned {rows} of {expected} rows (a result-row cap cut the answer); "
                         "query a narrower date range")
    return (table, tables) if extra else table


def bigquery_pypi(
    project: str,
    start: Any,
    end: Any = None,
    *,
    billing_project: Optional[str] = None,
    token: Optional[str] = None,
    by_ci_and_installer: bool = True,
    base_url: Optional[str] = None,
    max_polls: int = 30,
    offline: Optional[bool] = None,
    progress: Optional[bool] = None,
) -> pd.DataFrame:
    """Daily PyPI downloads from Google's BigQuery public table ``bigquery-public-data.pypi.file_downloads``.

    Returns a long DataFrame ``date, [installer, ci,] downloads``. Needs a Google Cloud project to bill the query
    to (``billing_project`` or $GOOGLE_CLOUD_PROJECT) and an OAuth access token (``token`` or
    $GOOGLE_OAUTH_ACCESS_TOKEN, e.g. from ``gcloud auth print-access-token``). Queries scan data (about 3 GB per
    project-month; 1 TB/month is free). ``ci`` is ``"true"`` or ``"null"``: pip and uv send TRUE on CI and
    nothing otherwise, so the CI share is a lower bound. Counts before 2018-07-26 are an order of magnitude low.

    Examples
    --------
    >>> import uptake
    >>> uptake.sources.bigquery_pypi("torch", "2024-01-01", "2024-01-31", billing_project="my-project")  # doctest: +SKIP
    """
    billing = credential(billing_project, "GOOGLE_CLOUD_PROJECT", "bigquery", "billing_project", "bigquery_pypi: billing_project")
    token = credential(token, "GOOGLE_OAUTH_ACCESS_TOKEN", "bigquery", "token", "bigquery_pypi: token")
    if not billing:
        raise ValueError("bigquery_pypi: give billing_project (or set GOOGLE_CLOUD_PROJECT)")
    if not token:
        raise ValueError("bigquery_pypi: give token (or set GOOGLE_OAUTH_ACCESS_TOKEN)")
    base = _base("bigquery", base_url)
    first = _day(start, "bigquery_pypi: start")
    last = _day(end, "bigquery_pypi: end", _today() - _dt.timedelta(days=1))
    sql = _core.bigquery_daily_sql(project, first, last, bool(by_ci_and_installer))
    auth = [("Authorization", f"Bearer {token}")]
    req = dict(_core.bigquery_query_request(sql, billing, base))
    req["headers"] = list(req["headers"]) + auth
    resps = _run("bigquery", base, [req], offline=offline, progress=progress, secrets=[token])
    page = _core.bigquery_parse(resps[-1].body, resps[-1].url)
    tables = []
    polls = 0
    while True:
        if page["complete"]:
            tables.append(pd.DataFrame(page["table"]))
            if not page["page_token"]:
                break
        else:
            polls += 1
            if polls > max_polls:
                raise NetworkError(f"bigquery_pypi: job {page['job_id']} still running after {max_polls} polls")
        nxt = dict(_core.bigquery_results_request(billing, page["job_id"], page["location"],
                                                  page["page_token"] if page["complete"] else "", base))
        nxt["headers"] = list(nxt["headers"]) + auth
        resps += _run("bigquery", base, [nxt], offline=offline, progress=False, secrets=[token])
        page = _core.bigquery_parse(resps[-1].body, resps[-1].url)
    frame = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=["date", "downloads"])
    frame["date"] = pd.to_datetime(frame["date"])
    frame["downloads"] = frame["downloads"].astype(float)
    return _attach(frame, "bigquery_pypi", "downloads", "downloads/day", resps, project=project,
                   ci_flag="lower bound: pip and uv report CI as TRUE or nothing",
                   last_complete_day=str(frame["date"].max().date()) if len(frame) else None)


# ----------------------------------------------------------------------------------------------- GitHub

def _github_auth(token: Optional[str]) -> tuple:
    token = credential(token, "GITHUB_TOKEN", "github", "token", "github: token") or os.environ.get("GH_TOKEN", "")
    return ([("Authorization", f"Bearer {token}")] if token else []), ([token] if token else [])


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
    headers, secrets = _github_auth(token)
    base = _base("github", base_url)
    req = dict(_core.github_repo_request(repo, base))
    req["headers"] = list(req["headers"]) + headers
    (resp,) = _run("github", base, [req], offline=offline, progress=progress, secrets=secrets)
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
    headers, secrets = _github_auth(token)
    base = _base("github", base_url)
    req = dict(_core.github_commit_activity_request(repo, base))
    req["headers"] = list(req["headers"]) + headers
    (resp,) = _run("github", base, [req], offline=offline, progress=progress, secrets=secrets)
    obs = _core.github_commit_activity_parse(resp.body, resp.url)
    frame = _frame(obs)
    series = frame["commits"] if "commits" in frame else pd.Series(dtype=float)
    series.index = pd.DatetimeIndex(series.index, freq="W-SUN" if len(series) > 2 else None)
    series.name = repo
    return _attach(series, "github", "commits", "commits/week", [resp], repo=repo,
                   last_complete_day=_iso(_day(_today(), "today") - 1))


def _gharchive_daily(repo: str, event_type: str, alias: str, start: Any, end: Any, clickhouse_url: Optional[str],
                     offline: Optional[bool], progress: Optional[bool], **extra: Any) -> pd.Series:
    """Events of one type per day from GH Archive on ClickHouse, zero-filled up to the last day loaded."""
    first = _day(start, f"github_{alias}: start")
    last = _day(end, f"github_{alias}: end", _today() - _dt.timedelta(days=1))
    base = _base("clickhouse", clickhouse_url)
    _core.check_repo_name(repo)
    sql = _core.clickhouse_events_sql(repo, event_type, alias, first, last, "github")
    table, resps = _clickhouse_query(sql, base, *_clickhouse_credentials(None, None), offline, progress)
    obs = {"day": (pd.to_datetime(table["date"]).values.astype("datetime64[D]").astype(np.int64)
                   if table["date"] else np.empty(0, np.int64)),
           "key": [alias] * len(table["date"]), "value": np.asarray(table[alias], dtype=float)}
    frame = _frame(obs)
    if alias not in frame:
        frame[alias] = np.nan
    covered = _published_through(last, int(np.max(obs["day"])) if len(obs["day"]) else None, lag_days=2)
    series = _zero_fill_covered(frame[[alias]], first, last, covered)[alias].rename(repo)
    return _attach(series, f"github_{alias}", alias, f"{alias}/day", resps, repo=repo,
                   last_complete_day=_iso(covered), **extra)


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


def _stars_clickhouse_requests(repo: str, first: int, last: int, base: str, user: str,
                               password: str) -> List[Dict[str, Any]]:
    """The requests of ``github_stars(method="clickhouse")``."""
    _core.check_repo_name(repo)
    return _clickhouse_query_requests(_core.clickhouse_stars_sql(repo, first, last, "github"), base, user, password)


def _stars_clickhouse_finish(repo: str, resps: Sequence[_fetch.HttpResponse], first: int, last: int) -> pd.Series:
    """The answers of :func:`_stars_clickhouse_requests` as the Series ``github_stars`` returns."""
    table = _clickhouse_query_read(resps, _core.clickhouse_stars_sql(repo, first, last, "github"))
    obs = {"day": (pd.to_datetime(table["date"]).values.astype("datetime64[D]").astype(np.int64)
                   if table["date"] else np.empty(0, np.int64)),
           "key": ["stars"] * len(table["date"]), "value": np.asarray(table["stars"], dtype=float)}
    frame = _frame(obs)
    if "stars" not in frame:
        frame["stars"] = np.nan
    covered = _published_through(last, int(np.max(obs["day"])) if len(obs["day"]) else None, lag_days=2)
    series = _zero_fill_covered(frame[["stars"]], first, last, covered)["stars"].rename(repo)
    return _attach(series, "github_stars", "stars", "stars/day", resps, repo=repo, method="clickhouse",
                   last_complete_day=_iso(covered))


def _stars_history(repo: str, start: Any, end: Any, *, token: Optional[str], base_url: Optional[str], max_pages: int,
                   offline: Optional[bool]) -> pd.Series:
    method = "history"
    headers, secrets = _github_auth(token)
    base = _base("github", base_url)
    resps = []
    parts = []
    for page in range(1, max_pages + 1):
        req = dict(_core.github_star_history_request(repo, page, base))
        req["headers"] = list(req["headers"]) + headers
        (resp,) = _run("github", base, [req], offline=offline, progress=False, secrets=secrets)
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


# ----------------------------------------------------------------------------------------------- attention

def wikipedia_pageviews(
    article: str,
    start: Any,
    end: Any = None,
    *,
    project: str = "en.wikipedia",
    access: str = "all-access",
    agents: Sequence[str] = ("user",),
    base_url: Optional[str] = None,
    offline: Optional[bool] = None,
    progress: Optional[bool] = None,
) -> pd.DataFrame:
    """Daily Wikipedia page views of one article, one column per agent type.

    ``agents`` among ``user``, ``spider``, ``automated``, ``all-agents`` (user + spider + automated). Data from
    2015-07-01; days with zero views are omitted by the API and filled with 0 up to the last published day.
    Wikimedia loads a day hours to more than a day late: within the last 3 days, days after the last one
    returned are NaN, and ``.attrs["last_complete_day"]`` says where the data end. An agent type answered with
    404 becomes a NaN column (listed in ``.attrs["missing_agents"]``); only when every agent is 404 does the call
    fail, with :class:`uptake.NetworkError` naming the article. Check the canonical title (redirects are counted
    separately). No key; uptake sends the descriptive User-Agent Wikimedia requires.
    """
    base = _base("wikimedia", base_url)
    first = _day(start, "wikipedia_pageviews: start")
    last = _day(end, "wikipedia_pageviews: end", _today() - _dt.timedelta(days=1))
    reqs = _pageviews_requests(article, first, last, base, project=project, access=access, agents=agents)
    resps = _run("wikimedia", base, reqs, offline=offline, progress=progress, accept_status=(404,))
    return _pageviews_finish(article, resps, first, last, project=project, agents=agents)


def _pageviews_requests(article: str, first: int, last: int, base: str, *, project: str = "en.wikipedia",
                        access: str = "all-access", agents: Sequence[str] = ("user",)) -> List[Dict[str, Any]]:
    """The requests of :func:`wikipedia_pageviews` (404 answers are read, not failures)."""
    return [dict(_core.wikimedia_request(article, project, access, a, first, last, base)) for a in agents]


def _pageviews_finish(article: str, resps: Sequence[_fetch.HttpResponse], first: int, last: int, *,
                      project: str = "en.wikipedia", agents: Sequence[str] = ("user",)) -> pd.DataFrame:
    """The answers of :func:`_pageviews_requests` as the DataFrame :func:`wikipedia_pageviews` returns."""
    parts, missing = [], []
    for a, r in zip(agents, resps):
        if r.status == 404:
            missing.append(f"{a}: {r.text[:160]}")
        else:
            parts.append(_core.wikimedia_parse(r.body, r.url))
    if not parts:
        raise NetworkError(f"wikipedia_pageviews: no data for {article!r} on {project} ({resps[0].url}): check the "
                           f"title (redirects and misspellings give 404); the server says {resps[0].text[:200]}")
    obs = _concat_obs(parts)
    frame = _frame(obs)
    for a in agents:
        if a not in frame:
            frame[a] = np.nan
    # Days not yet loaded (hours to more than a day behind) are unknown, not zero views.
    covered = _published_through(last, int(np.max(obs["day"])) if len(obs["day"]) else None, lag_days=3)
    frame = _zero_fill_covered(frame[list(agents)], first, last, covered)
    for a, r in zip(agents, resps):
        if r.status == 404:
            frame[a] = np.nan  # that agent type has no data here: unknown, not zero
    return _attach(frame, "wikipedia_pageviews", "page views", "views/day", resps, article=article, project=project,
                   missing_agents=missing, last_complete_day=_iso(covered))


# ----------------------------------------------------------------------------------------------- conda

def conda_downloads(
    packages: Union[str, Sequence[str]],
    start: Any,
    end: Any = None,
    *,
    by_data_source: bool = False,
    base_url: Optional[str] = None,
    offline: Optional[bool] = None,
    progress: Optional[bool] = None,
) -> pd.DataFrame:
    """Monthly conda downloads per package from Anaconda's public package-data files.

    Reads ``conda/monthly/YYYY/YYYY-MM.parquet`` from https://anaconda-package-data.s3.amazonaws.com (anonymous
    HTTPS; columns ``time, data_source, pkg_name, pkg_version, pkg_platform, pkg_python, counts``) through the
    response cache, keeps the rows of ``packages`` and sums ``counts`` per month (and per ``data_source`` -
    anaconda, conda-forge, bioconda, pytorch... - with ``by_data_source=True``). conda names differ from PyPI
    names (``pytorch``, not ``torch``). A month is published in the first days of the next; a month whose file
    is absent (403/404) is NaN and listed in ``attrs["missing_months"]``; a package absent from a published
    month had 0 downloads there. History can be revised (e.g. ``.conda`` files added back to 2022-06 in 2024-12).
    Needs pyarrow: ``pip install 'uptake[conda]'``.

    Returns
    -------
    pandas.DataFrame
        Indexed by month start; one column per package, or (package, data_source) columns.

    Examples
    --------
    >>> import uptake
    >>> conda = uptake.sources.conda_downloads(["pytorch", "tensorflow"], "2023-01-01", "2023-12-31")  # doctest: +SKIP
    """
    names = [packages] if isinstance(packages, str) else list(packages)
    if not names or any(not isinstance(p, str) or not p for p in names):
        raise ValueError(f"conda_downloads: give package names, got {packages!r}")
    _pyarrow()
    base = _base("anaconda", base_url)
    first = _day(start, "conda_downloads: start")
    last = _day(end, "conda_downloads: end", _today())
    reqs = _conda_requests(first, last, base)
    resps = _run("anaconda", base, reqs, offline=offline, progress=progress, accept_status=(403, 404))
    return _conda_finish(names, resps, first, last, by_data_source=by_data_source)


def _pyarrow() -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ImportError("conda_downloads reads Parquet files and needs pyarrow: pip install 'uptake[conda]' "
                          "(or pip install pyarrow)") from exc
    return pq


def _conda_months(first: int, last: int) -> pd.PeriodIndex:
    lo = pd.Timestamp(np.datetime64(first, "D")).to_period("M")
    hi = pd.Timestamp(np.datetime64(last, "D")).to_period("M")
    if hi < lo:
        raise ValueError(f"conda_downloads: end {hi} is before start {lo}")
    return pd.period_range(lo, hi, freq="M")


def _conda_requests(first: int, last: int, base: str) -> List[Dict[str, Any]]:
    """The requests of :func:`conda_downloads`: one monthly Parquet file per month (the same for every package;
    403/404 answers are read as "not published yet")."""
    return [{"method": "GET", "url": f"{base}/conda/monthly/{m.year}/{m.year}-{m.month:02d}.parquet",
             "ttl": 7 * 86400.0} for m in _conda_months(first, last)]


def _conda_finish(names: Sequence[str], resps: Sequence[_fetch.HttpResponse], first: int, last: int, *,
                  by_data_source: bool = False) -> pd.DataFrame:
    """The answers of :func:`_conda_requests` as the DataFrame :func:`conda_downloads` returns."""
    pq = _pyarrow()
    months = _conda_months(first, last)
    parts, missing = [], []
    for m, r in zip(months, resps):
        if r.status in (403, 404):
            missing.append(str(m))
            continue
        try:
            table = pq.read_table(io.BytesIO(r.body), columns=["data_source", "pkg_name", "counts"],
                                  filters=[("pkg_name", "in", list(names))])
        except Exception as exc:  # pyarrow raises several types for a damaged or foreign file
            raise ParseError(f"conda_downloads: {r.url} is not a readable package-data Parquet file ({exc})") from exc
        rows = table.to_pandas()
        rows["month"] = m.to_timestamp()
        parts.append(rows)
    keys = ["pkg_name", "data_source"] if by_data_source else ["pkg_name"]
    long = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["month", *keys, "counts"])
    wide = long.groupby(["month", *keys])["counts"].sum().unstack(keys) if len(long) else pd.DataFrame()
    index = pd.DatetimeIndex([m.to_timestamp() for m in months], name="date")
    published = [m.to_timestamp() for m in months if str(m) not in missing]
    if not by_data_source:
        wide = wide.reindex(columns=list(names))
    wide = wide.reindex(index).astype(float)
    wide.loc[wide.index.isin(published)] = wide.loc[wide.index.isin(published)].fillna(0.0)
    wide.columns.names = ["package", "data_source"][:len(keys)]
    return _attach(wide, "conda_downloads", "downloads", "downloads/month", resps, packages=list(names),
                   missing_months=missing)


# ----------------------------------------------------------------------------------------------- job posts

def hn_hiring(
    terms: Sequence[str] = ("pytorch|torch", "tensorflow"),
    start: Any = None,
    end: Any = None,
    *,
    conf: float = 0.95,
    base_url: Optional[str] = None,
    offline: Optional[bool] = None,
    progress: Optional[bool] = None,
) -> pd.DataFrame:
    """Monthly Hacker News "Ask HN: Who is hiring?" postings that mention each term, with the month's total.

    The threads of the ``whoishiring`` account are listed through the Algolia HN Search API
    (https://hn.algolia.com/api/v1, no key, about 10,000 requests/hour per IP); each thread in
    ``[start, end]`` is fetched whole (``/items/<id>``) and its **top-level** comments - one job posting each;
    replies and deleted comments are not postings - are searched by uptake, not by Algolia, case-insensitively
    on word boundaries after HTML unescaping (Algolia's own matching is typo-tolerant and its ``nbHits``
    counts replies). A term is one or more words separated by ``|``: ``"pytorch|torch"``. The month is the one
    in the thread's title, e.g. "(November 2025)".

    Returns
    -------
    pandas.DataFrame
        Indexed by month: ``postings`` and, per term, the count, ``<term> share`` (of postings) and its exact
        Clopper-Pearson ``<term> low`` / ``<term> high``. ``attrs["trend"]`` holds per term the change of the
        share's log-odds per year from a binomial logistic fit (quasi-binomial when overdispersed) with its
        interval: ``(slope, low, high, dispersion)``. Months without a thread are absent, not zero. These are
        postings on one forum by companies that chose to post there: a proxy for hiring, not a census.

    Examples
    --------
    >>> import uptake
    >>> jobs = uptake.sources.hn_hiring(["pytorch|torch", "tensorflow"], "2019-01-01")  # doctest: +SKIP
    >>> jobs.attrs["trend"]["tensorflow"]  # doctest: +SKIP
    """
    if not terms:
        raise ValueError("hn_hiring: give at least one term")
    terms = [str(t) for t in terms]
    base = _base("hn_algolia", base_url)
    # threads are dated by month: a start inside a month keeps that month's thread
    first = int(np.datetime64(np.datetime64(_day(start, "hn_hiring: start", _dt.date(2011, 4, 1)), "D"), "M")
                .astype("datetime64[D]").astype(np.int64))
    last = _day(end, "hn_hiring: end", _today())
    threads: List[Dict[str, Any]] = []
    responses = []
    page, pages = 0, 1
    while page < pages:
        resp = _run("hn_algolia", base, [dict(_core.hn_threads_request(base, page))], offline=offline,
                    progress=progress)[0]
        found, pages = _core.hn_threads_parse(resp.body, resp.url)
        responses.append(resp)
        threads.extend(found)
        page += 1
        if threads and min(t["month"] for t in threads) < first:
            break  # the list is newest first: older pages hold older threads only
    chosen: Dict[int, Dict[str, Any]] = {}
    for t in threads:
        if first <= t["month"] <= last and t["month"] not in chosen:
            chosen[t["month"]] = t
    if not chosen:
        raise NetworkError(f"hn_hiring: no 'Ask HN: Who is hiring?' thread between {_iso(first)} and {_iso(last)} "
                           f"in {responses[0].url}")
    months = sorted(chosen)
    reqs = [dict(_core.hn_thread_request(base, chosen[m]["id"])) for m in months]
    resps = _run("hn_algolia", base, reqs, offline=offline, progress=progress)
    obs = _concat_obs([_core.hn_postings_parse(r.body, r.url, m, terms) for m, r in zip(months, resps)])
    frame = _frame(obs)[["postings", *terms]]
    n = frame["postings"].to_numpy(dtype=float)
    trend = {}
    t_days = np.asarray([(d - frame.index[0]).days for d in frame.index], dtype=float)
    for term in terms:
        k = frame[term].to_numpy(dtype=float)
        ok = n > 0
        frame[f"{term} share"], frame[f"{term} low"], frame[f"{term} high"] = _exact_shares(k, n, conf)
        trend[term] = _logit_trend(t_days[ok], k[ok], n[ok], conf)
    return _attach(frame, "hn_hiring", "job postings", "postings/month", responses + list(resps), terms=terms,
                   threads={_iso(m): chosen[m]["id"] for m in months}, trend=trend)


def _exact_shares(k: np.ndarray, n: np.ndarray, conf: float) -> tuple:
    """k / n with Clopper-Pearson bounds per period; NaN where n = 0 (no postings or questions: unknown)."""
    from .shares import share_ci

    ok = n > 0
    share = np.divide(k, n, out=np.full_like(k, np.nan), where=ok)
    low, high = np.full_like(k, np.nan), np.full_like(k, np.nan)
    if ok.any():
        low[ok], high[ok] = share_ci(k[ok], n[ok], method="clopper_pearson", conf=conf)
    return share, low, high


def _logit_trend(t_days: np.ndarray, k: np.ndarray, n: np.ndarray, conf: float) -> tuple:
    """Change of a share's log-odds per year (binomial GLM, quasi-binomial when overdispersed) with its interval."""
    if len(t_days) < 3 or k.sum() == 0 or k.sum() == n.sum():
        return (np.nan, np.nan, np.nan, np.nan)
    fit = _core.binomial_logit(t_days, k, n)
    dispersion = float(fit["dispersion"])
    q = float(_core.t_quantile(0.5 + conf / 2.0, int(fit["df_resid"]) if dispersion > 1 else 0))
    b, se = float(fit["params"][1]), float(np.sqrt(np.asarray(fit["cov"])[1, 1]))
    per = 365.25
    return (b * per, (b - q * se) * per, (b + q * se) * per, dispersion)


def _counts_per_period(obs: Dict[str, Any], label: str) -> pd.Series:
    """One count per window, labelled by the window's first day."""
    days = np.asarray(obs["day"])
    index = pd.DatetimeIndex(days.astype("datetime64[D]").astype("datetime64[ns]"), name="date")
    return pd.Series(np.asarray(obs["value"], dtype=float), index=index, name=label)


_UNIT = {"D": "day", "W": "week", "M": "month", "Y": "year"}


def _unit(freq: str, what: str, allowed: str) -> str:
    f = freq.upper()[:1]
    if f not in allowed or f not in _UNIT:
        raise ValueError(f"{what}: freq must be one of {list(allowed)}, got {freq!r}")
    return _UNIT[f]


def stackexchange(
    tag: str,
    start: Any,
    end: Any = None,
    *,
    freq: str = "M",
    site: str = "stackoverflow",
    key: Optional[str] = None,
    base_url: Optional[str] = None,
    offline: Optional[bool] = None,
    progress: Optional[bool] = None,
) -> pd.Series:
    """Questions created per day ("D"), week ("W") or month ("M") with a tag, one request per period.

    ``tag=""`` counts every question on the site (the denominator of :func:`stackexchange_share`).

    Counts come from ``/questions?tagged=...&filter=total`` (creation date, inclusive windows; deleted questions
    are not counted, so totals differ slightly from a tag's ``count``). Without a key the quota is 300 requests
    a day per IP; with ``key`` (or $STACKEXCHANGE_KEY) 10,000. ``backoff`` fields are honoured; a throttle
    violation raises :class:`uptake.NetworkError` with the server's message (it says when to try again).
    Each point is labelled by its period's first day. When every window counts 0, the tag is looked up
    (``/tags?inname=``): a tag the site does not have raises ValueError naming it, with tags containing it.
    """
    unit = _unit(freq, "stackexchange", "DWM")
    base = _base("stackexchange", base_url)
    key = credential(key, "STACKEXCHANGE_KEY", "stackexchange", "key", "stackexchange: key")
    first = _day(start, "stackexchange: start")
    last = _day(end, "stackexchange: end", _today() - _dt.timedelta(days=1))
    reqs = _questions_requests(tag, site, first, last, unit, key, base)
    resps = _run("stackexchange", base, reqs, offline=offline, progress=progress, accept_status=(400,),
                 secrets=[key] if key else [], backoff_field="backoff")
    return _questions_finish(tag, site, unit, key, base, resps, reqs, last, offline)


def _questions_requests(tag: str, site: str, first: int, last: int, unit: str, key: str, base: str) -> List[Dict[str, Any]]:
    """The requests of :func:`stackexchange` (400 answers carry the API's error; ``backoff`` is honoured)."""
    return [dict(r) for r in _core.stackexchange_requests(tag, site, first, last, unit, key, base)]


def _questions_finish(tag: str, site: str, unit: str, key: str, base: str, resps: Sequence[_fetch.HttpResponse],
                      reqs: Sequence[Mapping[str, Any]], last: int, offline: Optional[bool]) -> pd.Series:
    """The answers of :func:`_questions_requests` as the Series :func:`stackexchange` returns."""
    obs = _concat_obs(_core.stackexchange_parse(r.body, r.url, q["first"], tag) for r, q in zip(resps, reqs))
    if tag and not np.any(np.asarray(obs["value"]) > 0):
        for one in tag.split(";"):  # "a;b" means questions tagged with both
            _check_tag(one.strip(), site, key, base, offline)
    series = _counts_per_period(obs, tag)
    return _attach(series, "stackexchange", "questions", f"questions/{unit}", resps, tag=tag, site=site,
                   last_complete_day=_iso(min(last, _day(_today(), "today") - 1)))


def stackexchange_share(
    tag: str,
    start: Any,
    end: Any = None,
    *,
    freq: str = "M",
    site: str = "stackoverflow",
    conf: float = 0.95,
    key: Optional[str] = None,
    base_url: Optional[str] = None,
    offline: Optional[bool] = None,
    progress: Optional[bool] = None,
) -> pd.DataFrame:
    """A tag's share of all questions per period, with its exact interval.

    Absolute counts after 2022-11 mostly measure Stack Overflow's own decline (fewer questions overall since
    chat assistants), not the tag's adoption; the share of all questions asked that period does not. The
    interval is Clopper-Pearson on (tagged, all) questions: it treats the period's questions as draws from the
    process that generates them, so it measures sampling noise, not the site's changing audience.

    Returns
    -------
    pandas.DataFrame
        Indexed by period start: ``questions`` (tagged), ``all_questions``, ``share``, ``low``, ``high``; NaN
        share where the site had no question that period.

    Examples
    --------
    >>> import uptake
    >>> s = uptake.sources.stackexchange_share("pytorch", "2020-01-01", "2024-12-31")  # doctest: +SKIP
    """
    if not tag:
        raise ValueError("stackexchange_share: give a tag (its share of all questions is computed)")
    common = dict(freq=freq, site=site, key=key, base_url=base_url, offline=offline, progress=progress)
    tagged = stackexchange(tag, start, end, **common)
    # the public wrapper rejects an empty tag (a user's mistake); here it deliberately means "all questions"
    total = getattr(stackexchange, "__wrapped__", stackexchange)("", start, end, **common)
    frame = pd.DataFrame({"questions": tagged, "all_questions": total})
    k, n = frame["questions"].to_numpy(float), frame["all_questions"].to_numpy(float)
    bad = k > n
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ParseError(f"stackexchange_share: {tag!r} has {k[i]:.0f} questions but the site only {n[i]:.0f} "
                         f"in the period starting {frame.index[i].date()}")
    frame["share"], frame["low"], frame["high"] = _exact_shares(k, n, conf)
    return _attach(frame, "stackexchange", "share of questions", "share", [], tag=tag, site=site,
                   query=list(tagged.attrs.get("query", [])) + list(total.attrs.get("query", [])),
                   from_cache=bool(tagged.attrs.get("from_cache")) and bool(total.attrs.get("from_cache")),
                   last_complete_day=tagged.attrs.get("last_complete_day"))


def _check_tag(tag: str, site: str, key: str, base: str, offline: Optional[bool]) -> None:
    """Raise ValueError for a tag the site does not have (it would count 0 everywhere), with close matches."""
    (resp,) = _run("stackexchange", base, [dict(_core.stackexchange_tags_request(tag, site, key, base))],
                   offline=offline, progress=False, secrets=[key] if key else [])
    names = _core.stackexchange_tag_names(resp.body, resp.url)
    if tag.lower() in (n.lower() for n in names):
        return
    hint = f"; tags containing it: {', '.join(names[:5])}" if names else ""
    raise ValueError(f"stackexchange: {site} has no tag {tag!r} (every window counted 0 questions){hint}")


def arxiv(
    query: str,
    start: Any,
    end: Any = None,
    *,
    freq: str = "M",
    base_url: Optional[str] = None,
    offline: Optional[bool] = None,
    progress: Optional[bool] = None,
) -> pd.Series:
    """arXiv papers per month ("M") or year ("Y") matching a query (arXiv syntax: ``abs:pytorch``, ``ti:"jax"``).

    One request per period with ``submittedDate`` windows, reading ``totalResults`` in the OpenSearch namespace
    (the feed is parsed as XML: any prefix, inline namespace declarations and attributes are fine). arXiv's
    terms allow one request every 3 seconds (a 10-year monthly series takes 6 minutes the first time; cached
    for a week after). Error answers are Atom feeds with an entry titled "Error"; they raise
    :class:`uptake.ParseError` with arXiv's message rather than being read as a count of 1.
    """
    unit = _unit(freq, "arxiv", "MY")
    base = _base("arxiv", base_url)
    first = _day(start, "arxiv: start")
    last = _day(end, "arxiv: end", _today() - _dt.timedelta(days=1))
    reqs = _papers_requests(query, first, last, unit, base)
    resps = _run("arxiv", base, reqs, offline=offline, progress=progress, accept_status=(400,))
    return _papers_finish(query, unit, resps, reqs, last)


def _papers_requests(query: str, first: int, last: int, unit: str, base: str) -> List[Dict[str, Any]]:
    """The requests of :func:`arxiv` (400 answers are error feeds the parser reads)."""
    return [dict(r) for r in _core.arxiv_requests(query, first, last, unit, base)]


def _papers_finish(query: str, unit: str, resps: Sequence[_fetch.HttpResponse], reqs: Sequence[Mapping[str, Any]],
                   last: int) -> pd.Series:
    """The answers of :func:`_papers_requests` as the Series :func:`arxiv` returns."""
    obs = _concat_obs(_core.arxiv_parse(r.body, r.url, q["first"], query) for r, q in zip(resps, reqs))
    series = _counts_per_period(obs, query)
    return _attach(series, "arxiv", "papers", f"papers/{unit}", resps, query=query,
                   last_complete_day=_iso(min(last, _day(_today(), "today") - 1)))


def openalex(
    search: str,
    start: Any,
    end: Any = None,
    *,
    freq: str = "Y",
    api_key: Optional[str] = None,
    base_url: Optional[str] = None,
    offline: Optional[bool] = None,
    progress: Optional[bool] = None,
) -> pd.Series:
    """Works per year ("Y", one grouped request) or month ("M", one request per month) matching a search in
    titles and abstracts (``title_and_abstract.search``).

    OpenAlex requires an API key since 2026-02-13 (``api_key`` or $OPENALEX_API_KEY; free keys cover about
    1,000 search calls a day). Recent years grow as indexing catches up: re-fetch them. The filter syntax has no
    escape, so ``,``, ``|`` and ``:`` in the search become spaces (a text search reads them as word breaks).
    Yearly results cover every year of the range: years the grouped answer omits have 0 works.
    """
    unit = _unit(freq, "openalex", "MY")
    base = _base("openalex", base_url)
    key = credential(api_key, "OPENALEX_API_KEY", "openalex", "api_key", "openalex: api_key")
    first = _day(start, "openalex: start")
    last = _day(end, "openalex: end", _today() - _dt.timedelta(days=1))
    reqs = [dict(r) for r in _core.openalex_requests(search, first, last, unit, key, base)]
    resps = _run("openalex", base, reqs, offline=offline, progress=progress, secrets=[key] if key else [])
    grouped = unit == "year"
    obs = _concat_obs(_core.openalex_parse(r.body, r.url, q["first"], search, grouped) for r, q in zip(resps, reqs))
    series = _counts_per_period(obs, search)
    if grouped:
        # A grouped answer lists only years with works: the other requested years have none.
        years = pd.date_range(pd.Timestamp(np.datetime64(first, "D")).replace(month=1, day=1),
                              pd.Timestamp(np.datetime64(last, "D")), freq="YS", name="date")
        series = series.reindex(years, fill_value=0.0)
    return _attach(series, "openalex", "works", f"works/{unit}", resps, search=search,
                   last_complete_day=_iso(min(last, _day(_today(), "today") - 1)))


def read_google_trends(path: Union[str, os.PathLike], *, less_than_one: float = 0.5) -> pd.DataFrame:
    """Read a Google Trends "Download CSV" export (``multiTimeline.csv``) into a DataFrame.

    Handles the category line, localised headers (parsed by position), quoted terms, a UTF-8 BOM, day/week/
    month rows, the newer ``"Time","term"`` export without preamble, and several terms. Hourly exports (rows
    like ``2026-09-26T00``, for ranges of 7 days or less) and files with duplicate or unordered dates raise
    :class:`uptake.ParseError` rather than being read as days. Values are 0-100 relative to the window's maximum; ``<1`` becomes
    ``less_than_one`` (default 0.5, between 0 and 1; pass ``float("nan")`` to treat it as missing). Weekly rows
    are labelled by the week's first day (Sunday). Different downloads are normalised separately: compare
    terms within one file, or rescale through a shared anchor term.

    Examples
    --------
    >>> import uptake
    >>> uptake.read_google_trends("multiTimeline.csv")  # doctest: +SKIP
    """
    p = os.fspath(path)
    try:
        with open(p, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise ValueError(f"read_google_trends: cannot read {p}: {exc}") from exc
    text = raw.decode("utf-8", errors="replace")
    t = _core.read_google_trends_csv(text, p, float(less_than_one))
    index = pd.DatetimeIndex(np.asarray(t["day"]).astype("datetime64[D]").astype("datetime64[ns]"), name="date")
    frame = pd.DataFrame({term: values for term, values in zip(t["terms"], t["values"])}, index=index)
    frame.attrs.update({"source": "google_trends", "metric": "search interest", "unit": "0-100 (relative)",
                        "granularity": t["granularity"], "category": t["category"], "path": p,
                        # the export's newest row may be a period still in progress (Google marks it only in
                        # its JSON): the last complete day is the one before the newest row starts
                        "last_complete_day": str((index[-1] - pd.Timedelta(days=1)).date()) if len(index) > 1 else None})
    return frame
