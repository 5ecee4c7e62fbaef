"""Holiday windows for seasonal adjustment: built-in calendars and user-supplied dates.

A :class:`Holiday` is a named set of anchor dates and a window around each (``before`` and ``after`` days).
Each day of the window gets its own effect in :func:`uptake.seasonal_adjust`, as in Prophet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence, Union

import numpy as np
import pandas as pd

from . import _core

__all__ = ["Holiday", "christmas_new_year", "thanksgiving_us", "golden_week_japan", "lunar_new_year"]


@dataclass(frozen=True)
class Holiday:
    """A named holiday window.

    Parameters
    ----------
    name : str
    dates : sequence of date-like
        Anchor day of each occurrence (e.g. each year's Lunar New Year's Day).
    before, after : int
        Days before and after the anchor that belong to the window.

    Examples
    --------
    >>> import uptake
    >>> lny = uptake.holidays.Holiday("lunar_new_year", ["2023-01-22", "2024-02-10", "2025-01-29"], before=1, after=6)
    >>> lny.days().shape
    (3,)
    """

    name: str
    dates: tuple
    before: int = 0
    after: int = 0

    def __init__(self, name: str, dates: Iterable[Any], before: int = 0, after: int = 0):
        if not name or not isinstance(name, str):
            raise ValueError("Holiday: name must be a non-empty string")
        if int(before) < 0 or int(after) < 0:
            raise ValueError(f"Holiday {name!r}: before and after must be >= 0, got {before}, {after}")
        try:
            stamps = tuple(pd.Timestamp(d).normalize() for d in dates)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"Holiday {name!r}: dates must be date-like ({exc})") from exc
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "dates", stamps)
        object.__setattr__(self, "before", int(before))
        object.__setattr__(self, "after", int(after))

    def days(self) -> np.ndarray:
        """Anchor days as days since 1970-01-01."""
        return np.array([(d - pd.Timestamp("1970-01-01")).days for d in self.dates], dtype=np.int64)

    def _core_tuple(self) -> tuple:
        return (self.name, self.days().tolist(), self.before, self.after)


def _builtin(name: str, first_year: int, last_year: int) -> Holiday:
    label, days, before, after = _core.holiday_calendar(name, int(first_year), int(last_year))
    return Holiday(label, pd.to_datetime(np.asarray(days, dtype="datetime64[D]")), before, after)


def christmas_new_year(first_year: int, last_year: int) -> Holiday:
    """24 December to 1 January of each year (the default holiday window of :func:`uptake.seasonal_adjust`)."""
    return _builtin("christmas_new_year", first_year, last_year)


def thanksgiving_us(first_year: int, last_year: int) -> Holiday:
    """US Thanksgiving (fourth Thursday of November) to the following Sunday."""
    return _builtin("thanksgiving_us", first_year, last_year)


def golden_week_japan(first_year: int, last_year: int) -> Holiday:
    """Japan's Golden Week, 29 April to 5 May."""
    return _builtin("golden_week_japan", first_year, last_year)


def lunar_new_year(first_year: int, last_year: int) -> Holiday:
    """Lunar New Year: its eve and the seven-day Spring Festival holiday (published dates, 2010-2035)."""
    return _builtin("lunar_new_year", first_year, last_year)


HolidaySpec = Union[str, None, Holiday, Sequence[Holiday], Mapping[str, Sequence[Any]]]


def resolve(spec: HolidaySpec, first_year: int, last_year: int) -> list:
    """Turn the ``holidays=`` argument of seasonal_adjust into Holiday objects."""
    if spec is None or spec is False:
        return []
    if isinstance(spec, str):
        if spec == "default":
            return [christmas_new_year(first_year - 1, last_year)]
        builtins = {"christmas_new_year": christmas_new_year, "thanksgiving_us": thanksgiving_us,
                    "golden_week_japan": golden_week_japan, "lunar_new_year": lunar_new_year}
        if spec in builtins:
            return [builtins[spec](first_year - 1, last_year)]
        raise ValueError(f"holidays: unknown calendar {spec!r}; use 'default', None, {sorted(builtins)}, "
                         "Holiday objects or a mapping of name to dates")
    if isinstance(spec, Holiday):
        return [spec]
    if isinstance(spec, Mapping):
        try:
            return [Holiday(name, dates) for name, dates in spec.items()]
        except (TypeError, ValueError) as exc:
            raise ValueError(f"holidays: {exc}") from None
    items = list(spec)
    if not all(isinstance(h, Holiday) for h in items):
        raise ValueError("holidays: a sequence must hold uptake.holidays.Holiday objects")
    return items
