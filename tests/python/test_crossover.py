"""Crossover projections: exact cases by hand, Fieller's interval against brute force, share crossings."""

import numpy as np
import pandas as pd
import pytest

import uptake
from uptake import _core


def test_fieller_matches_brute_force_inversion():
    a, b, va, cab, vb, q = 2.0, -0.5, 0.04, -0.002, 0.0004, 1.96
    r = _core.fieller_root(a, b, va, cab, vb, q)
    assert r["kind"] == "bounded" and r["estimate"] == pytest.approx(4.0)
    grid = np.linspace(0, 10, 100001)
    accepted = grid[(a + b * grid) ** 2 <= q * q * (va + 2 * grid * cab + grid * grid * vb)]
    assert r["low"] == pytest.approx(accepted.min(), abs=1e-4) and r["high"] == pytest.approx(accepted.max(), abs=1e-4)
    weak = _core.fieller_root(2.0, -0.05, 0.04, 0.0, 0.01, 1.96)  # slope not significant
    assert weak["kind"] in ("two_rays", "unbounded")


def monthly(values, name):
    return pd.Series(values, index=pd.date_range("2019-01-01", periods=len(values), freq="MS"), name=name)


def test_series_crossover_by_hand():
    t = np.arange(48)
    noise = np.random.default_rng(2).normal(0, 0.02, 48)
    tf = monthly(1000 * np.exp(0.01 * t), "tensorflow")
    pt = monthly(400 * np.exp(0.04 * t + noise), "pytorch")
    r = uptake.crossover(tf, pt)
    # log(400/1000) + 0.03 t = 0 at t = 30.5 months after Jan 2019: about July 2021.
    assert r.overtaker == "pytorch" and r.status == "crossed" and r.kind == "bounded"
    assert r.estimate.year == 2021 and 5 <= r.estimate.month <= 9
    assert r.low < r.estimate < r.high
    assert r.gap_trend[0] == pytest.approx(0.03 * 12 * 365.25 / (12 * 30.4375), rel=0.05)
    assert "pytorch overtakes tensorflow" in r.summary()


def test_projection_and_horizon():
    t = np.arange(36)
    a = monthly(1000 * np.exp(0.005 * t), "incumbent")
    b = monthly(300 * np.exp(0.03 * t + np.random.default_rng(3).normal(0, 0.01, 36)), "challenger")
    near = uptake.crossover(a, b, horizon="5Y")
    assert near.status == "projected" and near.estimate > a.index[-1]
    far = uptake.crossover(a, b, horizon="6M")
    assert far.status == "no crossing within the horizon"


def test_diverging_series_never_cross_within_horizon():
    t = np.arange(36)
    a = monthly(1000 * np.exp(0.03 * t), "leader")
    b = monthly(300 * np.exp(0.01 * t + np.random.default_rng(4).normal(0, 0.01, 36)), "laggard")
    r = uptake.crossover(a, b)
    assert r.overtaker == "leader" and r.status in ("no crossing within the horizon", "crossed")
    assert r.estimate is None or r.estimate < a.index[0]


def test_share_crossover_logistic():
    years = pd.date_range("2015-01-01", periods=10, freq="YS")
    t = np.arange(10)
    p = 1 / (1 + np.exp(-(t - 5.3) * 0.9))
    total = 2000
    b = pd.Series(np.round(total * p), index=years, name="pytorch")
    a = pd.Series(total - b.to_numpy(), index=years, name="tensorflow")
    r = uptake.share_crossover(a, b)
    assert r.overtaker == "pytorch" and r.status == "crossed"
    assert r.estimate.year == 2020 and r.kind == "bounded"
    assert r.details["dispersion"] < 5


def test_errors():
    with pytest.raises(ValueError, match="positive values"):
        uptake.crossover(monthly(np.r_[1.0, 0.0, 3, 4, 5], "a"), monthly(np.ones(5), "b"))
    with pytest.raises(ValueError, match="at least 4"):
        uptake.crossover([1.0, 2.0, 3.0], [2.0, 3.0, 4.0])
    with pytest.raises(ValueError, match="k > n|negative"):
        uptake.share_crossover([1, 2, 3, 4], [-1, 2, 3, 4])
