"""Worst cases and argument checks of the trend kernels (issue 15) and the changepoint penalty (issue 12).

Worst-case work runs in a subprocess with a generous timeout: a quadratic or endless loop fails the test, an
ordinary slow machine does not. Nothing here is timed.
"""

import subprocess
import sys
import textwrap

import numpy as np
import pandas as pd
import pytest

import uptake


def run_isolated(code: str, timeout: float = 60.0) -> str:
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                         timeout=timeout, check=True)
    return out.stdout


def test_tied_slopes_stay_n_log_n():
    # Before: theil_sen(np.arange(10000.)) took 12 s and n = 30000 over 40 s (every pairwise slope tied).
    out = run_isolated("""
        import numpy as np, uptake
        y = np.arange(20000.0)
        r = uptake.theil_sen(y)
        m = uptake.mann_kendall(y)
        c = uptake.theil_sen(np.ones(20000))
        print(r.slope, r.low, r.high, m.slope, c.slope)
    """)
    assert [float(v) for v in out.split()] == [1.0, 1.0, 1.0, 1.0, 0.0]


def test_extreme_values_return_or_raise_at_once():
    out = run_isolated("""
        import numpy as np, uptake
        y = (np.arange(50.0) - 24.5) * 6.9e306
        print(uptake.theil_sen(y).slope / 6.9e306, uptake.mann_kendall(y, correction="yue_wang").s)
        try:
            uptake.theil_sen([-1.7e308, 1.7e308, 0.0], x=[0.0, 1e-300, 1.0])
        except ValueError as e:
            print("raised", "double range" in str(e))
    """)
    first, second = out.splitlines()
    ratio, s = (float(v) for v in first.split())
    assert ratio == pytest.approx(1.0, rel=1e-12) and s == 1225
    assert second == "raised True"


def test_seasonal_mann_kendall_memory_is_linear():
    # Before: every within-season pair was stored (1.67 GB at n = 20,000). Peak RSS now stays small.
    out = run_isolated("""
        import resource, numpy as np, uptake
        y = np.random.default_rng(0).normal(size=20000) + np.arange(20000) * 1e-3
        r = uptake.mann_kendall(y, seasonal_period=2)
        print(r.slope, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    """)
    slope, peak_kb = out.split()
    assert 0.0 < float(slope) < 0.01
    assert int(peak_kb) < 600_000  # the pair list alone would need 1.6 GB


def test_mann_kendall_validates_its_index():
    y = np.arange(10.0)
    idx = pd.date_range("2020-01-01", periods=10, freq="W")
    assert uptake.mann_kendall(pd.Series(y, index=idx)).trend == "increasing"
    with pytest.raises(ValueError, match="strictly increasing"):
        uptake.mann_kendall(pd.Series(y, index=idx[::-1]))
    with pytest.raises(ValueError, match="strictly increasing"):
        uptake.mann_kendall(pd.Series(y, index=idx[[0, 1, 1, 2, 3, 4, 5, 6, 7, 8]]))
    with pytest.raises(ValueError):
        uptake.mann_kendall(pd.Series(y, index=pd.DatetimeIndex([*idx[:9], pd.NaT])))
    with pytest.raises(ValueError, match="regularly spaced"):
        uptake.mann_kendall(pd.Series(y, index=idx[:9].append(pd.DatetimeIndex(["2021-06-01"]))))
    with pytest.raises(ValueError, match="equal steps"):
        uptake.mann_kendall(pd.Series(y, index=[0, 1, 2, 3, 4, 5, 6, 7, 9, 8]))


@pytest.mark.parametrize("kwargs,message", [
    ({"alpha": float("nan")}, "alpha"), ({"alpha": float("inf")}, "alpha"), ({"alpha": 1.0}, "alpha"),
    ({"lags": -1, "correction": "hamed_rao"}, "lags"), ({"seasonal_period": 1}, "seasonal_period"),
])
def test_mann_kendall_rejects_bad_settings(kwargs, message):
    with pytest.raises(ValueError, match=message):
        uptake.mann_kendall(np.arange(20.0), **kwargs)


@pytest.mark.parametrize("call,message", [
    (lambda: uptake.ols_trend(np.arange(20.0), maxlags=-5), "maxlags"),
    (lambda: uptake.ols_trend(np.arange(20.0), conf=float("nan")), "conf"),
    (lambda: uptake.ols_trend(np.arange(20.0), periods_per_year=float("inf")), "periods_per_year"),
    (lambda: uptake.theil_sen(np.arange(20.0), conf=float("nan")), "conf"),
    (lambda: uptake.segmented_trend(np.arange(50.0), n_breaks=0), "n_breaks"),
    (lambda: uptake.changepoints(np.arange(50.0), penalty=float("inf")), "penalty"),
    (lambda: uptake.changepoints(np.arange(50.0), penalty=float("nan")), "penalty"),
    (lambda: uptake.changepoints(np.arange(50.0), noise="hac"), "noise"),
])
def test_invalid_settings_name_the_parameter(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_maxlags_must_be_an_integer():
    with pytest.raises(ValueError, match="maxlags"):
        uptake.ols_trend(np.arange(20.0), maxlags=2.5)


def test_linear_cost_penalty_does_not_grow_with_the_slope():
    # A slope of 50 per step and a 30-sigma level jump: the first-difference scale (~50) hid the jump.
    rng = np.random.default_rng(0)
    t = np.arange(200.0)
    for seed in range(5):
        rng = np.random.default_rng(seed)
        y = 50 * t + rng.normal(0, 1, 200) + np.where(t >= 120, 30.0, 0.0)
        res = uptake.changepoints(y, cost="linear")
        assert len(res.breakpoints) >= 1 and min(abs(b - 120) for b in res.breakpoints) <= 2
        # ... and the same line without the jump gives none: the penalty is on the noise scale (1), not 0.
        assert uptake.changepoints(50 * t + rng.normal(0, 1, 200), cost="linear").breakpoints == []


@pytest.mark.parametrize("call,name", [
    (lambda y: uptake.stl(y, 12, outer_iter=10**9), "outer_iter"),
    (lambda y: uptake.stl(y, 12, inner_iter=0), "inner_iter"),
    (lambda y: uptake.mstl(y, [12], iterate=10**6), "iterate"),
    (lambda y: uptake.mstl(y, [12], stl_kwargs={"outer_iter": 500}), "outer_iter"),
])
def test_iteration_settings_have_upper_bounds(call, name):
    y = np.sin(np.arange(120.0) * 2 * np.pi / 12) + np.arange(120.0) * 0.01
    with pytest.raises(ValueError, match=name):
        call(y)


def test_seasonal_adjust_iterations_bounded():
    idx = pd.date_range("2020-01-01", periods=800, freq="D")
    y = pd.Series(100 + np.arange(800.0) * 0.1, index=idx)
    with pytest.raises(ValueError, match="iterations"):
        uptake.seasonal_adjust(y, iterations=10**9)
