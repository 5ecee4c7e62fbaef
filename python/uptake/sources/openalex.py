"""OpenAlex works per year or month matching a search in titles and abstracts.

Examples
--------
>>> import uptake
>>> works = uptake.sources.openalex("pytorch", "2018-01-01", "2024-12-31")  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Optional

import numpy as np
import pandas as pd

from .. import _core
from .._credentials import credential
from ._common import _attach_counts, _base, _day, _run, _today, _unit, _window_counts

__all__ = ["openalex"]


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
    series = _window_counts(lambda body, url, window: _core.openalex_parse(body, url, window, search, grouped), resps,
                            reqs, search)
    if grouped:
        # A grouped answer lists only years with works: the other requested years have none.
        years = pd.date_range(pd.Timestamp(np.datetime64(first, "D")).replace(month=1, day=1),
                              pd.Timestamp(np.datetime64(last, "D")), freq="YS", name="date")
        series = series.reindex(years, fill_value=0.0)
    return _attach_counts(series, "openalex", "works", unit, resps, last, search=search)
