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
from .errors import WeakContrastWarning

__all__ = ["Profiles", "human_downloads", "calibrate_profiles", "split_flagged", "MIRROR_INSTALLERS"]

MIRROR_INSTALLERS = ("bandersnatch", "z3c.pypimirror", "Artifactory", "devpi", "Nexus", "pep381client")


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


def human_downloads(
    total: pd.Series,
    *,
    reference: Optional[pd.Series] = None,
    human_weekend_ratio: Optional[float] = None,
    automated_weekend_ratio: float = 1.0,
    profiles: Optional[Profiles] = None,
    window_weeks: int = 9,
    conf: float = 0.9,
    ratio_uncertainty: float = 0.03,
    exclude_holidays: bool = True,
    exclude_spikes: bool = True,
    draws: int = 400,
    seed: int = 12345,
) -> pd.DataFrame:
    """Weekly human and automated downloads from daily totals that carry no flags, with a band.

    Humans download on weekdays; CI and mirrors do not rest. If ``w`` is the human weekly profile and ``v`` the
    automated one, each day is ``H w_d + A v_d``, and the shape of a week's profile tells the human share. The
    two profiles cannot be learnt from the totals alone (methods.md F.2): they come from

    * ``reference``: a daily human-only series (documentation page views, non-CI downloads, search interest):
      its median weekly profile, with the standard error of its weekend ratio propagated into the band;
    * ``profiles``: from :func:`calibrate_profiles` on flagged data;
    * ``human_weekend_ratio``: a stated weekend/weekday ratio (uncertainty ``ratio_uncertainty``).

    The automated profile is flat by default (``automated_weekend_ratio=1``). Shares are pooled over
    ``window_weeks`` neighbouring weeks; Christmas-New Year weeks and weeks with spikes are left out of the
    pooling (they follow from their neighbours). The band (``conf``) combines sampling error (with the
    overdispersion estimated from the data) and the uncertainty of both weekend ratios, by simulation.
    When the two profiles are too alike (weekend ratios within 0.2), a :class:`uptake.WeakContrastWarning` is
    issued and ``human`` reports the distribution-free lower bound instead (automated traffic cannot exceed the
    quietest day relative to its profile).

    Returns
    -------
    pandas.DataFrame indexed by each week's last day (Sunday, "W-SUN"): ``total``, ``human``, ``automated``,
    ``human_low``, ``human_high``, ``human_share``, ``human_lower_bound``; ``.attrs["assumptions"]`` records the
    profiles and their origin.

    Examples
    --------
    >>> import uptake
    >>> sim = uptake.simulate.downloads(days=364, seed=4)
    >>> weekly = uptake.human_downloads(sim["total"], reference=sim["reference"])
    >>> truth = uptake.resample(sim["human"], "W")
    >>> bool(((weekly["human"] - truth).abs() / truth).median() < 0.1)
    True
    """
    series = to_regular(total, "human_downloads")
    if series.unit != "day":
        raise ValueError(f"human_downloads: needs daily data, got a {series.unit}ly index")
    observed = series.values[~np.isnan(series.values)]
    if (observed < 0).any():
        raise ValueError("human_downloads: counts must be >= 0")
    if np.any(np.abs(observed - np.round(observed)) > 1e-6):
        raise ValueError("human_downloads: counts must be whole numbers (downloads per day)")
    given = sum(x is not None for x in (reference, human_weekend_ratio, profiles))
    if given != 1:
        raise ValueError("human_downloads: give exactly one of reference=, human_weekend_ratio= or profiles=")
    if profiles is not None:
        prof = profiles
    elif reference is not None:
        ref = to_regular(reference, "human_downloads (reference)")
        if ref.unit != "day":
            raise ValueError("human_downloads: the reference must be daily, like the totals")
        est = _core.estimate_profile(ref.values, ref.start)
        auto = tuple(_core.profile_from_weekend_ratio(automated_weekend_ratio))
        prof = Profiles(tuple(est["profile"]), auto, max(est["weekend_ratio_se"], 0.01), 0.0 if automated_weekend_ratio == 1.0
                        else ratio_uncertainty, origin=f"reference series ({est['weeks']} weeks)")
    else:
        prof = Profiles(tuple(_core.profile_from_weekend_ratio(human_weekend_ratio)),
                        tuple(_core.profile_from_weekend_ratio(automated_weekend_ratio)), ratio_uncertainty,
                        0.0 if automated_weekend_ratio == 1.0 else ratio_uncertainty, origin="stated ratios")
    # Weeks to leave out of the pooling: Christmas-New Year and weeks holding a detected spike.
    first_monday = series.start + (7 - (series.start + 3) % 7) % 7
    n_weeks = (len(series.values) - (first_monday - series.start)) // 7
    week_starts = pd.to_datetime(np.arange(first_monday, first_monday + 7 * n_weeks, 7).astype("datetime64[D]"))
    exclude = np.zeros(n_weeks, dtype=np.uint8)
    if exclude_holidays:
        week_ends = week_starts + pd.Timedelta(days=6)
        exclude |= (((week_ends.month == 12) & (week_ends.day >= 24)) |
                    ((week_starts.month == 1) & (week_starts.day <= 1)) |
                    ((week_starts.month == 12) & (week_starts.day >= 24))).astype(np.uint8)
    if exclude_spikes and len(observed) >= 28 and not np.isnan(series.values).any():
        from .clean import find_spikes

        spikes = find_spikes(total, threshold=5.0)["spike"].to_numpy()
        offset = first_monday - series.start
        for k in range(n_weeks):
            if spikes[offset + 7 * k: offset + 7 * k + 7].any():
                exclude[k] = 1
    out = _core.unmix_weekly(series.values, series.start, list(prof.human), list(prof.automated),
                             float(prof.human_ratio_se), float(prof.automated_ratio_se), int(window_weeks),
                             float(conf), int(draws), int(seed), exclude.tolist())
    index = pd.DatetimeIndex((week_starts + pd.Timedelta(days=6)), freq="W-SUN" if n_weeks > 2 else None, name="week")
    frame = pd.DataFrame({"total": out["total"], "human": out["human"], "automated": out["automated"],
                          "human_low": out["human_low"], "human_high": out["human_high"], "human_share": out["share"],
                          "human_lower_bound": out["lower_bound"]}, index=index)
    weak = abs(out["contrast"]) < 0.2
    if weak:
        warnings.warn(f"human_downloads: the human and automated weekly profiles are too alike (weekend ratios "
                      f"{prof.human_weekend_ratio:.2f} vs {prof.automated_weekend_ratio:.2f}) to separate them; "
                      "reporting the distribution-free lower bound as 'human'", WeakContrastWarning, stacklevel=2)
        frame["human"] = frame["human_lower_bound"]
        frame["human_low"] = frame["human_lower_bound"]
        frame["human_high"] = frame["total"]
        frame["automated"] = frame["total"] - frame["human"]
        frame["human_share"] = frame["human"] / frame["total"]
    frame.attrs.update({"assumptions": {
        "human_profile": prof.human, "automated_profile": prof.automated,
        "human_weekend_ratio": prof.human_weekend_ratio, "automated_weekend_ratio": prof.automated_weekend_ratio,
        "human_ratio_se": prof.human_ratio_se, "automated_ratio_se": prof.automated_ratio_se,
        "profiles_from": prof.origin, "window_weeks": window_weeks, "conf": conf,
        "weeks_left_out_of_pooling": int(exclude.sum()), "overdispersion": out["dispersion"],
        "weak_contrast": weak}})
    return frame
