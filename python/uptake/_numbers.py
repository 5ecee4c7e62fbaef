"""Numbers written for people: p-values as "< 0.001", dates without a time of day, estimates with intervals."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd


def p_value(p: Any) -> str:
    """``0.0000003`` -> ``"< 0.001"``; ``0.0421`` -> ``"0.042"``; missing -> ``""``."""
    if p is None or pd.isna(p):
        return ""
    p = float(p)
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def date(v: Any) -> str:
    """A timestamp as ``YYYY-MM-DD`` (the day is the resolution of every series here); other values as text."""
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return ""
    if isinstance(v, (pd.Timestamp,)) or hasattr(v, "strftime"):
        return pd.Timestamp(v).strftime("%Y-%m-%d")
    return str(v)


def percent_interval(value: float, low: float, high: float) -> str:
    """Growth as ``+12.3% [+8.0%, +16.8%]``."""
    return f"{value:+.1%} [{low:+.1%}, {high:+.1%}]"


def years(v: float) -> str:
    """A duration in years; infinite (no growth within the interval) as ``"never"``."""
    if v is None or pd.isna(v):
        return ""
    return "never" if math.isinf(v) else f"{v:.2g} y" if v < 10 else f"{v:.0f} y"


def doubling_interval(value: float, low: float, high: float) -> str:
    """Doubling time with its interval, e.g. ``1.4 y [1.1 y, 2 y]``; ``never`` for a bound with no growth."""
    if value is None or pd.isna(value):
        return ""
    if math.isinf(value):
        return "not growing" + ("" if math.isinf(low) else f" (fastest plausible: {years(low)})")
    return f"{years(value)} [{years(low)}, {years(high)}]"
