"""Google Trends "Download CSV" exports (Google offers no API: the file is read locally).

Examples
--------
>>> import uptake
>>> uptake.read_google_trends("multiTimeline.csv")  # doctest: +SKIP
"""

from __future__ import annotations

import os
from typing import Union

import numpy as np
import pandas as pd

from .. import _core

__all__ = ["read_google_trends"]


def read_google_trends(path: Union[str, os.PathLike], *, less_than_one: float = 0.5) -> pd.DataFrame:
    """Read a Google Trends "Download CSV" export (``multiTimeline.csv``) into a DataFrame.

    Handles the category line, localised headers (parsed by position), quoted terms, a UTF-8 BOM, day/week/
    month rows, the newer ``"Time","term"`` export without preamble, and several terms. Hourly exports (rows
    like ``2026-09-26T00``, for ranges of 7 days or less) and files with duplicate or unordered dates raise
    :class:`uptake.ParseError` rather than being read as days. Values are 0-100 relative to the window's maximum; ``<1`` becomes
    ``less_than_one`` (default 0.5, between 0 and 1; pass ``float("nan")`` to treat it as missing). Weekly rows
    are labelled by the week's first day (Sunday). Different downloads are normalised separately: compare
    terms within one file, or rescale through a shared anchor term.

    Examples
    --------
    >>> import uptake
    >>> uptake.read_google_trends("multiTimeline.csv")  # doctest: +SKIP
    """
    p = os.fspath(path)
    try:
        with open(p, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise ValueError(f"read_google_trends: cannot read {p}: {exc}") from exc
    text = raw.decode("utf-8", errors="replace")
    t = _core.read_google_trends_csv(text, p, float(less_than_one))
    index = pd.DatetimeIndex(np.asarray(t["day"]).astype("datetime64[D]").astype("datetime64[ns]"), name="date")
    frame = pd.DataFrame({term: values for term, values in zip(t["terms"], t["values"])}, index=index)
    frame.attrs.update({"source": "google_trends", "metric": "search interest", "unit": "0-100 (relative)",
                        "granularity": t["granularity"], "category": t["category"], "path": p,
                        # the export's newest row may be a period still in progress (Google marks it only in
                        # its JSON): the last complete day is the one before the newest row starts
                        "last_complete_day": str((index[-1] - pd.Timedelta(days=1)).date()) if len(index) > 1 else None})
    return frame
