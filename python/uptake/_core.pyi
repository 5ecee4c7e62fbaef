# Type stubs for the private compiled module uptake._core (kept in sync by tests/python/test_stubs.py).
from typing import Optional, Sequence, Tuple

import numpy as np
import numpy.typing as npt

__version__: str

class NetworkError(OSError): ...
class ParseError(ValueError): ...

def parse_date(text: str) -> int: ...
def format_date(day: int) -> str: ...
def iso_week(day: int) -> Tuple[int, int, int]: ...
def infer_index(
    days: npt.ArrayLike, what: str, unit: Optional[str] = None, week_start: int = 0, anchor: Optional[str] = None
) -> dict: ...
def period_labels(start: int, n: int, unit: str, week_start: int, anchor: str) -> npt.NDArray[np.int64]: ...
def resample(
    values: npt.ArrayLike,
    start: int,
    unit: str,
    week_start: int,
    to_unit: str,
    to_week_start: int,
    how: str,
    partial: str,
    name: str = "",
) -> dict: ...
def fill_gaps(
    days: npt.ArrayLike,
    values: npt.ArrayLike,
    unit: str,
    week_start: int,
    fill: str,
    first: Optional[int] = None,
    last: Optional[int] = None,
    name: str = "",
) -> Tuple[int, npt.NDArray[np.float64]]: ...
def align(
    inputs: Sequence[Tuple[npt.ArrayLike, int, str, int, str]], join: str
) -> Tuple[int, int, list[npt.NDArray[np.float64]]]: ...
def stl_params(n: int, period: int, options: dict, defaults: str = "statsmodels") -> dict: ...
def stl(y: npt.ArrayLike, params: dict) -> dict: ...
def stl_many(data: npt.ArrayLike, params: dict, threads: int = 0) -> dict: ...
def mstl(
    y: npt.ArrayLike,
    periods: Sequence[int],
    windows: Sequence[int],
    iterate: int,
    lmbda: Optional[float],
    lmbda_auto: bool,
    stl_options: dict,
    defaults: str = "statsmodels",
) -> dict: ...
def holiday_calendar(name: str, first_year: int, last_year: int) -> Tuple[str, list[int], int, int]: ...
def fourier_terms(start: int, n: int, period: float, order: int) -> npt.NDArray[np.float64]: ...
def seasonal_adjust(
    y: npt.ArrayLike,
    start: int,
    log: bool,
    weekly: bool,
    yearly: bool,
    yearly_order: int,
    weekly_window: int,
    trend_smoothness: float,
    iterations: int,
    holidays: Sequence[Tuple[str, Sequence[int], int, int]],
) -> dict: ...
