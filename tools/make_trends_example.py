"""Write python/uptake/datasets/google_trends_FORMAT_EXAMPLE_simulated.csv: a Google Trends export in the real
"Download CSV" layout with SIMULATED values (seed 17), so notebooks and tests can exercise the whole search-interest
path offline. No Google Trends values may be shipped, so none are: the category line itself says the values are
simulated, and uptake.datasets.google_trends_format_example() documents the model below.

Model (daily, then averaged to Sunday-starting weeks as Google's weekly export is, rescaled so that the largest
weekly value in the file is 100 and rounded to integers, as Google does):
  interest = level(t) * (1 + 0.06 * sin(2 pi (day of year - 45) / 365.25)) * holiday * exp(N(0, 0.04^2) per week)
  holiday  = 0.60 on each day from 24 December to 1 January (a 40% drop on those days), else 1
  pytorch level rises linearly from 20 to 70 over 2017-2021; tensorflow from 70 to 85 by 2019, then falls to 65.

Usage: python tools/make_trends_example.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

OUT = Path(__file__).resolve().parents[1] / "python" / "uptake" / "datasets" / "google_trends_FORMAT_EXAMPLE_simulated.csv"
SEED = 17
HOLIDAY_FACTOR = 0.60


def main() -> None:
    rng = np.random.default_rng(SEED)
    days = pd.date_range("2017-01-01", "2021-12-25", freq="D")   # Sunday to Saturday: whole weeks only
    t = (days - days[0]).days.to_numpy() / (days[-1] - days[0]).days
    holiday = np.where(((days.month == 12) & (days.day >= 24)) | ((days.month == 1) & (days.day == 1)),
                       HOLIDAY_FACTOR, 1.0)
    yearly = 1 + 0.06 * np.sin(2 * np.pi * (days.day_of_year.to_numpy() - 45) / 365.25)
    levels = {"pytorch": 20 + 50 * t, "tensorflow": np.where(t < 0.4, 70 + 15 * t / 0.4, 85 - 20 * (t - 0.4) / 0.6)}
    weeks = {}
    for term, level in levels.items():
        daily = pd.Series(level * yearly * holiday, index=days)
        weekly = daily.groupby((days - days[0]).days // 7).mean()
        weeks[term] = weekly.to_numpy() * np.exp(rng.normal(0, 0.04, len(weekly)))
    scale = 100.0 / max(w.max() for w in weeks.values())
    index = days[::7]
    lines = ["Category: FORMAT EXAMPLE - simulated values, not Google Trends data (uptake tools/make_trends_example.py)",
             "", "Week,pytorch: (Worldwide),tensorflow: (Worldwide)"]
    for i, day in enumerate(index):
        lines.append(f"{day:%Y-%m-%d},{int(round(weeks['pytorch'][i] * scale))},{int(round(weeks['tensorflow'][i] * scale))}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(OUT)


if __name__ == "__main__":
    main()
