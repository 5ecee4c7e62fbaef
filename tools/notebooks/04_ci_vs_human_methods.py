TITLE = "How uptake separates human from CI/mirror downloads, and how well it works"

CELLS = [
    ("md", """
Download counts mix people, CI pipelines and mirrors. PyPI flags some CI traffic (pip and uv, on CI systems
that set the usual variables), npm flags nothing. uptake's estimator uses one robust fact: **people rest at
weekends, machines do not**. Each day is `H w_d + A v_d`: a human level with a strong weekly profile `w` and an
automated level with a flat one `v`. The shape of each week's profile says how much of it is human.

The catch, stated plainly: the two profiles cannot be learnt from the totals alone. They come from a human-only
reference (documentation page views, non-CI downloads), from flagged data, or from stated ratios, and the band
carries their uncertainty.
"""),
    ("code", """
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
import uptake

sim = uptake.simulate.downloads(days=2 * 364, human_level=3000, automated_level=4000, spikes=6, seed=7)
weekly = uptake.human_downloads(sim["total"], reference=sim["reference"])
truth = uptake.resample(sim["human"], "W").reindex(weekly.index)
print("assumptions:", {k: weekly.attrs["assumptions"][k] for k in ("human_weekend_ratio", "automated_weekend_ratio", "profiles_from")})
print(f"median weekly error {((weekly['human'] - truth).abs() / truth).median():.1%}, "
      f"band coverage {((weekly['human_low'] <= truth) & (truth <= weekly['human_high'])).mean():.0%}")
"""),
    ("code", """
fig, ax = plt.subplots(figsize=(9, 4))
ax.plot(weekly.index, weekly["total"], color="#bbbbbb", label="all downloads")
ax.fill_between(weekly.index, weekly["human_low"], weekly["human_high"], color="#0072B2", alpha=0.25, label="human (90% band)")
ax.plot(weekly.index, weekly["human"], color="#0072B2", label="human, estimated")
ax.plot(truth.index, truth, color="#D55E00", ls="--", label="human, true (simulated)")
ax.plot(weekly.index, weekly["human_lower_bound"], color="#009E73", lw=1, label="distribution-free lower bound")
ax.legend(frameon=False, fontsize=8); ax.set_ylabel("downloads per week")
"""),
    ("md", "## Validation across scenarios\n\nHuman shares from a fifth to three quarters, weekend ratios 0.35 to 0.6, noise 3 to 6%, release spikes."),
    ("code", """
rows = []
grid = [(1000, 4000, 0.35, 0.03), (4000, 2000, 0.5, 0.05), (1500, 5000, 0.55, 0.06), (8000, 2000, 0.35, 0.03)]
for i, (h, a, r, noise) in enumerate(grid[:2] if FAST else grid):
    s = uptake.simulate.downloads(days=2 * 364, human_level=h, automated_level=a, human_weekend_ratio=r, noise=noise,
                                  spikes=4, seed=100 + i)
    w = uptake.human_downloads(s["total"], reference=s["reference"])
    t = uptake.resample(s["human"], "W").reindex(w.index)
    rows.append({"true human share": s.attrs["truth"]["human_share"], "weekend ratio": r, "noise": noise,
                 "median error": ((w["human"] - t).abs() / t).median(),
                 "band coverage": ((w["human_low"] <= t) & (t <= w["human_high"])).mean()})
pd.DataFrame(rows).round(3)
"""),
    ("md", "## When it cannot work\n\nIf the stated human profile is almost as flat as the automated one, the split is not identified. uptake warns and reports only the lower bound."),
    ("code", """
import warnings
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    flat = uptake.human_downloads(sim["total"], human_weekend_ratio=0.9)
print(caught[0].category.__name__, ":", str(caught[0].message)[:120], "...")
flat[["total", "human", "human_lower_bound"]].head()
"""),
    ("md", "## With flags\n\nWhere PyPI's CI flag and installer names are available (ClickHouse or BigQuery), `split_flagged` needs no assumption about profiles, and `calibrate_profiles` measures the profiles for packages of the same ecosystem that have no flags."),
    ("code", """
days = pd.date_range("2024-01-01", periods=56)
rows = []
for d in days:
    weekend = d.day_of_week >= 5
    rows += [{"date": d, "installer": "pip", "ci": "false", "downloads": 450 if weekend else 1000},
             {"date": d, "installer": "uv", "ci": "true", "downloads": 500 if weekend else 600},
             {"date": d, "installer": "bandersnatch", "ci": "false", "downloads": 80}]
split = uptake.split_flagged(pd.DataFrame(rows))
profiles = uptake.calibrate_profiles(split)
print(f"human weekend ratio {profiles.human_weekend_ratio:.2f}, automated {profiles.automated_weekend_ratio:.2f}")
split.head()
"""),
]
