"""MSTL against the R forecast::mstl golden files and statsmodels, plus batch STL and Box-Cox."""

import numpy as np
import pandas as pd
import pytest

import uptake

from _helpers import scale_close

JUMP1 = {"seasonal_jump": 1, "trend_jump": 1, "low_pass_jump": 1}


def test_r_electricity_hourly(golden):
    y = pd.read_csv(golden / "mstl" / "sm_mstl_elec_vic_input.csv")["y"].to_numpy()
    expected = pd.read_csv(golden / "mstl" / "sm_mstl_R_forecast_results.csv")
    res = uptake.mstl(y, periods=(24, 168), defaults="r", stl_kwargs=JUMP1)
    assert res.windows == (11, 15)
    scale_close(res.trend, expected.Trend.to_numpy(), 1e-9)
    scale_close(res.seasonal["seasonal_24"].to_numpy(), expected.Seasonal24.to_numpy(), 1e-9)
    scale_close(res.seasonal["seasonal_168"].to_numpy(), expected.Seasonal168.to_numpy(), 1e-9)
    scale_close(res.resid, expected.Remainder.to_numpy(), 1e-9)


@pytest.mark.parametrize("variant, stl_kwargs", [("jump1", JUMP1), ("defaults", None)])
def test_r_synthetic_daily_weekly_and_yearly(golden, variant, stl_kwargs):
    total = pd.read_csv(golden / "stl" / "synthetic_daily_downloads.csv")["total"].to_numpy(dtype=float)
    expected = pd.read_csv(golden / "mstl" / f"synthetic_daily_mstl_7_365_R_{variant}.csv")
    res = uptake.mstl(total, periods=(7, 365), defaults="r", stl_kwargs=stl_kwargs)
    scale_close(res.trend, expected.Trend.to_numpy(), 1e-9)
    scale_close(res.seasonal["seasonal_7"].to_numpy(), expected.Seasonal7.to_numpy(), 1e-9)
    scale_close(res.seasonal["seasonal_365"].to_numpy(), expected.Seasonal365.to_numpy(), 1e-9)


def test_matches_statsmodels_with_its_defaults():
    mstl_mod = pytest.importorskip("statsmodels.tsa.seasonal")
    rng = np.random.default_rng(5)
    t = np.arange(24 * 7 * 5)
    y = 20 + 3 * np.sin(2 * np.pi * t / 24) + 2 * np.cos(2 * np.pi * t / 168) + rng.normal(size=len(t))
    expected = mstl_mod.MSTL(y, periods=(168, 24)).fit()
    ours = uptake.mstl(y, periods=(168, 24))
    scale_close(ours.trend, expected.trend)
    scale_close(ours.seasonal.to_numpy(), expected.seasonal)
    box = mstl_mod.MSTL(y, periods=(24, 168), lmbda=0.5).fit()
    ours_box = uptake.mstl(y, periods=(24, 168), lmbda=0.5)
    scale_close(ours_box.trend, box.trend)


def test_box_cox_mle_matches_scipy():
    stats = pytest.importorskip("scipy.stats")
    y = np.random.default_rng(3).lognormal(3, 0.4, 400)
    _, expected = stats.boxcox(y)
    res = uptake.mstl(y, periods=7, lmbda="auto")
    assert res.lmbda == pytest.approx(expected, abs=1e-6)


def test_daily_defaults_drop_long_periods_and_keep_index():
    idx = pd.date_range("2023-01-01", periods=400, freq="D")
    y = pd.Series(100 + np.tile([3.0, 2, 1, 0, -1, -5, -6], 58)[:400], index=idx, name="pkg")
    with pytest.warns(UserWarning, match=r"\[365\] are >= n/2"):
        res = uptake.mstl(y)
    assert res.periods == (7,) and res.dropped_periods == (365,)
    assert res.trend.index.equals(idx)
    assert "seasonal_7" in res.to_frame()
    assert "MSTL" in res.summary()


@pytest.mark.parametrize("kwargs, message", [
    (dict(periods=(7, 7)), "given twice"),
    (dict(periods=(1,)), "periods must be >= 2"),
    (dict(periods=(7, 12), windows=(7,)), "1 windows for 2 periods"),
    (dict(periods=7, lmbda="guess"), "lmbda must be"),
    (dict(periods=7, stl_kwargs={"seasnal": 7}), "unknown stl_kwargs"),
    (dict(periods=(7,), iterate=0), "iterate must be"),
])
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        uptake.mstl(np.arange(1.0, 100.0), **kwargs)


def test_box_cox_needs_positive_data():
    with pytest.raises(ValueError, match="positive"):
        uptake.mstl(np.r_[0.0, np.arange(1.0, 60.0)], periods=7, lmbda=0.0)


class TestStlMany:
    def test_each_column_equals_single_stl(self):
        rng = np.random.default_rng(9)
        idx = pd.date_range("2022-01-03", periods=120)
        frame = pd.DataFrame(rng.poisson(200, (120, 5)).astype(float), index=idx, columns=list("abcde"))
        frame.iloc[10, 2] = np.nan
        many = uptake.stl_many(frame, robust=True, threads=2)
        for c in frame.columns:
            single = uptake.stl(frame[c], robust=True)
            np.testing.assert_array_equal(many.trend[c].to_numpy(), single.trend.to_numpy())
            np.testing.assert_array_equal(many.seasonal[c].to_numpy(), single.seasonal.to_numpy())
        assert many.trend.index.equals(idx) and list(many.resid.columns) == list("abcde")
        assert many.params["robust"] is True

    def test_errors_name_the_column(self):
        frame = pd.DataFrame({"ok": np.arange(30.0), "bad": np.full(30, np.nan)})
        with pytest.raises(ValueError, match="column 1: stl: every value is missing"):
            uptake.stl_many(frame, 7)
        with pytest.raises(ValueError, match="column 'x'"):
            uptake.stl_many(pd.DataFrame({"x": [1.0, np.inf] * 10}), 7)
        with pytest.raises(ValueError, match="unknown parameter 'seasnal'"):
            uptake.stl_many(pd.DataFrame({"x": np.arange(30.0)}), 7, seasnal=7)
        with pytest.raises(ValueError, match="DataFrame"):
            uptake.stl_many(np.zeros((30, 2)), 7)
