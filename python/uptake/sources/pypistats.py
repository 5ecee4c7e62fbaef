"""Daily PyPI downloads of one package from pypistats.org (the last 180 days).

Examples
--------
>>> import uptake
>>> frame = uptake.sources.pypistats("torch")  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Optional

import pandas as pd

from .. import _core
from ._common import _attach, _base, _frame, _iso, _regular, _run

__all__ = ["pypistats"]


def pypistats(
    package: str,
    *,
    kind: str = "overall",
    base_url: Optional[str] = None,
    offline: Optional[bool] = None,
    progress: Optional[bool] = None,
) -> pd.DataFrame:
    """Daily PyPI downloads of one package from pypistats.org (the last 180 days only).

    Parameters
    ----------
    package : str
        PyPI name; normalised (PEP 503, lower case) before the request.
    kind : {"overall", "system", "python_minor", "python_major"}
        "overall" gives ``with_mirrors`` and ``without_mirrors`` (the second is a subset: never add them).
    base_url : str, optional
        Default https://pypistats.org/api or $UPTAKE_PYPISTATS_URL.

    Returns
    -------
    pandas.DataFrame
        Daily index, one column per category; days the server omits are zero downloads and filled with 0.

    Notes
    -----
    No authentication. The server allows 30 requests a minute per IP and answers 429 with an HTML page;
    uptake paces requests to its public host. Data are updated once a day; history is kept 180 days (use
    :func:`clickhouse_pypi` or :func:`bigquery_pypi` for more). ``without_mirrors`` also drops downloads whose
    installer is unknown (SQL NULL semantics upstream).

    Examples
    --------
    >>> import uptake
    >>> frame = uptake.sources.pypistats("torch")   # doctest: +SKIP
    >>> frame["without_mirrors"].tail()             # doctest: +SKIP
    """
    base = _base("pypistats", base_url)
    req = _core.pypistats_request(package, kind, base)
    (resp,) = _run("pypistats", base, [req], offline=offline, progress=progress)
    obs = _core.pypistats_parse(resp.body, resp.url)
    frame = _frame(obs)
    last_day = int(obs["day"].max()) if len(frame) else None
    if len(frame):
        frame = _regular(frame, int(obs["day"].min()), int(obs["day"].max()), "zero")
    return _attach(frame, "pypistats", "downloads", "downloads/day", [resp], package=package, kind=kind,
                   last_complete_day=_iso(last_day))
