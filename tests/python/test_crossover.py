"""Crossover projections: exact cases by hand, Fieller's interval against brute force, every status, share crossings."""

import numpy as np
import pandas as pd
import pytest

import uptake
from uptake import CrossoverStatus, _core


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


def weekly(values, name):
    return pd.Series(values, index=pd.date_range("2021-01-04", periods=len(values), freq="W-MON"), name=name)


def test_series_crossover_by_hand():
    t = np.arange(48)
    noise = np.random.default_rng(2).normal(0, 0.02, 48)
    tf = monthly(1000 * np.exp(0.01 * t), "tensorflow")
    pt = monthly(400 * np.exp(0.04 * t + noise), "pytorch")
    r = uptake.crossover(tf, pt)
    # log(400/1000) + 0.03 t = 0 at t = 30.5 months after Jan 2019: about July 2021.
    assert r.overtaker == "pytorch" and r.status == CrossoverStatus.CROSSED and r.kind == "bounded"
    assert r.status == "crossed" and str(r.status) == "crossed" and f"{r.status}" == "crossed"
    assert r.estimate.year == 2021 and 5 <= r.estimate.month <= 9
    assert r.low < r.estimate < r.high
    assert r.gap_trend[0] == pytest.approx(0.03 * 12 * 365.25 / (12 * 30.4375), rel=0.05)
    assert "pytorch overtook tensorflow" in r.summary()


def test_same_critical_value_as_the_slope_interval():
    rng = np.random.default_rng(5)
    n = 104
    e = np.zeros(n)
    for i in range(1, n):
        e[i] = 0.85 * e[i - 1] + rng.normal(0, 0.05)
    a = weekly(np.full(n, 1000.0), "old")
    b = weekly(300 * np.exp(0.01 * np.arange(n) + e), "new")
    r = uptake.crossover(a, b)
    gap = uptake.ols_trend(pd.Series(np.log(b / a)))
    assert gap.diagnostics["bootstrapped"]  # persistent errors: bootstrap-t critical value
    assert r.details["crit"] == pytest.approx(float(gap.critical_values()["trend"]))
    lo, hi = r.gap_trend[1:] if r.gap_trend[1] < r.gap_trend[2] else r.gap_trend[:0:-1]
    assert lo < r.gap_trend[0] < hi


def test_projected_and_beyond_horizon():
    t = np.arange(36)
    a = monthly(1000 * np.exp(0.005 * t), "incumbent")
    b = monthly(300 * np.exp(0.03 * t + np.random.default_rng(3).normal(0, 0.01, 36)), "challenger")
    near = uptake.crossover(a, b, horizon="5Y")
    assert near.status == CrossoverStatus.PROJECTED and near.estimate > a.index[-1]
    assert near.kind == "bounded" and near.low < near.estimate < near.high
    assert "projected to overtake" in near.message
    far = uptake.crossover(a, b, horizon="6M")
    assert far.status == CrossoverStatus.BEYOND_HORIZON and far.estimate == near.estimate


def test_diverging_series_led_throughout_never_a_date_before_the_data():
    t = np.arange(36)
    a = monthly(1000 * np.exp(0.03 * t), "leader")
    b = monthly(300 * np.exp(0.01 * t + np.random.default_rng(4).normal(0, 0.01, 36)), "laggard")
    r = uptake.crossover(a, b)
    # The fitted lines meet about 60 months before the data; that is not a crossing.
    assert r.details["t_root"] < 0
    assert r.status == CrossoverStatus.NO_CROSSING and r.estimate is None and r.kind == "none"
    assert r.leader == "leader" and "leader led laggard throughout the window" in r.message


def test_parallel_series_no_crossing_and_no_error():
    a = monthly(np.full(24, 500.0), "a")
    b = monthly(np.full(24, 200.0), "b")
    r = uptake.crossover(a, b)
    assert r.status == CrossoverStatus.NO_CROSSING and r.estimate is None and r.leader == "a"


def test_flat_noisy_gap_is_not_established_with_two_rays_or_everything():
    rng = np.random.default_rng(8)
    a = weekly(np.full(80, 1000.0), "a")
    b = weekly(np.exp(np.log(800.0) + rng.normal(0, 0.05, 80)), "b")
    r = uptake.crossover(a, b)
    assert r.status == CrossoverStatus.NOT_ESTABLISHED and r.estimate is None
    assert r.kind in ("two_rays", "unbounded")
    assert r.gap_trend[1] < 0 < r.gap_trend[2]  # the slope interval contains zero
    assert "no crossing established" in r.summary()
    if r.kind == "two_rays":
        assert r.low < r.high
    else:
        assert r.low is None and r.high is None


def test_crossed_in_the_data_when_the_lines_misplace_it():
    # A curved gap: b catches up fast then flattens above a; a straight line through the gap crosses zero
    # well after the observed crossing is established, but the data cross early.
    n = 60
    t = np.arange(n)
    gap = np.where(t < 10, -0.5 + 0.1 * t, 0.5 + 0.001 * (t - 10))
    gap = gap + np.random.default_rng(9).normal(0, 0.01, n)
    a = monthly(np.full(n, 100.0), "a")
    b = monthly(100 * np.exp(gap), "b")
    r = uptake.crossover(a, b)
    assert r.status == CrossoverStatus.CROSSED
    assert a.index[3] <= r.estimate <= a.index[12]
    assert r.details["t_observed"] is not None


def test_plot_draws_both_trends_with_prediction_bands():
    import matplotlib.pyplot as plt
    t = np.arange(36)
    a = monthly(1000 * np.exp(0.005 * t), "incumbent")
    b = monthly(300 * np.exp(0.03 * t + np.random.default_rng(3).normal(0, 0.01, 36)), "challenger")
    r = uptake.crossover(a, b, horizon="5Y")
    ax = r.plot()
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert "incumbent trend" in labels and "challenger trend" in labels
    assert any("prediction interval" in lab for lab in labels)
    assert ax.get_xlim()[1] > ax.xaxis.convert_units(r.estimate)  # extended to the crossing
    plt.close(ax.figure)


def test_share_crossover_logistic():
    years = pd.date_range("2015-01-01", periods=10, freq="YS")
    t = np.arange(10)
    p = 1 / (1 + np.exp(-(t - 5.3) * 0.9))
    total = 2000
    b = pd.Series(np.round(total * p), index=years, name="pytorch")
    a = pd.Series(total - b.to_numpy(), index=years, name="tensorflow")
    r = uptake.share_crossover(a, b)
    assert r.overtaker == "pytorch" and r.status == CrossoverStatus.CROSSED
    assert r.estimate.year == 2020 and r.kind == "bounded"
    assert r.details["dispersion"] < 5
    import matplotlib.pyplot as plt
    ax = r.plot()
    assert len(ax.lines) >= 2
    plt.close(ax.figure)


def test_share_statuses_projected_and_not_established():
    years = pd.date_range("2010-01-01", periods=8, freq="YS")
    t = np.arange(8)
    p = 1 / (1 + np.exp(-(t - 12) * 0.4))
    b = pd.Series(np.round(5000 * p), index=years, name="new")
    a = pd.Series(5000 - b.to_numpy(), index=years, name="old")
    assert uptake.share_crossover(a, b, horizon="10Y").status == CrossoverStatus.PROJECTED
    flat = pd.Series([300, 340, 310, 290, 330, 305, 320, 295], index=years, name="flat")
    rest = pd.Series([700, 640, 700, 720, 660, 700, 690, 710], index=years, name="rest")
    r = uptake.share_crossover(rest, flat)
    assert r.status == CrossoverStatus.NOT_ESTABLISHED and r.estimate is None


def test_errors():
    with pytest.raises(ValueError, match="positive values"):
        uptake.crossover(monthly(np.r_[1.0, 0.0, 3, 4, 5], "a"), monthly(np.ones(5), "b"))
    with pytest.raises(ValueError, match="at least 4"):
        uptake.crossover([1.0, 2.0, 3.0], [2.0, 3.0, 4.0])
    with pytest.raises(ValueError, match="k > n|negative"):
        uptake.share_crossover([1, 2, 3, 4], [-1, 2, 3, 4])
    with pytest.raises(ValueError, match="cov must be one of.*'bogus'"):
        uptake.crossover(monthly(np.arange(1.0, 13), "a"), monthly(np.arange(2.0, 14), "b"), cov="bogus")


def test_results_pickle_with_their_lazy_frame():
    """Results cross process boundaries (multiprocessing, joblib, caches): the lazily built frame must pickle."""
    import pickle

    t = np.arange(60.0)
    a = weekly(np.exp(5 + 0.01 * t + 0.02 * np.sin(t)), "a")
    b = weekly(np.exp(4.6 + 0.03 * t + 0.02 * np.cos(t)), "b")
    for r in (uptake.crossover(a, b), uptake.share_crossover(monthly([90, 80, 70, 60, 50, 40], "a"),
                                                             monthly([10, 25, 40, 55, 70, 85], "b"))):
        back = pickle.loads(pickle.dumps(r))
        assert back.status == r.status and back.estimate == r.estimate
        pd.testing.assert_frame_equal(back.frame, r.frame)
