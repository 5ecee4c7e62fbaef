"""One-call seasonal adjustment of daily adoption series."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict

import numpy as np
import pandas as pd

from . import _core, _mpl
from ._checks import MAX_ITERATIONS, check_int
from ._results import Summarized
from .holidays import HolidaySpec, resolve
from ._pandas import to_regular

__all__ = ["seasonal_adjust", "SeasonalAdjustResult"]


@dataclass(frozen=True, repr=False)
class SeasonalAdjustResult(Summarized):
    """A seasonally adjusted daily series and what was removed.

    Attributes
    ----------
    observed, adjusted : pandas.Series
        The input and the adjusted series, in the input's units.
    components : pandas.DataFrame
        ``weekly``, ``yearly``, ``holiday`` and ``trend`` on the model scale. With ``log=True`` the
        seasonal columns are log effects: ``exp(weekly)`` is a multiplicative weekday factor.
    factors : pandas.DataFrame
        With ``log=True``: ``weekly``, ``yearly``, ``holiday`` as multiplicative factors (1 = no effect).
    holiday_effects : pandas.DataFrame
        One row per holiday day: ``holiday``, ``offset`` (days from the anchor), ``effect`` (model scale)
        and, with ``log=True``, ``percent`` (change vs. an ordinary day).
    params : dict
        The options used.
    """

    observed: pd.Series
    adjusted: pd.Series
    components: pd.DataFrame
    holiday_effects: pd.DataFrame
    params: Dict[str, Any]

    @property
    def factors(self) -> pd.DataFrame:
        if not self.params["log"]:
            raise ValueError("factors exist only for log=True (multiplicative) adjustment")
        return np.exp(self.components[["weekly", "yearly", "holiday"]])

    def to_frame(self) -> pd.DataFrame:
        return pd.concat([self.observed.rename("observed"), self.adjusted.rename("adjusted"), self.components], axis=1)

    def summary(self) -> str:
        lines = ["Seasonal adjustment" + (" (multiplicative, log scale)" if self.params["log"] else " (additive)"),
                 f"  days: {len(self.observed)} ({int(self.observed.isna().sum())} missing)",
                 f"  weekly: {self.params['weekly']}, yearly: {self.params['yearly']} "
                 f"(order {self.params['yearly_order']}), holidays: {', '.join(self.params['holidays']) or 'none'}"]
        if self.params["log"] and self.params["weekly"]:
            profile = self.factors["weekly"].groupby(self.observed.index.day_of_week).mean()
            days = "Mon Tue Wed Thu Fri Sat Sun".split()
            lines.append("  weekday factors: " + ", ".join(f"{days[d]} {v:.2f}" for d, v in profile.items()))
        if len(self.holiday_effects):
            worst = self.holiday_effects.loc[self.holiday_effects["effect"].idxmin()]
            unit = f"{worst['percent']:+.1f}%" if self.params["log"] else f"{worst['effect']:+,.4g}"
            lines.append(f"  deepest holiday day: {worst['holiday']} {worst['offset']:+d} ({unit})")
        return "\n".join(lines)

    def plot(self, fig: Any = None, **kwargs: Any) -> Any:
        """Observed and adjusted series, then each removed component; returns the Figure."""
        plt = _mpl.pyplot()
        if fig is None:
            fig = plt.figure(figsize=(9, 7.5))
        axes = fig.subplots(4, 1, sharex=True, gridspec_kw={"height_ratios": [2.2, 1, 1, 1]})
        x = self.observed.index
        axes[0].plot(x, self.observed, color="#bbbbbb", lw=0.8, label="observed")
        axes[0].plot(x, self.adjusted, color=_mpl.PALETTE[0], lw=1.2, label="seasonally adjusted", **kwargs)
        axes[0].legend(frameon=False, loc="upper left")
        _mpl.thousands(axes[0])
        scale = self.factors if self.params["log"] else self.components
        for ax, name in zip(axes[1:], ("weekly", "yearly", "holiday")):
            ax.plot(x, scale[name], color=_mpl.PALETTE[1], lw=0.8)
            ax.set_ylabel(name + (" factor" if self.params["log"] else ""))
        axes[0].set_title("Seasonal adjustment")
        fig.tight_layout()
        return fig


def seasonal_adjust(
    y: pd.Series,
    *,
    log: bool = True,
    weekly: bool = True,
    yearly: bool = True,
    holidays: HolidaySpec = "default",
    yearly_order: int = 10,
    weekly_window: int = 13,
    trend_smoothness: float = 1e8,
    iterations: int = 2,
) -> SeasonalAdjustResult:
    """Remove weekly, yearly and holiday effects from a daily adoption series in one call.

    The model is ``log(1 + y) = trend + weekly + yearly + holiday + noise`` (``log=True``: effects are
    multiplicative, as weekday effects of downloads are). The weekly cycle is estimated by robust STL
    (period 7); the yearly cycle by Fourier terms on the 365.25-day year (which STL cannot represent) and
    each holiday day by its own centred indicator, fitted jointly with a smooth trend penalised on its
    second differences so that the trend cannot absorb them. The two steps alternate ``iterations`` times.
    Missing days (NaN) are allowed and stay missing in ``adjusted``.

    Parameters
    ----------
    y : pandas.Series
        Daily counts on a regular daily DatetimeIndex (missing days as NaN).
    log : bool
        Multiplicative adjustment on ``log(1 + y)``; counts must be >= 0.
    weekly, yearly : bool
        Which cycles to remove. Yearly needs at least two years of data.
    holidays : "default", None, str, Holiday, sequence of Holiday, or mapping name -> dates
        "default" is 24 December to 1 January each year; built-ins also include "thanksgiving_us" and
        "golden_week_japan"; pass :class:`uptake.holidays.Holiday` objects for anything else (Lunar New Year).
    yearly_order : int
        Fourier pairs for the yearly cycle (10, as Prophet).
    weekly_window : int
        STL seasonal window for the weekly cycle (odd; larger = a steadier weekday profile).
    trend_smoothness : float
        Penalty on the trend's second differences; the default keeps cycles shorter than about two years
        out of the trend.
    iterations : int
        Alternations between the weekly and the calendar step, 1 to 100.

    Returns
    -------
    SeasonalAdjustResult

    Examples
    --------
    >>> import numpy as np, pandas as pd, uptake
    >>> idx = pd.date_range("2021-01-04", periods=3 * 364, freq="D")
    >>> weekday = np.array([1.0, 1.0, 1.0, 1.0, 0.9, 0.5, 0.4])[idx.day_of_week]
    >>> y = pd.Series(1000 * weekday, index=idx)
    >>> res = uptake.seasonal_adjust(y, holidays=None)
    >>> bool(res.adjusted.std() < 0.05 * y.std())
    True
    """
    check_int(iterations, "seasonal_adjust", "iterations", 1, MAX_ITERATIONS)
    series = to_regular(y, "seasonal_adjust")
    if series.unit != "day":
        raise ValueError(f"seasonal_adjust: needs a daily series, got a {series.unit}ly index; see uptake.stl/mstl")
    first = pd.Timestamp(np.datetime64(series.start, "D"))
    last = first + pd.Timedelta(days=len(series.values) - 1)
    windows = resolve(holidays, first.year, last.year)
    out = _core.seasonal_adjust(series.values, series.start, bool(log), bool(weekly), bool(yearly), int(yearly_order),
                                int(weekly_window), float(trend_smoothness), int(iterations),
                                [h._core_tuple() for h in windows])
    index = y.index
    components = pd.DataFrame({k: out[k] for k in ("weekly", "yearly", "holiday", "trend")}, index=index)
    effects = pd.DataFrame({"holiday": out["holiday_of_coefficient"], "offset": out["holiday_offsets"],
                            "effect": out["holiday_coefficients"]})
    if log:
        effects["percent"] = np.expm1(effects["effect"]) * 100.0
    params = dict(log=bool(log), weekly=bool(weekly), yearly=bool(yearly), yearly_order=int(yearly_order),
                  weekly_window=int(weekly_window), trend_smoothness=float(trend_smoothness),
                  iterations=int(iterations), holidays=[h.name for h in windows])
    return SeasonalAdjustResult(observed=y.astype(float), adjusted=pd.Series(out["adjusted"], index=index, name=y.name),
                                components=components, holiday_effects=effects, params=params)
