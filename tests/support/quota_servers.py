"""SQL endpoints emulated on the fixture server, with the quotas of the public services, for the batch planners.

``ClickPyEmulator`` answers the queries of ``uptake.weekly_downloads`` as ClickHouse does over HTTP (FORMAT JSON,
64-bit integers quoted) and enforces a result-row cap: in "throw" mode an answer over the cap streams its first
rows with HTTP 200 and then the exception text, as ClickHouse does; in "break" mode it is cut silently at the cap.
``BigQueryEmulator`` answers jobs.query (dry runs with the bytes a query would scan, ``maximumBytesBilled``
refusals, a first answer that is not complete) and getQueryResults with pages of at most ``page_rows`` rows.
Both serve one known ecosystem: weekly downloads with known growth per project (``truth``).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import zlib
from typing import Any, Dict, List
from urllib.parse import parse_qs, urlsplit

START = dt.date(2023, 1, 2)  # a Monday; t = 0 of every project's growth
HUMAN_WEEKEND = 0.4  # per-day weekend/weekday ratio of people; automated traffic is flat over the week


def truth(n: int) -> Dict[str, Dict[str, float]]:
    """Projects q0000.. with log growth per year g from -0.4 to 0.8, CI shares 0.1-0.6 and levels 200-2,000/day."""
    return {f"q{i:04d}": {"g": -0.4 + 1.2 * i / max(n - 1, 1), "ci": 0.1 + 0.5 * (i % 6) / 5, "h": 200.0 + 180 * (i % 11)}
            for i in range(n)}


def _noise(*key: Any) -> float:
    return zlib.crc32(repr(key).encode()) / 2**32  # deterministic in [0, 1)


def week_row(project: str, monday: dt.date, p: Dict[str, float]) -> Dict[str, int]:
    """One project-week: downloads, weekend_downloads, ci_downloads (the automated part is all CI-flagged)."""
    t = (monday - START).days / 365.25
    human_day = p["h"] * math.exp(p["g"] * t) * (0.9 + 0.2 * _noise(project, monday.toordinal()))
    human = human_day * (5 + 2 * HUMAN_WEEKEND)
    ci = human * p["ci"] / (1 - p["ci"])
    weekend = 2 * HUMAN_WEEKEND * human_day + ci * 2 / 7
    return {"downloads": round(human + ci), "weekend_downloads": round(weekend), "ci_downloads": round(ci)}


def _mondays(first: dt.date, last: dt.date) -> List[dt.date]:
    d = first + dt.timedelta(days=(7 - first.weekday()) % 7)
    out = []
    while d + dt.timedelta(days=6) <= last:
        out.append(d)
        d += dt.timedelta(days=7)
    return out


class _Ecosystem:
    def __init__(self, projects: Dict[str, Dict[str, float]], last_day: str, rest: int = 10_000_000) -> None:
        self.projects, self.last_day, self.rest = projects, dt.date.fromisoformat(last_day), rest
        self.queries: List[str] = []
        self.largest = 0  # most rows in one answer

    def _dates(self, sql: str, pattern: str) -> tuple:
        m = re.search(pattern, sql)
        first, last = (dt.date.fromisoformat(x) for x in m.groups())
        return first, min(last, self.last_day)

    def weekly(self, names: List[str], first: dt.date, last: dt.date, ci: bool) -> List[Dict[str, Any]]:
        rows = []
        for name in sorted(n for n in names if n in self.projects):
            for monday in _mondays(first, last):
                r = week_row(name, monday, self.projects[name])
                if not ci:
                    del r["ci_downloads"]
                rows.append({"week": monday.isoformat(), "project": name, **r})
        return rows

    def top(self, first: dt.date, last: dt.date, n: int) -> List[Dict[str, Any]]:
        sums = {name: sum(r["downloads"] for r in self.weekly([name], first, last, False)) for name in self.projects}
        best = sorted(sums.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
        return [{"project": k, "downloads": v} for k, v in best]

    def total(self, first: dt.date, last: dt.date) -> List[Dict[str, Any]]:
        out = []
        for monday in _mondays(first, last):
            own = sum(week_row(n, monday, p)["downloads"] for n, p in self.projects.items())
            out.append({"week": monday.isoformat(), "downloads": own + 7 * self.rest})
        return out


class ClickPyEmulator(_Ecosystem):
    """The public ClickPy instance's row cap on the queries of ``uptake.weekly_downloads``: route it at "/"."""

    def __init__(self, projects: Dict[str, Dict[str, float]], last_day: str, *, max_result_rows: int = 10_000,
                 mode: str = "throw") -> None:
        super().__init__(projects, last_day)
        self.max_result_rows, self.mode = max_result_rows, mode

    def _rows(self, sql: str) -> List[Dict[str, Any]]:
        if "max(date)" in sql:
            return [{"last_day": self.last_day.isoformat(), "n": "1"}]
        first, last = self._dates(sql, r"date >= '([\d-]+)' AND date <= '([\d-]+)'")
        if "project IN (" in sql:
            names = re.findall(r"'([a-z0-9-]+)'", re.search(r"project IN \(([^)]*)\)", sql).group(1))
            return self.weekly(names, first, last, "ci_downloads" in sql)
        if "GROUP BY week" in sql:
            return self.total(first, last)
        if "ORDER BY downloads DESC" in sql:
            return self.top(first, last, int(sql.rsplit("LIMIT", 1)[1]))
        raise AssertionError(f"the emulator does not know this query: {sql[:200]}")

    def __call__(self, request: Dict[str, Any]) -> Dict[str, Any]:
        sql = request["body"].decode().removesuffix(" FORMAT JSON")
        self.queries.append(sql)
        count = re.fullmatch(r"SELECT count\(\) AS n FROM \((.*)\)", sql, re.S)
        rows = [{"n": str(len(self._rows(count.group(1))))}] if count else self._rows(sql)
        for r in rows:
            for k, v in r.items():
                r[k] = str(v)  # (U)Int64 arrive quoted in FORMAT JSON
        meta = [{"name": k, "type": "String"} for k in (rows[0] if rows else {})]
        over = len(rows) > self.max_result_rows
        if over and self.mode == "break":
            rows = rows[: self.max_result_rows]
        self.largest = max(self.largest, min(len(rows), self.max_result_rows))
        if over and self.mode == "throw":
            # Streaming had begun: the status is already 200, the exception follows the rows sent so far.
            head = json.dumps({"meta": meta, "data": rows[: self.max_result_rows]})[:-2]
            return {"status": 200, "body": head + "\nCode: 396, e.displayText() = DB::Exception: Limit for result "
                    f"exceeded, max rows: {self.max_result_rows / 1000:.2f} thousand, current rows: {len(rows)}\n"}
        return {"status": 200, "headers": {"Content-Type": "application/json"},
                "body": json.dumps({"meta": meta, "data": rows, "rows": len(rows)})}


class BigQueryEmulator(_Ecosystem):
    """jobs.query and getQueryResults over the ecosystem: set it as the fixture server's ``fallback``.

    A query scans ``bytes_per_project_day`` per project and day it names (clustering by project), and every
    project's bytes (``bytes_all_day`` a day) when it names none (the registry total, the top-N).
    """

    def __init__(self, projects: Dict[str, Dict[str, float]], last_day: str, *, page_rows: int = 3000,
                 bytes_per_project_day: int = 2_000_000, bytes_all_day: int = 10**9) -> None:
        super().__init__(projects, last_day)
        self.page_rows, self.per_project, self.per_all = page_rows, bytes_per_project_day, bytes_all_day
        self.jobs: Dict[str, List[Dict[str, Any]]] = {}
        self.dry_runs = 0
        self.billed = 0
        self.refused = 0
        self.chunk_bytes: List[int] = []  # bytes of every query run
        self.dry_run_factor = 1.0  # below 1: dry runs underestimate (BigQuery's maximumBytesBilled still holds)

    def _parse(self, sql: str) -> tuple:
        first, last = self._dates(sql, r"BETWEEN '([\d-]+)' AND '([\d-]+)'")
        days = (last - first).days + 1
        if "MAX(DATE(timestamp))" in sql:
            return [{"last_day": self.last_day.isoformat()}], days * self.per_project
        m = re.search(r"file\.project IN \(([^)]*)\)", sql)
        if m:
            names = re.findall(r"'([a-z0-9-]+)'", m.group(1))
            return self.weekly(names, first, last, "ci_downloads" in sql), days * self.per_project * len(names)
        if "GROUP BY week" in sql:
            return self.total(first, last), days * self.per_all
        if "ORDER BY downloads DESC" in sql:
            return self.top(first, last, int(sql.rsplit("LIMIT", 1)[1])), days * self.per_all
        raise AssertionError(f"the emulator does not know this query: {sql[:200]}")

    @staticmethod
    def _error(status: int, message: str) -> Dict[str, Any]:
        return {"status": status, "body": json.dumps({"error": {"code": status, "message": message,
                                                                "status": "INVALID_ARGUMENT"}})}

    def __call__(self, request: Dict[str, Any]) -> Dict[str, Any]:
        url = urlsplit(request["path"])
        parts = url.path.strip("/").split("/")
        if request["method"] == "POST" and parts[-1] == "queries":
            body = json.loads(request["body"])
            self.queries.append(body["query"])
            rows, scanned = self._parse(body["query"])
            if body.get("dryRun"):
                self.dry_runs += 1
                return {"status": 200, "body": json.dumps({"kind": "bigquery#queryResponse", "jobComplete": True,
                                                           "totalBytesProcessed": str(int(scanned * self.dry_run_factor)), "cacheHit": False})}
            cap = int(body.get("maximumBytesBilled", 0))
            if cap and scanned > cap:
                self.refused += 1
                return self._error(400, f"Query exceeded limit for bytes billed: {cap}. {scanned} or higher required.")
            self.billed += scanned
            self.chunk_bytes.append(scanned)
            job = f"job_{len(self.jobs) + 1}"
            self.jobs[job] = rows
            return {"status": 200, "body": json.dumps({"kind": "bigquery#queryResponse", "jobComplete": False,
                                                       "jobReference": {"projectId": parts[1], "jobId": job,
                                                                        "location": "US"}})}
        job = parts[-1]
        if job not in self.jobs:
            return self._error(404, f"Not found: Job {job}")
        q = parse_qs(url.query)
        size = min(int(q.get("maxResults", ["10000"])[0]), self.page_rows)
        start = int(q.get("pageToken", ["0"])[0])
        rows = self.jobs[job]
        page = rows[start:start + size]
        self.largest = max(self.largest, len(page))
        names = list(rows[0]) if rows else []
        doc: Dict[str, Any] = {
            "kind": "bigquery#getQueryResultsResponse", "jobComplete": True, "totalRows": str(len(rows)),
            "jobReference": {"projectId": parts[1], "jobId": job, "location": "US"},
            "schema": {"fields": [{"name": n, "type": "STRING" if n in ("week", "project", "last_day") else "INTEGER"}
                                  for n in names]},
            "rows": [{"f": [{"v": str(r[n])} for n in names]} for r in page]}
        if start + size < len(rows):
            doc["pageToken"] = str(start + size)
        return {"status": 200, "body": json.dumps(doc)}


def serve(server: Any, emulator: Any) -> str:
    """Route a fixture server to an emulator; returns the base URL to give the source."""
    if isinstance(emulator, BigQueryEmulator):
        server.fallback = {"respond": emulator}
        return server.url
    return server.route("/", {"respond": emulator})


__all__ = ["truth", "week_row", "ClickPyEmulator", "BigQueryEmulator", "serve", "START"]
