"""When will one adoption curve overtake another, and how sure can we be?"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Optional

import numpy as np
import pandas as pd

from . import _core, _mpl
from ._pandas import numeric
from ._results import Summarized
from ._time import DAYS_PER_YEAR, TimeAxis, time_axis
from .timeseries import align

__all__ = ["crossover", "share_crossover", "CrossoverResult"]


@dataclass(frozen=True, repr=False)
class CrossoverResult(Summarized):
    """A projected crossing of two adoption curves with Fieller's interval.

    Attributes
    ----------
    estimate : Timestamp or float
        When the fitted lines cross (the log-ratio, or the share of mentions, reaches its even point).
    low, high : Timestamp or float or None
        The interval: bounded (``kind="bounded"``), or two rays ``(-inf, low]`` and ``[high, inf)``
        (``kind="two_rays"``), or the whole line (``kind="unbounded"``, low = high = None): the data
        cannot tell when, or whether, the curves cross.
    status : str
        "crossed" (the crossing lies within the data), "projected" (after the data, within the horizon),
        or "no crossing within the horizon".
    overtaker, overtaken : str
        Which series passes which at the crossing.
    gap_trend : tuple
        Slope of the gap per year (per t unit without dates) with its interval: log-ratio points for
        ``crossover``, logit points for ``share_crossover``.
    """

    estimate: Any
    low: Any
    high: Any
    kind: str
    status: str
    overtaker: str
    overtaken: str
    gap_trend: tuple
    conf: float
    horizon: Any
    method: str
    frame: pd.DataFrame = field(repr=False)
    details: Dict[str, Any] = field(default_factory=dict)

    def summary(self) -> str:
        if self.kind == "bounded":
            interval = f"[{_fmt(self.low)}, {_fmt(self.high)}]"
        elif self.kind == "two_rays":
            interval = f"before {_fmt(self.low)} or after {_fmt(self.high)} (the interval is two rays)"
        else:
            interval = "unbounded: the data cannot place the crossing"
        g = self.gap_trend
        return (f"Crossover ({self.method}): {self.overtaker} overtakes {self.overtaken}\n"
                f"  status: {self.status} (horizon {_fmt(self.horizon)})\n"
                f"  estimate: {_fmt(self.estimate)}, {self.conf:.0%} Fieller interval {interval}\n"
                f"  gap trend: {g[0]:+.4g} [{g[1]:+.4g}, {g[2]:+.4g}] per {self.details.get('unit', 'unit')}")

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        """The gap (log-ratio or share) with its fitted line, the even line and the crossing interval."""
        plt = _mpl.pyplot()
        if ax is None:
            _, ax = plt.subplots(figsize=(8, 4))
        f = self.frame
        ax.plot(f.index, f["observed"], ".", color="#888888", ms=3, label="observed")
        ax.plot(f.index, f["fitted"], color=_mpl.PALETTE[0], lw=2, label="trend", **kwargs)
        ax.axhline(self.details["even"], color="#333333", lw=0.8)
        if self.kind == "bounded":
            ax.axvspan(self.low, self.high, color=_mpl.PALETTE[1], alpha=0.15, label=f"{self.conf:.0%} crossing interval")
        if np.isfinite(_as_float(self.estimate)) or isinstance(self.estimate, pd.Timestamp):
            ax.axvline(self.estimate, color=_mpl.PALETTE[1], ls="--", lw=1)
        ax.set_ylabel(self.details.get("ylabel", ""))
        ax.legend(frameon=False)
        return ax


def _fmt(v: Any) -> str:
    if isinstance(v, pd.Timestamp):
        return v.strftime("%Y-%m-%d")
    if v is None:
        return "none"
    return f"{v:.4g}" if isinstance(v, (float, np.floating)) else str(v)


def _as_float(v: Any) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return float("nan")


def _project(axis: TimeAxis, a: float, b: float, cov: np.ndarray, q: float, horizon: Any, names: tuple,
             method: str, conf: float, frame: pd.DataFrame, details: Dict[str, Any]) -> CrossoverResult:
    """Shared by both forms: the root of a + b t, its Fieller interval, who overtakes whom, and the status."""
    r = _core.fieller_root(a, b, cov[0, 0], cov[0, 1], cov[1, 1], q)
    t_last = float(np.nanmax(axis.t))
    t_end = axis.horizon_time(horizon, "crossover")
    estimate = r["estimate"]
    if not np.isfinite(estimate):
        status = "no crossing within the horizon"
    elif estimate <= t_last:
        status = "crossed"
    elif estimate <= t_end:
        status = "projected"
    else:
        status = "no crossing within the horizon"
    first, second = names  # the gap is second relative to first
    overtaker, overtaken = (second, first) if b > 0 else (first, second)
    per = axis.per_year or 1.0
    se_b = float(np.sqrt(cov[1, 1]))
    gap = (b * per, (b - q * se_b) * per, (b + q * se_b) * per)
    low = high = None
    if r["kind"] in ("bounded", "two_rays"):
        low, high = axis.label(r["low"]), axis.label(r["high"])
    details = {**details, "unit": "year" if axis.per_year else "unit of t", "t_estimate": estimate,
               "t_low": r["low"], "t_high": r["high"]}
    return CrossoverResult(axis.label(estimate) if np.isfinite(estimate) else None, low, high, r["kind"], status,
                           str(overtaker), str(overtaken), gap, conf, axis.label(t_end), method, frame, details)


def crossover(
    a: Any,
    b: Any,
    *,
    log: bool = True,
    conf: float = 0.95,
    horizon: Any = None,
    maxlags: Optional[int] = None,
) -> CrossoverResult:
    """When does series ``b`` overtake ``a`` (or ``a`` pull away)? One HAC regression on the gap.

    The gap ``log(b) - log(a)`` (or ``b - a`` with ``log=False``) is regressed on time with Newey-West
    standard errors; both series are measured on the same dates, so their correlation is handled by
    modelling the difference rather than two separate fits. The crossing is where the fitted gap is zero,
    and its interval is Fieller's: bounded when the gap's trend is clearly non-zero, otherwise two rays or
    unbounded ("the data cannot say"). Extrapolating a log-linear gap ignores saturation: read far
    projections as "if current trends continued".

    Parameters
    ----------
    a, b : pandas.Series (aligned on their common dates) or arrays of equal length
        Adoption levels: downloads per week, monthly papers, ... (positive when ``log=True``).
    log : bool
    conf : float
    horizon : date, "5Y", Timedelta or number, optional
        How far past the last observation a crossing counts as "projected"; default two years (or the
        data's own length without dates).
    maxlags : int, optional
        HAC lag (default floor(4 (n/100)^(2/9))).

    Returns
    -------
    CrossoverResult

    Examples
    --------
    >>> import numpy as np, pandas as pd, uptake
    >>> idx = pd.date_range("2020-01-01", periods=36, freq="MS")
    >>> tf = pd.Series(1000 * 1.01 ** np.arange(36), index=idx, name="tensorflow")
    >>> pt = pd.Series(500 * 1.04 ** np.arange(36), index=idx, name="pytorch")
    >>> r = uptake.crossover(tf, pt)
    >>> r.overtaker, r.status, r.estimate.year
    ('pytorch', 'crossed', 2021)
    """
    name_a = a.name if isinstance(a, pd.Series) and a.name is not None else "a"
    name_b = b.name if isinstance(b, pd.Series) and b.name is not None else "b"
    if name_a == name_b:
        name_a, name_b = f"{name_a} (a)", f"{name_b} (b)"
    if isinstance(a, pd.Series) and isinstance(b, pd.Series) and isinstance(a.index, pd.DatetimeIndex):
        try:
            both = align({name_a: a, name_b: b}, join="inner")
        except ValueError as exc:
            raise ValueError(f"crossover: a and b: {exc}") from None
        va, vb = both[name_a], both[name_b]
    else:
        va = numeric(a, "crossover: a")
        vb = numeric(b, "crossover: b")
        if va.shape != vb.shape:
            raise ValueError(f"crossover: a has shape {va.shape} but b has {vb.shape}")
    values_a, values_b = np.asarray(va, dtype=float), np.asarray(vb, dtype=float)
    if log:
        for name, v in ((name_a, values_a), (name_b, values_b)):
            bad = ~np.isnan(v) & ~(v > 0)
            if bad.any():
                i = int(np.flatnonzero(bad)[0])
                raise ValueError(f"crossover: log=True needs positive values; {name!r} has {v[i]} at position {i}")
        gap_values = np.log(values_b) - np.log(values_a)
    else:
        gap_values = values_b - values_a
    gap = pd.Series(gap_values, index=va.index) if isinstance(va, pd.Series) else gap_values
    axis = time_axis(gap, None, "crossover")
    ok = ~np.isnan(axis.y)
    if ok.sum() < 4:
        raise ValueError(f"crossover: needs at least 4 common observations, got {int(ok.sum())}")
    X = np.column_stack([np.ones(int(ok.sum())), axis.t[ok]])
    fit = _core.ols(X, axis.y[ok], "HAC", -1 if maxlags is None else int(maxlags), True, True, float(conf))
    q = float(_core.t_quantile(0.5 + conf / 2.0, int(fit["df_resid"])))
    fitted = np.full(len(axis.y), np.nan)
    fitted[ok] = fit["fitted"]
    frame = pd.DataFrame({"observed": axis.y, "fitted": fitted}, index=axis.index if axis.index is not None else axis.t)
    return _project(axis, float(fit["params"][0]), float(fit["params"][1]), np.asarray(fit["cov"]), q, horizon,
                    (name_a, name_b), "HAC regression on the " + ("log-ratio" if log else "difference"), float(conf),
                    frame, {"even": 0.0, "ylabel": f"log({name_b}/{name_a})" if log else f"{name_b} - {name_a}",
                            "maxlags": int(fit["maxlags"])})


def share_crossover(
    a_counts: Any,
    b_counts: Any,
    *,
    conf: float = 0.95,
    horizon: Any = None,
) -> CrossoverResult:
    """When does ``b``'s share of mentions pass 50%? A logistic (Fisher-Pry) binomial fit on counts.

    Per period, ``b_counts`` of ``a_counts + b_counts`` mentions name b (papers, job posts, questions).
    logit(share_b) = alpha + beta t is fitted by a binomial GLM; overdispersion (Pearson chi^2 / df > 1)
    widens the covariance (quasi-binomial). The crossing is t* = -alpha / beta with Fieller's interval.

    Examples
    --------
    >>> import numpy as np, pandas as pd, uptake
    >>> years = pd.date_range("2016-01-01", periods=8, freq="YS")
    >>> tf = pd.Series([300, 420, 520, 560, 540, 500, 460, 420], index=years, name="tensorflow")
    >>> pt = pd.Series([20, 60, 150, 300, 480, 650, 800, 950], index=years, name="pytorch")
    >>> r = uptake.share_crossover(tf, pt)
    >>> r.overtaker, r.status
    ('pytorch', 'crossed')
    """
    name_a = a_counts.name if isinstance(a_counts, pd.Series) and a_counts.name is not None else "a"
    name_b = b_counts.name if isinstance(b_counts, pd.Series) and b_counts.name is not None else "b"
    if isinstance(a_counts, pd.Series) and isinstance(b_counts, pd.Series) and isinstance(a_counts.index, pd.DatetimeIndex):
        try:
            both = align({"a_counts": a_counts, "b_counts": b_counts}, join="inner")
        except ValueError as exc:
            raise ValueError(f"share_crossover: {exc}") from None
        ka, kb = both["a_counts"], both["b_counts"]
    else:
        ka, kb = numeric(a_counts, "share_crossover: a_counts"), numeric(b_counts, "share_crossover: b_counts")
        if ka.shape != kb.shape:
            raise ValueError(f"share_crossover: a_counts has shape {ka.shape} but b_counts has {kb.shape}")
    total = np.asarray(ka, dtype=float) + np.asarray(kb, dtype=float)
    k = np.asarray(kb, dtype=float)
    shares = pd.Series(np.divide(k, total, out=np.full_like(k, np.nan), where=total > 0),
                       index=ka.index if isinstance(ka, pd.Series) else None)
    axis = time_axis(shares, None, "share_crossover")
    ok = ~np.isnan(total)
    fit = _core.binomial_logit(axis.t[ok], k[ok], total[ok])
    df = int(fit["df_resid"]) if fit["dispersion"] > 1 else 0
    q = float(_core.t_quantile(0.5 + conf / 2.0, df))
    alpha, beta = (float(v) for v in fit["params"])
    fitted = 1.0 / (1.0 + np.exp(-(alpha + beta * axis.t)))
    frame = pd.DataFrame({"observed": axis.y, "fitted": fitted, "k": k, "n": total},
                         index=axis.index if axis.index is not None else axis.t)
    return _project(axis, alpha, beta, np.asarray(fit["cov"]), q, horizon, (name_a, name_b),
                    "logistic (Fisher-Pry) binomial fit on shares", float(conf), frame,
                    {"even": 0.5, "ylabel": f"share of {name_b}", "dispersion": float(fit["dispersion"])})
