"""uptake.holiday_dip: the Christmas-New Year dip measured winter by winter, with a Student-t interval over winters;
and the bundled Google Trends FORMAT EXAMPLE (simulated values in the real export layout)."""

import numpy as np
import pandas as pd
import pytest

import uptake


def _daily(dip_by_year, trend=0.0, start="2018-01-01", end="2023-12-31"):
    days = pd.date_range(start, end, freq="D")
    t = np.arange(len(days))
    level = 100.0 * np.exp(trend * t / 365.25)
    winter = ((days.month == 12) & (days.day >= 24)) | ((days.month == 1) & (days.day == 1))
    factor = np.ones(len(days))
    for i, d in enumerate(days):
        if winter[i]:
            factor[i] = 1.0 + dip_by_year[d.year if d.month == 12 else d.year - 1]
    return pd.Series(level * factor, index=days, name="x")


def test_constant_dip_is_recovered_exactly_and_a_trend_cancels():
    y = _daily({y: -0.3 for y in range(2017, 2024)}, trend=0.5)   # +65% a year across the window
    res = uptake.holiday_dip(y)
    assert res.n == 5 and res.percent == pytest.approx(-30.0, abs=0.2)
    assert res.table["percent"].to_numpy() == pytest.approx(-30.0, abs=0.2)
    assert [s.split(":")[0] for s in res.skipped] == ["2017-12-24", "2023-12-24"]


def test_interval_is_student_t_over_winters():
    dips = {2018: -0.2, 2019: -0.3, 2020: -0.4, 2021: -0.25, 2022: -0.35}
    res = uptake.holiday_dip(_daily({2017: 0.0, **dips, 2023: 0.0}))   # 2017 and 2023 only partly in the data
    logs = np.log1p(np.array(list(dips.values())))
    half = 2.7764451051977987 * logs.std(ddof=1) / np.sqrt(5)          # scipy.stats.t.ppf(0.975, 4)
    assert res.low == pytest.approx(np.expm1(logs.mean() - half) * 100, rel=1e-6)
    assert res.high == pytest.approx(np.expm1(logs.mean() + half) * 100, rel=1e-6)
    assert res.percent == pytest.approx(np.expm1(logs.mean()) * 100, rel=1e-9)
    assert "Student t" in res.summary()


def test_weekly_labels_start_or_end_pick_the_weeks_inside_the_window():
    daily = _daily({y: -0.4 for y in range(2017, 2024)})
    start = daily.groupby((daily.index - pd.Timestamp("2017-12-31")).days // 7).mean()
    weeks = pd.date_range("2017-12-31", periods=len(start), freq="7D")
    by_start = pd.Series(start.to_numpy(), index=weeks)[:-1]
    by_end = pd.Series(start.to_numpy(), index=weeks + pd.Timedelta(days=6))[:-1]
    a = uptake.holiday_dip(by_start, label="start")
    b = uptake.holiday_dip(by_end, label="end")
    assert a.n == b.n >= 4 and a.percent == pytest.approx(b.percent)
    # the weeks inside hold 4 to 7 holiday days at -40%: between -23% and -40%
    assert -40.1 < a.table["percent"].min() and a.table["percent"].max() < -22.8


def test_missing_or_nonpositive_winters_are_skipped_and_said():
    y = _daily({y: -0.3 for y in range(2017, 2024)})
    y["2019-12-26"] = np.nan
    y["2021-01-10"] = 0.0
    res = uptake.holiday_dip(y)
    assert res.n == 3
    assert sum("missing or non-positive" in s for s in res.skipped) == 2


def test_bad_input_raises_clearly():
    y = _daily({y: -0.3 for y in range(2017, 2024)})
    with pytest.raises(ValueError, match="daily or weekly"):
        uptake.holiday_dip(y.resample("MS").mean())
    with pytest.raises(ValueError, match="reference_days"):
        uptake.holiday_dip(y, reference_days=3)
    with pytest.raises(ValueError, match="no usable"):
        uptake.holiday_dip(y["2019-02-01":"2019-11-30"])
    with pytest.raises(ValueError, match="unknown calendar"):
        uptake.holiday_dip(y, holiday="easter")


def test_other_holidays():
    y = _daily({y: 0.0 for y in range(2017, 2024)})
    res = uptake.holiday_dip(y, "thanksgiving_us")
    assert res.percent == pytest.approx(0.0, abs=1e-9) and res.params["holiday"] == "thanksgiving_us"


def test_format_example_is_labelled_and_its_builtin_dip_is_recovered():
    example = uptake.datasets.google_trends_format_example()
    assert example.attrs["simulated"] is True
    assert "FORMAT EXAMPLE" in example.attrs["category"] and "FORMAT EXAMPLE" in example.attrs["note"]
    assert "FORMAT_EXAMPLE" in str(uptake.datasets.GOOGLE_TRENDS_EXAMPLE_PATH)
    assert example.attrs["granularity"] == "week" and example.index[0] == pd.Timestamp("2017-01-01")
    for term in example:
        res = uptake.holiday_dip(example[term])
        # built in: -40%, -34%, -26%, -34% on the weeks mostly inside the window, 2017-2020
        assert res.n == 4 and res.low < -34.0 < res.high
        dec = uptake.stl(np.log(example[term]), 52, robust=True)
        adjusted = np.exp(dec.observed - dec.seasonal)
        assert abs(uptake.holiday_dip(adjusted).percent) < 5.0
