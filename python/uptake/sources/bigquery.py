"""Daily PyPI downloads from Google's BigQuery public table (billed to your Google Cloud project).

Examples
--------
>>> import uptake
>>> uptake.sources.bigquery_pypi("torch", "2024-01-01", "2024-01-31", billing_project="my-project")  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Callable, Dict, List, Mapping, Optional

import pandas as pd

from .. import _core, _fetch
from .._credentials import credential
from ..errors import NetworkError, ParseError
from ._common import _attach, _base, _day, _run, _today

__all__ = ["bigquery_pypi"]


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
    resps: List[_fetch.HttpResponse] = []

    def send(req: Mapping[str, Any]) -> _fetch.HttpResponse:
        resps.append(_bigquery_send(req, token, base, offline, progress if not resps else False))
        return resps[-1]

    columns = _bigquery_rows(_core.bigquery_query_request(sql, billing, base), send, billing, base, max_polls,
                             "bigquery_pypi")
    frame = pd.DataFrame(columns) if columns else pd.DataFrame(columns=["date", "downloads"])
    frame["date"] = pd.to_datetime(frame["date"])
    frame["downloads"] = frame["downloads"].astype(float)
    return _attach(frame, "bigquery_pypi", "downloads", "downloads/day", resps, project=project,
                   ci_flag="lower bound: pip and uv report CI as TRUE or nothing",
                   last_complete_day=str(frame["date"].max().date()) if len(frame) else None)


def _bigquery_send(req: Mapping[str, Any], token: str, base: str, offline: Optional[bool],
                   progress: Optional[bool]) -> _fetch.HttpResponse:
    """One authorised BigQuery REST request (the token is a secret: redacted, never cached in a key)."""
    req = dict(req)
    req["headers"] = list(req.get("headers", [])) + [("Authorization", f"Bearer {token}")]
    return _run("bigquery", base, [req], offline=offline, progress=progress, secrets=[token])[-1]


def _bigquery_rows(first: Mapping[str, Any], send: Callable[[Mapping[str, Any]], _fetch.HttpResponse], billing: str,
                   base: str, max_polls: int, what: str) -> Dict[str, list]:
    """Columns of a jobs.query answer: polls getQueryResults while the job runs (at most ``max_polls``), reads
    every page, and checks that totalRows rows arrived."""
    resp = send(first)
    page = _core.bigquery_parse(resp.body, resp.url)
    columns: Dict[str, list] = {}
    polls = got = 0
    while True:
        if page["complete"]:
            for k, v in page["table"].items():
                columns.setdefault(k, []).extend(v)
            got += len(next(iter(page["table"].values()))) if page["table"] else 0
            if not page["page_token"]:
                break
        else:
            polls += 1
            if polls > max_polls:
                raise NetworkError(f"{what}: job {page['job_id']} still running after {max_polls} polls")
        resp = send(_core.bigquery_results_request(billing, page["job_id"], page["location"],
                                                   page["page_token"] if page["complete"] else "", base))
        page = _core.bigquery_parse(resp.body, resp.url)
    if got != page["total_rows"]:
        raise ParseError(f"{what}: job {page['job_id']} has {page['total_rows']} rows but {got} arrived")
    return columns
