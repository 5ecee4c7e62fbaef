"""Trend statistics with honest uncertainty: HAC regression, robust trends, change points, growth curves.

Every function accepts a list, ndarray or pandas Series; with a DatetimeIndex, time is measured in days
since the first date (so growth per year is exact whatever the sampling), otherwise in positions (or the
``x`` you pass). The numerical work happens in the compiled core.
"""

from __future__ import annotations

import math
import statistics
import warnings
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Dict, List, Mapping, NamedTuple, Optional, Sequence, Union

import numpy as np
import pandas as pd

from . import _core, _mpl
from ._checks import check_int, check_level
from ._results import Summarized
from ._time import TimeAxis, time_axis
from .errors import ConvergenceWarning, IdentifiabilityWarning

__all__ = [
    "Estimate", "ols_trend", "OlsTrendResult", "theil_sen", "TheilSenResult", "mann_kendall", "MannKendallResult",
    "changepoints", "ChangepointResult", "segmented_trend", "SegmentedTrendResult", "fit_growth", "GrowthResult",
]


class Estimate(NamedTuple):
    """A point estimate with its confidence interval."""

    value: float
    low: float
    high: float

    def __str__(self) -> str:
        return f"{self.value:.4g} [{self.low:.4g}, {self.high:.4g}]"


def _quantile(conf: float, df: int) -> float:
    if not 0 < conf < 1:
        raise ValueError(f"conf must be in (0, 1), got {conf}")
    return float(_core.t_quantile(0.5 + conf / 2.0, df))


def _regular_positions(y: Any, where: str) -> np.ndarray:
    """Values of y for a test that works on positions: the index, if any, must be sorted, unique, without NaT
    and regular (equal steps, or a calendar frequency pandas can infer), else positions would lie about time."""
    if isinstance(y, pd.Series):
        index = y.index
        if isinstance(index, (pd.DatetimeIndex, pd.PeriodIndex)):
            axis = time_axis(y, None, where)  # rejects NaT and unsorted or duplicated dates
            if len(index) >= 3 and isinstance(index, pd.DatetimeIndex) and index.freq is None \
                    and pd.infer_freq(index) is None and np.ptp(np.diff(axis.t)) > 0:
                raise ValueError(f"{where}: the dates are not regularly spaced; it works on positions, so "
                                 "resample to a regular frequency first (missing periods as NaN)")
        elif not isinstance(index, pd.RangeIndex) and pd.api.types.is_numeric_dtype(index):
            steps = np.diff(index.to_numpy(dtype=float))
            if len(steps) and not (np.all(steps > 0) and np.ptp(steps) <= 1e-9 * np.abs(steps).max()):
                raise ValueError(f"{where}: the index must be increasing in equal steps; sort or resample first")
        values = y.to_numpy(dtype=float)
    else:
        values = np.asarray(y, dtype=float)
    if values.ndim != 1:
        raise ValueError(f"{where}: expected one-dimensional data, got shape {values.shape}")
    return values


def _observed(axis: TimeAxis) -> np.ndarray:
    return ~np.isnan(axis.y)


# --------------------------------------------------------------------------------------------- OLS + HAC

def _interventions(spec: Any, axis: TimeAxis) -> list:
    if spec is None:
        return []
    if isinstance(spec, Mapping):
        items = list(spec.items())
    else:
        items = [(f"event{i + 1}", s) for i, s in enumerate(np.atleast_1d(np.asarray(spec, dtype=object)).tolist())]
    out = []
    for name, value in items:
        kind = "both"
        if isinstance(value, tuple):
            value, kind = value
        if kind not in ("both", "level", "slope"):
            raise ValueError(f"interventions: kind of {name!r} must be 'level', 'slope' or 'both', got {kind!r}")
        t0 = axis.to_time(value, f"interventions ({name!r})")
        if not (np.nanmin(axis.t) < t0 <= np.nanmax(axis.t)):
            raise ValueError(f"interventions: {name!r} ({value}) lies outside the data")
        out.append((str(name), t0, kind in ("both", "level"), kind in ("both", "slope")))
    return out


COV_METHODS = ("pw", "nw", "hac", "fixed-b", "classical")
_METHOD_LABELS = {
    "pw": "Prais-Winsten GLS",
    "nw": "OLS, Newey-West HAC",
    "hac": "OLS, kernel HAC",
    "fixed-b": "OLS, fixed-b HAC",
    "classical": "OLS, classical (i.i.d.) errors",
}
NEAR_UNIT_ROOT = 0.9


def _consecutive_ar1(resid: np.ndarray, pos: np.ndarray) -> float:
    """Lag-1 coefficient sum e_t e_{t-1} / sum e_{t-1}^2 over pairs of consecutive rows."""
    pair = np.diff(pos) == 1
    den = float(np.sum(resid[:-1][pair] ** 2))
    return float(np.sum(resid[1:][pair] * resid[:-1][pair]) / den) if den > 0 else 0.0


def _half_life(phi: float) -> float:
    """Periods for a shock to halve: log(0.5) / log(phi)."""
    if phi <= 0:
        return 0.0
    return math.log(0.5) / math.log(phi) if phi < 1 else float("inf")


class OlsTrendResult(Summarized):
    """A linear (or log-linear) trend with intervals that account for autocorrelated errors.

    Attributes
    ----------
    params, bse, tvalues, pvalues : pandas.Series
        Indexed by term: ``const``, ``trend`` (per unit of t: per day for dated series), then
        ``<event>_level`` / ``<event>_slope`` for each intervention. Under ``cov="fixed-b"`` p-values come from
        the simulated fixed-b distribution of the trend slope's t (tools/make_fixed_b_table.py; used for every
        term, as its critical value is), interpolated in a table of quantiles and floored at 0.001.
    cov : pandas.DataFrame
        Covariance of the parameters under the chosen method.
    crit : pandas.Series
        Critical value per term at ``conf``: intervals are params +- crit * bse. Student t, a bootstrap-t
        quantile, or a fixed-b value, depending on ``method``.
    method : str
        ``"pw"``, ``"nw"``, ``"hac"``, ``"fixed-b"`` or ``"classical"`` (see :func:`ols_trend`).
    diagnostics : dict
        ``phi_hat`` (lag-1 autocorrelation of the OLS residuals), ``phi`` (bias-corrected; for an AR(p) error
        model with p > 1 the persistence, the sum of the bias-corrected coefficients), ``half_life`` (periods
        until a shock's effect halves), ``near_unit_root`` (phi >= 0.9), and per method the bandwidth, lags, b,
        bootstrap replications and seed; ``cov="pw"`` adds ``ar_order``, ``ar_order_rule`` and ``ar_coef``.
    fitted, resid : pandas.Series or numpy.ndarray
        On the model scale (log scale when ``log=True``), NaN where y is missing.
    growth_per_period, growth_per_year, doubling_time : Estimate or None
        With ``log=True``: exp(slope) - 1 per unit of t and per year (when the time unit is known), and the
        doubling time in years (in t units without dates), with intervals transformed from the slope's.

    The fit keeps NumPy arrays; the pandas objects above are built on first access (most callers read one
    slope and never pay for them).
    """

    def __init__(self, names: Sequence[str], params: np.ndarray, bse: np.ndarray, tvalues: np.ndarray,
                 pvalues: np.ndarray, cov: np.ndarray, fitted: Optional[np.ndarray], resid: Optional[np.ndarray],
                 fitted_se: Optional[np.ndarray],
                 nobs: int, df_resid: int, maxlags: int, conf: float, log: bool, axis: TimeAxis,
                 settings: Optional[Dict[str, Any]] = None, method: str = "nw", crit: Optional[np.ndarray] = None,
                 diagnostics: Optional[Dict[str, Any]] = None) -> None:
        # Arrays on the model scale; fitted, resid and fitted_se on the full axis (NaN where y is missing). Given as
        # None they are computed from the parameters on first access.
        self._names, self._params, self._bse, self._tvalues = list(names), params, bse, tvalues
        self._pvalues, self._cov, self._crit = pvalues, cov, crit
        if fitted is not None:
            self._fitted, self._resid, self.fitted_se = fitted, resid, fitted_se
        self.nobs, self.df_resid, self.maxlags = nobs, df_resid, maxlags
        self.conf, self.log, self.axis, self.method = conf, log, axis, method
        self.settings = {} if settings is None else settings
        self.diagnostics = {} if diagnostics is None else diagnostics

    def _terms(self, values: np.ndarray) -> pd.Series:
        return pd.Series(values, index=self._names, dtype=float)

    def _on_axis(self, values: np.ndarray, name: str) -> Any:
        index = self.axis.index
        return pd.Series(values, index=index, name=name) if index is not None else values

    def _outputs(self) -> np.ndarray:
        """Fitted values, residuals and fitted-mean standard errors on the full axis, from the parameters."""
        X, target, ok = self._design()
        fitted = np.full(len(target), np.nan)
        se = np.full(len(target), np.nan)
        Xo = X[ok]
        fitted[ok] = Xo @ self._params
        se[ok] = np.sqrt(np.maximum(np.einsum("ij,jk,ik->i", Xo, self._cov, Xo), 0.0))
        self.__dict__.update(_resid=target - fitted, fitted_se=se)
        return fitted

    @cached_property
    def _fitted(self) -> np.ndarray:
        return self._outputs()

    @cached_property
    def _resid(self) -> np.ndarray:
        self._fitted  # noqa: B018 - fills _resid too
        return self.__dict__["_resid"]

    @cached_property
    def fitted_se(self) -> np.ndarray:
        """Standard error of the fitted trend line at each row (model scale; NaN where y is missing)."""
        self._fitted  # noqa: B018 - fills fitted_se too
        return self.__dict__["fitted_se"]

    @cached_property
    def params(self) -> pd.Series:
        return self._terms(self._params)

    @cached_property
    def bse(self) -> pd.Series:
        return self._terms(self._bse)

    @cached_property
    def tvalues(self) -> pd.Series:
        return self._terms(self._tvalues)

    @cached_property
    def pvalues(self) -> pd.Series:
        return self._terms(self._pvalues)

    @cached_property
    def cov(self) -> pd.DataFrame:
        return pd.DataFrame(self._cov, index=self._names, columns=self._names)

    @cached_property
    def crit(self) -> Optional[pd.Series]:
        return None if self._crit is None else self._terms(self._crit)

    @cached_property
    def fitted(self) -> Any:
        return self._on_axis(self._fitted, "fitted")

    @cached_property
    def resid(self) -> Any:
        return self._on_axis(self._resid, "resid")

    def _critical(self, conf: Optional[float] = None) -> np.ndarray:
        conf = self.conf if conf is None else conf
        if self._crit is not None and conf == self.conf:
            return self._crit
        if not 0 < conf < 1:
            raise ValueError(f"conf must be in (0, 1), got {conf}")
        k = len(self._names)
        abs_tau = self.settings.get("abs_tau")
        if self.method == "pw" and abs_tau is not None and len(abs_tau):
            return np.quantile(abs_tau, conf, axis=0)
        if self.method == "fixed-b":
            return np.full(k, _core.fixed_b_cv(self.diagnostics["b"], conf, "trend"))
        use_t = self.method == "pw" or self.settings.get("use_t", True)
        return np.full(k, _quantile(conf, self.df_resid if use_t else 0))

    def critical_values(self, conf: Optional[float] = None) -> pd.Series:
        """Critical value per term for a two-sided interval at ``conf`` (default: the fit's)."""
        return self._terms(self._critical(conf))

    def _trend_crit(self, conf: Optional[float] = None) -> float:
        return float(self._critical(conf)[self._names.index("trend")])

    def conf_int(self, conf: Optional[float] = None) -> pd.DataFrame:
        """Confidence intervals of the parameters (columns ``low``, ``high``)."""
        q = self.critical_values(conf)
        return pd.DataFrame({"low": self.params - q * self.bse, "high": self.params + q * self.bse})

    @property
    def slope(self) -> Estimate:
        j = self._names.index("trend")
        b, q, se = self._params[j], self._critical()[j], self._bse[j]
        return Estimate(float(b), float(b - q * se), float(b + q * se))

    @property
    def growth_per_period(self) -> Optional[Estimate]:
        if not self.log:
            return None
        s = self.slope
        return Estimate(*(float(np.expm1(v)) for v in s))

    @property
    def growth_per_year(self) -> Optional[Estimate]:
        if not self.log or self.axis.per_year is None:
            return None
        k = self.axis.per_year
        s = self.slope
        return Estimate(*(float(np.expm1(k * v)) for v in s))

    @property
    def doubling_time(self) -> Optional[Estimate]:
        """Years (or t units without dates) to double: log 2 / slope; infinite where the slope's interval crosses 0."""
        if not self.log:
            return None
        k = self.axis.per_year or 1.0
        s = self.slope

        def doubling(b: float) -> float:
            return float(np.log(2.0) / (b * k)) if b > 0 else float("inf")

        if s.value <= 0:
            return Estimate(float("inf"), doubling(s.high), float("inf"))
        return Estimate(doubling(s.value), doubling(s.high), doubling(s.low) if s.low > 0 else float("inf"))

    def to_frame(self) -> pd.DataFrame:
        """Observed (model scale), fitted trend line, its confidence band (not a forecast band), and residuals."""
        q = self._trend_crit()
        y = np.log(self.axis.y) if self.log else self.axis.y
        fitted = self._fitted
        return pd.DataFrame({"observed": y, "fitted": fitted, "fitted_low": fitted - q * self.fitted_se,
                             "fitted_high": fitted + q * self.fitted_se, "resid": self._resid},
                            index=self.axis.index)

    # ------------------------------------------------------------------ projection

    def _future_times(self, horizon: Any, at: Any) -> tuple:
        """Times, grid positions and labels to predict at (rows are the grid the AR(1) errors live on)."""
        axis = self.axis
        ok = _observed(axis)
        pos_obs = np.flatnonzero(ok)
        last = int(pos_obs[-1])
        t_last = float(axis.t[last])
        step = float(np.median(np.diff(axis.t))) if len(axis.t) > 1 else 1.0
        if at is not None:
            t_new = np.array([axis.to_time(v, "predict") for v in np.atleast_1d(np.asarray(at, dtype=object))])
            pos_new = last + np.round((t_new - t_last) / step).astype(np.int64)
            if np.any(pos_new < pos_obs[0]):
                raise ValueError("predict: times before the first observation")
            labels = [axis.label(v) for v in t_new]
            return t_new, pos_new, labels
        if isinstance(horizon, (int, np.integer)) and not isinstance(horizon, bool):
            count = int(horizon)
            if count < 1:
                raise ValueError(f"predict: horizon must be a positive number of periods, got {horizon}")
            end = t_last + count * step
        else:
            end = axis.horizon_time(horizon, "predict")
        count = int(np.floor((end - t_last) / step + 1e-9))
        if count < 1:
            raise ValueError(f"predict: the horizon ends before the next period ({axis.label(end)})")
        freq = None
        if isinstance(axis.index, pd.DatetimeIndex):
            freq = axis.index.freq or (pd.infer_freq(axis.index) if len(axis.index) >= 3 else None)
        if freq is not None:
            dates = pd.date_range(axis.index[last], periods=count + 1, freq=freq)[1:]
            t_new = np.array([axis.to_time(d, "predict") for d in dates])
            pos_new = last + np.arange(1, count + 1, dtype=np.int64)
            return t_new, pos_new, list(dates)
        t_new = t_last + step * np.arange(1, count + 1)
        return t_new, last + np.arange(1, count + 1, dtype=np.int64), [axis.label(v) for v in t_new]

    def predict(self, horizon: Any = None, *, at: Any = None, kind: str = "prediction",
                conf: Optional[float] = None) -> pd.DataFrame:
        """Project the trend: a prediction interval for future values, or the trend line's confidence band.

        Parameters
        ----------
        horizon : int, date, "2Y", Timedelta or float, optional
            An int: that many periods after the last observation. Otherwise predict every period up to this
            date/offset (or this value of x without dates); default two years, or the data's own length
            without dates.
        at : dates or times, optional
            Predict at these instead.
        kind : {"prediction", "mean"}
            ``"prediction"``: an interval for the value that will be observed, from the AR-error best linear
            predictor x'b + phi^h u_T (Goldberger 1962) with variance d'Vd + sigma^2 (1 - phi^2h) / (1 - phi^2),
            d = x_{T+h} - phi^h x_T (for an AR(p) error model the p-lag recursion and its psi weights); when the
            fit was bootstrapped (persistent errors) the interval comes from bootstrap future paths, so the
            uncertainty of the AR coefficients is included. ``"mean"``: the fitted trend line
            x'b with its confidence band, which is NOT a forecast interval.
        conf : float, optional

        Returns
        -------
        pandas.DataFrame
            ``estimate``, ``low``, ``high`` (original units when ``log=True``: exp of the log-scale values, so
            the median, not the mean), indexed by date (or t).

        Examples
        --------
        >>> import numpy as np, pandas as pd, uptake
        >>> idx = pd.date_range("2022-01-03", periods=104, freq="W-MON")
        >>> y = pd.Series(np.exp(7 + 0.01 * np.arange(104)), index=idx)
        >>> p = uptake.ols_trend(y, log=True).predict("26W")
        >>> len(p), list(p.columns)
        (26, ['estimate', 'low', 'high'])
        """
        if kind not in ("prediction", "mean"):
            raise ValueError(f"predict: kind must be 'prediction' or 'mean', got {kind!r}")
        conf = self.conf if conf is None else float(conf)
        t_new, pos_new, labels = self._future_times(horizon, at)
        Xnew, _ = _core.trend_design([float(v) for v in t_new], self.settings["intervention_terms"])
        X, target, ok = self._design()
        pos = np.flatnonzero(ok).astype(np.int64)
        if self.method == "pw":
            s = self.settings
            r = _core.prais_winsten_predict(X[ok], target[ok], pos.tolist(), None, True, s["bootstrap"],
                                            s["replications"], s["seed"], conf, Xnew, pos_new.tolist(),
                                            s.get("ar_order", 1))
            est, low, high = r["estimate"], r["low"], r["high"]
            if kind == "mean":
                est, low, high = Xnew @ self._params, r["mean_low"], r["mean_high"]
        else:
            est, low, high = self._ols_prediction(X[ok], Xnew, pos, pos_new, kind, conf)
        back = np.exp if self.log else np.asarray
        out = pd.DataFrame({"estimate": back(est), "low": back(low), "high": back(high)}, index=labels)
        out.attrs["kind"] = kind
        out.attrs["conf"] = conf
        return out

    def _design(self) -> tuple:
        X, _ = _core.trend_design(self.axis.t.tolist(), self.settings["intervention_terms"])
        ok = _observed(self.axis)
        y = self.axis.y
        target = np.log(y, where=ok, out=np.full_like(y, np.nan)) if self.log else y
        return X, target, ok

    def _ols_prediction(self, X: np.ndarray, Xnew: np.ndarray, pos: np.ndarray, pos_new: np.ndarray, kind: str,
                        conf: float) -> tuple:
        """AR(1)-error prediction around an OLS fit: phi from its residuals, V from the chosen covariance."""
        beta, V = self._params, self._cov
        q = self._trend_crit(conf)
        line = Xnew @ beta
        if kind == "mean":
            se = np.sqrt(np.maximum(np.einsum("ij,jk,ik->i", Xnew, V, Xnew), 0.0))
            return line, line - q * se, line + q * se
        resid = self._resid[_observed(self.axis)]
        phi = float(self.diagnostics["phi"])
        k = X.shape[1]
        sigma2 = (1 - phi * phi) * float(np.sum(resid ** 2)) / (len(resid) - k)
        h = (pos_new - pos[-1]).astype(float)
        ph = np.where(h > 0, phi ** np.maximum(h, 0), 0.0)
        est = line + ph * resid[-1]
        d = Xnew - ph[:, None] * X[-1][None, :]
        var = np.einsum("ij,jk,ik->i", d, V, d) + sigma2 * (1 - ph ** 2) / (1 - phi * phi)
        se = np.sqrt(np.maximum(var, 0.0))
        return est, est - q * se, est + q * se

    # ------------------------------------------------------------------ reporting

    def _method_line(self) -> str:
        d = self.diagnostics
        q = self._trend_crit()
        if self.method == "pw":
            how = (f"bootstrap-t critical value {q:.3f} (B={d['replications']}, seed {d['seed']})"
                   if d.get("bootstrapped") else f"t({self.df_resid}) critical value {q:.3f}")
            rule = d.get("ar_order_rule", "fixed")
            order = f"AR({d.get('ar_order', 1)}) errors" + (
                "" if rule == "fixed" else f" ({rule[len('fixed ('):-1]})" if rule.startswith("fixed (")
                else f" (order by {rule.upper()})")
            return f"{_METHOD_LABELS['pw']}, {order}, coefficients fixed at the bias-corrected estimates, {how}"
        if self.method == "nw":
            return f"{_METHOD_LABELS['nw']}, Bartlett maxlags={self.maxlags}, critical value {q:.3f}"
        if self.method == "hac":
            return (f"{_METHOD_LABELS['hac']} ({d['kernel']} kernel, {d['bandwidth_rule']} bandwidth "
                    f"{d['bandwidth']:.3g}{', VAR(1) prewhitened' if d['prewhite'] else ''}), critical value {q:.3f}")
        if self.method == "fixed-b":
            return (f"{_METHOD_LABELS['fixed-b']} (Bartlett, b={d['b']:.2f}, M={d['bandwidth']:.1f}), "
                    f"fixed-b trend critical value {q:.3f}")
        return f"{_METHOD_LABELS['classical']}, critical value {q:.3f}"

    def summary(self) -> str:
        ci = self.conf_int()
        d = self.diagnostics
        lines = [f"Trend regression ({'log-linear' if self.log else 'linear'}), n={self.nobs}",
                 f"method: {self._method_line()}"]
        if d.get("ar_order", 1) > 1:
            coef = ", ".join(f"{c:.3f}" for c in d["ar_coef"])
            lines.append(f"residual autocorrelation: lag-1 phi^={d['phi_hat']:.3f}; AR({d['ar_order']}) "
                         f"bias-corrected coefficients {coef}, persistence (their sum) phi~={d['phi']:.3f}, "
                         f"half-life {d['half_life']:.3g} periods")
        else:
            lines.append(f"residual autocorrelation: phi^={d['phi_hat']:.3f}, bias-corrected phi~={d['phi']:.3f}, "
                         f"half-life {d['half_life']:.3g} periods")
        if d.get("near_unit_root"):
            lines.append(f"WARNING near-unit-root (phi~ >= {NEAR_UNIT_ROOT}): intervals are approximate and "
                         "projections unreliable")
        lines.append(f"{'term':<18}{'coef':>12}{'std err':>12}{'p':>10}{'low':>12}{'high':>12}")
        for term in self.params.index:
            lines.append(f"{term:<18}{self.params[term]:>12.5g}{self.bse[term]:>12.4g}{self.pvalues[term]:>10.3g}"
                         f"{ci.loc[term, 'low']:>12.5g}{ci.loc[term, 'high']:>12.5g}")
        if self.log:
            g = self.growth_per_year or self.growth_per_period
            label = "growth per year" if self.growth_per_year else "growth per period"
            lines.append(f"{label}: {g.value:+.1%} [{g.low:+.1%}, {g.high:+.1%}] ({self.conf:.0%} interval)")
            dt = self.doubling_time
            lines.append(f"doubling time: {dt.value:.3g} [{dt.low:.3g}, {dt.high:.3g}] "
                         f"{'years' if self.axis.per_year else 'periods'}")
        return "\n".join(lines)

    def plot(self, ax: Any = None, *, horizon: Any = None, **kwargs: Any) -> Any:
        """Data, fitted trend and its confidence band (original units); with ``horizon``, also the projection
        with its prediction interval. Returns the Axes."""
        plt = _mpl.pyplot()
        if ax is None:
            _, ax = plt.subplots(figsize=(8, 4))
        frame = self.to_frame()
        x = self.axis.index if self.axis.index is not None else self.axis.t
        back = np.exp if self.log else (lambda v: v)
        ax.plot(x, self.axis.y, color="#999999", lw=0.8, label="observed")
        ax.plot(x, back(frame["fitted"]), color=_mpl.PALETTE[0], lw=2, label="trend", **kwargs)
        ax.fill_between(x, back(frame["fitted_low"]), back(frame["fitted_high"]), color=_mpl.PALETTE[0], alpha=0.2,
                        label=f"{self.conf:.0%} band for the trend line")
        if horizon is not None:
            p = self.predict(horizon)
            ax.plot(p.index, p["estimate"], color=_mpl.PALETTE[0], lw=1.5, ls="--", label="projection")
            ax.fill_between(p.index, p["low"], p["high"], color=_mpl.PALETTE[1], alpha=0.15,
                            label=f"{self.conf:.0%} prediction interval")
        _mpl.thousands(ax)
        ax.legend(frameon=False)
        return ax


def _choose_method(cov: Optional[str], maxlags: Optional[int]) -> str:
    if cov is None:
        return "nw" if maxlags is not None else "pw"
    if cov not in COV_METHODS:
        raise ValueError(f"ols_trend: cov must be one of {', '.join(map(repr, COV_METHODS))}, got {cov!r}")
    if maxlags is not None and cov != "nw":
        raise ValueError(f"ols_trend: maxlags applies to cov='nw' only, got cov={cov!r}")
    return cov


def _bootstrap_mode(bootstrap: Any) -> str:
    if bootstrap is True:
        return "always"
    if bootstrap is False:
        return "never"
    if bootstrap not in ("auto", "always", "never"):
        raise ValueError(f"ols_trend: bootstrap must be 'auto', True or False, got {bootstrap!r}")
    return str(bootstrap)


def ols_trend(
    y: Any,
    x: Any = None,
    *,
    log: bool = False,
    cov: Optional[str] = None,
    maxlags: Optional[int] = None,
    correction: bool = True,
    interventions: Any = None,
    conf: float = 0.95,
    periods_per_year: Optional[float] = None,
    use_t: bool = True,
    kernel: str = "qs",
    bandwidth: Union[str, float] = "andrews",
    prewhite: bool = True,
    b: float = 0.5,
    bootstrap: Union[str, bool] = "auto",
    replications: int = 999,
    seed: int = 12,
    ar_order: Union[str, int] = "bic",
) -> OlsTrendResult:
    """Linear trend with intervals that stay honest when the errors are autocorrelated.

    Weekly adoption series are persistent: with the classic Newey-West interval (Bartlett kernel, 4 lags) a
    nominal 95% slope interval covers about 70% of the time when the lag-1 autocorrelation is 0.8. The
    default here models the errors instead: an AR(p) error model with p chosen by BIC (at most
    floor(4 (n/100)^(2/9)); mostly p = 1), Prais-Winsten-type GLS with the AR coefficients corrected for their
    small-sample bias (AR(1): phi~ = phi^ + (2 + 4 phi^)/n; AR(p): the bias simulated at the fitted model,
    Kilian 1998), Student t critical values, and a parametric AR(p) bootstrap-t when the persistence (phi~, or
    the sum of the AR coefficients) exceeds 0.7. Its coverage and width, measured by ``bench/coverage.py``
    (README), are close to nominal at about the width the true covariance implies for AR(1) errors with
    phi <= 0.9 and n >= 104 and for ARMA(1,1) errors, where one AR(1) coefficient overstates the persistence.
    The AR model lives on consecutive rows; missing (NaN) rows are gaps, and with gaps the model is AR(1).

    Parameters
    ----------
    y : array-like or pandas.Series
        The series; NaN rows are dropped (their time positions are kept for the others).
    x : array-like, optional
        Time values. Default: days since the first date for a DatetimeIndex, else 0..n-1.
    log : bool
        Fit log(y) (y > 0): the slope is a growth rate; ``growth_per_year`` and ``doubling_time`` follow.
    cov : {"pw", "nw", "hac", "fixed-b", "classical"}, optional
        ``"pw"`` (default): Prais-Winsten FGLS as above. ``"nw"``: OLS with Newey-West (Bartlett) HAC and
        ``maxlags`` lags, exactly as Stata's ``newey``, statsmodels' HAC and R's ``NeweyWest(prewhite=FALSE)``
        (the default when ``maxlags`` is given). ``"hac"``: OLS with a kernel HAC as R's ``sandwich::kernHAC``
        (``kernel``, ``bandwidth``, ``prewhite``; ``correction`` is sandwich's ``adjust``). ``"fixed-b"``: OLS
        with a Bartlett HAC of bandwidth b n and fixed-b critical values for a trend slope (a model-free
        cross-check). ``"classical"``: i.i.d. errors.
    maxlags : int, optional
        HAC truncation lag for ``cov="nw"``; default floor(4 (n/100)^(2/9)) as statsmodels.
    correction : bool
        Multiply the HAC covariance by n/(n-k), as Stata's ``newey`` and statsmodels' ``use_correction``.
    interventions : date, list of dates, or mapping name -> date or (date, "level"|"slope"|"both")
        Known-date events (a Covid slump, a data-source break) modelled as a level shift and/or a slope change
        instead of being absorbed by the trend. They work with every ``cov``.
    conf : float
        Confidence level of intervals.
    periods_per_year : float, optional
        Units of t per year when there are no dates (e.g. 12 for monthly positions), for ``growth_per_year``.
    use_t : bool
        OLS methods: Student t with n-k df (Stata); False uses the normal (statsmodels default).
    kernel : {"qs", "bartlett", "parzen", "tukey-hanning", "truncated"}
        ``cov="hac"`` kernel.
    bandwidth : "andrews", "neweywest" or float
        ``cov="hac"`` bandwidth: Andrews (1991) AR(1) plug-in, Newey-West (1994), or a given M.
    prewhite : bool
        ``cov="hac"``: VAR(1) prewhitening of the scores.
    b : float
        ``cov="fixed-b"`` bandwidth as a fraction of n, in (0, 1]; critical values tabulated for conf 0.10-0.999.
    bootstrap : "auto", True or False
        ``cov="pw"``: bootstrap-t critical values when phi~ > 0.7 ("auto"), always, or never.
    replications, seed : int
        Bootstrap size and seed (stored in ``diagnostics``; the same seed gives the same interval).
    ar_order : "bic", "aic" or int
        ``cov="pw"``: order of the AR error model, chosen by BIC (default) or AIC among 1..floor(4 (n/100)^(2/9)),
        or fixed (``ar_order=1`` is classic Prais-Winsten with the analytic bias correction).

    Returns
    -------
    OlsTrendResult

    Examples
    --------
    >>> import numpy as np, pandas as pd, uptake
    >>> idx = pd.date_range("2020-01-01", periods=48, freq="MS")
    >>> y = pd.Series(1000 * 1.02 ** np.arange(48), index=idx)
    >>> res = uptake.ols_trend(y, log=True)
    >>> round(res.growth_per_year.value, 2)
    0.27
    """
    check_level(conf, "ols_trend", "conf")
    if maxlags is not None and (isinstance(maxlags, bool) or not isinstance(maxlags, (int, np.integer)) or maxlags < 0):
        raise ValueError(f"ols_trend: maxlags must be a non-negative integer, got {maxlags!r}")
    if periods_per_year is not None and not (math.isfinite(float(periods_per_year)) and periods_per_year > 0):
        raise ValueError(f"ols_trend: periods_per_year must be a positive number, got {periods_per_year}")
    method = _choose_method(cov, maxlags)
    boot = _bootstrap_mode(bootstrap)
    if isinstance(ar_order, str):
        if ar_order not in ("bic", "aic"):
            raise ValueError(f"ols_trend: ar_order must be 'bic', 'aic' or a positive integer, got {ar_order!r}")
    elif isinstance(ar_order, bool) or not isinstance(ar_order, (int, np.integer)) or ar_order < 1:
        raise ValueError(f"ols_trend: ar_order must be 'bic', 'aic' or a positive integer, got {ar_order!r}")
    ar_order = ar_order if isinstance(ar_order, str) else int(ar_order)
    axis = time_axis(y, x, "ols_trend", periods_per_year)
    ok = _observed(axis) if log or method == "pw" else None
    if log:
        bad = ok & ~(axis.y > 0)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise ValueError(f"ols_trend: log=True needs positive values; {axis.y[i]} at position {i}")
    if ok is not None and ok.sum() < 3:
        raise ValueError(f"ols_trend: needs at least 3 observed values, got {int(ok.sum())}")
    ivs = _interventions(interventions, axis)
    settings: Dict[str, Any] = {"correction": bool(correction), "use_t": bool(use_t),
                                "interventions": [i[0] for i in ivs], "intervention_terms": ivs,
                                "bootstrap": boot, "replications": int(replications), "seed": int(seed),
                                "ar_order": ar_order}
    if method == "pw":
        X, names = _core.trend_design(axis.t.tolist(), ivs)
        target = np.log(axis.y, where=ok, out=np.full_like(axis.y, np.nan)) if log else axis.y
        pos = np.flatnonzero(ok).astype(np.int64)
        Xo, yo = X[ok], target[ok]
        n, k = Xo.shape
        if n < k + 3:
            method = "nw"  # too short to estimate an error model: the exact-fit/HAC path reports what it can
    if method != "pw":
        return _ols_methods(axis, ivs, method, maxlags, bool(correction), bool(use_t), float(conf), bool(log), kernel,
                            bandwidth, bool(prewhite), float(b), settings)
    diag: Dict[str, Any] = {}
    if method == "pw":
        fit = _core.prais_winsten(Xo, yo, pos.tolist(), None, True, boot, int(replications), int(seed), float(conf),
                                  ar_order)
        params, V = fit["params"], fit["cov"]
        bse = np.sqrt(np.diag(V))
        crit = np.asarray(fit["crit"])
        tvals = np.divide(params, bse, out=np.full_like(params, np.nan), where=bse > 0)
        if fit["bootstrapped"]:
            tau = np.asarray(fit["abs_tau"])
            pvals = (1 + (tau >= np.abs(tvals)[None, :]).sum(axis=0)) / (tau.shape[0] + 1)
            settings["abs_tau"] = tau
        else:
            pvals = np.array([_core.two_sided_p(float(v), n - k) for v in tvals])
        # With missing rows the core fits AR(1) on the irregular grid whatever the rule (order selection needs
        # consecutive rows): say so rather than "order by BIC".
        gaps = bool(np.any(np.diff(pos) > 1))
        rule = ("fixed (AR(1): missing rows)" if gaps else ar_order) if isinstance(ar_order, str) else "fixed"
        diag.update(phi_hat=float(fit["phi_hat"]), phi=float(fit["phi"]), sigma=float(fit["sigma"]),
                    bootstrapped=bool(fit["bootstrapped"]), replications=int(fit["replications"]),
                    seed=int(fit["seed"]) if fit["bootstrapped"] else None, ar_order=int(fit["ar_order"]),
                    ar_order_rule=rule,
                    ar_coef=[float(c) for c in fit["ar_coef"]], half_life=float(fit["half_life"]))
        lags = 0
    if "half_life" not in diag:
        diag["half_life"] = _half_life(diag["phi"])
    diag["near_unit_root"] = bool(diag["phi"] >= NEAR_UNIT_ROOT)
    fitted = np.full(len(axis.y), np.nan)
    resid = np.full(len(axis.y), np.nan)
    fitted_se = np.full(len(axis.y), np.nan)
    fitted[ok] = Xo @ params
    resid[ok] = yo - fitted[ok]
    fitted_se[ok] = np.sqrt(np.maximum(np.einsum("ij,jk,ik->i", Xo, V, Xo), 0.0))
    return OlsTrendResult(names, np.asarray(params, dtype=float), bse, tvals, pvals, np.asarray(V), fitted, resid,
                          fitted_se, int(n), int(n - k), lags, float(conf), bool(log), axis, settings, method,
                          np.asarray(crit, dtype=float), diag)


def _ols_methods(axis: TimeAxis, ivs: list, method: str, maxlags: Optional[int], correction: bool, use_t: bool,
                 conf: float, log: bool, kernel: str, bandwidth: Union[str, float], prewhite: bool, b: float,
                 settings: Dict[str, Any]) -> OlsTrendResult:
    """The OLS-based methods: one call into the core does the fit, covariance, intervals and diagnostics."""
    rule, M = (bandwidth, 0.0) if isinstance(bandwidth, str) else ("fixed", float(bandwidth))
    names, terms, V, n, df_resid, lags, hac_lags, bw, phi_hat, phi = _core.ols_trend_fit(
        axis.y, axis.t, ivs, method, -1 if maxlags is None else int(maxlags), correction, use_t, conf, log, kernel,
        rule, M, prewhite, b)
    diag: Dict[str, Any] = {}
    if method == "hac":
        diag.update(kernel=kernel, bandwidth_rule=rule, prewhite=prewhite)
    elif method == "fixed-b":
        diag.update(b=b)
    if method in ("hac", "fixed-b"):
        diag.update(bandwidth=bw, lags=hac_lags)
    diag.update(phi_hat=phi_hat, phi=phi, half_life=_half_life(phi), near_unit_root=phi >= NEAR_UNIT_ROOT)
    params, bse, tvals, pvals, crit = terms
    return OlsTrendResult(names, params, bse, tvals, pvals, V, None, None, None, n, df_resid, lags, conf, log, axis,
                          settings, method, crit, diag)


# --------------------------------------------------------------------------------------------- Theil-Sen

@dataclass(frozen=True, repr=False)
class TheilSenResult(Summarized):
    """Theil-Sen slope (median of pairwise slopes) with Sen's interval; intercept per scipy's ``method``."""

    slope: float
    intercept: float
    low: float
    high: float
    n: int
    conf: float
    axis: TimeAxis = field(repr=False)

    def summary(self) -> str:
        unit = "per day" if self.axis.origin is not None else "per unit of x"
        return (f"Theil-Sen slope {self.slope:.6g} {unit} [{self.low:.6g}, {self.high:.6g}] "
                f"({self.conf:.0%} Sen interval), intercept {self.intercept:.6g}, n={self.n}")

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        plt = _mpl.pyplot()
        if ax is None:
            _, ax = plt.subplots(figsize=(8, 4))
        x = self.axis.index if self.axis.index is not None else self.axis.t
        ax.plot(x, self.axis.y, ".", color="#999999", ms=3, label="observed")
        ax.plot(x, self.intercept + self.slope * self.axis.t, color=_mpl.PALETTE[1], lw=2, label="Theil-Sen", **kwargs)
        _mpl.thousands(ax)
        ax.legend(frameon=False)
        return ax


def _ar_error_fit(resid: np.ndarray) -> Optional[dict]:
    """The BIC-chosen, bias-corrected AR(p) model of residuals in row order (as ``ols_trend``: ``ar_coef``,
    ``ar_coef_hat``); None when too short or exactly constant."""
    n = len(resid)
    if n < 5 or not np.ptp(resid) > 0:
        return None
    X = np.column_stack([np.ones(n), np.arange(n, dtype=float)])
    return _core.prais_winsten(X, resid, list(range(n)), None, True, "never", 999, 12, 0.95, "bic")


def _long_run_factor(resid: np.ndarray) -> float:
    """n / n_eff of residuals (in row order) under the BIC-chosen, bias-corrected AR(p) model; 1 when too short
    or exactly constant."""
    fit = _ar_error_fit(resid)
    return 1.0 if fit is None else max(float(_core.ar_long_run_ratio(np.asarray(fit["ar_coef"]))), 1.0)


_SEN_BOOTSTRAP_PERSISTENCE = 0.7  # as ols_trend's bootstrap-t


def _sen_variance_factor(x: np.ndarray, resid: np.ndarray, conf: float) -> float:
    """Factor on Var(S) for ``theil_sen(correction="ess")``: the slope's AR(p) design effect for this window
    (``_core.ar_slope_design_effect``), times (c / z)^2 when a persistence above 0.7 calls for the sieve-bootstrap
    critical value c (``_core.sen_bootstrap_critical``) instead of the normal z; 1 when too short or constant."""
    fit = _ar_error_fit(resid)
    if fit is None:
        return 1.0
    coef = np.asarray(fit["ar_coef"])
    x = np.asarray(x, dtype=float)
    factor = float(_core.ar_slope_design_effect(coef, x))
    if coef.sum() > _SEN_BOOTSTRAP_PERSISTENCE and len(x) >= 2 * len(coef) + 4 and np.all(np.diff(x) > 0):
        z = statistics.NormalDist().inv_cdf(0.5 + conf / 2)
        crit = float(_core.sen_bootstrap_critical(x, coef, np.asarray(fit["ar_coef_hat"]) - coef, conf, 499, 12))
        factor *= (crit / z) ** 2
    return factor


def theil_sen(y: Any, x: Any = None, *, conf: float = 0.95, method: str = "separate",
              correction: Optional[str] = None) -> TheilSenResult:
    """Theil-Sen robust slope with Sen's (1968) confidence interval, exactly as ``scipy.stats.theilslopes``.

    The median of all pairwise slopes is found exactly in O(n log n) expected time (pairs are counted, never
    listed), so 20 years of daily data take milliseconds. Ties in x and y are handled as scipy does; pairs
    with equal x are not slopes. ``conf`` is the confidence level (scipy's ``alpha`` argument).

    Parameters
    ----------
    y : array-like or pandas.Series
        NaN values are dropped.
    x : array-like, optional
        Default: days since the first date for a DatetimeIndex, else 0..n-1.
    conf : float
    method : {"separate", "joint"}
        Intercept: median(y) - slope median(x), or median(y - slope x).
    correction : {None, "ess"}
        Sen's plain interval assumes independent errors: it is valid for residuals without serial correlation
        (e.g. yearly totals) and too narrow for weekly or daily adoption data, whose errors persist (coverage
        ~0.78 instead of 0.95 at AR(1) 0.5, n = 50). "ess" inflates Var(S) by the design effect of the slope:
        its variance under the AR(p) model that ``ols_trend`` fits to the Sen-detrended residuals (order by BIC,
        bias-corrected coefficients) over its variance under independence, computed for this window (not the
        long-run ratio (1 + phi) / (1 - phi), which a window shorter than the errors' memory does not reach:
        at AR(1) 0.95 and n = 104 it is 20, not 39) and never decreasing as the persistence grows; at least 1.
        When the persistence (sum of the AR coefficients) exceeds 0.7, the normal critical value is replaced by
        an AR(p) sieve-bootstrap one (499 replicates, seed 12), which allows for the noise in the estimated
        persistence. Rows are taken as consecutive and the slope itself is unchanged. Coverage by
        ``bench/coverage_kernels.py`` (README): 0.91-0.96 for n >= 104 up to phi = 0.95, at most about 1.5
        times the width that the true covariance implies.

    Examples
    --------
    >>> import uptake
    >>> r = uptake.theil_sen([9, 15, 19, 20, 45, 55, 78], x=[1, 2, 3, 4, 10, 12, 18], conf=0.93)
    >>> r.slope, round(r.low, 4), r.high
    (4.0, 3.7143, 4.375)
    """
    check_level(conf, "theil_sen", "conf")
    axis = time_axis(y, x, "theil_sen")
    ok = _observed(axis)
    if not (correction is None or (isinstance(correction, str) and correction == "ess")):
        raise ValueError(f"theil_sen: correction must be None or 'ess', got {correction!r}")
    factor = 1.0
    if correction == "ess":
        plain = _core.theil_sen(axis.t[ok], axis.y[ok], float(conf), method)
        resid = axis.y[ok] - plain["slope"] * axis.t[ok]
        factor = _sen_variance_factor(axis.t[ok], resid, float(conf))
    r = _core.theil_sen(axis.t[ok], axis.y[ok], float(conf), method, factor)
    return TheilSenResult(r["slope"], r["intercept"], r["low"], r["high"], int(r["n"]), float(conf), axis)


# --------------------------------------------------------------------------------------------- Mann-Kendall

@dataclass(frozen=True, repr=False)
class MannKendallResult(Summarized):
    """Mann-Kendall test: S, Var(S) (after any correction), z, two-sided p, Kendall's tau-a, Sen's slope."""

    s: float
    var_s: float
    z: float
    p: float
    tau: float
    slope: float
    intercept: float
    n: int
    correction: Optional[str]
    lags: int
    variance_factor: float
    variance_factor_floored: bool
    seasonal_period: Optional[int]
    alpha: float

    @property
    def trend(self) -> str:
        """"increasing", "decreasing" or "no trend" at level ``alpha``."""
        if self.p >= self.alpha:
            return "no trend"
        return "increasing" if self.z > 0 else "decreasing"

    def summary(self) -> str:
        kind = "seasonal " if self.seasonal_period else ""
        lines = [f"{kind}Mann-Kendall test (n={self.n}): {self.trend} at {self.alpha:g}",
                 f"  S={self.s:.6g}, Var(S)={self.var_s:.6g}, z={self.z:.4g}, p={self.p:.4g}, tau={self.tau:.4g}",
                 f"  Sen's slope {self.slope:.6g}"]
        if self.correction:
            floored = " (floored at 1)" if self.variance_factor_floored else ""
            lines.append(f"  {self.correction} correction, {self.lags} lags: variance x {self.variance_factor:.4g}"
                         f"{floored}")
        return "\n".join(lines)


def mann_kendall(
    y: Any,
    *,
    correction: Optional[str] = None,
    lags: Optional[int] = None,
    seasonal_period: Optional[int] = None,
    floor: bool = True,
    alpha: float = 0.05,
) -> MannKendallResult:
    """Mann-Kendall monotone-trend test, optionally corrected for autocorrelation or seasonal.

    S counts concordant minus discordant pairs (ties neither) in O(n log n); Var(S) has the tie correction;
    z uses the continuity correction; p is two-sided. Missing values are dropped and the remaining values
    keep their original positions (also when detrending for a correction).

    Parameters
    ----------
    y : array-like or pandas.Series
    correction : {None, "hamed_rao", "yue_wang"}
        Inflate Var(S) by n/n* from the autocorrelation of the Sen-detrended ranks (Hamed & Rao 1998, only
        significant lags) or values (Yue & Wang 2004).
    lags : int, optional
        Autocorrelation lags used by the correction; default 3 (Hamed & Rao recommend few). Using all lags on
        seasonal data can *deflate* the variance: deseasonalize first.
    seasonal_period : int, optional
        Seasonal (Hirsch) test: S and Var(S) summed over the cycle positions; ``slope`` is the seasonal Sen
        slope per cycle.
    floor : bool
        Floor n/n* at 1 so a correction never makes the test more significant (reported when it applies).
    alpha : float
        Level used for ``.trend``.

    Examples
    --------
    >>> import uptake
    >>> r = uptake.mann_kendall([1, 3, 2, 4, 5, 7, 6, 8])
    >>> r.s, r.trend
    (24.0, 'increasing')
    """
    if seasonal_period is not None and correction is not None:
        raise ValueError("mann_kendall: give either seasonal_period or correction, not both")
    check_level(alpha, "mann_kendall", "alpha")
    check_int(lags, "mann_kendall", "lags", 1, 10_000)
    values = _regular_positions(y, "mann_kendall")
    check_int(seasonal_period, "mann_kendall", "seasonal_period", 2, max(2, len(values) // 2))
    if seasonal_period is not None:
        r = _core.seasonal_mann_kendall(values, int(seasonal_period))
        ok = ~np.isnan(values)
        positions = np.flatnonzero(ok)
        # Conover intercept in cycles: median(y) - (median position / period) * slope (pyMannKendall).
        r["intercept"] = float(np.median(values[ok]) - np.median(positions) / seasonal_period * r["slope"])
    else:
        r = _core.mann_kendall(values, correction or "none", 3 if lags is None else int(lags), bool(floor), float(alpha))
    return MannKendallResult(
        s=r["s"], var_s=r["var_s"], z=r["z"], p=r["p"], tau=r["tau"], slope=r["slope"], intercept=r["intercept"],
        n=int(r["n"]), correction=correction, lags=int(r["lags"]), variance_factor=r["variance_factor"],
        variance_factor_floored=bool(r["variance_factor_floored"]), seasonal_period=seasonal_period,
        alpha=float(alpha))


# --------------------------------------------------------------------------------------------- change points

@dataclass(frozen=True, repr=False)
class ChangepointResult(Summarized):
    """Detected change points.

    Attributes
    ----------
    breakpoints : list of int
        Position of the first observation of each new segment.
    dates : list
        The index labels at those positions (dates for a dated series).
    segments : pandas.DataFrame
        ``start``, ``end`` (labels), ``n``, and ``mean`` (cost "mean") or ``intercept``/``slope`` (cost "linear").
    penalty : float
        The penalty per change that was used (the BIC rule's value when penalty="bic").
    noise : str
        The noise model that scaled a rule's penalty ("long-run" or "white").
    scale : float
        The robust noise sigma the rule's penalty was scaled by (0 for a numeric penalty).
    """

    breakpoints: List[int]
    dates: list
    segments: pd.DataFrame
    penalty: float
    cost: float
    method: str
    cost_kind: str
    axis: TimeAxis = field(repr=False)
    noise: str = "long-run"
    scale: float = float("nan")

    def summary(self) -> str:
        scaled = f" ({self.noise} noise sigma {self.scale:.4g})" if self.scale > 0 else ""
        lines = [f"{len(self.breakpoints)} change point(s) by {self.method.upper()} ({self.cost_kind} cost), "
                 f"penalty {self.penalty:.4g}{scaled}, total cost {self.cost:.6g}"]
        lines.append(self.segments.to_string())
        return "\n".join(lines)

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        """The series with each segment's fit and vertical lines at the change points; returns the Axes."""
        plt = _mpl.pyplot()
        if ax is None:
            _, ax = plt.subplots(figsize=(8, 4))
        x = np.asarray(self.axis.index if self.axis.index is not None else self.axis.t)
        ax.plot(x, self.axis.y, color="#999999", lw=0.8)
        bounds = [0, *self.breakpoints, len(self.axis.y)]
        for (a, b), (_, seg) in zip(zip(bounds[:-1], bounds[1:]), self.segments.iterrows()):
            t = self.axis.t[a:b]
            line = seg["mean"] + 0 * t if "mean" in seg else seg["intercept"] + seg["slope"] * t
            ax.plot(x[a:b], line, color=_mpl.PALETTE[1], lw=2, **kwargs)
        for d in self.dates:
            ax.axvline(d, color=_mpl.PALETTE[1], ls="--", lw=1)
        _mpl.thousands(ax)
        return ax


def changepoints(
    y: Any,
    *,
    method: str = "pelt",
    cost: str = "mean",
    penalty: Union[str, float] = "mbic",
    min_size: Optional[int] = None,
    noise: str = "long-run",
) -> ChangepointResult:
    """Find change points in the level ("mean") or the trend ("linear") of a series.

    PELT is exact: every index is a candidate (unlike ruptures' default ``jump=5``), and the result is the
    partition minimising total least-squares cost + penalty x number of changes. Binary segmentation is the
    fast greedy alternative. Missing values must be filled or dropped first.

    Parameters
    ----------
    y : array-like or pandas.Series
    method : {"pelt", "binseg"}
    cost : {"mean", "linear"}
        Piecewise-constant mean, or a separate straight line per segment.
    penalty : "mbic", "bic" or float
        Cost of one more change, in units of sigma^2 log(n) with sigma the robust noise scale chosen by
        ``noise``, so results do not depend on units. "mbic" (default): parameters per segment + 2, the main
        term of R changepoint's default MBIC; "bic": parameters + 1, which on white noise adds a spurious change
        in about 1 of 8 series of 100 points (MBIC: 1 in 100; measured). A float is used as given (``noise``
        then plays no part).
    min_size : int, optional
        Shortest segment; default 2 for "mean", 3 for "linear".
    noise : {"long-run", "white"}
        What sigma scales a "mbic"/"bic" penalty. Both start from 10%-trimmed, bias-corrected means of squared
        first and second differences, which a few jumps do not move.

        - "long-run" (default): the long-run standard deviation (square root of the sum of all
          autocovariances) of AR(1)-like noise, its persistence phi read from the ratio of the second- to the
          first-difference variance (capped at 0.95); for "linear" the series is first detrended by the median
          first difference. Under autocorrelated noise the cost a spurious split saves grows with the long-run
          variance, not the white-noise one, so this keeps the false-change rate low on persistent series (daily
          adoption series, even seasonally adjusted, have phi 0.5-0.9). On white noise it equals "white" up
          to estimation noise. The price: a change must be larger, in long-run units, to be found, and a change
          of slope left in the detrended differences raises the scale.
        - "white": the noise sd as if the noise were independent (from first differences for "mean", second for
          "linear", so a steep trend does not inflate it): the behaviour before ``noise`` existed, kept exactly.
          Right only for independent noise: with phi >= 0.5 it finds spurious changes in nearly every series.

        The README's change-point table (``bench/changepoints.py``) gives the measured rates.

    For a known date (a Covid slump, a data-source change) use ``ols_trend(..., interventions=...)``: detection
    is for unknown breaks, and testing a break found on the same data needs care.

    Examples
    --------
    >>> import numpy as np, uptake
    >>> y = np.r_[np.zeros(50), np.full(50, 5.0)] + np.random.default_rng(0).normal(size=100)
    >>> uptake.changepoints(y).breakpoints
    [50]

    Persistent noise (AR(1), phi 0.8) without any change: the white-noise penalty cuts it into many segments,
    the long-run one (here) into none.

    >>> e = np.random.default_rng(1).normal(size=730)
    >>> u = np.zeros(730)
    >>> for i in range(1, 730):
    ...     u[i] = 0.8 * u[i - 1] + e[i]
    >>> len(uptake.changepoints(u, noise="white").breakpoints) > 5, uptake.changepoints(u).breakpoints
    (True, [])
    """
    if not isinstance(penalty, str) and not (isinstance(penalty, (int, float, np.integer, np.floating))
                                             and not isinstance(penalty, bool)
                                             and 0 <= float(penalty) < float("inf")):
        raise ValueError(f"changepoints: penalty must be >= 0 and finite, or 'mbic' or 'bic'; got {penalty!r}")
    check_int(min_size, "changepoints", "min_size", 1, 10**9)
    axis = time_axis(y, None, "changepoints")
    if np.isnan(axis.y).any():
        i = int(np.flatnonzero(np.isnan(axis.y))[0])
        raise ValueError(f"changepoints: missing value at position {i}; fill or drop missing values first")
    pen: Any = penalty if isinstance(penalty, str) else float(penalty)
    size = (2 if cost == "mean" else 3) if min_size is None else int(min_size)
    r = _core.changepoints(axis.y, method, cost, pen, size, noise)
    labels = list(axis.index) if axis.index is not None else list(range(len(axis.y)))
    bounds = [0, *r["breaks"], len(axis.y)]
    rows = []
    for a, b in zip(bounds[:-1], bounds[1:]):
        row: Dict[str, Any] = {"start": labels[a], "end": labels[b - 1], "n": b - a}
        if cost == "mean":
            row["mean"] = float(np.mean(axis.y[a:b]))
        else:
            slope, intercept = np.polyfit(axis.t[a:b], axis.y[a:b], 1)
            row["intercept"], row["slope"] = float(intercept), float(slope)
        rows.append(row)
    return ChangepointResult(breakpoints=list(r["breaks"]), dates=[labels[b] for b in r["breaks"]],
                             segments=pd.DataFrame(rows), penalty=float(r["penalty"]), cost=float(r["cost"]),
                             method=method, cost_kind=cost, axis=axis, noise=noise, scale=float(r["scale"]))


# --------------------------------------------------------------------------------------------- segmented

@dataclass(frozen=True, repr=False)
class SegmentedTrendResult(Summarized):
    """A continuous piecewise-linear trend with estimated breakpoints.

    Attributes
    ----------
    breakpoints : pandas.DataFrame
        ``estimate``, ``se``, ``low``, ``high`` per break, in t units, with ``date``/``date_low``/``date_high``
        for dated series.
    slopes : pandas.DataFrame
        ``slope``, ``se``, ``low``, ``high`` per segment (per day for dated series).
    fitted : pandas.Series or numpy.ndarray
    rss : float
        Residual sum of squares of ``fitted`` (exactly).
    davies_p, davies_statistic : float
        Davies' test that there is any change in slope (H0: a straight line), as R's
        ``segmented::davies.test(lm(y ~ t))``: the breakpoint intervals mean little when this p is large. The
        p-value is Davies' upper bound and is not capped at 1 (as in R).
    """

    breakpoints: pd.DataFrame
    slopes: pd.DataFrame
    fitted: Any
    rss: float
    df_resid: int
    conf: float
    axis: TimeAxis = field(repr=False)
    davies_p: float = float("nan")
    davies_statistic: float = float("nan")

    def summary(self) -> str:
        return (f"Segmented trend with {len(self.breakpoints)} break(s), RSS {self.rss:.6g} ({self.df_resid} df)\n"
                f"Davies' test for a change in slope: max |t| {self.davies_statistic:.4g}, "
                f"p = {self.davies_p:.3g}\n"
                f"breakpoints ({self.conf:.0%} intervals):\n{self.breakpoints.to_string()}\n"
                f"slopes:\n{self.slopes.to_string()}")

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        plt = _mpl.pyplot()
        if ax is None:
            _, ax = plt.subplots(figsize=(8, 4))
        x = self.axis.index if self.axis.index is not None else self.axis.t
        ax.plot(x, self.axis.y, ".", color="#999999", ms=3)
        ax.plot(x, np.asarray(self.fitted), color=_mpl.PALETTE[0], lw=2, **kwargs)
        for _, row in self.breakpoints.iterrows():
            lo, hi = (row["date_low"], row["date_high"]) if "date" in row else (row["low"], row["high"])
            ax.axvspan(lo, hi, color=_mpl.PALETTE[1], alpha=0.15)
        _mpl.thousands(ax)
        return ax


def segmented_trend(
    y: Any,
    x: Any = None,
    *,
    n_breaks: int = 1,
    conf: float = 0.95,
    min_segment: Optional[int] = None,
) -> SegmentedTrendResult:
    """Continuous piecewise-linear trend y = a + b t + sum c_j (t - psi_j)+ with estimated breakpoints.

    The breakpoints minimise the residual sum of squares exactly (profile over every data position, then a
    continuous refinement; one break at a time, repeated until nothing moves, for several breaks). Standard
    errors come from the linearised model at the solution (Muggeo 2003, as R's ``segmented``); intervals use
    Student t with n - 2 - 2k df. Whether there is a break at all is tested by Davies' test (``davies_p``,
    reported in ``summary()``); a break is always found by the fit, even in a straight line.

    Parameters
    ----------
    y, x : as in :func:`ols_trend` (NaN rows dropped)
    n_breaks : int
    conf : float
    min_segment : int, optional
        Fewest observations in each segment (default max(3, n // 20)).

    Examples
    --------
    >>> import numpy as np, uptake
    >>> t = np.arange(100.0)
    >>> y = 10 + 0.5 * t - 0.8 * np.maximum(t - 60, 0) + np.random.default_rng(7).normal(0, 2, 100)
    >>> round(uptake.segmented_trend(y).breakpoints["estimate"].iloc[0])
    60
    """
    check_level(conf, "segmented_trend", "conf")
    check_int(n_breaks, "segmented_trend", "n_breaks", 1, 20)
    check_int(min_segment, "segmented_trend", "min_segment", 2, 10**9)
    axis = time_axis(y, x, "segmented_trend")
    ok = _observed(axis)
    t, v = axis.t[ok], axis.y[ok]
    # An exact straight line leaves no residual variance: the break's position and every test are 0/0.
    if len(v) > 2:
        line_resid = v - np.polyval(np.polyfit(t, v, 1), t)
        if float(line_resid @ line_resid) <= 1e-24 * max(float(((v - v.mean()) ** 2).sum()), np.finfo(float).tiny):
            raise ValueError("segmented_trend: y is an exact straight line (no residual variance), so there is no "
                             "break to estimate or test")
    size = max(3, len(v) // 20) if min_segment is None else int(min_segment)
    r = _core.segmented(t, v, int(n_breaks), size)
    q = _quantile(conf, r["df_resid"])
    bp = pd.DataFrame({"estimate": r["psi"], "se": r["psi_se"]})
    bp["low"], bp["high"] = bp["estimate"] - q * bp["se"], bp["estimate"] + q * bp["se"]
    if axis.origin is not None:
        for col, src in (("date", "estimate"), ("date_low", "low"), ("date_high", "high")):
            bp[col] = [axis.label(v) for v in bp[src]]
    slopes = pd.DataFrame({"slope": r["slopes"], "se": r["slope_se"]})
    slopes["low"], slopes["high"] = slopes["slope"] - q * slopes["se"], slopes["slope"] + q * slopes["se"]
    fitted = np.full(len(axis.y), np.nan)
    fitted[ok] = r["fitted"]
    davies = _core.davies_test(t, v, 10)
    return SegmentedTrendResult(bp, slopes, pd.Series(fitted, index=axis.index, name="fitted")
                                if axis.index is not None else fitted, float(r["rss"]), int(r["df_resid"]),
                                float(conf), axis, float(davies["p_value"]), float(davies["statistic"]))


# --------------------------------------------------------------------------------------------- growth curves

_GROWTH_FORMULAS = {
    "logistic": "K / (1 + exp(-(t - t0) / s))",
    "gompertz": "K exp(-b c^t)",
    "bass": "m ((p+q)^2/p) e^(-(p+q)t) / (1 + (q/p) e^(-(p+q)t))^2   (adoptions per period)",
    "bass_cumulative": "m (1 - e^(-(p+q)t)) / (1 + (q/p) e^(-(p+q)t))",
}


@dataclass(frozen=True, repr=False)
class GrowthResult(Summarized):
    """A fitted adoption curve.

    Attributes
    ----------
    params, bse : pandas.Series
        Logistic K, t0, s; Gompertz K, b, c; Bass m, p, q (t in days since the first date for dated series).
    inflection : float or Timestamp
        Where growth peaks (logistic t0, Gompertz -ln b / ln c, Bass peak).
    saturation_identified : bool
        Whether the data reach past the inflection. Before it the saturation level (K or m) is barely
        constrained: its interval is unreliable and long forecasts are guesses.
    identified : bool
        False when the column-scaled Jacobian is ill-conditioned (condition number above 1e6) or a profile
        interval does not close: some combination of parameters is not determined by the data.
    condition_number : float
        sigma_1 / sigma_p of the Jacobian with unit-norm columns at the optimum (inf: numerically singular).
    unidentified_direction : pandas.Series
        The last right singular vector of that matrix: the combination of (scaled) parameters the data do not
        pin down, e.g. K and t0 moving together before a logistic's inflection.
    profile : pandas.DataFrame
        Profile-t intervals (R's ``confint.nls``) at level ``conf`` for each parameter and the inflection time
        (``estimate``, ``low``, ``high``, ``low_open``, ``high_open``); a side that never closes is +-inf.
        With ``errors="iid"`` residuals are treated as independent: with autocorrelated errors these intervals
        are too narrow (``residual_phi`` says how autocorrelated the residuals are).
    residual_phi : float
        Bias-corrected lag-1 autocorrelation of the residuals (rows in order).
    variance_factor : float
        What s^2 was multiplied by: 1 for ``errors="iid"``, n / n_eff for ``errors="ar"``.
    """

    model: str
    params: pd.Series
    bse: pd.Series
    cov: pd.DataFrame
    rss: float
    df_resid: int
    converged: bool
    inflection: Any
    saturation_identified: bool
    conf: float
    axis: TimeAxis = field(repr=False)
    identified: bool = True
    condition_number: float = float("nan")
    unidentified_direction: Optional[pd.Series] = None
    profile: Optional[pd.DataFrame] = None
    residual_phi: float = float("nan")
    variance_factor: float = 1.0

    def conf_int(self, method: str = "profile") -> pd.DataFrame:
        """Parameter intervals at level ``conf``: "profile" (default; infinite where the data do not bound a
        parameter) or "wald" (estimate +- t s.e.; meaningless when ``identified`` is False)."""
        if method == "profile" and self.profile is not None:
            return self.profile.loc[list(self.params.index), ["low", "high"]]
        if method not in ("profile", "wald"):
            raise ValueError(f"conf_int: method must be 'profile' or 'wald', got {method!r}")
        q = _quantile(self.conf, self.df_resid)
        return pd.DataFrame({"low": self.params - q * self.bse, "high": self.params + q * self.bse})

    def predict(self, at: Any = None, *, horizon: Any = None, conf: Optional[float] = None) -> pd.DataFrame:
        """Curve values with a delta-method band (parameter uncertainty only, not model uncertainty).

        ``at``: times/dates to evaluate (default: the data's); ``horizon``: extend past the last point
        ("2Y", a date, or a number of t units), evaluated at the data's spacing.
        """
        if at is None:
            t = self.axis.t.copy()
            if horizon is not None:
                end = self.axis.horizon_time(horizon, "predict")
                step = float(np.median(np.diff(self.axis.t))) if len(self.axis.t) > 1 else 1.0
                t = np.r_[t, np.arange(t[-1] + step, end + step / 2, step)]
        else:
            t = np.array([self.axis.to_time(v, "predict") for v in np.atleast_1d(np.asarray(at, dtype=object))])
        value, se = _core.growth_predict(self.model, self.params.to_numpy(), self.cov.to_numpy(), t.astype(float))
        q = _quantile(conf or self.conf, self.df_resid)
        index = [self.axis.label(v) for v in t] if self.axis.origin is not None else t
        return pd.DataFrame({"mean": value, "low": value - q * se, "high": value + q * se}, index=index)

    def summary(self) -> str:
        ci = self.conf_int()
        lines = [f"{self.model} curve: {_GROWTH_FORMULAS[self.model]}",
                 f"  RSS {self.rss:.6g} ({self.df_resid} df), converged: {self.converged}"]
        for name in self.params.index:
            lines.append(f"  {name:<3} {self.params[name]:>14.6g}  se {self.bse[name]:<12.4g}"
                         f"[{ci.loc[name, 'low']:.6g}, {ci.loc[name, 'high']:.6g}]")
        lines.append(f"  inflection: {self.inflection}"
                     + ("" if self.saturation_identified else "  (after the data: saturation NOT identified)"))
        if self.profile is not None and "inflection" in self.profile.index:
            row = self.profile.loc["inflection"]
            if np.isfinite(row["estimate"]) and not np.isnan(row["low"]):
                lines.append(f"  inflection time (t units) profile interval [{row['low']:.6g}, {row['high']:.6g}]")
        lines.append(f"  intervals: profile-t ({self.conf:.0%}); scaled-Jacobian condition number "
                     f"{self.condition_number:.3g}")
        if self.variance_factor != 1.0:
            lines.append(f"  errors: autocorrelated (residual phi~={self.residual_phi:.2f}); s^2 multiplied by "
                         f"n/n_eff = {self.variance_factor:.3g} from an AR model of the residuals")
        elif self.residual_phi > 0.3:
            lines.append(f"  errors: treated as independent, but the residual lag-1 autocorrelation is "
                         f"{self.residual_phi:.2f}: intervals are too narrow (errors='ar' widens them)")
        if not self.identified and self.unidentified_direction is not None:
            lines.append(f"  NOT identified along {_direction_text(self.unidentified_direction)}")
        return "\n".join(lines)

    def plot(self, ax: Any = None, *, horizon: Any = None, **kwargs: Any) -> Any:
        plt = _mpl.pyplot()
        if ax is None:
            _, ax = plt.subplots(figsize=(8, 4))
        pred = self.predict(horizon=horizon)
        x = self.axis.index if self.axis.index is not None else self.axis.t
        ax.plot(x, self.axis.y, "o", color="#777777", ms=3, label="observed")
        ax.plot(pred.index, pred["mean"], color=_mpl.PALETTE[0], lw=2, label=self.model, **kwargs)
        ax.fill_between(pred.index, pred["low"], pred["high"], color=_mpl.PALETTE[0], alpha=0.2,
                        label=f"{self.conf:.0%} band (parameters)")
        _mpl.thousands(ax)
        ax.legend(frameon=False)
        return ax


def _direction_text(direction: pd.Series) -> str:
    terms = [f"{v:+.2f} {k}" for k, v in direction.items() if abs(v) >= 0.05]
    return " ".join(terms) + " (scaled parameters)"


def fit_growth(
    y: Any,
    x: Any = None,
    *,
    model: str = "logistic",
    start: Optional[Sequence[float]] = None,
    conf: float = 0.95,
    errors: str = "ar",
) -> GrowthResult:
    """Fit an adoption curve (logistic, Gompertz or Bass) by Levenberg-Marquardt.

    Self-starting values are tried from several saturation guesses and the best fit is kept (pass ``start``
    to override). Standard errors are sqrt(diag(s^2 (J'J)^-1)), as R's ``nls``/``nlsLM``, inverted through the
    SVD of the column-scaled Jacobian with nothing truncated, so an unidentified direction shows a huge (or
    infinite) standard error instead of a falsely small one. Intervals (``conf_int()``, ``profile``) are
    profile-t intervals as R's ``confint.nls``: infinite on a side the data do not bound ("K >= K_lo"). A
    :class:`uptake.IdentifiabilityWarning` is issued when the data end before the inflection point (the
    saturation level is then a guess) and when the scaled Jacobian's condition number exceeds 1e6 or a profile
    does not close; it names the unidentified combination of parameters. A :class:`uptake.ConvergenceWarning` is issued when the optimiser stops
    without converging.

    Parameters
    ----------
    y : array-like or pandas.Series
        Cumulative adopters (logistic, Gompertz, "bass_cumulative") or adopters per period ("bass").
    x : array-like, optional
        Time; default days since the first date, or 0..n-1.
    model : {"logistic", "gompertz", "bass", "bass_cumulative"}
    start : sequence of 3 floats, optional
    conf : float
    errors : {"ar", "iid"}
        "ar" (default) multiplies s^2 by n / n_eff, the long-run over the marginal variance of the residuals under
        an AR(p) model (order by BIC, bias-corrected, as ``theil_sen(correction="ess")``; never below 1), widening
        the standard errors and the profile intervals alike: adoption series rarely have independent errors, and
        with AR(1) 0.8 errors a logistic's 95% profile intervals cover about half the time without it (README,
        ``bench/coverage_kernels.py``). "iid" is R's ``nls``: s^2 = RSS / (n - 3), valid for independent errors
        (use it to reproduce R). The correction is first order: it assumes the curve's gradient varies slowly
        next to the errors' memory, and it reads the observed rows as consecutive (right for regular data,
        approximate where values are missing at irregular places).

    Examples
    --------
    >>> import numpy as np, uptake
    >>> t = np.arange(30.0)
    >>> y = 1000 / (1 + np.exp(-(t - 12) / 3))
    >>> round(uptake.fit_growth(y, t).params["K"])
    1000
    """
    check_level(conf, "fit_growth", "conf")
    if errors not in ("iid", "ar"):
        raise ValueError(f"fit_growth: errors must be 'iid' or 'ar', got {errors!r}")
    axis = time_axis(y, x, "fit_growth")
    ok = _observed(axis)
    starts = [] if start is None else [float(v) for v in start]
    r = _core.fit_growth(axis.t[ok], axis.y[ok], model, starts, float(conf))
    fitted, _ = _core.growth_predict(model, np.asarray(r["params"]), np.asarray(r["cov"]), axis.t[ok])
    resid = axis.y[ok] - fitted
    phi = float("nan")
    if len(resid) > 3 and np.all(np.isfinite(resid)) and np.ptp(resid) > 0:
        phi = float(_core.bias_corrected_phi(_consecutive_ar1(resid, np.arange(len(resid))), len(resid)))
    factor = 1.0
    if errors == "ar" and np.all(np.isfinite(resid)):
        factor = _long_run_factor(resid)
        if factor != 1.0:
            r = _core.fit_growth(axis.t[ok], axis.y[ok], model, starts, float(conf), factor)
            r["bse"] = np.asarray(r["bse"]) * np.sqrt(factor)
            r["cov"] = np.asarray(r["cov"]) * factor
    names = r["names"]
    profile = pd.DataFrame(r["profile"], index=[*names, "inflection"])
    direction = pd.Series(r["null_direction"], index=names)
    identified = bool(r["identified"]) and not profile.loc[names, ["low_open", "high_open"]].to_numpy().any()
    if not identified:
        open_names = [n for n in names if profile.loc[n, "low_open"] or profile.loc[n, "high_open"]]
        warnings.warn(f"fit_growth: the data do not identify the {model} curve's parameters (scaled-Jacobian "
                      f"condition number {r['condition_number']:.3g}; weak direction {_direction_text(direction)}"
                      + (f"; profile intervals unbounded for {', '.join(open_names)}" if open_names else "")
                      + "). Wald standard errors are meaningless here; use conf_int() (profile) or a log-linear "
                      "trend", IdentifiabilityWarning, stacklevel=2)
    if not r["converged"]:
        warnings.warn(f"fit_growth: Levenberg-Marquardt stopped without converging (status {r['status']}); "
                      "check the fit or give start=", ConvergenceWarning, stacklevel=2)
    if not r["inflection_observed"]:
        warnings.warn(f"fit_growth: the data end before the {model} curve's inflection point; the saturation "
                      "level is not identified and forecasts are unreliable", IdentifiabilityWarning, stacklevel=2)
    return GrowthResult(model=model, params=pd.Series(r["params"], index=names), bse=pd.Series(r["bse"], index=names),
                        cov=pd.DataFrame(r["cov"], index=names, columns=names), rss=float(r["rss"]),
                        df_resid=int(r["df_resid"]), converged=bool(r["converged"]),
                        inflection=axis.label(float(r["inflection"])),
                        saturation_identified=bool(r["inflection_observed"]), conf=float(conf), axis=axis,
                        identified=identified, condition_number=float(r["condition_number"]),
                        unidentified_direction=direction, profile=profile, residual_phi=phi,
                        variance_factor=float(factor))
