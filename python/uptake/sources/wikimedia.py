"""Daily Wikipedia page views of an article from the Wikimedia REST API, per agent type.

Data: Wikimedia Foundation, Pageviews API (AQS), https://wikimedia.org/api/rest_v1/metrics/pageviews/ , daily from
2015-07-01; released under CC0.

Examples
--------
>>> import uptake
>>> views = uptake.sources.wikipedia_pageviews("PyTorch", "2024-01-01", "2024-12-31")  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Dict, List, Optional, Sequence

import numpy as np
import pandas as pd

from .. import _core, _fetch
from ..errors import NetworkError
from ._common import _attach, _base, _concat_obs, _day, _frame, _iso, _published_through, _run, _today, _zero_fill_covered

__all__ = ["wikipedia_pageviews"]


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
