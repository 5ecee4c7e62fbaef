"""arXiv papers per month or year matching a query (the export API's Atom feed, read in the core).

Examples
--------
>>> import uptake
>>> papers = uptake.sources.arxiv('abs:"jax"', "2020-01-01", "2024-12-31", freq="Y")  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Dict, List, Mapping, Optional, Sequence

import pandas as pd

from .. import _core, _fetch
from ._common import _attach_counts, _base, _day, _run, _today, _unit, _window_counts

__all__ = ["arxiv"]


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
    series = _window_counts(lambda body, url, window: _core.arxiv_parse(body, url, window, query), resps, reqs, query)
    return _attach_counts(series, "arxiv", "papers", unit, resps, last, query=query)
