"""Hacker News "Ask HN: Who is hiring?" postings per month mentioning each term, with exact shares and a
logit trend (the Algolia HN Search API lists the threads; the postings are counted by uptake).

Data: Hacker News (Y Combinator), the monthly "Ask HN: Who is hiring?" threads posted by the ``whoishiring``
account (https://news.ycombinator.com/submitted?id=whoishiring), through the Algolia HN Search API,
https://hn.algolia.com/api .

Examples
--------
>>> import uptake
>>> jobs = uptake.sources.hn_hiring(["pytorch|torch", "tensorflow"], "2019-01-01")  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Dict, List, Optional, Sequence

import numpy as np
import pandas as pd

from .. import _core
from ..errors import NetworkError
from ._common import _attach, _base, _concat_obs, _day, _exact_shares, _frame, _iso, _run, _today

__all__ = ["hn_hiring"]


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
