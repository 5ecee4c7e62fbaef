"""Conversion between pandas/NumPy inputs and the core's regular series (start day + frequency + values).

The core works on days since 1970-01-01; pandas works on timestamps. This module is the only place that
knows both, so every public function accepts the same inputs and returns the same kinds of outputs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

import numpy as np
import pandas as pd

from . import _compat
from . import _core

_ALIASES = {
    "D": "day", "DAY": "day", "W": "week", "WEEK": "week",
    "M": "month", "ME": "month", "MS": "month", "MONTH": "month",
    "Y": "year", "YE": "year", "YS": "year", "A": "year", "AS": "year", "YEAR": "year",
}


@dataclass(frozen=True)
class Regular:
    """A regular series as the core sees it: values plus the calendar they sit on."""

    values: np.ndarray  # float64, C-contiguous; a view of the caller's data when that was possible
    start: int  # days since epoch of the first period's first day
    unit: str  # "day" | "week" | "month" | "year"
    week_start: int  # 0 = Monday .. 6 = Sunday
    anchor: str  # "start" | "end": where pandas labels sit in each period
    name: Any
    resolution: str = "ns"  # datetime64 unit of the caller's index, kept on outputs


def parse_freq(freq: str) -> tuple[str, int]:
    """Map a user frequency ("D", "W", "W-SUN", "M", "ME", "MS", "Y", ...) to (unit, week_start).

    ``W-XXX`` names the weekday that *ends* the week, as in pandas.
    """
    if not isinstance(freq, str) or not freq:
        raise ValueError(f"unknown frequency {freq!r} (use 'D', 'W', 'M' or 'Y')")
    text = freq.upper()
    if text.startswith("W-"):
        code = text[2:]
        if code not in _compat.WEEKDAY_CODES:
            raise ValueError(f"unknown frequency {freq!r}: {code!r} is not a weekday (MON..SUN)")
        end = _compat.WEEKDAY_CODES.index(code)
        return "week", (end + 1) % 7
    if text in ("A-DEC", "AS-JAN", "Y-DEC", "YS-JAN"):
        return "year", 0
    if text not in _ALIASES:
        raise ValueError(f"unknown frequency {freq!r} (use 'D', 'W', 'M' or 'Y')")
    return _ALIASES[text], 0


def default_anchor(freq: str) -> str:
    """Where a pandas alias puts its labels: "start" for D, MS, YS; "end" for W-XXX, ME/M, YE/A."""
    text = freq.upper()
    return "start" if text in ("D", "DAY", "MS", "YS", "AS", "AS-JAN", "YS-JAN") else "end"


def _freq_hint(index: pd.DatetimeIndex) -> tuple[Optional[str], int, Optional[str]]:
    """(unit, week_start, anchor) that the index's own ``freq`` states, or (None, 0, None)."""
    freq = index.freq
    if freq is None:
        return None, 0, None
    code = freq.freqstr.upper()
    if code.startswith("W-"):
        unit, ws = parse_freq(code)
        return unit, ws, "end"
    if code in ("D",):
        return "day", 0, "start"
    if code in ("MS",):
        return "month", 0, "start"
    if code in ("M", "ME"):
        return "month", 0, "end"
    if code in ("YS", "AS", "AS-JAN", "YS-JAN"):
        return "year", 0, "start"
    if code in ("Y", "A", "YE", "A-DEC", "Y-DEC", "YE-DEC"):
        return "year", 0, "end"
    return None, 0, None


def index_to_days(index: pd.Index, what: str) -> np.ndarray:
    """Days since epoch of a DatetimeIndex (or PeriodIndex) whose labels are whole days."""
    if isinstance(index, pd.PeriodIndex):
        index = index.to_timestamp()
    if not isinstance(index, pd.DatetimeIndex):
        raise ValueError(f"{what}: needs dates: pass a pandas Series with a DatetimeIndex, got a {type(index).__name__}")
    if index.tz is not None:
        index = index.tz_localize(None)
    if index.hasnans:
        position = int(np.flatnonzero(index.isna())[0])
        raise ValueError(f"{what}: index has a missing date (NaT) at position {position}")
    stamps = index.to_numpy()
    days = stamps.astype("datetime64[D]")
    off_midnight = days != stamps
    if off_midnight.any():
        position = int(np.flatnonzero(off_midnight)[0])
        raise ValueError(f"{what}: index has a time of day at position {position} ({index[position]}); "
                         "uptake works on whole days")
    return np.ascontiguousarray(days.astype(np.int64))


def numeric(data: Any, what: str) -> np.ndarray:
    """Float64 values of a list/array/Series, or a TypeError naming `what` (strings, objects, complex numbers)."""
    if type(data) is np.ndarray and data.dtype == np.float64:  # the common case, checked first: nothing to convert
        return data
    if data is None or isinstance(data, (str, bytes, dict)) or np.iscomplexobj(data):
        raise TypeError(f"{what}: expected numbers (a Series, array or list), got {type(data).__name__}")
    try:
        return np.asarray(data.to_numpy(dtype=float) if isinstance(data, pd.Series) else data, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{what}: expected numbers (a Series, array or list): {exc}") from None


def as_values(data: Any, what: str) -> np.ndarray:
    """Float64 values of a list/array/Series, rejecting infinities; a view when the input already is float64."""
    values = numeric(data, what)
    if values.ndim != 1:
        raise ValueError(f"{what}: expected one-dimensional data, got shape {values.shape}")
    if values.size == 0:
        raise ValueError(f"{what}: the series is empty")
    bad = np.isinf(values)
    if bad.any():
        position = int(np.flatnonzero(bad)[0])
        label = f" ({data.index[position]})" if isinstance(data, pd.Series) else ""
        raise ValueError(f"{what}: infinite value at position {position}{label}; use NaN for missing values")
    return np.ascontiguousarray(values)


def to_regular(y: Any, what: str) -> Regular:
    """Validate a dated series (a pandas Series with a DatetimeIndex) and describe it for the core."""
    if not isinstance(y, pd.Series):
        raise ValueError(f"{what}: needs dates: pass a pandas Series with a DatetimeIndex, got {type(y).__name__}")
    values = as_values(y, what)
    return regular_calendar(y.index, what, values, y.name)


def regular_calendar(index: pd.Index, what: str, values: Any = None, name: Any = None) -> Regular:
    """Validate a date index once; the result describes any column that sits on it."""
    days = index_to_days(index, what)
    unit, week_start, anchor = _freq_hint(index)
    info = _core.infer_index(days, what, unit, week_start, anchor)
    return Regular(values, info["start"], info["unit"], info["week_start"], info["anchor"], name,
                   index_resolution(index))


def index_resolution(index: pd.Index) -> str:
    """The datetime64 unit of an index ("ns" on pandas 1.x/2.x defaults, "us" on pandas 3)."""
    # DatetimeIndex.unit exists from pandas 2.0; pandas 1.x indexes are always nanoseconds.
    return getattr(index, "unit", None) or "ns" if isinstance(index, pd.DatetimeIndex) else "ns"


def pandas_freq(unit: str, week_start: int, anchor: str) -> str:
    """The pandas alias for a core frequency and anchoring."""
    if unit == "day":
        return "D"
    if unit == "week":
        # pandas names weekly frequencies by the weekday of the label.
        label_day = (week_start + 6) % 7 if anchor == "end" else week_start
        return "W-" + _compat.WEEKDAY_CODES[label_day]
    if unit == "month":
        return "MS" if anchor == "start" else _compat.month_end_alias()
    return _compat.year_start_alias() if anchor == "start" else _compat.year_end_alias()


def make_index(start: int, n: int, unit: str, week_start: int, anchor: str, resolution: str = "ns") -> pd.DatetimeIndex:
    days = _core.period_labels(start, n, unit, week_start, anchor)
    stamps = days.astype("datetime64[D]").astype(f"datetime64[{resolution}]")
    return pd.DatetimeIndex(stamps, freq=pandas_freq(unit, week_start, anchor))


def from_regular(values: np.ndarray, start: int, unit: str, week_start: int, anchor: str, name: Any,
                 resolution: str = "ns") -> pd.Series:
    index = make_index(start, len(values), unit, week_start, anchor, resolution)
    return pd.Series(values, index=index, name=name, copy=False)


class Wrapper:
    """Remembers how an input looked (pandas Series, DataFrame column, array) so results can look the same.

    Dates are validated when the input has a DatetimeIndex: sorted, unique, regular. Values are float64 with
    NaN for missing; infinities are rejected.
    """

    def __init__(self, y: Any, what: str):
        self.what = what
        self.is_pandas = isinstance(y, pd.Series)
        if isinstance(y, pd.DataFrame):
            raise ValueError(f"{what}: expected one series, got a DataFrame (use the *_many function)")
        self.values = as_values(y, what)
        self.index = y.index if self.is_pandas else None
        self.name = y.name if self.is_pandas else None
        self.calendar: Optional[Regular] = None
        if self.is_pandas and isinstance(y.index, (pd.DatetimeIndex, pd.PeriodIndex)):
            self.calendar = regular_calendar(y.index, what)

    def wrap(self, values: np.ndarray, name: Any = None) -> Any:
        if not self.is_pandas:
            return values
        return pd.Series(values, index=self.index, name=name if name is not None else self.name, copy=False)

    def default_period(self) -> int:
        """The seasonal period implied by the index frequency (7 for daily, 52 weekly, 12 monthly)."""
        periods = {"day": 7, "week": 52, "month": 12}
        if self.calendar is None or self.calendar.unit not in periods:
            raise ValueError(f"{self.what}: give period (it can only be inferred from a daily, weekly or monthly "
                             "DatetimeIndex)")
        return periods[self.calendar.unit]
