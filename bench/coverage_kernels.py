"""Coverage of the kernel intervals by seeded simulation with known truth.

``rows(seed)`` returns dicts with keys interval, design, n, coverage, width_ratio (median width divided by the
median width of the reference interval named in the design: for Sen's slope the oracle OLS-slope width from the
true AR(1) covariance; for shares the exact Clopper-Pearson width). bench/coverage.py imports it; run this file
for the markdown table (``nice -n 10 python bench/coverage_kernels.py [seed] [reps]``; about a minute with 400).
"""

from __future__ import annotations

import sys
import warnings

import numpy as np
from scipy import stats

import uptake

REPS = 400


def _ar1(rng: np.random.Generator, n: int, phi: float) -> np.ndarray:
    e = rng.normal(size=n + 200)
    u = np.empty_like(e)
    u[0] = e[0] / np.sqrt(1 - phi * phi) if phi < 1 else e[0]
    for i in range(1, len(e)):
        u[i] = phi * u[i - 1] + e[i]
    return u[200:]


def _oracle_slope_width(n: int, phi: float) -> float:
    t = np.arange(n, dtype=float)
    X = np.c_[np.ones(n), t]
    lags = np.abs(np.subtract.outer(t, t))
    sigma = phi ** lags / (1 - phi * phi)
    bread = np.linalg.inv(X.T @ X)
    var = (bread @ X.T @ sigma @ X @ bread)[1, 1]
    return 2 * 1.959963984540054 * np.sqrt(var)


def rows(seed: int = 2024, reps: int = REPS) -> list:
    rng = np.random.default_rng(seed)
    out = []
    for n in (52, 104, 260):
        for phi in (0.0, 0.5, 0.8, 0.9, 0.95):
            oracle = _oracle_slope_width(n, phi)
            for label, corr in (("sen plain", None), ("sen ess", "ess")):
                hits, widths = 0, []
                for _ in range(reps):
                    y = 0.3 * np.arange(n) + _ar1(rng, n, phi)
                    r = uptake.theil_sen(y, correction=corr)
                    hits += r.low <= 0.3 <= r.high
                    widths.append(r.high - r.low)
                out.append({"interval": label, "design": f"AR(1) phi={phi}", "n": n, "coverage": hits / reps,
                            "width_ratio": float(np.median(widths) / oracle)})
    for phi in (0.0, 0.5, 0.8):  # logistic growth curve, profile intervals for K and t0, i.i.d. vs AR errors
        n, K, t0, s = 104, 1000.0, 52.0, 13.0
        t = np.arange(n, dtype=float)
        hits = {e: np.zeros(2) for e in ("iid", "ar")}
        for _ in range(reps):
            y = K / (1 + np.exp(-(t - t0) / s)) + 10 * np.sqrt(1 - phi * phi) * _ar1(rng, n, phi)
            for errors in hits:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    prof = uptake.fit_growth(y, t, errors=errors).profile
                hits[errors] += [prof.loc["K", "low"] <= K <= prof.loc["K", "high"],
                                 prof.loc["t0", "low"] <= t0 <= prof.loc["t0", "high"]]
        for errors, h in hits.items():
            for name, cover in zip(("K", "t0"), h / reps):
                out.append({"interval": f"fit_growth {name} errors={errors}", "design": f"logistic, AR(1) phi={phi}",
                            "n": n, "coverage": float(cover), "width_ratio": float("nan")})
    for method in ("wilson", "jeffreys", "clopper_pearson"):
        for n, p in ((30, 0.05), (100, 0.1), (400, 0.3)):
            k = rng.binomial(n, p, size=reps)
            lo, hi = uptake.share_ci(k, np.full(reps, n), method=method)
            cp_lo, cp_hi = uptake.share_ci(k, np.full(reps, n), method="clopper_pearson")
            out.append({"interval": f"share {method}", "design": f"p={p}", "n": n,
                        "coverage": float(np.mean((lo <= p) & (p <= hi))),
                        "width_ratio": float(np.median(hi - lo) / np.median(cp_hi - cp_lo))})
    for n, p1, p2 in ((200, 0.10, 0.05), (1000, 0.03, 0.03)):
        hits, widths = 0, []
        for _ in range(reps):
            counts = rng.multinomial(n, [p1, p2, 1 - p1 - p2])
            r = uptake.compare_shares(int(counts[0]), n, int(counts[1]), same_survey=True)
            hits += r.low <= p1 - p2 <= r.high
            widths.append(r.high - r.low)
        wald = 2 * 1.959963984540054 * np.sqrt((p1 + p2 - (p1 - p2) ** 2) / n)
        out.append({"interval": "compare_shares same-survey", "design": f"p1={p1}, p2={p2}", "n": n,
                    "coverage": hits / reps, "width_ratio": float(np.median(widths) / wald)})
    for mu1, mu2 in ((20, 10), (500, 450)):
        hits = 0
        for _ in range(reps):
            r = uptake.rate_ratio(int(rng.poisson(mu1)), int(rng.poisson(mu2)))
            hits += r.low <= mu1 / mu2 <= r.high
        out.append({"interval": "rate_ratio", "design": f"Poisson {mu1} vs {mu2}", "n": mu1 + mu2,
                    "coverage": hits / reps, "width_ratio": float("nan")})
    return out


def markdown(table: list) -> str:
    lines = ["| interval | design | n | coverage | width ratio |", "|---|---|---|---|---|"]
    for r in table:
        lines.append(f"| {r['interval']} | {r['design']} | {r['n']} | {r['coverage']:.3f} | {r['width_ratio']:.2f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 2024
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else REPS
    print(markdown(rows(seed, reps)))
