"""Seasonal decomposition: STL, MSTL and batch STL, with missing values handled natively.

The computations run in the compiled core (an exact port of the netlib STL that R and statsmodels wrap,
extended to NaN). These functions convert inputs, choose the period from a DatetimeIndex when it is not
given, and wrap the outputs in result objects that keep the input's index and name.
"""

from __future__ import annotations

import html
import warnings
from dataclasses import dataclass, field
from typing import Any, Dict, Optional, Sequence, Union

import numpy as np
import pandas as pd

from . import _core, _mpl
from ._checks import MAX_ITERATIONS, check_int
from ._results import Summarized
from ._pandas import Wrapper, regular_calendar

__all__ = ["stl", "mstl", "stl_many", "StlResult", "MstlResult", "StlManyResult"]

_STL_KEYS = ("trend", "low_pass", "seasonal_deg", "trend_deg", "low_pass_deg", "seasonal_jump", "trend_jump",
             "low_pass_jump", "inner_iter", "outer_iter")


def _strength(component: np.ndarray, resid: np.ndarray) -> float:
    """Wang, Smith & Hyndman (2006) strength: max(0, 1 - var(R) / var(C + R)) over observed points."""
    ok = ~np.isnan(resid)
    if ok.sum() < 3:
        return float("nan")
    total = np.var(component[ok] + resid[ok])
    return float(max(0.0, 1.0 - np.var(resid[ok]) / total)) if total > 0 else 0.0


def _params_table(params: Dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in params.items())


_COMPONENTS = ("observed", "seasonal", "trend", "resid", "weights")


class _Component:
    """A component attribute: the NumPy array, wrapped in a pandas Series (input index, component name) the
    first time it is read when the input was a Series. Most of a small decomposition's cost used to be
    building five Series nobody had asked for yet."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: type = None) -> Any:
        if obj is None:
            return self
        cache = obj.__dict__
        if self.name not in cache:
            values = obj._arrays[self.name]
            if obj._index is None:
                cache[self.name] = values
            else:
                label = obj._name if self.name == "observed" else self.name
                cache[self.name] = pd.Series(values, index=obj._index, name=label, copy=False)
        return cache[self.name]


class StlResult(Summarized):
    """An STL decomposition: ``observed = seasonal + trend + resid``.

    Attributes
    ----------
    observed, seasonal, trend, resid, weights : pandas.Series or numpy.ndarray
        Same kind, index and length as the input. ``seasonal`` and ``trend`` are defined at every point,
        including missing ones; ``resid`` and ``weights`` are NaN where the data are missing. ``weights`` are
        the bisquare robustness weights (all 1 when ``robust=False``). A Series is built on first access.
    params : dict
        Every effective parameter (windows, degrees, jumps, iterations), whichever rules filled them.
    """

    observed = _Component()
    seasonal = _Component()
    trend = _Component()
    resid = _Component()
    weights = _Component()

    def __init__(self, arrays: Dict[str, np.ndarray], params: Dict[str, Any], index: Any = None,
                 name: Any = None):
        self._arrays = arrays
        self._index = index
        self._name = name
        self.params = params

    def __setattr__(self, key: str, value: Any) -> None:
        if key in _COMPONENTS or (key == "params" and "params" in self.__dict__):
            raise AttributeError(f"StlResult is read-only: cannot set {key!r}")
        super().__setattr__(key, value)

    def _array(self, key: str) -> np.ndarray:
        return self._arrays[key]

    @property
    def seasonal_strength(self) -> float:
        """Strength of seasonality in [0, 1] (Wang, Smith & Hyndman 2006)."""
        return _strength(self._array("seasonal"), self._array("resid"))

    @property
    def trend_strength(self) -> float:
        """Strength of trend in [0, 1]."""
        return _strength(self._array("trend"), self._array("resid"))

    def to_frame(self) -> pd.DataFrame:
        """The components as columns ``observed, seasonal, trend, resid, weights``."""
        return pd.DataFrame({k: self._array(k) for k in _COMPONENTS}, index=self._index)

    def summary(self) -> str:
        """A short text summary: parameters, strengths and the size of each component."""
        resid = self._array("resid")
        seasonal = self._array("seasonal")
        lines = [
            "STL decomposition",
            f"  observations: {len(resid)} ({int(np.isnan(resid).sum())} missing)",
            f"  parameters:   {_params_table(self.params)}",
            f"  strength:     seasonal {self.seasonal_strength:.3f}, trend {self.trend_strength:.3f}",
            f"  seasonal range {np.nanmax(seasonal) - np.nanmin(seasonal):,.4g}, "
            f"residual sd {np.nanstd(resid):,.4g}",
        ]
        if self.params.get("robust"):
            w = self._array("weights")
            lines.append(f"  downweighted (weight < 0.5): {int(np.sum(w < 0.5))} points")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = "".join(f"<tr><td>{html.escape(str(k))}</td><td>{html.escape(str(v))}</td></tr>"
                       for k, v in self.params.items())
        return (f"<div><b>STL decomposition</b> &mdash; seasonal strength {self.seasonal_strength:.3f}, "
                f"trend strength {self.trend_strength:.3f}<table>{rows}</table></div>")

    def plot(self, fig: Any = None, **kwargs: Any) -> Any:
        """Observed, seasonal, trend and residual panels; returns the matplotlib Figure."""
        x = self._index if self._index is not None else np.arange(len(self._array("observed")))
        panels = [(k, self._array(k)) for k in ("observed", "seasonal", "trend", "resid")]
        return _mpl.component_panels(x, panels, f"STL (period {self.params['period']})", fig=fig, **kwargs)


def stl(
    y: Any,
    period: Optional[int] = None,
    *,
    seasonal: Union[int, str] = 7,
    trend: Optional[int] = None,
    low_pass: Optional[int] = None,
    seasonal_deg: Optional[int] = None,
    trend_deg: Optional[int] = None,
    low_pass_deg: Optional[int] = None,
    seasonal_jump: Optional[int] = None,
    trend_jump: Optional[int] = None,
    low_pass_jump: Optional[int] = None,
    robust: bool = False,
    inner_iter: Optional[int] = None,
    outer_iter: Optional[int] = None,
    defaults: str = "statsmodels",
) -> StlResult:
    """Seasonal-trend decomposition by loess (Cleveland et al. 1990).

    The parameter names are statsmodels'. Parameters left as None are filled by the rules of
    ``defaults``: "statsmodels" (``seasonal_deg=1``, all jumps 1, ``inner_iter`` 5 or 2 when robust,
    ``low_pass`` = next odd > period) or "r" (R's ``stl``: ``seasonal_deg=0``, jumps ``ceil(window/10)``,
    ``inner_iter`` 2 or 1 when robust, ``low_pass`` = next odd >= period). Both: ``trend`` = next odd
    >= 1.5 period / (1 - 1.5 / seasonal); ``outer_iter`` 15 when robust, else 0. The effective values are
    in ``result.params``.

    Missing values (NaN) are handled natively: each loess fit uses the nearest observed points, so the
    seasonal and trend are defined everywhere (across gaps, at the ends, across a whole missing cycle) and
    the residual is NaN where the data are. Neither R nor statsmodels accepts NaN.

    Parameters
    ----------
    y : array-like or pandas.Series
        The series. A DatetimeIndex must be regular (missing periods as NaN, see ``uptake.fill_gaps``).
    period : int, optional
        Length of the seasonal cycle; inferred from a daily (7), weekly (52) or monthly (12) DatetimeIndex.
    seasonal : int or "periodic"
        Seasonal (cycle-subseries) loess window, odd >= 3. "periodic" is R's ``s.window="periodic"``:
        a window of 10n+1 with degree 0, then each cycle position replaced by its mean.
    trend, low_pass : int, optional
        Trend and low-pass loess windows, odd >= 3.
    seasonal_deg, trend_deg, low_pass_deg : {0, 1}, optional
        Local polynomial degrees.
    seasonal_jump, trend_jump, low_pass_jump : int, optional
        Fit loess every ``jump`` points and interpolate linearly (speed for long windows).
    robust : bool
        Bisquare robustness weights against outliers (release spikes, outage zeros).
    inner_iter, outer_iter : int, optional
        Inner (backfitting) and outer (robustness) iterations, each at most 100 (ValueError beyond).
    defaults : {"statsmodels", "r"}
        Whose rules fill unset parameters.

    Returns
    -------
    StlResult

    Raises
    ------
    ValueError
        period < 2, even or too-small windows, fewer than two full cycles, all values missing, infinite
        values, or a degree outside {0, 1}; the message names the parameter and the allowed range.

    Examples
    --------
    >>> import numpy as np, uptake
    >>> y = 100 + 10 * np.tile([1, 1, 1, 1, 1, -2, -3], 8) + np.arange(56)
    >>> res = uptake.stl(y, period=7)
    >>> bool(np.allclose(res.seasonal + res.trend + res.resid, y))
    True
    """
    check_int(inner_iter, "stl", "inner_iter", 1, MAX_ITERATIONS)
    check_int(outer_iter, "stl", "outer_iter", 0, MAX_ITERATIONS)
    wrapper = Wrapper(y, "stl")
    if period is None:
        period = wrapper.default_period()
    periodic = isinstance(seasonal, str)
    if periodic and seasonal != "periodic":
        raise ValueError(f"stl: seasonal must be an odd integer >= 3 or 'periodic', got {seasonal!r}")
    options = dict(seasonal=None if periodic else _as_int(seasonal, "seasonal"), periodic=periodic, trend=trend,
                   low_pass=low_pass, seasonal_deg=seasonal_deg, trend_deg=trend_deg, low_pass_deg=low_pass_deg,
                   seasonal_jump=seasonal_jump, trend_jump=trend_jump, low_pass_jump=low_pass_jump,
                   robust=bool(robust), inner_iter=inner_iter, outer_iter=outer_iter)
    params = _core.stl_params(len(wrapper.values), _as_int(period, "period"), options, defaults)
    out = _core.stl(wrapper.values, params)
    arrays = {"observed": wrapper.values, **{k: out[k] for k in ("seasonal", "trend", "resid", "weights")}}
    return StlResult(arrays, params, wrapper.index, wrapper.name)


def _as_int(value: Any, name: str) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        if isinstance(value, float) and value.is_integer():
            return int(value)
        raise ValueError(f"{name} must be an integer, got {value!r}")
    return int(value)


@dataclass(frozen=True, repr=False)
class MstlResult(Summarized):
    """An MSTL decomposition: ``observed = sum(seasonal columns) + trend + resid`` (on the Box-Cox scale if used).

    Attributes
    ----------
    observed, trend, resid, weights : pandas.Series or numpy.ndarray
    seasonal : pandas.DataFrame
        One column per period, ``seasonal_<period>``.
    periods, windows : tuple of int
        The periods decomposed (ascending) and their seasonal windows.
    dropped_periods : tuple of int
        Periods >= n/2 that were left out (a warning was issued).
    lmbda : float or None
        The Box-Cox parameter used.
    params : dict
        Effective STL parameters of the last component.
    """

    observed: Any
    seasonal: pd.DataFrame
    trend: Any
    resid: Any
    weights: Any
    periods: tuple
    windows: tuple
    dropped_periods: tuple
    lmbda: Optional[float]
    params: Dict[str, Any] = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        """Observed, every seasonal column, trend, resid and weights."""
        index = self.seasonal.index
        frame = pd.DataFrame({"observed": np.asarray(self.observed)}, index=index)
        frame = frame.join(self.seasonal)
        for k in ("trend", "resid", "weights"):
            frame[k] = np.asarray(getattr(self, k))
        return frame

    def summary(self) -> str:
        resid = np.asarray(self.resid, dtype=float)
        lines = ["MSTL decomposition",
                 f"  observations: {len(resid)} ({int(np.isnan(resid).sum())} missing)",
                 f"  periods {list(self.periods)} with seasonal windows {list(self.windows)}"]
        if self.dropped_periods:
            lines.append(f"  dropped (>= n/2): {list(self.dropped_periods)}")
        if self.lmbda is not None:
            lines.append(f"  Box-Cox lambda: {self.lmbda:.6g}")
        for col in self.seasonal.columns:
            lines.append(f"  {col}: strength {_strength(self.seasonal[col].to_numpy(), resid):.3f}")
        lines.append(f"  STL parameters: {_params_table(self.params)}")
        return "\n".join(lines)

    def plot(self, fig: Any = None, **kwargs: Any) -> Any:
        """Observed, each seasonal, trend and residual panels; returns the Figure."""
        x = self.seasonal.index
        panels = [("observed", np.asarray(self.observed))]
        panels += [(c, self.seasonal[c].to_numpy()) for c in self.seasonal.columns]
        panels += [("trend", np.asarray(self.trend)), ("resid", np.asarray(self.resid))]
        return _mpl.component_panels(x, panels, f"MSTL (periods {list(self.periods)})", fig=fig, **kwargs)


def mstl(
    y: Any,
    periods: Union[int, Sequence[int], None] = None,
    *,
    windows: Union[int, Sequence[int], None] = None,
    iterate: int = 2,
    lmbda: Union[float, str, None] = None,
    stl_kwargs: Optional[Dict[str, Any]] = None,
    defaults: str = "statsmodels",
) -> MstlResult:
    """Multiple seasonal-trend decomposition by loess (Bandara, Hyndman & Bergmeir 2021).

    Follows R's ``forecast::mstl`` and statsmodels' ``MSTL``: periods are sorted, periods >= n/2 are dropped
    with a warning, each seasonal is re-estimated ``iterate`` times by STL, and the trend is the last STL's.
    Missing values are handled as in :func:`stl`.

    Parameters
    ----------
    y : array-like or pandas.Series
    periods : int or sequence of int, optional
        Seasonal periods; default (7, 365) for a daily DatetimeIndex.
    windows : int or sequence of int, optional
        Seasonal windows in the order of ``periods``; default 7 + 4i for the i-th period in ascending order
        (11, 15, ...), as both references do.
    iterate : int
        Passes over the seasonal components (1 when there is only one period), 1 to 100.
    lmbda : float or "auto", optional
        Box-Cox parameter applied first (0 = log); "auto" estimates it by maximum likelihood. The components
        are then on the transformed scale.
    stl_kwargs : dict, optional
        Further :func:`stl` parameters (``trend``, degrees, jumps, ``robust``, iterations).
    defaults : {"statsmodels", "r"}
        Whose rules fill unset STL parameters. ``defaults="r"`` with ``stl_kwargs={"seasonal_jump": 1,
        "trend_jump": 1, "low_pass_jump": 1}`` reproduces ``forecast::mstl(..., s.jump=1, t.jump=1, l.jump=1)``.

    Returns
    -------
    MstlResult

    Examples
    --------
    >>> import numpy as np, uptake
    >>> t = np.arange(24 * 7 * 6)
    >>> y = 10 + np.sin(2 * np.pi * t / 24) + 0.5 * np.sin(2 * np.pi * t / 168)
    >>> res = uptake.mstl(y, periods=(24, 168))
    >>> list(res.seasonal.columns)
    ['seasonal_24', 'seasonal_168']
    """
    wrapper = Wrapper(y, "mstl")
    if periods is None:
        if wrapper.calendar is None or wrapper.calendar.unit != "day":
            raise ValueError("mstl: give periods (they default to (7, 365) only for a daily DatetimeIndex)")
        periods = (7, 365)
    period_list = [_as_int(p, "periods") for p in np.atleast_1d(periods).tolist()]
    window_list: list = []
    if windows is not None:
        window_list = [_as_int(w, "windows") for w in np.atleast_1d(windows).tolist()]
    check_int(iterate, "mstl", "iterate", 1, MAX_ITERATIONS)
    kwargs = dict(stl_kwargs or {})
    check_int(kwargs.get("inner_iter"), "mstl", "stl_kwargs inner_iter", 1, MAX_ITERATIONS)
    check_int(kwargs.get("outer_iter"), "mstl", "stl_kwargs outer_iter", 0, MAX_ITERATIONS)
    unknown = set(kwargs) - set(_STL_KEYS) - {"robust"}
    if unknown:
        raise ValueError(f"mstl: unknown stl_kwargs {sorted(unknown)}; allowed: {sorted(_STL_KEYS + ('robust',))}")
    lmbda_auto = isinstance(lmbda, str)
    if lmbda_auto and lmbda != "auto":
        raise ValueError(f"mstl: lmbda must be a number, 'auto' or None, got {lmbda!r}")
    out = _core.mstl(wrapper.values, period_list, window_list, int(iterate),
                     None if lmbda_auto or lmbda is None else float(lmbda), lmbda_auto, kwargs, defaults)
    if out["dropped_periods"]:
        warnings.warn(f"mstl: periods {out['dropped_periods']} are >= n/2 ({len(wrapper.values)} observations) "
                      "and were not decomposed", UserWarning, stacklevel=2)
    index = wrapper.index if wrapper.is_pandas else pd.RangeIndex(len(wrapper.values))
    seasonal = pd.DataFrame({f"seasonal_{p}": s for p, s in zip(out["periods"], out["seasonals"])}, index=index)
    observed = wrapper.values if out["lmbda"] is None else np.asarray(
        seasonal.sum(axis=1).to_numpy() + out["trend"] + out["resid"])
    return MstlResult(
        observed=wrapper.wrap(observed),
        seasonal=seasonal,
        trend=wrapper.wrap(out["trend"], "trend"),
        resid=wrapper.wrap(out["resid"], "resid"),
        weights=wrapper.wrap(out["weights"], "weights"),
        periods=tuple(out["periods"]),
        windows=tuple(out["windows"]),
        dropped_periods=tuple(out["dropped_periods"]),
        lmbda=out["lmbda"],
        params=out["stl_params"],
    )


@dataclass(frozen=True)
class StlManyResult:
    """STL of every column of a DataFrame: one DataFrame per component, same index and columns as the input."""

    seasonal: pd.DataFrame
    trend: pd.DataFrame
    resid: pd.DataFrame
    weights: pd.DataFrame
    params: Dict[str, Any]

    def __repr__(self) -> str:
        return (f"StlManyResult({self.seasonal.shape[1]} series x {self.seasonal.shape[0]} points; "
                f"{_params_table(self.params)})")


def _name_column(message: str, columns: pd.Index) -> str:
    """The core names a bad column by position ("column 3: ..."); say its label too."""
    head, sep, rest = message.partition(": ")
    if sep and head.startswith("column ") and head[7:].isdigit():
        return f"stl_many: {message} (column {columns[int(head[7:])]!r})"
    return message


def stl_many(frame: pd.DataFrame, period: Optional[int] = None, *, threads: int = 0, **kwargs: Any) -> StlManyResult:
    """STL of every column of a DataFrame with one set of parameters, using all cores.

    Parameters
    ----------
    frame : pandas.DataFrame
        One series per column on a shared index (a regular DatetimeIndex, or any index with ``period``).
    period : int, optional
        As in :func:`stl`; inferred from a daily/weekly/monthly DatetimeIndex.
    threads : int
        Worker threads; 0 uses every core. The GIL is released while they run.
    **kwargs
        Any :func:`stl` parameter (``seasonal``, ``robust``, ``defaults``, ...).

    Returns
    -------
    StlManyResult

    Examples
    --------
    >>> import numpy as np, pandas as pd, uptake
    >>> frame = pd.DataFrame(np.random.default_rng(0).poisson(50, (56, 3)).astype(float),
    ...                      index=pd.date_range("2024-01-01", periods=56), columns=["a", "b", "c"])
    >>> uptake.stl_many(frame).trend.shape
    (56, 3)
    """
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"stl_many: expected a pandas DataFrame, got {type(frame).__name__}")
    if frame.shape[1] == 0:
        raise ValueError("stl_many: the DataFrame has no columns")
    if period is None:
        calendar = regular_calendar(frame.index, "stl_many")
        periods = {"day": 7, "week": 52, "month": 12}
        if calendar.unit not in periods:
            raise ValueError("stl_many: give period")
        period = periods[calendar.unit]
    elif isinstance(frame.index, pd.DatetimeIndex):
        regular_calendar(frame.index, "stl_many")
    defaults = kwargs.pop("defaults", "statsmodels")
    seasonal = kwargs.pop("seasonal", 7)
    periodic = isinstance(seasonal, str)
    if periodic and seasonal != "periodic":
        raise ValueError(f"stl_many: seasonal must be an odd integer >= 3 or 'periodic', got {seasonal!r}")
    kwargs.update(seasonal=None if periodic else _as_int(seasonal, "seasonal"), periodic=periodic)
    # One conversion for the whole frame (column-major, as the core reads it); the core checks every column for
    # infinities inside the batch call and names the column's position.
    try:
        data = np.asfortranarray(frame.to_numpy(dtype=float))
    except (TypeError, ValueError) as error:
        raise ValueError(f"stl_many: every column must be numeric ({error})") from None
    params = _core.stl_params(data.shape[0], _as_int(period, "period"), kwargs, defaults)
    try:
        out = _core.stl_many(data, params, int(threads))
    except ValueError as error:
        raise ValueError(_name_column(str(error), frame.columns)) from None

    def frame_of(key: str) -> pd.DataFrame:
        # (series x time) C-order is pandas' own block layout for a (time x series) frame: no copy.
        return pd.DataFrame(out[key].T, index=frame.index, columns=frame.columns, copy=False)

    return StlManyResult(frame_of("seasonal"), frame_of("trend"), frame_of("resid"), frame_of("weights"), params)
