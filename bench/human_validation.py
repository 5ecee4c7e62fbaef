"""Human vs automated downloads: validation on an independent simulator (seeded; about a minute on 2 cores).

    nice -n 10 python bench/human_validation.py [--replicates 4] [--seed 2026] [--fast] [--markdown]

The simulator below is written here on purpose and differs from ``uptake.simulate`` in every part the
estimator could lean on: humans follow a random-walk level with a non-sinusoidal year, a seven-day profile
with a Friday dip, holiday effects that spill onto the days around the calendars' windows (23 December,
2 January, the Friday after Thanksgiving, a Lunar New Year dip only for a share of the users); automated
traffic is the sum of flat mirrors and CI that dips at weekends and over Christmas, with adopters joining in
steps; counts are negative-binomial per component. Each scenario of the grid is run on ``--replicates``
seeds of three years and scored per week against the true human downloads: the median absolute relative
error, and the share of weeks whose 90% band holds the truth, overall, in holiday weeks and in surge weeks.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from dataclasses import dataclass, field, replace
from typing import Dict, List, Optional, Tuple

import numpy as np
import pandas as pd

import uptake

START = "2022-01-03"
FAST_GRID = (1, 5, 8, 9, 11, 12, 19)  # the notebook's reduced grid
DAYS = 3 * 364
LUNAR = {2022: "2022-02-01", 2023: "2023-01-22", 2024: "2024-02-10", 2025: "2025-01-29"}


@dataclass(frozen=True)
class Scenario:
    name: str
    human_share: float = 0.5          # of the first year's downloads
    human_ratio: float = 0.42         # true human weekend ratio (start)
    human_ratio_end: Optional[float] = None  # drifting human profile
    ci_fraction: float = 0.5          # of automated traffic that is CI (the rest: flat mirrors)
    ci_ratio: float = 0.6             # weekend ratio of CI; automated ratio = mix with flat mirrors
    ci_fraction_end: Optional[float] = None  # CI share of automated drifting
    reference_offset: float = 0.0     # the reference's weekend ratio minus the people's
    spikes: int = 0                   # one-day x10 spikes of automated traffic
    surges: Tuple[Tuple[int, int], ...] = ()  # (start day, length in days): automated x4, flat over the week
    holiday_strength: float = 1.0     # 1 = usual holiday dips; 2 = deeper
    lunar_users: float = 0.15         # share of people who stop for Lunar New Year
    level_break: Optional[str] = None  # everything x0.6 from this date (known, passed as breaks=)
    stated_automated: Optional[float] = None  # automated_weekend_ratio given to the estimator
    flag_from: Optional[str] = None   # PyPI-like CI flag from this day: 70% of CI downloads flagged
    use_reference: bool = True        # flag path: with a reference, or the unflagged downloads only

    def automated_ratio(self) -> float:
        return self.ci_fraction * self.ci_ratio + (1 - self.ci_fraction)


def grid() -> List[Scenario]:
    s = Scenario
    return [
        s("share 90%", human_share=0.9),
        s("share 50%", human_share=0.5),
        s("share 25%", human_share=0.25),
        s("share 10%", human_share=0.10),
        s("share 5% (warns)", human_share=0.05),
        s("share 50%, automated ratio stated", stated_automated=0.8),
        s("share 25%, automated ratio stated", human_share=0.25, stated_automated=0.8),
        s("share 10%, automated ratio stated", human_share=0.10, stated_automated=0.8),
        s("1-day x10 spikes", spikes=6),
        s("1-week x4 surge", surges=((300, 7), (700, 7))),
        s("3-week x4 surge, share 30%", human_share=0.3, surges=((400, 21),)),
        s("deep holidays (Xmas, Thanksgiving, LNY 40%)", holiday_strength=2.0, lunar_users=0.4),
        s("automated weekend ratio 0.75", ci_fraction=1.0, ci_ratio=0.75),
        s("automated weekend ratio 0.90", ci_fraction=1.0, ci_ratio=0.90),
        s("reference ratio +0.15", reference_offset=0.15),
        s("reference ratio -0.15", reference_offset=-0.15),
        s("human profile drifts 0.35->0.60", human_ratio=0.35, human_ratio_end=0.60),
        s("automated profile drifts (CI 20%->90%)", ci_fraction=0.2, ci_fraction_end=0.9),
        s("level break x0.6 (known)", level_break="2023-06-12"),
        s("CI flag from 2024-02 (+reference)", flag_from="2024-02-05"),
        s("CI flag, share 25%, automated 0.75", human_share=0.25, ci_fraction=1.0, ci_ratio=0.75,
          flag_from="2024-02-05"),
        s("CI flag, no reference", flag_from="2024-02-05", use_reference=False),
        s("everything, share 30%", human_share=0.3, spikes=4, surges=((500, 21),), human_ratio=0.38,
          human_ratio_end=0.5, holiday_strength=1.5, reference_offset=0.08),
    ]


def holiday_factors(index: pd.DatetimeIndex, strength: float, lunar_users: float) -> Tuple[np.ndarray, np.ndarray]:
    """People's holiday multipliers per day, and a mask of the days the holidays touch (for scoring)."""
    f = np.ones(len(index))
    md = list(zip(index.month, index.day))
    xmas = {(12, 23): 0.85, (12, 24): 0.45, (12, 25): 0.30, (12, 26): 0.45, (12, 27): 0.6, (12, 28): 0.6,
            (12, 29): 0.6, (12, 30): 0.55, (12, 31): 0.45, (1, 1): 0.35, (1, 2): 0.8}
    for i, key in enumerate(md):
        if key in xmas:
            f[i] = xmas[key]
    # US Thanksgiving: Thursday and the Friday after; about a third of the users are in the US.
    for year in sorted(set(index.year)):
        nov = pd.date_range(f"{year}-11-01", f"{year}-11-30")
        thu = nov[nov.day_of_week == 3][3]
        for day, drop in ((thu, 0.6), (thu + pd.Timedelta(days=1), 0.4)):
            f[index == day] *= 1 - 0.35 * drop
        if year in LUNAR:
            lny = pd.Timestamp(LUNAR[year])
            hit = (index >= lny - pd.Timedelta(days=1)) & (index <= lny + pd.Timedelta(days=6))
            f[hit] *= 1 - lunar_users * 0.8
    touched = f < 0.999
    f = 1 - strength * (1 - f)
    return np.clip(f, 0.05, 1.0), touched


def simulate(sc: Scenario, seed: int) -> Dict[str, object]:
    rng = np.random.default_rng(seed)
    index = pd.date_range(START, periods=DAYS, freq="D")
    t = np.arange(DAYS) / 365.25
    dow = index.day_of_week.to_numpy()
    # People: random-walk log level with drift, a summer trough and a September bump, weekly profile with a
    # Friday dip; the weekend ratio may drift.
    steps = rng.normal(0.30 / 365.25, 0.004, DAYS)
    level = 5000.0 * np.exp(np.cumsum(steps))
    doy = index.day_of_year.to_numpy()
    year = 1 - 0.10 * np.exp(-((doy - 215) / 25.0) ** 2) + 0.05 * np.exp(-((doy - 260) / 15.0) ** 2)
    r_start, r_end = sc.human_ratio, sc.human_ratio if sc.human_ratio_end is None else sc.human_ratio_end
    ratio = r_start + (r_end - r_start) * t / t[-1]
    weekday_shape = np.array([1.02, 1.05, 1.04, 1.00, 0.89])
    human_profile = np.where(dow < 5, weekday_shape[np.minimum(dow, 4)], ratio * np.where(dow == 5, 1.08, 0.92))
    hol, touched = holiday_factors(index, sc.holiday_strength, sc.lunar_users)
    human_mean = level * year * human_profile * hol
    # Automated: flat mirrors plus CI dipping at weekends and at Christmas; adopters join in steps.
    joins = np.ones(DAYS)
    for day in np.sort(rng.choice(DAYS, 5, replace=False)):
        joins[day:] *= rng.uniform(1.05, 1.25)
    ci_frac = np.full(DAYS, sc.ci_fraction) if sc.ci_fraction_end is None else \
        sc.ci_fraction + (sc.ci_fraction_end - sc.ci_fraction) * t / t[-1]
    ci_prof = np.where(dow < 5, 1.0, sc.ci_ratio)
    ci_xmas = np.where(((index.month == 12) & (index.day >= 24)) | ((index.month == 1) & (index.day == 1)), 0.9, 1.0)
    auto_shape = (1 - ci_frac) + ci_frac * ci_prof * ci_xmas
    auto_scale = (1 - sc.human_share) / sc.human_share * human_mean[:364].mean() / (joins * auto_shape)[:364].mean()
    base = auto_scale * joins * np.exp(0.15 * t)
    special = np.ones(DAYS)
    surge_days = np.zeros(DAYS, bool)
    for day in rng.choice(np.arange(30, DAYS - 30), sc.spikes, replace=False) if sc.spikes else []:
        special[day] = 10.0
        surge_days[day] = True
    for first, length in sc.surges:
        special[first:first + length] = 4.0
        surge_days[first:first + length] = True
    ci_mean = base * ci_frac * ci_prof * ci_xmas * special
    mirror_mean = base * (1 - ci_frac) * special
    factor = np.ones(DAYS)
    if sc.level_break:
        factor[index >= pd.Timestamp(sc.level_break)] = 0.6

    def nb(mean: np.ndarray, cv: float) -> np.ndarray:
        shape = 1 / cv ** 2
        return rng.poisson(rng.gamma(shape, mean / shape)).astype(float)

    human = nb(human_mean * factor, 0.05)
    ci = nb(ci_mean * factor, 0.04)
    automated = ci + nb(mirror_mean * factor, 0.04)
    # The reference (page views) follows people with its own noise; its weekend may sit off the people's.
    ref_profile = np.where(dow < 5, human_profile, human_profile * (ratio + sc.reference_offset) / ratio)
    reference = nb(0.4 * level * year * ref_profile * hol, 0.03)
    out = {"index": index, "total": pd.Series(human + automated, index=index), "human": pd.Series(human, index=index),
           "reference": pd.Series(reference, index=index), "holiday_days": touched, "surge_days": surge_days}
    if sc.flag_from:
        # The flag is a lower bound: 70% of CI downloads carry it, mirrors never; earlier days read "false".
        flagged = np.where(index >= pd.Timestamp(sc.flag_from), rng.binomial(ci.astype(np.int64), 0.7), 0).astype(float)
        out["breakdown"] = pd.concat([
            pd.DataFrame({"date": index, "ci": "false", "downloads": human + automated - flagged}),
            pd.DataFrame({"date": index[flagged > 0], "ci": "true", "downloads": flagged[flagged > 0]})])
    return out


def score(sc: Scenario, seed: int) -> pd.DataFrame:
    sim = simulate(sc, seed)
    total = sim["total"]
    kwargs = {"reference": sim["reference"]}
    if sc.level_break:
        kwargs["breaks"] = [sc.level_break]
    if sc.stated_automated is not None:
        kwargs["automated_weekend_ratio"] = sc.stated_automated
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if sc.flag_from:
            weekly = uptake.human_downloads_flagged(sim["breakdown"], reference=sim["reference"] if sc.use_reference
                                                    else None, breaks=kwargs.get("breaks"))
        else:
            weekly = uptake.human_downloads(total, **kwargs)
    truth = uptake.resample(sim["human"], "W").reindex(weekly.index)
    day_flags = pd.DataFrame({"holiday": sim["holiday_days"], "surge": sim["surge_days"]}, index=sim["index"])
    week_flags = day_flags.resample("W-SUN").max().reindex(weekly.index).fillna(False).astype(bool)
    out = pd.DataFrame({"error": (weekly["human"] - truth).abs() / truth,
                        "covered": (weekly["human_low"] <= truth) & (truth <= weekly["human_high"]),
                        "holiday": week_flags["holiday"], "surge": week_flags["surge"],
                        "share": truth / weekly["total"]}).dropna(subset=["error"])
    out.attrs["warned"] = any(issubclass(w.category, uptake.LowHumanShareWarning) for w in caught)
    return out


def run(scenarios: List[Scenario], replicates: int, seed: int) -> pd.DataFrame:
    rows = []
    for i, sc in enumerate(scenarios):
        parts = [score(sc, seed + 1000 * i + r) for r in range(replicates)]
        weeks = pd.concat(parts)
        hol, sur = weeks[weeks["holiday"]], weeks[weeks["surge"]]
        rows.append({
            "scenario": sc.name,
            "human share": weeks["share"].median(),
            "automated ratio": sc.automated_ratio() if sc.ci_fraction_end is None else np.nan,
            "median error": weeks["error"].median(),
            "coverage": weeks["covered"].mean(),
            "holiday error": hol["error"].median() if len(hol) else np.nan,
            "holiday coverage": hol["covered"].mean() if len(hol) else np.nan,
            "surge error (max)": sur["error"].max() if len(sur) else np.nan,
            "surge coverage": sur["covered"].mean() if len(sur) else np.nan,
            "warned": f"{sum(p.attrs['warned'] for p in parts)}/{replicates}",
        })
    return pd.DataFrame(rows)


def format_table(table: pd.DataFrame) -> str:
    cols = list(table.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for _, row in table.iterrows():
        cells = []
        for c in cols:
            v = row[c]
            if isinstance(v, float):
                cells.append("-" if np.isnan(v) else (f"{v:.0%}" if "share" in c else f"{v:.1%}" if "error" in c
                                                      else f"{v:.2f}"))
            else:
                cells.append(str(v))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=4)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--fast", action="store_true", help="a reduced grid (for the notebook)")
    args = parser.parse_args(argv)
    scenarios = grid()
    if args.fast:
        scenarios = [scenarios[i] for i in FAST_GRID]
    table = run(scenarios, args.replicates, args.seed)
    print(f"bench/human_validation.py --replicates {args.replicates} --seed {args.seed}"
          f"{' --fast' if args.fast else ''}: {len(scenarios)} scenarios x {args.replicates} three-year series; "
          "weeks pooled over replicates; 90% bands")
    print(format_table(table))
    return 0


if __name__ == "__main__":
    sys.exit(main())
