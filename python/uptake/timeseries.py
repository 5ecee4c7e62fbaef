"""Calendar operations on dated series: resampling, gap filling and alignment.

All three take pandas objects with a ``DatetimeIndex`` of whole days and return pandas objects whose index
and name follow from the input. The work is done by the compiled core on days since 1970-01-01.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional, Sequence, Union

import numpy as np
import pandas as pd

from . import _core
from ._pandas import (
    as_values,
    default_anchor,
    from_regular,
    index_resolution,
    index_to_days,
    make_index,
    parse_freq,
    regular_calendar,
    to_regular,
)

__all__ = ["resample", "fill_gaps", "align"]

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _week_start_number(week_start: Union[str, int]) -> int:
    if isinstance(week_start, (int, np.integer)) and 0 <= int(week_start) <= 6:
        return int(week_start)
    if isinstance(week_start, str) and week_start[:3].lower() in _WEEKDAYS:
        return _WEEKDAYS.index(week_start[:3].lower())
    raise ValueError(f"week_start must be a weekday name ('mon'..'sun') or 0..6, got {week_start!r}")


def resample(
    y: Union[pd.Series, pd.DataFrame],
    freq: str,
    how: str = "sum",
    partial: str = "drop",
    *,
    week_start: Union[str, int] = "mon",
    label: Optional[str] = None,
) -> Union[pd.Series, pd.DataFrame]:
    """Aggregate a dated series to weeks, months or years.

    Parameters
    ----------
    y : pandas.Series or pandas.DataFrame
        Values on a regular ``DatetimeIndex`` (daily, or monthly when resampling to years). NaN marks a
        missing value; it is never read as zero. A DataFrame resamples every column on one shared
        calendar (the index is validated once, which is much faster than column by column).
    freq : {"W", "M", "Y"} or a pandas alias such as "W-SUN", "ME", "MS", "YE"
        Target frequency. ``"W-SUN"`` means weeks ending on Sunday, as in pandas.
    how : {"sum", "mean"}
        A sum over a period with a missing day is NaN (a partial sum would look like a drop); a mean averages
        the observed values and is NaN only when none was observed.
    partial : {"drop", "keep", "flag"}
        What to do with edge periods the data cover only in part: drop them (default, so the last week
        never shows a fake drop), keep them silently, or keep them and return the coverage columns.
    week_start : str or int
        First day of the week for ``freq="W"`` ("mon" = ISO weeks). Ignored when ``freq`` names the weekday.
    label : {"end", "start"}, optional
        Label each period by its last day or its first. By default as the alias says: the first day for
        "MS"/"YS", the last day otherwise (pandas' convention for "W", "ME", "YE").

    Returns
    -------
    pandas.Series or pandas.DataFrame
        A Series with the input's name; with ``partial="flag"`` a DataFrame with the values (column named
        after the input, or "value"), ``partial`` (bool), ``days_covered`` and ``days_in_period``.
        A DataFrame input gives a DataFrame with the same columns (``partial="flag"`` adds the three
        coverage columns once, as they are shared).

    Raises
    ------
    ValueError
        If the index is not a regular, sorted, duplicate-free daily calendar, the values hold infinities,
        the series is empty, or ``freq``/``how``/``partial`` is unknown.

    Examples
    --------
    >>> import pandas as pd, uptake
    >>> daily = pd.Series(1.0, index=pd.date_range("2024-01-01", "2024-01-16"), name="pkg")
    >>> uptake.resample(daily, "W").tolist()          # the two whole ISO weeks; Jan 15-16 dropped
    [7.0, 7.0]
    """
    if label is None:
        label = default_anchor(freq) if isinstance(freq, str) else "end"
    if label not in ("start", "end"):
        raise ValueError(f"resample: label must be 'start' or 'end', got {label!r}")
    unit, ws = parse_freq(freq)
    if unit == "week" and not freq.upper().startswith("W-"):
        ws = _week_start_number(week_start)
    if isinstance(y, pd.DataFrame):
        columns = list(y.columns)
        calendar = regular_calendar(y.index, "resample")
        inputs = [(as_values(y[c], f"resample (column {c!r})"), str(c)) for c in columns]
    else:
        calendar = to_regular(y, "resample")
        columns = [calendar.name]
        inputs = [(calendar.values, str(calendar.name) if calendar.name is not None else "")]
    outs = [
        _core.resample(values, calendar.start, calendar.unit, calendar.week_start, unit, ws, how, partial, name)
        for values, name in inputs
    ]
    first = outs[0]
    index = make_index(first["start"], len(first["values"]), unit, ws, label, calendar.resolution)
    if isinstance(y, pd.DataFrame):
        result = pd.DataFrame({c: o["values"] for c, o in zip(columns, outs)}, index=index)
        result.columns = y.columns
    else:
        result = pd.Series(first["values"], index=index, name=calendar.name, copy=False)
    if partial != "flag":
        return result
    frame = result.to_frame(calendar.name if calendar.name is not None else "value") if isinstance(
        result, pd.Series) else result
    return frame.assign(
        partial=first["partial"].astype(bool),
        days_covered=first["days_covered"],
        days_in_period=first["days_in_period"],
    )


def fill_gaps(
    y: pd.Series,
    fill: str = "nan",
    *,
    freq: str = "D",
    start: Any = None,
    end: Any = None,
) -> pd.Series:
    """Spread sparse dated observations onto a regular calendar.

    Parameters
    ----------
    y : pandas.Series
        Observations on a sorted ``DatetimeIndex`` without duplicates; periods may be missing.
    fill : {"nan", "zero"}
        What a missing period means. Sources that omit days with no activity (pypistats, npm) mean zero;
        an outage or an unpublished day is unknown (NaN). There is no default guess beyond "nan".
    freq : str
        Calendar of the output ("D", "W-SUN", "MS", ...). Weekly/monthly observations may be labelled by any
        day inside their period.
    start, end : date-like, optional
        Widen the output to this range (e.g. the requested window); must cover the observations.

    Returns
    -------
    pandas.Series
        Regular series with the input's name.

    Examples
    --------
    >>> import pandas as pd, uptake
    >>> y = pd.Series([5.0, 7.0], index=pd.to_datetime(["2024-03-01", "2024-03-04"]))
    >>> uptake.fill_gaps(y, "zero").tolist()
    [5.0, 0.0, 0.0, 7.0]
    """
    if not isinstance(y, pd.Series):
        raise ValueError(f"fill_gaps: needs a pandas Series with a DatetimeIndex, got {type(y).__name__}")
    if len(y):
        values = as_values(y, "fill_gaps")
        days = index_to_days(y.index, "fill_gaps")
    else:  # an empty window is legal when start and end say what to span
        values, days = np.empty(0), np.empty(0, dtype=np.int64)
    unit, ws = parse_freq(freq)
    anchor = default_anchor(freq)
    first = _one_day(start, "start")
    last = _one_day(end, "end")
    name = str(y.name) if y.name is not None else ""
    start_day, out = _core.fill_gaps(days, values, unit, ws, fill, first, last, name)
    return from_regular(out, start_day, unit, ws, anchor, y.name, index_resolution(y.index))


def _one_day(value: Any, what: str) -> Optional[int]:
    if value is None:
        return None
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"fill_gaps: {what} {value!r} is not a date") from exc
    return int(index_to_days(pd.DatetimeIndex([stamp.normalize()]), f"fill_gaps {what}")[0])


def align(
    series: Union[Sequence[pd.Series], Mapping[str, pd.Series]],
    join: str = "outer",
) -> pd.DataFrame:
    """Put several series of one frequency on one calendar.

    Parameters
    ----------
    series : sequence of pandas.Series, or mapping of name to Series
        Regular dated series of the same frequency. Columns are named by the mapping keys, else by each
        series' name, else ``series0``, ``series1``, ...
    join : {"outer", "inner"}
        Outer: every period any series covers, NaN where one has no value. Inner: the periods all cover.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> import pandas as pd, uptake
    >>> a = pd.Series([1.0, 2.0], index=pd.date_range("2024-01-01", periods=2), name="a")
    >>> b = pd.Series([3.0, 4.0], index=pd.date_range("2024-01-02", periods=2), name="b")
    >>> uptake.align([a, b], join="inner")["b"].tolist()
    [3.0]
    """
    items = list(series.items()) if isinstance(series, Mapping) else [(None, s) for s in series]
    if not items:
        raise ValueError("align: no series given")
    names: list[Any] = []
    inputs = []
    anchors = set()
    resolutions: list[str] = []
    for i, (key, s) in enumerate(items):
        name = key if key is not None else (s.name if isinstance(s, pd.Series) and s.name is not None else f"series{i}")
        if name in names:
            raise ValueError(f"align: two series are named {name!r}; pass a dict to name them")
        names.append(name)
        regular = to_regular(s, f"align (series {name!r})")
        anchors.add(regular.anchor)
        resolutions.append(regular.resolution)
        inputs.append((regular.values, regular.start, regular.unit, regular.week_start, str(name)))
    if len(anchors) > 1:
        raise ValueError("align: some series are labelled by period start and some by period end")
    start, size, columns = _core.align(inputs, join)
    unit, ws, anchor = inputs[0][2], inputs[0][3], anchors.pop()
    index = make_index(start, size, unit, ws, anchor, resolutions[0])
    return pd.DataFrame(dict(zip(names, columns)), index=index)
