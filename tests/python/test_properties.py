"""Property tests (hypothesis): invariants that must hold for any input, not just the cases we thought of."""

import warnings

import numpy as np
import pandas as pd
import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

import uptake  # noqa: E402
from uptake import _core  # noqa: E402

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
counts = st.integers(min_value=0, max_value=10_000)


@SETTINGS
@given(st.lists(st.floats(min_value=-1e4, max_value=1e4, allow_nan=False), min_size=16, max_size=120),
       st.integers(min_value=2, max_value=8), st.booleans())
def test_stl_components_add_up(values, period, robust):
    y = np.asarray(values)
    if len(y) < 2 * period:
        return
    res = uptake.stl(y, period, robust=robust)
    np.testing.assert_allclose(res.seasonal + res.trend + res.resid, y, rtol=1e-9, atol=1e-6)
    assert np.isfinite(res.trend).all() and ((res.weights >= 0) & (res.weights <= 1)).all()


@SETTINGS
@given(st.lists(st.one_of(counts.map(float), st.just(np.nan)), min_size=7, max_size=200),
       st.integers(min_value=0, max_value=6))
def test_resampling_preserves_sums(values, offset):
    idx = pd.date_range("2024-01-01", periods=len(values)) + pd.Timedelta(days=offset)
    y = pd.Series(values, index=idx)
    flagged = uptake.resample(y, "W", partial="keep")
    if not y.isna().any():
        assert flagged.sum() == pytest.approx(y.sum())
    monthly = uptake.resample(y.fillna(0), "M", partial="keep")
    assert monthly.sum() == pytest.approx(y.fillna(0).sum())


@SETTINGS
@given(st.lists(st.floats(min_value=-1e3, max_value=1e3, allow_nan=False), min_size=3, max_size=80),
       st.floats(min_value=0.1, max_value=100), st.floats(min_value=-1e3, max_value=1e3))
def test_theil_sen_is_equivariant(values, scale, shift):
    y = np.round(np.asarray(values), 3)
    x = np.arange(len(y), dtype=float)
    base = uptake.theil_sen(y, x)
    moved = uptake.theil_sen(scale * y + shift, x)
    assert moved.slope == pytest.approx(scale * base.slope, rel=1e-9, abs=1e-9)
    assert moved.low == pytest.approx(scale * base.low, rel=1e-9, abs=1e-9)
    assert base.low <= base.slope <= base.high


@SETTINGS
@given(st.integers(min_value=1, max_value=5000), st.data(),
       st.sampled_from(["wilson", "clopper_pearson", "jeffreys", "agresti_coull"]),
       st.floats(min_value=0.5, max_value=0.999))
def test_share_intervals_contain_the_estimate_and_stay_in_0_1(n, data, method, conf):
    k = data.draw(st.integers(min_value=0, max_value=n))
    lo, hi = uptake.share_ci(k, n, method=method, conf=conf)
    assert 0.0 <= lo <= k / n + 1e-12 and k / n - 1e-12 <= hi <= 1.0


@SETTINGS
@given(st.integers(min_value=0, max_value=10), st.floats(min_value=0.3, max_value=0.6), st.integers(min_value=0, max_value=10**6))
def test_unmixing_parts_add_up(spikes, ratio, seed):
    sim = uptake.simulate.downloads(days=20 * 7, human_weekend_ratio=ratio, spikes=spikes, seed=seed)
    with warnings.catch_warnings():
        # Near the weak-contrast edge the prior band can reach no people at all: that warning is expected.
        warnings.simplefilter("ignore", uptake.LowHumanShareWarning)
        weekly = uptake.human_downloads(sim["total"], human_weekend_ratio=ratio, draws=50)
    ok = weekly["human"].notna()
    np.testing.assert_allclose((weekly["human"] + weekly["automated"])[ok], weekly["total"][ok], rtol=1e-12)
    assert (weekly["human_low"][ok] <= weekly["human"][ok] + 1e-6).all()
    assert (weekly["human"][ok] <= weekly["human_high"][ok] + 1e-6).all()
    assert (weekly["human_lower_bound"][ok] <= weekly["total"][ok]).all()


@SETTINGS
@given(st.integers(min_value=-200_000, max_value=200_000))
def test_calendar_round_trips(day):
    text = _core.format_date(day)
    if len(text) == 10:
        assert _core.parse_date(text) == day
        assert pd.Timestamp(text) == pd.Timestamp("1970-01-01") + pd.Timedelta(days=day)
    year, week, wd = _core.iso_week(day)
    assert 1 <= week <= 53 and 1 <= wd <= 7


@SETTINGS
@given(st.text(max_size=40))
def test_date_parser_never_crashes(text):
    try:
        _core.parse_date(text)
    except ValueError:
        pass
