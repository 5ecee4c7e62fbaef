"""Shims for the pandas versions uptake supports (1.5 on Debian to 2.x/3.x on Colab)."""

from __future__ import annotations

import pandas as pd

_PANDAS_VERSION = tuple(int(p) for p in pd.__version__.split(".")[:2] if p.isdigit())
# pandas 2.2 renamed the period-end aliases ("M" -> "ME", "A" -> "YE").
_NEW_ALIASES = _PANDAS_VERSION >= (2, 2)

WEEKDAY_CODES = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")


def month_end_alias() -> str:
    return "ME" if _NEW_ALIASES else "M"


def year_end_alias() -> str:
    return "YE" if _NEW_ALIASES else "A-DEC"


def year_start_alias() -> str:
    return "YS" if _NEW_ALIASES else "AS-JAN"
