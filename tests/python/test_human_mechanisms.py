"""Each mechanism of the human/automated split on small constructed series with exact answers: a pure surge of
automated traffic, a pure holiday dip of people, a flagged period carried back, drifting profiles, the
low-share warning and bad input. (The scenario grid is bench/human_validation.py.)"""

import numpy as np
import pandas as pd
import pytest

import uptake
from uptake.normalize import Profiles

WEEKDAY, WEEKEND, AUTO = 1200, 480, 1000  # people rest at weekends (ratio 0.4), machines do not
PEOPLE_WEEK = 5 * WEEKDAY + 2 * WEEKEND


def people(days):
    return np.where(days.day_of_week >= 5, WEEKEND, WEEKDAY).astype(float)


def exact_profiles():
    w = np.array([WEEKDAY] * 5 + [WEEKEND] * 2, dtype=float)
    return Profiles(tuple(7 * w / w.sum()), (1.0,) * 7, 0.0, 0.0, origin="truth")


def test_pure_surge_goes_to_automated():
    days = pd.date_range("2024-03-04", periods=20 * 7, freq="D")
    auto = np.full(len(days), float(AUTO))
    auto[70:91] *= 4  # weeks 10-12: automated x4, flat over the week
    total = pd.Series(people(days) + auto, index=days)
    weekly = uptake.human_downloads(total, profiles=exact_profiles(), holidays=None, spikes=False)
    assert np.allclose(weekly["human"], PEOPLE_WEEK, rtol=1e-9)
    assert np.allclose(weekly["automated"].iloc[10:13], 7 * 4 * AUTO, rtol=1e-9)
    assert weekly.index[weekly["surge"]].tolist() == weekly.index[10:13].tolist()
    assert weekly.attrs["assumptions"]["surge_weeks"] == [d.strftime("%Y-%m-%d") for d in weekly.index[10:13]]
    assert (weekly["human_low"] <= PEOPLE_WEEK).all() and (weekly["human_high"] >= PEOPLE_WEEK).all()


def test_one_day_spike_is_left_out_and_given_to_automated():
    days = pd.date_range("2024-03-04", periods=20 * 7, freq="D")
    rng = np.random.default_rng(3)
    human = rng.poisson(people(days) * 10)
    auto = rng.poisson(np.full(len(days), AUTO * 10.0))
    spike = 59  # a Wednesday: x10 for one day
    auto[spike] *= 10
    total = pd.Series((human + auto).astype(float), index=days)
    weekly = uptake.human_downloads(total, profiles=exact_profiles(), holidays=None)
    week = spike // 7
    assert weekly["spike_days"].iloc[week] == 1
    truth = human[7 * week: 7 * week + 7].sum()
    assert abs(weekly["human"].iloc[week] / truth - 1) < 0.05  # not +65%: the spike is automated


def test_pure_holiday_dip_is_measured_not_copied():
    days = pd.date_range("2023-11-06", periods=14 * 7, freq="D")
    dip = ((days.month == 12) & (days.day >= 24)) | ((days.month == 1) & (days.day == 1))
    human = people(days) * np.where(dip, 0.5, 1.0)
    total = pd.Series(human + AUTO, index=days)
    weekly = uptake.human_downloads(total, profiles=exact_profiles(), holidays="christmas_new_year", spikes=False)
    truth = pd.Series(human, index=days).resample("W-SUN").sum().reindex(weekly.index)
    assert weekly["holiday"].sum() == 3  # 24 December 2023 is a Sunday: three weeks touch the window
    assert np.allclose(weekly["human"], truth, rtol=1e-9)
    hol = weekly["holiday"]
    assert (weekly.loc[hol, "human"] < PEOPLE_WEEK - 200).all()  # the neighbours' level would be PEOPLE_WEEK
    assert ((weekly["human_low"] <= truth + 1e-6) & (truth <= weekly["human_high"] + 1e-6)).all()


def flagged_breakdown(weeks=30, flag_week=12, unflagged_ci=0.0):
    days = pd.date_range("2023-10-02", periods=7 * weeks, freq="D")
    ci = np.where(days.day_of_week >= 5, 500.0, 600.0)
    flagged = days >= days[7 * flag_week]
    shown = np.where(flagged, np.round(ci * (1 - unflagged_ci)), 0.0)
    rows = [pd.DataFrame({"date": days, "ci": np.where(flagged, "false", "unknown"),
                          "downloads": people(days) + ci - shown}),
            pd.DataFrame({"date": days[flagged], "ci": "true", "downloads": shown[flagged]})]
    return pd.concat(rows, ignore_index=True), days[7 * flag_week]


def test_flagged_period_calibrates_and_is_carried_back():
    long, start = flagged_breakdown()
    weekly = uptake.human_downloads_flagged(long, holidays=None, spikes=False)
    a = weekly.attrs["assumptions"]
    assert a["flag_start"] == start.strftime("%Y-%m-%d")
    assert a["flagged_automated_weekend_ratio"] == pytest.approx(500 / 600)
    assert (weekly["path"].iloc[:12] == "carried_back").all() and (weekly["path"].iloc[12:] == "ci_flag").all()
    assert weekly["flagged_share"].iloc[:12].isna().all()
    assert np.allclose(weekly["flagged_share"].iloc[12:], (5 * 600 + 2 * 500) / (PEOPLE_WEEK + 4000))
    # All automation is flagged: people are exactly the unflagged downloads, before and after the flag.
    assert np.allclose(weekly["human"], PEOPLE_WEEK, rtol=2e-3)
    assert (weekly["human_high"].iloc[12:] <= weekly["unflagged"].iloc[12:] + 1e-9).all()


def test_flagged_path_needs_flags():
    long, _ = flagged_breakdown()
    unflagged = long[long["ci"] != "true"].assign(ci="false")
    with pytest.raises(ValueError, match="no period with CI flags"):
        uptake.human_downloads_flagged(unflagged)
    with pytest.raises(ValueError, match="at least 8 are needed"):
        uptake.human_downloads_flagged(long, flag_start=long["date"].max() - pd.Timedelta(days=30))


def test_drifting_reference_profile_is_followed():
    days = pd.date_range("2022-01-03", periods=104 * 7, freq="D")
    ratio = np.linspace(0.3, 0.7, len(days))
    ref_mean = np.where(days.day_of_week >= 5, 1000 * ratio, 1000)
    rng = np.random.default_rng(1)
    reference = pd.Series(rng.poisson(ref_mean * 5).astype(float), index=days)
    total = pd.Series(rng.poisson(ref_mean * 3 + 2000).astype(float), index=days)
    weekly = uptake.human_downloads(total, reference=reference, automated_ratio_range=None,
                                    automated_weekend_ratio=1.0, holidays=None)
    window = weekly.attrs["assumptions"]["profile_window_weeks"]
    assert 0 < window <= 26  # a local window, chosen from the data
    truth = pd.Series(ref_mean * 3, index=days).resample("W-SUN").sum().reindex(weekly.index)
    assert ((weekly["human"] - truth).abs() / truth).median() < 0.05


def test_low_human_share_warns_and_widens():
    sim = uptake.simulate.downloads(days=2 * 364, human_level=200, automated_level=9000, seed=8)
    with pytest.warns(uptake.LowHumanShareWarning, match="order of magnitude"):
        weekly = uptake.human_downloads(sim["total"], reference=sim["reference"])
    assert weekly.attrs["assumptions"]["low_human_share"]
    assert (weekly["human_low"].dropna() == 0).all()
    assert (weekly["human_high"] >= np.minimum(weekly["total"], 3 * weekly["human"]) - 1e-9).all()


@pytest.mark.parametrize("kwargs, message", [
    ({}, "give exactly one of reference="),
    ({"human_weekend_ratio": 0.4, "automated_ratio_range": (1.0, 0.7)}, "automated_ratio_range"),
    ({"human_weekend_ratio": 0.4, "human_ratio_error": -0.1}, "human_ratio_error"),
    ({"human_weekend_ratio": 0.4, "automated_holiday_factor": 0.0}, "automated_holiday_factor"),
    ({"human_weekend_ratio": 0.4, "automated_weekend_ratio": -1.0}, "automated_weekend_ratio"),
    ({"human_weekend_ratio": 0.4, "holidays": "easter"}, "unknown calendar"),
])
def test_bad_options(kwargs, message):
    sim = uptake.simulate.downloads(days=140, seed=1)
    with pytest.raises(ValueError, match=message):
        uptake.human_downloads(sim["total"], **kwargs)


def test_bad_series():
    sim = uptake.simulate.downloads(days=140, seed=1)
    negative = sim["total"].copy()
    negative.iloc[30] = -5
    with pytest.raises(ValueError, match="counts must be >= 0 \\(first negative count on 2022-02-02\\)"):
        uptake.human_downloads(negative, human_weekend_ratio=0.4)
    with pytest.raises(ValueError, match="too few"):
        uptake.human_downloads(sim["total"].iloc[:25], human_weekend_ratio=0.4)
    with pytest.raises(ValueError, match="at least 5 are needed"):
        uptake.human_downloads(sim["total"], reference=sim["reference"].iloc[:30])


def test_lunar_new_year_calendar():
    lny = uptake.holidays.lunar_new_year(2023, 2025)
    assert [d.strftime("%Y-%m-%d") for d in lny.dates] == ["2023-01-22", "2024-02-10", "2025-01-29"]
    assert (lny.before, lny.after) == (1, 6)
    with pytest.raises(ValueError, match="tabulated for 2010-2035"):
        uptake.holidays.lunar_new_year(2030, 2040)


def test_compare_uses_the_flag_path_when_available():
    # compare's split step (uptake.pipeline.split_humans) gets the CI-flag breakdown fetched in the same batch.
    from uptake import pipeline

    long, start = flagged_breakdown()
    daily = long.groupby("date")["downloads"].sum().astype(float)
    split = pipeline.split_humans(daily, None, long)
    assert "ci_flag_not_used" not in split.attrs["assumptions"]
    assert (split.loc[split.index < start, "path"] == "carried_back").all()
    assert (split.loc[split.index > start, "path"] == "ci_flag").all()

    split = pipeline.split_humans(daily, None, pipeline.Unavailable("no route to ClickHouse"))
    assert (split["path"] == "profile_unmixing").all()
    assert "no route to ClickHouse" in split.attrs["assumptions"]["ci_flag_not_used"]
