"""Shares of mentions with honest intervals: one share, two shares, rate ratios, many comparisons."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional, Sequence, Tuple

import numpy as np

from . import _core
from ._results import Summarized

__all__ = ["share_ci", "compare_shares", "rate_ratio", "holm", "ShareComparison", "RateRatioResult"]


def share_ci(k: Any, n: Any, *, method: str = "wilson", conf: float = 0.95) -> Tuple[Any, Any]:
    """Confidence interval of the share k / n.

    Parameters
    ----------
    k, n : int or array-like of int
        Mentions of one item and all mentions (0 <= k <= n, n > 0).
    method : {"wilson", "clopper_pearson", "jeffreys", "agresti_coull"}
        Wilson (score) is the default; Clopper-Pearson is exact and conservative; Jeffreys uses the
        Brown-Cai-DasGupta boundary rule (0 at k = 0, 1 at k = n); never the Wald interval,
        which fails near 0 and 1 (Brown, Cai & DasGupta 2001) and which statsmodels uses by default.
    conf : float

    Returns
    -------
    (low, high) : floats, or arrays for array input; always within [0, 1].

    Examples
    --------
    >>> import uptake
    >>> [round(v, 4) for v in uptake.share_ci(166, 240, method="clopper_pearson")]
    [0.629, 0.7495]
    """
    k_arr, n_arr = np.broadcast_arrays(np.asarray(k, dtype=float), np.asarray(n, dtype=float))
    if k_arr.ndim == 0:
        return tuple(_core.share_ci(float(k_arr), float(n_arr), method, float(conf)))
    out = np.array([_core.share_ci(float(a), float(b), method, float(conf)) for a, b in zip(k_arr.ravel(), n_arr.ravel())])
    return out[:, 0].reshape(k_arr.shape), out[:, 1].reshape(k_arr.shape)


@dataclass(frozen=True, repr=False)
class ShareComparison(Summarized):
    """Difference of two shares with its interval and a test of equality."""

    share1: float
    share2: float
    difference: float
    low: float
    high: float
    p_value: float
    method: str
    conf: float

    def summary(self) -> str:
        return (f"{self.share1:.4f} - {self.share2:.4f} = {self.difference:+.4f} "
                f"[{self.low:+.4f}, {self.high:+.4f}] ({self.conf:.0%}, {self.method}), p = {self.p_value:.4g}")


def compare_shares(
    k1: int,
    n1: int,
    k2: int,
    n2: Optional[int] = None,
    *,
    same_survey: bool = False,
    single_select: bool = True,
    both: Optional[int] = None,
    conf: float = 0.95,
) -> ShareComparison:
    """Compare two shares: independent samples, or two answers of the same respondents.

    Independent (``same_survey=False``: two years, two venues): Newcombe's hybrid score interval for
    p1 - p2 (method 10) and the pooled score test (R's ``prop.test(correct=FALSE)``).

    Same survey (``same_survey=True``; n1 respondents, ``n2`` ignored): the shares are dependent. The interval
    is Tango's (1998) score interval for a paired difference (not Wald, so it stays inside [-1, 1] and is not
    degenerate at zero counts) and the test is McNemar's score test. Single-select answers are the paired table
    without a "both" cell; for multi-select answers give ``both``, the respondents naming both. When ``both`` is
    unknown the least admissible overlap is used, which gives the widest interval.

    Counts must be whole numbers (a fractional count raises ValueError), finite and 0 <= k <= n; ``conf`` must
    be in (0, 1).

    Examples
    --------
    >>> import uptake
    >>> r = uptake.compare_shares(7, 34, 1, 34)
    >>> round(r.low, 4), round(r.high, 4)
    (0.0189, 0.3404)
    """
    if same_survey:
        k_both = -1.0 if both is None else float(both)
        d, lo, hi, p = _core.same_survey_difference(float(k1), float(k2), float(n1), bool(single_select), k_both,
                                                    float(conf))
        kind = "multinomial (single-select)" if single_select else (
            "paired (multi-select)" + ("" if both is not None else ", overlap unknown: widest interval"))
        return ShareComparison(k1 / n1, k2 / n1, d, lo, hi, p, kind, float(conf))
    if n2 is None:
        raise ValueError("compare_shares: give n2 for independent shares (or same_survey=True)")
    d, lo, hi, p = _core.newcombe_difference(float(k1), float(n1), float(k2), float(n2), float(conf))
    return ShareComparison(k1 / n1, k2 / n2, d, lo, hi, p, "Newcombe hybrid score", float(conf))


@dataclass(frozen=True, repr=False)
class RateRatioResult(Summarized):
    """Ratio of two Poisson rates (e.g. papers mentioning A vs B) with its exact interval and test."""

    ratio: float
    low: float
    high: float
    p_value: float
    k1: float
    k2: float
    conf: float

    @property
    def share(self) -> Tuple[float, float, float]:
        """k1 / (k1 + k2) with its Clopper-Pearson interval (equal exposures)."""
        lo, hi = share_ci(self.k1, self.k1 + self.k2, method="clopper_pearson", conf=self.conf)
        return self.k1 / (self.k1 + self.k2), lo, hi

    def summary(self) -> str:
        return (f"rate ratio {self.ratio:.4g} [{self.low:.4g}, {self.high:.4g}] ({self.conf:.0%} exact), "
                f"p = {self.p_value:.3g} (H0: ratio 1)")


def rate_ratio(k1: int, k2: int, *, exposure1: float = 1.0, exposure2: float = 1.0, conf: float = 0.95) -> RateRatioResult:
    """Exact comparison of two counts as Poisson rates (R's ``poisson.test(c(k1, k2), c(e1, e2))``).

    Conditional on the total, k1 is binomial; the Clopper-Pearson interval of its share maps to the ratio.
    Beta quantiles and a binary search over the binomial pmf keep it O(log k): download counts of 1e9 return
    at once, equal to R.

    Examples
    --------
    >>> import uptake
    >>> r = uptake.rate_ratio(166, 74)
    >>> round(r.ratio, 2), round(r.low, 2), round(r.high, 2)
    (2.24, 1.7, 2.99)
    """
    ratio, lo, hi, p = _core.rate_ratio(float(k1), float(k2), float(exposure1), float(exposure2), float(conf))
    return RateRatioResult(ratio, lo, hi, p, float(k1), float(k2), float(conf))


def holm(p_values: Sequence[float]) -> np.ndarray:
    """Holm's step-down adjustment of p-values for many comparisons (controls the family-wise error rate).

    Examples
    --------
    >>> import uptake
    >>> uptake.holm([0.01, 0.04, 0.03]).round(2).tolist()
    [0.03, 0.06, 0.06]
    """
    p = np.asarray(p_values, dtype=float)
    if p.ndim != 1:
        raise ValueError("holm: expected a one-dimensional sequence of p-values")
    if np.isnan(p).any():
        raise ValueError("holm: p-values must not be NaN")
    return np.asarray(_core.holm_adjust(p.tolist()))
