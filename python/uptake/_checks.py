"""Argument checks shared by the public functions: clear errors naming the parameter, before any work."""

from __future__ import annotations

from typing import Any

import numpy as np

# Upper bounds of iteration settings: far above any useful value (STL converges in a few passes), low enough that
# a mistyped 10**9 fails at once instead of running for days.
MAX_ITERATIONS = 100


def check_int(value: Any, where: str, name: str, low: int, high: int) -> None:
    """An optional integer setting within documented bounds (None passes)."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{where}: {name} must be an integer, got {value!r}")
    if not low <= value <= high:
        raise ValueError(f"{where}: {name} must be in [{low}, {high}], got {value}")


def check_level(value: Any, where: str, name: str) -> None:
    """A probability-like setting (alpha, conf): a real number strictly between 0 and 1."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{where}: {name} must be a number in (0, 1), got {type(value).__name__}")
    if not 0 < float(value) < 1:
        raise ValueError(f"{where}: {name} must be in (0, 1), got {value}")
