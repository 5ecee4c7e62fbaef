"""The time axis of a trend model: days since the first date for dated data, else positions or given x."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

import numpy as np
import pandas as pd

from ._pandas import as_values, index_to_days, numeric

DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class TimeAxis:
    t: np.ndarray            # float64 time of every observation (NaN rows included)
    y: np.ndarray            # float64 values
    index: Optional[pd.Index]
    origin: Optional[pd.Timestamp]  # date at t = 0 when t is in days
    per_year: Optional[float]       # units of t per year, when known
    name: Any

    def to_time(self, value: Any, what: str) -> float:
        """A date (for dated series) or a number, on this axis."""
        if self.origin is not None:
            try:
                stamp = pd.Timestamp(value)
            except (TypeError, ValueError, OverflowError) as exc:
                raise ValueError(f"{what}: {value!r} is not a date") from exc
            if pd.isna(stamp):
                raise ValueError(f"{what}: {value!r} is not a date")
            return float((stamp.normalize() - self.origin).days)
        if isinstance(value, (int, float, np.integer, np.floating)) and np.isfinite(float(value)):
            return float(value)
        raise ValueError(f"{what}: {value!r} must be a number on the x axis (the series has no dates)")

    def label(self, t: float) -> Any:
        """A time as the caller thinks of it: a Timestamp for dated series, else the number."""
        if self.origin is None or not np.isfinite(t):
            return t
        return self.origin + pd.Timedelta(days=float(t))

    def horizon_time(self, horizon: Any, what: str) -> float:
        """End of a projection horizon: a date, a Timedelta/offset string ("5Y", "365D") from the last point, or a number."""
        last = float(np.nanmax(self.t))
        if horizon is None:
            return last + (2 * DAYS_PER_YEAR if self.origin is not None else (last - float(np.nanmin(self.t))))
        if self.origin is not None:
            if isinstance(horizon, str) and horizon[-1:].upper() == "Y" and horizon[:-1].replace(".", "").isdigit():
                return last + float(horizon[:-1]) * DAYS_PER_YEAR
            if isinstance(horizon, (str, pd.Timedelta, np.timedelta64)):
                try:
                    return last + pd.Timedelta(horizon).total_seconds() / 86400.0
                except ValueError:
                    return self.to_time(horizon, f"{what}: horizon")
            return self.to_time(horizon, f"{what}: horizon")
        return self.to_time(horizon, f"{what}: horizon")


def time_axis(y: Any, x: Any, what: str, periods_per_year: Optional[float] = None) -> TimeAxis:
    """Build the time axis of y: x if given, days since the first date for a DatetimeIndex, else 0..n-1."""
    values = as_values(y, what)
    index = y.index if isinstance(y, pd.Series) else None
    name = y.name if isinstance(y, pd.Series) else None
    if x is not None:
        t = numeric(x, f"{what}: x")
        finite = np.isfinite(t).all()  # one pass when x is fine; the messages below find what is wrong
        if not finite and np.isinf(t).any():
            raise ValueError(f"{what}: x has an infinite value at position {int(np.flatnonzero(np.isinf(t))[0])}")
        if t.shape != values.shape:
            raise ValueError(f"{what}: x has shape {t.shape} but y has {values.shape}")
        if not finite:
            raise ValueError(f"{what}: x has NaN at position {int(np.flatnonzero(np.isnan(t))[0])}")
        return TimeAxis(t, values, index, None, periods_per_year, name)
    if isinstance(index, (pd.DatetimeIndex, pd.PeriodIndex)):
        days = index_to_days(index, what).astype(float)
        if np.any(np.diff(days) <= 0):
            raise ValueError(f"{what}: dates must be strictly increasing")
        origin = pd.Timestamp(np.datetime64(int(days[0]), "D"))
        return TimeAxis(days - days[0], values, index, origin, DAYS_PER_YEAR, name)
    return TimeAxis(np.arange(len(values), dtype=float), values, index, None, periods_per_year, name)
