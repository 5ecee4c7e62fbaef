"""Planned many-package queries on a SQL warehouse (ClickHouse or BigQuery), run one chunk at a time.

The C++ planner (``_core.weekly_chunks``) cuts packages x weeks into chunks of at most ``row_cap`` rows; each
warehouse here turns a chunk into its own SQL (weekly sums, weekend sums and the CI count computed on the server),
runs it within the service's quotas and returns the chunk as one small DataFrame. ClickHouse pairs every query
with a count of its rows (a row cap cuts answers silently); BigQuery dry-runs each chunk for the bytes it would
scan, halves its dates (on Mondays) until it fits ``max_bytes``, runs it with ``maximumBytesBilled`` (so the
service itself refuses anything dearer) and pages through the answer.
"""

from __future__ import annotations

import datetime as _dt
import json
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

import numpy as np
import pandas as pd

from . import _core
from .errors import ParseError
from .sources._common import _base, _day
from .sources.bigquery import _bigquery_rows, _bigquery_send
from .sources.clickhouse import _clickhouse_credentials, _clickhouse_query

_EPOCH = _dt.date(1970, 1, 1)
_COLUMNS = ("downloads", "weekend_downloads", "ci_downloads")


def iso(day: int) -> str:
    return (_EPOCH + _dt.timedelta(days=int(day))).isoformat()


class ClickHouse:
    """ClickHouse over HTTP (the public ClickPy instance by default)."""

    name = "clickhouse_pypi"

    def __init__(self, base_url: Optional[str], user: Optional[str], password: Optional[str], database: str,
                 offline: Optional[bool], progress: Optional[bool]) -> None:
        self.base = _base("clickhouse", base_url)
        self.user, self.password = _clickhouse_credentials(user, password)
        self.database, self.offline, self.progress = database, offline, progress
        self.stats: Dict[str, Any] = {"queries": 0, "rows": 0}

    def _table(self, sql: str) -> Dict[str, list]:
        table, _ = _clickhouse_query(sql, self.base, self.user, self.password, self.offline, self.progress)
        self.stats["queries"] += 2  # the query and the count of its rows
        self.stats["rows"] += len(next(iter(table.values()))) if table else 0
        return table

    def last_loaded(self, first: int, last: int) -> int:
        table = self._table(_core.clickhouse_last_day_sql(first, last, self.database))
        if not table["last_day"] or int(table["n"][0]) == 0:
            raise ValueError(f"rank: the server {self.base} has no downloads loaded between {iso(first)} and {iso(last)}")
        return _day(table["last_day"][0], "clickhouse: last loaded day")

    def weekly(self, projects: Sequence[str], first: int, last: int, ci_split: bool) -> List[Dict[str, list]]:
        return [self._table(_core.clickhouse_weekly_sql(list(projects), first, last, self.database, ci_split))]

    def top(self, first: int, last: int, n: int) -> List[str]:
        return list(self._table(_core.clickhouse_top_sql(first, last, n, self.database))["project"])

    def total(self, first: int, last: int) -> Tuple[Optional[Dict[str, list]], str]:
        return self._table(_core.clickhouse_total_weekly_sql(first, last, self.database)), ""


class BigQuery:
    """Google BigQuery's public PyPI table through jobs.query and getQueryResults."""

    name = "bigquery_pypi"

    def __init__(self, base_url: Optional[str], billing_project: Optional[str], token: Optional[str],
                 max_bytes: int, offline: Optional[bool], progress: Optional[bool], max_polls: int = 30) -> None:
        from ._credentials import credential

        self.billing = credential(billing_project, "GOOGLE_CLOUD_PROJECT", "bigquery", "billing_project",
                                  "bigquery: billing_project")
        self.token = credential(token, "GOOGLE_OAUTH_ACCESS_TOKEN", "bigquery", "token", "bigquery: token")
        if not self.billing:
            raise ValueError("bigquery: give billing_project (or set GOOGLE_CLOUD_PROJECT)")
        if not self.token:
            raise ValueError("bigquery: give token (or set GOOGLE_OAUTH_ACCESS_TOKEN)")
        if isinstance(max_bytes, bool) or not isinstance(max_bytes, (int, np.integer)) or max_bytes < 0:
            raise ValueError(f"bigquery: max_bytes must be a non-negative integer (0 = no limit), got {max_bytes!r}")
        self.base = _base("bigquery", base_url)
        self.max_bytes, self.offline, self.progress, self.max_polls = int(max_bytes), offline, progress, max_polls
        self.stats: Dict[str, Any] = {"queries": 0, "rows": 0, "dry_runs": 0, "bytes": 0}

    def _send(self, req: Dict[str, Any]) -> Any:
        return _bigquery_send(req, self.token, self.base, self.offline, False)

    def dry_run(self, sql: str) -> int:
        """Bytes the query would scan (BigQuery estimates without running or billing)."""
        resp = self._send(_core.bigquery_query_request(sql, self.billing, self.base, True, 0))
        self.stats["dry_runs"] += 1
        try:
            return int(json.loads(resp.body)["totalBytesProcessed"])
        except (ValueError, KeyError, TypeError) as exc:
            raise ParseError(f"bigquery: the dry run at {resp.url} gave no totalBytesProcessed") from exc

    def _table(self, sql: str) -> Dict[str, list]:
        self.stats["queries"] += 1
        columns = _bigquery_rows(_core.bigquery_query_request(sql, self.billing, self.base, False, self.max_bytes),
                                 self._send, self.billing, self.base, self.max_polls, "bigquery")
        self.stats["rows"] += len(next(iter(columns.values()))) if columns else 0
        return columns

    def _fits(self, sql_for: Any, first: int, last: int) -> List[Tuple[int, int]]:
        """Date spans (Monday..Sunday) covering [first, last] whose queries each scan at most max_bytes."""
        if not self.max_bytes:
            return [(first, last)]
        scanned = self.dry_run(sql_for(first, last))
        if scanned <= self.max_bytes:
            self.stats["bytes"] += scanned
            return [(first, last)]
        weeks = (last - first + 1) // 7
        if weeks <= 1:
            raise ValueError(f"bigquery: one week of this chunk scans {scanned:,} bytes, over max_bytes="
                             f"{self.max_bytes:,}; raise max_bytes or rank fewer packages per chunk (row_cap)")
        mid = first + 7 * (weeks // 2)
        return self._fits(sql_for, first, mid - 1) + self._fits(sql_for, mid, last)

    def last_loaded(self, first: int, last: int) -> int:
        sql = _core.bigquery_last_day_sql(first, last)
        table = self._table(sql)
        if not table.get("last_day") or not table["last_day"][0]:
            raise ValueError(f"rank: BigQuery has no downloads of pip between {iso(max(first, last - 30))} and {iso(last)}")
        return _day(table["last_day"][0], "bigquery: last loaded day")

    def weekly(self, projects: Sequence[str], first: int, last: int, ci_split: bool) -> List[Dict[str, list]]:
        names = list(projects)
        spans = self._fits(lambda a, b: _core.bigquery_weekly_sql(names, a, b, ci_split), first, last)
        return [self._table(_core.bigquery_weekly_sql(names, a, b, ci_split)) for a, b in spans]

    def top(self, first: int, last: int, n: int) -> List[str]:
        sql = _core.bigquery_top_sql(first, last, n)
        if self.max_bytes and self.dry_run(sql) > self.max_bytes:
            raise ValueError(f"bigquery: selecting the top {n} scans every project's rows, over max_bytes="
                             f"{self.max_bytes:,}; give the packages instead")
        return list(self._table(sql)["project"])

    def total(self, first: int, last: int) -> Tuple[Optional[Dict[str, list]], str]:
        sql = _core.bigquery_total_weekly_sql(first, last)
        scanned = self.dry_run(sql) if self.max_bytes else 0
        if self.max_bytes and scanned > self.max_bytes:
            return None, (f"the registry total scans {scanned:,} bytes, over max_bytes={self.max_bytes:,}: "
                          "no share of all downloads")
        return self._table(sql), ""


def chunks(conn: Any, names: Sequence[str], first: int, last: int, row_cap: int, ci_split: bool
           ) -> Tuple[Dict[str, Any], int, Iterator[pd.DataFrame]]:
    """The plan, the last loaded day, and an iterator over the chunks' weekly frames (one in memory at a time).

    Each frame holds every (week, project) of its chunk: ``week`` (Monday), ``project``, ``downloads``,
    ``weekend_downloads``, ``ci_downloads`` (NaN without ``ci_split``). Weeks without rows are zeros: the window
    holds only whole weeks the server has loaded.
    """
    loaded = conn.last_loaded(first, last)
    plan = _core.weekly_chunks(conn.name, list(names), first, min(last, loaded), int(row_cap))

    def frames() -> Iterator[pd.DataFrame]:
        for projects, (a, b) in zip(plan["projects"], plan["spans"]):
            parts = []
            for table in conn.weekly(projects, a, b, ci_split):
                part = pd.DataFrame({"week": pd.to_datetime(table.get("week", [])), "project": table.get("project", [])})
                for c in _COLUMNS:
                    part[c] = np.asarray(table[c], dtype=float) if c in table else np.nan
                parts.append(part)
            got = pd.concat(parts, ignore_index=True)
            if got.duplicated(["week", "project"]).any():
                raise ParseError(f"{conn.name}: the server returned a package-week twice (overlapping chunks)")
            weeks = pd.date_range(iso(a), iso(b), freq="W-MON")
            full = pd.MultiIndex.from_product([weeks, projects], names=["week", "project"])
            out = got.set_index(["week", "project"]).reindex(full)
            fill = ["downloads", "weekend_downloads"] + (["ci_downloads"] if ci_split else [])
            out[fill] = out[fill].fillna(0.0)
            yield out.reset_index()

    return plan, loaded, frames()
