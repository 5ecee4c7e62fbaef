"""resample, fill_gaps and align: results checked against pandas and by hand, and every error path."""

import numpy as np
import pandas as pd
import pytest

import uptake


def daily(values, start="2024-01-03", name="pkg"):
    return pd.Series(np.asarray(values, dtype=float), index=pd.date_range(start, periods=len(values)), name=name)


class TestResample:
    def test_weekly_sum_matches_pandas_on_whole_weeks(self):
        rng = np.random.default_rng(1)
        y = daily(rng.poisson(100, 120))
        ours = uptake.resample(y, "W")
        theirs = y.resample("W-SUN").sum()
        counts = y.resample("W-SUN").count()
        theirs = theirs[counts == 7]
        pd.testing.assert_series_equal(ours, theirs, check_freq=False)
        assert ours.index.freqstr == "W-SUN"
        assert ours.name == "pkg"

    def test_edges_dropped_by_default_and_flagged_on_request(self):
        y = daily(np.ones(21))  # Wed 3 Jan .. Tue 23 Jan 2024
        dropped = uptake.resample(y, "W")
        assert dropped.index[0] == pd.Timestamp("2024-01-14")
        assert dropped.tolist() == [7.0, 7.0]
        flagged = uptake.resample(y, "W", partial="flag")
        assert flagged["pkg"].tolist() == [5.0, 7.0, 7.0, 2.0]
        assert flagged["partial"].tolist() == [True, False, False, True]
        assert flagged["days_covered"].tolist() == [5, 7, 7, 2]
        kept = uptake.resample(y, "W", partial="keep")
        assert kept.sum() == 21.0

    def test_monthly_and_yearly_match_pandas(self):
        y = daily(np.arange(1, 733), start="2023-01-01")  # 2023-01-01 .. 2025-01-01
        months = uptake.resample(y, "M")
        expected = y.resample(months.index.freqstr).sum().iloc[:-1]
        pd.testing.assert_series_equal(months, expected, check_freq=False)
        years = uptake.resample(y, "Y")
        assert years.tolist() == [y["2023"].sum(), y["2024"].sum()]
        assert uptake.resample(months, "Y").tolist() == years.tolist()
        mean = uptake.resample(y, "MS", how="mean")
        assert mean.index[0] == pd.Timestamp("2023-01-01")
        assert mean.iloc[0] == pytest.approx(16.0)

    def test_label_start_and_sunday_weeks(self):
        y = daily(np.ones(28), start="2024-01-07")  # a Sunday
        sunday_weeks = uptake.resample(y, "W", week_start="sun", label="start")
        assert sunday_weeks.index[0] == pd.Timestamp("2024-01-07")
        assert len(sunday_weeks) == 4
        sat_end = uptake.resample(y, "W-SAT")
        assert sat_end.index[0] == pd.Timestamp("2024-01-13")
        assert len(sat_end) == 4

    def test_missing_days_make_a_weekly_sum_missing(self):
        values = np.full(14, 3.0)
        values[2] = np.nan
        y = daily(values, start="2024-01-01")
        s = uptake.resample(y, "W")
        assert np.isnan(s.iloc[0]) and s.iloc[1] == 21.0
        m = uptake.resample(y, "W", how="mean")
        assert m.tolist() == [3.0, 3.0]

    def test_result_is_float64_without_copying_the_input_more_than_once(self):
        y = daily(np.ones(14), start="2024-01-01")
        out = uptake.resample(y, "W")
        assert out.dtype == np.float64
        assert out.to_numpy().flags["C_CONTIGUOUS"]

    @pytest.mark.parametrize(
        "make, message",
        [
            (lambda: daily([1, 2, 3]).iloc[[0, 2, 1]], "not sorted"),
            (lambda: pd.Series([1.0, 2.0], index=pd.to_datetime(["2024-01-01", "2024-01-01"])), "duplicate date"),
            (lambda: pd.Series([1.0, 2.0, 3.0], index=pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-04"])),
             "not regular"),
            (lambda: daily([]), "empty"),
            (lambda: daily([1.0, np.inf]), "infinite value at position 1"),
            (lambda: pd.Series([1.0, 2.0]), "needs dates"),
            (lambda: pd.Series([1.0, 2.0], index=pd.date_range("2024-01-01 12:00", periods=2)), "time of day"),
        ],
    )
    def test_bad_input_says_what_and_where(self, make, message):
        with pytest.raises(ValueError, match=message):
            uptake.resample(make(), "W")

    @pytest.mark.parametrize(
        "kwargs, message",
        [
            ({"freq": "fortnight"}, "unknown frequency"),
            ({"freq": "W-XYZ"}, "not a weekday"),
            ({"freq": "W", "how": "median"}, "how must be"),
            ({"freq": "W", "partial": "sometimes"}, "partial must be"),
            ({"freq": "W", "label": "middle"}, "label must be"),
            ({"freq": "W", "week_start": "funday"}, "week_start"),
        ],
    )
    def test_bad_arguments(self, kwargs, message):
        with pytest.raises(ValueError, match=message):
            uptake.resample(daily(np.ones(14)), **kwargs)

    def test_dataframe_resamples_every_column_on_one_calendar(self):
        rng = np.random.default_rng(3)
        frame = pd.DataFrame(rng.poisson(50, (40, 3)).astype(float),
                             index=pd.date_range("2024-01-03", periods=40), columns=["a", "b", "c"])
        frame.iloc[5, 1] = np.nan
        out = uptake.resample(frame, "W")
        assert list(out.columns) == ["a", "b", "c"]
        for c in frame.columns:
            pd.testing.assert_series_equal(out[c], uptake.resample(frame[c], "W"))
        flagged = uptake.resample(frame, "W", partial="flag")
        assert list(flagged.columns) == ["a", "b", "c", "partial", "days_covered", "days_in_period"]
        with pytest.raises(ValueError, match="column 'b'"):
            uptake.resample(frame.assign(b=np.inf), "W")

    def test_too_short_for_a_whole_period(self):
        with pytest.raises(ValueError, match="covers no whole"):
            uptake.resample(daily([1.0, 2.0]), "W")

    def test_accepts_datetime_index_with_timezone_and_period_index(self):
        y = daily(np.ones(14), start="2024-01-01")
        tz = y.tz_localize("UTC")
        assert uptake.resample(tz, "W").tolist() == [7.0, 7.0]
        periods = y.to_period("D")
        assert uptake.resample(periods, "W").tolist() == [7.0, 7.0]


class TestFillGaps:
    def test_zero_and_nan(self):
        y = pd.Series([5.0, 7.0], index=pd.to_datetime(["2024-03-01", "2024-03-04"]), name="n")
        z = uptake.fill_gaps(y, "zero")
        assert z.tolist() == [5.0, 0.0, 0.0, 7.0]
        assert z.index.freqstr == "D" and z.name == "n"
        n = uptake.fill_gaps(y)
        assert np.isnan(n.iloc[1]) and n.iloc[3] == 7.0

    def test_window_and_weekly(self):
        y = pd.Series([1.0], index=pd.to_datetime(["2024-03-02"]))
        w = uptake.fill_gaps(y, "zero", start="2024-03-01", end="2024-03-03")
        assert w.tolist() == [0.0, 1.0, 0.0]
        weekly = pd.Series([1.0, 3.0], index=pd.to_datetime(["2024-01-07", "2024-01-21"]))
        f = uptake.fill_gaps(weekly, "nan", freq="W-SUN")
        assert f.index.tolist() == list(pd.to_datetime(["2024-01-07", "2024-01-14", "2024-01-21"]))
        assert np.isnan(f.iloc[1])

    def test_empty_observations_span_the_window(self):
        y = pd.Series([], index=pd.DatetimeIndex([]), dtype=float)
        assert uptake.fill_gaps(y, "zero", start="2024-01-01", end="2024-01-03").tolist() == [0.0, 0.0, 0.0]

    def test_errors(self):
        y = pd.Series([1.0, 2.0], index=pd.to_datetime(["2024-01-02", "2024-01-01"]))
        with pytest.raises(ValueError, match="not sorted"):
            uptake.fill_gaps(y)
        with pytest.raises(ValueError, match="fill must be"):
            uptake.fill_gaps(y.sort_index(), "guess")
        with pytest.raises(ValueError, match="do not cover"):
            uptake.fill_gaps(y.sort_index(), start="2024-01-02")
        with pytest.raises(ValueError, match="not a date"):
            uptake.fill_gaps(y.sort_index(), start="yesterday-ish")


class TestAlign:
    def test_outer_and_inner(self):
        a = daily([1, 2, 3], start="2024-01-01", name="a")
        b = daily([10, 20, 30], start="2024-01-02", name="b")
        outer = uptake.align([a, b])
        assert list(outer.columns) == ["a", "b"]
        assert len(outer) == 4 and np.isnan(outer["b"].iloc[0]) and np.isnan(outer["a"].iloc[3])
        expected = pd.concat([a, b], axis=1)
        pd.testing.assert_frame_equal(outer, expected, check_freq=False)
        inner = uptake.align({"x": a, "y": b}, join="inner")
        assert inner["x"].tolist() == [2.0, 3.0] and inner["y"].tolist() == [10.0, 20.0]

    def test_weekly_series(self):
        a = pd.Series([1.0, 2.0], index=pd.date_range("2024-01-07", periods=2, freq="W-SUN"))
        b = pd.Series([5.0], index=pd.date_range("2024-01-14", periods=1, freq="W-SUN"))
        out = uptake.align([a, b])
        assert out.index.freqstr == "W-SUN"
        assert out["series1"].isna().tolist() == [True, False]

    def test_errors(self):
        a = daily([1, 2], start="2024-01-01", name="a")
        with pytest.raises(ValueError, match="named 'a'"):
            uptake.align([a, a])
        with pytest.raises(ValueError, match="share no period"):
            uptake.align([a, daily([1, 2], start="2025-01-01", name="b")], join="inner")
        m = pd.Series([1.0, 2.0], index=pd.date_range("2024-01-01", periods=2, freq="MS"), name="m")
        with pytest.raises(ValueError, match="resample first"):
            uptake.align([a, m])
        with pytest.raises(ValueError, match="no series"):
            uptake.align([])
        with pytest.raises(ValueError, match="join must be"):
            uptake.align([a], join="left")
