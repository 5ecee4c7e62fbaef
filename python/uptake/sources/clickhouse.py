"""PyPI downloads aggregated on a ClickHouse server (ClickPy by default), and the query plumbing the other
ClickHouse-backed sources (GH Archive, the ecosystem totals) share: credentials, a query with the count of its
rows to detect a row cap, and unknown-project checks.

Examples
--------
>>> import uptake
>>> daily = uptake.sources.clickhouse_pypi(["torch", "jax"], "2024-01-01", "2024-12-31")  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Dict, List, Optional, Sequence, Union

import numpy as np
import pandas as pd

from .. import _core, _fetch
from .._credentials import credential
from ..errors import NetworkError, ParseError
from ._common import _attach, _base, _day, _frame, _iso, _run, _today, _zero_fill_covered

__all__ = ["clickhouse_pypi"]


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
