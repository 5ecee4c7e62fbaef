"""When will one adoption curve overtake another, and how sure can we be?"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Dict, Optional

import numpy as np
import pandas as pd

from . import _core, _mpl
from ._pandas import numeric
from ._results import Summarized
from ._time import TimeAxis, time_axis
from .timeseries import align
from .trend import ols_trend

__all__ = ["crossover", "share_crossover", "CrossoverResult", "CrossoverStatus"]


class CrossoverStatus(str, Enum):
    """What the data say about a crossing (compare with ``==`` to the strings, e.g. ``status == "projected"``).

    - ``CROSSED`` ("crossed"): the curves crossed inside the observed window; the date comes from the data
      (the first sustained sign change of the smoothed gap) or, failing that, from the fitted lines when they
      cross inside the window.
    - ``PROJECTED`` ("projected"): the gap is closing significantly and the fitted lines cross after the last
      observation, within the horizon.
    - ``BEYOND_HORIZON`` ("no crossing within the horizon"): closing, but the projected crossing lies past the
      horizon.
    - ``NO_CROSSING`` ("no crossing"): the gap is not closing (parallel or diverging lines) and the leader led
      throughout the window; the lines' mathematical crossing, before the data, is not reported as a date.
    - ``NOT_ESTABLISHED`` ("no crossing established"): the gap's trend is not distinguishable from zero at the
      chosen level and the observed gap did not change sign; the interval is then two rays or the whole line.
    """

    CROSSED = "crossed"
    PROJECTED = "projected"
    BEYOND_HORIZON = "no crossing within the horizon"
    NO_CROSSING = "no crossing"
    NOT_ESTABLISHED = "no crossing established"

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)


class _LazyFrame:
    """The columns of a result's frame, built into a DataFrame on first access (a plain object, so results
    pickle, unlike a closure)."""

    def __init__(self, columns: Dict[str, Any], index: Any) -> None:
        self.columns, self.index = columns, index

    def __call__(self) -> pd.DataFrame:
        return pd.DataFrame(self.columns, index=self.index)


@dataclass(frozen=True, repr=False)
class CrossoverResult(Summarized):
    """A crossing of two adoption curves with Fieller's interval.

    Attributes
    ----------
    estimate : Timestamp or float or None
        When the curves cross (``CROSSED``, ``PROJECTED``, ``BEYOND_HORIZON``); None otherwise.
    low, high : Timestamp or float or None
        The interval: bounded (``kind="bounded"``), two rays ``(-inf, low]`` and ``[high, inf)``
        (``kind="two_rays"``), or the whole line (``kind="unbounded"``, low = high = None). It uses the same
        covariance and critical value as the gap's slope interval.
    kind : str
        "bounded", "two_rays", "unbounded", "none" (no crossing: the lines diverge) or "observed" (crossed in
        the data while the fitted lines place the crossing outside the window: the date is the data's, without
        an interval).
    status : CrossoverStatus
        One of the documented statuses (a str: compare with the strings).
    overtaker, overtaken : str
        Which series gains on which (the gap's direction).
    leader : str
        Which series is ahead at the last observation.
    gap_trend : tuple
        Slope of the gap per year (per t unit without dates) with its interval: log-ratio points for
        ``crossover``, logit points for ``share_crossover``.
    """

    estimate: Any
    low: Any
    high: Any
    kind: str
    status: CrossoverStatus
    overtaker: str
    overtaken: str
    gap_trend: tuple
    conf: float
    horizon: Any
    method: str
    _frame: Any = field(repr=False)  # the DataFrame, or a function building it on first access
    details: Dict[str, Any] = field(default_factory=dict)
    leader: str = ""

    @property
    def frame(self) -> pd.DataFrame:
        """Per period: ``observed`` and ``fitted`` gap (``k`` and ``n`` too for shares); built on first access."""
        if callable(self._frame):
            object.__setattr__(self, "_frame", self._frame())
        return self._frame

    @property
    def message(self) -> str:
        """One sentence for people."""
        return self.describe()

    def describe(self, labels: Optional[Dict[str, str]] = None) -> str:
        """The one-sentence message, with series names replaced by ``labels`` (name -> display label)."""
        labels = labels or {}
        over, under, lead = (labels.get(v, v) for v in (self.overtaker, self.overtaken, self.leader))
        s = self.status
        if s == CrossoverStatus.CROSSED:
            return f"{over} overtook {under} around {_fmt(self.estimate)} (inside the data)"
        if s == CrossoverStatus.PROJECTED:
            return (f"{over} is projected to overtake {under} around {_fmt(self.estimate)} "
                    f"if current trends continue")
        if s == CrossoverStatus.BEYOND_HORIZON:
            return (f"{over} is closing on {under}, but not before the horizon "
                    f"{_fmt(self.horizon)} (projected {_fmt(self.estimate)})")
        trailer = under if self.leader == self.overtaker else over
        if s == CrossoverStatus.NO_CROSSING:
            return f"{lead} led {trailer} throughout the window and the gap is not closing: no crossing"
        if self.kind == "two_rays":
            return (f"no crossing established: the gap's trend is not distinguishable from zero; the data allow a "
                    f"crossing before {_fmt(self.low)} or after {_fmt(self.high)}")
        return "no crossing established: the gap's trend is not distinguishable from zero; any date is possible"

    def summary(self) -> str:
        if self.kind == "bounded":
            interval = f"[{_fmt(self.low)}, {_fmt(self.high)}]"
        elif self.kind == "two_rays":
            interval = f"before {_fmt(self.low)} or after {_fmt(self.high)} (the interval is two rays)"
        elif self.kind == "unbounded":
            interval = "unbounded: the data cannot place the crossing"
        elif self.kind == "observed":
            interval = "none (dated from the observed gap; the fitted lines cross outside the window)"
        else:
            interval = "none (the lines diverge)"
        g = self.gap_trend
        lines = [f"Crossover ({self.method}): {self.message}",
                 f"  status: {self.status} (horizon {_fmt(self.horizon)})",
                 f"  estimate: {_fmt(self.estimate)}, {self.conf:.0%} Fieller interval {interval}",
                 f"  gap trend: {g[0]:+.4g} [{g[1]:+.4g}, {g[2]:+.4g}] per {self.details.get('unit', 'unit')}"
                 f" (critical value {self.details.get('crit', float('nan')):.3f})"]
        if "trend_method" in self.details:
            lines.append(f"  gap regression: {self.details['trend_method']}")
        return "\n".join(lines)

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        """Both trends extended to the crossing (or the horizon) with their prediction bands, and the crossing
        interval; for ``share_crossover`` the share with its fitted logistic curve. Returns the Axes."""
        plt = _mpl.pyplot()
        if ax is None:
            _, ax = plt.subplots(figsize=(8, 4))
        t_end = self._plot_end()
        if "series" in self.details:
            self._plot_series(ax, t_end, **kwargs)
        else:
            self._plot_share(ax, t_end, **kwargs)
        if self.kind == "bounded" and self.status != CrossoverStatus.NO_CROSSING:
            ax.axvspan(self.low, self.high, color=_mpl.PALETTE[2], alpha=0.12,
                       label=f"{self.conf:.0%} crossing interval")
        if self.estimate is not None:
            ax.axvline(self.estimate, color=_mpl.PALETTE[2], ls="--", lw=1)
        ax.legend(frameon=False, fontsize=8)
        return ax

    def _plot_end(self) -> float:
        axis: TimeAxis = self.details["axis"]
        t_last = float(np.nanmax(axis.t))
        span = t_last - float(np.nanmin(axis.t))
        t_end = float(self.details["t_end"])
        est = self.details.get("t_estimate")
        if est is not None and np.isfinite(est) and est > t_last:
            return min(max(est + 0.1 * span, t_last + 0.1 * span), t_end)
        return min(t_last + 0.25 * span, t_end)

    def _plot_series(self, ax: Any, t_end: float, **kwargs: Any) -> None:
        series: pd.DataFrame = self.details["series"]
        axis: TimeAxis = self.details["axis"]
        log = self.details["log"]
        for i, name in enumerate(series.columns):
            y = series[name]
            fit = ols_trend(y if isinstance(series.index, pd.DatetimeIndex) else y.to_numpy(), log=log,
                            cov=self.details.get("cov"))
            x = series.index if isinstance(series.index, pd.DatetimeIndex) else axis.t
            color = _mpl.PALETTE[i]
            ax.plot(x, y.to_numpy(), color=color, lw=0.8, alpha=0.6)
            fitted = np.asarray(fit.fitted, dtype=float)
            ax.plot(x, np.exp(fitted) if log else fitted, color=color, lw=2, label=f"{name} trend", **kwargs)
            if t_end > float(np.nanmax(axis.t)):
                try:
                    p = fit.predict(axis.label(t_end) if axis.origin is not None else t_end)
                except ValueError:
                    continue
                ax.plot(p.index, p["estimate"], color=color, lw=1.5, ls="--")
                ax.fill_between(p.index, p["low"], p["high"], color=color, alpha=0.15,
                                label=f"{name} {self.conf:.0%} prediction interval")
        if log:
            ax.set_yscale("log")
        ax.set_ylabel(self.details.get("ylabel", ""))

    def _plot_share(self, ax: Any, t_end: float, **kwargs: Any) -> None:
        f = self.frame
        axis: TimeAxis = self.details["axis"]
        a, b = self.details["params"]
        ax.plot(f.index, f["observed"], ".", color="#888888", ms=4, label="observed share")
        t = np.linspace(float(np.nanmin(axis.t)), max(t_end, float(np.nanmax(axis.t))), 200)
        x = [axis.label(v) for v in t] if axis.origin is not None else t
        ax.plot(x, 1.0 / (1.0 + np.exp(-(a + b * t))), color=_mpl.PALETTE[0], lw=2, label="logistic trend", **kwargs)
        ax.axhline(0.5, color="#333333", lw=0.8)
        ax.set_ylabel(self.details.get("ylabel", ""))


def _fmt(v: Any) -> str:
    if isinstance(v, pd.Timestamp):
        return v.strftime("%Y-%m-%d")
    if v is None:
        return "none"
    return f"{v:.4g}" if isinstance(v, (float, np.floating)) else str(v)


def observed_crossing(t: np.ndarray, gap: np.ndarray) -> Optional[float]:
    """Time of the first sustained sign change of the smoothed observed gap, or None.

    The gap is smoothed by a centred moving average of w = max(3, n // 10) points; a crossing counts when the
    smoothed sign at the start differs from the sign at the end and the final sign has held for at least w
    points. The returned time is where the smoothed gap reaches zero before that final run (interpolated).
    """
    ok = ~np.isnan(gap)
    t, gap = t[ok], gap[ok]
    n = len(gap)
    if n < 6:
        return None
    w = max(3, n // 10)
    smooth = pd.Series(gap).rolling(w, center=True, min_periods=1).mean().to_numpy()
    sign = np.sign(smooth)
    if sign[0] == 0 or sign[-1] == 0 or sign[0] == sign[-1]:
        return None
    other = np.flatnonzero(sign != sign[-1])
    start = int(other[-1]) + 1
    if n - start < w:
        return None
    before, after = smooth[start - 1], smooth[start]  # interpolate the smoothed gap's zero
    frac = before / (before - after) if before != after else 0.0
    return float(t[start - 1] + frac * (t[start] - t[start - 1]))


def _project(axis: TimeAxis, a: float, b: float, cov: np.ndarray, q: float, horizon: Any, names: tuple,
             method: str, conf: float, frame: Any, observed_gap: np.ndarray,
             details: Dict[str, Any]) -> CrossoverResult:
    """Shared by both forms: the root of a + b t, its Fieller interval, who overtakes whom, and the status."""
    t_first, t_last = float(np.nanmin(axis.t)), float(np.nanmax(axis.t))
    t_end = axis.horizon_time(horizon, "crossover")
    first, second = names  # the gap is second relative to first
    overtaker, overtaken = (second, first) if b > 0 else (first, second)
    gap_now = a + b * t_last
    leader = second if gap_now > 0 else first
    per = axis.per_year or 1.0
    se_b = float(np.sqrt(max(cov[1, 1], 0.0)))
    gap = (b * per, (b - q * se_b) * per, (b + q * se_b) * per)
    # A slope that moves the gap by a rounding error over the whole window is a parallel pair, not a trend.
    parallel = abs(b) * max(t_last - t_first, 1.0) <= 1e-9 * (abs(a) + abs(gap_now) + 1e-300)
    significant = b * b - q * q * cov[1, 1] > 0 and not parallel
    r = {"estimate": float("nan"), "kind": "none", "low": float("nan"), "high": float("nan")} if parallel else \
        _core.fieller_root(a, b, cov[0, 0], cov[0, 1], cov[1, 1], q)
    root = float(r["estimate"])
    t_data = observed_crossing(axis.t, observed_gap)
    kind = r["kind"]
    estimate: Optional[float] = None
    if parallel:
        status = CrossoverStatus.NO_CROSSING
    elif not significant and t_data is None:
        status = CrossoverStatus.NOT_ESTABLISHED
    elif t_data is not None:
        # The data crossed: the fitted root dates it when it falls inside the window near the observed
        # crossing; otherwise the lines misplace it (curvature) and the date comes from the data alone.
        status, estimate = CrossoverStatus.CROSSED, root
        step = float(np.median(np.diff(axis.t))) if len(axis.t) > 1 else 1.0
        tolerance = max(3, int(np.sum(~np.isnan(observed_gap))) // 10) * step  # the smoothing window
        # A gap trend not distinguishable from zero cannot date it either: a sustained sign change of the
        # smoothed gap is an observation, not a projection.
        if not significant or not (t_first <= root <= t_last and abs(root - t_data) <= tolerance):
            estimate, kind = t_data, "observed"
    elif root > t_last:
        status = CrossoverStatus.PROJECTED if root <= t_end else CrossoverStatus.BEYOND_HORIZON
        estimate = root
    elif root >= t_first:
        status, estimate = CrossoverStatus.CROSSED, root
    else:
        status, kind = CrossoverStatus.NO_CROSSING, "none"
    low = high = None
    if kind in ("bounded", "two_rays"):
        low, high = axis.label(r["low"]), axis.label(r["high"])
    details = {**details, "unit": "year" if axis.per_year else "unit of t", "t_estimate": estimate,
               "t_root": root, "t_observed": t_data, "fieller_kind": r["kind"], "t_low": r["low"], "t_high": r["high"], "t_end": t_end, "crit": q, "axis": axis,
               "params": (a, b), "cov": details.get("cov")}
    return CrossoverResult(axis.label(estimate) if estimate is not None else None, low, high, kind, status,
                           str(overtaker), str(overtaken), gap, conf, axis.label(t_end), method, frame, details,
                           str(leader))


def crossover(
    a: Any,
    b: Any,
    *,
    log: bool = True,
    conf: float = 0.95,
    horizon: Any = None,
    cov: Optional[str] = None,
    maxlags: Optional[int] = None,
    seed: int = 12,
) -> CrossoverResult:
    """When does series ``b`` overtake ``a`` (or ``a`` pull away)? One trend regression on the gap.

    The gap ``log(b) - log(a)`` (or ``b - a`` with ``log=False``) is regressed on time with
    :func:`uptake.ols_trend` (default: Prais-Winsten GLS with AR(p) errors and a bootstrap-t when they are
    persistent); both series are measured on the same dates, so their correlation is handled by modelling the
    difference. The crossing is where the fitted gap is zero, and its interval is Fieller's with the same
    covariance and critical value as the gap's slope interval: bounded when the gap's trend is clearly
    non-zero, otherwise two rays or unbounded. The outcome is one of :class:`CrossoverStatus`; ordinary data
    never raise. Extrapolating a log-linear gap ignores saturation: read far projections as "if current
    trends continued".

    Parameters
    ----------
    a, b : pandas.Series (aligned on their common dates) or arrays of equal length
        Adoption levels: downloads per week, monthly papers, ... (positive when ``log=True``).
    log : bool
    conf : float
    horizon : date, "5Y", Timedelta or number, optional
        How far past the last observation a crossing counts as "projected"; default two years (or the
        data's own length without dates).
    cov, maxlags, seed :
        Passed to :func:`uptake.ols_trend` for the gap regression (``maxlags`` selects Newey-West).

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
    >>> r.overtaker, str(r.status), r.estimate.year
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
    index = va.index if isinstance(va, pd.Series) else None
    gap = pd.Series(gap_values, index=index) if index is not None else gap_values
    axis = time_axis(gap, None, "crossover")
    ok = ~np.isnan(axis.y)
    if ok.sum() < 4:
        raise ValueError(f"crossover: needs at least 4 common observations, got {int(ok.sum())}")
    fit = ols_trend(gap, cov=cov, maxlags=maxlags, conf=conf, seed=seed)
    # The fit's NumPy arrays: its pandas views would cost more than the regression.
    q = fit._trend_crit()
    V = fit._cov
    fitted = fit._fitted

    frame = _LazyFrame({"observed": axis.y, "fitted": fitted}, index if index is not None else axis.t)

    series = pd.DataFrame({name_a: values_a, name_b: values_b}, index=index if index is not None else axis.t)
    return _project(axis, float(fit._params[0]), float(fit._params[1]), V[:2, :2], q, horizon,
                    (name_a, name_b), "trend of the " + ("log-ratio" if log else "difference"), float(conf),
                    frame, axis.y,
                    {"ylabel": "level (log scale)" if log else "level", "series": series, "log": bool(log),
                     "cov": fit.method, "trend_method": fit._method_line(), "maxlags": fit.maxlags,
                     "phi": fit.diagnostics["phi"]})


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
    widens the covariance (quasi-binomial) and switches the critical value to Student t. The crossing is
    t* = -alpha / beta with Fieller's interval using the slope's critical value; the status is one of
    :class:`CrossoverStatus` (a data crossing is the observed share passing 50% and staying there).

    Examples
    --------
    >>> import numpy as np, pandas as pd, uptake
    >>> years = pd.date_range("2016-01-01", periods=8, freq="YS")
    >>> tf = pd.Series([300, 420, 520, 560, 540, 500, 460, 420], index=years, name="tensorflow")
    >>> pt = pd.Series([20, 60, 150, 300, 480, 650, 800, 950], index=years, name="pytorch")
    >>> r = uptake.share_crossover(tf, pt)
    >>> r.overtaker, str(r.status)
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
                    "logistic (Fisher-Pry) binomial fit on shares", float(conf), frame, axis.y - 0.5,
                    {"ylabel": f"share of {name_b}", "dispersion": float(fit["dispersion"])})
