"""The plumbing every source shares: base URLs, per-host politeness, running requests through the engine,
dates as day numbers, long observations to frames, and the provenance attached to every result.

Private to :mod:`uptake.sources`; each source module plans its requests in the core, runs them with :func:`_run`
and reads the answers with the helpers here, so a source function and the pipeline's planned batch
(:mod:`uptake.signals`) produce the same series.
"""

from __future__ import annotations

import datetime as _dt
import os
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence

import numpy as np
import pandas as pd

from .. import _fetch
from ..timeseries import fill_gaps

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


def _exact_shares(k: np.ndarray, n: np.ndarray, conf: float) -> tuple:
    """k / n with Clopper-Pearson bounds per period; NaN where n = 0 (no postings or questions: unknown)."""
    from ..shares import share_ci

    ok = n > 0
    share = np.divide(k, n, out=np.full_like(k, np.nan), where=ok)
    low, high = np.full_like(k, np.nan), np.full_like(k, np.nan)
    if ok.any():
        low[ok], high[ok] = share_ci(k[ok], n[ok], method="clopper_pearson", conf=conf)
    return share, low, high


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


def _window_counts(parse: Callable[[Any, str, int], Dict[str, Any]], resps: Sequence[_fetch.HttpResponse],
                   reqs: Sequence[Mapping[str, Any]], label: str) -> pd.Series:
    """One count per answered window (``parse(body, url, window_first)``), labelled by the window's first day."""
    return _counts_per_period(_concat_obs(parse(r.body, r.url, q["first"]) for r, q in zip(resps, reqs)), label)


def _attach_counts(series: pd.Series, source: str, metric: str, unit: str, resps: Sequence[_fetch.HttpResponse],
                   last: int, **extra: Any) -> pd.Series:
    """Provenance of counts per period; the last complete day is yesterday at most (today is still counting)."""
    return _attach(series, source, metric, f"{metric}/{unit}", resps,
                   last_complete_day=_iso(min(last, _day(_today(), "today") - 1)), **extra)
