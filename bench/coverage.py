"""Coverage study of uptake's intervals on simulated adoption-like series with known truth.

For each design (errors AR(1) with phi in {0, 0.5, 0.8, 0.9, 0.95}, ARMA(1,1) 0.8/0.4, AR(1) 0.8 with t(3)
innovations; n in {52, 104, 260} weekly points; log y = 7 + 0.01 t + u) it fits ``uptake.ols_trend`` and records
whether the 95% interval of the trend slope and of growth per year covers the truth, and the interval's width
divided by the width the true covariance implies (the "oracle": 2 x 1.96 x the true standard deviation of the
OLS slope). It does the same for crossover dates (gap trend with AR(1) 0.6 errors, n in {40, 80, 120}, the
crossing 100 periods after the start) and for prediction intervals of future values (AR(1) 0.5/0.8/0.9, n = 104,
h = 4, 13, 26, 52 periods ahead; oracle = the true h-step forecast standard deviation given the model).

Methods: ``default`` (Prais-Winsten-type GLS with AR(p) errors, p by BIC, bias-corrected coefficients,
bootstrap-t when the persistence exceeds 0.7), ``AR(1) PW`` (the same with p = 1, the default before the AR(p)
model: bias-corrected phi, bootstrap-t when phi~ > 0.7), ``nw`` (Newey-West,
Bartlett, statsmodels' lag rule), ``kernHAC`` (``cov="hac"``: QS kernel, Andrews bandwidth, prewhitening, as R's
sandwich::kernHAC) and ``fixed-b`` (Bartlett, b = 0.5, trend fixed-b critical values).

Other interval families (Sen's slope, shares, rate ratios) follow from ``bench/coverage_kernels.py`` (its
``rows(seed)`` and ``markdown``), printed as a second table.

    nice -n 10 python bench/coverage.py [--reps 1000] [--seed 2024] [--jobs 2]

Seeded: the same arguments print the same table. About 4 minutes with the defaults on 2 cores.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import time
from typing import Any, Callable, Dict, List, Tuple

import numpy as np

import uptake

LEVEL, SLOPE, PER_YEAR, SIGMA = 7.0, 0.01, 52.0, 0.05
Z = 1.959963984540054
SLOPE_METHODS = {"default": {}, "AR(1) PW": {"ar_order": 1}, "nw": {"cov": "nw"}, "kernHAC": {"cov": "hac"},
                 "fixed-b": {"cov": "fixed-b"}}
DESIGNS: Dict[str, Tuple[float, float, str]] = {  # name: (phi, theta, innovations)
    "AR(1) 0": (0.0, 0.0, "normal"),
    "AR(1) 0.5": (0.5, 0.0, "normal"),
    "AR(1) 0.8": (0.8, 0.0, "normal"),
    "AR(1) 0.9": (0.9, 0.0, "normal"),
    "AR(1) 0.95": (0.95, 0.0, "normal"),
    "ARMA(1,1) 0.8/0.4": (0.8, 0.4, "normal"),
    "AR(1) 0.8, t(3)": (0.8, 0.0, "t3"),
}


def simulate(rng: np.random.Generator, n: int, phi: float, theta: float, innovations: str) -> np.ndarray:
    """Stationary ARMA(1,1) errors with innovation s.d. SIGMA (300 burn-in steps)."""
    burn = 300
    if innovations == "t3":
        eps = rng.standard_t(3, n + burn + 1) / np.sqrt(3.0)
    else:
        eps = rng.standard_normal(n + burn + 1)
    eps *= SIGMA
    u = np.zeros(n + burn + 1)
    for i in range(1, n + burn + 1):
        u[i] = phi * u[i - 1] + eps[i] + theta * eps[i - 1]
    return u[burn + 1:]


def autocov(n: int, phi: float, theta: float) -> np.ndarray:
    """True covariance matrix of the errors (ARMA(1,1); theta = 0 gives AR(1))."""
    s2 = SIGMA ** 2
    g0 = s2 * (1 + 2 * phi * theta + theta ** 2) / (1 - phi ** 2)
    g1 = s2 * (1 + phi * theta) * (phi + theta) / (1 - phi ** 2)
    lags = np.arange(n)
    gamma = np.where(lags == 0, g0, g1 * phi ** np.maximum(lags - 1, 0))
    return gamma[np.abs(lags[:, None] - lags[None, :])]


def oracle_cov(n: int, phi: float, theta: float) -> np.ndarray:
    """Covariance of the OLS (const, slope) under the true error covariance."""
    X = np.column_stack([np.ones(n), np.arange(n, dtype=float)])
    bread = np.linalg.inv(X.T @ X)
    return bread @ X.T @ autocov(n, phi, theta) @ X @ bread


def growth_width(lo: float, hi: float) -> float:
    return float(np.expm1(PER_YEAR * hi) - np.expm1(PER_YEAR * lo))


def slope_cell(args: Tuple[str, int, int, int]) -> List[Dict[str, Any]]:
    design, n, reps, seed = args
    phi, theta, innov = DESIGNS[design]
    rng = np.random.default_rng(seed)
    sd = float(np.sqrt(oracle_cov(n, phi, theta)[1, 1]))
    slope_oracle = 2 * Z * sd
    growth_oracle = growth_width(SLOPE - Z * sd, SLOPE + Z * sd)
    truth_growth = float(np.expm1(PER_YEAR * SLOPE))
    t = np.arange(n, dtype=float)
    hits = {m: [] for m in SLOPE_METHODS}
    for _ in range(reps):
        y = np.exp(LEVEL + SLOPE * t + simulate(rng, n, phi, theta, innov))
        for m, kwargs in SLOPE_METHODS.items():
            fit = uptake.ols_trend(y, log=True, periods_per_year=PER_YEAR, **kwargs)
            s, g = fit.slope, fit.growth_per_year
            hits[m].append((s.low <= SLOPE <= s.high, (s.high - s.low) / slope_oracle,
                            g.low <= truth_growth <= g.high, (g.high - g.low) / growth_oracle))
    rows = []
    for m, h in hits.items():
        a = np.array(h, dtype=float)
        rows.append({"interval": "trend slope", "design": design, "n": n, "method": m, "coverage": a[:, 0].mean(),
                     "width_ratio": float(np.median(a[:, 1])), "reps": reps})
        rows.append({"interval": "growth per year", "design": design, "n": n, "method": m,
                     "coverage": a[:, 2].mean(), "width_ratio": float(np.median(a[:, 3])), "reps": reps})
    return rows


def crossover_cell(args: Tuple[str, int, int, int]) -> List[Dict[str, Any]]:
    _, n, reps, seed = args
    phi, crossing = 0.6, 100.0
    rng = np.random.default_rng(seed)
    t = np.arange(n, dtype=float)
    a_gap, b_gap = -1.0, 1.0 / crossing  # log(b/a) = -1 + t / 100
    V = oracle_cov(n, phi, 0.0)
    grad = np.array([-1.0 / b_gap, a_gap / b_gap ** 2])
    oracle = 2 * Z * float(np.sqrt(grad @ V @ grad))
    out = []
    for m, kwargs in (("default", {}), ("nw", {"cov": "nw"})):
        rng_m = np.random.default_rng(seed)  # the same draws for every method
        hits = []
        for _ in range(reps):
            log_a = LEVEL + 0.002 * t
            log_b = log_a + a_gap + b_gap * t + simulate(rng_m, n, phi, 0.0, "normal")
            r = uptake.crossover(np.exp(log_a), np.exp(log_b), horizon=1e6, **kwargs)
            d = r.details
            kind, lo, hi = d["fieller_kind"], d["t_low"], d["t_high"]
            if kind == "bounded":
                hits.append((lo <= crossing <= hi, (hi - lo) / oracle))
            elif kind == "two_rays":
                hits.append((crossing <= lo or crossing >= hi, np.inf))
            else:
                hits.append((True, np.inf))
        a = np.array(hits, dtype=float)
        out.append({"interval": "crossover date", "design": "AR(1) 0.6", "n": n, "method": m,
                    "coverage": a[:, 0].mean(), "width_ratio": float(np.median(a[:, 1])), "reps": reps})
    del rng
    return out


def prediction_cell(args: Tuple[str, int, int, int]) -> List[Dict[str, Any]]:
    design, n, reps, seed = args
    phi = DESIGNS[design][0]
    horizons = (4, 13, 26, 52)
    out = []
    for m, kwargs in (("default", {}), ("AR(1) PW", {"ar_order": 1}), ("nw", {"cov": "nw"})):
        rng = np.random.default_rng(seed)
        t = np.arange(n + max(horizons), dtype=float)
        hits = {h: [] for h in horizons}
        for _ in range(reps):
            log_y = LEVEL + SLOPE * t + simulate(rng, len(t), phi, 0.0, "normal")
            fit = uptake.ols_trend(np.exp(log_y[:n]), log=True, **kwargs)
            p = fit.predict(max(horizons))
            for h in horizons:
                lo, hi = np.log(p["low"].iloc[h - 1]), np.log(p["high"].iloc[h - 1])
                sd = SIGMA * np.sqrt((1 - phi ** (2 * h)) / (1 - phi ** 2))
                hits[h].append((lo <= log_y[n + h - 1] <= hi, (hi - lo) / (2 * Z * sd)))
        for h in horizons:
            a = np.array(hits[h], dtype=float)
            out.append({"interval": f"prediction h={h}", "design": design, "n": n, "method": m,
                        "coverage": a[:, 0].mean(), "width_ratio": float(np.median(a[:, 1])), "reps": reps})
    return out


def markdown(rows: List[Dict[str, Any]], methods: List[str]) -> str:
    """One line per (interval, design, n); per method 'coverage / width ratio'."""
    keys = list(dict.fromkeys((r["interval"], r["design"], r["n"]) for r in rows))
    head = "| interval | design | n | " + " | ".join(methods) + " |"
    lines = [head, "|" + "---|" * (3 + len(methods))]
    for key in keys:
        cells = []
        for m in methods:
            hit = [r for r in rows if (r["interval"], r["design"], r["n"]) == key and r["method"] == m]
            cells.append(f"{hit[0]['coverage']:.3f} / {hit[0]['width_ratio']:.2f}" if hit else "")
        lines.append(f"| {key[0]} | {key[1]} | {key[2]} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def run(tasks: List[Tuple[Callable, Tuple]], jobs: int) -> List[Dict[str, Any]]:
    with mp.Pool(jobs) as pool:
        results = pool.map(_call, tasks, chunksize=1)
    return [row for rows in results for row in rows]


def _call(task: Tuple[Callable, Tuple]) -> List[Dict[str, Any]]:
    fn, args = task
    return fn(args)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=1000, help="replications per cell")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--kernel-reps", type=int, default=400, help="replications per bench/coverage_kernels.py row")
    args = parser.parse_args()
    seeds = iter(np.random.SeedSequence(args.seed).generate_state(200))
    tasks: List[Tuple[Callable, Tuple]] = []
    for design in DESIGNS:
        for n in (52, 104, 260):
            tasks.append((slope_cell, (design, n, args.reps, int(next(seeds)))))
    for n in (40, 80, 120):
        tasks.append((crossover_cell, ("AR(1) 0.6", n, args.reps, int(next(seeds)))))
    for design in ("AR(1) 0.5", "AR(1) 0.8", "AR(1) 0.9"):
        tasks.append((prediction_cell, (design, 104, args.reps, int(next(seeds)))))
    tasks.sort(key=lambda task: -task[1][1])  # long cells first keeps both workers busy
    start = time.perf_counter()
    rows = run(tasks, args.jobs)
    order = {"trend slope": 0, "growth per year": 1, "crossover date": 2}
    rows.sort(key=lambda r: (order.get(r["interval"], 3), r["interval"], list(DESIGNS).index(r["design"])
                             if r["design"] in DESIGNS else 99, r["n"]))
    print(f"Coverage of nominal 95% intervals / median width relative to the true-covariance width "
          f"({args.reps} replications per cell, seed {args.seed}; bench/coverage.py)\n")
    print(markdown(rows, list(SLOPE_METHODS)))
    # The footer as the README shows it under the main table; the run time goes to stderr (stdout is README text).
    print(f"\nMonte Carlo s.e. of a coverage near 0.95: {np.sqrt(0.95 * 0.05 / args.reps):.3f} "
          f"(sqrt(0.95 x 0.05 / {args.reps})).")
    try:
        import coverage_kernels  # type: ignore[import-not-found]
    except ImportError:
        pass
    else:
        print("\nOther interval families (bench/coverage_kernels.py):\n")
        print(coverage_kernels.markdown(coverage_kernels.rows(args.seed, args.kernel_reps)))
    print(f"{time.perf_counter() - start:.0f} s on {args.jobs} processes.", file=sys.stderr)


if __name__ == "__main__":
    main()
