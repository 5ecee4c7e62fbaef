"""Daily npm downloads of a package (api.npmjs.org), any span in 365-day windows.

Examples
--------
>>> import uptake
>>> tfjs = uptake.sources.npm("@tensorflow/tfjs", "2024-01-01", "2024-12-31")  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, List, Optional

import numpy as np
import pandas as pd

from .. import _core
from ._common import _attach, _base, _concat_obs, _day, _frame, _iso, _published_through, _regular, _run, _today

__all__ = ["npm"]


def npm(
    package: str,
    start: Any,
    end: Any = None,
    *,
    outages: str = "nan",
    base_url: Optional[str] = None,
    offline: Optional[bool] = None,
    progress: Optional[bool] = None,
) -> pd.Series:
    """Daily npm downloads of a package, any span from 2015-01-10, fetched in 365-day windows and stitched.

    Parameters
    ----------
    package : str
        npm name, scoped names included (``@tensorflow/tfjs``).
    start, end : date-like
        Inclusive; ``end`` defaults to yesterday (UTC).
    outages : {"nan", "keep"}
        npm reports outage days (and days not computed yet) as 0 downloads. Within the last 2 days, zeros after
        the last day with downloads are always NaN (``.attrs["last_complete_day"]``). "nan" marks a 0 as missing when the package's median daily
        downloads exceed 100 (a real zero is then implausible); the days marked are in ``.attrs["outage_days"]``.

    Notes
    -----
    No key. Since November 2025 npm sits behind a strict Cloudflare limiter without Retry-After; uptake sends
    one request at a time, 1.5 s apart, to the public host, and caches answers for 12 hours. Windows longer
    than the server allows are clamped silently by npm; uptake checks the returned dates and errors instead.

    Examples
    --------
    >>> import uptake
    >>> uptake.sources.npm("@tensorflow/tfjs", "2024-01-01", "2024-12-31")  # doctest: +SKIP
    """
    if outages not in ("nan", "keep"):
        raise ValueError(f"npm: outages must be 'nan' or 'keep', got {outages!r}")
    base = _base("npm", base_url)
    first = _day(start, "npm: start")
    last = _day(end, "npm: end", _today() - _dt.timedelta(days=1))
    reqs = _core.npm_requests(package, first, last, base)
    resps = _run("npm", base, [dict(r) for r in reqs], offline=offline, progress=progress)
    obs = _concat_obs(_core.npm_parse(r.body, r.url, q["first"], q["last"]) for r, q in zip(resps, reqs))
    frame = _frame(obs)
    series = _regular(frame, reqs[0]["first"], last, "zero").iloc[:, 0] if len(frame) else pd.Series(dtype=float)
    series.name = package
    flagged: List[pd.Timestamp] = []
    if outages == "nan" and len(series) and series.median() > 100:
        flagged = list(series.index[series == 0])
        series[series == 0] = np.nan
    # npm computes a day after UTC midnight and answers 0 for a day not landed yet: trailing zeros within that
    # lag are unknown, not zero downloads.
    positive = np.asarray(obs["day"])[np.asarray(obs["value"]) > 0]
    covered = _published_through(last, int(positive.max()) if len(positive) else None, lag_days=2)
    if len(series) and covered is not None and covered < last:
        series[series.index > pd.Timestamp(np.datetime64(covered, "D"))] = np.nan
    return _attach(series, "npm", "downloads", "downloads/day", resps, package=package,
                   outage_days=[d.strftime("%Y-%m-%d") for d in flagged], last_complete_day=_iso(covered))
