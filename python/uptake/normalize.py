"""Separating human from automated (CI, mirror, bot) downloads.

Two routes: where the data carry flags (PyPI's CI flag and installer names, from ClickHouse or BigQuery),
:func:`split_flagged` splits them directly; where they do not (npm, PyPI totals), :func:`human_downloads`
unmixes the weekly profiles of the two parts (methods.md F.2), with profiles taken from a human-only reference
series, from :func:`calibrate_profiles` on flagged data, or from stated ratios, and reports a band.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any, Dict, Optional, Sequence, Tuple

import numpy as np
import pandas as pd

from . import _core
from ._pandas import to_regular
from .errors import LowHumanShareWarning, WeakContrastWarning

__all__ = ["Profiles", "human_downloads", "human_downloads_flagged", "calibrate_profiles", "split_flagged",
           "MIRROR_INSTALLERS", "AUTOMATED_RATIO_PRIOR", "HUMAN_RATIO_PRIOR", "AUTOMATED_HOLIDAY_PRIOR"]

MIRROR_INSTALLERS = ("bandersnatch", "z3c.pypimirror", "Artifactory", "devpi", "Nexus", "pep381client")

# Documented priors of the band (README, "Human versus automated downloads"). Real automated traffic ranges from
# flat (mirrors) to CI that follows commits and dips at weekends: weekend ratio 0.7-1.0. A reference series
# (page views, non-CI downloads) differs from the downloading people's profile by up to about 0.15 in weekend
# ratio; the prior is wider (0.2) so that the 90% band still holds at that edge. CI slows down over holidays
# too, so on holiday days the automated level may be up to 20% lower than its neighbours'.
AUTOMATED_RATIO_PRIOR = (0.7, 1.0)
HUMAN_RATIO_PRIOR = 0.2
AUTOMATED_HOLIDAY_PRIOR = 0.8
LOW_SHARE = 0.10


@dataclass(frozen=True)
class Profiles:
    """Weekly profiles (Monday..Sunday, summing to 7) of the human and automated parts, with uncertainty."""

    human: Tuple[float, ...]
    automated: Tuple[float, ...]
    human_ratio_se: float = 0.0
    automated_ratio_se: float = 0.0
    origin: str = "stated"

    @property
    def human_weekend_ratio(self) -> float:
        h = self.human
        return (h[5] + h[6]) / 2 / (sum(h[:5]) / 5)

    @property
    def automated_weekend_ratio(self) -> float:
        a = self.automated
        return (a[5] + a[6]) / 2 / (sum(a[:5]) / 5)


def split_flagged(frame: pd.DataFrame, *, mirrors: Sequence[str] = MIRROR_INSTALLERS) -> pd.DataFrame:
    """Daily human and automated downloads from a breakdown with CI flags and installers.

    ``frame`` is long, with columns ``date``, ``downloads`` and ``ci`` and/or ``installer`` (as returned by
    ``uptake.sources.clickhouse_pypi(..., by=["installer", "ci"])`` or ``bigquery_pypi``). Human = not flagged CI
    and not a mirror installer; automated = the rest. The CI share is a lower bound: only pip and uv report CI,
    and only when certain environment variables are set; rows with ``ci == "unknown"`` (before the flag existed)
    count as human and are reported in ``ci_unknown``.

    Returns
    -------
    pandas.DataFrame indexed by date: ``total``, ``human``, ``automated``, ``ci``, ``mirror``, ``ci_unknown``,
    ``ci_share_lower_bound``.

    Examples
    --------
    >>> import pandas as pd, uptake
    >>> long = pd.DataFrame({"date": ["2024-01-01"] * 3, "installer": ["pip", "pip", "bandersnatch"],
    ...                      "ci": ["true", "false", "false"], "downloads": [10, 30, 5]})
    >>> uptake.split_flagged(long)[["human", "automated"]].iloc[0].tolist()
    [30.0, 15.0]
    """
    if not isinstance(frame, pd.DataFrame) or not {"date", "downloads"} <= set(frame.columns):
        raise ValueError("split_flagged: expected a DataFrame with 'date' and 'downloads' columns")
    if "ci" not in frame.columns and "installer" not in frame.columns:
        raise ValueError("split_flagged: the frame has neither a 'ci' nor an 'installer' column to split by")
    downloads = pd.to_numeric(frame["downloads"], errors="coerce")
    if downloads.isna().any() or (downloads < 0).any():
        raise ValueError("split_flagged: downloads must be non-negative numbers")
    ci = frame["ci"].astype(str).str.lower().isin(["true", "1"]) if "ci" in frame else pd.Series(False, index=frame.index)
    unknown = frame["ci"].astype(str).str.lower().eq("unknown") if "ci" in frame else pd.Series(False, index=frame.index)
    mirror = frame["installer"].isin(mirrors) if "installer" in frame else pd.Series(False, index=frame.index)
    parts = pd.DataFrame({"date": pd.to_datetime(frame["date"]), "total": downloads,
                          "ci": downloads.where(ci & ~mirror, 0.0), "mirror": downloads.where(mirror, 0.0),
                          "ci_unknown": downloads.where(unknown & ~mirror, 0.0)})
    daily = parts.groupby("date").sum().astype(float)
    daily["automated"] = daily["ci"] + daily["mirror"]
    daily["human"] = daily["total"] - daily["automated"]
    daily["ci_share_lower_bound"] = daily["ci"] / daily["total"].where(daily["total"] > 0)
    daily = daily[["total", "human", "automated", "ci", "mirror", "ci_unknown", "ci_share_lower_bound"]]
    daily.attrs["ci_flag"] = "lower bound: only pip and uv report CI"
    return daily


def calibrate_profiles(flagged: pd.DataFrame) -> Profiles:
    """Weekly profiles of the human and automated parts measured on flagged data (output of :func:`split_flagged`).

    Use them for packages of the same ecosystem that have no flags. CI traffic follows commits and usually dips
    at weekends too; mirrors are flat.
    """
    if not {"human", "automated"} <= set(flagged.columns):
        raise ValueError("calibrate_profiles: expected the output of split_flagged (columns 'human' and 'automated')")
    daily = flagged.asfreq("D")
    start = int((daily.index[0] - pd.Timestamp("1970-01-01")).days)
    h = _core.estimate_profile(np.ascontiguousarray(daily["human"].to_numpy(dtype=float)), start)
    a = _core.estimate_profile(np.ascontiguousarray(daily["automated"].to_numpy(dtype=float)), start)
    return Profiles(tuple(h["profile"]), tuple(a["profile"]), h["weekend_ratio_se"], a["weekend_ratio_se"],
                    origin=f"calibrated on flagged data ({h['weeks']} weeks)")


def _weeks(first_day: int, n_days: int) -> Tuple[int, int]:
    """First Monday (days since 1970-01-01) and number of whole weeks of a daily series."""
    first_monday = first_day + (7 - (first_day + 3) % 7) % 7
    return first_monday, max(0, (n_days - (first_monday - first_day)) // 7)


def _holiday_days(index: pd.DatetimeIndex, holidays: Any, what: str = "human_downloads") -> np.ndarray:
    """Per day: 1 inside a holiday window of the calendars (default: Christmas-New Year, US Thanksgiving,
    Lunar New Year); ``what`` names the caller in errors."""
    from .holidays import Holiday, christmas_new_year, lunar_new_year, resolve, thanksgiving_us

    first, last = int(index[0].year), int(index[-1].year)
    if isinstance(holidays, str) and holidays == "default":
        cal = [christmas_new_year(first - 1, last), thanksgiving_us(first, last)]
        if 2010 <= first and last <= 2035:
            cal.append(lunar_new_year(max(first - 1, 2010), last))
    else:
        cal = resolve(holidays, first, last)
    days = ((index - pd.Timestamp("1970-01-01")).days).to_numpy()
    mask = np.zeros(len(index), dtype=np.uint8)
    for h in cal:
        if not isinstance(h, Holiday):
            raise ValueError(f"{what}: holidays must be 'default', None or uptake.holidays.Holiday objects")
        for anchor in h.days():
            mask |= ((days >= anchor - h.before) & (days <= anchor + h.after)).astype(np.uint8)
    return mask


def _spike_days(series: pd.Series) -> np.ndarray:
    """Per day: 1 where find_spikes flags a one-day jump (z > 5 on the log scale)."""
    from .clean import find_spikes

    if len(series) < 28 or series.isna().any():
        return np.zeros(len(series), dtype=np.uint8)
    return find_spikes(series, threshold=5.0)["spike"].to_numpy().astype(np.uint8)


def _local(series: pd.Series, mondays: np.ndarray, window: Optional[int], what: str) -> Dict[str, Any]:
    ref = to_regular(series, f"human_downloads ({what})")
    if ref.unit != "day":
        raise ValueError(f"human_downloads: the {what} must be daily, like the totals")
    half = -1 if window is None else int(window)
    return _core.estimate_local_profiles(ref.values, ref.start, [int(m) for m in mondays], half)


def _unmix(series: Any, human: list, automated: list, prior: Dict[str, float], *, holidays: Any, spikes: bool,
           breaks: Any, bandwidth_weeks: Optional[int], conf: float, draws: int, seed: int) -> Dict[str, Any]:
    index = _day_index(series)
    raw = pd.Series(series.values, index=index)
    holiday_days = _holiday_days(index, holidays) if holidays is not None else np.zeros(len(index), np.uint8)
    spike_days = _spike_days(raw) if spikes else np.zeros(len(index), np.uint8)
    break_days = [int((pd.Timestamp(b) - pd.Timestamp("1970-01-01")).days) for b in (breaks or [])]
    return _core.unmix_weekly(series.values, series.start, human, automated, prior, int(bandwidth_weeks or 0),
                              float(conf), int(draws), int(seed), holiday_days.tolist(), spike_days.tolist(), break_days)


def _frame(out: Dict[str, Any], n_weeks: int) -> pd.DataFrame:
    week_starts = pd.to_datetime(np.arange(out["first_week_start"], out["first_week_start"] + 7 * n_weeks, 7)
                                 .astype("datetime64[D]"))
    index = pd.DatetimeIndex(week_starts + pd.Timedelta(days=6), freq="W-SUN" if n_weeks > 2 else None, name="week")
    return pd.DataFrame({"total": out["total"], "human": out["human"], "automated": out["automated"],
                         "human_low": out["human_low"], "human_high": out["human_high"], "human_share": out["share"],
                         "human_lower_bound": out["lower_bound"], "holiday": out["holiday"].astype(bool),
                         "surge": out["surge"].astype(bool), "spike_days": out["spike_days"]}, index=index)


def _day_index(series: Any) -> pd.DatetimeIndex:
    return pd.date_range(pd.Timestamp("1970-01-01") + pd.Timedelta(days=int(series.start)), periods=len(series.values),
                         freq="D")


def _totals_weekend_ratio(series: Any, first_monday: int, n_weeks: int) -> float:
    """Median over whole weeks of the totals' weekend/weekday ratio."""
    offset = first_monday - series.start
    weeks = np.asarray(series.values[offset: offset + 7 * n_weeks], dtype=float).reshape(n_weeks, 7)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratios = weeks[:, 5:].mean(axis=1) / weeks[:, :5].mean(axis=1)
    ratios = ratios[np.isfinite(ratios)]
    return float(np.median(ratios)) if len(ratios) else float("nan")


def _check_counts(total: pd.Series, what: str) -> Any:
    series = to_regular(total, what)
    if series.unit != "day":
        raise ValueError(f"{what}: needs daily data, got a {series.unit}ly index")
    observed = series.values[~np.isnan(series.values)]
    if (observed < 0).any():
        first = _day_index(series)[int(np.argmax(np.nan_to_num(series.values) < 0))]
        raise ValueError(f"{what}: counts must be >= 0 (first negative count on {first.date()})")
    if np.any(np.abs(observed - np.round(observed)) > 1e-6):
        raise ValueError(f"{what}: counts must be whole numbers (downloads per day)")
    first_monday, n_weeks = _weeks(series.start, len(series.values))
    if n_weeks < 4:
        raise ValueError(f"{what}: {n_weeks} whole Monday-Sunday weeks are too few (at least 4 are needed)")
    return series, first_monday, n_weeks


def _finish(frame: pd.DataFrame, out: Dict[str, Any], prof_text: Dict[str, Any], what: str) -> pd.DataFrame:
    """Weak-contrast and low-share checks, and the assumptions record."""
    weak = abs(out["contrast"]) < 0.2
    if weak:
        warnings.warn(f"{what}: the human and automated weekly profiles are too alike (weekend ratios "
                      f"{prof_text['human_weekend_ratio']:.2f} vs {prof_text['automated_weekend_ratio']:.2f}) to "
                      "separate them; reporting the distribution-free lower bound as 'human'", WeakContrastWarning,
                      stacklevel=3)
        frame["human"] = frame["human_lower_bound"]
        frame["human_low"] = frame["human_lower_bound"]
        frame["human_high"] = frame["total"]
        frame["automated"] = frame["total"] - frame["human"]
        frame["human_share"] = frame["human"] / frame["total"]
    ok = frame["human"].notna()
    share = float(frame.loc[ok, "human"].sum() / frame.loc[ok, "total"].sum()) if ok.any() else float("nan")
    low_share = float((frame.loc[ok, "human_low"] / frame.loc[ok, "total"]).median()) if ok.any() else float("nan")
    # Small human shares are where the contrast is weakest: the estimate is then mostly prior. Warn when it is
    # below 10%, or when the band cannot exclude a share under 5% (a typical week's lower end).
    low = (not weak) and (share < LOW_SHARE or low_share < LOW_SHARE / 2)
    if low:
        warnings.warn(f"{what}: humans are about {share:.0%} of the downloads and the band of a typical week "
                      f"reaches down to a {low_share:.0%} share: the data cannot exclude fewer than {LOW_SHARE:.0%} "
                      "people, where the method is not validated; only the order of magnitude holds (band widened "
                      "from 0 to at least 3x the estimate)", LowHumanShareWarning, stacklevel=3)
        frame["human_low"] = 0.0 * frame["human_low"]
        frame["human_high"] = np.minimum(frame["total"], np.maximum(frame["human_high"], 3.0 * frame["human"]))
    frame.attrs.update({"assumptions": {**prof_text, "weak_contrast": weak, "low_human_share": low,
                                        "overdispersion": out["dispersion"], "day_noise": out["day_noise"],
                                        "bandwidth_weeks": out["bandwidth_weeks"], "usable_weeks": out["usable_weeks"],
                                        "holiday_weeks": int(frame["holiday"].sum()),
                                        "surge_weeks": [d.strftime("%Y-%m-%d") for d in frame.index[frame["surge"]]]}})
    return frame


def human_downloads(
    total: pd.Series,
    *,
    reference: Optional[pd.Series] = None,
    human_weekend_ratio: Optional[float] = None,
    profiles: Optional[Profiles] = None,
    automated_weekend_ratio: Optional[float] = None,
    automated_ratio_range: Optional[Tuple[float, float]] = AUTOMATED_RATIO_PRIOR,
    human_ratio_error: float = HUMAN_RATIO_PRIOR,
    automated_holiday_factor: float = AUTOMATED_HOLIDAY_PRIOR,
    profile_window: Optional[int] = None,
    holidays: Any = "default",
    spikes: bool = True,
    breaks: Optional[Sequence[Any]] = None,
    bandwidth_weeks: Optional[int] = None,
    conf: float = 0.9,
    draws: int = 400,
    seed: int = 12345,
) -> pd.DataFrame:
    """Weekly human and automated downloads from daily totals that carry no flags, with a band.

    Humans download on weekdays; CI and mirrors rest less. If ``w`` is the human weekly profile and ``v`` the
    automated one, each day is ``h w_d + a v_d``. The two profiles cannot be learnt from the totals alone
    (methods.md F.2); they come from

    * ``reference``: a daily human-only series (documentation page views, non-CI downloads): its median weekly
      profile around each week (``profile_window`` weeks each side; by default chosen from the data by
      leave-one-out prediction, so drifting profiles are followed);
    * ``profiles``: from :func:`calibrate_profiles` on flagged data;
    * ``human_weekend_ratio``: a stated weekend/weekday ratio.

    How it works. Each week's own days give its human level by weighted least squares (the weekday/weekend
    contrast), leaving out spike days (:func:`uptake.find_spikes`) and holiday days. A surge of automated
    traffic keeps the automated profile, so it goes to automated and the week is reported in ``surge``. The
    human levels are smoothed over weeks by local linear regression (bandwidth by cross-validation, never
    across ``breaks``). Holiday weeks (``holidays``: Christmas-New Year, US Thanksgiving and Lunar New Year by
    default) get their own human level: each day minus the automated level carried from the neighbouring weeks.

    The band (``conf``) is not conditional on the profiles: each of ``draws`` simulations draws the automated
    weekend ratio uniformly from ``automated_ratio_range`` (default 0.7-1.0: CI dips at weekends, mirrors do
    not), the human weekend ratio from its estimate +/- ``human_ratio_error`` (default 0.2, wider than the 0.15
    by which references miss in practice) and the automated level on holiday days from
    ``automated_holiday_factor``-1 times its neighbours', then adds the smoothing and day-level errors. The point
    estimate uses ``automated_weekend_ratio`` (default: the middle of the range, 0.85, after raising the range's
    floor to the totals' own weekend ratio (median of the weeks): automated traffic cannot be more
    weekday-heavy than the mix, or people would be negative). The totals cannot tell
    these profiles apart (a wrong automated ratio turns part of the automated level into "human" in every week
    alike), so a wrong profile within the priors moves the estimate but stays inside the band; an automated
    ratio off by 0.15 moves a 50% human share by about a third. Where the CI flag exists, measure the profiles
    instead (:func:`human_downloads_flagged`).

    Warnings: :class:`uptake.WeakContrastWarning` when the profiles are within 0.2 in weekend ratio (``human``
    is then the distribution-free lower bound); :class:`uptake.LowHumanShareWarning` when humans are under 10%
    of the downloads, or the band of a typical week reaches below a 5% share (the band then runs from 0 to at
    least 3x the estimate: only the order of magnitude holds).

    Returns
    -------
    pandas.DataFrame indexed by each week's last day (Sunday, "W-SUN"): ``total``, ``human``, ``automated``,
    ``human_low``, ``human_high``, ``human_share``, ``human_lower_bound``, ``holiday``, ``surge``,
    ``spike_days``; ``.attrs["assumptions"]`` records the profiles, priors, windows and warnings.

    Raises
    ------
    ValueError
        No profile source (or more than one), a reference that is not daily or has under 5 whole weeks, fewer
        than 4 whole weeks of totals, negative or fractional counts, priors out of range.

    Examples
    --------
    >>> import uptake
    >>> sim = uptake.simulate.downloads(days=364, seed=4)
    >>> weekly = uptake.human_downloads(sim["total"], reference=sim["reference"], automated_weekend_ratio=1.0)
    >>> truth = uptake.resample(sim["human"], "W")
    >>> bool(((weekly["human"] - truth).abs() / truth).median() < 0.1)
    True
    >>> bool(((weekly["human_low"] <= truth) & (truth <= weekly["human_high"])).mean() > 0.8)
    True
    """
    series, first_monday, n_weeks = _check_counts(total, "human_downloads")
    given = sum(x is not None for x in (reference, human_weekend_ratio, profiles))
    if given != 1:
        raise ValueError("human_downloads: give exactly one of reference= (a human-only daily series), "
                         "human_weekend_ratio= or profiles= (the human profile is not identified from totals alone)")
    if automated_ratio_range is not None:
        lo, hi = automated_ratio_range
        if not (0 < lo <= hi):
            raise ValueError(f"human_downloads: automated_ratio_range must be (low, high) with 0 < low <= high, got {automated_ratio_range}")
    if not (0 <= human_ratio_error < 1):
        raise ValueError(f"human_downloads: human_ratio_error must be in [0, 1), got {human_ratio_error}")
    if not (0 < automated_holiday_factor <= 1):
        raise ValueError(f"human_downloads: automated_holiday_factor must be in (0, 1], got {automated_holiday_factor}")
    if automated_ratio_range is not None:
        # Positivity (the cone of methods.md F.2): the automated weekend ratio cannot be below the totals' own,
        # or people would be negative on average (the median week's ratio: single weeks are noisy).
        floor = _totals_weekend_ratio(series, first_monday, n_weeks)
        if np.isfinite(floor) and floor > automated_ratio_range[0]:
            automated_ratio_range = (min(floor, automated_ratio_range[1]), automated_ratio_range[1])
    if automated_weekend_ratio is None:
        automated_weekend_ratio = 1.0 if automated_ratio_range is None else float(np.mean(automated_ratio_range))
    elif not automated_weekend_ratio > 0:
        raise ValueError(f"human_downloads: automated_weekend_ratio must be > 0, got {automated_weekend_ratio}")
    mondays = np.arange(first_monday, first_monday + 7 * n_weeks, 7)
    auto_se = 0.0
    window_used: Any = None
    if profiles is not None:
        human = [list(profiles.human)]
        auto = [list(profiles.automated)]
        human_se, auto_se, origin = profiles.human_ratio_se, profiles.automated_ratio_se, profiles.origin
        auto_point = profiles.automated_weekend_ratio
    elif reference is not None:
        est = _local(reference, mondays, profile_window, "reference")
        human = est["profiles"]
        human_se = float(np.median(est["ratio_se"]))
        window_used = est["half_window"]
        auto = [list(_core.profile_from_weekend_ratio(automated_weekend_ratio))]
        auto_point = automated_weekend_ratio
        origin = (f"reference series ({est['weeks']} weeks; local median profile, "
                  f"{'all weeks' if window_used == 0 else f'+/-{window_used} weeks'})")
    else:
        human = [list(_core.profile_from_weekend_ratio(human_weekend_ratio))]
        auto = [list(_core.profile_from_weekend_ratio(automated_weekend_ratio))]
        human_se, auto_point, origin = 0.0, automated_weekend_ratio, "stated ratios"
    if automated_ratio_range is not None and profiles is None:
        shift = (automated_ratio_range[0] - auto_point, automated_ratio_range[1] - auto_point)
    else:
        shift = (0.0, 0.0)
    prior = {"human_ratio_se": float(human_se), "human_shift_low": -float(human_ratio_error),
             "human_shift_high": float(human_ratio_error), "automated_ratio_se": float(auto_se),
             "automated_shift_low": float(min(shift)), "automated_shift_high": float(max(shift)),
             "automated_holiday_low": float(automated_holiday_factor)}
    out = _unmix(series, human, auto, prior, holidays=holidays, spikes=spikes, breaks=breaks,
                 bandwidth_weeks=bandwidth_weeks, conf=conf, draws=draws, seed=seed)
    frame = _frame(out, n_weeks)
    hp = np.median([(p[5] + p[6]) / 2 / (sum(p[:5]) / 5) for p in human])
    text = {"human_profile": tuple(np.median(np.asarray(human), axis=0)), "automated_profile": tuple(auto[0]),
            "human_weekend_ratio": float(hp), "automated_weekend_ratio": float(auto_point),
            "human_ratio_se": float(human_se), "automated_ratio_se": float(auto_se), "profiles_from": origin,
            "profile_window_weeks": window_used, "prior": prior, "automated_ratio_range": automated_ratio_range, "conf": conf, "path": "profile unmixing"}
    return _finish(frame, out, text, "human_downloads")


def _flag_start(daily: pd.DataFrame) -> pd.Timestamp:
    """First day of the period in which the CI flag is recorded: a day with flagged CI traffic from which 90% of
    the next 28 days have some too."""
    known = (daily["ci_unknown"] == 0) & (daily["ci"] > 0)
    ahead = known.astype(float).iloc[::-1].rolling(28).mean().iloc[::-1]
    after = known.index[known & (ahead >= 0.9)]
    if not len(after):
        raise ValueError("human_downloads_flagged: no period with CI flags was found (no 'ci' == true rows on 90% of "
                         "28 consecutive days); use human_downloads for series without flags")
    return after[0]


def human_downloads_flagged(
    breakdown: pd.DataFrame,
    *,
    reference: Optional[pd.Series] = None,
    flag_start: Any = None,
    carry_drift: float = 0.05,
    human_ratio_error: float = HUMAN_RATIO_PRIOR,
    profile_window: Optional[int] = None,
    holidays: Any = "default",
    spikes: bool = True,
    breaks: Optional[Sequence[Any]] = None,
    mirrors: Sequence[str] = MIRROR_INSTALLERS,
    conf: float = 0.9,
    draws: int = 400,
    seed: int = 12345,
) -> pd.DataFrame:
    """Weekly human downloads of a PyPI package, using its CI flag where it exists (since about February 2024).

    ``breakdown`` is the long frame of ``uptake.sources.clickhouse_pypi(pkg, start, end, by=["ci"])`` (or with
    ``"installer"`` too, or ``bigquery_pypi``) over the whole span, flagged and unflagged years alike.

    1. The flagged period (``flag_start``; by default found in the data) calibrates the package's own profiles:
       the automated one from the flagged CI and mirror traffic, the human one from ``reference`` or, without
       one, from the unflagged downloads. The flag is a lower bound, and unflagged automation (mirrors without an
       installer name, CI without the variables, container builds) is flatter, so the automated weekend ratio
       is taken between the flagged traffic's and 1 (flat): the middle for the estimate, the range in the band. Both are local (median over a window chosen from the data), so a
       profile that drifts inside the flagged period is followed.
    2. Every week is unmixed with these profiles (see :func:`human_downloads`). In flagged weeks humans are
       capped at the unflagged downloads (the flag is a lower bound on automated traffic, so unflagged
       downloads are an upper bound on people).
    3. Weeks before the flag get the profiles of the earliest flagged weeks, carried back, with their
       uncertainty grown by ``carry_drift`` in weekend ratio per year back.

    Without a reference, the unflagged downloads still hold some automated traffic; people's profile is the
    unflagged one less that automation (its share found by the same fixed point), with ``human_ratio_error``/2
    either side in the band.

    Returns
    -------
    pandas.DataFrame like :func:`human_downloads`, plus ``path`` ("ci_flag" or "carried_back": which path
    produced each week), ``flagged_share`` (flagged CI and mirror downloads over the total: a lower bound on
    the automated share, NaN before the flag) and ``unflagged``.

    Raises
    ------
    ValueError
        No flagged period, fewer than 8 whole flagged weeks, or bad counts.

    Examples
    --------
    >>> import numpy as np, pandas as pd, uptake
    >>> days = pd.date_range("2023-10-02", periods=26 * 7)
    >>> weekend = days.day_of_week >= 5
    >>> people, ci = np.where(weekend, 400, 1000), np.where(weekend, 500, 600)
    >>> flagged = days >= "2024-02-05"
    >>> long = pd.concat([pd.DataFrame({"date": days, "ci": np.where(flagged, "false", "unknown"), "downloads": people}),
    ...                   pd.DataFrame({"date": days[flagged], "ci": "true", "downloads": ci[flagged]})])
    >>> long.loc[long["ci"] == "unknown", "downloads"] += ci[~flagged]
    >>> weekly = uptake.human_downloads_flagged(long, holidays=None)
    >>> sorted(set(weekly["path"]))
    ['carried_back', 'ci_flag']
    >>> round(float(weekly["human"].iloc[0]))
    5800
    """
    if carry_drift < 0:
        raise ValueError(f"human_downloads_flagged: carry_drift must be >= 0, got {carry_drift}")
    daily = split_flagged(breakdown, mirrors=mirrors).asfreq("D")
    total = daily["total"]
    series, first_monday, n_weeks = _check_counts(total, "human_downloads_flagged")
    start = pd.Timestamp(flag_start) if flag_start is not None else _flag_start(daily)
    mondays = np.arange(first_monday, first_monday + 7 * n_weeks, 7)
    monday_ts = pd.to_datetime(mondays.astype("datetime64[D]"))
    flagged_weeks = monday_ts >= start
    if flagged_weeks.sum() < 8:
        raise ValueError(f"human_downloads_flagged: {int(flagged_weeks.sum())} whole weeks carry the CI flag (from "
                         f"{start.date()}); at least 8 are needed to calibrate profiles")
    period = daily.loc[daily.index >= start]
    auto = _local(period["automated"], mondays, profile_window, "flagged automated downloads")
    if reference is not None:
        hum = _local(reference, mondays, profile_window, "reference")
        h_shift = (-human_ratio_error, human_ratio_error)
        origin = "reference series (local)"
    else:
        hum = _local(period["human"], mondays, profile_window, "unflagged downloads")
        # The unflagged downloads mix people with unflagged automation; people's ratio is unmixed from it in
        # the fixed point below, with human_ratio_error either side in the band.
        h_shift = (-human_ratio_error / 2, human_ratio_error / 2)
        origin = "unflagged downloads of the flagged period, less their unflagged automation (local)"
    mixed_prof = [list(p) for p in hum["profiles"]]
    years_back = np.clip((start - monday_ts).days.to_numpy() / 365.25, 0, None)
    # The flag is a lower bound: unflagged automation (mirrors, CI without the variables, containers) is
    # flatter than flagged CI or like it; its weekend ratio is taken midway between the flagged traffic's and
    # flat (1), with that whole range in the band. The automated profile of a week mixes the two by the flagged
    # part's share of the automated downloads, which depends on the estimate: a few fixed-point rounds.
    ratio = lambda p: (p[5] + p[6]) / 2 / (sum(p[:5]) / 5)  # noqa: E731
    flag_prof = np.asarray(auto["profiles"])
    flagged_ratio = float(np.median([ratio(p) for p in flag_prof]))
    half = (max(1.0, flagged_ratio) - flagged_ratio) / 2
    unflag_prof = np.asarray([_core.with_weekend_ratio(list(p), ratio(p) + half) for p in flag_prof])
    flagged_week = daily["automated"].resample("W-SUN").sum(min_count=7)
    flagged_week = flagged_week.reindex(monday_ts + pd.Timedelta(days=6)).to_numpy()
    totals = daily["total"].resample("W-SUN").sum(min_count=7).reindex(monday_ts + pd.Timedelta(days=6)).to_numpy()
    phi = np.full(n_weeks, 0.5)
    base_prior = {"human_ratio_se": float(np.median(hum["ratio_se"])), "human_shift_low": float(h_shift[0]),
                  "human_shift_high": float(h_shift[1]), "automated_ratio_se": 0.0, "automated_shift_low": 0.0,
                  "automated_shift_high": 0.0, "automated_holiday_low": AUTOMATED_HOLIDAY_PRIOR}
    for _ in range(4):
        auto_point = (phi[:, None] * flag_prof + (1 - phi[:, None]) * unflag_prof).tolist()
        trial = _unmix(series, hum["profiles"], auto_point, base_prior, holidays=holidays, spikes=spikes,
                       breaks=breaks, bandwidth_weeks=None, conf=conf, draws=20, seed=seed)
        automated = totals - np.asarray(trial["human"])
        measured = np.clip(flagged_week / np.where(automated > 0, automated, np.nan), 0, 1)
        typical = float(np.nanmedian(measured[flagged_weeks])) if np.isfinite(measured[flagged_weeks]).any() else 0.5
        phi = np.where(flagged_weeks & np.isfinite(measured), measured, typical)
        if reference is None:
            # unflagged ratio = q r_unflagged_automation + (1 - q) r_people, q = that automation's part of them
            people = np.asarray(trial["human"])
            with np.errstate(invalid="ignore", divide="ignore"):
                q = np.clip((automated - flagged_week) / (totals - flagged_week), 0, 0.9)
            q_typ = float(np.nanmedian(q[flagged_weeks])) if np.isfinite(q[flagged_weeks]).any() else 0.0
            q = np.where(flagged_weeks & np.isfinite(q) & np.isfinite(people), q, q_typ)
            hum["profiles"] = [_core.with_weekend_ratio(m, max(0.05, (ratio(m) - qk * ratio(u)) / (1 - qk)))
                               for m, u, qk in zip(mixed_prof, unflag_prof, q)]
    unflagged_part = float(np.median(1 - phi))
    runs = {}
    for path, drift_years in (("ci_flag", 0.0), ("carried_back", float(years_back[~flagged_weeks].mean())
                                                  if (~flagged_weeks).any() else 0.0)):
        if path == "carried_back" and not (~flagged_weeks).any():
            continue
        drift = carry_drift * drift_years
        spread = unflagged_part * half
        prior = {**base_prior, "human_ratio_se": float(np.hypot(np.median(hum["ratio_se"]), drift)),
                 "automated_ratio_se": float(np.hypot(max(np.median(auto["ratio_se"]), 0.01), drift)),
                 "automated_shift_low": -spread - 0.02, "automated_shift_high": spread}
        out = _unmix(series, hum["profiles"], auto_point, prior, holidays=holidays, spikes=spikes, breaks=breaks,
                     bandwidth_weeks=None, conf=conf, draws=draws, seed=seed)
        runs[path] = (_frame(out, n_weeks), out, prior)
    frame, out, prior = runs["ci_flag"]
    if "carried_back" in runs:
        back = runs["carried_back"][0]
        frame.loc[~flagged_weeks] = back.loc[~flagged_weeks]
    week_sum = lambda col: daily[col].resample("W-SUN").sum(min_count=7).reindex(frame.index)  # noqa: E731
    frame["unflagged"] = week_sum("human")
    frame["flagged_share"] = (week_sum("automated") / frame["total"]).where(flagged_weeks)
    frame["path"] = np.where(flagged_weeks, "ci_flag", "carried_back")
    cap = frame["unflagged"].where(flagged_weeks)
    for col in ("human", "human_low", "human_high"):
        frame[col] = frame[col].where(~flagged_weeks, np.minimum(frame[col], cap))
    frame["automated"] = frame["total"] - frame["human"]
    frame["human_share"] = frame["human"] / frame["total"]
    text = {"human_profile": tuple(np.median(np.asarray(hum["profiles"]), axis=0)),
            "automated_profile": tuple(np.median(np.asarray(auto_point), axis=0)),
            "human_weekend_ratio": float(np.median([ratio(p) for p in hum["profiles"]])),
            "automated_weekend_ratio": float(np.median([ratio(p) for p in auto_point])),
            "flagged_automated_weekend_ratio": flagged_ratio, "unflagged_automated_part": unflagged_part,
            "human_ratio_se": prior["human_ratio_se"], "automated_ratio_se": prior["automated_ratio_se"],
            "profiles_from": origin + "; automated from flagged CI and mirror downloads (local)",
            "profile_window_weeks": {"human": hum["half_window"], "automated": auto["half_window"]},
            "flag_start": start.strftime("%Y-%m-%d"), "carry_drift_per_year": carry_drift,
            "prior": {p: r[2] for p, r in runs.items()}, "conf": conf,
            "path": "CI flag (calibrated profiles), carried back before the flag",
            "flagged_share": float(frame["flagged_share"].mean())}
    return _finish(frame, out, text, "human_downloads_flagged")
