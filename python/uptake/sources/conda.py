"""Monthly conda downloads per package from Anaconda's public package-data Parquet files (needs pyarrow).

Data: Anaconda, Inc., "anaconda-package-data" (conda download counts since 2017-01, updated monthly),
https://github.com/anaconda/anaconda-package-data , files at https://anaconda-package-data.s3.amazonaws.com .

Examples
--------
>>> import uptake
>>> conda = uptake.sources.conda_downloads("pytorch", "2023-01-01", "2023-12-31")  # doctest: +SKIP
"""

from __future__ import annotations

import io
from typing import Any, Dict, List, Optional, Sequence, Union

import numpy as np
import pandas as pd

from .. import _fetch
from ..errors import ParseError
from ._common import _attach, _base, _day, _run, _today

__all__ = ["conda_downloads"]


def conda_downloads(
    packages: Union[str, Sequence[str]],
    start: Any,
    end: Any = None,
    *,
    by_data_source: bool = False,
    base_url: Optional[str] = None,
    offline: Optional[bool] = None,
    progress: Optional[bool] = None,
) -> pd.DataFrame:
    """Monthly conda downloads per package from Anaconda's public package-data files.

    Reads ``conda/monthly/YYYY/YYYY-MM.parquet`` from https://anaconda-package-data.s3.amazonaws.com (anonymous
    HTTPS; columns ``time, data_source, pkg_name, pkg_version, pkg_platform, pkg_python, counts``) through the
    response cache, keeps the rows of ``packages`` and sums ``counts`` per month (and per ``data_source`` -
    anaconda, conda-forge, bioconda, pytorch... - with ``by_data_source=True``). conda names differ from PyPI
    names (``pytorch``, not ``torch``). A month is published in the first days of the next; a month whose file
    is absent (403/404) is NaN and listed in ``attrs["missing_months"]``; a package absent from a published
    month had 0 downloads there. History can be revised (e.g. ``.conda`` files added back to 2022-06 in 2024-12).
    Needs pyarrow: ``pip install 'uptake[conda]'``.

    Returns
    -------
    pandas.DataFrame
        Indexed by month start; one column per package, or (package, data_source) columns.

    Examples
    --------
    >>> import uptake
    >>> conda = uptake.sources.conda_downloads(["pytorch", "tensorflow"], "2023-01-01", "2023-12-31")  # doctest: +SKIP
    """
    names = [packages] if isinstance(packages, str) else list(packages)
    if not names or any(not isinstance(p, str) or not p for p in names):
        raise ValueError(f"conda_downloads: give package names, got {packages!r}")
    _pyarrow()
    base = _base("anaconda", base_url)
    first = _day(start, "conda_downloads: start")
    last = _day(end, "conda_downloads: end", _today())
    reqs = _conda_requests(first, last, base)
    resps = _run("anaconda", base, reqs, offline=offline, progress=progress, accept_status=(403, 404))
    return _conda_finish(names, resps, first, last, by_data_source=by_data_source)


def _refuse_absent(names: Sequence[str], seen: set, months: pd.PeriodIndex, missing: Sequence[str],
                   resps: Sequence[_fetch.HttpResponse], pq: Any) -> None:
    """A name with no row in any published month is a wrong name far more often than a package nobody
    installed: refuse it, with close matches, rather than return a column of zeros."""
    import difflib

    absent = [n for n in names if n not in seen]
    if not absent:
        return
    body = next(r.body for m, r in zip(months, resps) if str(m) not in missing)
    catalogue = sorted(set(pq.read_table(io.BytesIO(body), columns=["pkg_name"]).column(0).to_pylist()) - {None})
    hints = []
    for n in absent:
        close = difflib.get_close_matches(n, catalogue, n=5, cutoff=0.6)
        hints.append(f"{n!r}" + (f" (close matches: {', '.join(close)})" if close else ""))
    published = [str(m) for m in months if str(m) not in missing]
    raise ValueError(f"conda_downloads: no downloads of {'; '.join(hints)} in any published month "
                     f"{published[0]}..{published[-1]} of Anaconda's package data: a misspelt name, a PyPI name "
                     f"where the conda name differs (torch is 'pytorch'), or a package newer than the window")


def _pyarrow() -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ImportError("conda_downloads reads Parquet files and needs pyarrow: pip install 'uptake[conda]' "
                          "(or pip install pyarrow)") from exc
    return pq


def _conda_months(first: int, last: int) -> pd.PeriodIndex:
    lo = pd.Timestamp(np.datetime64(first, "D")).to_period("M")
    hi = pd.Timestamp(np.datetime64(last, "D")).to_period("M")
    if hi < lo:
        raise ValueError(f"conda_downloads: end {hi} is before start {lo}")
    return pd.period_range(lo, hi, freq="M")


def _conda_requests(first: int, last: int, base: str) -> List[Dict[str, Any]]:
    """The requests of :func:`conda_downloads`: one monthly Parquet file per month (the same for every package;
    403/404 answers are read as "not published yet")."""
    return [{"method": "GET", "url": f"{base}/conda/monthly/{m.year}/{m.year}-{m.month:02d}.parquet",
             "ttl": 7 * 86400.0} for m in _conda_months(first, last)]


def _conda_finish(names: Sequence[str], resps: Sequence[_fetch.HttpResponse], first: int, last: int, *,
                  by_data_source: bool = False) -> pd.DataFrame:
    """The answers of :func:`_conda_requests` as the DataFrame :func:`conda_downloads` returns."""
    pq = _pyarrow()
    months = _conda_months(first, last)
    parts, missing = [], []
    for m, r in zip(months, resps):
        if r.status in (403, 404):
            missing.append(str(m))
            continue
        try:
            table = pq.read_table(io.BytesIO(r.body), columns=["data_source", "pkg_name", "counts"],
                                  filters=[("pkg_name", "in", list(names))])
        except Exception as exc:  # pyarrow raises several types for a damaged or foreign file
            raise ParseError(f"conda_downloads: {r.url} is not a readable package-data Parquet file ({exc})") from exc
        rows = table.to_pandas()
        rows["month"] = m.to_timestamp()
        parts.append(rows)
    keys = ["pkg_name", "data_source"] if by_data_source else ["pkg_name"]
    long = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["month", *keys, "counts"])
    if parts:
        _refuse_absent(names, set(long["pkg_name"]), months, missing, resps, pq)
    if len(long):
        wide = long.groupby(["month", *keys])["counts"].sum().unstack(keys)
    else:  # no month published yet: all NaN (by channel: none known, so no columns), months listed as missing
        wide = pd.DataFrame(columns=pd.MultiIndex.from_arrays([[], []]) if by_data_source else [])
    index = pd.DatetimeIndex([m.to_timestamp() for m in months], name="date")
    published = [m.to_timestamp() for m in months if str(m) not in missing]
    if not by_data_source:
        wide = wide.reindex(columns=list(names))
    wide = wide.reindex(index).astype(float)
    wide.loc[wide.index.isin(published)] = wide.loc[wide.index.isin(published)].fillna(0.0)
    wide.columns.names = ["package", "data_source"][:len(keys)]
    return _attach(wide, "conda_downloads", "downloads", "downloads/month", resps, packages=list(names),
                   missing_months=missing)
