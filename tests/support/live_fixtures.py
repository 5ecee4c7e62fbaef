"""Live-shaped answers for every signal of a few projects (ClickHouse, Wikimedia, Stack Exchange, arXiv), served
by fault servers: our own deterministic series in each API's format, for the pipeline tests and bench/compare.py."""

from __future__ import annotations

import json
from typing import Any, Dict, Mapping, Optional, Sequence
from urllib.parse import quote

import numpy as np
import pandas as pd

from .identity_fixtures import standard

# name -> (label, GitHub repo, article, tag, daily downloads level, yearly growth)
PROJECTS = {
    "polars": ("Polars", "pola-rs/polars", "Polars_(software)", "python-polars", 2.0e5, 0.9),
    "pandas": ("pandas", "pandas-dev/pandas", "Pandas_(software)", "pandas", 5.0e6, 0.1),
    "scikit-learn": ("scikit-learn", "scikit-learn/scikit-learn", "Scikit-learn", "scikit-learn", 2.0e6, 0.2),
    "torch": ("PyTorch", "pytorch/pytorch", "PyTorch", "pytorch", 3.0e6, 0.4),
}

ARXIV_FEED = """<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns="http://www.w3.org/2005/Atom">
  <opensearch:itemsPerPage>1</opensearch:itemsPerPage>
  <opensearch:totalResults>{n}</opensearch:totalResults>
  <opensearch:startIndex>0</opensearch:startIndex>
</feed>"""


def _daily(level: float, growth: float, days: pd.DatetimeIndex, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    t = np.arange(len(days)) / 365.25
    weekly = np.where(days.day_of_week >= 5, 0.6, 1.0)
    return rng.poisson(level * np.exp(np.log1p(growth) * t) * weekly).astype(float)


def _clickhouse_json(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    return json.dumps({"meta": [{"name": c, "type": "String"} for c in columns],
                       "data": [dict(zip(columns, r)) for r in rows], "rows": len(rows)})


def serve(servers: Mapping[str, Any], names: Sequence[str], start: str, end: str, *, delay: float = 0.0,
          seed: int = 7) -> Dict[str, str]:
    """Route every signal of ``names`` between ``start`` and ``end``; ``servers`` maps identity, clickhouse,
    wikimedia, stackexchange and arxiv to fault servers (the same one may serve several). Each answer waits
    ``delay`` seconds (network latency). Returns the environment variables pointing the sources at them."""
    days = pd.date_range(start, end, freq="D")
    months = pd.date_range(pd.Timestamp(start).replace(day=1), end, freq="MS")
    ids = standard(servers["identity"])
    ch = []
    for i, name in enumerate(names):
        label, repo, article, tag, level, growth = PROJECTS[name]
        dl = _daily(level, growth, days, seed + i)
        stars = _daily(level / 2000, growth, days, seed + 100 + i)
        views = _daily(level / 500, growth / 2, days, seed + 200 + i)
        d_rows = [(d.strftime("%Y-%m-%d"), name, str(int(v))) for d, v in zip(days, dl)]
        s_rows = [(d.strftime("%Y-%m-%d"), str(int(v))) for d, v in zip(days, stars) if v > 0]
        daily_sql = (f"SELECT toString(date) AS date, project, sum(count) AS downloads FROM pypi.pypi_downloads_per_day "
                     f"WHERE project IN ('{name}')")
        stars_sql = (f"SELECT toString(toDate(created_at)) AS date, count() AS stars FROM github.github_events "
                     f"WHERE repo_name = '{repo}'")
        ch += [("count() AS n FROM (" + daily_sql, {"status": 200, "delay": delay, "body": _clickhouse_json(["n"], [[str(len(d_rows))]])}),
               (daily_sql, {"status": 200, "delay": delay, "body": _clickhouse_json(["date", "project", "downloads"], d_rows)}),
               ("count() AS n FROM (" + stars_sql, {"status": 200, "delay": delay, "body": _clickhouse_json(["n"], [[str(len(s_rows))]])}),
               (stars_sql, {"status": 200, "delay": delay, "body": _clickhouse_json(["date", "stars"], s_rows)})]
        items = [{"project": "en.wikipedia", "article": article, "granularity": "daily",
                  "timestamp": d.strftime("%Y%m%d00"), "access": "all-access", "agent": "user", "views": int(v)}
                 for d, v in zip(days, views)]
        path = (f"/api/rest_v1/metrics/pageviews/per-article/en.wikipedia/all-access/user/{quote(article, safe='')}"
                f"/daily/{days[0].strftime('%Y%m%d')}00/{days[-1].strftime('%Y%m%d')}00")
        servers["wikimedia"].route(path, {"status": 200, "delay": delay, "body": json.dumps({"items": items})})
        rng = np.random.default_rng(seed + 300 + i)
        t = np.arange(len(months)) / 12
        questions = rng.poisson(level / 2000 * np.exp(np.log1p(growth) * t))
        papers = rng.poisson(level / 20000 * np.exp(np.log1p(growth) * t))
        se_alts, ax_alts = [], []
        for m, q, n in zip(months, questions, papers):
            epoch = int((m - pd.Timestamp("1970-01-01")).total_seconds())
            se_alts.append((f"tagged={quote(tag, safe='')}&site=stackoverflow&fromdate={epoch}&",
                            {"status": 200, "delay": delay, "body": json.dumps({"total": int(q)})}))
            term = quote(f'(abs:"{label.lower()}")', safe="")
            ax_alts.append((f"search_query={term}%20AND%20submittedDate%3A%5B{m.strftime('%Y%m%d')}0000",
                            {"status": 200, "delay": delay, "body": ARXIV_FEED.format(n=int(n))}))
        servers["stackexchange"].routes.setdefault("/2.3/questions", [{"status": 404, "body": "no such tag", "by_query": []}])
        servers["stackexchange"].routes["/2.3/questions"][0]["by_query"] += se_alts
        servers["arxiv"].routes.setdefault("/api/query", [{"status": 404, "body": "no such query", "by_query": []}])
        servers["arxiv"].routes["/api/query"][0]["by_query"] += ax_alts
    # The server's last loaded day (ClickPy runs about a day behind; here it has loaded the whole window).
    ch.append(("SELECT toString(max(date)) AS last_day, count() AS n FROM pypi.pypi_downloads_per_day",
               {"status": 200, "delay": delay, "body": _clickhouse_json(["last_day", "n"], [[days[-1].strftime("%Y-%m-%d"), "1"]])}))
    servers["clickhouse"].route("/", {"status": 404, "body": "unknown query", "by_body": ch})
    return {"UPTAKE_CLICKHOUSE_URL": servers["clickhouse"].url, "UPTAKE_WIKIMEDIA_URL": servers["wikimedia"].url + "/api/rest_v1",
            "UPTAKE_STACKEXCHANGE_URL": servers["stackexchange"].url + "/2.3", "UPTAKE_ARXIV_URL": servers["arxiv"].url + "/api",
            "UPTAKE_PYPI_URL": ids["pypi_url"], "UPTAKE_NPM_REGISTRY_URL": ids["npm_url"],
            "UPTAKE_WIKIDATA_URL": ids["wikidata_url"]}
