"""seasonal_adjust and holiday calendars: exact recovery on noiseless data, truth on the golden synthetic series."""

import numpy as np
import pandas as pd
import pytest

import uptake
from uptake.holidays import Holiday


def noiseless(days=3 * 365, missing=()):
    idx = pd.date_range("2021-01-04", periods=days, freq="D")
    t = np.arange(days)
    weekday = np.log(np.array([1.05, 1.08, 1.1, 1.06, 0.98, 0.45, 0.40]))[idx.day_of_week]
    weekday -= weekday.mean()
    doy = 2 * np.pi * ((idx - pd.Timestamp("1970-01-01")).days.to_numpy()) / 365.25
    yearly = 0.1 * np.cos(doy) + 0.05 * np.sin(2 * doy)
    xmas = ((idx.month == 12) & (idx.day >= 24)) | ((idx.month == 1) & (idx.day == 1))
    holiday = np.where(xmas, np.log(0.6), 0.0)
    log_y = 8 + 0.001 * t + weekday + yearly + holiday
    y = pd.Series(np.expm1(log_y), index=idx, name="pkg")
    y.iloc[list(missing)] = np.nan
    return y, weekday, holiday


class TestSeasonalAdjust:
    def test_recovers_holiday_effects_on_noiseless_data(self):
        y, _, _ = noiseless()
        res = uptake.seasonal_adjust(y)
        np.testing.assert_allclose(res.holiday_effects["effect"], np.log(0.6), atol=0.01)
        assert (res.holiday_effects["percent"].between(-42, -38)).all()
        # The adjusted series is smooth: no weekly residue (median roughness ~1e-6); around holiday windows
        # the alternation leaves ~1% (less with more iterations); STL's one-sided end windows a few percent.
        roughness = np.abs(np.diff(np.log1p(res.adjusted), 2))
        assert np.median(roughness) < 1e-4
        assert roughness[45:-45].max() < 0.02
        assert roughness.max() < 0.05
        assert res.adjusted.name == "pkg" and res.adjusted.index.equals(y.index)

    def test_matches_the_truth_of_the_golden_synthetic_series(self, golden):
        d = pd.read_csv(golden / "stl" / "synthetic_daily_downloads.csv", parse_dates=["date"]).set_index("date")
        d = d.asfreq("D")
        res = uptake.seasonal_adjust(d["total"])
        hm, am = d["human_mean"], d["automated_mean"]
        xmas = ((d.index.month == 12) & (d.index.day >= 24)) | ((d.index.month == 1) & (d.index.day == 1))
        anchors = pd.to_datetime([f"{yr if m == 12 else yr - 1}-12-24"
                                  for yr, m in zip(d.index[xmas].year, d.index[xmas].month)])
        offsets = (d.index[xmas] - anchors).days
        truth = pd.Series(np.log((hm + am) / (hm / 0.55 + am))[xmas].to_numpy(), index=offsets).groupby(level=0).mean()
        np.testing.assert_allclose(res.holiday_effects["effect"].to_numpy(), truth.to_numpy(), atol=0.02)
        true_weekday = ((hm + am) / (hm + am).rolling(7, center=True).mean()).groupby(d.index.day_of_week).mean()
        est_weekday = res.factors["weekly"].groupby(d.index.day_of_week).mean()
        np.testing.assert_allclose(est_weekday.to_numpy(), true_weekday.to_numpy(), rtol=0.03)

    def test_missing_days_stay_missing(self):
        y, _, _ = noiseless(missing=range(200, 210))
        res = uptake.seasonal_adjust(y)
        assert res.adjusted.iloc[200:210].isna().all()
        assert res.adjusted.drop(y.index[200:210]).notna().all()
        assert res.components.notna().all().all()

    def test_additive_and_options(self):
        y, _, _ = noiseless()
        res = uptake.seasonal_adjust(np.log1p(y), log=False, yearly=False, holidays=None)
        assert res.params["holidays"] == [] and len(res.holiday_effects) == 0
        assert np.allclose(res.components["yearly"], 0.0)
        with pytest.raises(ValueError, match="log=True"):
            res.factors
        text = uptake.seasonal_adjust(y).summary()
        assert "weekday factors" in text and "christmas_new_year" in text

    def test_plot(self):
        y, _, _ = noiseless()
        fig = uptake.seasonal_adjust(y).plot()
        assert len(fig.axes) == 4
        import matplotlib.pyplot as plt
        plt.close(fig)

    @pytest.mark.parametrize("make, kwargs, message", [
        (lambda: noiseless(300)[0], {}, "at least two years"),
        (lambda: noiseless()[0] * -1, {}, "non-negative"),
        (lambda: noiseless()[0].iloc[::7], {}, "daily series"),
        (lambda: noiseless()[0], {"holidays": "easter"}, "unknown calendar"),
        (lambda: noiseless()[0], {"iterations": 0}, "iterations must be"),
        (lambda: noiseless()[0], {"weekly_window": 8}, "seasonal must be an odd integer"),
    ])
    def test_errors(self, make, kwargs, message):
        with pytest.raises(ValueError, match=message):
            uptake.seasonal_adjust(make(), **kwargs)


class TestHolidays:
    def test_builtin_calendars(self):
        tg = uptake.holidays.thanksgiving_us(2023, 2025)
        assert [d.strftime("%Y-%m-%d") for d in tg.dates] == ["2023-11-23", "2024-11-28", "2025-11-27"]
        assert (tg.before, tg.after) == (0, 3)
        gw = uptake.holidays.golden_week_japan(2024, 2024)
        assert gw.dates[0] == pd.Timestamp("2024-04-29") and gw.after == 6
        xmas = uptake.holidays.christmas_new_year(2020, 2021)
        assert xmas.dates[1] == pd.Timestamp("2021-12-24") and xmas.after == 8

    def test_user_holidays(self):
        y, _, _ = noiseless()
        lny = Holiday("lunar_new_year", ["2021-02-12", "2022-02-01", "2023-01-22"], before=1, after=2)
        res = uptake.seasonal_adjust(y, holidays=[uptake.holidays.christmas_new_year(2020, 2023), lny])
        assert set(res.holiday_effects["holiday"]) == {"christmas_new_year", "lunar_new_year"}
        lny_effects = res.holiday_effects.query("holiday == 'lunar_new_year'")
        assert list(lny_effects["offset"]) == [-1, 0, 1, 2]
        assert np.abs(lny_effects["effect"]).max() < 0.03  # the data have no such effect
        mapping = uptake.seasonal_adjust(y, holidays={"launch": ["2022-06-01"]})
        assert list(mapping.holiday_effects["holiday"]) == ["launch"]

    def test_bad_holidays(self):
        with pytest.raises(ValueError, match="before and after must be >= 0"):
            Holiday("x", ["2024-01-01"], before=-1)
        with pytest.raises(ValueError, match="date-like"):
            Holiday("x", ["not a date"])
        with pytest.raises(ValueError, match="Holiday objects"):
            uptake.seasonal_adjust(noiseless()[0], holidays=["2024-01-01"])
